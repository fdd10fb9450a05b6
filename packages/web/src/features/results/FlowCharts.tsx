import { explainMeasure, type MetricsResponse } from '@carriage/core';
import type uPlot from 'uplot';
import { bars, baseOptions, ChartCard, dayRange, ink, kindColours, noPath, stepped, UChart, useChart } from './charts';
import { daySeconds, plural, shortDate } from './format';

const DAY = 86_400;
/** Room on both sides of the x axis so the first and last dot or bar are not cut in half (and at least a week). */
const padded = (pad: number) => dayRange(pad);
const yFromZero = { range: (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, Math.max(1, Math.ceil(max * 1.1))] };

type M = MetricsResponse;
const noCards = 'No cards on the board yet. The chart fills in as cards move.';

/** Work in progress (cards in doing or verify columns) at the end of each day. */
export function WipChart({ m, slug }: { m: M; slug: string }) {
  const chart = useChart(() => {
    const data: uPlot.AlignedData = [m.wip.days.map((d) => daySeconds(d.date)), m.wip.days.map((d) => d.count)];
    const options = {
      ...baseOptions('cards'),
      // A line needs two days; a single day shows as a dot.
      series: [
        {},
        { label: 'Work in progress', stroke: ink.brand, width: 2, fill: 'rgba(31, 58, 95, 0.12)', paths: stepped, points: { show: m.wip.days.length < 2 } },
      ],
    };
    return { data, options };
  }, [m.wip]);
  return (
    <ChartCard
      title="Work in progress"
      explain={explainMeasure.wip(m.wip.current)}
      summary={`${plural(m.wip.current, 'card')} in progress now. Less work at once finishes sooner.`}
      empty={m.wip.days.length === 0 ? noCards : null}
      table={{
        caption: 'Cards in progress at the end of each day',
        header: ['Date', 'Cards in progress'],
        rows: m.wip.days.map((d) => [d.date, d.count]),
        filename: `${slug}-wip.csv`,
      }}
    >
      <UChart options={chart.options} data={chart.data} />
    </ChartCard>
  );
}

/** A sentence for a percentile, or why there is none yet. */
function percentileText(p: { value: number | null; needs: number }, label: string, samples: number): string {
  if (p.value === null) return `${label}: not enough data yet (needs ${p.needs} finished cards, has ${samples})`;
  return `${label}: ${plural(p.value, 'day')}`;
}

/** Each finished card's cycle time against the day it finished, with the 50th/85th/95th percentiles. */
export function CycleTimeChart({ m, slug }: { m: M; slug: string }) {
  const items = m.cycleTime.items;
  const p = m.cycleTime.percentiles;
  const chart = useChart(() => {
    const xs = items.map((i) => daySeconds(i.finishedOn));
    const line = (v: number | null) => items.map(() => v);
    const data: uPlot.AlignedData = [xs, items.map((i) => i.days), line(p.p50.value), line(p.p85.value), line(p.p95.value)];
    const pct = (label: string, stroke: string, v: number | null): uPlot.Series => ({
      label,
      stroke,
      width: 1.5,
      dash: [6, 4],
      points: { show: false },
      show: v !== null,
    });
    const options = {
      ...baseOptions('days', { scales: { x: { time: true, range: padded(DAY) }, y: yFromZero } }),
      series: [
        {},
        { label: 'Cycle time', stroke: ink.brand, fill: ink.brand, paths: noPath, points: { show: true, size: 9, width: 1, fill: 'rgba(31, 58, 95, 0.55)' } },
        pct('50th percentile', ink.ok, p.p50.value),
        pct('85th percentile', ink.warn, p.p85.value),
        pct('95th percentile', ink.danger, p.p95.value),
      ],
    };
    return { data, options };
  }, [m.cycleTime]);
  const n = items.length;
  return (
    <ChartCard
      title="Cycle time"
      explain={explainMeasure.cycleTime(p.p85.value, items.length)}
      summary={
        <>
          {p.p85.value !== null ? `85% of cards finish within ${plural(p.p85.value, 'day')}. ` : null}
          <span className="chart__facts">
            {percentileText(p.p50, '50th percentile', n)} · {percentileText(p.p85, '85th percentile', n)} · {percentileText(p.p95, '95th percentile', n)}
          </span>
        </>
      }
      empty={n === 0 ? 'No card has reached Done yet. Each finished card becomes a dot here.' : null}
      table={{
        caption: 'Cycle time of each finished card, in calendar days counting the start and finish day',
        header: ['Card', 'Started', 'Finished', 'Days'],
        rows: items.map((i) => [i.title, i.startedOn, i.finishedOn, i.days]),
        filename: `${slug}-cycle-time.csv`,
      }}
    >
      <UChart options={chart.options} data={chart.data} />
    </ChartCard>
  );
}

