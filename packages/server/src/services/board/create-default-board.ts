import { defaultColumns, positionsAfter } from '@carriage/core';
import type { Transaction } from 'kysely';
import { insertColumn } from '../../db/queries/board.js';
import type { Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';

/** Gives a new engagement its board: To Do, In Progress, Verify, Done. */
export async function createDefaultBoard(trx: Transaction<Database>, engagementId: string): Promise<void> {
  const keys = positionsAfter(null, defaultColumns.length);
  const now = nowIso();
  for (const [i, col] of defaultColumns.entries()) {
    await insertColumn(trx, {
      id: newId(),
      engagement_id: engagementId,
      name: col.name,
      kind: col.kind,
      wip_limit: col.wipLimit,
      policy: col.policy,
      position: keys[i],
      created_at: now,
      updated_at: now,
    });
  }
}
