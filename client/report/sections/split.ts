import type { ReportData } from "../model.js";
import { chartValue, exact } from "../format.js";
import { barChart, type PoolLabels, type Section } from "./common.js";

/** The "split" section of the page. */
export function splitSection(data: ReportData, _pools: PoolLabels): Section {
  const destinations = data.emission.destinations;
  return {
    id: "split",
    title: "New reserve by destination",
    caption:
      "What each destination is due by now (its share of the schedule; the commons also what was handed or " +
      `recycled to it, and the human share of the seconds with nobody registered: ${exact(data.emission.redirected)} ` +
      "FRSV), what it paid out and what it may still.",
    spec: destinations.every((d) => d.due === 0n)
      ? undefined
      : barChart(
          "Due by destination (FRSV)",
          destinations.map((r) => ({ destination: r.destination, frsv: chartValue(r.due) })),
          { field: "destination", title: "destination" },
          { field: "frsv", title: "due (FRSV)" },
          undefined,
          120,
        ),
    table: {
      head: ["destination", "due (FRSV)", "paid out", "available"],
      rows: destinations.map((d) => [d.destination, exact(d.due), exact(d.paid), exact(d.available)]),
    },
  };
}
