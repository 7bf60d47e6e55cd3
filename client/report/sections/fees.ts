import type { ReportData } from "../model.js";
import { chartValue, exact } from "../format.js";
import { topPools } from "../shape.js";
import { barChart, sumOf, type PoolLabels, type Section } from "./common.js";

/** The "fees" section of the page. */
export function feesSection(data: ReportData, { label, grouped }: PoolLabels): Section {
  const feesTop = topPools(data.fees.directedByPool);
  const feeGroup = grouped(feesTop);
  const feeRows = new Map<string, bigint>();
  for (const p of data.pools) {
    const fee = data.fees.directedByPool.get(p.id) ?? 0n;
    if (feesTop.has(p.id) || fee > 0n) feeRows.set(feeGroup(p.id), (feeRows.get(feeGroup(p.id)) ?? 0n) + fee);
  }
  const others = data.pools.filter((p) => !feesTop.has(p.id));
  return {
    id: "fees",
    title: "Fees by pool",
    caption:
      "Where every mint and redeem fee went: the pool the holder named, or the commons, shared by the pools' weights" +
      (others.length > 0 ? `; the ten pools named most by name, the ${others.length} others together.` : "."),
    spec:
      data.headline.feesToDate === 0n
        ? undefined
        : barChart(
            "Fees received (FRSV)",
            [
              ...[...feeRows].map(([pool, fee]) => ({ pool, kind: "named by the holder", fee: chartValue(fee) })),
              { pool: "the commons (shared by weight)", kind: "to the commons", fee: chartValue(data.fees.commons) },
            ],
            { field: "pool", title: "pool" },
            { field: "fee", title: "fees (FRSV)" },
            { field: "kind", title: "fee" },
          ),
    table: {
      head: ["pool", "fees (FRSV)", "weight now"],
      rows: [
        ...data.pools
          .filter((p) => feesTop.has(p.id))
          .map((p) => [label(p.id), exact(data.fees.directedByPool.get(p.id) ?? 0n), String(p.weight)]),
        ...(others.length === 0
          ? []
          : [
              [
                `${others.length} other pools`,
                exact(sumOf(others.map((p) => data.fees.directedByPool.get(p.id) ?? 0n))),
                String(sumOf(others.map((p) => p.weight))),
              ],
            ]),
        ["the commons", exact(data.fees.commons), String(sumOf(data.pools.map((p) => p.weight)))],
      ],
      ...(others.length === 0 ? {} : { note: { text: "Every pool in", csv: "fees-by-pool.csv" } }),
    },
  };
}
