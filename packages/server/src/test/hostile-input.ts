import type { z } from 'zod';
import { isSentence } from '../plugins/validation-messages.js';

/**
 * Hostile input for the bad-input test: values aimed at each field a route's zod schema declares,
 * a plausible valid body to aim them from, and the check that a refusal is one a person can read.
 */

type AnyZod = z.ZodType;
interface Def {
  type: string;
  shape?: Record<string, AnyZod>;
  innerType?: AnyZod;
  in?: AnyZod;
  element?: AnyZod;
  options?: AnyZod[];
  left?: AnyZod;
}
const defOf = (s: AnyZod): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** What a field holds once wrappers (optional, nullable, default, pipe…) are peeled off. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'enum' | 'array' | 'object' | 'any';

/** Peels optional/nullable/default/pipe wrappers down to the type a client must send. */
export function unwrap(s: AnyZod): AnyZod {
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const d = defOf(cur);
    if (['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'].includes(d.type) && d.innerType) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else return cur;
  }
  return cur;
}

function kindOf(s: AnyZod): FieldKind {
  const d = defOf(unwrap(s));
  switch (d.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'int':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
    case 'literal':
      return 'enum';
    case 'array':
    case 'tuple':
      return 'array';
    case 'object':
    case 'record':
      return 'object';
    case 'union':
      return d.options?.[0] ? kindOf(d.options[0]) : 'any';
    default:
      return 'any';
  }
}

/** The object shape behind a body schema (through refinements, pipes and unions), or null. */
export function shapeOf(s: AnyZod | undefined): Record<string, AnyZod> | null {
  if (!s || typeof s !== 'object' || !('_zod' in s)) return null;
  const inner = unwrap(s);
  const d = defOf(inner);
  if (d.type === 'object' && d.shape) return d.shape;
  if (d.type === 'union' && d.options) {
    const merged: Record<string, AnyZod> = {};
    for (const o of d.options) Object.assign(merged, shapeOf(o) ?? {});
    return Object.keys(merged).length ? merged : null;
  }
  return null;
}

// A month from now: dates and instants near today satisfy every window a schema puts on them.
const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

// Strings that satisfy the formats our schemas use (dates, instants, emails, hashes, zones, rules).
const stringCandidates = [
  'Plain words',
  soon,
  `${soon}T09:00:00+00:00`,
  // A page cursor: where the previous page ended, as an instant and an id.
  `${soon}T09:00:00.000Z|someid123`,
  'someone.hostile@example.com',
  'https://example.com/meet',
  'Europe/Paris',
  '09:00',
  'a'.repeat(64).replace(/a/g, 'f'),
  'FREQ=WEEKLY',
  'correct horse battery staple',
];
const numberCandidates = [1, 30, 60, 100, 0];

/** A plausible valid value for a schema (best effort: the candidates that parse), or undefined. */
export function sample(s: AnyZod, depth = 0): unknown {
  if (depth > 6) return undefined;
  const inner = unwrap(s);
  const d = defOf(inner);
  // Leaves are checked against the whole schema, so a pipe's output rules (an email's format) count too.
  const ok = (v: unknown) => s.safeParse(v).success;
  const first = (vals: unknown[]) => vals.find(ok);
  switch (d.type) {
    case 'string':
      return first(stringCandidates) ?? first(Array.from({ length: 40 }, (_, i) => 'x'.repeat(i + 1)));
    case 'number':
    case 'int':
      return first(numberCandidates);
    case 'boolean':
      return first([true, false]);
    case 'enum':
      return first(Object.values((d as unknown as { entries: Record<string, unknown> }).entries ?? {}));
    case 'literal':
      return first((d as unknown as { values: unknown[] }).values ?? []);
    case 'array': {
      if (ok([])) return [];
      const el = d.element ? sample(d.element, depth + 1) : undefined;
      return [el];
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(d.shape ?? {})) {
        if (v.safeParse(undefined).success) continue;
        out[k] = sample(v, depth + 1);
      }
      return out;
    }
    case 'record':
      return {};
    case 'union':
      for (const o of d.options ?? []) {
        const v = sample(o, depth + 1);
        if (ok(v)) return v;
      }
      return d.options?.[0] ? sample(d.options[0], depth + 1) : undefined;
    default:
      return 'Plain words';
  }
}

