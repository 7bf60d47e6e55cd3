import { ZeroAddress, type Interface, type Log, type LogDescription, type Provider } from "ethers";
import type { Foundation } from "../foundation.js";

/** One reconciliation: a total rebuilt from events beside the contracts' own view of it. */
export interface Check {
  what: string;
  holds: boolean;
  /** The number rebuilt from events (FRSV or FDC base units, or a count). */
  rebuilt: bigint;
  /** The number the contracts' views give at the report's block, or the bound it must respect. */
  onChain: bigint;
  /** How the two must relate: "=" or "≤" (rebuilt ≤ onChain) or "≥". */
  relation: "=" | "≤" | "≥";
}

/** A point of the backing series: after the events of one block. */
export interface BackingPoint {
  block: number;
  timestamp: number;
  supply: bigint;
  required: bigint;
  held: bigint;
}

/** Everything the report shows, amounts in base units (bigint) end to end. */
export interface ReportData {
  chainId: bigint;
  fromBlock: number;
  toBlock: number;
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
  fees: {
    /** Fees each pool was named for, by pool id (every pool listed, 0 when none). */
    directedByPool: Map<number, bigint>;
    /** Fees paid to the commons (pool 0, or a retired pool's), shared by weight. */
    commons: bigint;
    /** Each holder's fees by where they went (pool id, 0 for the commons): "where did my fee go?" */
    byPayer: { payer: string; poolId: number; fees: bigint; transactions: number }[];
  };
  pools: { id: number; name: string; status: string; weight: bigint }[];
  emission: {
    /** New reserve minted, cumulatively, after each block that minted some (claims pay it out). */
    minted: { timestamp: number; total: bigint }[];
    /** The schedule's own curve: what it had emitted by each sampled time. */
    schedule: { timestamp: number; emitted: bigint }[];
    /** By destination: what it is due by the report's block, what it paid out, what it may still. */
    destinations: { destination: string; due: bigint; paid: bigint; available: bigint }[];
    /** The commons' fees and gifts burnt and re-issued, and the human share of seconds with nobody registered. */
    recycled: bigint;
    redirected: bigint;
  };
  compute: {
    /** Attested units by epoch and pool (voided reports removed). */
    units: { epoch: number; poolId: number; units: bigint }[];
    /** New reserve claimed for verified work, by epoch and pool. */
    rewards: { epoch: number; poolId: number; amount: bigint }[];
    swept: { epoch: number; amount: bigint }[];
  };
  humans: {
    /** Registered humans after each change. */
    count: { timestamp: number; count: number }[];
    claimedAsCoin: bigint;
    claimedAsReserve: bigint;
    /** Every dividend claim: who, paid to whom, how much FRSV, and whether as FDC. */
    claims: { block: number; human: string; to: string; amount: bigint; asCoin: boolean }[];
    /** The human share of the seconds with nobody registered, which went to the commons. */
    toCommons: bigint;
  };
  /** What each pool's recipient was paid: from the commons, and for verified compute. */
  claims: { poolId: number; commons: bigint; compute: bigint }[];
  checks: Check[];
}

const STATUS = ["unknown", "proposed", "active", "retired"];

/** The schedule's curve, sampled at this many times between emission's start and the report. */
const SCHEDULE_SAMPLES = 48;

/** A decoded event of the system, with where and when it happened. */
interface SystemEvent {
  contract: keyof Foundation;
  name: string;
  args: LogDescription["args"];
  block: number;
}

function decode(system: Foundation, addresses: Record<keyof Foundation, string>, logs: Log[]): SystemEvent[] {
  const byAddress = new Map<string, [keyof Foundation, Interface]>();
  for (const key of Object.keys(addresses) as (keyof Foundation)[]) {
    byAddress.set(addresses[key].toLowerCase(), [key, system[key].interface as Interface]);
  }
  const events: SystemEvent[] = [];
  for (const log of logs) {
    const known = byAddress.get(log.address.toLowerCase());
    if (known === undefined) continue;
    const parsed = known[1].parseLog(log);
    if (parsed === null) continue;
    events.push({ contract: known[0], name: parsed.name, args: parsed.args, block: log.blockNumber });
  }
  return events;
}

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

