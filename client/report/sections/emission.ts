import type { ReportData } from "../model.js";
import { chartValue, exact, isoDate } from "../format.js";
import { capRows, downsample } from "../shape.js";
import { HEIGHT, MAGNITUDE_AXIS, timeEncoding, WIDTH, type PoolLabels, type Section } from "./common.js";

/** The "emission" section of the page. */
export function emissionSection(data: ReportData, _pools: PoolLabels): Section {
  const mintedShown = downsample(data.emission.minted, (_, later) => later);
  return {
    id: "emission",
    title: "New reserve: emitted by the schedule, minted as it is paid out",
    caption:
      "The schedule's own curve (what it had emitted by each time) and the new reserve minted so far: nothing is " +
      "minted ahead of its use; each claim mints what it pays. Minted can exceed emitted by what was recycled " +
      "(the commons' fees, burnt and re-issued to the pools).",
    spec:
      data.emission.schedule.length === 0
        ? undefined
        : {
            width: WIDTH,
            height: HEIGHT,
            title: "Cumulative new reserve (FRSV)",
            layer: [
              {
                data: {
                  values: data.emission.schedule.map((s) => ({
                    time: isoDate(s.timestamp),
                    frsv: chartValue(s.emitted),
                    series: "schedule",
                  })),
                },
                mark: "line",
                encoding: {
                  x: timeEncoding(data.emission.schedule),
                  y: { field: "frsv", type: "quantitative", title: "cumulative (FRSV)", axis: MAGNITUDE_AXIS },
                  color: { field: "series", type: "nominal", title: "" },
                },
              },
              {
                data: {
                  values: mintedShown.map((r) => ({
                    time: isoDate(r.timestamp),
                    frsv: chartValue(r.total),
                    series: "minted",
                  })),
                },
                mark: { type: "point", filled: true },
                encoding: {
                  x: { field: "time", type: "temporal" },
                  y: { field: "frsv", type: "quantitative" },
                  color: { field: "series", type: "nominal", title: "" },
                },
              },
            ],
          },
    table: {
      head: ["time (UTC)", "minted so far (FRSV)"],
      ...capRows(
        [...data.emission.minted].reverse().map((r) => [isoDate(r.timestamp), exact(r.total)]),
        "times new reserve was minted, most recent first",
        "emission.csv",
      ),
    },
  };
}
