import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';

export type Audience = 'all' | 'workers' | 'coach';

export interface NewEvent {
  engagementId: string;
  type: string;
  actorId: string | null;
  entityType: string;
  entityId: string;
  payload: Record<string, unknown>;
  /** Who may see it live and in history; defaults to every member. */
  audience?: Audience;
  createdAt?: string;
}

/** Appends one event to the activity log inside the caller's transaction; returns its id. */
export async function recordEvent(db: Kysely<Database> | Transaction<Database>, e: NewEvent): Promise<number> {
  const row = await db
    .insertInto('events')
    .values({
      engagement_id: e.engagementId,
      type: e.type,
      actor_id: e.actorId,
      entity_type: e.entityType,
      entity_id: e.entityId,
      audience: e.audience ?? 'all',
      payload: JSON.stringify(e.payload),
      created_at: e.createdAt ?? nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
