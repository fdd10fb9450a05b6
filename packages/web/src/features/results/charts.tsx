import { type ReactNode, useEffect, useId, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { downloadCsv } from './format';

/** Colours by column kind, from the app's tokens: calm for waiting, warm for work, green for done. */
export const kindColours: Record<string, { stroke: string; fill: string }> = {
  backlog: { stroke: '#8f877a', fill: '#ebe6dc' },
  todo: { stroke: '#6b7f96', fill: '#d5deea' },
  doing: { stroke: '#b8860b', fill: '#f4d98c' },
  verify: { stroke: '#2d6fa3', fill: '#b9d5ec' },
  done: { stroke: '#1d6b45', fill: '#8fc7a6' },
};
export const ink = { brand: '#1f3a5f', soft: '#4a5764', grid: '#ece8df', danger: '#a3231b', ok: '#1d6b45', warn: '#8a5a00' };

const axis = (label?: string): uPlot.Axis => ({
  stroke: ink.soft,
  grid: { stroke: ink.grid, width: 1 },
  ticks: { stroke: ink.grid, width: 1 },
  font: '12px system-ui, sans-serif',
  labelFont: '12px system-ui, sans-serif',
  ...(label ? { label, labelSize: 20 } : {}),
});

const DAY = 86_400;
/** The narrowest time axis drawn: a week, so a day or two of data reads in days. */
export const MIN_SPAN_DAYS = 7;

/**
 * A time axis over calendar days: the data's first to last day with `pad` seconds either side, widened
 * to at least MIN_SPAN_DAYS around their middle. It reads the days from the chart's data, not the range
 * uPlot proposes: for a single day uPlot proposes a thousand days (86,400 of its millisecond units),
 * which drew one day of data on an axis from one year to three years later.
 */
export function dayRange(pad = 0) {
  return (u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax => {
    const xs = u.data?.[0];
    if (xs && xs.length > 0) {
      min = xs[0];
      max = xs[xs.length - 1];
    }
    if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) {
      const now = Math.floor(Date.now() / 1000);
      return [now - (MIN_SPAN_DAYS / 2) * DAY, now + (MIN_SPAN_DAYS / 2) * DAY];
    }
    let lo = min - pad;
    let hi = max + pad;
    if (hi - lo < MIN_SPAN_DAYS * DAY) {
      const mid = (lo + hi) / 2;
      lo = mid - (MIN_SPAN_DAYS / 2) * DAY;
      hi = mid + (MIN_SPAN_DAYS / 2) * DAY;
    }
    return [lo, hi];
  };
}

/** The base options every chart shares: calendar days in UTC (the server already counted them in the coach's zone). */
export function baseOptions(yLabel: string, opts: Partial<uPlot.Options> = {}): Omit<uPlot.Options, 'width' | 'height' | 'series'> {
  return {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    cursor: { drag: { x: false, y: false }, points: { size: 8 } },
    legend: { show: true, live: false },
    axes: [axis(), { ...axis(yLabel), values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) }],
    scales: { x: { time: true, range: dayRange() }, y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
    ...opts,
  };
}

export const stepped = uPlot.paths.stepped?.({ align: 1 });
export const bars = uPlot.paths.bars?.({ size: [0.6, 48], align: 0 });
export const noPath = () => null;

/** A uPlot chart that fills its container's width and follows its resizes. */
export function UChart({ options, data, height = 240 }: { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = new uPlot({ ...options, width: Math.max(260, el.clientWidth), height } as uPlot.Options, data, el);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(260, el.clientWidth), height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [options, data, height]);
  return <div ref={ref} className="chart__canvas" aria-hidden="true" />;
}

export interface NumbersTableProps {
  caption: string;
  header: string[];
  rows: (string | number | null)[][];
  filename: string;
}

/** A chart with the same numbers as an accessible table beside it, and a CSV download of them. */
export function ChartCard({
  title,
  summary,
  children,
  table,
  empty,
  explain,
}: {
  title: string;
  summary: ReactNode;
  /** What the measure is, in plain words (core's `explainMeasure`). */
  explain?: string;
  children: ReactNode;
  table: NumbersTableProps;
  empty?: string | null;
}) {
  const id = useId();
  return (
    <figure className="panel chart" aria-labelledby={`${id}-title`}>
      <div className="chart__head">
        <h3 id={`${id}-title`}>{title}</h3>
        <button
          type="button"
          className="btn btn--small btn--ghost"
          onClick={() => downloadCsv(table.filename, table.header, table.rows)}
          disabled={table.rows.length === 0}
        >
          Download CSV
        </button>
      </div>
      {explain ? <p className="explain">{explain}</p> : null}
      <figcaption className="chart__summary">{summary}</figcaption>
      {empty ? <p className="empty chart__empty">{empty}</p> : children}
      {table.rows.length > 0 ? (
        <details className="chart__numbers">
          <summary>Show the numbers</summary>
          <div className="chart__table-wrap">
            <table className="data">
              <caption className="visually-hidden">{table.caption}</caption>
              <thead>
                <tr>
                  {table.header.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (one per day or week)
                  <tr key={i}>
                    {r.map((v, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                      <td key={j}>{v ?? '—'}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </figure>
  );
}

/** Memoizes chart options and data together so the chart is rebuilt only when the numbers change. */
export function useChart<T>(build: () => T, deps: unknown[]): T {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what the chart depends on
  return useMemo(build, deps);
}
