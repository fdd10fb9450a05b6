import { z } from 'zod';
import { columnKinds } from '../board/columns.js';
import { trelloExportSchema } from '../import/trello.js';

export const trelloImportBody = z.object({
  board: trelloExportSchema.describe('The board export from Trello (Menu → Print, export and share → Export as JSON)'),
  /** Emails of Trello members (by member id or username), when the export does not carry them. */
  memberEmails: z.record(z.string().max(200), z.string().trim().toLowerCase().max(254)).optional(),
  mapping: z.record(z.string().max(200), z.string().max(64)).optional().describe('A column id for a list id, instead of the column the preview chose'),
});

export const csvImportBody = z.object({
  csv: z
    .string({ error: 'Give the CSV file’s text.' })
    .min(1, 'The file is empty.')
    .max(5_000_000, 'Import a file of at most 5 MB; split it.')
    .describe('A header row (title, type, column, owner email, due date, description, definition of done), then one card per row'),
  name: z.string().trim().max(200).optional().describe('The file name, for the report'),
  mapping: z
    .record(z.string().max(200), z.string().max(64))
    .optional()
    .describe('A column id for a column name of the file, instead of the column the preview chose'),
});

const note = z.object({ item: z.string(), reason: z.string() });

export const importReportSchema = z
  .object({
    source: z.enum(['trello', 'csv']),
    name: z.string(),
    preview: z.boolean().describe('true: nothing was changed; importing does exactly this'),
    columns: z.array(
      z.object({
        list: z.string(),
        column: z.string(),
        columnId: z.string().nullable(),
        kind: z.enum(columnKinds),
        action: z.enum(['existing', 'create', 'earlier import', 'archived list']),
        cards: z.number(),
      }),
    ),
    people: z.array(
      z.object({
        ref: z.string().describe('The source’s id of the person (memberEmails takes it)'),
        name: z.string(),
        email: z.string().nullable(),
        member: z.object({ userId: z.string(), name: z.string(), role: z.string() }).nullable(),
      }),
    ),
    counts: z.object({ cards: z.number(), archived: z.number(), comments: z.number(), columns: z.number(), alreadyImported: z.number() }),
    skipped: z.array(note),
    notes: z.array(note),
  })
  .meta({ id: 'ImportReport' });
