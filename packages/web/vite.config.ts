import { fileURLToPath } from 'node:url';
import { constants } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

export default defineConfig({
  plugins: [
    react(),
    // A brotli (.br) and a gzip (.gz) copy beside each asset, at the highest levels: made once at build time, the
    // server sends them as they are (@fastify/static's preCompressed) instead of compressing per request.
    compression({
      include: /\.(js|css|html|svg|json|webmanifest)$/,
      threshold: 1024,
      algorithms: [defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), defineAlgorithm('gzip', { level: 9 })],
    }),
  ],
  resolve: { alias: { '@carriage/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)) } },
  // No source maps in the build: the server would hand the app's whole source to anyone who asks.
  build: { outDir: 'dist', sourcemap: false, target: 'es2022', chunkSizeWarningLimit: 400 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
