import { dayOfDate, LATE_CHECK_INS, type PortfolioEntry } from '@carriage/core';
import { coacheeNames } from '../../db/queries/engagements.js';
import { listCoachedEngagements } from '../../db/queries/metrics.js';
import { type EngagementResults, loadEngagementResults, type ResultsSource } from './load-metrics.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** A contract this close to its end needs a renewal conversation. */
export const ENDING_SOON_DAYS = 14;
/** Longer than this without a session and the ride has stalled. */
export const QUIET_DAYS = 14;

/** The health of one engagement, and why (and how much) it needs the coach's attention. */
export function engagementHealth(r: EngagementResults, status: string): Pick<PortfolioEntry, 'health' | 'attention'> {
  const m = r.metrics;
  const daysSinceLastSession = r.sessions.lastHeldAt ? r.today - r.dayOf(r.sessions.lastHeldAt) : null;
  const lastReviewed = [...m.commitments.sessions].reverse().find((s) => s.kept + s.missed > 0);
  const missedCommitments = lastReviewed ? lastReviewed.missed : null;
  const agingCards = m.aging.p85 === null ? null : m.aging.items.filter((i) => i.aboveP85).length;
  const contractEndsOn = m.contract?.endsOn ?? null;
  const daysToContractEnd = contractEndsOn ? dayOfDate(contractEndsOn) - r.today : null;
  const contractEndingSoon = daysToContractEnd !== null && daysToContractEnd >= 0 && daysToContractEnd <= ENDING_SOON_DAYS;
  const goalTitle = new Map(m.goals.map((g) => [g.cardId, g.title]));
  const measured = [...r.measures.entries()].map(([cardId, measure]) => ({ title: goalTitle.get(cardId) ?? measure.measure.name, ...measure }));
  const lateCheckIns = measured.filter((g) => g.progress.due.missed >= LATE_CHECK_INS);
  const awayFromTarget = measured.filter((g) => g.progress.trend?.heading === 'away');
  const health = {
    daysSinceLastSession,
    nextSessionAt: r.sessions.nextAt,
    missedCommitments,
    reliability: m.commitments.overall.reliability,
    agingCards,
    blockedCards: m.blockedCards,
    wip: m.wip.current,
    contractEndsOn,
    daysToContractEnd,
    contractEndingSoon,
    sessionsLeft: r.sessions.left,
    lateCheckIns: lateCheckIns.length,
    measuresAwayFromTarget: awayFromTarget.length,
  };

  const reasons: string[] = [];
  let score = 0;
  if (status === 'active' || status === 'proposed') {
    if (daysSinceLastSession !== null && daysSinceLastSession > QUIET_DAYS) {
      reasons.push(`No session for ${daysSinceLastSession} days`);
      score += 2 + Math.floor((daysSinceLastSession - QUIET_DAYS) / 7);
    } else if (daysSinceLastSession === null && status === 'active') {
      reasons.push('No session held yet');
      score += 2;
    }
    if (missedCommitments) {
      reasons.push(`${plural(missedCommitments, 'commitment')} missed at the last review`);
      score += missedCommitments;
    }
    if (agingCards) {
      reasons.push(`${plural(agingCards, 'card')} older than the 85th-percentile cycle time`);
      score += agingCards;
    }
    if (m.blockedCards > 0) {
      reasons.push(`${plural(m.blockedCards, 'blocked card')}`);
      score += m.blockedCards;
    }
    if (contractEndingSoon && daysToContractEnd !== null) {
      reasons.push(daysToContractEnd === 0 ? 'Contract ends today' : `Contract ends in ${plural(daysToContractEnd, 'day')}`);
      score += 2;
    } else if (daysToContractEnd !== null && daysToContractEnd < 0 && status === 'active') {
      reasons.push(`Contract ended ${plural(-daysToContractEnd, 'day')} ago`);
      score += 2;
    }
    for (const g of lateCheckIns) {
      const missed = g.progress.due.missed;
      reasons.push(
        g.measure.cadence === 'session'
          ? `“${g.title}”: no check-in for ${plural(missed, 'session')}`
          : `“${g.title}”: no check-in for ${plural(missed, 'week')}`,
      );
      score += missed;
    }
    for (const g of awayFromTarget) {
      reasons.push(`“${g.title}” is moving away from its target`);
      score += 2;
    }
    if (r.sessions.left !== null && r.sessions.left <= 1) {
      reasons.push(r.sessions.left === 0 ? 'No sessions left in the package' : '1 session left in the package');
      score += r.sessions.left === 0 ? 3 : 2;
    }
  }
  return { health, attention: { score, reasons } };
}

/** Every engagement the user coaches with its health, the one needing attention first. */
export async function buildPortfolio(source: ResultsSource, userId: string, now = new Date()): Promise<PortfolioEntry[]> {
  const { db } = source;
  const rows = await listCoachedEngagements(db, userId);
  const names = await coacheeNames(
    db,
    rows.map((r) => r.id),
  );
  const out: PortfolioEntry[] = [];
  for (const e of rows) {
    const r = await loadEngagementResults(source, e, { now });
    out.push({
      id: e.id,
      title: e.title,
      status: e.status,
      otherParty: e.organization_name ?? names.get(e.id)?.join(', ') ?? 'No coachee yet',
      startsOn: e.starts_on,
      endsOn: e.ends_on,
      ...engagementHealth(r, e.status),
    });
  }
  const open = (s: string) => (s === 'active' || s === 'proposed' ? 0 : 1);
  return out.sort((a, b) => open(a.status) - open(b.status) || b.attention.score - a.attention.score || a.title.localeCompare(b.title));
}
