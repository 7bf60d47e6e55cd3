import type { BackingPoint, ReportData } from "../model.js";
import { exact, isoDate } from "../format.js";
import { downsample, TABLE_ROWS } from "../shape.js";
import { HEIGHT, timeEncoding, WIDTH, type PoolLabels, type Section } from "./common.js";

/** The "backing" section of the page. */
export function backingSection(data: ReportData, _pools: PoolLabels): Section {
  // Backing: the worst moment of each span of time stays visible.
  const backing = data.backing.filter((p) => p.required > 0n);
  const lower = (a: BackingPoint, b: BackingPoint) => (b.held * a.required < a.held * b.required ? b : a);
  const backingShown = downsample(backing, lower);
  const worst = backing.reduce<BackingPoint | undefined>((w, p) => (w === undefined ? p : lower(w, p)), undefined);
  const recentFirst = [...data.backing].reverse();
  const backingRows = [
    ...(worst === undefined ? [] : [worst]),
    ...recentFirst.filter((p) => p !== worst).slice(0, TABLE_ROWS - 1),
  ].map((p) => [
    String(p.block),
    isoDate(p.timestamp),
    exact(p.supply),
    exact(p.required),
    exact(p.held),
    p === worst ? "the lowest backing" : "",
  ]);
  return {
    id: "backing",
    title: "Backing over time",
    caption:
      "FRSV the coin holds for each FDC in circulation, after the blocks that changed either (100% = fully backed)" +
      (backingShown.length < backing.length
        ? `: the lowest backing of each of ${backingShown.length} equal spans of time (${backing.length} blocks).`
        : "."),
    spec:
      backing.length === 0
        ? undefined
        : {
            width: WIDTH,
            height: HEIGHT,
            title: "Backing ratio (FRSV held ÷ FDC supply / RATE)",
            data: {
              values: backingShown.map((p) => ({
                time: isoDate(p.timestamp),
                ratio: Number((p.held * 100_000n) / p.required) / 1000,
              })),
            },
            layer: [
              {
                mark: { type: "line", point: true },
                encoding: {
                  x: timeEncoding(backingShown),
                  y: { field: "ratio", type: "quantitative", title: "backing (%)", scale: { zero: false } },
                },
              },
              {
                data: { values: [{ full: 100 }] },
                mark: { type: "rule", strokeDash: [4, 4] },
                encoding: { y: { field: "full", type: "quantitative" } },
              },
            ],
          },
    table: {
      head: ["block", "time (UTC)", "FDC supply", "FRSV required", "FRSV held", ""],
      rows: backingRows,
      ...(data.backing.length > backingRows.length
        ? {
            note: {
              text: `The lowest backing and the most recent blocks: ${backingRows.length} of ${data.backing.length.toLocaleString("en-US")}; all of them in`,
              csv: "backing.csv",
            },
          }
        : {}),
    },
  };
}
