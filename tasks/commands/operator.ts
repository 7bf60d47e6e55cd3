import type { ContractTransactionResponse } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import {
  checkPoolExists,
  checkRecipient,
  checkRole,
  confirm,
  eventArgs,
  frsv,
  frsvJson,
  poolLabel,
  STATUS_NAMES,
  when,
} from "../../client/describe.js";
import { CommandError, explain, NothingToDo } from "../../client/errors.js";
import { sendSettling } from "../../client/gas.js";
import { parseAddress, parsePoolId, parseWhole, parseWholeList } from "../../client/input.js";
import type { JsonValue } from "../../client/output.js";
import { executeCall, pendingCalls, readyCalls, scheduleCall, type PendingCall } from "../../client/timelock.js";
import { workOwed, type WorkOwed } from "../../client/work-reports.js";
import { shownName } from "../../client/text.js";

/** Lists every pool with its status, weight, share of the commons and claimable reserve. */
export async function pools(ctx: Context): Promise<void> {
  const registry = ctx.system.poolRegistry;
  const count = await registry.poolCount();
  const total = await registry.totalWeight();
  if (count === 0n) {
    ctx.say(
      "No pools yet. Propose one with: npx hardhat foundation:propose --name <name> --uri <uri> --recipient <address>",
    );
  } else {
    ctx.say(`${count} pool${count === 1n ? "" : "s"}, total weight ${total}:`);
  }
  const listed: JsonValue[] = [];
  const work = count === 0n ? new Map<bigint, WorkOwed>() : await workOwed(ctx.system);
  for (let id = 1n; id <= count; id++) {
    const pool = await registry.pool(id);
    const share = total === 0n ? "0" : ((Number(pool.weight) / Number(total)) * 100).toFixed(1);
    const claimable = await registry.claimable(id);
    const owed = work.get(id)?.amount ?? 0n;
    ctx.say(
      `  ${id}. "${shownName(pool.name)}" — ${STATUS_NAMES[Number(pool.status)]}, weight ${pool.weight} (${share}% of the commons), ` +
        `claimable ${frsv(claimable)}` +
        (owed === 0n ? "" : ` and ${frsv(owed)} for verified work`) +
        `, pays ${pool.recipient}` +
        (pool.metadataURI === "" ? "" : `, ${shownName(pool.metadataURI)}`),
    );
    listed.push({
      id: id.toString(),
      name: pool.name,
      status: STATUS_NAMES[Number(pool.status)]!,
      weight: pool.weight.toString(),
      claimable: frsvJson(claimable),
      work: frsvJson(owed),
      recipient: pool.recipient,
      uri: pool.metadataURI,
    });
  }
  ctx.put("totalWeight", total.toString());
  ctx.put("pools", listed);
}

export interface ProposeArgs {
  name: string;
  uri: string;
  recipient: string;
}

/** Proposes a pool (anyone may). */
export async function propose(ctx: Context, args: ProposeArgs): Promise<void> {
  const name = args.name.trim();
  if (name === "") throw new CommandError("--name is required: the pool's name");
  const recipient = parseAddress(args.recipient, "recipient", ctx.account);
  await checkRecipient(ctx.system, recipient, "recipient");
  // Holders and curators judge a pool by its description: a proposal without one is refused.
  if (args.uri.trim() === "")
    throw new CommandError("--uri is required: where the pool's description lives (e.g. ipfs://…)");
  const registry = ctx.system.poolRegistry;
  const receipt = await confirm(registry.propose(name, args.uri.trim(), recipient));
  const [poolId] = eventArgs(receipt, registry, "PoolProposed");
  ctx.say(`Proposed pool ${poolId} "${name}", paying ${recipient}. A curator must approve it.`);
  ctx.put("pool", (poolId as bigint).toString());
  ctx.put("name", name);
  ctx.put("recipient", recipient);
}

export interface WeightArgs {
  pool: string;
  weight: string;
}

/**
 * Who curates for this account: "now" if it holds the curator role; "timelock" if curation goes
 * through the timelock (the public-network setting) and it may propose there. Refuses anyone else.
 */
async function curatorPath(ctx: Context): Promise<"now" | "timelock"> {
  const { poolRegistry: registry, timelock } = ctx.system;
  const role = await registry.CURATOR_ROLE();
  if (await registry.hasRole(role, ctx.account)) return "now";
  if (await registry.hasRole(role, await timelock.getAddress())) {
    if (await timelock.hasRole(await timelock.PROPOSER_ROLE(), ctx.account)) return "timelock";
    throw new CommandError(
      `account ${ctx.account} is not the curator: on this deployment curation goes through the timelock, ` +
        "and only a timelock proposer may schedule it",
    );
  }
  await checkRole(registry, role, ctx.account, "curator");
  return "now";
}

