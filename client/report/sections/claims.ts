import type { ReportData } from "../model.js";
import { chartValue, exact } from "../format.js";
import { topPools } from "../shape.js";
import { barChart, OTHER_POOLS, type PoolLabels, type Section } from "./common.js";

/** The "claims" section of the page. */
export function claimsSection(data: ReportData, { grouped }: PoolLabels): Section {
  const paidByPool = new Map(data.claims.map((c) => [c.poolId, c.commons + c.compute]));
  const claimsTop = topPools(paidByPool);
  const claimGroup = grouped(claimsTop);
  const claimTotals = new Map<string, { commons: bigint; compute: bigint }>();
  for (const c of data.claims) {
    if (c.commons === 0n && c.compute === 0n && !claimsTop.has(c.poolId)) continue;
    const row = claimTotals.get(claimGroup(c.poolId)) ?? { commons: 0n, compute: 0n };
    claimTotals.set(claimGroup(c.poolId), { commons: row.commons + c.commons, compute: row.compute + c.compute });
  }
  return {
    id: "claims",
    title: "Claims by pool",
    caption:
      "FRSV each pool's recipient was paid: its share of the commons, and new reserve for its verified work" +
      (claimTotals.has(OTHER_POOLS) ? "; the ten pools paid most by name, the others together." : "."),
    spec: data.claims.every((c) => c.commons === 0n && c.compute === 0n)
      ? undefined
      : barChart(
          "Paid to pools (FRSV)",
          [...claimTotals].flatMap(([pool, c]) => [
            { pool, source: "the commons (fees and emission)", frsv: chartValue(c.commons) },
            { pool, source: "verified compute", frsv: chartValue(c.compute) },
          ]),
          { field: "pool", title: "pool" },
          { field: "frsv", title: "paid (FRSV)" },
          { field: "source", title: "source" },
        ),
    table: {
      head: ["pool", "from the commons (FRSV)", "for verified compute (FRSV)"],
      rows: data.claims.every((c) => c.commons === 0n && c.compute === 0n)
        ? []
        : [...claimTotals].map(([pool, c]) => [pool, exact(c.commons), exact(c.compute)]),
      ...(claimTotals.has(OTHER_POOLS) ? { note: { text: "Every pool in", csv: "claims.csv" } } : {}),
    },
  };
}
