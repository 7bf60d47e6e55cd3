import { sum, type ReportContext } from "../context.js";
import type { ComputeLedger } from "./compute.js";

export type ClaimsByPool = { poolId: number; commons: bigint; compute: bigint }[];

/** What each pool's recipient was paid: from the commons (with the fees named for it), and for verified compute. */
export function claimsLedger(ctx: ReportContext, compute: ComputeLedger): ClaimsByPool {
  const claims = ctx.named("poolRegistry", "Claimed");
  return ctx.pools.map((p) => ({
    poolId: p.id,
    commons: sum(claims.filter((e) => Number(e.args[0]) === p.id).map((e) => e.args[2] as bigint)),
    compute: sum(compute.rewards.filter((r) => r.poolId === p.id).map((r) => r.amount)),
  }));
}