const long = 'x'.repeat(100_000);
const deep = (() => {
  let v: unknown = 1;
  for (let i = 0; i < 200; i++) v = { a: v };
  return v;
})();

/** Wrong types, edges and hostile text for a field of the given kind. */
export function hostileValues(kind: FieldKind): { label: string; value: unknown }[] {
  const common = [
    { label: 'null', value: null },
    { label: 'object', value: { nested: { deep: true } } },
  ];
  const text = [
    { label: '100,000 characters', value: long },
    { label: 'NUL byte', value: 'before\u0000after' },
    { label: 'lone surrogate', value: 'bad \ud800 title \udfff' },
    { label: 'unicode', value: 'ünïcødé 😀 \u202e right-to-left' },
    { label: 'path', value: '../../../etc/passwd' },
    { label: 'markup', value: '<script>alert(1)</script><img src=x onerror=alert(1)>' },
    { label: 'SQL', value: "'; DROP TABLE users; --" },
    { label: 'empty', value: '' },
  ];
  const numbers = [
    { label: 'negative', value: -1 },
    { label: 'zero', value: 0 },
    { label: 'huge', value: 1e21 },
    { label: 'beyond int32', value: 2 ** 31 },
    { label: 'beyond safe integer', value: 2 ** 53 + 2 },
    { label: 'very negative', value: -1e15 },
    { label: 'fraction', value: 0.5 },
  ];
  switch (kind) {
    case 'string':
      return [...common, ...text, { label: 'number', value: 123 }, { label: 'boolean', value: true }, { label: 'array', value: ['x'] }];
    case 'number':
      return [...common, ...numbers, { label: 'numeric text', value: '12' }, { label: 'text', value: 'abc' }, { label: 'boolean', value: true }];
    case 'boolean':
      return [...common, { label: 'text', value: 'true' }, { label: 'number', value: 1 }];
    case 'enum':
      return [...common, { label: 'unknown option', value: 'not-an-option' }, { label: 'number', value: 7 }, { label: '100,000 characters', value: long }];
    case 'array':
      return [
        ...common,
        { label: 'text', value: 'x' },
        { label: 'array of null', value: [null] },
        { label: 'array of numbers', value: [1, 2] },
        { label: '5,000 items', value: Array.from({ length: 5000 }, (_, i) => `item ${i}`) },
      ];
    case 'object':
      return [...common.slice(0, 1), { label: 'text', value: 'x' }, { label: 'array', value: [] }, { label: 'number', value: 1 }];
    default:
      return [...common, ...text.slice(0, 2), ...numbers.slice(2, 4), { label: 'deep nesting', value: deep }];
  }
}

/**
 * What a field does to the work a request costs: a date or an instant can span days to compute, a
 * number can count, a list can be long, a recurrence expands into sessions. Read from what the
 * field's schema accepts, so new fields are classified without anyone remembering to.
 */
export type WorkKind = 'date' | 'instant' | 'number' | 'list' | 'recurrence';

/** The kind of work a field sizes, or null for a field that sizes none (plain text, enums, ids). */
export function workKindOf(s: AnyZod): WorkKind | null {
  const d = defOf(unwrap(s));
  if (d.type === 'object' && d.shape && 'rule' in d.shape && 'cadence' in d.shape) return 'recurrence';
  const kind = kindOf(s);
  if (kind === 'number') return 'number';
  if (kind === 'array') return 'list';
  if (kind !== 'string' || s.safeParse('Plain words').success) return null;
  const now = new Date().toISOString();
  if (s.safeParse(now.slice(0, 10)).success) return 'date';
  if (s.safeParse(now.replace('Z', '+00:00')).success) return 'instant';
  return null;
}

