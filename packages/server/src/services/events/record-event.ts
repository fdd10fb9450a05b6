import { type EventPayload, type EventType, eventCatalog, flowFieldsOf } from '@carriage/core';
import { nowIso } from '../../lib/ids.js';
import { noteAppended, type WriteTrx } from './write-transaction.js';

export type { WriteTrx } from './write-transaction.js';
export { writeTransaction, writeTransactionOf } from './write-transaction.js';

/** One event of the catalog: its type decides the payload's shape, the audience and the entity kind. */
export type NewEvent<T extends EventType = EventType> = {
  [K in T]: {
    engagementId: string;
    type: K;
    actorId: string | null;
    entityId: string;
    payload: EventPayload<K>;
    createdAt?: string;
  };
}[T];

/**
 * Appends one event to the activity log inside a write transaction of its engagement; returns its id.
 * The event is published to live subscribers after that transaction commits. The payload is checked
 * against the catalog, so a wrong one is refused here instead of reaching readers; where a card event puts
 * the card is also written to plain columns (`flowFieldsOf`), which the metrics read instead of the JSON.
 */
export async function recordEvent<T extends EventType>(trx: WriteTrx, e: NewEvent<T>): Promise<number> {
  const definition = eventCatalog[e.type];
  const checked = definition.payload.safeParse(e.payload);
  if (!checked.success) throw new Error(`The payload of ${e.type} does not match the event catalog: ${checked.error.message}`);
  const flow = flowFieldsOf(e.type, e.payload);
  const row = await trx
    .insertInto('events')
    .values({
      engagement_id: e.engagementId,
      type: e.type,
      actor_id: e.actorId,
      entity_type: definition.entity,
      entity_id: e.entityId,
      audience: definition.audience,
      payload: JSON.stringify(e.payload),
      to_column_id: flow.toColumnId,
      to_kind: flow.toKind,
      from_column_id: flow.fromColumnId,
      from_kind: flow.fromKind,
      created_at: e.createdAt ?? nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  noteAppended(trx, e.engagementId, id, e.type);
  return id;
}
