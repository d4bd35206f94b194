import { defaultTheme, type RaThemeOptions } from 'react-admin';

// Government green, readable on a phone in daylight.
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    primary: { main: '#1b5e20' },
    secondary: { main: '#2e7d32' },
  },
  sidebar: { width: 230, closedWidth: 56 },
};
