import { type ColumnKind, columnKinds } from '../board/columns.js';
import type { MetricCard, MetricColumn, MetricEvent } from './types.js';

/**
 * Replays the card events of an activity log once, in order, into the state of every card and the
 * end-of-day count of cards per column and per kind. One pass over the events plus one step per day
 * and column: no work grows with events × days.
 */

/** What the replay knows about one card at the end. */
export interface CardState {
  id: string;
  type: string;
  title: string;
  parentId: string | null;
  blocked: boolean;
  deliverableId: string | null;
  columnId: string;
  kind: ColumnKind;
  archived: boolean;
  /** In the cumulative flow counts right now (see `countsInFlow`). */
  counted: boolean;
  /** When the card last started (entered doing, verify or done from a waiting column), or null. */
  startedMs: number | null;
  startedDay: number | null;
  /** When the card entered done, while it stays there; null once it leaves. */
  finishedMs: number | null;
  finishedDay: number | null;
  finishedAt: string | null;
}

export interface Replay {
  cards: Map<string, CardState>;
  /** First and last day of the series (null and toDay for an empty log). */
  fromDay: number | null;
  toDay: number;
  /** Column id → end-of-day counts, one per day from fromDay to toDay. */
  columnCounts: Map<string, number[]>;
  /** Kinds of columns the log mentions that are no longer on the board. */
  removedColumns: Map<string, ColumnKind>;
  kindCounts: Record<ColumnKind, number[]>;
}

const CREATED = 0;
const MOVED = 1;
const ARCHIVED = 2;
const RESTORED = 3;
const eventCodes: Record<string, number> = { 'card.created': CREATED, 'card.moved': MOVED, 'card.archived': ARCHIVED, 'card.restored': RESTORED };

interface Step {
  code: number;
  ms: number;
  day: number;
  at: string;
  cardId: string;
  columnId: string | null;
  kind: ColumnKind | null;
}

const isKind = (k: unknown): k is ColumnKind => typeof k === 'string' && (columnKinds as readonly string[]).includes(k);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Goal cards are the destination, not work items: flow counts only task and event cards. */
export function countsInFlow(s: Pick<CardState, 'type' | 'archived' | 'kind'>): boolean {
  // A card archived from Done stays counted as delivered, so the Done band never shrinks.
  return s.type !== 'goal' && (!s.archived || s.kind === 'done');
}

