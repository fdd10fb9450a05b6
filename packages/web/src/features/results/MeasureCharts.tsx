import { formatMeasureValue, type GoalMeasureResult } from '@carriage/core';
import type uPlot from 'uplot';
import { dueText, standingText } from '../measures/measure-format';
import { baseOptions, ChartCard, dayRange, ink, UChart, useChart } from './charts';
import { daySeconds, percent, shortDate } from './format';

const DAY = 86_400;

/** A goal's measure: its values over time from the baseline, against the baseline and the target lines. */
export function MeasureChart({ title, m, slug }: { title: string; m: GoalMeasureResult; slug: string }) {
  const { measure, points, progress } = m;
  const chart = useChart(() => {
    // The days drawn: the baseline's, each value's and the target's, so both lines span the whole way.
    const days = [...new Set([measure.baselineOn, ...points.map((p) => p.on), measure.targetOn])].sort();
    const value = new Map([[measure.baselineOn, measure.baseline], ...points.map((p) => [p.on, p.value] as const)]);
    const data: uPlot.AlignedData = [
      days.map(daySeconds),
      days.map((d) => value.get(d) ?? null),
      days.map(() => measure.baseline),
      days.map(() => measure.target),
    ];
    const all = [measure.baseline, measure.target, ...points.map((p) => p.value)];
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const pad = Math.max((hi - lo) * 0.12, 0.5);
    const options = {
      ...baseOptions(measure.unit || 'value', {
        scales: {
          x: { time: true, range: dayRange(DAY) },
          y: { range: (): uPlot.Range.MinMax => [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad] },
        },
      }),
      axes: [
        { stroke: ink.soft, grid: { stroke: ink.grid, width: 1 }, ticks: { stroke: ink.grid, width: 1 }, font: '12px system-ui, sans-serif' },
        {
          stroke: ink.soft,
          grid: { stroke: ink.grid, width: 1 },
          ticks: { stroke: ink.grid, width: 1 },
          font: '12px system-ui, sans-serif',
          label: measure.unit || undefined,
          labelSize: measure.unit ? 20 : 0,
        },
      ],
      series: [
        {},
        { label: measure.name, stroke: ink.brand, width: 2, spanGaps: true, points: { show: true, size: 8, fill: ink.brand } },
        { label: `Baseline ${formatMeasureValue(measure.baseline, measure.unit)}`, stroke: ink.soft, width: 1.5, dash: [2, 4], points: { show: false } },
        { label: `Target ${formatMeasureValue(measure.target, measure.unit)}`, stroke: ink.ok, width: 1.5, dash: [6, 4], points: { show: false } },
      ],
    };
    return { data, options };
  }, [m]);
  const due = dueText(m);
  const trend = progress.trend;
  return (
    <ChartCard
      title={title}
      summary={
        <>
          <strong>{measure.name}</strong>: {standingText(m)}
          <span className="chart__facts">
            Target {formatMeasureValue(measure.target, measure.unit)} by {shortDate(measure.targetOn)} · {percent(progress.share)} of the way
            {trend ? ` · trend ${trend.perWeek >= 0 ? '+' : ''}${formatMeasureValue(Math.round(trend.perWeek * 100) / 100, measure.unit)} per week` : ''}
            {due ? ` · ${due}` : ''}
          </span>
        </>
      }
      empty={null}
      table={{
        caption: `Values of ${measure.name}, from the baseline`,
        header: ['Day', 'Value', 'Corrected'],
        rows: [[measure.baselineOn, measure.baseline, 'baseline'], ...points.map((p) => [p.on, p.value, p.corrected ? 'yes' : 'no'])],
        filename: `${slug}-measure-${measure.name.toLowerCase().replace(/\W+/g, '-').slice(0, 40)}.csv`,
      }}
    >
      <UChart options={chart.options} data={chart.data} />
    </ChartCard>
  );
}
