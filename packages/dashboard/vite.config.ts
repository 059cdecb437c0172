import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// terapi serves index.html at / and at every /dashboard/… page, and the assets at /dashboard/assets/, so the
// assets are referenced from that absolute base (a relative one would break on nested pages).
export default defineConfig({
  base: '/dashboard/',
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, target: 'es2022' },
});
