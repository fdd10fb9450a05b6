import { z } from 'zod';
import { type ColumnKind, columnKinds } from '../board/columns.js';
import { roles } from '../policies/roles.js';
import { cardSchema, columnSchema } from '../schemas/board.js';

/**
 * Who may see an event, live and in every replay or export: every member (`all`), the people who
 * work the board (`workers`: coach and coachees), the coach alone (`coach`), or the coach and the
 * billed party (`billing`: the sponsor of an organization, the coachee of an individual engagement).
 * What each role sees of an audience is decided in `visibility.ts`.
 */
export const eventAudiences = ['all', 'workers', 'coach', 'billing'] as const;
export type EventAudience = (typeof eventAudiences)[number];

export const entityTypes = ['card', 'column', 'engagement', 'member', 'invitation', 'vision', 'contract', 'session', 'goal', 'invoice'] as const;
export type EntityType = (typeof entityTypes)[number];

interface Definition {
  audience: EventAudience;
  entity: EntityType;
  payload: z.ZodType;
  /** One line for the ARCHITECTURE.md table. */
  about: string;
}

const kind = z.enum(columnKinds);
const role = z.enum(roles);
const id = z.string();
const cardEvent = z.object({ card: cardSchema });
/**
 * What a move changes of a card, and the title and type readers name it by: a move stores this, not the
 * whole card (~1.4 KB of description, checklist and labels a move never touches). Events recorded before
 * carry the whole card, which has every one of these fields, so readers take either.
 */
export const movedCardSchema = cardSchema.pick({
  id: true,
  columnId: true,
  position: true,
  version: true,
  title: true,
  type: true,
  updatedAt: true,
  columnEnteredAt: true,
  startedAt: true,
  finishedAt: true,
  wipOverrideReason: true,
  sentBackReason: true,
});
export type MovedCard = z.infer<typeof movedCardSchema>;
const comment = z.object({ id, body: z.string(), createdAt: z.string(), author: z.object({ id, name: z.string() }) });
const contract = z.object({ contractId: id, title: z.string(), status: z.string() });
const sessionRef = z.object({ sessionId: id });
const attendance = z.object({
  id,
  engagementId: id,
  seriesId: id.nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  durationMinutes: z.number(),
  timeZone: z.string(),
  status: z.string(),
});
const stage = z.string().nullable();
const invoiceRef = z.object({ invoiceId: id, number: z.string().nullable(), status: z.string() });
const minor = z.number().int();
const checkIn = z.object({ checkInId: id, cardId: id, goalId: id, value: z.number(), on: z.string() });

/**
 * Every kind of event in the activity log: its audience, the entity it is about, and its payload.
 * `recordEvent` takes only these types and payloads (a wrong one fails to compile, and is refused at
 * run time); the live client, metrics, recaps and exports read the same shapes.
 */