/** Replays the log up to the end of `toDay`; `dayOf` maps an instant to its calendar day. */
export function replayLog(
  events: readonly MetricEvent[],
  columns: readonly MetricColumn[],
  cards: readonly MetricCard[] | undefined,
  dayOf: (ms: number) => number,
  toDay: number,
): Replay {
  const columnKind = new Map<string, ColumnKind>(columns.map((c) => [c.id, c.kind]));
  const current = new Map<string, MetricCard>((cards ?? []).map((c) => [c.id, c]));

  // Pass 1: keep the card events of the period, and the latest snapshot of each card.
  const steps: Step[] = [];
  const latest = new Map<string, { ms: number; card: Record<string, unknown> }>();
  let sorted = true;
  for (const e of events) {
    const code = eventCodes[e.type];
    if (code === undefined && e.type !== 'card.updated') continue;
    const p = (e.payload ?? {}) as Record<string, unknown>;
    const card = (p.card ?? {}) as Record<string, unknown>;
    const cardId = str(card.id);
    if (!cardId) continue;
    const ms = Date.parse(e.createdAt);
    if (Number.isNaN(ms)) continue;
    const day = dayOf(ms);
    if (day > toDay) continue;
    // Snapshots are merged, not replaced: a move keeps only what it changed and the card's name.
    const seen = latest.get(cardId);
    if (!seen) latest.set(cardId, { ms, card });
    else if (seen.ms <= ms) latest.set(cardId, { ms, card: { ...seen.card, ...card } });
    else seen.card = { ...card, ...seen.card };
    // An edit changes what a card is called or linked to, not where it is.
    if (code === undefined) continue;
    let columnId: string | null = null;
    let kind: ColumnKind | null = null;
    if (code === CREATED) {
      columnId = str(card.columnId);
      kind = isKind(p.columnKind) ? p.columnKind : (columnKind.get(columnId ?? '') ?? null);
    } else if (code === MOVED) {
      columnId = str(p.toColumnId) ?? str(card.columnId);
      kind = isKind(p.toKind) ? p.toKind : (columnKind.get(columnId ?? '') ?? null);
    } else if (code === RESTORED) {
      columnId = str(card.columnId);
    }
    if (steps.length > 0 && ms < steps[steps.length - 1].ms) sorted = false;
    steps.push({ code, ms, day, at: e.createdAt, cardId, columnId, kind });
  }
  // The log is appended in time order; sort only if a caller passed it otherwise (stable: ties keep log order).
  if (!sorted) steps.sort((a, b) => a.ms - b.ms);

  const attrs = (id: string) => {
    const c = current.get(id);
    if (c) return { type: c.type, title: c.title, parentId: c.parentId, blocked: c.blocked, deliverableId: c.deliverableId };
    const s = latest.get(id)?.card ?? {};
    return {
      type: str(s.type) ?? 'task',
      title: str(s.title) ?? 'Untitled card',
      parentId: str(s.parentId),
      blocked: s.blocked === true || s.blocked === 1,
      deliverableId: str(s.deliverableId),
    };
  };

  // Pass 2: walk the days, applying each day's steps, then note the end-of-day counts.
  const fromDay = steps.length > 0 ? steps[0].day : null;
  const columnIndex = new Map<string, number>();
  const live: number[] = [];
  const series: number[][] = [];
  const removedColumns = new Map<string, ColumnKind>();
  const indexOf = (columnId: string, kind: ColumnKind): number => {
    let i = columnIndex.get(columnId);
    if (i === undefined) {
      i = live.length;
      columnIndex.set(columnId, i);
      live.push(0);
      series.push(new Array(fromDay === null ? 0 : toDay - fromDay + 1).fill(0));
      if (!columnKind.has(columnId)) removedColumns.set(columnId, kind);
    }
    return i;
  };
  for (const c of columns) indexOf(c.id, c.kind);
  const liveKinds: Record<ColumnKind, number> = { backlog: 0, todo: 0, doing: 0, verify: 0, done: 0 };
  const kindCounts: Record<ColumnKind, number[]> = { backlog: [], todo: [], doing: [], verify: [], done: [] };

  const states = new Map<string, CardState>();
  const add = (s: CardState, delta: number) => {
    live[indexOf(s.columnId, s.kind)] += delta;
    liveKinds[s.kind] += delta;
  };
  const enter = (s: CardState, kind: ColumnKind, step: Step) => {
    if (kind === 'backlog' || kind === 'todo') {
      // Put back before the commitment point: it is no longer started, and its clock restarts if it starts again.
      s.startedMs = s.startedDay = null;
      s.finishedMs = s.finishedDay = s.finishedAt = null;
      return;
    }
    if (s.startedMs === null) {
      // Entering verify or done without passing through doing still starts the card.
      s.startedMs = step.ms;
      s.startedDay = step.day;
    }
    if (kind === 'done') {
      if (s.finishedMs === null) {
        s.finishedMs = step.ms;
        s.finishedDay = step.day;
        s.finishedAt = step.at;
      }
    } else {
      s.finishedMs = s.finishedDay = s.finishedAt = null;
    }
  };
  const recount = (s: CardState) => {
    const want = countsInFlow(s);
    if (want !== s.counted) add(s, want ? 1 : -1);
    s.counted = want;
  };
  const apply = (step: Step) => {
    let s = states.get(step.cardId);
    if (step.code === CREATED || (step.code === MOVED && !s)) {
      if (s || !step.columnId) return;
      const kind = step.kind ?? 'todo';
      s = {
        id: step.cardId,
        ...attrs(step.cardId),
        columnId: step.columnId,
        kind,
        archived: false,
        counted: false,
        startedMs: null,
        startedDay: null,
        finishedMs: null,
        finishedDay: null,
        finishedAt: null,
      };
      states.set(s.id, s);
      enter(s, kind, step);
      recount(s);
      return;
    }
    if (!s) return;
    if (step.code === MOVED) {
      if (!step.columnId || !step.kind) return;
      if (s.counted) add(s, -1);
      s.counted = false;
      s.columnId = step.columnId;
      enter(s, step.kind, step);
      s.kind = step.kind;
      recount(s);
    } else if (step.code === ARCHIVED) {
      s.archived = true;
      recount(s);
    } else if (step.code === RESTORED) {
      if (s.counted) add(s, -1);
      s.counted = false;
      if (step.columnId && step.columnId !== s.columnId) {
        s.columnId = step.columnId;
        const kind = columnKind.get(step.columnId) ?? s.kind;
        enter(s, kind, step);
        s.kind = kind;
      }
      s.archived = false;
      recount(s);
    }
  };

  let i = 0;
  if (fromDay !== null) {
    for (let day = fromDay; day <= toDay; day++) {
      while (i < steps.length && steps[i].day <= day) apply(steps[i++]);
      const d = day - fromDay;
      for (let c = 0; c < live.length; c++) series[c][d] = live[c];
      for (const k of columnKinds) kindCounts[k].push(liveKinds[k]);
    }
  }

  const columnCounts = new Map<string, number[]>();
  for (const [id, idx] of columnIndex) columnCounts.set(id, series[idx]);
  return { cards: states, fromDay, toDay, columnCounts, removedColumns, kindCounts };
}
