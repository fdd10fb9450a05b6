import crypto from 'node:crypto';
import { AppError, type CardType, cardTypes, fitCard, type ImportCard, type ImportNote, type ImportPlan } from '@carriage/core';
import { parse } from 'csv-parse/sync';

/** The columns a CSV of cards may have, by the header names people write for them. */
const headers: Record<string, keyof Row> = {
  title: 'title',
  name: 'title',
  card: 'title',
  type: 'type',
  column: 'column',
  list: 'column',
  status: 'column',
  'owner email': 'owner',
  owner: 'owner',
  email: 'owner',
  'due date': 'due',
  due: 'due',
  'due on': 'due',
  description: 'description',
  notes: 'description',
  'definition of done': 'dod',
  dod: 'dod',
  checklist: 'dod',
};

interface Row {
  title: string;
  type: string;
  column: string;
  owner: string;
  due: string;
  description: string;
  dod: string;
}

const refuse = (message: string) => new AppError('validation_failed', message, { fields: { csv: message } });

/**
 * Reads a CSV of cards (a header row, then one card per row: title, type, column, owner email, due
 * date, description, definition of done) into an import plan. Commas or semicolons separate fields;
 * definition-of-done items are separate lines or separated by “;”, and “[x] ” marks one done. Rows
 * without a title are skipped; a type or date that can't be read is left out with a note. A row's ref is
 * a hash of its content, so importing the same file again adds nothing twice.
 */
export function planFromCsv(text: string, name: string): ImportPlan {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(source, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: 200_000 }) as string[][];
  } catch (err) {
    throw refuse(
      `The file could not be read as CSV (${String((err as Error).message)
        .replace(/\.$/, '')
        .slice(0, 160)}). Save it as CSV with a header row and try again.`,
    );
  }
  const [head, ...rows] = records;
  if (!head)
    throw refuse('The file is empty. Give a header row (title, type, column, owner email, due date, description, definition of done) and one row per card.');
  const fields = head.map((h) => headers[h.trim().toLowerCase()]);
  if (!fields.includes('title'))
    throw refuse('The header row has no “title” column. Name the columns title, type, column, owner email, due date, description and definition of done.');
  if (rows.length > 5000) throw refuse('Import at most 5,000 cards at once; split the file.');

  const skipped: ImportNote[] = [];
  const notes: ImportNote[] = [];
  const cards: ImportCard[] = [];
  const seen = new Map<string, number>();
  const columnNames: string[] = [];
  rows.forEach((record, i) => {
    const line = i + 2;
    const row: Row = { title: '', type: '', column: '', owner: '', due: '', description: '', dod: '' };
    fields.forEach((f, j) => {
      if (f && record[j] !== undefined) row[f] = record[j] as string;
    });
    const label = `Line ${line}${row.title ? ` (“${row.title.slice(0, 60)}”)` : ''}`;
    if (!row.title.trim()) {
      if (record.some((v) => v.trim())) skipped.push({ item: label, reason: 'It has no title.' });
      return;
    }
    let type: CardType = 'task';
    if (row.type.trim()) {
      const t = row.type.trim().toLowerCase();
      if ((cardTypes as readonly string[]).includes(t)) type = t as CardType;
      else notes.push({ item: label, reason: `“${row.type.slice(0, 40)}” is not a card type (goal, task or event); it was imported as a task.` });
    }
    let dueOn: string | null = null;
    if (row.due.trim()) {
      const d = row.due.trim();
      if (/^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)) dueOn = d;
      else notes.push({ item: label, reason: `The due date “${d.slice(0, 40)}” is not a date in the form YYYY-MM-DD; it was left empty.` });
    }
    const items = row.dod
      .split(/\r?\n|;/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const done = /^\[[xX]\]\s*/.test(s);
        return { text: s.replace(/^\[[ xX]?\]\s*/, ''), done };
      });
    const column = row.column.trim().slice(0, 60);
    if (column && !columnNames.includes(column)) columnNames.push(column);
    const content = [row.title, type, column, row.owner, dueOn, row.description, row.dod].join('\u0001').toLowerCase();
    const hash = crypto.createHash('sha256').update(content).digest('hex').slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    cards.push(
      fitCard(
        {
          ref: n === 1 ? hash : `${hash}#${n}`,
          label,
          listRef: column || null,
          type,
          title: row.title,
          description: row.description,
          dueOn,
          labels: [],
          definitionOfDone: items,
          ownerRef: null,
          ownerEmail: row.owner.trim().toLowerCase() || null,
          archived: false,
          comments: [],
        },
        notes,
      ),
    );
  });
  return {
    source: 'csv',
    name,
    // Column names are matched to the board's columns case-insensitively, so one list per name.
    lists: columnNames.map((c) => ({ ref: c, name: c, archived: false })),
    cards,
    people: [],
    skipped,
    notes,
  };
}
