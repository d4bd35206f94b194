import { useEffect, useState } from 'react';
import { Login, LoginForm, useTranslate } from 'react-admin';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { API_URL } from '../api/http.js';

/**
 * The sign-in page says what this is and whose it is before anything else:
 * the product, the Pemda (from the API: the name printed on its letterheads)
 * and no error until the user has tried to sign in.
 */
export function LoginPage() {
  const translate = useTranslate();
  const [pemda, setPemda] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    fetch(`${API_URL}/pemda`, { headers: { Accept: 'application/json' } })
      .then((res) => (res.ok ? (res.json() as Promise<{ name: string }>) : null))
      .then((body) => { if (current && body) setPemda(body.name); }, () => undefined);
    return () => { current = false; };
  }, []);
  return (
    <Login>
      <Box sx={{ px: 2, pt: 1, textAlign: 'center', maxWidth: 300, mx: 'auto' }} data-testid="login-branding">
        <Typography variant="h5" component="h1" sx={{ fontWeight: 600 }}>{translate('naskah.login.product')}</Typography>
        <Typography variant="body2" color="text.secondary">{translate('naskah.login.tagline')}</Typography>
        {pemda && <Typography variant="subtitle1" sx={{ mt: 1 }} data-testid="login-pemda">{pemda}</Typography>}
      </Box>
      <LoginForm />
    </Login>
  );
}

