import type { ReportData } from "../model.js";
import { exact, isoDate } from "../format.js";
import { capRows, downsample } from "../shape.js";
import { timeEncoding, WIDTH, type PoolLabels, type Section } from "./common.js";

/** The "humans" section of the page. */
export function humansSection(data: ReportData, _pools: PoolLabels): Section {
  const countShown = downsample(data.humans.count, (_, later) => later);
  return {
    id: "humans",
    title: "Verified humans and their dividend",
    caption: "How many people were registered over time; the dividend each claimed is in the table.",
    spec:
      data.humans.count.length === 0
        ? undefined
        : {
            width: WIDTH,
            height: 160,
            title: "Registered humans",
            data: { values: countShown.map((c) => ({ time: isoDate(c.timestamp), humans: c.count })) },
            mark: { type: "line", interpolate: "step-after", point: true },
            encoding: {
              x: timeEncoding(countShown),
              y: { field: "humans", type: "quantitative", title: "humans", axis: { tickMinStep: 1, format: "d" } },
            },
          },
    table: {
      head: ["block", "human", "paid to", "dividend (FRSV)", "as"],
      ...capRows(
        [...data.humans.claims]
          .reverse()
          .map((c) => [String(c.block), c.human, c.to, exact(c.amount), c.asCoin ? "FDC" : "FRSV"]),
        "dividend claims, most recent first",
        "dividends.csv",
      ),
    },
  };
}
