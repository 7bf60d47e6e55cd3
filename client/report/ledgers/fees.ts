import { sum, type ReportContext } from "../context.js";

export interface Fees {
  /** Fees each pool was named for, by pool id (every pool listed, 0 when none). */
  directedByPool: Map<number, bigint>;
  /** Fees paid to the commons (pool 0, or a retired pool's), shared by weight. */
  commons: bigint;
  /** Each holder's fees by where they went (pool id, 0 for the commons): "where did my fee go?" */
  byPayer: { payer: string; poolId: number; fees: bigint; transactions: number }[];
  /** Every fee charged so far. */
  toDate: bigint;
}

/**
 * Where every fee went, and the two ledgers of the FRSV the coin holds beyond the backing: fees
 * named for pools (owed until the pool claims), and the commons' (fees, plus what redemptions'
 * rounding left behind and FRSV sent to the coin outside a mint, until it is sent for recycling).
 */
export async function feesLedger(ctx: ReportContext): Promise<Fees> {
  const { foundationCoin: coin, reserveToken: reserve } = ctx.system;
  const directedByPool = new Map<number, bigint>(ctx.pools.map((p) => [p.id, 0n]));
  let commons = 0n;
  const byPayer = new Map<string, Fees["byPayer"][number]>();
  const mints = ctx.named("foundationCoin", "Minted");
  const redemptions = ctx.named("foundationCoin", "Redeemed");
  for (const e of [...mints, ...redemptions]) {
    const fee = e.args[4] as bigint;
    const poolId = Number(e.args[5] as bigint);
    const payer = e.args[0] as string;
    const row = byPayer.get(`${payer}:${poolId}`) ?? { payer, poolId, fees: 0n, transactions: 0 };
    byPayer.set(`${payer}:${poolId}`, { ...row, fees: row.fees + fee, transactions: row.transactions + 1 });
    if (poolId === 0) commons += fee;
    else directedByPool.set(poolId, (directedByPool.get(poolId) ?? 0n) + fee);
  }
  const directed = sum([...directedByPool.values()]);

  // A redemption pays floor(coinIn / RATE) less its fee: the sub-unit remainder of coinIn is burnt
  // and its FRSV stays in the coin. The backing required is ceil(supply / RATE), so what the
  // remainders leave beyond that round-up is the commons'. Both from events alone.
  // Every view at once: one round trip's wait. `commonsFeesOwed` reverts when the backing is short
  // (which the backing checks report); the report then shows its definition's value, negative,
  // rather than stopping.
  const [rate, directedOwed, commonsOwed, owedByPool] = await Promise.all([
    coin.RATE(ctx.at),
    coin.directedFeesOwed(ctx.at),
    coin.commonsFeesOwed(ctx.at).catch(async () => {
      const [held, required, named] = await Promise.all([
        reserve.balanceOf(ctx.addresses.foundationCoin, ctx.at),
        coin.requiredBacking(ctx.at),
        coin.directedFeesOwed(ctx.at),
      ]);
      return held - required - named;
    }),
    Promise.all(ctx.pools.map((p) => coin.poolFeesOwed(p.id, ctx.at))),
  ]);
  const supply = sum(mints.map((e) => e.args[3] as bigint)) - sum(redemptions.map((e) => e.args[2] as bigint));
  const remainders = sum(
    redemptions.map((e) => (e.args[2] as bigint) - ((e.args[3] as bigint) + (e.args[4] as bigint)) * rate),
  );
  const roundingKept = (supply + remainders) / rate - (supply + rate - 1n) / rate;
  const gifts = ctx.into(ctx.lower.foundationCoin) - sum(mints.map((e) => e.args[2] as bigint));

  const claims = ctx.named("poolRegistry", "Claimed");
  const directedPaid = sum(claims.map((e) => (e.args[2] as bigint) - (e.args[3] as bigint)));
  const forwarded = sum(ctx.named("foundationCoin", "CommonsFeesForwarded").map((e) => e.args[0] as bigint));
  ctx.checks.identity(
    "fees named for pools: charged (Minted, Redeemed) = paid with the pools' claims (Claimed) + still owed by the coin",
    { "named fees charged (Minted, Redeemed)": directed },
    { "paid with claims (Claimed)": directedPaid, "directedFeesOwed()": directedOwed },
  );
  // Pool by pool, so that no pool's fees can be moved to another with the totals unchanged.
  const paidByPool = new Map<number, bigint>();
  for (const e of claims) {
    const id = Number(e.args[0]);
    paidByPool.set(id, (paidByPool.get(id) ?? 0n) + (e.args[2] as bigint) - (e.args[3] as bigint));
  }
  ctx.checks.identityOfEach(
    `fees named for each pool (${ctx.pools.length}): charged (Minted, Redeemed) = paid with its claims (Claimed) + still owed to it`,
    ctx.pools.map((p, i) => ({
      name: `pool ${p.id}`,
      left: { "named fees charged (Minted, Redeemed)": directedByPool.get(p.id) ?? 0n },
      right: { "paid with claims (Claimed)": paidByPool.get(p.id) ?? 0n, "poolFeesOwed(pool)": owedByPool[i]! },
    })),
  );
  ctx.checks.identity(
    "the commons' fees: charged (Minted, Redeemed) + redemption rounding kept + FRSV sent to the coin outside a " +
      "mint = sent for recycling (CommonsFeesForwarded) + still owed by the coin",
    {
      "commons fees charged (Minted, Redeemed)": commons,
      "redemption rounding kept (Redeemed)": roundingKept,
      "sent to the coin outside a mint (Transfer − Minted)": gifts,
    },
    { "sent for recycling (CommonsFeesForwarded)": forwarded, "commonsFeesOwed()": commonsOwed },
  );
  return {
    directedByPool,
    commons,
    byPayer: [...byPayer.values()].sort((a, b) =>
      a.payer === b.payer ? a.poolId - b.poolId : a.payer < b.payer ? -1 : 1,
    ),
    toDate: commons + directed,
  };
}
