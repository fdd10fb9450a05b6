import type { Kysely } from 'kysely';
import { countHeldSessions } from '../../db/queries/sessions.js';
import type { Database } from '../../db/schema.js';

export interface SessionPackage {
  contractId: string | null;
  /** Sessions the signed contract includes (null when its rate names no package). */
  included: number | null;
  used: number;
  left: number | null;
}

/**
 * Sessions used and left: held sessions since the signed contract's start count against the
 * sessions its rate includes. Without a signed contract, only the held sessions are counted.
 */
export async function sessionPackage(db: Kysely<Database>, engagementId: string): Promise<SessionPackage> {
  const contract = await db
    .selectFrom('contracts')
    .select(['id', 'content', 'starts_on'])
    .where('engagement_id', '=', engagementId)
    .where('status', 'in', ['signed', 'active'])
    .orderBy('signed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!contract) return { contractId: null, included: null, used: await countHeldSessions(db, engagementId), left: null };
  let included: number | null = null;
  try {
    const content = JSON.parse(contract.content) as { rate?: { sessionsIncluded?: number | null } | null };
    included = content.rate?.sessionsIncluded ?? null;
  } catch {
    included = null;
  }
  const used = await countHeldSessions(db, engagementId, contract.starts_on);
  return { contractId: contract.id, included, used, left: included === null ? null : Math.max(0, included - used) };
}
