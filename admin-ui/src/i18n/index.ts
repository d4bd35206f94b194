import polyglotI18nProvider from 'ra-i18n-polyglot';
import { id } from './id.js';


/**
 * Bahasa Indonesia is bundled (it is the default); English is loaded on demand
 * so it costs nothing on the first screen.
 */
export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? import('./en.js').then((m) => m.en) : id),
  'id',
  [
    { locale: 'id', name: 'Bahasa Indonesia' },
    { locale: 'en', name: 'English' },
  ],
  { allowMissing: false },
);

