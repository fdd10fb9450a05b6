import {
  canSeeInvoices,
  type InvoiceKind,
  type InvoiceState,
  type InvoiceStatus,
  invoiceState,
  type Role,
  type SessionStage,
  type SessionStatus,
  seesSessionStage,
} from '@carriage/core';
import type { Kysely } from 'kysely';
import { latestIssuedInvoices } from '../../db/queries/invoices.js';
import type { Database, EngagementsTable } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { coachToday } from '../invoices/invoice-record.js';
import { engagementCounts, type SessionPackage } from '../sessions/session-package.js';

/** The session running now, else the next one not over yet: enough for joinState in core to offer "Join now". */
export interface PulseSession {
  id: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  status: SessionStatus;
  /** Null until started; hidden (null) from those who don't take part in sessions. */
  stage: SessionStage | null;
}

/** What the engagement header and list show at a glance: the next session, the package, deliverables done. */
export interface EngagementPulse {
  nextSession: PulseSession | null;
  sessions: SessionPackage;
  deliverables: { done: number; total: number };
  /** The latest issued invoice ("invoice 2026-014 paid"); shown only to those who see invoices (pulseAs). */
  invoice: { id: string; number: string; state: InvoiceState } | null;
}

/**
 * The pulse as one member may see it: the invoice only for the coach and the billed party; the next session's
 * stage only for those who take part in sessions (a sponsor sees attendance only, and has no room to join).
 */
export function pulseAs(pulse: EngagementPulse | undefined, engagement: Pick<EngagementsTable, 'client_type'>, role: Role): EngagementPulse | undefined {
  if (!pulse) return pulse;
  const invoice = canSeeInvoices({ role }, { clientType: engagement.client_type }) ? pulse.invoice : null;
  const next = pulse.nextSession;
  const nextSession = next && !seesSessionStage(role) ? { ...next, stage: null } : next;
  return { ...pulse, invoice, nextSession };
}

/** Reads the pulse of each engagement (a few indexed queries per engagement). */
export async function engagementPulses(db: Kysely<Database>, engagementIds: string[]): Promise<Map<string, EngagementPulse>> {
  const out = new Map<string, EngagementPulse>();
  if (engagementIds.length === 0) return out;
  const now = nowIso();
  // Scheduled sessions not over yet, and started ones not closed: a session that runs past its end is still the one to join.
  const upcoming = await db
    .selectFrom('coaching_sessions')
    .select(['id', 'engagement_id', 'starts_at', 'ends_at', 'time_zone', 'status', 'stage'])
    .where('engagement_id', 'in', engagementIds)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'scheduled'), eb('ends_at', '>', now)]),
        eb.and([eb('status', 'in', ['scheduled', 'held']), eb('stage', 'is not', null), eb('stage', '!=', 'recap')]),
      ]),
    )
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  const next = new Map<string, PulseSession>();
  for (const s of upcoming) {
    const running = s.stage !== null && s.stage !== 'recap';
    const known = next.get(s.engagement_id);
    if (known && (known.stage !== null || !running)) continue;
    next.set(s.engagement_id, {
      id: s.id,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      timeZone: s.time_zone,
      status: s.status as SessionStatus,
      stage: (s.stage as SessionStage | null) ?? null,
    });
  }
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
