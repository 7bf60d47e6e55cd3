import { ZeroAddress } from "ethers";
import type { ReportContext } from "../context.js";

export interface HumansLedger {
  /** Registered humans after each change. */
  count: { timestamp: number; count: number }[];
  humans: bigint;
}

/** Verified humans: the head count after every registration, revocation, removal and issuer's end. */
export async function humansLedger(ctx: ReportContext): Promise<HumansLedger> {
  const tally = { registered: 0, revoked: 0, removed: 0, ended: 0 };
  const count: HumansLedger["count"] = [];
  let current = 0;
  for (const e of ctx.events) {
    if (e.contract !== "humanRegistry") continue;
    // A person revoked while not registered (account zero) leaves no registration; an issuer's
    // removal ends every registration it answered for.
    let change = 0;
    if (e.name === "HumanRegistered") [change, tally.registered] = [1, tally.registered + 1];
    else if (e.name === "HumanRemoved") [change, tally.removed] = [-1, tally.removed + 1];
    else if (e.name === "HumanRevoked" && e.args[0] !== ZeroAddress) [change, tally.revoked] = [-1, tally.revoked + 1];
    else if (e.name === "IssuerTermEnded") {
      change = -Number(e.args[2]);
      tally.ended -= change;
    }
    if (change === 0) continue;
    current += change;
    count.push({ timestamp: await ctx.timeOf(e.block), count: current });
  }
  const humans = await ctx.system.humanRegistry.humanCount(ctx.at);
  ctx.checks.identity(
    "humans: registered − revoked − removed − ended with their issuer (events) = humanCount()",
    {
      "registered (HumanRegistered)": BigInt(tally.registered),
      "revoked (HumanRevoked)": -BigInt(tally.revoked),
      "removed (HumanRemoved)": -BigInt(tally.removed),
      "ended with their issuer (IssuerTermEnded)": -BigInt(tally.ended),
    },
    { "humanCount()": humans },
    "count",
  );
  return { count, humans };
}
