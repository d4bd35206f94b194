import { Login, LoginForm, useTranslate } from 'react-admin';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { PemdaBrand } from '../pemda/PemdaBrand.js';

/**
 * The sign-in page says what this is and whose it is before anything else:
 * the product, the Pemda (its settings: the name and logo printed on its
 * letterheads) and no error until the user has tried to sign in.
 */
export function LoginPage() {
  const translate = useTranslate();
  return (
    <Login>
      <Box sx={{ px: 2, pt: 1, textAlign: 'center', maxWidth: 300, mx: 'auto' }} data-testid="login-branding">
        <Typography variant="h5" component="h1" sx={{ fontWeight: 600 }}>{translate('naskah.login.product')}</Typography>
        <Typography variant="body2" color="text.secondary">{translate('naskah.login.tagline')}</Typography>
        <PemdaBrand testId="login-pemda" />
      </Box>
      <LoginForm />
    </Login>
  );
}
