import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { loadPemdaSettings } from './pemda/settings.js';

// The Pemda's time zone first: every date the console shows is in it.
void loadPemdaSettings().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