/**
 * Builds the report of `system` from its events (`logs`, from its deployment block to `toBlock`)
 * and its views at `toBlock`. Every total is rebuilt from events and set beside the contracts'
 * own view of it in `checks`.
 */
export async function buildReport(
  system: Foundation,
  provider: Provider,
  logs: Log[],
  fromBlock: number,
  toBlock: number,
): Promise<ReportData> {
  const at = { blockTag: toBlock };
  const addresses = {} as Record<keyof Foundation, string>;
  for (const key of Object.keys(system) as (keyof Foundation)[]) addresses[key] = await system[key].getAddress();
  const events = decode(system, addresses, logs);
  const named = (contract: keyof Foundation, name: string) =>
    events.filter((e) => e.contract === contract && e.name === name);

  const times = new Map<number, number>();
  const timeOf = async (block: number): Promise<number> => {
    let t = times.get(block);
    if (t === undefined) {
      t = (await provider.getBlock(block))!.timestamp;
      times.set(block, t);
    }
    return t;
  };
  const timestamp = await timeOf(toBlock);
  const { reserveToken: reserve, foundationCoin: coin, poolRegistry: registry, emission } = system;
  const { computeRewards: rewards, humanRegistry, humanDividend: dividend } = system;
  const coinAddress = addresses.foundationCoin.toLowerCase();
  const registryAddress = addresses.poolRegistry.toLowerCase();
  const dividendAddress = addresses.humanDividend.toLowerCase();
  const checks: Check[] = [];
  const check = (what: string, rebuilt: bigint, onChain: bigint, relation: Check["relation"] = "=") =>
    checks.push({
      what,
      rebuilt,
      onChain,
      relation,
      holds: relation === "=" ? rebuilt === onChain : relation === "≤" ? rebuilt <= onChain : rebuilt >= onChain,
    });

  // FRSV transfers: supply, and what the coin, the registry and the dividend received and paid.
  const transfers = named("reserveToken", "Transfer").map((e) => ({
    from: (e.args[0] as string).toLowerCase(),
    to: (e.args[1] as string).toLowerCase(),
    value: e.args[2] as bigint,
    block: e.block,
  }));
  const zero = ZeroAddress.toLowerCase();
  const into = (address: string) => sum(transfers.filter((t) => t.to === address).map((t) => t.value));
  const outOf = (address: string) => sum(transfers.filter((t) => t.from === address).map((t) => t.value));
  const reserveSupply = await reserve.totalSupply(at);
  check("FRSV supply: minted − burnt (Transfer events) = totalSupply()", outOf(zero) - into(zero), reserveSupply);

  // Backing over time: FDC supply from mints and redemptions, FRSV held from transfers.
  const rate = await coin.RATE(at);
  const backing: BackingPoint[] = [];
  {
    const changes = new Map<number, { supply: bigint; held: bigint }>();
    const bump = (block: number, supply: bigint, held: bigint) => {
      const c = changes.get(block) ?? { supply: 0n, held: 0n };
      changes.set(block, { supply: c.supply + supply, held: c.held + held });
    };
    for (const e of named("foundationCoin", "Minted")) bump(e.block, e.args[3] as bigint, 0n);
    for (const e of named("foundationCoin", "Redeemed")) bump(e.block, -(e.args[2] as bigint), 0n);
    for (const t of transfers) {
      if (t.to === coinAddress) bump(t.block, 0n, t.value);
      if (t.from === coinAddress) bump(t.block, 0n, -t.value);
    }
    let supply = 0n;
    let held = 0n;
    for (const block of [...changes.keys()].sort((a, b) => a - b)) {
      const c = changes.get(block)!;
      supply += c.supply;
      held += c.held;
      backing.push({ block, timestamp: await timeOf(block), supply, required: (supply + rate - 1n) / rate, held });
    }
  }
  const coinSupply = await coin.totalSupply(at);
  const backingHeld = await reserve.balanceOf(coinAddress, at);
  const backingRequired = await coin.requiredBacking(at);
  const last = backing.at(-1);
  check("FDC supply: minted − redeemed (events) = totalSupply()", last?.supply ?? 0n, coinSupply);
  check("FRSV held by the coin: transfers in − out (events) = balanceOf(coin)", last?.held ?? 0n, backingHeld);
  const lowest = backing.reduce<BackingPoint | undefined>(
    (low, p) => (low === undefined || p.held - p.required < low.held - low.required ? p : low),
    undefined,
  );
  check(
    "backing never below 100%: the lowest FRSV held over the history ≥ FDC supply / RATE then",
    lowest?.held ?? 0n,
    lowest?.required ?? 0n,
    "≥",
  );
  const directedOwed = await coin.directedFeesOwed(at);
  const commonsOwed = await coin.commonsFeesOwed(at);
  check(
    "backing now: FRSV the coin holds ≥ ceil(FDC supply / RATE) + the fees it still owes",
    backingHeld,
    backingRequired + directedOwed + commonsOwed,
    "≥",
  );

  // Fees: where each went, and that every fee charged is forwarded or still owed.
  const poolCount = Number(await registry.poolCount(at));
  const pools: ReportData["pools"] = [];
  for (let id = 1; id <= poolCount; id++) {
    const p = await registry.pool(id, at);
    pools.push({ id, name: p.name, status: STATUS[Number(p.status)] ?? "unknown", weight: p.weight });
  }
  const directedByPool = new Map<number, bigint>(pools.map((p) => [p.id, 0n]));
  let commonsFees = 0n;
  const byPayer = new Map<string, { payer: string; poolId: number; fees: bigint; transactions: number }>();
  for (const e of [...named("foundationCoin", "Minted"), ...named("foundationCoin", "Redeemed")]) {
    const fee = e.args[4] as bigint;
    const poolId = Number(e.args[5] as bigint);
    const payer = e.args[0] as string;
    const row = byPayer.get(`${payer}:${poolId}`) ?? { payer, poolId, fees: 0n, transactions: 0 };
    byPayer.set(`${payer}:${poolId}`, { ...row, fees: row.fees + fee, transactions: row.transactions + 1 });
    if (poolId === 0) commonsFees += fee;
    else directedByPool.set(poolId, (directedByPool.get(poolId) ?? 0n) + fee);
  }
  const feesToDate = commonsFees + sum([...directedByPool.values()]);
  const poolClaims = named("poolRegistry", "Claimed");
  const fromCommons = sum(poolClaims.map((e) => e.args[3] as bigint));
  const directedPaid = sum(poolClaims.map((e) => (e.args[2] as bigint) - (e.args[3] as bigint)));
  const commonsForwarded = sum(named("foundationCoin", "CommonsFeesForwarded").map((e) => e.args[0] as bigint));
  check(
    "fees: charged (Minted, Redeemed) = commons fees sent for recycling (CommonsFeesForwarded) + named fees paid " +
      "(Claimed) + still held by the coin",
    feesToDate,
    commonsForwarded + directedPaid + directedOwed + commonsOwed,
  );

  // New reserve: minted only when paid out; each destination is due its share of the schedule.
  const mintedSeries: ReportData["emission"]["minted"] = [];
  {
    const genesisBlock = transfers.find((t) => t.from === zero)?.block;
    let total = 0n;
    for (const t of transfers) {
      if (t.from !== zero || t.block === genesisBlock) continue;
      total += t.value;
      const point = { timestamp: await timeOf(t.block), total };
      if (mintedSeries.at(-1)?.timestamp === point.timestamp) mintedSeries[mintedSeries.length - 1] = point;
      else mintedSeries.push(point);
    }
  }
  const minted = await emission.minted(at);
  const recycled = await emission.recycled(at);
  const redirected = await emission.redirectedToCommons(at);
  const workClaims = sum(named("computeRewards", "WorkClaimed").map((e) => e.args[4] as bigint));
  const dividendClaimed = sum(named("humanDividend", "DividendClaimed").map((e) => e.args[2] as bigint));
  check("new reserve minted (Transfer events after the genesis) = minted()", mintedSeries.at(-1)?.total ?? 0n, minted);
  check(
    "new reserve minted = paid to pools from the commons (Claimed) + for verified work (WorkClaimed) + dividends " +
      "(DividendClaimed)",
    fromCommons + workClaims + dividendClaimed,
    minted,
  );
  const recycledEvents = sum(named("emission", "Recycled").map((e) => e.args[0] as bigint));
  check(
    "fees and gifts recycled: burnt by the emission contract (Transfer events) = Recycled events = recycled()",
    recycledEvents,
    recycled,
  );
  check(
    "supply ≤ genesis + what the schedule emitted by now: new reserve minted ≤ emitted + recycled",
    minted,
    (await emission.emittedUntil(timestamp, at)) + recycled,
    "≤",
  );
  const [toCompute, toHumans, toCommons] = await emission.split(await emission.emittedUntil(timestamp, at), at);
  const assigned = sum(named("emission", "AssignedToCommons").map((e) => e.args[1] as bigint));
  const sweptAmounts = sum(named("computeRewards", "EpochSwept").map((e) => e.args[1] as bigint));
  const unreportedAmounts = sum(named("computeRewards", "UnreportedToCommons").map((e) => e.args[1] as bigint));
  const voidedAmounts = sum(named("computeRewards", "VoidedToCommons").map((e) => e.args[2] as bigint));
  const available = {
    commons: await emission.availableTo(registryAddress, at),
    compute: await emission.availableTo(addresses.computeRewards, at),
    humans: await emission.availableTo(dividendAddress, at),
  };
  check(
    "the commons: its share + the human share while nobody was registered + handed over (AssignedToCommons) + " +
      "recycled (Recycled) = paid to pools (Claimed) + available to it",
    toCommons + redirected + assigned + recycledEvents,
    fromCommons + available.commons,
  );
  check(
    "compute: its share = paid for work (WorkClaimed) + leftovers swept (EpochSwept) + budgets nobody reported " +
      "(UnreportedToCommons) + voided reports' shares (VoidedToCommons) + available to it",
    toCompute,
    workClaims + sweptAmounts + unreportedAmounts + voidedAmounts + available.compute,
  );
  check(
    "compute: handed to the commons (AssignedToCommons) = leftovers swept (EpochSwept) + budgets nobody reported " +
      "(UnreportedToCommons) + voided reports' shares (VoidedToCommons)",
    assigned,
    sweptAmounts + unreportedAmounts + voidedAmounts,
  );
  check(
    "humans: their share - the seconds with nobody registered = dividends (DividendClaimed) + available to the dividend",
    toHumans - redirected,
    dividendClaimed + available.humans,
  );
  let claimableByPools = 0n;
  for (const p of pools) claimableByPools += await registry.claimable(p.id, at);
  check(
    "the commons: available to it + named fees the coin holds ≥ what every pool can claim",
    available.commons + directedOwed,
    claimableByPools,
    "≥",
  );
  const start = Number(await emission.START(at));
  const schedule: ReportData["emission"]["schedule"] = [];
  if (timestamp > start) {
    for (let i = 0; i <= SCHEDULE_SAMPLES; i++) {
      const t = start + Math.round(((timestamp - start) * i) / SCHEDULE_SAMPLES);
      schedule.push({ timestamp: t, emitted: await emission.emittedUntil(t, at) });
    }
  }
  const destinations: ReportData["emission"]["destinations"] = [
    {
      destination: "verified compute",
      due: toCompute,
      paid: toCompute - available.compute,
      available: available.compute,
    },
    {
      destination: "verified humans",
      due: toHumans - redirected,
      paid: dividendClaimed,
      available: available.humans,
    },
    {
      destination: "the commons",
      due: fromCommons + available.commons,
      paid: fromCommons,
      available: available.commons,
    },
  ];

  // Verified compute: units and rewards by pool and epoch, and each epoch's budget.
  const unitsByKey = new Map<string, { epoch: number; poolId: number; units: bigint }>();
  for (const e of events.filter((x) => x.contract === "computeRewards")) {
    if (e.name !== "WorkSubmitted" && e.name !== "ReportVoided") continue;
    const key = `${e.args[1]}:${e.args[0]}`;
    if (e.name === "WorkSubmitted")
      unitsByKey.set(key, { epoch: Number(e.args[1]), poolId: Number(e.args[0]), units: e.args[2] as bigint });
    if (e.name === "ReportVoided") unitsByKey.delete(key);
  }
  // One event per claim: what each listed epoch paid (0 for one that paid nothing).
  const rewardsClaimed = named("computeRewards", "WorkClaimed").flatMap((e) =>
    (e.args[2] as bigint[])
      .map((epoch, i) => ({ epoch: Number(epoch), poolId: Number(e.args[0]), amount: (e.args[3] as bigint[])[i]! }))
      .filter((r) => r.amount !== 0n),
  );
  const swept = named("computeRewards", "EpochSwept").map((e) => ({
    epoch: Number(e.args[0]),
    amount: e.args[1] as bigint,
  }));
  const voidedHandOvers = named("computeRewards", "VoidedToCommons").map((e) => ({ epoch: Number(e.args[1]) }));
  const epochs = [
    ...new Set([...unitsByKey.values(), ...rewardsClaimed, ...swept, ...voidedHandOvers].map((x) => x.epoch)),
  ].sort((a, b) => a - b);
  for (const epoch of epochs) {
    const budget = await rewards.epochBudget(epoch, at);
    const claimed = sum(rewardsClaimed.filter((r) => r.epoch === epoch).map((r) => r.amount));
    const sweptAmount = sum(swept.filter((s) => s.epoch === epoch).map((s) => s.amount));
    const voided = sum(
      named("computeRewards", "VoidedToCommons")
        .filter((e) => Number(e.args[1]) === epoch)
        .map((e) => e.args[2] as bigint),
    );
    if (await rewards.isSwept(epoch, at)) {
      check(
        `epoch ${epoch}: budget = claimed + voided reports' shares handed over + swept (events)`,
        claimed + voided + sweptAmount,
        budget,
      );
    } else {
      check(
        `epoch ${epoch} (not swept yet): claimed + voided reports' shares handed over (events) ≤ budget`,
        claimed + voided,
        budget,
        "≤",
      );
    }
  }
  // Every final epoch nobody reported went to the commons whole: the compute share by the end of the
  // last final epoch, less the budgets of the final epochs some pool reported.
  const epochLength = Number(await rewards.EPOCH_LENGTH(at));
  const finalAfter = Number((await rewards.SUBMISSION_WINDOW(at)) + (await rewards.REVIEW_PERIOD(at)));
  const finalEpochs =
    timestamp > start + finalAfter ? Math.floor((timestamp - start - finalAfter - 1) / epochLength) : 0;
  const reportedEpochs = new Set(named("computeRewards", "WorkSubmitted").map((e) => Number(e.args[1])));
  let reportedFinal = 0n;
  for (const epoch of reportedEpochs) if (epoch < finalEpochs) reportedFinal += await rewards.epochBudget(epoch, at);
  const computeShareAtFinal = await emission.computeShareOf(
    await emission.emittedUntil(start + finalEpochs * epochLength, at),
    at,
  );
  check(
    `compute: budgets of the ${finalEpochs} final epochs that nobody reported = handed to the commons ` +
      "(UnreportedToCommons) + due to it at the next settlement",
    computeShareAtFinal - reportedFinal,
    unreportedAmounts + (await rewards.dueToCommons(at)),
  );

  // Verified humans and their dividend.
  let count = 0;
  const countSeries: ReportData["humans"]["count"] = [];
  for (const e of events.filter((x) => x.contract === "humanRegistry")) {
    // A person revoked while not registered (account zero) leaves no registration; an issuer's
    // removal ends every registration it answered for.
    const change =
      e.name === "HumanRegistered"
        ? 1
        : e.name === "HumanRemoved" || (e.name === "HumanRevoked" && e.args[0] !== ZeroAddress)
          ? -1
          : e.name === "IssuerTermEnded"
            ? -Number(e.args[2])
            : 0;
    if (change === 0) continue;
    count += change;
    countSeries.push({ timestamp: await timeOf(e.block), count });
  }
  const humans = await humanRegistry.humanCount(at);
  check(
    "humans: registered − revoked − removed − ended with their issuer (events) = humanCount()",
    BigInt(count),
    humans,
  );
  const dividendClaims = named("humanDividend", "DividendClaimed");
  const claimedAsCoin = sum(dividendClaims.filter((e) => e.args[3] === true).map((e) => e.args[2] as bigint));
  const claimedAsReserve = sum(dividendClaims.filter((e) => e.args[3] !== true).map((e) => e.args[2] as bigint));
  let owedToHumans = 0n;
  const everRegistered = [...new Set(named("humanRegistry", "HumanRegistered").map((e) => e.args[0] as string))];
  for (const account of everRegistered) owedToHumans += await dividend.claimable(account, at);
  check("dividend: available to it ≥ what every human can claim", available.humans, owedToHumans, "≥");
  check(
    "dividend: it holds no FRSV but what was sent to it by mistake (dividends are minted when claimed)",
    into(dividendAddress) - outOf(dividendAddress),
    await reserve.balanceOf(dividendAddress, at),
  );

  // Claims by pool: from the commons (with the fees named for it) and for verified compute.
  const claims = pools.map((p) => ({
    poolId: p.id,
    commons: sum(poolClaims.filter((e) => Number(e.args[0]) === p.id).map((e) => e.args[2] as bigint)),
    compute: sum(rewardsClaimed.filter((r) => r.poolId === p.id).map((r) => r.amount)),
  }));

  return {
    chainId: (await provider.getNetwork()).chainId,
    fromBlock,
    toBlock,
    timestamp,
    addresses,
    headline: {
      reserveSupply,
      reserveCap: await reserve.cap(at),
      coinSupply,
      rate,
      backingHeld,
      backingRequired,
      feesToDate,
      minted,
      pools: poolCount,
      activePools: pools.filter((p) => p.status === "active").length,
      humans,
    },
    backing,
    fees: {
      directedByPool,
      commons: commonsFees,
      byPayer: [...byPayer.values()].sort((a, b) =>
        a.payer === b.payer ? a.poolId - b.poolId : a.payer < b.payer ? -1 : 1,
      ),
    },
    pools,
    emission: { minted: mintedSeries, schedule, destinations, recycled, redirected },
    compute: { units: [...unitsByKey.values()], rewards: rewardsClaimed, swept },
    humans: {
      count: countSeries,
      claimedAsCoin,
      claimedAsReserve,
      claims: dividendClaims.map((e) => ({
        block: e.block,
        human: e.args[0] as string,
        to: e.args[1] as string,
        amount: e.args[2] as bigint,
        asCoin: e.args[3] === true,
      })),
      toCommons: redirected,
    },
    claims,
    checks,
  };
}
