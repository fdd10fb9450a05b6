import { dateOfDay, dayOfDate } from './calendar.js';
import { countDeliverables } from './deliverables.js';
import type { CardState, Replay } from './replay.js';
import type { BurnUpPoint, CommitmentSession, ContractJourney, EngagementMetrics, GoalProgress, MetricCommitment, MetricContract } from './types.js';

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Kept ÷ reviewed commitments per session (in session order) and over the engagement. */
export function commitmentReliability(commitments: readonly MetricCommitment[]): EngagementMetrics['commitments'] {
  const bySession = new Map<string, CommitmentSession>();
  const overall = { made: 0, kept: 0, missed: 0, pending: 0, reliability: null as number | null };
  for (const c of commitments) {
    let s = bySession.get(c.sessionId);
    if (!s) {
      s = { sessionId: c.sessionId, sessionOn: c.sessionOn, made: 0, kept: 0, missed: 0, pending: 0, reliability: null };
      bySession.set(c.sessionId, s);
    }
    for (const t of [s, overall]) {
      t.made += 1;
      if (c.kept === true) t.kept += 1;
      else if (c.kept === false) t.missed += 1;
      else t.pending += 1;
    }
  }
  const sessions = [...bySession.values()].sort((a, b) => (a.sessionOn < b.sessionOn ? -1 : a.sessionOn > b.sessionOn ? 1 : 0));
  for (const t of [...sessions, overall]) t.reliability = ratio(t.kept, t.kept + t.missed);
  return { sessions, overall };
}

/** A card linked to a goal counts unless it was archived without finishing (dropped work). */
const stillCounts = (s: CardState) => !s.archived || s.finishedMs !== null;

/** For each goal card on the board: finished ÷ all cards linked to it. */
export function goalProgress(r: Replay): GoalProgress[] {
  const goals = new Map<string, GoalProgress>();
  for (const s of r.cards.values()) {
    if (s.type !== 'goal' || s.archived) continue;
    goals.set(s.id, { cardId: s.id, title: s.title, linked: 0, finished: 0, progress: null, done: s.finishedMs !== null });
  }
  for (const s of r.cards.values()) {
    const g = s.parentId ? goals.get(s.parentId) : undefined;
    if (!g || !stillCounts(s)) continue;
    g.linked += 1;
    if (s.finishedMs !== null) g.finished += 1;
  }
  for (const g of goals.values()) g.progress = ratio(g.finished, g.linked);
  return [...goals.values()];
}

/**
 * The contract's journey: days elapsed ÷ days (both the start and end day count, as in "day 23 of
 * 90"), beside deliverables done ÷ total (counted by `countDeliverables`), with a daily burn-up from
 * the start to asOf (or the end).
 */
export function contractJourney(r: Replay, contract: MetricContract | null | undefined): ContractJourney | null {
  if (!contract?.startsOn || !contract.endsOn) return null;
  const start = dayOfDate(contract.startsOn);
  const end = dayOfDate(contract.endsOn);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return null;
  const totalDays = end - start + 1;
  const elapsedDays = Math.min(totalDays, Math.max(0, r.toDay - start + 1));

  const { doneOn, total } = countDeliverables(
    [...r.cards.values()].map((s) => ({ deliverableId: s.deliverableId, type: s.type, archived: s.archived, finishedDay: s.finishedDay })),
    contract.deliverableIds,
  );
  const finishDays = [...doneOn.values()].sort((a, b) => a - b);

  const burnUp: BurnUpPoint[] = [];
  let done = 0;
  for (let day = start; day <= Math.min(end, r.toDay); day++) {
    while (done < finishDays.length && finishDays[done] <= day) done += 1;
    const elapsed = day - start + 1;
    burnUp.push({ date: dateOfDay(day), elapsedDays: elapsed, done, ideal: Math.round(((total * elapsed) / totalDays) * 100) / 100 });
  }
  return {
    startsOn: dateOfDay(start),
    endsOn: dateOfDay(end),
    totalDays,
    elapsedDays,
    timeRatio: elapsedDays / totalDays,
    deliverables: { done: finishDays.length, total, ratio: ratio(finishDays.length, total) },
    burnUp,
  };
}
