import { z } from 'zod';
import { columnKinds } from '../board/columns.js';
import { cardTypes } from '../board/readiness.js';
import { dateSchema, dateTimeSchema, idSchema } from './common.js';

const title = z.string({ error: 'Give the card a title.' }).trim().min(1, 'Give the card a title.').max(200, 'Use a title of at most 200 characters.');
const checklist = z
  .array(
    z.object({
      id: z.string().max(40).optional(),
      text: z.string().trim().max(300, 'Keep each definition-of-done item under 300 characters.'),
      done: z.boolean().default(false),
    }),
  )
  .max(50, 'Use at most 50 definition-of-done items.');
const labels = z.array(z.string().trim().min(1).max(40, 'Keep each label under 40 characters.')).max(20, 'Use at most 20 labels.');
const wipLimit = z
  .number({ error: 'A WIP limit is a whole number.' })
  .int('A WIP limit is a whole number.')
  .min(1, 'A WIP limit is at least 1 (or leave it empty for none).')
  .max(999)
  .nullable();
const overrideReason = z.string().trim().min(3, 'Say in a few words why the limit should be exceeded.').max(500).optional();

export const createColumnBody = z.object({
  name: z.string({ error: 'Name the column.' }).trim().min(1, 'Name the column.').max(60, 'Use a column name of at most 60 characters.'),
  kind: z.enum(columnKinds, { error: 'A column kind is one of backlog, todo, doing, verify or done.' }),
  wipLimit: wipLimit.optional(),
  policy: z.string().trim().max(500, 'Keep the policy under 500 characters.').nullable().optional(),
  afterColumnId: idSchema.nullable().optional(),
});

export const updateColumnBody = z.object({
  name: z.string().trim().min(1, 'Name the column.').max(60, 'Use a column name of at most 60 characters.').optional(),
  kind: z.enum(columnKinds, { error: 'A column kind is one of backlog, todo, doing, verify or done.' }).optional(),
  wipLimit: wipLimit.optional(),
  policy: z.string().trim().max(500, 'Keep the policy under 500 characters.').nullable().optional(),
  /** Reorder: put this column right after another (null for first). */
  afterColumnId: idSchema.nullable().optional(),
});

/** What a card holds beyond its column, type and title: the same rules when it is created and edited. */
const cardDetails = {
  description: z.string().max(20_000, 'Keep the description under 20,000 characters.').optional(),
  definitionOfDone: checklist.optional(),
  ownerId: idSchema.nullable().optional(),
  dueOn: dateSchema.nullable().optional(),
  eventAt: dateTimeSchema.nullable().optional(),
  eventPlace: z.string().trim().max(200).nullable().optional(),
  labels: labels.optional(),
  parentId: idSchema.nullable().optional(),
};

export const createCardBody = z.object({
  columnId: idSchema,
  type: z.enum(cardTypes, { error: 'A card is a goal, a task or an event.' }).default('task'),
  title,
  ...cardDetails,
  /** Place the card after this one; omitted: at the end of the column. */
  afterCardId: idSchema.nullable().optional(),
  overrideReason,
});
export type CreateCardBody = z.infer<typeof createCardBody>;

export const updateCardBody = z.object({
  version: z.number({ error: 'Send the card’s version so concurrent edits are caught.' }).int().min(1),
  type: z.enum(cardTypes).optional(),
  title: title.optional(),
  ...cardDetails,
  blocked: z.boolean().optional(),
  blockedReason: z.string().trim().max(500).nullable().optional(),
  archived: z.boolean().optional(),
});
export type UpdateCardBody = z.infer<typeof updateCardBody>;

export const moveCardBody = z.object({
  columnId: idSchema,
  beforeCardId: idSchema.nullable().optional(),
  afterCardId: idSchema.nullable().optional(),
  version: z.number({ error: 'Send the card’s version so concurrent moves are caught.' }).int().min(1),
  overrideReason,
});
export type MoveCardBody = z.infer<typeof moveCardBody>;

export const commentBody = z.object({
  body: z.string({ error: 'Write a comment.' }).trim().min(1, 'Write a comment.').max(10_000, 'Keep comments under 10,000 characters.'),
});

export const cardSchema = z
  .object({
    id: idSchema,
    engagementId: idSchema,
    columnId: idSchema,
    type: z.enum(cardTypes),
    title: z.string(),
    description: z.string(),
    definitionOfDone: z.array(z.object({ id: z.string(), text: z.string(), done: z.boolean() })),
    ownerId: z.string().nullable(),
    dueOn: z.string().nullable(),
    eventAt: z.string().nullable(),
    eventPlace: z.string().nullable(),
    labels: z.array(z.string()),
    blocked: z.boolean(),
    blockedReason: z.string().nullable(),
    parentId: z.string().nullable(),
    contractId: z.string().nullable(),
    deliverableId: z.string().nullable(),
    position: z.string(),
    version: z.number(),
    wipOverrideReason: z.string().nullable(),
    sentBackReason: z.string().nullable().describe('Why the card was last sent back from Verify; cleared when it reaches Verify or Done again'),
    archivedAt: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    columnEnteredAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    missing: z.array(z.string()),
    commentCount: z.number(),
    children: z.object({ total: z.number(), done: z.number() }).optional(),
  })
  .meta({ id: 'Card' });
export type Card = z.infer<typeof cardSchema>;

export const columnSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    kind: z.enum(columnKinds),
    wipLimit: z.number().nullable(),
    policy: z.string().nullable(),
    position: z.string(),
  })
  .meta({ id: 'Column' });
export type Column = z.infer<typeof columnSchema>;

/**
 * The cards of a column that the board leaves out: a done column carries only the cards that entered it last,
 * and says how many older ones there are, how many of them serve each goal (so goal progress stays whole),
 * and where the next page of them starts (`before`, for GET /api/columns/:id/cards).
 */
export const olderCardsSchema = z
  .object({
    count: z.number(),
    byGoal: z.record(z.string(), z.number()),
    before: z.string().nullable(),
  })
  .meta({ id: 'OlderCards' });
export type OlderCards = z.infer<typeof olderCardsSchema>;

export const boardColumnSchema = columnSchema.extend({ cards: z.array(cardSchema), olderCards: olderCardsSchema }).meta({ id: 'BoardColumn' });

/** A page of a column's older cards, the most recent first, and what is left after it. */
export const olderCardsQuery = z.object({
  before: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[^|]{1,40}\|[^|]{1,64}$/, 'Use the `before` value the board or the previous page gave for this column.')
    .describe('Where the page starts: the `olderCards.before` of the board’s column or of the previous page'),
  limit: z.coerce
    .number()
    .int('Ask for a whole number of cards.')
    .min(1, 'Ask for at least one card.')
    .max(500, 'Ask for at most 500 cards at a time.')
    .default(100),
});
export const olderCardsPageSchema = z.object({ cards: z.array(cardSchema), olderCards: olderCardsSchema }).meta({ id: 'OlderCardsPage' });

export const boardSchema = z
  .object({
    engagementId: idSchema,
    lastEventId: z.number(),
    columns: z.array(boardColumnSchema),
    members: z.array(z.object({ userId: z.string(), name: z.string(), role: z.string() })),
  })
  .meta({ id: 'Board' });
