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
    // min-width 0 (react-admin's layout is fit-content): a wide child (tabs, tables) scrolls inside it instead of widening the page on a phone.
    <RaLayout appBar={NaskahAppBar} menu={Menu} sx={{ minWidth: 0, '& .RaLayout-appFrame, & .RaLayout-contentWithSidebar, & .RaLayout-content': { minWidth: 0 } }}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </RaLayout>
  );
}
