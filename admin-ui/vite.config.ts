import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API serves dist/ at `/` with an SPA fallback, so asset URLs are absolute
// from the root. In development the Vite server forwards /api to the API.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
});
