import { defaultTheme, type RaThemeOptions } from 'react-admin';
import type { Theme } from '@mui/material/styles';

/** On a phone every control is a 44×44 CSS px tap target at least (WCAG 2.5.5, Apple's HIG). */
const TAP_TARGET = 44;
const onPhone = (theme: Theme, style: Record<string, unknown>) => ({ [theme.breakpoints.down('sm')]: style });

// Government green, readable on a phone in daylight.
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    primary: { main: '#1b5e20' },
    secondary: { main: '#2e7d32' },
  },
  sidebar: { width: 230, closedWidth: 56 },
  components: {
    ...defaultTheme.components,
    // The app bar's reload and profile buttons were 40×40 side by side.
    MuiIconButton: { styleOverrides: { root: ({ theme: t }: { theme: Theme }) => onPhone(t, { minWidth: TAP_TARGET, minHeight: TAP_TARGET }) } },
    // The inbox row's selection box (42×42) sat inside the clickable row: a near miss opened the naskah.
    MuiCheckbox: { styleOverrides: { root: ({ theme: t }: { theme: Theme }) => onPhone(t, { padding: 10 }) } },
    // A ticked choice (the lembar disposisi's instructions) is tapped on its label: 32 px rows stacked edge to edge were too close.
    MuiFormControlLabel: { styleOverrides: { root: ({ theme: t }: { theme: Theme }) => onPhone(t, { minHeight: TAP_TARGET }) } },
  },
};
