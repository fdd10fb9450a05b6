import { AppError, type Column, type ColumnKind, positionBetween } from '@carriage/core';
import type { Kysely, Transaction } from 'kysely';
import { countCardsInColumn, deleteColumnRow, findColumn, insertColumn, listColumns, updateColumnRow } from '../../db/queries/board.js';
import type { BoardColumnsTable, Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { recordEvent, type WriteTrx, writeTransaction } from '../events/record-event.js';

export function presentColumn(c: BoardColumnsTable): Column {
  return { id: c.id, name: c.name, kind: c.kind as ColumnKind, wipLimit: c.wip_limit, policy: c.policy, position: c.position };
}

/** Position for a column placed right after another (null: first). */
async function positionAfter(trx: Transaction<Database>, engagementId: string, afterColumnId: string | null | undefined, selfId?: string): Promise<string> {
  const columns = (await listColumns(trx, engagementId)).filter((c) => c.id !== selfId);
  if (afterColumnId === undefined) return positionBetween(columns.at(-1)?.position ?? null, null);
  if (afterColumnId === null) return positionBetween(null, columns[0]?.position ?? null);
  const i = columns.findIndex((c) => c.id === afterColumnId);
  if (i < 0)
    throw new AppError('validation_failed', 'Place the column after a column of this board.', { fields: { afterColumnId: 'Choose a column of this board.' } });
  return positionBetween(columns[i].position, columns[i + 1]?.position ?? null);
}

async function columnEvent(trx: WriteTrx, engagementId: string, actorId: string, column: Column) {
  await recordEvent(trx, { engagementId, type: 'column.updated', actorId, entityId: column.id, payload: { column } });
}

type NewColumn = { name: string; kind: ColumnKind; wipLimit?: number | null; policy?: string | null; afterColumnId?: string | null };

export function createColumn(db: Kysely<Database>, engagementId: string, actorId: string, body: NewColumn): Promise<Column> {
  return writeTransaction(db, engagementId, (trx) => createColumnInTransaction(trx, engagementId, actorId, body));
}

/** Adds a column inside the caller's write transaction (an import adds several with its cards). */
export async function createColumnInTransaction(trx: WriteTrx, engagementId: string, actorId: string, body: NewColumn): Promise<Column> {
  const now = nowIso();
  const row: BoardColumnsTable = {
    id: newId(),
    engagement_id: engagementId,
    name: body.name,
    kind: body.kind,
    wip_limit: body.wipLimit ?? null,
    policy: body.policy ?? null,
    position: await positionAfter(trx, engagementId, body.afterColumnId),
    created_at: now,
    updated_at: now,
  };
  await insertColumn(trx, row);
  const column = presentColumn(row);
  await recordEvent(trx, { engagementId, type: 'column.created', actorId, entityId: row.id, payload: { column } });
  return column;
}

export function updateColumn(
  db: Kysely<Database>,
  engagementId: string,
  columnId: string,
  actorId: string,
  body: { name?: string; kind?: ColumnKind; wipLimit?: number | null; policy?: string | null; afterColumnId?: string | null },
): Promise<{ column: Column; engagementId: string }> {
  return writeTransaction(db, engagementId, async (trx) => {
    const current = await findColumn(trx, columnId);
    if (!current || current.engagement_id !== engagementId) throw new AppError('not_found', 'That column was not found.');
    const patch: Partial<BoardColumnsTable> = { updated_at: nowIso() };
    if (body.name !== undefined) patch.name = body.name;
    if (body.kind !== undefined) patch.kind = body.kind;
    if (body.wipLimit !== undefined) patch.wip_limit = body.wipLimit;
    if (body.policy !== undefined) patch.policy = body.policy || null;
    if (body.afterColumnId !== undefined) patch.position = await positionAfter(trx, current.engagement_id, body.afterColumnId, current.id);
    await updateColumnRow(trx, columnId, patch);
    const column = presentColumn({ ...current, ...patch });
    await columnEvent(trx, engagementId, actorId, column);
    return { column, engagementId: current.engagement_id };
  });
}

/** Removes an empty column; archived cards in it move to the first remaining column. */
export function deleteColumn(db: Kysely<Database>, engagementId: string, columnId: string, actorId: string): Promise<{ engagementId: string }> {
  return writeTransaction(db, engagementId, async (trx) => {
    const current = await findColumn(trx, columnId);
    if (!current || current.engagement_id !== engagementId) throw new AppError('not_found', 'That column was not found.');
    const n = await countCardsInColumn(trx, columnId);
    if (n > 0)
      throw new AppError('column_not_empty', `${current.name} still holds ${n} card${n === 1 ? '' : 's'}. Move or archive them first, then remove the column.`);
    const rest = (await listColumns(trx, current.engagement_id)).filter((c) => c.id !== columnId);
    if (rest.length === 0) throw new AppError('conflict', 'A board needs at least one column.');
    await trx.updateTable('cards').set({ column_id: rest[0].id }).where('column_id', '=', columnId).execute();
    await deleteColumnRow(trx, columnId);
    await recordEvent(trx, { engagementId, type: 'column.deleted', actorId, entityId: columnId, payload: { columnId } });
    return { engagementId: current.engagement_id };
  });
}
