import { z } from 'zod';
import { fitCard, type ImportCard, type ImportComment, type ImportNote, type ImportPlan } from './plan.js';

/**
 * The parts of a Trello board export (the JSON of Menu → Print, export and share → Export as JSON) that
 * Carriage reads. Everything else in the export is ignored; fields Trello leaves out are optional.
 */
const id = z.string().min(1).max(100);
const trelloLabel = z.object({ id, name: z.string().max(500).nullish(), color: z.string().max(50).nullish() }).loose();
export const trelloExportSchema = z
  .object({
    id,
    name: z.string().max(500),
    lists: z.array(z.object({ id, name: z.string().max(500), closed: z.boolean().optional(), pos: z.number().optional() }).loose()).max(500),
    cards: z
      .array(
        z
          .object({
            id,
            name: z.string().max(20_000),
            desc: z.string().max(100_000).optional(),
            closed: z.boolean().optional(),
            idList: id,
            pos: z.number().optional(),
            due: z.string().max(40).nullish(),
            labels: z.array(trelloLabel).max(100).optional(),
            idMembers: z.array(id).max(100).optional(),
            idChecklists: z.array(id).max(100).optional(),
          })
          .loose(),
      )
      .max(5000, 'A board of at most 5,000 cards can be imported at once.'),
    checklists: z
      .array(
        z
          .object({
            id,
            idCard: id,
            name: z.string().max(500).optional(),
            pos: z.number().optional(),
            checkItems: z.array(z.object({ id, name: z.string().max(5000), state: z.string().max(20), pos: z.number().optional() }).loose()).max(500),
          })
          .loose(),
      )
      .max(20_000)
      .optional(),
    members: z
      .array(z.object({ id, fullName: z.string().max(500).optional(), username: z.string().max(200).optional(), email: z.string().max(254).nullish() }).loose())
      .max(1000)
      .optional(),
    actions: z
      .array(
        z
          .object({
            id,
            type: z.string().max(100),
            date: z.string().max(40),
            idMemberCreator: id.optional(),
            data: z
              .object({ text: z.string().max(100_000).optional(), card: z.object({ id }).loose().optional() })
              .loose()
              .optional(),
            memberCreator: z
              .object({ id, fullName: z.string().max(500).optional(), username: z.string().max(200).optional() })
              .loose()
              .optional(),
          })
          .loose(),
      )
      .max(50_000)
      .optional(),
  })
  .loose();
export type TrelloExport = z.infer<typeof trelloExportSchema>;

const byPos = <T extends { pos?: number }>(a: T, b: T) => (a.pos ?? 0) - (b.pos ?? 0);

/** A Trello due date (an instant) as the calendar date it falls on in UTC. */
function dueDate(due: string | null | undefined): string | null {
  if (!due) return null;
  const t = Date.parse(due);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
}

/**
 * Reads a Trello export into an import plan: open lists in their order; cards in list then card order
 * with their name, description, due date, labels (by name, else by colour), checklists as the definition
 * of done (items prefixed with their checklist's name when a card has several), first member as owner,
 * archived cards (and the cards of archived lists) archived, and comments with their author and date.
 */
export function planFromTrello(board: TrelloExport, memberEmails: Record<string, string> = {}): ImportPlan {
  const skipped: ImportNote[] = [];
  const notes: ImportNote[] = [];
  const lists = [...board.lists].sort(byPos);
  const listIds = new Set(lists.map((l) => l.id));
  const checklists = new Map<string, NonNullable<TrelloExport['checklists']>>();
  for (const c of board.checklists ?? []) checklists.set(c.idCard, [...(checklists.get(c.idCard) ?? []), c]);
  const comments = new Map<string, ImportComment[]>();
  for (const a of board.actions ?? []) {
    const cardId = a.data?.card?.id;
    const text = a.data?.text?.trim();
    if (a.type !== 'commentCard' || !cardId || !text) continue;
    comments.set(cardId, [
      ...(comments.get(cardId) ?? []),
      {
        ref: a.id,
        authorRef: a.memberCreator?.id ?? a.idMemberCreator ?? null,
        authorName: a.memberCreator?.fullName || a.memberCreator?.username || 'A Trello member',
        body: text.length > 10_000 ? `${text.slice(0, 9_999)}…` : text,
        createdAt: Number.isNaN(Date.parse(a.date)) ? new Date(0).toISOString() : new Date(a.date).toISOString(),
      },
    ]);
  }
  const listOrder = new Map(lists.map((l, i) => [l.id, i]));
  const closedLists = new Set(lists.filter((l) => l.closed).map((l) => l.id));
  const cards: ImportCard[] = [];
  const sorted = [...board.cards].sort((a, b) => (listOrder.get(a.idList) ?? 0) - (listOrder.get(b.idList) ?? 0) || byPos(a, b));
  for (const c of sorted) {
    const label = c.name.trim() ? `Card “${c.name.trim().slice(0, 80)}”` : `A card without a name (Trello id ${c.id})`;
    if (!c.name.trim()) {
      skipped.push({ item: label, reason: 'It has no name.' });
      continue;
    }
    if (!listIds.has(c.idList)) {
      skipped.push({ item: label, reason: 'Its list is not in the export.' });
      continue;
    }
    const own = (checklists.get(c.id) ?? []).sort(byPos);
    const items = own.flatMap((list) =>
      [...list.checkItems].sort(byPos).map((i) => ({ text: own.length > 1 && list.name ? `${list.name} — ${i.name}` : i.name, done: i.state === 'complete' })),
    );
    if (c.due && !dueDate(c.due)) notes.push({ item: label, reason: `Its due date (${c.due.slice(0, 40)}) is not a date; it was left empty.` });
    const card: ImportCard = {
      ref: c.id,
      label,
      listRef: c.idList,
      type: 'task',
      title: c.name,
      description: c.desc ?? '',
      dueOn: dueDate(c.due),
      labels: (c.labels ?? []).map((l) => l.name?.trim() || l.color || '').filter(Boolean),
      definitionOfDone: items,
      ownerRef: c.idMembers?.[0] ?? null,
      ownerEmail: null,
      archived: Boolean(c.closed) || closedLists.has(c.idList),
      comments: (comments.get(c.id) ?? []).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    };
    cards.push(fitCard(card, notes));
  }
  const people = (board.members ?? []).map((m) => ({
    ref: m.id,
    name: m.fullName || m.username || m.id,
    email: (memberEmails[m.id] ?? (m.username ? memberEmails[m.username] : undefined) ?? m.email ?? null)?.trim().toLowerCase() || null,
  }));
  return {
    source: 'trello',
    name: board.name,
    lists: lists.map((l) => ({ ref: l.id, name: l.name.trim().slice(0, 60) || 'Untitled list', archived: Boolean(l.closed) })),
    cards,
    people,
    skipped,
    notes,
  };
}
