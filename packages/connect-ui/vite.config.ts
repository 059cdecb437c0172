import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// base './': @nangohq/frontend opens `<baseURL>/` (a slash appended), and terapi serves the UI at /connect/,
// so assets are referenced relatively and the same build works under any prefix.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, target: 'es2022' },
});
