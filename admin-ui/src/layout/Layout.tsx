import { Suspense, useEffect, type ReactNode } from 'react';
import { AppBar, Layout as RaLayout, Loading, LoadingIndicator, LocalesMenuButton, TitlePortal } from 'react-admin';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { Menu } from './Menu.js';
import { zoneLabel } from '../time/tanggal.js';
import { usePemdaSettings } from '../pemda/settings.js';

/**
 * The page title in the app bar: one line, ellipsed when the phone is too
 * narrow, with the whole title kept as the element's `title` (shown on long
 * press / hover and read by screen readers). Pages portal their title into
 * it, so it is followed as it changes.
 */
function Title() {
  useEffect(() => {
    const el = document.getElementById('react-admin-title');
    if (!el) return;
    const sync = () => el.setAttribute('title', (el.textContent ?? '').trim());
    sync();
    const observer = new MutationObserver(sync);
    observer.observe(el, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, []);
  return <TitlePortal sx={{
    minWidth: 0, fontSize: { xs: '1.05rem', sm: '1.25rem' },
    // Inline all the way down (react-admin wraps the title in an inline-block): only inline text gets the "…".
    '& .RaConfigurable-root, & .RaConfigurable-root *, & > *': { display: 'inline' },
  }} />;
}

function NaskahAppBar() {
  return (
    <AppBar toolbar={<Toolbar />}>
      <Title />
    </AppBar>
  );
}

function Toolbar() {
  // Re-rendered when the admin changes the Pemda's zone.
  usePemdaSettings();
  return (
    // On a phone the language button keeps its icons only (its name stays for screen readers), leaving the width to the title.
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexShrink: 0, '& .MuiButton-root': { minWidth: 0, fontSize: { xs: 0, sm: undefined } }, '& .MuiButton-startIcon': { mr: { xs: 0, sm: 1 } } }}>
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
