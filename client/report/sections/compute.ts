import type { ReportData } from "../model.js";
import { exact } from "../format.js";
import { capRows, TOP_POOLS, topPools } from "../shape.js";
import { HEIGHT, MAGNITUDE_AXIS, MAX_EPOCH_GROUPS, sumOf, WIDTH, type PoolLabels, type Section } from "./common.js";

/** The "compute" section of the page. */
export function computeSection(data: ReportData, { label, grouped }: PoolLabels): Section {
  // Verified compute: the top pools by units by name, epochs grouped when there are many.
  const unitsByPool = new Map<number, bigint>();
  for (const u of data.compute.units) unitsByPool.set(u.poolId, (unitsByPool.get(u.poolId) ?? 0n) + u.units);
  const computeGroup = grouped(topPools(unitsByPool));
  const epochs = [...new Set(data.compute.units.map((u) => u.epoch))].sort((a, b) => a - b);
  const perGroup = Math.max(1, Math.ceil(epochs.length / MAX_EPOCH_GROUPS));
  const points = new Map<string, { epoch: number; pool: string; units: bigint }>();
  for (const u of data.compute.units) {
    const epoch = epochs[Math.floor(epochs.indexOf(u.epoch) / perGroup) * perGroup]!;
    const pool = computeGroup(u.poolId);
    const point = points.get(`${epoch}:${pool}`) ?? { epoch, pool, units: 0n };
    points.set(`${epoch}:${pool}`, { ...point, units: point.units + u.units });
  }
  const rewardOf = (epoch: number, poolId: number) =>
    sumOf(data.compute.rewards.filter((r) => r.epoch === epoch && r.poolId === poolId).map((r) => r.amount));
  return {
    id: "compute",
    title: "Verified compute by pool and epoch",
    caption:
      "GPU-seconds a quorum of attesters verified for each pool in each epoch; each point is one pool's report" +
      (perGroup > 1 ? `, summed over ${perGroup} epochs at a time (from the epoch shown)` : "") +
      (unitsByPool.size > TOP_POOLS ? `; the ten pools with the most units by name, the others together.` : "."),
    spec:
      data.compute.units.length === 0
        ? undefined
        : {
            width: WIDTH,
            height: HEIGHT,
            title: "Attested units per epoch",
            data: { values: [...points.values()].map((p) => ({ ...p, units: Number(p.units) })) },
            mark: { type: "point", filled: true, size: 80 },
            encoding: {
              x: { field: "epoch", type: "quantitative", title: "epoch", axis: { tickMinStep: 1, format: "d" } },
              y: { field: "units", type: "quantitative", title: "units (GPU-seconds)", axis: MAGNITUDE_AXIS },
              color: { field: "pool", type: "nominal", title: "pool", scale: { scheme: "tableau20" } },
            },
          },
    table: {
      head: ["epoch", "pool", "units (GPU-seconds)", "reward claimed (FRSV)"],
      ...capRows(
        [
          ...[...data.compute.units]
            .sort((a, b) => b.epoch - a.epoch || a.poolId - b.poolId)
            .map((u) => [String(u.epoch), label(u.poolId), String(u.units), exact(rewardOf(u.epoch, u.poolId))]),
          ...[...data.compute.swept]
            .reverse()
            .map((s) => [String(s.epoch), "swept to the commons", "", exact(s.amount)]),
        ],
        "reports, most recent epoch first",
        "compute.csv",
      ),
    },
  };
}
