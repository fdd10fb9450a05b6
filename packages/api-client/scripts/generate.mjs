// Writes src/openapi.ts from the API document of the built server (npm run build first, or it builds).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTypes } from './generate-types.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
execFileSync('npx', ['tsc', '-b', 'packages/server'], { cwd: root, stdio: 'inherit' });
const { buildApp } = await import(path.join(root, 'packages/server/dist/app.js'));
const { loadConfig } = await import(path.join(root, 'packages/server/dist/config.js'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carriage-openapi-'));
const app = await buildApp(loadConfig({}, { dataDir, databaseUrl: null, webDist: null, logLevel: 'silent' }), { logger: false });
await app.ready();
const doc = app.swagger();
await app.close();
fs.rmSync(dataDir, { recursive: true, force: true });
const out = path.join(here, '../src/openapi.ts');
fs.writeFileSync(out, await generateTypes(doc));
console.log(`Wrote ${path.relative(root, out)}`);
