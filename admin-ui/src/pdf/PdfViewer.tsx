import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import LinearProgress from '@mui/material/LinearProgress';
import { useTranslate } from 'react-admin';
import { apiBlobUrl } from '../api/http.js';
import { problemMessage } from '../api/problem.js';

/**
 * The PDF behind an authenticated URL, shown with the browser's own viewer.
 * The bytes are fetched with the bearer token and handed to an <iframe> as an
 * object URL, so no token ever appears in a URL.
 */
export function PdfViewer({ path, blob, height = 640, title, missing, openLink = false }: {
  path?: string; blob?: Blob | null; height?: number | string; title: string;
  /** Shown instead of an error when the server has no such PDF (404). */ missing?: string;
  /** A "Lihat naskah (PDF)" button above the frame that opens the PDF in the browser's own viewer: a phone's browser often shows no PDF inside a page. */
  openLink?: boolean;
}) {
  const translate = useTranslate();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let revoked = false;
    let created: string | null = null;
    setError(null);
    if (blob) {
      created = URL.createObjectURL(blob);
      setUrl(created);
    } else if (path) {
      setUrl(null);
      apiBlobUrl(path).then(
        (u) => {
          if (revoked) URL.revokeObjectURL(u);
          else setUrl((created = u));
        },
        (e: unknown) => !revoked && setError(missing && (e as { status?: number }).status === 404 ? missing : problemMessage(e, translate)),
      );
    }
    return () => {
      revoked = true;
      if (created) URL.revokeObjectURL(created);
    };
  }, [path, blob, translate, missing]);

  if (error) return <Alert severity="warning">{error}</Alert>;
  if (!url) return <LinearProgress aria-label={translate('naskah.pdf.loading')} />;
  return (
    <>
      {openLink && (
        <Button component="a" href={url} target="_blank" rel="noopener" variant="outlined" startIcon={<PictureAsPdfIcon />} fullWidth sx={{ mb: 1 }} data-testid="open-pdf">
          {translate('naskah.pdf.open')}
        </Button>
      )}
      <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'hidden' }}>
        <iframe src={url} title={title} style={{ width: '100%', height, border: 0, display: 'block' }} />
      </Box>
    </>
  );
}
