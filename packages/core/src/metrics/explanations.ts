/**
 * Plain words for each flow measure, for the people who read the results without knowing the jargon (a
 * sponsor above all): one sentence of what the measure is, and where the numbers allow, what they say.
 * Results, the sponsor report and its PDF print the same sentences.
 */

const cards = (n: number) => `${n} ${n === 1 ? 'card' : 'cards'}`;
const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

export const explainMeasure = {
  /** Cycle time, with its 85th percentile when there is one. */
  cycleTime(p85: number | null, finished: number): string {
    const what = 'Cycle time is how long a card takes from the day it is started to the day it is finished.';
    if (p85 === null) return `${what} Once enough cards have finished, this says how long most of them take (${cards(finished)} so far).`;
    return `${what} 85 % of cards were finished within ${days(p85)} of being started: a fair promise for the next one.`;
  },
  /** Throughput over the weeks counted. */
  throughput(weeks: readonly { finished: number }[]): string {
    const what = 'Throughput is how many cards were finished each week.';
    const recent = weeks.slice(-4);
    if (recent.length === 0) return what;
    const total = recent.reduce((sum, w) => sum + w.finished, 0);
    const perWeek = Math.round((total / recent.length) * 10) / 10;
    return `${what} Over the last ${recent.length === 1 ? 'week' : `${recent.length} weeks`}, about ${perWeek} a week.`;
  },
  /** Work in progress now. */
  wip(current: number): string {
    return `Work in progress (WIP) is how many cards were started and are not finished yet: ${current} now. Fewer at once usually means each one finishes sooner.`;
  },
  /** Work item age against the 85th-percentile cycle time. */
  age(p85: number | null): string {
    const what = 'Work item age is how long each unfinished card has been going since it was started.';
    if (p85 === null) return what;
    return `${what} A card older than ${days(p85)}, longer than 85 % of finished cards took, may be stuck and is worth a word in the next session.`;
  },
  /** The cumulative flow diagram. */
  cumulativeFlow(): string {
    return 'Cumulative flow stacks, day by day, how many cards were in each column. A rising Done band means work is being finished; a band that widens means work is piling up in that column.';
  },
  /** Commitment reliability. */
  commitments(kept: number, reviewed: number): string {
    const what = 'Commitment reliability is the share of what was agreed in a session that was done (in Verify or Done) by the next one.';
    if (reviewed === 0) return what;
    return `${what} So far ${kept} of ${reviewed} commitments were kept.`;
  },
  /** Goal progress. */
  goalProgress(): string {
    return 'A goal’s progress is the share of the cards serving it that are finished.';
  },
} as const;