/** The values past every bound a field of that kind must refuse (with a 4xx, quickly). */
export function extremeValues(kind: WorkKind): { label: string; value: unknown }[] {
  switch (kind) {
    case 'date':
      return [
        { label: 'year 0000', value: '0000-01-01' },
        { label: 'year 1000', value: '1000-06-15' },
        { label: 'the day before 2000', value: '1999-12-31' },
        { label: 'year 2100', value: '2100-01-01' },
        { label: 'year 9999', value: '9999-12-31' },
        { label: 'a six-digit year', value: '+275760-09-13' },
      ];
    case 'instant':
      return [
        { label: 'year 0000', value: '0000-01-01T00:00:00Z' },
        { label: 'the epoch', value: '1970-01-01T00:00:00+00:00' },
        { label: 'year 2100', value: '2100-01-01T09:00:00+01:00' },
        { label: 'year 9999', value: '9999-12-31T23:59:59+14:00' },
      ];
    case 'number':
      return [
        { label: 'a quadrillion', value: 1e15 },
        { label: 'minus a quadrillion', value: -1e15 },
        { label: 'beyond safe integers', value: 2 ** 53 + 2 },
        { label: 'the largest double', value: Number.MAX_VALUE },
      ];
    case 'list':
      return [
        { label: '9,000 items', value: Array.from({ length: 9000 }, (_, i) => `item ${i}`) },
        { label: '20,000 items', value: Array.from({ length: 20_000 }, (_, i) => i) },
      ];
    case 'recurrence':
      return [
        ...neverOrBrokenRules.map((rule) => ({ label: `rule ${rule}`, value: { cadence: 'custom', rule } })),
        { label: 'a million weekly sessions', value: { cadence: 'weekly', count: 1_000_000 } },
        { label: 'weekly until 9999', value: { cadence: 'weekly', until: '9999-12-31' } },
      ];
  }
}

/** Recurrence rules that never occur, or that rrule takes silently or chokes on. */
export const neverOrBrokenRules = [
  'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;BYDAY=MO',
  'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31',
  'FREQ=MONTHLY;BYSETPOS=6;BYDAY=MO',
  'FREQ=WEEKLY;BYDAY=XX',
  'FREQ=MONTHLY;BYSETPOS=400;BYDAY=MO',
  'FREQ=YEARLY;BYWEEKNO=60',
  'FREQ=YEARLY;BYYEARDAY=400',
  'FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23',
  'FREQ=DAILY;COUNT=100000',
  'FREQ=DAILY;UNTIL=99991231',
  'FREQ=MINUTELY',
  'FREQ=DAILY;INTERVAL=0',
];