/** A curation call as sent now: its estimate, and the call with a gas limit. */
interface Curation {
  estimate: () => Promise<bigint>;
  send: (overrides: { gasLimit: bigint }) => Promise<ContractTransactionResponse>;
}

/**
 * Sends a curation call now, or schedules it through the timelock when the timelock curates
 * (saying so if other curations are already waiting). Returns whether it happened now.
 */
async function curateNowOrSchedule(
  ctx: Context,
  path: "now" | "timelock",
  data: string,
  call: Curation,
): Promise<boolean> {
  ctx.put("scheduled", path === "timelock");
  if (path === "now") {
    // Every curation settles the commons first: room for what may arrive before it lands.
    await confirm(sendSettling(call.estimate, call.send));
    return true;
  }
  const waiting = await pendingCurations(ctx);
  await scheduleCall(
    ctx,
    await ctx.system.poolRegistry.getAddress(),
    data,
    `through the timelock: ${describeCuration(ctx, data)}`,
    `npx hardhat foundation:curate --execute --network ${ctx.networkName}`,
  );
  if (waiting.length > 0) {
    ctx.say(
      `${waiting.length} earlier curation${waiting.length === 1 ? " is" : "s are"} still waiting and will run first: ` +
        `${waiting.map((call) => describeCuration(ctx, call.data)).join("; ")}.`,
    );
  }
  return false;
}

async function checkWeight(ctx: Context, weight: bigint, option = "weight"): Promise<void> {
  const max = await ctx.system.poolRegistry.MAX_WEIGHT();
  if (weight > max) throw new CommandError(`--${option} ${weight} is above the maximum of ${max}`);
}

async function curatorWeight(ctx: Context, args: WeightArgs) {
  const poolId = parsePoolId(args.pool);
  const weight = parseWhole(args.weight, "weight", "a whole-number weight");
  await checkPoolExists(ctx.system, poolId);
  await checkWeight(ctx, weight);
  return { poolId, weight, path: await curatorPath(ctx) };
}

/**
 * The registry refuses it too (WeightFromZeroNeedsCurate): income that waited while no pool had
 * weight is shared by the weights of the curation that ends that period, all at once.
 */
async function checkNotFromZero(ctx: Context, poolId: bigint, weight: bigint): Promise<void> {
  if (weight === 0n || (await ctx.system.poolRegistry.totalWeight()) !== 0n) return;
  throw new CommandError(
    `no pool has weight now, so the weights that end that must be set together: npx hardhat foundation:curate ` +
      `--pools ${poolId},… --weights ${weight},… --network ${ctx.networkName} (what reached the commons ` +
      "meanwhile is shared by all of them, not given to the first pool)",
  );
}

/** Approves a proposed pool with a weight (curator, or scheduled through the timelock). */
export async function approve(ctx: Context, args: WeightArgs): Promise<void> {
  const { poolId, weight, path } = await curatorWeight(ctx, args);
  const registry = ctx.system.poolRegistry;
  const status = STATUS_NAMES[Number((await registry.pool(poolId)).status)];
  if (status !== "proposed")
    throw new CommandError(`pool ${poolId} is ${status}; only a proposed pool can be approved`);
  await checkNotFromZero(ctx, poolId, weight);
  const data = registry.interface.encodeFunctionData("approve", [poolId, weight]);
  const call: Curation = {
    estimate: () => registry.approve.estimateGas(poolId, weight),
    send: (overrides) => registry.approve(poolId, weight, overrides),
  };
  const label = await poolLabel(ctx.system, poolId);
  if (await curateNowOrSchedule(ctx, path, data, call)) {
    ctx.say(`Approved ${label} with weight ${weight} (total weight now ${await registry.totalWeight()}).`);
  }
  ctx.put("pool", poolId.toString());
  ctx.put("weight", weight.toString());
}

/** Changes an active pool's weight (curator, or scheduled through the timelock). */
export async function setWeight(ctx: Context, args: WeightArgs): Promise<void> {
  const { poolId, weight, path } = await curatorWeight(ctx, args);
  const registry = ctx.system.poolRegistry;
  const status = STATUS_NAMES[Number((await registry.pool(poolId)).status)];
  if (status !== "active") throw new CommandError(`pool ${poolId} is ${status}; only an active pool has a weight`);
  await checkNotFromZero(ctx, poolId, weight);
  const data = registry.interface.encodeFunctionData("setWeight", [poolId, weight]);
  const call: Curation = {
    estimate: () => registry.setWeight.estimateGas(poolId, weight),
    send: (overrides) => registry.setWeight(poolId, weight, overrides),
  };
  const label = await poolLabel(ctx.system, poolId);
  if (await curateNowOrSchedule(ctx, path, data, call)) {
    ctx.say(`Set the weight of ${label} to ${weight} (total weight now ${await registry.totalWeight()}).`);
  }
  ctx.put("pool", poolId.toString());
  ctx.put("weight", weight.toString());
}

