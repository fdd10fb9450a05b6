import {
  type ColumnKind,
  type ContractContent,
  computeAllMetrics,
  countSessions,
  dateOfDay,
  dayInZone,
  dayOfDate,
  type EngagementMetrics,
  type GoalMeasureResult,
  type MetricCommitment,
  type MetricContract,
} from '@carriage/core';
import type { Kysely } from 'kysely';
import type { Engine } from '../../db/database.js';
import { listColumns } from '../../db/queries/board.js';
import {
  coachTimeZone,
  findContractInForce,
  latestEventId,
  listCommitmentReviews,
  listFlowSteps,
  listMetricCards,
  listSessionsInOrder,
  sharedGoalIds,
} from '../../db/queries/metrics.js';
import type { Database, EngagementsTable } from '../../db/schema.js';
import { buildGoalMeasures, readMeasureSources } from '../measures/goal-measures.js';
import { readFlowEvents } from './read-flow-events.js';
import { ResultsCache } from './results-cache.js';

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
  /** Goal card id → its measure as of the day computed, for goals whose signed contract gives one. */
  measures: Map<string, GoalMeasureResult>;
  timeZone: string;
  /** The day computed (end of), as a day number. */
  today: number;
  /** The calendar day of an instant in the coach's time zone. */
  dayOf: (iso: string) => number;
  /** Shared by every read of the same computation, for what is derived from it (a serialized response). */
  memo: Map<string, unknown>;
}

function parseContent(raw: string): Partial<ContractContent> {
  try {
    return JSON.parse(raw) as Partial<ContractContent>;
  } catch {
    return {};
  }
}

/** Where the results are read from, and where computed ones are kept (see `ResultsCache`). */
export interface ResultsSource {
  db: Kysely<Database>;
  engine: Engine;
  cache?: ResultsCache<KeptResults>;
}

/** What is kept of a computation: the results, less what depends on the instant rather than the day. */
export interface KeptResults {
  results: Omit<EngagementResults, 'sessions'> & { sessions: Omit<SessionsSummary, 'nextAt'> };
  /** Start times of the scheduled sessions, in order (the next one depends on the instant). */
  scheduled: string[];
}

/** A cache of computed results for `ResultsSource.cache`. */
export function createResultsCache(): ResultsCache<KeptResults> {
  return new ResultsCache<KeptResults>();
}

/**
 * Reads an engagement's activity log, board, sessions, commitments and contract, and computes every
 * metric in one replay. Days are counted in the coach's time zone; `asOf` computes the past. With a
 * cache, a computation is reused until the engagement's next event, the next day or a new time zone.
 */
export async function loadEngagementResults(
  source: ResultsSource,
  engagement: EngagementsTable,
  opts: { asOf?: string | null; now?: Date } = {},
): Promise<EngagementResults> {
  const now = opts.now ?? new Date();
  // The last event id is read before anything it vouches for, so a change made meanwhile is never kept under an older id.
  const [timeZone, lastEventId] = await Promise.all([
    coachTimeZone(source.db, engagement.coach_id),
    source.cache ? latestEventId(source.db, engagement.id) : 0,
  ]);
  const dayOf = dayInZone(timeZone);
  const today = opts.asOf ? dayOfDate(opts.asOf) : dayOf(now.getTime());
  const compute = () => computeResults(source, engagement, { now, asOf: opts.asOf ?? null, timeZone, today });
  const kept = source.cache
    ? await source.cache.get(
        `${engagement.id}|${opts.asOf ?? ''}`,
        [lastEventId, today, timeZone, engagement.coach_id, engagement.starts_on, engagement.ends_on].join('|'),
        lastEventId,
        compute,
      )
    : (await compute()).value;
  const nowIso = now.toISOString();
  const { results, scheduled } = kept;
  const { held, included, left, lastHeldAt, attendance } = results.sessions;
  const nextAt = scheduled.find((startsAt) => startsAt > nowIso) ?? null;
  return { ...results, sessions: { held, included, left, lastHeldAt, nextAt, attendance } };
}

async function computeResults(
  source: ResultsSource,
  engagement: EngagementsTable,
  at: { now: Date; asOf: string | null; timeZone: string; today: number },
): Promise<{ value: KeptResults; weight: number }> {
  const { db } = source;
  const { timeZone, today } = at;
  const dayOf = dayInZone(timeZone);
  const upToToday = (iso: string) => dayOf(Date.parse(iso)) <= today;

  const [columns, cards, steps, reviews, sessions, contractRow, shared, measureSources] = await Promise.all([
    listColumns(db, engagement.id),
    listMetricCards(db, engagement.id),
    listFlowSteps(db, engagement.id),
    listCommitmentReviews(db, engagement.id),
    listSessionsInOrder(db, engagement.id),
    findContractInForce(db, engagement.id),
    sharedGoalIds(db, engagement.id),
    readMeasureSources(db, engagement.id, timeZone),
  ]);
  const events = await readFlowEvents(db, steps, new Set(cards.map((c) => c.id)));

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
    events,
    columns: columns.map((c) => ({ id: c.id, name: c.name, kind: c.kind as ColumnKind })),
    cards: cards.map((c) => ({ id: c.id, type: c.type, title: c.title, parentId: c.parent_id, blocked: c.blocked === 1, deliverableId: c.deliverable_id })),
    now: at.now,
    asOf: at.asOf,
    timeZone,
    commitments,
    contract,
  });

  const past = sessions.filter((s) => upToToday(s.starts_at));
  const included = content?.rate?.sessionsIncluded ?? null;
  const count = countSessions(
    past.map((s) => ({ startsAt: s.starts_at, status: s.status })),
    { startsOn: contract?.startsOn ?? null, sessionsIncluded: included },
    timeZone,
    dateOfDay(today),
  );
  return {
    value: {
      results: {
        metrics,
        sessions: {
          held: count.held,
          included,
          left: count.left,
          lastHeldAt: count.lastHeldAt,
          attendance: past.map((s) => ({ startsAt: s.starts_at, status: s.status })),
        },
        shared,
        parents: new Map(cards.map((c) => [c.id, c.parent_id])),
        measures: new Map(buildGoalMeasures(measureSources, dateOfDay(today)).goals.map(({ cardId, title: _t, sharedWithSponsor: _s, ...m }) => [cardId, m])),
        timeZone,
        today,
        dayOf: (iso) => dayOf(Date.parse(iso)),
        memo: new Map(),
      },
      scheduled: sessions.filter((s) => s.status === 'scheduled').map((s) => s.starts_at),
    },
    // Rows read, a rough measure of the memory the results hold.
    weight: events.length + cards.length + sessions.length + measureSources.checkIns.length,
  };
}
