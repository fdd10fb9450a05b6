import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { GoalMeasure } from '../measures/measure.js';
import { decimalOf } from '../money/money.js';
import type { ContractContent } from '../schemas/contracts.js';

/** The marker of the canonical form; a change to the form is a new marker, so old hashes keep their meaning. */
export const CANONICAL_FORMAT = 'carriage.contract/1';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Text as people read it: one Unicode form, one kind of line break, no trailing spaces. */
export function normalizeText(s: string | null | undefined): string {
  if (s === null || s === undefined) return '';
  return s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .trim();
}

/** JSON with object keys in code-unit order and no whitespace, so one value has exactly one text. */
export function stableStringify(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k] as Json)}`).join(',')}}`;
}

/** A measure as signed: numbers as their shortest decimal text, so 4 and 4.0 are one value. */
function canonicalMeasure(m: GoalMeasure): Json {
  return {
    name: normalizeText(m.name),
    unit: normalizeText(m.unit),
    baseline: String(m.baseline),
    baselineOn: m.baselineOn,
    target: String(m.target),
    targetOn: m.targetOn,
    direction: m.direction,
    cadence: m.cadence,
  };
}

/**
 * The content that is signed, with ids left out (a deliverable names its goal by position) and every
 * text normalized: what differs only in invisible ways hashes the same; anything a reader sees does not.
 */
export function canonicalContent(c: ContractContent): Json {
  const goalIndex = new Map(c.goals.map((g, i) => [g.id, i + 1]));
  return {
    format: CANONICAL_FORMAT,
    title: normalizeText(c.title),
    clientType: c.clientType,
    clientName: normalizeText(c.clientName),
    coachName: normalizeText(c.coachName),
    startsOn: c.startsOn ?? null,
    endsOn: c.endsOn ?? null,
    goals: c.goals.map((g) => ({
      what: normalizeText(g.what),
      howMeasured: normalizeText(g.howMeasured),
      target: normalizeText(g.target),
      byWhen: g.byWhen ?? null,
      // Only a goal that has a measure carries the key, so contracts signed before measures existed keep their hash.
      ...(g.measure ? { measure: canonicalMeasure(g.measure) } : {}),
    })),
    deliverables: c.deliverables.map((d) => ({
      description: normalizeText(d.description),
      acceptanceCriteria: normalizeText(d.acceptanceCriteria),
      dueOn: d.dueOn ?? null,
      goal: d.goalId ? (goalIndex.get(d.goalId) ?? null) : null,
    })),
    rate: c.rate
      ? {
          amount: canonicalAmount(c.rate.amountMinor, c.rate.currency, c.rate.scale),
          currency: c.rate.currency.toUpperCase(),
          unit: c.rate.unit,
          sessionsIncluded: c.rate.sessionsIncluded ?? null,
          // Only when set, so contracts without instalments keep the text (and hash) they were signed with.
          ...(c.rate.instalments?.length
            ? { instalments: c.rate.instalments.map((i) => ({ label: normalizeText(i.label), percent: i.percent.toFixed(2) })) }
            : {}),
        }
      : null,
    paymentTerms: normalizeText(c.paymentTerms),
    cancellationTerms: normalizeText(c.cancellationTerms),
    confidentialityTerms: normalizeText(c.confidentialityTerms),
    signers: c.signers.map((s) => ({ userId: s.userId, name: normalizeText(s.name), role: s.role })),
  };
}

/**
 * An amount as the canonical form writes it: its exact decimal value with at least two decimals, and
 * more only when the amount has them ("1500.00", "15000.00" for JPY, "1.255" for KWD). Before amounts
 * were kept in minor units every rate had at most two decimals and was written with exactly two, so
 * every contract signed then has the same canonical text, and hash, today.
 */
export function canonicalAmount(minor: number, currency: string, scale?: number): string {
  const [whole, fraction = ''] = decimalOf(minor, currency, scale).split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${whole}.${trimmed.padEnd(2, '0')}`;
}

/** The canonical text of a contract's content. */
export function canonicalContractText(c: ContractContent): string {
  return stableStringify(canonicalContent(c));
}

/** SHA-256 (hex) of UTF-8 text or of bytes. */
export function sha256Hex(input: string | Uint8Array): string {
  return bytesToHex(sha256(typeof input === 'string' ? utf8ToBytes(input) : input));
}

/** The hash every signature records: SHA-256 of the canonical content. */
export function contractContentHash(c: ContractContent): string {
  return sha256Hex(canonicalContractText(c));
}