export const eventCatalog = {
  'card.created': {
    audience: 'workers',
    entity: 'card',
    payload: cardEvent.extend({ columnKind: kind, overrideReason: z.string().nullable() }),
    about: 'a card was added to a column',
  },
  'card.updated': { audience: 'workers', entity: 'card', payload: cardEvent.extend({ changes: z.array(z.string()) }), about: 'fields of a card changed' },
  'card.moved': {
    audience: 'workers',
    entity: 'card',
    payload: z.object({
      card: movedCardSchema,
      fromColumnId: id,
      toColumnId: id,
      fromKind: kind.nullable(),
      toKind: kind,
      overrideReason: z.string().nullable(),
    }),
    about:
      'a card moved to a column or position; `card` holds only what a move changes (column, position, version, times, the reason it was sent back) with its id, title and type (the metrics read `fromKind`, `toKind`, `toColumnId`)',
  },
  'card.archived': { audience: 'workers', entity: 'card', payload: cardEvent.extend({ changes: z.array(z.string()) }), about: 'a card was archived' },
  'card.restored': { audience: 'workers', entity: 'card', payload: cardEvent.extend({ changes: z.array(z.string()) }), about: 'an archived card came back' },
  'card.commented': { audience: 'workers', entity: 'card', payload: z.object({ cardId: id, comment }), about: 'a comment on a card' },
  'column.created': { audience: 'workers', entity: 'column', payload: z.object({ column: columnSchema }), about: 'a column was added' },
  'column.updated': {
    audience: 'workers',
    entity: 'column',
    payload: z.object({ column: columnSchema }),
    about: 'a column changed (name, kind, WIP limit, policy, place)',
  },
  'column.deleted': { audience: 'workers', entity: 'column', payload: z.object({ columnId: id }), about: 'an empty column was removed' },
  'engagement.created': { audience: 'all', entity: 'engagement', payload: z.object({ title: z.string() }), about: 'the engagement began' },
  'engagement.updated': {
    audience: 'all',
    entity: 'engagement',
    payload: z.object({
      title: z.string().optional(),
      organizationName: z.string().nullable().optional(),
      startsOn: z.string().nullable().optional(),
      endsOn: z.string().nullable().optional(),
      status: z.string().optional(),
      settings: z.record(z.string(), z.unknown()).optional(),
      archived: z.boolean().optional(),
      fromContract: id.optional(),
    }),
    about: 'title, dates, status, settings or archive changed (only what changed)',
  },
  'member.joined': { audience: 'all', entity: 'member', payload: z.object({ userId: id, role }), about: 'someone accepted an invitation' },
  'member.removed': { audience: 'all', entity: 'member', payload: z.object({ userId: id, role }), about: 'a member was removed (their live streams close)' },
  'invitation.created': { audience: 'coach', entity: 'invitation', payload: z.object({ email: z.string(), role }), about: 'the coach invited someone' },
  'invitation.revoked': { audience: 'coach', entity: 'invitation', payload: z.object({ email: z.string() }), about: 'the coach revoked an invitation' },
  'invitation.join_requested': {
    audience: 'coach',
    entity: 'invitation',
    payload: z.object({ email: z.string(), requestedBy: z.string() }),
    about: 'someone logged in under another address asked to join with the invitation',
  },
  'vision.updated': {
    audience: 'all',
    entity: 'vision',
    payload: z.object({ changed: z.array(z.string()) }),
    about: 'the vision changed (names of the fields)',
  },
  'vision.commented': { audience: 'all', entity: 'vision', payload: z.object({ commentId: id }), about: 'a comment on the vision' },
  'contract.created': {
    audience: 'all',
    entity: 'contract',
    payload: contract.extend({
      template: z.string().optional(),
      fromVision: z.boolean().optional(),
      previousId: id.optional(),
      version: z.number().optional(),
      renewalOf: id.optional(),
      days: z.number().optional(),
      carriedForward: z.number().optional(),
    }),
    about: 'a contract draft (new, new version or renewal)',
  },
  'contract.updated': { audience: 'all', entity: 'contract', payload: contract.extend({ fields: z.array(z.string()) }), about: 'a draft was edited' },
  'contract.sent': {
    audience: 'all',
    entity: 'contract',
    payload: contract.extend({ contentSha256: z.string().nullable(), signers: z.array(z.string()) }),
    about: 'sent for signature',
  },
  'contract.signed': {
    audience: 'all',
    entity: 'contract',
    payload: contract.extend({ typedName: z.string(), contentSha256: z.string().nullable(), remaining: z.number() }),
    about: 'one signature (the IP address and browser stay in the audit trail)',
  },
  'contract.completed': {
    audience: 'all',
    entity: 'contract',
    payload: contract.extend({ contentSha256: z.string().nullable() }),
    about: 'every signer signed',
  },
  'contract.declined': { audience: 'all', entity: 'contract', payload: contract.extend({ reason: z.string().optional() }), about: 'a signer declined' },
  'contract.withdrawn': { audience: 'all', entity: 'contract', payload: contract.extend({ reason: z.string().optional() }), about: 'the coach withdrew it' },
  'contract.amended': {
    audience: 'all',
    entity: 'contract',
    payload: contract.extend({ newContractId: id, version: z.number() }),
    about: 'a new version was started',
  },
  'contract.superseded': {
    audience: 'all',
    entity: 'contract',
    payload: contract.extend({ by: id, version: z.number() }),
    about: 'a newer version replaced it',
  },
  'contract.renewed': {
    audience: 'all',
    entity: 'contract',
    payload: contract.extend({ newContractId: id, days: z.number() }),
    about: 'a renewal was drafted',
  },
  'contract.activated': { audience: 'all', entity: 'contract', payload: contract.extend({ on: z.string() }), about: 'its start date came' },
  'contract.ended': { audience: 'all', entity: 'contract', payload: contract.extend({ on: z.string() }), about: 'its end date passed' },
  'contract.cards_created': { audience: 'all', entity: 'contract', payload: contract.extend({ cards: z.number() }), about: 'its deliverables became cards' },
  'goal.shared': { audience: 'all', entity: 'goal', payload: z.object({ cardId: id }), about: 'the coachee shared a goal with the sponsor' },
  'goal.unshared': { audience: 'all', entity: 'goal', payload: z.object({ cardId: id }), about: 'the coachee stopped sharing a goal' },
  'checkin.recorded': {
    audience: 'all',
    entity: 'goal',
    payload: checkIn.extend({ sessionId: id.nullable() }),
    about: "a value of a goal's measure was recorded (the sponsor receives it only while the goal is shared; the note stays out)",
  },
  'checkin.corrected': {
    audience: 'all',
    entity: 'goal',
    payload: checkIn.extend({ correctsId: id }),
    about: 'a recorded value was corrected by a new one (the old one stays in the history)',
  },
  'session.scheduled': {
    audience: 'all',
    entity: 'session',
    payload: z.object({ seriesId: id.nullable(), sessionIds: z.array(id), count: z.number(), firstStartsAt: z.string() }),
    about: 'sessions were scheduled',
  },
  'session.updated': {
    audience: 'all',
    entity: 'session',
    payload: z.object({ scope: z.string(), changes: z.array(z.string()), sessions: z.array(attendance) }),
    about: 'time, place or status of sessions changed (attendance fields only)',
  },
  'session.started': {
    audience: 'workers',
    entity: 'session',
    payload: sessionRef.extend({ from: stage, to: z.string(), review: z.object({ kept: z.number(), missed: z.number() }).optional() }),
    about: 'a session opened, with the review of earlier commitments',
  },
  'session.stage_changed': {
    audience: 'workers',
    entity: 'session',
    payload: sessionRef.extend({ from: stage, to: z.string() }),
    about: 'the checkpoint moved to another stage',
  },
  'session.wifle_updated': {
    audience: 'workers',
    entity: 'session',
    payload: sessionRef.extend({ userId: id, done: z.boolean().nullable() }),
    about: 'someone wrote in WIFLE',
  },
  'session.notes_updated': {
    audience: 'workers',
    entity: 'session',
    payload: sessionRef.extend({ visibility: z.literal('shared') }),
    about: 'the shared notes changed',
  },
  'session.private_notes_updated': {
    audience: 'coach',
    entity: 'session',
    payload: sessionRef.extend({ visibility: z.literal('private') }),
    about: "the coach's private notes changed (no text)",
  },
  'session.focus_changed': {
    audience: 'workers',
    entity: 'session',
    payload: sessionRef.extend({ stage: z.string(), cardId: id.nullable() }),
    about: 'the coach brought another card into focus',
  },
  'session.card_sent_back': {
    audience: 'workers',
    entity: 'session',
    payload: sessionRef.extend({ cardId: id, title: z.string(), reason: z.string() }),
    about: 'a card was sent back from Verify, with what is still missing',
  },
  'session.agreed': {
    audience: 'workers',
    entity: 'session',
    payload: sessionRef.extend({ userId: id, agreed: z.boolean() }),
    about: 'someone agreed to the commitments (or the agreement lapsed as they changed)',
  },
  'session.addendum_added': {
    audience: 'workers',
    entity: 'session',
    payload: sessionRef.extend({ addendumId: id }),
    about: 'an addendum was added to the notes of a closed session',
  },
  'session.commitment_added': { audience: 'workers', entity: 'session', payload: sessionRef.extend({ cardId: id }), about: 'a card was committed to' },
  'session.commitment_removed': { audience: 'workers', entity: 'session', payload: sessionRef.extend({ cardId: id }), about: 'a commitment was taken back' },
  'session.closed': {
    audience: 'all',
    entity: 'session',
    payload: sessionRef.extend({ status: z.string(), closedAt: z.string() }),
    about: 'the session closed and its recap was written',
  },
  'contract.billing_updated': {
    audience: 'billing',
    entity: 'contract',
    payload: contract.extend({ fields: z.array(z.string()) }),
    about: 'who is billed (legal name, address, tax id, billing email) changed',
  },
  'invoice.drafted': {
    audience: 'billing',
    entity: 'invoice',
    payload: invoiceRef.extend({ contractId: id, lines: z.number(), currency: z.string(), totalMinor: minor }),
    about: 'an invoice draft was generated from a contract (or started blank)',
  },
  'invoice.updated': {
    audience: 'billing',
    entity: 'invoice',
    payload: invoiceRef.extend({ changes: z.array(z.string()), totalMinor: minor }),
    about: 'a draft changed: its lines, due date, notes or reverse-charge note',
  },
  'invoice.discarded': { audience: 'billing', entity: 'invoice', payload: invoiceRef, about: 'a draft was deleted' },
  'invoice.issued': {
    audience: 'billing',
    entity: 'invoice',
    payload: invoiceRef.extend({ number: z.string(), issuedOn: z.string(), dueOn: z.string(), currency: z.string(), totalMinor: minor }),
    about: 'an invoice got its number and became final',
  },
  'invoice.sent': {
    audience: 'billing',
    entity: 'invoice',
    payload: invoiceRef.extend({ recipients: z.number(), reminder: z.boolean() }),
    about: 'its PDF was queued to be emailed to the billed party (a reminder when overdue); a delivery that keeps failing shows on the People tab',
  },
  'invoice.payment_recorded': {
    audience: 'billing',
    entity: 'invoice',
    payload: invoiceRef.extend({ paymentId: id, amountMinor: minor, currency: z.string(), paidOn: z.string(), method: z.string(), paidMinor: minor }),
    about: 'a payment (maybe partial) was recorded, by the coach or a payment provider',
  },
  'invoice.paid': { audience: 'billing', entity: 'invoice', payload: invoiceRef.extend({ paidOn: z.string() }), about: 'payments reached the total' },
  'invoice.voided': {
    audience: 'billing',
    entity: 'invoice',
    payload: invoiceRef.extend({ creditNoteId: id, creditNoteNumber: z.string(), reason: z.string().optional() }),
    about: 'an issued invoice was cancelled by a credit note for its whole amount',
  },
} as const satisfies Record<string, Definition>;