/** Cards finished per ISO week. */
export function ThroughputChart({ m, slug }: { m: M; slug: string }) {
  const weeks = m.throughput.weeks;
  const chart = useChart(() => {
    // Each bar stands in the middle of its week (Monday + 3.5 days).
    const data: uPlot.AlignedData = [weeks.map((w) => daySeconds(w.startsOn) + 3.5 * DAY), weeks.map((w) => w.finished)];
    const options = {
      ...baseOptions('cards', { scales: { x: { time: true, range: padded(3.5 * DAY) }, y: yFromZero } }),
      series: [{}, { label: 'Finished', stroke: kindColours.done.stroke, fill: kindColours.done.fill, paths: bars, points: { show: false } }],
    };
    return { data, options };
  }, [m.throughput]);
  const last = weeks[weeks.length - 1];
  return (
    <ChartCard
      title="Throughput"
      explain={explainMeasure.throughput(m.throughput.weeks)}
      summary={`${plural(m.throughput.total, 'card')} finished${last ? `, ${last.finished} this week` : ''}.`}
      empty={weeks.length === 0 ? noCards : null}
      table={{
        caption: 'Cards finished per week',
        header: ['Week', 'Starts on', 'Cards finished'],
        rows: weeks.map((w) => [w.week, w.startsOn, w.finished]),
        filename: `${slug}-throughput.csv`,
      }}
    >
      <UChart options={chart.options} data={chart.data} />
    </ChartCard>
  );
}

/** How long each card in progress has been going, against the 85th-percentile cycle time. */
export function AgingChart({ m, slug }: { m: M; slug: string }) {
  const { items, p85 } = m.aging;
  const max = Math.max(1, p85 ?? 0, ...items.map((i) => i.ageDays));
  const older = items.filter((i) => i.aboveP85).length;
  return (
    <ChartCard
      title="Work item age"
      explain={explainMeasure.age(p85)}
      summary={
        p85 === null
          ? `${plural(items.length, 'card')} in progress. Their ages are compared with the 85th percentile once 7 cards have finished.`
          : `${plural(items.length, 'card')} in progress; ${older} older than ${plural(p85, 'day')}, the 85th-percentile cycle time.`
      }
      empty={items.length === 0 ? 'Nothing is in progress right now.' : null}
      table={{
        caption: 'Age of each card in progress, in calendar days counting the start day',
        header: ['Card', 'Column', 'Started', 'Age (days)', 'Blocked', 'Older than the 85th percentile'],
        rows: items.map((i) => [
          i.title,
          i.columnName,
          i.startedOn,
          i.ageDays,
          i.blocked ? 'yes' : 'no',
          i.aboveP85 === null ? 'not known yet' : i.aboveP85 ? 'yes' : 'no',
        ]),
        filename: `${slug}-work-item-age.csv`,
      }}
    >
      <ul className="aging" aria-hidden="true">
        {items.map((i) => (
          <li key={i.cardId} className={`aging__row${i.aboveP85 ? ' aging__row--old' : ''}`}>
            <span className="aging__label">
              {i.title}
              <span className="muted small"> · {i.columnName}</span>
              {i.blocked ? <span className="badge badge--danger">Blocked</span> : null}
            </span>
            <span className="aging__track">
              <span className="aging__bar" style={{ width: `${(i.ageDays / max) * 100}%` }} />
              {p85 !== null ? <span className="aging__p85" style={{ left: `${(p85 / max) * 100}%` }} title={`85th percentile: ${p85} days`} /> : null}
            </span>
            <span className="aging__age">{plural(i.ageDays, 'day')}</span>
          </li>
        ))}
      </ul>
      {p85 !== null ? <p className="small muted aging__legend">The line marks the 85th-percentile cycle time ({plural(p85, 'day')}).</p> : null}
    </ChartCard>
  );
}

