import {
  type ColumnKind,
  type ContractContent,
  computeAllMetrics,
  dayInZone,
  dayOfDate,
  type EngagementMetrics,
  type MetricCommitment,
  type MetricContract,
} from '@carriage/core';
import type { Kysely } from 'kysely';
import { listColumns } from '../../db/queries/board.js';
import {
  coachTimeZone,
  findContractInForce,
  listAllCards,
  listCommitmentReviews,
  listFlowEvents,
  listSessionsInOrder,
  sharedGoalIds,
} from '../../db/queries/metrics.js';
import type { Database, EngagementsTable } from '../../db/schema.js';

export interface SessionsSummary {
  held: number;
  /** Sessions in the contract's package, or null without one. */
  included: number | null;
  left: number | null;
  lastHeldAt: string | null;
  nextAt: string | null;
  /** Every session up to the day computed, oldest first (date and status only). */
  attendance: { startsAt: string; status: string }[];
}

/** Everything the results views need about one engagement, computed once. */
export interface EngagementResults {
  metrics: EngagementMetrics;
  sessions: SessionsSummary;
  /** Goal cards shared with the sponsor. */
  shared: Set<string>;
  /** Card id → the goal it serves, for deciding what a sponsor may see named. */
  parents: Map<string, string | null>;
  timeZone: string;
  /** The day computed (end of), as a day number. */
  today: number;
  /** The calendar day of an instant in the coach's time zone. */
  dayOf: (iso: string) => number;
}

function parseContent(raw: string): Partial<ContractContent> {
  try {
    return JSON.parse(raw) as Partial<ContractContent>;
  } catch {
    return {};
  }
}

/**
 * Reads an engagement's activity log, board, sessions, commitments and contract, and computes every
 * metric in one replay. Days are counted in the coach's time zone; `asOf` computes the past.
 */
export async function loadEngagementResults(
  db: Kysely<Database>,
  engagement: EngagementsTable,
  opts: { asOf?: string | null; now?: Date } = {},
): Promise<EngagementResults> {
  const now = opts.now ?? new Date();
  const timeZone = await coachTimeZone(db, engagement.coach_id);
  const dayOf = dayInZone(timeZone);
  const today = opts.asOf ? dayOfDate(opts.asOf) : dayOf(now.getTime());
  const upToToday = (iso: string) => dayOf(Date.parse(iso)) <= today;

  const [columns, cards, events, reviews, sessions, contractRow, shared] = await Promise.all([
    listColumns(db, engagement.id),
    listAllCards(db, engagement.id),
    listFlowEvents(db, engagement.id),
    listCommitmentReviews(db, engagement.id),
    listSessionsInOrder(db, engagement.id),
    findContractInForce(db, engagement.id),
    sharedGoalIds(db, engagement.id),
  ]);

  const content = contractRow ? parseContent(contractRow.content) : null;
  const contract: MetricContract | null = contractRow
    ? {
        startsOn: contractRow.starts_on ?? content?.startsOn ?? null,
        endsOn: contractRow.ends_on ?? content?.endsOn ?? null,
        deliverableIds: (content?.deliverables ?? []).map((d) => d.id),
      }
    : { startsOn: engagement.starts_on, endsOn: engagement.ends_on };

  const commitments: MetricCommitment[] = reviews
    .filter((r) => upToToday(r.starts_at))
    .map((r) => ({ sessionId: r.session_id, sessionOn: r.starts_at, kept: r.review_result === 'kept' ? true : r.review_result === 'missed' ? false : null }));

  const metrics = computeAllMetrics({
    events: events.map((e) => ({ type: e.type, createdAt: e.created_at, payload: JSON.parse(e.payload) })),
    columns: columns.map((c) => ({ id: c.id, name: c.name, kind: c.kind as ColumnKind })),
    cards: cards.map((c) => ({ id: c.id, type: c.type, title: c.title, parentId: c.parent_id, blocked: c.blocked === 1, deliverableId: c.deliverable_id })),
    now,
    asOf: opts.asOf ?? null,
    timeZone,
    commitments,
    contract,
  });

  const past = sessions.filter((s) => upToToday(s.starts_at));
  const held = past.filter((s) => s.status === 'held');
  const packageStart = contract?.startsOn ? dayOfDate(contract.startsOn) : null;
  const heldInPackage = held.filter((s) => packageStart === null || dayOf(Date.parse(s.starts_at)) >= packageStart).length;
  const included = content?.rate?.sessionsIncluded ?? null;
  const nowIso = now.toISOString();
  return {
    metrics,
    sessions: {
      held: held.length,
      included,
      left: included === null ? null : Math.max(0, included - heldInPackage),
      lastHeldAt: held.length > 0 ? held[held.length - 1].starts_at : null,
      nextAt: sessions.find((s) => s.status === 'scheduled' && s.starts_at > nowIso)?.starts_at ?? null,
      attendance: past.map((s) => ({ startsAt: s.starts_at, status: s.status })),
    },
    shared,
    parents: new Map(cards.map((c) => [c.id, c.parent_id])),
    timeZone,
    today,
    dayOf: (iso) => dayOf(Date.parse(iso)),
  };
}
