import type { ColumnKind } from '../board/columns.js';
import type { PercentileValue } from './percentiles.js';

/** One activity-log entry as the metrics read it (payloads as listed in ARCHITECTURE.md). */
export interface MetricEvent {
  type: string;
  /** ISO 8601 instant. */
  createdAt: string;
  payload: unknown;
}

export interface MetricColumn {
  id: string;
  name: string;
  kind: ColumnKind;
}

/** The current attributes of a card; when given they win over the snapshots inside the events. */
export interface MetricCard {
  id: string;
  type: string;
  title: string;
  parentId: string | null;
  blocked: boolean;
  deliverableId: string | null;
}

/** A commitment made in a coaching session, and how the next session reviewed it. */
export interface MetricCommitment {
  sessionId: string;
  /** When the session that made it took place (date or ISO instant). */
  sessionOn: string;
  /** true kept, false missed, null not reviewed yet. */
  kept: boolean | null;
}

export interface MetricContract {
  startsOn: string | null;
  endsOn: string | null;
  /** The contract's deliverables; when absent, every deliverable linked from a card counts. */
  deliverableIds?: readonly string[] | null;
}

export interface MetricsInput {
  events: readonly MetricEvent[];
  /** The board's columns in board order. */
  columns: readonly MetricColumn[];
  /** The current instant (ISO text or Date). */
  now: string | Date;
  /** Compute as of the end of this date (YYYY-MM-DD) instead of today; later events are left out. */
  asOf?: string | null;
  /** The zone whose calendar days the series count in (the coach's); default UTC. */
  timeZone?: string;
  cards?: readonly MetricCard[];
  commitments?: readonly MetricCommitment[];
  contract?: MetricContract | null;
}

export interface DailyCount {
  date: string;
  count: number;
}

export interface CycleTimeItem {
  cardId: string;
  title: string;
  startedOn: string;
  finishedOn: string;
  /** Calendar days, counting both the start and the finish day. */
  days: number;
}

export interface AgingItem {
  cardId: string;
  title: string;
  columnId: string;
  columnName: string;
  kind: ColumnKind;
  startedOn: string;
  ageDays: number;
  blocked: boolean;
  /** Older than the 85th-percentile cycle time (null while that percentile is not known). */
  aboveP85: boolean | null;
}

export interface CfdSeries {
  id: string;
  name: string;
  kind: ColumnKind;
  /** Cards in the column at the end of each day of `dates`. */
  counts: number[];
}

export interface CommitmentSession {
  sessionId: string;
  sessionOn: string;
  made: number;
  kept: number;
  missed: number;
  pending: number;
  /** kept ÷ (kept + missed), null before any review. */
  reliability: number | null;
}

export interface GoalProgress {
  cardId: string;
  title: string;
  linked: number;
  finished: number;
  /** finished ÷ linked, null for a goal with no cards yet. */
  progress: number | null;
  /** Whether the goal card itself is in Done. */
  done: boolean;
}

export interface BurnUpPoint {
  date: string;
  /** Days of the contract elapsed by the end of this date. */
  elapsedDays: number;
  /** Deliverables done by the end of this date. */
  done: number;
  /** Deliverables a straight line from start to end would have done by this date. */
  ideal: number;
}

export interface ContractJourney {
  startsOn: string;
  endsOn: string;
  totalDays: number;
  elapsedDays: number;
  timeRatio: number;
  deliverables: { done: number; total: number; ratio: number | null };
  burnUp: BurnUpPoint[];
}

export interface Win {
  cardId: string;
  title: string;
  type: string;
  finishedAt: string;
  finishedOn: string;
}

/** Every measurable result of an engagement. */
export interface EngagementMetrics {
  asOf: string;
  timeZone: string;
  /** The days the daily series cover: from the first card event to asOf (both null for an empty board). */
  from: string | null;
  to: string | null;
  wip: { current: number; days: DailyCount[] };
  cycleTime: { items: CycleTimeItem[]; percentiles: Record<'p50' | 'p85' | 'p95', PercentileValue> };
  throughput: { total: number; weeks: { week: string; startsOn: string; finished: number }[] };
  aging: { p85: number | null; items: AgingItem[] };
  cfd: { dates: string[]; columns: CfdSeries[]; kinds: { kind: ColumnKind; counts: number[] }[] };
  commitments: { sessions: CommitmentSession[]; overall: Omit<CommitmentSession, 'sessionId' | 'sessionOn'> };
  goals: GoalProgress[];
  contract: ContractJourney | null;
  wins: Win[];
  blockedCards: number;
}