// A payload carries exactly its declared fields: an unknown one is refused instead of silently stored.
for (const definition of Object.values(eventCatalog) as Definition[]) definition.payload = (definition.payload as z.ZodObject).strict();

export type EventCatalog = typeof eventCatalog;
export type EventType = keyof EventCatalog;
export type EventPayload<T extends EventType> = z.infer<EventCatalog[T]['payload']>;
export const eventTypes = Object.keys(eventCatalog) as EventType[];

/** Whether a string names an event type of the catalog. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}

/** An event as live clients, replays and exports receive it. */
export type ActivityEvent<T extends EventType = EventType> = {
  [K in T]: {
    id: number;
    engagementId: string;
    type: K;
    actorId: string | null;
    entityType: string;
    entityId: string;
    audience: EventAudience;
    payload: EventPayload<K>;
    createdAt: string;
  };
}[T];

/**
 * Where a card event puts the card, kept in plain columns of the activity log beside the payload so the
 * flow metrics read them without parsing JSON: the column and kind it was created in, moved to or restored
 * to, and where a move came from. Only the card events listed here carry them; every other event leaves
 * them null.
 */
export interface FlowFields {
  toColumnId: string | null;
  toKind: ColumnKind | null;
  fromColumnId: string | null;
  fromKind: ColumnKind | null;
}

