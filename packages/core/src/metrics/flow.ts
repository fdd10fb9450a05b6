import { isStartedKind } from '../board/columns.js';
import { dateOfDay, isoWeekOf, mondayOf } from './calendar.js';
import { flowPercentiles } from './percentiles.js';
import type { CardState, Replay } from './replay.js';
import type { AgingItem, CycleTimeItem, EngagementMetrics, MetricColumn, Win } from './types.js';

const isFlowCard = (s: CardState) => s.type !== 'goal';

/** Cycle time of every finished card, oldest finish first, with its percentiles. */
export function cycleTimes(r: Replay): EngagementMetrics['cycleTime'] {
  const items: (CycleTimeItem & { ms: number })[] = [];
  for (const s of r.cards.values()) {
    if (!isFlowCard(s) || s.finishedDay === null || s.startedDay === null || s.finishedMs === null) continue;
    items.push({
      cardId: s.id,
      title: s.title,
      startedOn: dateOfDay(s.startedDay),
      finishedOn: dateOfDay(s.finishedDay),
      days: s.finishedDay - s.startedDay + 1,
      ms: s.finishedMs,
    });
  }
  items.sort((a, b) => a.ms - b.ms);
  const days = items.map((i) => i.days).sort((a, b) => a - b);
  return { items: items.map(({ ms: _ms, ...rest }) => rest), percentiles: flowPercentiles(days) };
}

/** Cards finished per ISO week, every week from the first card event to asOf (weeks with none included). */
export function throughput(r: Replay): EngagementMetrics['throughput'] {
  if (r.fromDay === null) return { total: 0, weeks: [] };
  const first = mondayOf(r.fromDay);
  const counts = new Array(Math.floor((mondayOf(r.toDay) - first) / 7) + 1).fill(0);
  let total = 0;
  for (const s of r.cards.values()) {
    if (!isFlowCard(s) || s.finishedDay === null) continue;
    counts[Math.floor((mondayOf(s.finishedDay) - first) / 7)] += 1;
    total += 1;
  }
  return { total, weeks: counts.map((finished, w) => ({ week: isoWeekOf(first + w * 7), startsOn: dateOfDay(first + w * 7), finished })) };
}

/** Each card in progress with its age in calendar days (counting the start day), oldest first. */
export function aging(r: Replay, columns: readonly MetricColumn[], p85: number | null): EngagementMetrics['aging'] {
  const names = new Map(columns.map((c) => [c.id, c.name]));
  const items: AgingItem[] = [];
  for (const s of r.cards.values()) {
    if (!isFlowCard(s) || s.archived || !isStartedKind(s.kind) || s.startedDay === null) continue;
    const ageDays = r.toDay - s.startedDay + 1;
    items.push({
      cardId: s.id,
      title: s.title,
      columnId: s.columnId,
      columnName: names.get(s.columnId) ?? 'Removed column',
      kind: s.kind,
      startedOn: dateOfDay(s.startedDay),
      ageDays,
      blocked: s.blocked,
      aboveP85: p85 === null ? null : ageDays > p85,
    });
  }
  items.sort((a, b) => b.ageDays - a.ageDays || a.title.localeCompare(b.title));
  return { p85, items };
}

/** WIP (cards in doing or verify) at the end of each day. */
export function wipSeries(r: Replay): EngagementMetrics['wip'] {
  if (r.fromDay === null) return { current: 0, days: [] };
  const doing = r.kindCounts.doing;
  const verify = r.kindCounts.verify;
  const days = doing.map((n, i) => ({ date: dateOfDay((r.fromDay as number) + i), count: n + verify[i] }));
  return { current: days[days.length - 1].count, days };
}

/** Cards per column (board order, then columns since removed) and per kind, at the end of each day. */
export function cumulativeFlow(r: Replay, columns: readonly MetricColumn[]): EngagementMetrics['cfd'] {
  const dates: string[] = [];
  if (r.fromDay !== null) for (let d = r.fromDay; d <= r.toDay; d++) dates.push(dateOfDay(d));
  const series = columns.map((c) => ({ id: c.id, name: c.name, kind: c.kind, counts: r.columnCounts.get(c.id) ?? [] }));
  for (const [id, kind] of r.removedColumns) series.push({ id, name: 'Removed column', kind, counts: r.columnCounts.get(id) ?? [] });
  const kinds = (['backlog', 'todo', 'doing', 'verify', 'done'] as const)
    .filter((k) => columns.some((c) => c.kind === k) || r.kindCounts[k].some((n) => n > 0))
    .map((kind) => ({ kind, counts: r.kindCounts[kind] }));
  return { dates, columns: series, kinds };
}

/** Every card whose finish stands (goals included), most recent first. */
export function wins(r: Replay): Win[] {
  const out: (Win & { ms: number })[] = [];
  for (const s of r.cards.values()) {
    if (s.finishedMs === null || s.finishedAt === null || s.finishedDay === null) continue;
    out.push({ cardId: s.id, title: s.title, type: s.type, finishedAt: s.finishedAt, finishedOn: dateOfDay(s.finishedDay), ms: s.finishedMs });
  }
  out.sort((a, b) => b.ms - a.ms);
  return out.map(({ ms: _ms, ...w }) => w);
}

/** Cards on the board flagged blocked (not archived, not done). */
export function blockedCount(r: Replay): number {
  let n = 0;
  for (const s of r.cards.values()) if (s.blocked && !s.archived && s.kind !== 'done') n += 1;
  return n;
}
