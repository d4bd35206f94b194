import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { usePemdaSettings } from './settings.js';

/** The Pemda's logo and name (its settings), as the sign-in and verification pages head them. */
export function PemdaBrand({ testId }: { testId: string }) {
  const settings = usePemdaSettings();
  if (!settings) return null;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 1, mt: 1 }} data-testid={testId}>
      {settings.logo && <img src={settings.logo} alt="" style={{ height: 40 }} data-testid={`${testId}-logo`} />}
      <Typography variant="subtitle1">{settings.name}</Typography>
    </Box>
  );
}
