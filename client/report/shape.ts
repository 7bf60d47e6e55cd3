/**
 * How the page stays one screenful per section at any size: series cut to a few hundred points,
 * tables to their top rows (the full data is in the CSVs), pools beyond the top ten grouped.
 */

/** The most points a chart's series has. */
export const MAX_POINTS = 200;
/** The most rows a table shows. */
export const TABLE_ROWS = 25;
/** The pools a chart shows by name; the rest are "other pools". */
export const TOP_POOLS = 10;

/**
 * `points` (oldest first) cut into at most `MAX_POINTS` equal spans of time, keeping from each the
 * point `keep` prefers of two (the lowest backing, the latest total, …). Fewer points are kept as
 * they are.
 */
export function downsample<T extends { timestamp: number }>(points: T[], keep: (a: T, b: T) => T): T[] {
  if (points.length <= MAX_POINTS) return points;
  const first = points[0]!.timestamp;
  const span = points.at(-1)!.timestamp - first + 1;
  const buckets = new Map<number, T>();
  for (const point of points) {
    const bucket = Math.floor(((point.timestamp - first) * MAX_POINTS) / span);
    const kept = buckets.get(bucket);
    buckets.set(bucket, kept === undefined ? point : keep(kept, point));
  }
  return [...buckets.values()];
}

/** The ids of the `TOP_POOLS` pools with the most `amount`, ties by id. */
export function topPools(amounts: Map<number, bigint>): Set<number> {
  const ranked = [...amounts.entries()].sort(([a, x], [b, y]) => (x === y ? a - b : x > y ? -1 : 1));
  return new Set(ranked.slice(0, TOP_POOLS).map(([id]) => id));
}

/** A table's rows, at most `TABLE_ROWS` of them, and a note naming what was left out and where it is. */
export function capRows(
  rows: string[][],
  what: string,
  csv: string,
): { rows: string[][]; note?: { text: string; csv: string } } {
  if (rows.length <= TABLE_ROWS) return { rows };
  return {
    rows: rows.slice(0, TABLE_ROWS),
    note: { text: `${TABLE_ROWS} of ${rows.length.toLocaleString("en-US")} ${what}; all of them in`, csv },
  };
}

/**
 * A time axis whose ticks read as times at the span shown: seconds for a short chain, dates for a
 * long one (Vega's default shows ".500" on a chain a few seconds long).
 */
export function timeAxis(timestamps: number[]): { format: string; tickCount?: number } {
  const span = timestamps.length === 0 ? 0 : Math.max(...timestamps) - Math.min(...timestamps);
  if (span < 120) return { format: "%H:%M:%S", tickCount: 4 };
  if (span < 2 * 86_400) return { format: "%d %b %H:%M", tickCount: 5 };
  if (span < 400 * 86_400) return { format: "%d %b %Y", tickCount: 5 };
  return { format: "%b %Y", tickCount: 6 };
}

/** Quantities in readable magnitudes on an axis: 1.5k, 20M, 3G… */
export const MAGNITUDE_FORMAT = "~s";