const noFlow: FlowFields = { toColumnId: null, toKind: null, fromColumnId: null, fromKind: null };
const flowFieldsByType: { [K in EventType]?: (p: EventPayload<K>) => FlowFields } = {
  'card.created': (p) => ({ ...noFlow, toColumnId: p.card.columnId, toKind: p.columnKind }),
  'card.moved': (p) => ({ toColumnId: p.toColumnId, toKind: p.toKind, fromColumnId: p.fromColumnId, fromKind: p.fromKind }),
  'card.archived': () => noFlow,
  'card.restored': (p) => ({ ...noFlow, toColumnId: p.card.columnId }),
};

/** The event types the flow metrics replay (they carry `FlowFields`). */
export const flowEventTypes = Object.keys(flowFieldsByType) as EventType[];

/** The flow columns of an event as it is recorded (all null for an event the metrics do not replay). */
export function flowFieldsOf<T extends EventType>(type: T, payload: EventPayload<T>): FlowFields {
  const of = flowFieldsByType[type] as ((p: EventPayload<T>) => FlowFields) | undefined;
  return of ? of(payload) : noFlow;
}

/** The event types whose name starts with a prefix (`'card.'`), for typed live handlers. */
export type EventTypeWithPrefix<P extends string> = Extract<EventType, `${P}${string}`>;

/** Event types starting with a prefix, checked: a prefix nothing sends is a compile error for literal prefixes via `EventPrefix`. */
export type EventPrefix = EventType extends `${infer Head}.${string}` ? `${Head}.` : never;
