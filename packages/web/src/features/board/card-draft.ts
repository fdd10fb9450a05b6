import type { Card } from './board-data';

/** The editable fields of a card, as the details form holds them. */
export interface Draft {
  title: string;
  type: Card['type'];
  description: string;
  definitionOfDone: { id: string; text: string; done: boolean }[];
  ownerId: string | null;
  dueOn: string | null;
  eventAt: string | null;
  eventPlace: string | null;
  labels: string[];
  blocked: boolean;
  blockedReason: string | null;
  parentId: string | null;
}
export type DraftField = keyof Draft;

export const draftFields: DraftField[] = [
  'title',
  'type',
  'description',
  'definitionOfDone',
  'ownerId',
  'dueOn',
  'eventAt',
  'eventPlace',
  'labels',
  'blocked',
  'blockedReason',
  'parentId',
];

export const fieldLabels: Record<DraftField, string> = {
  title: 'Title',
  type: 'Type',
  description: 'Description',
  definitionOfDone: 'Definition of done',
  ownerId: 'Owner',
  dueOn: 'Due date',
  eventAt: 'Event date and time',
  eventPlace: 'Place',
  labels: 'Labels',
  blocked: 'Blocked',
  blockedReason: 'What blocks it',
  parentId: 'Goal',
};

export function draftOf(card: Card): Draft {
  return {
    title: card.title,
    type: card.type,
    description: card.description,
    definitionOfDone: card.definitionOfDone.map((i) => ({ ...i })),
    ownerId: card.ownerId,
    dueOn: card.dueOn,
    eventAt: card.eventAt,
    eventPlace: card.eventPlace,
    labels: [...card.labels],
    blocked: card.blocked,
    blockedReason: card.blockedReason,
    parentId: card.parentId,
  };
}

/** A comparable form of a field's value: empty text and null are the same, checklist ids don't matter. */
function norm(field: DraftField, value: unknown): string {
  if (field === 'definitionOfDone')
    return JSON.stringify((value as Draft['definitionOfDone']).filter((i) => i.text.trim()).map((i) => [i.text.trim(), i.done]));
  if (field === 'eventAt') return value ? String(new Date(value as string).getTime()) : '';
  if (typeof value === 'string') return field === 'description' ? value : value.trim();
  if (value === null || value === undefined) return '';
  return JSON.stringify(value);
}

/** The fields whose values differ between two drafts. */
export function changedFields(a: Draft, b: Draft): DraftField[] {
  return draftFields.filter((f) => {
    if (f === 'blockedReason' && !a.blocked && !b.blocked) return false;
    return norm(f, a[f]) !== norm(f, b[f]);
  });
}

/** The PATCH body for some fields of a draft. */
export function patchOf(draft: Draft, fields: DraftField[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = draft[f];
    if (f === 'definitionOfDone')
      body[f] = draft.definitionOfDone.filter((i) => i.text.trim()).map((i) => ({ id: i.id || undefined, text: i.text.trim(), done: i.done }));
    else if (f === 'title' || f === 'eventPlace' || f === 'blockedReason') body[f] = typeof v === 'string' ? v.trim() || (f === 'title' ? '' : null) : v;
    else if (f === 'ownerId' || f === 'dueOn' || f === 'parentId' || f === 'eventAt') body[f] = v || null;
    else body[f] = v;
  }
  if (fields.includes('blocked') && draft.blocked && !fields.includes('blockedReason')) body.blockedReason = draft.blockedReason?.trim() || null;
  return body;
}