/** Cards in each column at the end of each day, stacked with Done at the bottom. */
export function CumulativeFlowChart({ m, slug }: { m: M; slug: string }) {
  const { dates, columns } = m.cfd;
  const chart = useChart(() => {
    // Stack from the last column (Done) up: each band is drawn down to zero, the tallest first.
    const bottomUp = [...columns].reverse();
    const stacked: number[][] = [];
    let running = dates.map(() => 0);
    for (const c of bottomUp) {
      running = running.map((v, i) => v + (c.counts[i] ?? 0));
      stacked.push(running);
    }
    const order = bottomUp.map((c, i) => ({ c, values: stacked[i] })).reverse();
    const data: uPlot.AlignedData = [dates.map(daySeconds), ...order.map((o) => o.values)];
    const options = {
      ...baseOptions('cards', { legend: { show: true, live: false } }),
      series: [
        {},
        ...order.map(({ c }) => ({
          label: c.name,
          stroke: kindColours[c.kind]?.stroke ?? ink.soft,
          fill: kindColours[c.kind]?.fill ?? '#ddd',
          width: 1,
          paths: stepped,
          points: { show: false },
        })),
      ],
    };
    return { data, options };
  }, [m.cfd]);
  return (
    <ChartCard
      title="Cumulative flow"
      explain={explainMeasure.cumulativeFlow()}
      summary="Cards in each column at the end of each day. A widening band is work piling up in that column."
      empty={dates.length === 0 ? noCards : null}
      table={{
        caption: 'Cards in each column at the end of each day',
        header: ['Date', ...columns.map((c) => c.name)],
        rows: dates.map((d, i) => [d, ...columns.map((c) => c.counts[i] ?? 0)]),
        filename: `${slug}-cumulative-flow.csv`,
      }}
    >
      <UChart options={chart.options} data={chart.data} height={260} />
    </ChartCard>
  );
}

/** Every day of the contract, YYYY-MM-DD, first to last (at most ten years). */
function contractDays(startsOn: string, endsOn: string): string[] {
  const out: string[] = [];
  const end = daySeconds(endsOn);
  for (let t = daySeconds(startsOn); t <= end && out.length < 3660; t += DAY) out.push(new Date(t * 1000).toISOString().slice(0, 10));
  return out;
}

/** The contract's days elapsed next to its deliverables done: a burn-up against a straight line. */
export function BurnUpChart({ m, slug }: { m: M; slug: string }) {
  const c = m.contract;
  const points = c?.burnUp ?? [];
  const chart = useChart(() => {
    // The straight line runs to the contract's end, so the journey shows from its first day; done stops at today.
    const days = c ? contractDays(c.startsOn, c.endsOn) : [];
    const done = new Map(points.map((p) => [p.date, p.done]));
    const total = c?.deliverables.total ?? 0;
    const data: uPlot.AlignedData = [
      days.map(daySeconds),
      days.map((d) => done.get(d) ?? null),
      days.map((_d, i) => Math.round(((total * (i + 1)) / (c?.totalDays ?? days.length)) * 100) / 100),
    ];
    const options = {
      ...baseOptions('deliverables', {
        scales: { x: { time: true, range: dayRange() }, y: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(1, total, Math.ceil(max))] } },
      }),
      series: [
        {},
        { label: 'Done', stroke: kindColours.done.stroke, fill: 'rgba(29, 107, 69, 0.15)', width: 2, paths: stepped, points: { show: points.length < 2 } },
        { label: 'Straight line to the end date', stroke: ink.soft, width: 1.5, dash: [6, 4], points: { show: false } },
      ],
    };
    return { data, options };
  }, [m.contract]);
  if (!c) return null;
  const noDeliverables = c.deliverables.total === 0;
  return (
    <ChartCard
      title="Contract journey"
      summary={`Day ${c.elapsedDays} of ${c.totalDays} (${shortDate(c.startsOn)} – ${shortDate(c.endsOn)})${noDeliverables ? '.' : `; ${c.deliverables.done} of ${plural(c.deliverables.total, 'deliverable')} done.`}`}
      empty={
        points.length === 0
          ? `The contract starts on ${shortDate(c.startsOn)}.`
          : noDeliverables
            ? 'No deliverables yet: once a signed contract’s deliverables are on the board, their progress is drawn here against the days.'
            : null
      }
      table={{
        caption: 'Deliverables done by each day of the contract',
        header: ['Date', 'Day', 'Deliverables done', 'On a straight line'],
        rows: points.map((p) => [p.date, p.elapsedDays, p.done, p.ideal]),
        filename: `${slug}-contract-journey.csv`,
      }}
    >
      <UChart options={chart.options} data={chart.data} />
    </ChartCard>
  );
}
