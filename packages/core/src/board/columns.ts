/** What a column means for flow: work waits (backlog, todo), is under way (doing), awaits acceptance (verify), or is finished (done). */
export const columnKinds = ['backlog', 'todo', 'doing', 'verify', 'done'] as const;
export type ColumnKind = (typeof columnKinds)[number];

export interface ColumnTemplate {
  name: string;
  kind: ColumnKind;
  wipLimit: number | null;
  policy: string | null;
}

/** The columns every new board starts with. */
export const defaultColumns: readonly ColumnTemplate[] = [
  { name: 'To Do', kind: 'todo', wipLimit: null, policy: 'Agreed together, with a clear outcome.' },
  { name: 'In Progress', kind: 'doing', wipLimit: 3, policy: 'Ready: an owner, a definition of done and a due date.' },
  { name: 'Verify', kind: 'verify', wipLimit: null, policy: 'The owner believes the definition of done is met.' },
  { name: 'Done', kind: 'done', wipLimit: null, policy: 'Accepted in a session, and celebrated.' },
];

/** Kinds whose cards count as started work (work in progress). */
export function isStartedKind(kind: ColumnKind): boolean {
  return kind === 'doing' || kind === 'verify';
}