/** Whole bodies whose shape alone is the attack: refused before they are parsed, or by their size. */
export const extremeBodies: { label: string; payload: string }[] = [
  { label: '2 MB of nested arrays', payload: '['.repeat(2 * 1024 * 1024 - 64) },
  { label: 'nested objects', payload: '{"a":'.repeat(300_000) },
  { label: 'nested arrays, closed', payload: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { label: '200,000 items', payload: `{"items":[${'0,'.repeat(200_000)}0]}` },
  { label: '50,000 keys', payload: `{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":1`).join(',')}}` },
  { label: 'a body just past the size limit', payload: JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }) },
];

/** A field that sizes work: its path in the body and what it sizes. */
export interface WorkTarget {
  path: (string | number)[];
  kind: WorkKind;
}

/** The fields of a body that size work, top-level and one level down (as `fieldTargets`). */
export function workTargets(schema: AnyZod | undefined): WorkTarget[] {
  const out: WorkTarget[] = [];
  for (const [key, field] of Object.entries(shapeOf(schema) ?? {})) {
    const kind = workKindOf(field);
    if (kind) out.push({ path: [key], kind });
    const d = defOf(unwrap(field));
    const nested = d.type === 'array' && d.element ? shapeOf(d.element) : d.type === 'object' ? shapeOf(unwrap(field)) : null;
    for (const [sub, subField] of Object.entries(nested ?? {})) {
      const subKind = workKindOf(subField);
      if (subKind) out.push({ path: d.type === 'array' ? [key, 0, sub] : [key, sub], kind: subKind });
    }
  }
  return out;
}

/** A field to aim at: its path in the body and what it holds. */
export interface FieldTarget {
  path: (string | number)[];
  kind: FieldKind;
}

/** Every top-level field, plus the fields one level down in nested objects and arrays of objects. */
export function fieldTargets(schema: AnyZod | undefined): FieldTarget[] {
  const shape = shapeOf(schema);
  if (!shape) return genericFields.map((f) => ({ path: [f], kind: 'any' }));
  const out: FieldTarget[] = [];
  for (const [key, field] of Object.entries(shape)) {
    out.push({ path: [key], kind: kindOf(field) });
    const inner = unwrap(field);
    const d = defOf(inner);
    const nested = d.type === 'array' && d.element ? shapeOf(d.element) : d.type === 'object' ? shapeOf(inner) : null;
    for (const [sub, subField] of Object.entries(nested ?? {})) {
      out.push({ path: d.type === 'array' ? [key, 0, sub] : [key, sub], kind: kindOf(subField) });
    }
  }
  return out;
}

/** Field names tried on a route whose body schema can't be read. */
export const genericFields = ['id', 'name', 'title', 'email', 'password', 'body', 'version', 'columnId', 'status', 'token', 'sha256'];

/** A copy of base with the value at path replaced (creating containers on the way). */
export function withValue(base: unknown, path: (string | number)[], value: unknown, schema?: AnyZod): Record<string, unknown> {
  const root = structuredClone(base && typeof base === 'object' && !Array.isArray(base) ? base : {}) as Record<string, unknown>;
  let cur: Record<string | number, unknown> = root;
  let curSchema: AnyZod | undefined = schema;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string | number;
    const nextKey = path[i + 1];
    const fieldSchema = curSchema && typeof key === 'string' ? shapeOf(curSchema)?.[key] : undefined;
    if (cur[key] === undefined || cur[key] === null || typeof cur[key] !== 'object') {
      const filler = fieldSchema ? sample(fieldSchema) : undefined;
      cur[key] = filler && typeof filler === 'object' ? structuredClone(filler) : typeof nextKey === 'number' ? [] : {};
    }
    if (typeof nextKey === 'number' && Array.isArray(cur[key]) && (cur[key] as unknown[]).length === 0) {
      const el = fieldSchema ? defOf(unwrap(fieldSchema)).element : undefined;
      (cur[key] as unknown[]).push(el ? (sample(el) ?? {}) : {});
    }
    cur = cur[key] as Record<string | number, unknown>;
    curSchema = fieldSchema ? (defOf(unwrap(fieldSchema)).element ?? fieldSchema) : undefined;
  }
  cur[path[path.length - 1] as string | number] = value;
  return root;
}

// Internals that must never reach a person: SQL, driver names, stack frames, file paths.
const leakPattern =
  /SQLITE_|syntax error at|violates|duplicate key|relation "|column "|invalid input syntax|out of range for type|null value in column|invalid byte sequence|kysely|node_modules|\/work\/|\bat \S+ \(|\.[jt]s:\d+|TypeError|ReferenceError|undefined is not|cannot read propert/i;

/** The parts of a response the checks read (app.inject's answer, or a real HTTP one). */
export interface Answer {
  statusCode: number;
  body: string;
  json(): unknown;
}

/** Why a response is not an acceptable answer to bad input, or null when it is. */
export function problemWith(res: Answer): string | null {
  if (res.statusCode >= 500) return `server error ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400) return null;
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = res.json() as typeof body;
  } catch {
    return `a ${res.statusCode} whose body is not JSON: ${res.body.slice(0, 200)}`;
  }
  const e = body?.error;
  if (!e || typeof e !== 'object') return `a ${res.statusCode} without the error shape: ${res.body.slice(0, 200)}`;
  if (typeof e.code !== 'string' || !e.code) return `a ${res.statusCode} without an error code: ${res.body.slice(0, 200)}`;
  if (typeof e.message !== 'string') return `a ${res.statusCode} without a message: ${res.body.slice(0, 200)}`;
  const m = e.message.trim();
  if (!isSentence(m)) return `a ${res.statusCode} whose message is not a sentence: "${m.slice(0, 200)}"`;
  // Each field's message is shown beside its field, so it must be a sentence too.
  const fields = (e as { fields?: unknown }).fields;
  if (fields !== undefined) {
    if (!fields || typeof fields !== 'object') return `a ${res.statusCode} whose fields are not an object: ${res.body.slice(0, 200)}`;
    for (const [field, text] of Object.entries(fields)) {
      if (typeof text !== 'string' || !isSentence(text))
        return `a ${res.statusCode} whose message for ${field} is not a sentence: "${String(text).slice(0, 200)}"`;
    }
  }
  if (m.length > 600) return `a ${res.statusCode} whose message is ${m.length} characters long (echoing input?)`;
  if (leakPattern.test(m)) return `a ${res.statusCode} whose message leaks internals: "${m.slice(0, 200)}"`;
  return null;
}
