import type { Provider } from "ethers";
import type { BlockBook, RawLog } from "./cache.js";
import type { Foundation } from "../foundation.js";
import { Checks, type Check } from "./checks.js";
import { reportContext, type PoolRow, type ReportContext } from "./context.js";
import { backingLedger, type BackingPoint } from "./ledgers/backing.js";
import { claimsLedger, type ClaimsByPool } from "./ledgers/claims.js";
import { computeLedger, type ComputeLedger } from "./ledgers/compute.js";
import { dividendLedger } from "./ledgers/dividend.js";
import { emissionLedger, type EmissionLedger } from "./ledgers/emission.js";
import { feesLedger, type Fees } from "./ledgers/fees.js";
import { humansLedger } from "./ledgers/humans.js";
import { supplyLedger } from "./ledgers/supply.js";

export type { Check, Term } from "./checks.js";
export type { BackingPoint } from "./ledgers/backing.js";

/** Everything the report shows, amounts in base units (bigint) end to end. */
export interface ReportData {
  chainId: bigint;
  fromBlock: number;
  toBlock: number;
  /** The hash of `toBlock`: every log, view and timestamp of the report is of the chain ending there. */
  toBlockHash: string;
  /** What this run read: the history's blocks, its logs, and the first block asked of the node (the rest was kept). */
  scan: { fromBlock: number; toBlock: number; logs: number; fetchedFromBlock: number };
  timestamp: number;
  addresses: Record<keyof Foundation, string>;
  headline: {
    reserveSupply: bigint;
    reserveCap: bigint;
    coinSupply: bigint;
    rate: bigint;
    backingHeld: bigint;
    backingRequired: bigint;
    feesToDate: bigint;
    /** New reserve minted so far (as claims paid it out). */
    minted: bigint;
    pools: number;
    activePools: number;
    humans: bigint;
  };
  backing: BackingPoint[];
  fees: Omit<Fees, "toDate">;
  pools: PoolRow[];
  emission: Omit<EmissionLedger, "mintedTotal">;
  compute: ComputeLedger;
  humans: {
    count: { timestamp: number; count: number }[];
    claimedAsCoin: bigint;
    claimedAsReserve: bigint;
    claims: { block: number; human: string; to: string; amount: bigint; asCoin: boolean }[];
    /** The human share of the seconds with nobody registered, which went to the commons. */
    toCommons: bigint;
  };
  /** What each pool's recipient was paid: from the commons, and for verified compute. */
  claims: ClaimsByPool;
  checks: Check[];
}

/**
 * Builds the report of `system` from its events (`logs`, from its deployment block to `toBlock`)
 * and its views at `toBlock`: one ledger at a time (client/report/ledgers/), each rebuilding its
 * totals from events and stating the checks that tie them to the contracts' views.
 */
export async function buildReport(
  system: Foundation,
  provider: Provider,
  logs: RawLog[],
  fromBlock: number,
  toBlock: number,
  toBlockHash: string,
  book: BlockBook = { times: new Map(), hashes: new Map() },
  fetchedFromBlock = fromBlock,
): Promise<ReportData> {
  const ctx = await reportContext(system, provider, logs, toBlock, toBlockHash, book);
  // The ledgers are independent: they read their views side by side (a report's time is mostly
  // waiting on the node), each stating its checks in its own list, joined in this order.
  const lists: Check[][] = [];
  const own = (): ReportContext => {
    const checks = new Checks();
    lists.push(checks.list);
    return { ...ctx, checks };
  };
  const [supply, backing, feesAndTotal, emissionAndMinted, compute, humans, dividend] = await Promise.all([
    supplyLedger(own()),
    backingLedger(own()),
    feesLedger(own()),
    emissionLedger(own()),
    computeLedger(own()),
    humansLedger(own()),
    dividendLedger(own()),
  ]);
  const { toDate: feesToDate, ...fees } = feesAndTotal;
  const { mintedTotal, ...emission } = emissionAndMinted;
  const claims = claimsLedger(ctx, compute);
  return {
    chainId: (await provider.getNetwork()).chainId,
    fromBlock,
    toBlock,
    toBlockHash,
    scan: { fromBlock, toBlock, logs: logs.length, fetchedFromBlock },
    timestamp: ctx.timestamp,
    addresses: ctx.addresses,
    headline: {
      reserveSupply: supply.reserveSupply,
      reserveCap: supply.reserveCap,
      coinSupply: backing.coinSupply,
      rate: backing.rate,
      backingHeld: backing.backingHeld,
      backingRequired: backing.backingRequired,
      feesToDate,
      minted: mintedTotal,
      pools: ctx.pools.length,
      activePools: ctx.pools.filter((p) => p.status === "active").length,
      humans: humans.humans,
    },
    backing: backing.series,
    fees,
    pools: ctx.pools,
    emission,
    compute,
    humans: { count: humans.count, ...dividend, toCommons: emission.redirected },
    claims,
    checks: lists.flat(),
  };
}