export interface CurateArgs {
  pools: string;
  weights: string;
  execute: boolean;
  cancel: boolean;
}

/**
 * Approves proposed pools and reweighs active ones in one batch, so income held while no pool
 * had weight is shared by all the new weights (curator, or scheduled through the timelock); or,
 * with --execute, executes the curation the timelock holds once its delay has passed.
 */
export async function curate(ctx: Context, args: CurateArgs): Promise<void> {
  if (args.execute || args.cancel) {
    if (args.execute && args.cancel) throw new CommandError("give --execute or --cancel, not both");
    if (args.pools.trim() !== "" || args.weights.trim() !== "") {
      throw new CommandError(
        `--${args.execute ? "execute" : "cancel"} acts on what the timelock holds; it takes no --pools or --weights`,
      );
    }
    return args.execute ? executeCuration(ctx) : cancelCuration(ctx);
  }
  const registry = ctx.system.poolRegistry;
  const ids = parseWholeList(args.pools, "pools", "pool ids like 1,2,3");
  const weights = parseWholeList(args.weights, "weights", "weights like 50,30,20");
  if (ids.length !== weights.length) {
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
    throw new CommandError(
      `--pools lists ${count(ids.length, "pool")} but --weights ${count(weights.length, "weight")}`,
    );
  }
  // The registry wants ascending ids; the order the curator typed them in does not matter.
  const batch = ids.map((id, i) => ({ id, weight: weights[i]! })).sort((a, b) => (a.id < b.id ? -1 : 1));
  const lines: string[] = [];
  for (const [i, { id, weight }] of batch.entries()) {
    if (i > 0 && batch[i - 1]!.id === id) throw new CommandError(`pool ${id} is listed twice in --pools`);
    await checkPoolExists(ctx.system, id);
    await checkWeight(ctx, weight, "weights");
    const pool = await registry.pool(id);
    const status = STATUS_NAMES[Number(pool.status)];
    if (status === "retired") throw new CommandError(`pool ${id} is retired; it cannot be given a weight again`);
    const label = await poolLabel(ctx.system, id);
    lines.push(
      status === "proposed" ? `approved ${label} with weight ${weight}` : `${label}: weight ${pool.weight} → ${weight}`,
    );
  }
  const path = await curatorPath(ctx);
  const sortedIds = batch.map((b) => b.id);
  const sortedWeights = batch.map((b) => b.weight);
  const data = registry.interface.encodeFunctionData("curate", [sortedIds, sortedWeights]);
  const call: Curation = {
    estimate: () => registry.curate.estimateGas(sortedIds, sortedWeights),
    send: (overrides) => registry.curate(sortedIds, sortedWeights, overrides),
  };
  if (await curateNowOrSchedule(ctx, path, data, call)) {
    ctx.say(`Curated in one batch (total weight now ${await registry.totalWeight()}):`);
    for (const line of lines) ctx.say(`  ${line}`);
  }
  ctx.put("pools", sortedIds.map(String));
  ctx.put("weights", sortedWeights.map(String));
}

/** The registry's curation calls, in words: "curate pools 1, 2 with weights 50, 30". */
export function describeCuration(ctx: Context, data: string): string {
  const call = ctx.system.poolRegistry.interface.parseTransaction({ data });
  const args = call?.args ?? [];
  switch (call?.name) {
    case "curate":
      return (args[0] as bigint[]).length === 1
        ? `curate pool ${(args[0] as bigint[])[0]} with weight ${(args[1] as bigint[])[0]}`
        : `curate pools ${(args[0] as bigint[]).join(", ")} with weights ${(args[1] as bigint[]).join(", ")}`;
    case "approve":
      return `approve pool ${args[0]} with weight ${args[1]}`;
    case "setWeight":
      return `set the weight of pool ${args[0]} to ${args[1]}`;
    default:
      return `retire pool ${args[0]}`;
  }
}

/** Curation calls waiting in the timelock, oldest first. */
export async function pendingCurations(ctx: Context): Promise<PendingCall[]> {
  const registry = ctx.system.poolRegistry;
  const selectors = (["curate", "approve", "setWeight", "retire"] as const).map(
    (name) => registry.interface.getFunction(name).selector,
  );
  return pendingCalls(ctx.system, await registry.getAddress(), selectors);
}

