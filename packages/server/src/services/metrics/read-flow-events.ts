import type { MetricEvent } from '@carriage/core';
import type { Kysely } from 'kysely';
import { type FlowStepRow, listEventPayloads } from '../../db/queries/metrics.js';
import type { Database } from '../../db/schema.js';

/** A flow event with a payload of only the fields the replay and the column histories read. */
function flowEventOf(r: FlowStepRow): MetricEvent {
  let payload: Record<string, unknown>;
  if (r.type === 'card.moved') payload = { card: { id: r.card_id }, fromColumnId: r.from_column_id, toColumnId: r.column_id, toKind: r.kind };
  else if (r.type === 'card.created') payload = { card: { id: r.card_id, columnId: r.column_id }, columnKind: r.kind };
  else payload = { card: { id: r.card_id, columnId: r.column_id } };
  return { type: r.type, createdAt: r.created_at, payload };
}

/**
 * The card events read by `listFlowSteps`, as the metrics replay them. The replay names a card from its
 * current row and falls back to the card snapshot inside its events only for a card without a row; with
 * `cardIds` (the cards that have a row) the events of any other card get their whole payload back.
 */
export async function readFlowEvents(db: Kysely<Database>, rows: readonly FlowStepRow[], cardIds?: ReadonlySet<string>): Promise<MetricEvent[]> {
  const events = rows.map(flowEventOf);
  if (!cardIds) return events;
  const orphans: number[] = [];
  for (const r of rows) if (r.card_id !== null && !cardIds.has(r.card_id)) orphans.push(Number(r.id));
  if (orphans.length === 0) return events;
  const payloads = await listEventPayloads(db, orphans);
  for (let i = 0; i < rows.length; i += 1) {
    const raw = payloads.get(Number(rows[i].id));
    if (raw !== undefined) events[i] = { ...events[i], payload: JSON.parse(raw) };
  }
  return events;
}
