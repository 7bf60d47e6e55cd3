import type { ReportData } from "../../client/report/index.js";

const E18 = 10n ** 18n;

/**
 * A report of a large, busy deployment, made up without a chain: 22 pools (a few with very long
 * names), 2,000 blocks of backing with one dip, 300 compute epochs, 600 dividend claims, 800
 * holders — the sizes that made the page 1.4 MB and 3,714 rows. For the page's limits only: its
 * checks are whatever the test gives.
 */
export function syntheticReport(): ReportData & { worstBlock: number } {
  const start = 1_800_000_000;
  const pools = Array.from({ length: 22 }, (_, i) => ({
    id: i + 1,
    name: i % 7 === 3 ? `Pool with a long name ${"x".repeat(200)}` : `Pool ${i + 1}`,
    status: i < 18 ? "active" : "proposed",
    weight: BigInt((i % 5) + 1) * 100n,
  }));
  const worstBlock = 1_234;
  const backing = Array.from({ length: 2_000 }, (_, i) => {
    const supply = BigInt(i + 1) * 1_000n * E18;
    const required = supply / 1_000n;
    // Always a little over 100%, except one dip to exactly 100% at `worstBlock`.
    const held = i + 1 === worstBlock ? required : required + (required * BigInt(1 + (i % 9))) / 1_000n;
    return { block: i + 1, timestamp: start + i * 600, supply, required, held };
  });
  const units = pools.flatMap((p) =>
    Array.from({ length: 300 }, (_, epoch) => ({ epoch, poolId: p.id, units: BigInt(p.id) * 18n * 10n ** 17n })),
  );
  const directedByPool = new Map(pools.map((p) => [p.id, BigInt(p.id) * 3n * E18]));
  return {
    chainId: 31337n,
    fromBlock: 1,
    toBlock: 2_000,
    toBlockHash: `0x${"ab".repeat(32)}`,
    scan: { fromBlock: 1, toBlock: 2_000, logs: 18_000, fetchedFromBlock: 1 },
    timestamp: start + 2_000 * 600,
    addresses: {
      reserveToken: `0x${"01".repeat(20)}`,
      foundationCoin: `0x${"02".repeat(20)}`,
      poolRegistry: `0x${"03".repeat(20)}`,
      emission: `0x${"04".repeat(20)}`,
      computeRewards: `0x${"05".repeat(20)}`,
      humanRegistry: `0x${"06".repeat(20)}`,
      humanDividend: `0x${"07".repeat(20)}`,
      timelock: `0x${"08".repeat(20)}`,
    },
    headline: {
      reserveSupply: 2_000_000n * E18,
      reserveCap: 21_000_000n * E18,
      coinSupply: backing.at(-1)!.supply,
      rate: 1_000n,
      backingHeld: backing.at(-1)!.held,
      backingRequired: backing.at(-1)!.required,
      feesToDate: 1_000n * E18,
      minted: 500_000n * E18,
      pools: pools.length,
      activePools: 18,
      humans: 40n,
    },
    backing,
    fees: {
      directedByPool,
      commons: 500n * E18,
      byPayer: Array.from({ length: 800 }, (_, i) => ({
        payer: `0x${(i + 1).toString(16).padStart(40, "0")}`,
        poolId: i % 23,
        fees: BigInt(i + 1) * 10n ** 15n,
        transactions: 1 + (i % 4),
      })),
    },
    pools,
    emission: {
      minted: Array.from({ length: 1_500 }, (_, i) => ({
        timestamp: start + i * 700,
        total: BigInt(i + 1) * 300n * E18,
      })),
      schedule: Array.from({ length: 49 }, (_, i) => ({
        timestamp: start + i * 25_000,
        emitted: BigInt(i) * 10_000n * E18,
      })),
      destinations: [
        { destination: "verified compute", due: 250_000n * E18, paid: 200_000n * E18, available: 50_000n * E18 },
        { destination: "verified humans", due: 125_000n * E18, paid: 100_000n * E18, available: 25_000n * E18 },
        { destination: "the commons", due: 125_000n * E18, paid: 100_000n * E18, available: 25_000n * E18 },
      ],
      recycled: 10n * E18,
      redirected: 5n * E18,
    },
    compute: {
      units,
      rewards: units.map((u) => ({ epoch: u.epoch, poolId: u.poolId, amount: u.units / 1_000n })),
      swept: Array.from({ length: 20 }, (_, i) => ({ epoch: 300 + i, amount: 149n * E18 })),
    },
    humans: {
      count: Array.from({ length: 600 }, (_, i) => ({ timestamp: start + i * 1_000, count: 1 + (i % 40) })),
      claimedAsCoin: 1_000n * E18,
      claimedAsReserve: 2_000n * E18,
      claims: Array.from({ length: 600 }, (_, i) => ({
        block: i + 1,
        human: `0x${(i + 1).toString(16).padStart(40, "0")}`,
        to: `0x${(i + 1).toString(16).padStart(40, "0")}`,
        amount: 5n * E18,
        asCoin: i % 2 === 0,
      })),
      toCommons: 5n * E18,
    },
    claims: pools.map((p) => ({ poolId: p.id, commons: BigInt(p.id) * E18, compute: BigInt(p.id) * 2n * E18 })),
    checks: [],
    worstBlock,
  };
}
