import { canSeeInvoices, type InvoiceKind, type InvoiceState, type InvoiceStatus, invoiceState, type Role } from '@carriage/core';
import type { Kysely } from 'kysely';
import { latestIssuedInvoices } from '../../db/queries/invoices.js';
import type { Database, EngagementsTable } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { coachToday } from '../invoices/invoice-record.js';
import { engagementCounts, type SessionPackage } from '../sessions/session-package.js';

/** What the engagement header and list show at a glance: the next session, the package, deliverables done. */
export interface EngagementPulse {
  nextSession: { id: string; startsAt: string; timeZone: string } | null;
  sessions: SessionPackage;
  deliverables: { done: number; total: number };
  /** The latest issued invoice ("invoice 2026-014 paid"); shown only to those who see invoices (pulseAs). */
  invoice: { id: string; number: string; state: InvoiceState } | null;
}

/** The pulse as one member may see it: the invoice only for the coach and the billed party. */
export function pulseAs(pulse: EngagementPulse | undefined, engagement: Pick<EngagementsTable, 'client_type'>, role: Role): EngagementPulse | undefined {
  if (!pulse || canSeeInvoices({ role }, { clientType: engagement.client_type })) return pulse;
  return { ...pulse, invoice: null };
}

/** Reads the pulse of each engagement (a few indexed queries per engagement). */
export async function engagementPulses(db: Kysely<Database>, engagementIds: string[]): Promise<Map<string, EngagementPulse>> {
  const out = new Map<string, EngagementPulse>();
  if (engagementIds.length === 0) return out;
  const now = nowIso();
  const upcoming = await db
    .selectFrom('coaching_sessions')
    .select(['id', 'engagement_id', 'starts_at', 'time_zone'])
    .where('engagement_id', 'in', engagementIds)
    .where('status', '=', 'scheduled')
    .where('ends_at', '>', now)
    .orderBy('starts_at')
    .execute();
  const next = new Map<string, { id: string; startsAt: string; timeZone: string }>();
  for (const s of upcoming) if (!next.has(s.engagement_id)) next.set(s.engagement_id, { id: s.id, startsAt: s.starts_at, timeZone: s.time_zone });
  // The same counts as Results, the sponsor report and the portfolio (one function in core each).
  const [counts, invoices] = await Promise.all([Promise.all(engagementIds.map((id) => engagementCounts(db, id))), latestIssuedInvoices(db, engagementIds)]);
  const todays = new Map<string, string>();
  for (const inv of invoices.values()) if (!todays.has(inv.coach_id)) todays.set(inv.coach_id, (await coachToday(db, inv.coach_id)).today);
  engagementIds.forEach((id, i) => {
    const inv = invoices.get(id);
    const invoice =
      inv?.number != null
        ? {
            id: inv.id,
            number: inv.number,
            state: invoiceState(
              { kind: inv.kind as InvoiceKind, status: inv.status as InvoiceStatus, dueOn: inv.due_on, paidMinor: inv.paid_minor, totalMinor: inv.total_minor },
              todays.get(inv.coach_id) ?? '',
            ),
          }
        : null;
    out.set(id, { nextSession: next.get(id) ?? null, sessions: counts[i].sessions, deliverables: counts[i].deliverables, invoice });
  });
  return out;
}
