import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@carriage/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)) } },
  build: { outDir: 'dist', sourcemap: true, target: 'es2022', chunkSizeWarningLimit: 400 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
