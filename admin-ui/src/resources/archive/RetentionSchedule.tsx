import { useEffect, useState } from 'react';
import { Title, useTranslate } from 'react-admin';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { apiJson } from '../../api/http.js';
import { problemMessage } from '../../api/problem.js';

interface Row {
  code: string;
  name?: string;
  activeYears: number;
  inactiveYears: number;
  fate: string;
}

/** JRA (jadwal retensi arsip): active + inactive years and final fate per classification code. */
export default function RetentionSchedule() {
  const translate = useTranslate();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    apiJson<Row[] | { items: Row[] }>('/archive/retention-schedule').then(
      (r) => setRows(Array.isArray(r) ? r : r.items),
      (e: unknown) => setError(problemMessage(e, translate)),
    );
  }, [translate]);
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('naskah.menu.jra')} />
      {error && <Alert severity="warning">{error}</Alert>}
      <Table size="small" data-testid="jra">
        <TableHead>
          <TableRow>
            <TableCell>{translate('naskah.jra.code')}</TableCell>
            <TableCell>{translate('naskah.jra.name')}</TableCell>
            <TableCell align="right">{translate('naskah.jra.active')}</TableCell>
            <TableCell align="right">{translate('naskah.jra.inactive')}</TableCell>
            <TableCell>{translate('naskah.jra.fate')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(rows ?? []).map((r) => (
            <TableRow key={r.code}>
              <TableCell>{r.code}</TableCell>
              <TableCell>{r.name}</TableCell>
              <TableCell align="right">{r.activeYears}</TableCell>
              <TableCell align="right">{r.inactiveYears}</TableCell>
              <TableCell>{translate(`naskah.enum.fate.${r.fate}`, { _: r.fate })}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}
