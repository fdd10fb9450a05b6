import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { standardErrors } from '../plugins/api-document.js';
import { type ApiDocument, documentPath } from '../test/answer-checker.js';
import { describeEachEngine, TestClient } from '../test/harness.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const redoclyCli = path.join(root, 'node_modules/@redocly/cli/bin/cli.js');

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: { pointer?: string }[];
}

/** Lints a document with Redocly CLI (the project's redocly.yaml), returning its problems. */
async function lint(doc: unknown): Promise<{ errors: LintProblem[]; warnings: LintProblem[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carriage-openapi-'));
  const file = path.join(dir, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  const args = [redoclyCli, 'lint', file, '--format=json', '--max-problems=1000', `--config=${path.join(root, 'redocly.yaml')}`];
  // No telemetry or update checks: the suite runs without the network.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', DO_NOT_TRACK: '1', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const out = await run(process.execPath, args, { env, maxBuffer: 32 * 1024 * 1024 }).catch((err: { stdout?: string; stderr?: string }) => {
    // Exit code 1 means problems were found; the JSON report is still on stdout.
    if (err.stdout?.includes('"totals"')) return { stdout: err.stdout };
    throw new Error(`Redocly CLI did not run: ${err.stderr ?? err}`);
  });
  fs.rmSync(dir, { recursive: true, force: true });
  const report = JSON.parse(out.stdout.slice(out.stdout.indexOf('{'))) as { problems: LintProblem[] };
  return { errors: report.problems.filter((p) => p.severity === 'error'), warnings: report.problems.filter((p) => p.severity !== 'error') };
}

describeEachEngine(
  'API document',
  (ctx) => {
    it('is served at /api/openapi.json and passes Redocly CLI’s lint with no errors', async () => {
      const res = await new TestClient(ctx().app).get('/api/openapi.json');
      expect(res.statusCode).toBe(200);
      const { errors, warnings } = await lint(res.json());
      const show = (p: LintProblem) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`;
      expect(errors.map(show)).toEqual([]);
      // Warnings are printed, not failed on: the config sets the rules that matter to error.
      if (warnings.length) console.info(`Redocly warnings:\n${warnings.map(show).join('\n')}`);
    }, 60_000);

    it('names its server, and gives every operation a unique operationId and every schema it refers to', async () => {
      const doc = (await new TestClient(ctx().app).get('/api/openapi.json')).json() as ApiDocument & {
        servers: { url: string }[];
        paths: Record<string, Record<string, { operationId: string }>>;
      };
      expect(doc.servers).toEqual([expect.objectContaining({ url: ctx().config.publicUrl })]);
      const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
      expect(ids.every(Boolean)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);
      expect(refs.length).toBeGreaterThan(50);
      expect(refs.filter((r) => !doc.components?.schemas?.[r])).toEqual([]);
    });

    it('documents every route of the route table with the errors a route of its kind can give', async () => {
      const { app } = ctx();
      const doc = app.swagger() as unknown as ApiDocument;
      const missing: string[] = [];
      for (const route of app.routeTable) {
        if (route.schema?.hide) continue;
        const op = doc.paths[documentPath(route.url)]?.[route.method.toLowerCase()];
        if (!op) {
          missing.push(`${route.method} ${route.url}: not in the document`);
          continue;
        }
        const rateLimited = false;
        for (const status of standardErrors({ method: route.method, url: route.url, access: route.access, rateLimited })) {
          if (!op.responses[String(status)]) missing.push(`${route.method} ${route.url}: no ${status}`);
        }
        const ok = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        if (ok.length === 0) missing.push(`${route.method} ${route.url}: no 2xx answer`);
      }
      expect(missing).toEqual([]);
    });

    it('is what the typed client was generated from (packages/api-client/src/openapi.ts is up to date)', async () => {
      const generator = path.join(root, 'packages/api-client/scripts/generate-types.mjs');
      const { generateTypes } = (await import(generator)) as { generateTypes: (doc: unknown) => Promise<string> };
      const fresh = await generateTypes(ctx().app.swagger());
      const committed = fs.readFileSync(path.join(root, 'packages/api-client/src/openapi.ts'), 'utf8');
      // On a difference, run `npm run generate -w @carriage/api-client` and commit the result.
      expect(committed === fresh, 'packages/api-client/src/openapi.ts differs from the API document').toBe(true);
    }, 30_000);
  },
  ['sqlite'],
);
