import { flowEventTypes } from '@carriage/core';
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';
import type { NeutralMigration } from './index.js';

/** Rows updated per statement: each batch commits on its own, so writers wait for one batch at most. */
export const BACKFILL_BATCH = 2000;

const flowTypes = sql.join(flowEventTypes.map((t) => sql.lit(t)));
const flowColumns = ['to_column_id', 'to_kind', 'from_column_id', 'from_kind'] as const;

/** Fills the flow columns of the card events with ids in (after, upTo] from their JSON payload, as `flowFieldsOf` would. */
function backfillBatch(db: Kysely<any>, engine: Engine, after: number, upTo: number) {
  if (engine === 'sqlite') {
    const f = (path: string) => sql`json_extract(payload, ${sql.lit(path)})`;
    return sql`
      update events set
        to_column_id = case type when 'card.moved' then coalesce(${f('$.toColumnId')}, ${f('$.card.columnId')})
          when 'card.archived' then null else ${f('$.card.columnId')} end,
        to_kind = case type when 'card.moved' then ${f('$.toKind')} when 'card.created' then ${f('$.columnKind')} end,
        from_column_id = case type when 'card.moved' then ${f('$.fromColumnId')} end,
        from_kind = case type when 'card.moved' then ${f('$.fromKind')} end
      where id > ${after} and id <= ${upTo} and entity_type = 'card' and type in (${flowTypes}) and to_column_id is null`.execute(db);
  }
  // PostgreSQL refuses a lone surrogate escape anywhere in the text (see `listFlowSteps` before this column existed):
  // the rare payload holding a `\u` escape has those replaced before it is parsed; ids and kinds never hold one.
  return sql`
    update events e set
      to_column_id = case e.type when 'card.moved' then coalesce(j.p ->> 'toColumnId', j.p #>> '{card,columnId}')
        when 'card.archived' then null else j.p #>> '{card,columnId}' end,
      to_kind = case e.type when 'card.moved' then j.p ->> 'toKind' when 'card.created' then j.p ->> 'columnKind' end,
      from_column_id = case e.type when 'card.moved' then j.p ->> 'fromColumnId' end,
      from_kind = case e.type when 'card.moved' then j.p ->> 'fromKind' end
    from (
      select id, (case when strpos(payload, '\\u') = 0 then payload
        else regexp_replace(payload, '\\\\u[dD][89a-fA-F][0-9a-fA-F]{2}', '\\\\ufffd', 'g') end)::json as p
      from events
      where id > ${after} and id <= ${upTo} and entity_type = 'card' and type in (${flowTypes}) and to_column_id is null
    ) j
    where e.id = j.id`.execute(db);
}

/**
 * Where each card event put the card becomes plain columns of `events` (see `FlowFields` in the event
 * catalog), so the flow metrics select them instead of parsing every payload: on PostgreSQL that parse
 * was most of the first computation after a change. Existing rows are filled from their payload in
 * batches by id, each its own statement outside any transaction (the migration runs with
 * `transaction: false`), so a large log is never locked for the whole backfill; rerunning after an
 * interruption picks up where it stopped. The index is built after the backfill and covers what the
 * metrics read, so the replay's query never touches the payloads.
 */
export const eventFlowColumns: NeutralMigration = {
  transaction: false,
  async up(db: Kysely<any>, engine: Engine) {
    const existing = new Set((await db.introspection.getTables()).find((t) => t.name === 'events')?.columns.map((c) => c.name) ?? []);
    // One column per statement: SQLite adds one at a time. Nullable without a default, so no row is rewritten.
    for (const column of flowColumns) if (!existing.has(column)) await db.schema.alterTable('events').addColumn(column, 'text').execute();

    const last = await db.selectFrom('events').select(db.fn.max('id').as('max')).executeTakeFirst();
    const maxId = Number(last?.max ?? 0);
    for (let after = 0; after < maxId; after += BACKFILL_BATCH) await backfillBatch(db, engine, after, after + BACKFILL_BATCH);

    const predicate = sql`entity_type = 'card' and type in (${flowTypes})`;
    if (engine === 'postgres')
      await sql`create index if not exists events_flow on events (engagement_id, id)
        include (type, created_at, entity_id, to_column_id, to_kind, from_column_id) where ${predicate}`.execute(db);
    else
      await sql`create index if not exists events_flow on events (engagement_id, id, type, created_at, entity_id, to_column_id, to_kind, from_column_id)
        where ${predicate}`.execute(db);
  },
};
