import { Suspense, type ReactNode } from 'react';
import { AppBar, Layout as RaLayout, Loading, LoadingIndicator, LocalesMenuButton, TitlePortal } from 'react-admin';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { Menu } from './Menu.js';
import { zoneLabel } from '../time/tanggal.js';

function NaskahAppBar() {
  return (
    <AppBar toolbar={<Toolbar />}>
      <TitlePortal />
    </AppBar>
  );
}

function Toolbar() {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      <Typography variant="caption" sx={{ opacity: 0.8, display: { xs: 'none', sm: 'block' } }} data-testid="zone">
        {zoneLabel()}
      </Typography>
      <LocalesMenuButton />
      <LoadingIndicator />
    </Box>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <RaLayout appBar={NaskahAppBar} menu={Menu}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </RaLayout>
  );
}
