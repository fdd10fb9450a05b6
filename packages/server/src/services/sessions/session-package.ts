import { sessionPackageUsage } from '@carriage/core';
import type { Kysely } from 'kysely';
import { coachTimeZone, findContractInForce } from '../../db/queries/metrics.js';
import type { Database } from '../../db/schema.js';

export interface SessionPackage {
  contractId: string | null;
  /** Sessions the signed contract includes (null when its rate names no package). */
  included: number | null;
  used: number;
  left: number | null;
}

/**
 * Sessions used and left: held sessions since the signed contract's start count against the sessions
 * its rate includes, by the same rule the Results page uses (sessionPackageUsage in core).
 */
export async function sessionPackage(db: Kysely<Database>, engagementId: string): Promise<SessionPackage> {
  const [contract, held, engagement] = await Promise.all([
    findContractInForce(db, engagementId),
    db.selectFrom('coaching_sessions').select('starts_at').where('engagement_id', '=', engagementId).where('status', '=', 'held').execute(),
    db.selectFrom('engagements').select('coach_id').where('id', '=', engagementId).executeTakeFirst(),
  ]);
  const timeZone = engagement ? await coachTimeZone(db, engagement.coach_id) : 'UTC';
  let sessionsIncluded: number | null = null;
  if (contract) {
    try {
      const content = JSON.parse(contract.content) as { rate?: { sessionsIncluded?: number | null } | null };
      sessionsIncluded = content.rate?.sessionsIncluded ?? null;
    } catch {
      sessionsIncluded = null;
    }
  }
  const usage = sessionPackageUsage(
    held.map((s) => s.starts_at),
    contract ? { startsOn: contract.starts_on, sessionsIncluded } : null,
    timeZone,
  );
  return { contractId: contract?.id ?? null, ...usage };
}
