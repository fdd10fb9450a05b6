import { type ContractContent, countDeliverables, countSessions, dateOfDay, dayInZone } from '@carriage/core';
import type { Kysely } from 'kysely';
import { coachTimeZone, findContractInForce } from '../../db/queries/metrics.js';
import type { Database } from '../../db/schema.js';

export interface SessionPackage {
  contractId: string | null;
  /** Sessions held up to today, whatever the contract (the number every view calls "sessions held"). */
  held: number;
  /** Sessions the signed contract includes (null when its rate names no package). */
  included: number | null;
  used: number;
  left: number | null;
}

function contentOf(raw: string | undefined): Partial<ContractContent> {
  try {
    return raw ? (JSON.parse(raw) as Partial<ContractContent>) : {};
  } catch {
    return {};
  }
}

/**
 * Sessions held and what is left of the package, and the contract's deliverables done, as of today in
 * the coach's calendar: counted by the same functions in core as Results, the sponsor report and the
 * portfolio (`countSessions`, `countDeliverables`), from the same rows.
 */
export async function engagementCounts(
  db: Kysely<Database>,
  engagementId: string,
  now = new Date(),
): Promise<{ sessions: SessionPackage; deliverables: { done: number; total: number } }> {
  const [contract, sessions, engagement, cards] = await Promise.all([
    findContractInForce(db, engagementId),
    db.selectFrom('coaching_sessions').select(['starts_at', 'status']).where('engagement_id', '=', engagementId).where('status', '=', 'held').execute(),
    db.selectFrom('engagements').select('coach_id').where('id', '=', engagementId).executeTakeFirst(),
    db
      .selectFrom('cards')
      .select(['deliverable_id', 'type', 'archived_at', 'finished_at'])
      .where('engagement_id', '=', engagementId)
      .where('deliverable_id', 'is not', null)
      .execute(),
  ]);
  const timeZone = engagement ? await coachTimeZone(db, engagement.coach_id) : 'UTC';
  const dayOf = dayInZone(timeZone);
  const content = contentOf(contract?.content);
  const count = countSessions(
    sessions.map((s) => ({ startsAt: s.starts_at, status: s.status })),
    contract ? { startsOn: contract.starts_on ?? content.startsOn ?? null, sessionsIncluded: content.rate?.sessionsIncluded ?? null } : null,
    timeZone,
    dateOfDay(dayOf(now.getTime())),
  );
  const { done, total } = countDeliverables(
    cards.map((c) => ({
      deliverableId: c.deliverable_id,
      type: c.type,
      archived: c.archived_at !== null,
      finishedDay: c.finished_at ? dayOf(Date.parse(c.finished_at)) : null,
    })),
    contract ? (content.deliverables ?? []).map((d) => d.id) : null,
  );
  return {
    sessions: { contractId: contract?.id ?? null, held: count.held, included: count.included, used: count.used, left: count.left },
    deliverables: { done, total },
  };
}

/** Sessions held and used and left of the signed contract's package (see `engagementCounts`). */
export async function sessionPackage(db: Kysely<Database>, engagementId: string): Promise<SessionPackage> {
  return (await engagementCounts(db, engagementId)).sessions;
}
