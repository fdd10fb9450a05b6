import type { ColumnKind } from '../board/columns.js';
import type { CardType } from '../board/readiness.js';

/**
 * An import, whatever its source (a Trello export, a CSV file): the lists or column names cards come
 * from, the cards with what they carry, and what was already left out while reading the source.
 * The server maps it onto a board and applies it in one transaction.
 */
export interface ImportPlan {
  source: 'trello' | 'csv';
  /** The board's or file's name, for the report. */
  name: string;
  lists: ImportList[];
  cards: ImportCard[];
  /** People named in the source, matched to members by email. */
  people: ImportPerson[];
  /** What could not be imported while reading the source, and why. */
  skipped: ImportNote[];
  /** What was imported differently from the source (shortened, moved), and why. */
  notes: ImportNote[];
}

export interface ImportList {
  /** The source's id of the list (a Trello list id, or the column name of a CSV). */
  ref: string;
  name: string;
  /** An archived Trello list: its cards come in archived, into the first To Do column. */
  archived: boolean;
}

export interface ImportPerson {
  ref: string;
  name: string;
  email: string | null;
}

export interface ImportComment {
  ref: string;
  authorRef: string | null;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface ImportCard {
  /** The source's id of the card, so importing the same source again adds nothing twice. */
  ref: string;
  /** Where the card is in the source, for the report (“Card “Plan the offsite”” or “Line 7”). */
  label: string;
  listRef: string | null;
  type: CardType;
  title: string;
  description: string;
  dueOn: string | null;
  labels: string[];
  definitionOfDone: { text: string; done: boolean }[];
  ownerRef: string | null;
  /** The owner's email straight from the source (CSV). */
  ownerEmail: string | null;
  archived: boolean;
  comments: ImportComment[];
}

export interface ImportNote {
  item: string;
  reason: string;
}

/** The kind a column of this name most likely is, for a list the board has no column of that name for. */
export function guessColumnKind(name: string): ColumnKind {
  const n = name.toLowerCase();
  if (/\b(done|complete[d]?|finished|closed|shipped|erledigt|termin[ée])\b/.test(n)) return 'done';
  if (/\b(review|verify|verif|qa|test(ing)?|check|approval|waiting)\b/.test(n)) return 'verify';
  if (/\b(doing|in progress|progress|wip|working|active|started|current)\b/.test(n)) return 'doing';
  if (/\b(backlog|someday|ideas?|parking|later|icebox|maybe)\b/.test(n)) return 'backlog';
  return 'todo';
}

const LIMITS = { title: 200, description: 20_000, labels: 20, label: 40, items: 50, item: 300 } as const;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Fits a card to the board's limits (title 200 characters, description 20,000, 20 labels of 40, 50
 * definition-of-done items of 300), noting each change, so an over-long Trello card still comes in.
 */
export function fitCard(card: ImportCard, notes: ImportNote[]): ImportCard {
  const out = { ...card };
  const note = (reason: string) => notes.push({ item: card.label, reason });
  const title = card.title.replace(/\s+/g, ' ').trim();
  out.title = clip(title, LIMITS.title);
  if (title.length > LIMITS.title) note(`The title was shortened to ${LIMITS.title} characters.`);
  out.description = clip(card.description, LIMITS.description);
  if (card.description.length > LIMITS.description) note(`The description was shortened to ${LIMITS.description.toLocaleString('en-US')} characters.`);
  const labels = [...new Set(card.labels.map((l) => l.trim()).filter(Boolean))];
  out.labels = labels.slice(0, LIMITS.labels).map((l) => clip(l, LIMITS.label));
  if (labels.length > LIMITS.labels) note(`Only the first ${LIMITS.labels} labels were kept.`);
  const items = card.definitionOfDone.filter((i) => i.text.trim());
  out.definitionOfDone = items.slice(0, LIMITS.items).map((i) => ({ text: clip(i.text.trim(), LIMITS.item), done: i.done }));
  if (items.length > LIMITS.items) note(`Only the first ${LIMITS.items} checklist items were kept as its definition of done.`);
  return out;
}
