import type { ReportContext } from "../context.js";
import type { ComputeLedger } from "./compute.js";

export type ClaimsByPool = { poolId: number; commons: bigint; compute: bigint }[];

/** What each pool's recipient was paid: from the commons (with the fees named for it), and for verified compute. */
export function claimsLedger(ctx: ReportContext, compute: ComputeLedger): ClaimsByPool {
  const [commons, work] = [new Map<number, bigint>(), new Map<number, bigint>()];
  for (const e of ctx.named("poolRegistry", "Claimed")) {
    const id = Number(e.args[0]);
    commons.set(id, (commons.get(id) ?? 0n) + (e.args[2] as bigint));
  }
  for (const r of compute.rewards) work.set(r.poolId, (work.get(r.poolId) ?? 0n) + r.amount);
  return ctx.pools.map((p) => ({ poolId: p.id, commons: commons.get(p.id) ?? 0n, compute: work.get(p.id) ?? 0n }));
}
