import {
  AppError,
  type Column,
  type ColumnKind,
  createCardBody,
  guessColumnKind,
  type ImportNote,
  type ImportPlan,
  type Membership,
  type ReadinessGap,
  readinessGapLabels,
} from '@carriage/core';
import type { Kysely } from 'kysely';
import { insertComment, listColumns } from '../../db/queries/board.js';
import { listMembers } from '../../db/queries/engagements.js';
import { importRefs, insertImportRef } from '../../db/queries/imports.js';
import type { Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { createCardInTransaction } from '../board/create-card.js';
import { createColumnInTransaction } from '../board/manage-columns.js';
import { updateCardInTransaction } from '../board/update-card.js';
import { recordEvent, type WriteTrx, writeTransaction } from '../events/record-event.js';

export interface ImportActor {
  engagementId: string;
  membership: Membership;
  name: string;
}

export interface ImportReport {
  source: ImportPlan['source'];
  name: string;
  /** A preview changed nothing; the same import run for real does exactly this. */
  preview: boolean;
  columns: {
    list: string;
    column: string;
    columnId: string | null;
    kind: ColumnKind;
    action: 'existing' | 'create' | 'earlier import' | 'archived list';
    cards: number;
  }[];
  people: { ref: string; name: string; email: string | null; member: { userId: string; name: string; role: string } | null }[];
  counts: { cards: number; archived: number; comments: number; columns: number; alreadyImported: number };
  skipped: ImportNote[];
  notes: ImportNote[];
}

const listOf = (parts: string[]) => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`);

class PreviewDone extends Error {
  constructor(readonly report: ImportReport) {
    super('preview');
  }
}

const sourceName: Record<ImportPlan['source'], string> = { trello: 'Trello', csv: 'the CSV file' };

/**
 * Puts an import plan on the engagement's board in one write transaction, so it lands whole or not at
 * all, with an event for every column, card, archive and comment (the live board, the caches, the
 * metrics and webhooks follow the log as for any change). Lists become the column of the same name, or
 * a new column of the kind their name suggests; cards keep the board's rules (a card not ready for its
 * column goes to the first To Do column instead, a WIP limit is passed with the reason “Imported from …”).
 * Items an earlier import of the same source made are not made again. A preview runs the same work
 * and rolls it back, so it reports exactly what the import would do.
 */
export async function applyImport(
  db: Kysely<Database>,
  actor: ImportActor,
  plan: ImportPlan,
  sourceKey: string,
  opts: { preview: boolean; mapping?: Record<string, string> },
): Promise<ImportReport> {
  try {
    return await writeTransaction(db, actor.engagementId, async (trx) => {
      const report = await importInto(trx, actor, plan, sourceKey, opts.mapping ?? {});
      if (opts.preview) throw new PreviewDone({ ...report, preview: true });
      return report;
    });
  } catch (err) {
    if (err instanceof PreviewDone) return err.report;
    throw err;
  }
}

async function importInto(trx: WriteTrx, actor: ImportActor, plan: ImportPlan, sourceKey: string, mapping: Record<string, string>): Promise<ImportReport> {
  const { engagementId } = actor;
  const userId = actor.membership.userId;
  const now = nowIso();
  const skipped = [...plan.skipped];
  const notes = [...plan.notes];
  const refs = await importRefs(trx, engagementId, sourceKey);
  const remember = (kind: 'card' | 'comment' | 'column', externalId: string, localId: string) =>
    insertImportRef(trx, { engagement_id: engagementId, source: sourceKey, kind, external_id: externalId, local_id: localId, imported_at: now });

  const members = await listMembers(trx, engagementId);
  const memberByEmail = new Map(members.map((m) => [m.email.toLowerCase(), m]));
  const people = plan.people.map((p) => {
    const m = p.email ? memberByEmail.get(p.email) : undefined;
    return { ref: p.ref, name: p.name, email: p.email, member: m ? { userId: m.userId, name: m.name, role: m.role } : null };
  });
  const personByRef = new Map(people.map((p) => [p.ref, p]));

  // Columns: one per list, found by earlier import, by name, or made.
  const columns = await listColumns(trx, engagementId);
  if (columns.length === 0) throw new AppError('conflict', 'This board has no columns. Add one before importing.');
  const firstTodo = columns.find((c) => c.kind === 'todo') ?? columns[0];
  const byName = new Map(columns.map((c) => [c.name.trim().toLowerCase(), c]));
  const byId = new Map(columns.map((c) => [c.id, c]));
  const target = new Map<string, { id: string; name: string; kind: ColumnKind }>();
  const columnRows: ImportReport['columns'] = [];
  let createdColumns = 0;
  // A new column goes right after the column of the list before it, so the board keeps the source's order.
  let previousColumnId: string | null = null;
  for (const list of plan.lists) {
    let row: ImportReport['columns'][number];
    const earlier = byId.get(refs.get(`column:${list.ref}`) ?? '');
    const named = byName.get(list.name.trim().toLowerCase());
    const chosen = mapping[list.ref] !== undefined ? byId.get(mapping[list.ref] as string) : undefined;
    if (mapping[list.ref] !== undefined && !chosen) {
      const message = `Map the list “${list.name}” to a column of this board.`;
      throw new AppError('validation_failed', message, { fields: { [`mapping.${list.ref}`]: message } });
    }
    if (chosen) {
      row = { list: list.name, column: chosen.name, columnId: chosen.id, kind: chosen.kind as ColumnKind, action: 'existing', cards: 0 };
    } else if (list.archived) {
      row = { list: list.name, column: firstTodo.name, columnId: firstTodo.id, kind: firstTodo.kind as ColumnKind, action: 'archived list', cards: 0 };
    } else if (earlier) {
      row = { list: list.name, column: earlier.name, columnId: earlier.id, kind: earlier.kind as ColumnKind, action: 'earlier import', cards: 0 };
    } else if (named) {
      row = { list: list.name, column: named.name, columnId: named.id, kind: named.kind as ColumnKind, action: 'existing', cards: 0 };
    } else {
      const made: Column = await createColumnInTransaction(trx, engagementId, userId, {
        name: list.name.slice(0, 60),
        kind: guessColumnKind(list.name),
        afterColumnId: previousColumnId,
      });
      await remember('column', list.ref, made.id);
      byName.set(made.name.trim().toLowerCase(), { ...firstTodo, id: made.id, name: made.name, kind: made.kind });
      createdColumns += 1;
      row = { list: list.name, column: made.name, columnId: made.id, kind: made.kind, action: 'create', cards: 0 };
    }
    columnRows.push(row);
    target.set(list.ref, { id: row.columnId as string, name: row.column, kind: row.kind });
    if (!list.archived) previousColumnId = row.columnId;
  }

  const counts = { cards: 0, archived: 0, comments: 0, columns: createdColumns, alreadyImported: 0 };
  const cardActor = { engagementId, membership: actor.membership, settings: { coacheeMayAcceptToDone: false } };
  const workerIds = new Set(members.filter((m) => m.role !== 'sponsor').map((m) => m.userId));
  const unmatchedOwners = new Map<string, number>();
  const overrideReason = `Imported from ${sourceName[plan.source]}`;

  for (const item of plan.cards) {
    let cardId = refs.get(`card:${item.ref}`);
    if (cardId) counts.alreadyImported += 1;
    else {
      const column = (item.listRef && target.get(item.listRef)) || { id: firstTodo.id, name: firstTodo.name, kind: firstTodo.kind as ColumnKind };
      const ownerPerson = item.ownerRef ? personByRef.get(item.ownerRef) : undefined;
      const ownerByEmail = item.ownerEmail ? memberByEmail.get(item.ownerEmail) : undefined;
      let ownerId = ownerPerson?.member?.userId ?? ownerByEmail?.userId ?? null;
      if (ownerId && !workerIds.has(ownerId)) {
        notes.push({ item: item.label, reason: 'Its owner is the sponsor, who does not own cards; it was left without an owner.' });
        ownerId = null;
      }
      if (ownerPerson && !ownerPerson.member) unmatchedOwners.set(ownerPerson.name, (unmatchedOwners.get(ownerPerson.name) ?? 0) + 1);
      if (item.ownerEmail && !ownerByEmail)
        notes.push({ item: item.label, reason: `No member of this engagement has the email ${item.ownerEmail}; it was left without an owner.` });
      const body = createCardBody.safeParse({
        columnId: column.id,
        type: item.type,
        title: item.title,
        description: item.description,
        dueOn: item.dueOn,
        labels: item.labels,
        definitionOfDone: item.definitionOfDone,
        ownerId,
        overrideReason,
      });
      if (!body.success) {
        skipped.push({ item: item.label, reason: body.error.issues[0]?.message ?? 'It is not a valid card.' });
        continue;
      }
      let card: Awaited<ReturnType<typeof createCardInTransaction>>;
      try {
        card = await createCardInTransaction(trx, engagementId, cardActor, body.data);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.code !== 'not_ready' || column.id === firstTodo.id) {
          skipped.push({ item: item.label, reason: err.message });
          continue;
        }
        // Not ready for a doing, verify or done column: it starts in To Do instead.
        card = await createCardInTransaction(trx, engagementId, cardActor, { ...body.data, columnId: firstTodo.id });
        const missing = ((err.details?.missing ?? []) as ReadinessGap[]).map((g) => readinessGapLabels[g]);
        notes.push({ item: item.label, reason: `To be in ${column.name} it needs ${listOf(missing)}, so it is in ${firstTodo.name}.` });
      }
      if (item.archived) {
        await updateCardInTransaction(trx, card.id, cardActor, { version: card.version, archived: true });
        counts.archived += 1;
      }
      await remember('card', item.ref, card.id);
      cardId = card.id;
      counts.cards += 1;
      const row = columnRows.find((r) => r.columnId === card.columnId);
      if (row) row.cards += 1;
    }

    for (const c of item.comments) {
      if (refs.has(`comment:${c.ref}`)) continue;
      const author = c.authorRef ? personByRef.get(c.authorRef)?.member : undefined;
      const row = {
        id: newId(),
        card_id: cardId,
        engagement_id: engagementId,
        author_id: author?.userId ?? userId,
        body: c.body,
        created_at: c.createdAt,
        imported_author: author ? null : `${c.authorName} (${plan.source === 'trello' ? 'Trello' : 'import'})`,
      };
      await insertComment(trx, row);
      await recordEvent(trx, {
        engagementId,
        type: 'card.commented',
        actorId: userId,
        entityId: cardId,
        payload: {
          cardId,
          comment: {
            id: row.id,
            body: row.body,
            createdAt: row.created_at,
            author: { id: row.author_id, name: row.imported_author ?? author?.name ?? actor.name },
          },
        },
      });
      await remember('comment', c.ref, row.id);
      counts.comments += 1;
    }
  }
  for (const [name, n] of unmatchedOwners) {
    notes.push({
      item: name,
      reason: `No member of this engagement has ${name}’s email, so ${n === 1 ? 'one card was' : `${n} cards were`} left without an owner. Invite them, or give their email, and import again.`,
    });
  }
  return {
    source: plan.source,
    name: plan.name,
    preview: false,
    columns: columnRows,
    people,
    counts,
    skipped,
    notes,
  };
}
