import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { emojibase } from './emojibase-plugin';

export default defineConfig({
  plugins: [react(), emojibase()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
  },
});
