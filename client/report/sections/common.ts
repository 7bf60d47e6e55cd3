import type { TopLevelSpec } from "vega-lite";
import type { ReportData } from "../model.js";
import { MAGNITUDE_FORMAT, MAX_POINTS, timeAxis } from "../shape.js";
import { terminalSafe } from "../../text.js";

/** One section of the page: a chart (or none) and the table of its numbers. */
export interface Section {
  id: string;
  /** A section of numbers only (no chart). */
  tableOnly?: boolean;
  title: string;
  /** What the chart answers, in one sentence. */
  caption: string;
  spec: TopLevelSpec | undefined;
  /** At most TABLE_ROWS rows; `note` says what was left out and which CSV has all of it. */
  table: { head: string[]; rows: string[][]; note?: { text: string; csv: string } };
}

/** The longest pool name the page shows whole. */
export const NAME_LENGTH = 40;
/** A pool's name as the page shows it: controls and bidi overrides as visible escapes, then cut. */
export const shortened = (name: string) => {
  const safe = [...terminalSafe(name)];
  return safe.length > NAME_LENGTH ? `${safe.slice(0, NAME_LENGTH - 1).join("")}…` : safe.join("");
};

/** What a chart calls the pools beyond its top ten, together. */
export const OTHER_POOLS = "other pools";
/** Epochs in the compute chart, at most; more are summed in groups of consecutive epochs. */
export const MAX_EPOCH_GROUPS = Math.floor(MAX_POINTS / 5);
export const MAGNITUDE_AXIS = { format: MAGNITUDE_FORMAT };

/** The x encoding of a time series whose ticks read as times at its span. */
export const timeEncoding = (points: { timestamp: number }[]) => ({
  field: "time",
  type: "temporal" as const,
  title: "time (UTC)",
  axis: { ...timeAxis(points.map((p) => p.timestamp)), labelOverlap: true },
  scale: { type: "utc" as const },
});

export const WIDTH = 560;
export const HEIGHT = 220;

/** Horizontal bars, one per row of `values`: `y` names the bar, `x` is its length, `color` its kind. */
export function barChart(
  title: string,
  values: Record<string, string | number>[],
  y: { field: string; title: string },
  x: { field: string; title: string },
  color?: { field: string; title: string },
  height = HEIGHT,
): TopLevelSpec {
  return {
    width: WIDTH,
    height,
    title,
    data: { values },
    mark: "bar",
    encoding: {
      y: { ...y, type: "nominal", sort: null },
      x: { ...x, type: "quantitative", axis: MAGNITUDE_AXIS },
      ...(color === undefined ? {} : { color: { ...color, type: "nominal" } }),
    },
  };
}

/** How the page names pools: id and name cut to a length its columns hold; the rest grouped. */
export interface PoolLabels {
  label(id: number): string;
  /** By name for the pools in `top`, "other pools" for the rest. */
  grouped(top: Set<number>): (id: number) => string;
}

export function poolLabels(data: ReportData): PoolLabels {
  // A name is anyone's text: cut to a length the page's columns can hold (the CSVs have it whole).
  const label = (id: number) => `${id}. ${shortened(data.pools.find((p) => p.id === id)?.name ?? `pool ${id}`)}`;
  return { label, grouped: (top) => (id) => (top.has(id) ? label(id) : OTHER_POOLS) };
}

export const sumOf = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