/**
 * Executes every ready curation, in the order scheduled (a later decision lands after an earlier
 * one). A call the registry would now refuse (say, approving a pool an earlier batch approved)
 * is skipped and named, with how to cancel it; it fails the command only if nothing could run.
 */
async function executeCuration(ctx: Context): Promise<void> {
  const { poolRegistry: registry, timelock } = ctx.system;
  const pending = await pendingCurations(ctx);
  const ready = await readyCalls(ctx, pending, "curation");
  const skipped: string[] = [];
  const executed: string[] = [];
  for (const call of ready) {
    const what = describeCuration(ctx, call.data);
    try {
      await timelock.execute.staticCall(call.target, 0n, call.data, call.predecessor, call.salt);
    } catch (error) {
      skipped.push(`${what} (${explain(error)})`);
      continue;
    }
    await executeCall(ctx, call, true);
    ctx.say(`Executed the scheduled curation: ${what}.`);
    executed.push(what);
  }
  const cancelHint =
    `a timelock proposer can clear the queue with npx hardhat foundation:curate --cancel --network ${ctx.networkName} ` +
    "(it cancels every waiting curation)";
  if (skipped.length === ready.length) {
    throw new CommandError(`no ready curation can run: ${skipped.join("; ")}; ${cancelHint}`);
  }
  ctx.say(`Total weight now ${await registry.totalWeight()}.`);
  ctx.put("executed", executed);
  ctx.put("skipped", skipped);
  ctx.put("totalWeight", (await registry.totalWeight()).toString());
  for (const reason of skipped) ctx.say(`Skipped, the registry would refuse it now: ${reason}; ${cancelHint}.`);
  const later = pending.filter((call) => !ready.includes(call));
  if (later.length > 0) {
    ctx.say(
      `${later.length} more curation${later.length === 1 ? " is" : "s are"} waiting; ` +
        `the next can be executed after ${when(later[0]!.readyAt)}.`,
    );
  }
}

/** Cancels every curation waiting in the timelock (a proposer only), to schedule afresh. */
async function cancelCuration(ctx: Context): Promise<void> {
  const { timelock } = ctx.system;
  await checkRole(timelock, await timelock.CANCELLER_ROLE(), ctx.account, "timelock proposer");
  const pending = await pendingCurations(ctx);
  if (pending.length === 0) throw new NothingToDo("no curation is waiting in the timelock");
  for (const call of pending) {
    await confirm(timelock.cancel(call.id));
    ctx.say(`Cancelled the scheduled curation: ${describeCuration(ctx, call.data)}.`);
  }
  ctx.put(
    "cancelled",
    pending.map((call) => describeCuration(ctx, call.data)),
  );
}

export interface PoolArgs {
  pool: string;
}

/** Retires a pool for good (curator, or scheduled through the timelock); what it accrued stays claimable. */
export async function retire(ctx: Context, args: PoolArgs): Promise<void> {
  const registry = ctx.system.poolRegistry;
  const poolId = parsePoolId(args.pool);
  await checkPoolExists(ctx.system, poolId);
  const path = await curatorPath(ctx);
  if (STATUS_NAMES[Number((await registry.pool(poolId)).status)] === "retired") {
    throw new NothingToDo(`pool ${poolId} is already retired`);
  }
  const label = await poolLabel(ctx.system, poolId);
  const data = registry.interface.encodeFunctionData("retire", [poolId]);
  const call: Curation = {
    estimate: () => registry.retire.estimateGas(poolId),
    send: (overrides) => registry.retire(poolId, overrides),
  };
  if (await curateNowOrSchedule(ctx, path, data, call)) {
    ctx.say(
      `Retired ${label}. It receives nothing new; ` +
        `${frsv(await registry.claimable(poolId))} stays claimable by its recipient.`,
    );
  }
  ctx.put("pool", poolId.toString());
}

export interface ClaimArgs {
  pool: string;
  all: boolean;
}

