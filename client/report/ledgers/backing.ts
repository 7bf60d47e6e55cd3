import type { ReportContext } from "../context.js";

/** A point of the backing series: after the events of one block. */
export interface BackingPoint {
  block: number;
  timestamp: number;
  supply: bigint;
  required: bigint;
  held: bigint;
}

export interface Backing {
  series: BackingPoint[];
  rate: bigint;
  coinSupply: bigint;
  backingHeld: bigint;
  backingRequired: bigint;
}

/**
 * FDC's supply and the FRSV behind it, block by block: the supply from mints and redemptions, the
 * FRSV the coin holds from the transfer events, and whether it was ever short.
 */
export async function backingLedger(ctx: ReportContext): Promise<Backing> {
  const { foundationCoin: coin, reserveToken: reserve } = ctx.system;
  const coinAddress = ctx.lower.foundationCoin;
  // Every view at once: one round trip's wait.
  const [rate, coinSupply, backingHeld, backingRequired, directedOwed] = await Promise.all([
    coin.RATE(ctx.at),
    coin.totalSupply(ctx.at),
    reserve.balanceOf(coinAddress, ctx.at),
    coin.requiredBacking(ctx.at),
    coin.directedFeesOwed(ctx.at),
  ]);
  const changes = new Map<number, { supply: bigint; held: bigint }>();
  const bump = (block: number, supply: bigint, held: bigint) => {
    const c = changes.get(block) ?? { supply: 0n, held: 0n };
    changes.set(block, { supply: c.supply + supply, held: c.held + held });
  };
  let minted = 0n;
  let redeemed = 0n;
  for (const e of ctx.named("foundationCoin", "Minted")) {
    minted += e.args[3] as bigint;
    bump(e.block, e.args[3] as bigint, 0n);
  }
  for (const e of ctx.named("foundationCoin", "Redeemed")) {
    redeemed += e.args[2] as bigint;
    bump(e.block, -(e.args[2] as bigint), 0n);
  }
  for (const t of ctx.transfers) {
    if (t.to === coinAddress) bump(t.block, 0n, t.value);
    if (t.from === coinAddress) bump(t.block, 0n, -t.value);
  }
  const series: BackingPoint[] = [];
  let supply = 0n;
  let held = 0n;
  for (const block of [...changes.keys()].sort((a, b) => a - b)) {
    const c = changes.get(block)!;
    supply += c.supply;
    held += c.held;
    series.push({ block, timestamp: await ctx.timeOf(block), supply, required: (supply + rate - 1n) / rate, held });
  }

  ctx.checks.identity(
    "FDC supply: minted − redeemed (events) = totalSupply()",
    { "minted (Minted)": minted, "redeemed (Redeemed)": -redeemed },
    { "totalSupply()": coinSupply },
  );
  ctx.checks.identity(
    "FRSV held by the coin: transfers in − out (events) = balanceOf(coin)",
    { "sent to the coin (Transfer)": ctx.into(coinAddress), "sent from the coin (Transfer)": -ctx.outOf(coinAddress) },
    { "balanceOf(coin)": backingHeld },
  );
  const lowest = series.reduce<BackingPoint | undefined>(
    (low, p) => (low === undefined || p.held - p.required < low.held - low.required ? p : low),
    undefined,
  );
  ctx.checks.bound(
    "backing never below 100%: the lowest FRSV held over the history ≥ FDC supply / RATE then",
    { [`FRSV held after block ${lowest?.block ?? "—"}`]: lowest?.held ?? 0n },
    "≥",
    { "ceil(FDC supply / RATE) then": lowest?.required ?? 0n },
  );
  ctx.checks.bound(
    "backing now: FRSV the coin holds, less the fees named for pools it still owes, ≥ ceil(FDC supply / RATE)",
    { "balanceOf(coin)": backingHeld, "directedFeesOwed()": -directedOwed },
    "≥",
    { "requiredBacking()": backingRequired },
  );
  return { series, rate, coinSupply, backingHeld, backingRequired };
}
