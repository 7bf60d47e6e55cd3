import { ZeroAddress } from "ethers";
import { sum, type ReportContext } from "../context.js";
import { emittedUntil as emittedUntilByForm } from "../schedule.js";

/** The schedule's curve, sampled at this many times between emission's start and the report. */
const SCHEDULE_SAMPLES = 48;

export interface EmissionLedger {
  /** New reserve minted, cumulatively, after each block that minted some (claims pay it out). */
  minted: { timestamp: number; total: bigint }[];
  /** The schedule's own curve: what it had emitted by each sampled time. */
  schedule: { timestamp: number; emitted: bigint }[];
  /** By destination: what it is due by the report's block, what it paid out, what it may still. */
  destinations: { destination: string; due: bigint; paid: bigint; available: bigint }[];
  /** The commons' fees and gifts burnt and re-issued. */
  recycled: bigint;
  /** The human share of the seconds with nobody registered, which went to the commons. */
  redirected: bigint;
  /** New reserve minted so far, by the view. */
  mintedTotal: bigint;
}

/**
 * New reserve: minted only when a claim pays it out, and due to three destinations by the
 * schedule. Each destination's ledger balances what it was due against what it paid and what is
 * still available to it, and all three together against the schedule.
 */
export async function emissionLedger(ctx: ReportContext): Promise<EmissionLedger> {
  const { emission, foundationCoin: coin, poolRegistry: registry } = ctx.system;
  const { at, timestamp } = ctx;
  // New reserve is every FRSV mint after the token's minter was set: before it, only the
  // constructor mints, the genesis (which may be empty).
  const minted: EmissionLedger["minted"] = [];
  let minterSet = false;
  let total = 0n;
  for (const e of ctx.events) {
    if (e.contract !== "reserveToken") continue;
    if (e.name === "MinterSet") minterSet = true;
    if (!minterSet || e.name !== "Transfer" || e.args[0] !== ZeroAddress) continue;
    total += e.args[2] as bigint;
    const point = { timestamp: await ctx.timeOf(e.block), total };
    if (minted.at(-1)?.timestamp === point.timestamp) minted[minted.length - 1] = point;
    else minted.push(point);
  }
  // Every view at once: one round trip's wait, not one per view.
  const [mintedTotal, recycled, redirected, emitted, commons, compute, humans, directedOwed, claimable] =
    await Promise.all([
      emission.minted(at),
      emission.recycled(at),
      emission.redirectedToCommons(at),
      emission.emittedUntil(timestamp, at),
      emission.availableTo(ctx.addresses.poolRegistry, at),
      emission.availableTo(ctx.addresses.computeRewards, at),
      emission.availableTo(ctx.addresses.humanDividend, at),
      coin.directedFeesOwed(at),
      Promise.all(ctx.pools.map((p) => registry.claimable(p.id, at))),
    ]);
  const [toCompute, toHumans, toCommons] = await emission.split(emitted, at);
  // The schedule's curve, sampled, by its closed form (one view per sample on every run would
  // add nothing the check below does not hold: the closed form now = the view now).
  const start = Number(ctx.schedule.start);
  const times =
    timestamp > start
      ? Array.from(
          { length: SCHEDULE_SAMPLES + 1 },
          (_, i) => start + Math.round(((timestamp - start) * i) / SCHEDULE_SAMPLES),
        )
      : [];
  const schedule = times.map((t) => ({ timestamp: t, emitted: emittedUntilByForm(ctx.schedule, BigInt(t)) }));
  const available = { commons, compute, humans };
  const fromCommons = sum(ctx.named("poolRegistry", "Claimed").map((e) => e.args[3] as bigint));
  const workClaims = sum(ctx.named("computeRewards", "WorkClaimed").map((e) => e.args[4] as bigint));
  const dividendClaimed = sum(ctx.named("humanDividend", "DividendClaimed").map((e) => e.args[2] as bigint));
  const recycledEvents = sum(ctx.named("emission", "Recycled").map((e) => e.args[0] as bigint));
  const assigned = sum(ctx.named("emission", "AssignedToCommons").map((e) => e.args[1] as bigint));
  const swept = sum(ctx.named("computeRewards", "EpochSwept").map((e) => e.args[1] as bigint));
  const unreported = sum(ctx.named("computeRewards", "UnreportedToCommons").map((e) => e.args[1] as bigint));
  const voided = sum(ctx.named("computeRewards", "VoidedToCommons").map((e) => e.args[2] as bigint));

  const { checks } = ctx;
  checks.identity(
    "the schedule: its closed form (the report's, which draws its curve) at the report's time = emittedUntil(now)",
    { "closed form": emittedUntilByForm(ctx.schedule, BigInt(timestamp)) },
    { "emittedUntil(now)": emitted },
  );
  checks.identity(
    "new reserve minted (Transfer events after MinterSet) = minted()",
    { "minted after the minter was set (Transfer from 0)": total },
    { "minted()": mintedTotal },
  );
  checks.identity(
    "new reserve minted = paid to pools from the commons (Claimed) + for verified work (WorkClaimed) + dividends " +
      "(DividendClaimed)",
    {
      "from the commons (Claimed)": fromCommons,
      "for work (WorkClaimed)": workClaims,
      "dividends (DividendClaimed)": dividendClaimed,
    },
    { "minted()": mintedTotal },
  );
  checks.identity(
    "fees and gifts recycled (Recycled events) = recycled()",
    { "recycled (Recycled)": recycledEvents },
    { "recycled()": recycled },
  );
  checks.identity(
    "the schedule: emitted by now + recycled = new reserve minted + still available to compute, humans and the commons",
    { "emittedUntil(now)": emitted, "recycled()": recycled },
    {
      "minted()": mintedTotal,
      "availableTo(compute)": available.compute,
      "availableTo(dividend)": available.humans,
      "availableTo(registry)": available.commons,
    },
  );
  checks.identity(
    "the commons: its share + the human share while nobody was registered + handed over (AssignedToCommons) + " +
      "recycled (Recycled) = paid to pools (Claimed) + available to it",
    {
      "commons' share of emittedUntil(now)": toCommons,
      "redirectedToCommons()": redirected,
      "handed over (AssignedToCommons)": assigned,
      "recycled (Recycled)": recycledEvents,
    },
    { "paid to pools (Claimed)": fromCommons, "availableTo(registry)": available.commons },
  );
  checks.identity(
    "compute: its share = paid for work (WorkClaimed) + leftovers swept (EpochSwept) + budgets nobody reported " +
      "(UnreportedToCommons) + voided reports' shares (VoidedToCommons) + available to it",
    { "compute's share of emittedUntil(now)": toCompute },
    {
      "paid for work (WorkClaimed)": workClaims,
      "swept (EpochSwept)": swept,
      "nobody reported (UnreportedToCommons)": unreported,
      "voided (VoidedToCommons)": voided,
      "availableTo(compute)": available.compute,
    },
  );
  checks.identity(
    "compute: handed to the commons (AssignedToCommons) = leftovers swept (EpochSwept) + budgets nobody reported " +
      "(UnreportedToCommons) + voided reports' shares (VoidedToCommons)",
    { "handed over (AssignedToCommons)": assigned },
    {
      "swept (EpochSwept)": swept,
      "nobody reported (UnreportedToCommons)": unreported,
      "voided (VoidedToCommons)": voided,
    },
  );
  checks.identity(
    "humans: their share - the seconds with nobody registered = dividends (DividendClaimed) + available to the dividend",
    { "humans' share of emittedUntil(now)": toHumans, "redirectedToCommons()": -redirected },
    { "dividends (DividendClaimed)": dividendClaimed, "availableTo(dividend)": available.humans },
  );
  const claimableByPools = sum(claimable);
  checks.bound(
    "the commons: available to it + named fees the coin holds ≥ what every pool can claim",
    { "availableTo(registry)": available.commons, "directedFeesOwed()": directedOwed },
    "≥",
    { "Σ claimable(pool)": claimableByPools },
  );

  const destinations: EmissionLedger["destinations"] = [
    {
      destination: "verified compute",
      due: toCompute,
      paid: toCompute - available.compute,
      available: available.compute,
    },
    { destination: "verified humans", due: toHumans - redirected, paid: dividendClaimed, available: available.humans },
    {
      destination: "the commons",
      due: fromCommons + available.commons,
      paid: fromCommons,
      available: available.commons,
    },
  ];
  return { minted, schedule, destinations, recycled, redirected, mintedTotal };
}