/** Pays one pool's (or every pool's) accrued reserve to its recipient. Anyone may. */
export async function claim(ctx: Context, args: ClaimArgs): Promise<void> {
  const registry = ctx.system.poolRegistry;
  if (args.all === (args.pool.trim() !== "")) {
    throw new CommandError("give either --pool <id> or --all");
  }
  const ids: bigint[] = [];
  const claims: JsonValue[] = [];
  ctx.put("claims", claims);
  if (args.all) {
    const count = await registry.poolCount();
    for (let id = 1n; id <= count; id++) if ((await registry.claimable(id)) > 0n) ids.push(id);
    if (ids.length === 0) {
      ctx.say("No pool has anything to claim.");
      return;
    }
  } else {
    const poolId = parseWhole(args.pool, "pool", "a pool id");
    await checkPoolExists(ctx.system, poolId);
    ids.push(poolId);
  }
  for (const id of ids) {
    if ((await registry.claim.staticCall(id)) === 0n) {
      ctx.say(`${await poolLabel(ctx.system, id)} has nothing to claim.`);
      continue;
    }
    const receipt = await confirm(registry.claim(id));
    const [, paidTo, paid] = eventArgs(receipt, registry, "Claimed");
    ctx.say(`Claimed ${frsv(paid as bigint)} for ${await poolLabel(ctx.system, id)}, paid to ${paidTo}.`);
    claims.push({
      pool: id.toString(),
      paid: frsvJson(paid as bigint),
      to: paidTo as string,
      transaction: receipt.hash,
    });
  }
}

/**
 * Settles the pools' commons (anyone may): hands it the budgets of compute epochs that became final
 * with no report, recycles the fees and gifts that reached it, and shares everything due by the
 * weights in force. Every curation does this first; between curations it only moves nothing's
 * share earlier, so pools can claim what arrived.
 */
export async function settle(ctx: Context): Promise<void> {
  const registry = ctx.system.poolRegistry;
  // As of the block a transaction would land in: an idle node's latest block can be minutes old.
  const [fees, handOvers] = await registry.unsettled({ blockTag: "pending" });
  ctx.put("fees", frsvJson(0n));
  ctx.put("unreportedBudgets", frsvJson(0n));
  if (fees === 0n && handOvers === 0n) {
    ctx.say("Nothing has reached the commons since the last settlement: pools can already claim all it holds.");
    return;
  }
  const receipt = await confirm(
    sendSettling(
      () => registry.settle.estimateGas(),
      (overrides) => registry.settle(overrides),
    ),
  );
  const { emission, computeRewards } = ctx.system;
  const recycled = receipt.logs
    .filter((log) => log.address.toLowerCase() === String(emission.target).toLowerCase())
    .map((log) => emission.interface.parseLog(log))
    .filter((parsed) => parsed?.name === "Recycled")
    .reduce((sum, parsed) => sum + (parsed!.args[0] as bigint), 0n);
  const unreported = receipt.logs
    .filter((log) => log.address.toLowerCase() === String(computeRewards.target).toLowerCase())
    .map((log) => computeRewards.interface.parseLog(log))
    .filter((parsed) => parsed?.name === "UnreportedToCommons")
    .reduce((sum, parsed) => sum + (parsed!.args[1] as bigint), 0n);
  ctx.say(
    `Settled the commons: ${frsv(recycled)} of fees and gifts and ${frsv(unreported)} of compute budgets nobody ` +
      "reported are now shared by the pools' weights; each pool can claim its share.",
  );
  ctx.put("fees", frsvJson(recycled));
  ctx.put("unreportedBudgets", frsvJson(unreported));
}

/** Pauses (or resumes) minting (guardian). Redemption is never paused. */
export async function setPaused(ctx: Context, paused: boolean): Promise<void> {
  const coin = ctx.system.foundationCoin;
  await checkRole(coin, await coin.GUARDIAN_ROLE(), ctx.account, "guardian");
  ctx.put("mintingPaused", paused);
  if ((await coin.mintingPaused()) === paused) {
    ctx.say(`Minting is already ${paused ? "paused" : "open"}.`);
    return;
  }
  await confirm(paused ? coin.pauseMinting() : coin.unpauseMinting());
  ctx.say(paused ? "Minting is paused. Redemption and claims keep working." : "Minting is open again.");
}

type Hre = HardhatRuntimeEnvironment;
export const poolsAction = (args: TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => pools(ctx));
export const proposeAction = (args: ProposeArgs & TaskArgs, hre: Hre) =>
  runTask(hre, args, (ctx) => propose(ctx, args));
export const approveAction = (args: WeightArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => approve(ctx, args));
export const weightAction = (args: WeightArgs & TaskArgs, hre: Hre) =>
  runTask(hre, args, (ctx) => setWeight(ctx, args));
export const curateAction = (args: CurateArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => curate(ctx, args));
export const retireAction = (args: PoolArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => retire(ctx, args));
export const claimAction = (args: ClaimArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => claim(ctx, args));
export const settleAction = (args: TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => settle(ctx));
export const pauseAction = (args: TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => setPaused(ctx, true));
export const unpauseAction = (args: TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => setPaused(ctx, false));
