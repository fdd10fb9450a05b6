import type { Transaction } from 'kysely';
import type { Database, EngagementsTable } from '../../db/schema.js';

/** Work other aggregates do in the same transaction when an engagement is created (the board creates its columns). */
export type EngagementCreatedHook = (trx: Transaction<Database>, engagement: EngagementsTable, actorId: string) => Promise<void>;

export const engagementCreatedHooks: EngagementCreatedHook[] = [];
