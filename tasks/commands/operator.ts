import type { ContractTransactionResponse } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { runTask, type Context } from "../lib/context.js";
import { checkPoolExists, checkRole, confirm, eventArgs, frsv, poolLabel, STATUS_NAMES } from "../lib/describe.js";
import { CommandError, explain } from "../lib/errors.js";
import { parseAddress, parsePoolId, parseWhole, parseWholeList } from "../lib/input.js";
import { executeCall, pendingCalls, readyCalls, scheduleCall } from "../lib/timelock.js";

/** Lists every pool with its status, weight, share of the commons and claimable reserve. */
export async function pools(ctx: Context): Promise<void> {
  const registry = ctx.system.poolRegistry;
  const count = await registry.poolCount();
  const total = await registry.totalWeight();
  if (count === 0n) {
    ctx.say(
      "No pools yet. Propose one with: npx hardhat foundation:propose --name <name> --uri <uri> --recipient <address>",
    );
    return;
  }
  ctx.say(`${count} pool${count === 1n ? "" : "s"}, total weight ${total}:`);
  for (let id = 1n; id <= count; id++) {
    const pool = await registry.pool(id);
    const share = total === 0n ? "0" : ((Number(pool.weight) / Number(total)) * 100).toFixed(1);
    ctx.say(
      `  ${id}. "${pool.name}" — ${STATUS_NAMES[Number(pool.status)]}, weight ${pool.weight} (${share}% of the commons), ` +
        `claimable ${frsv(await registry.claimable(id))}, pays ${pool.recipient}` +
        (pool.metadataURI === "" ? "" : `, ${pool.metadataURI}`),
    );
  }
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
  const registry = ctx.system.poolRegistry;
  const receipt = await confirm(registry.propose(name, args.uri.trim(), recipient));
  const [poolId] = eventArgs(receipt, registry, "PoolProposed");
  ctx.say(`Proposed pool ${poolId} "${name}", paying ${recipient}. A curator must approve it.`);
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

/**
 * Sends a curation call now, or schedules it through the timelock when the timelock curates.
 * Returns whether it happened now (the caller then reports the result).
 */
async function curateNowOrSchedule(
  ctx: Context,
  path: "now" | "timelock",
  send: () => Promise<ContractTransactionResponse>,
  data: string,
  what: string,
): Promise<boolean> {
  if (path === "now") {
    await confirm(send());
    return true;
  }
  await scheduleCall(
    ctx,
    await ctx.system.poolRegistry.getAddress(),
    data,
    `${what} through the timelock`,
    `npx hardhat foundation:curate --execute --network ${ctx.networkName}`,
  );
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

/** Approves a proposed pool with a weight (curator, or scheduled through the timelock). */
export async function approve(ctx: Context, args: WeightArgs): Promise<void> {
  const { poolId, weight, path } = await curatorWeight(ctx, args);
  const registry = ctx.system.poolRegistry;
  const status = STATUS_NAMES[Number((await registry.pool(poolId)).status)];
  if (status !== "proposed")
    throw new CommandError(`pool ${poolId} is ${status}; only a proposed pool can be approved`);
  const data = registry.interface.encodeFunctionData("approve", [poolId, weight]);
  const label = await poolLabel(ctx.system, poolId);
  if (await curateNowOrSchedule(ctx, path, () => registry.approve(poolId, weight), data, `approving ${label}`)) {
    ctx.say(`Approved ${label} with weight ${weight} (total weight now ${await registry.totalWeight()}).`);
  }
}

/** Changes an active pool's weight (curator, or scheduled through the timelock). */
export async function setWeight(ctx: Context, args: WeightArgs): Promise<void> {
  const { poolId, weight, path } = await curatorWeight(ctx, args);
  const registry = ctx.system.poolRegistry;
  const status = STATUS_NAMES[Number((await registry.pool(poolId)).status)];
  if (status !== "active") throw new CommandError(`pool ${poolId} is ${status}; only an active pool has a weight`);
  const data = registry.interface.encodeFunctionData("setWeight", [poolId, weight]);
  const label = await poolLabel(ctx.system, poolId);
  if (
    await curateNowOrSchedule(
      ctx,
      path,
      () => registry.setWeight(poolId, weight),
      data,
      `weight ${weight} for ${label}`,
    )
  ) {
    ctx.say(`Set the weight of ${label} to ${weight} (total weight now ${await registry.totalWeight()}).`);
  }
}

export interface CurateArgs {
  pools: string;
  weights: string;
  execute: boolean;
}

/**
 * Approves proposed pools and reweighs active ones in one batch, so income held while no pool
 * had weight is shared by all the new weights (curator, or scheduled through the timelock); or,
 * with --execute, executes the curation the timelock holds once its delay has passed.
 */
export async function curate(ctx: Context, args: CurateArgs): Promise<void> {
  if (args.execute) return executeCuration(ctx);
  const registry = ctx.system.poolRegistry;
  const ids = parseWholeList(args.pools, "pools", "pool ids like 1,2,3");
  const weights = parseWholeList(args.weights, "weights", "weights like 50,30,20");
  if (ids.length !== weights.length) {
    throw new CommandError(`--pools lists ${ids.length} pools but --weights ${weights.length} weights`);
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
  const what = `a curation of pool${batch.length === 1 ? "" : "s"} ${sortedIds.join(", ")}`;
  if (await curateNowOrSchedule(ctx, path, () => registry.curate(sortedIds, sortedWeights), data, what)) {
    ctx.say(`Curated in one batch (total weight now ${await registry.totalWeight()}):`);
    for (const line of lines) ctx.say(`  ${line}`);
  }
}

/** The registry's curation calls, in words: "curate pools 1, 2 with weights 50, 30". */
function describeCuration(ctx: Context, data: string): string {
  const call = ctx.system.poolRegistry.interface.parseTransaction({ data });
  const args = call?.args ?? [];
  switch (call?.name) {
    case "curate":
      return `curate pools ${(args[0] as bigint[]).join(", ")} with weights ${(args[1] as bigint[]).join(", ")}`;
    case "approve":
      return `approve pool ${args[0]} with weight ${args[1]}`;
    case "setWeight":
      return `set the weight of pool ${args[0]} to ${args[1]}`;
    default:
      return `retire pool ${args[0]}`;
  }
}

async function executeCuration(ctx: Context): Promise<void> {
  const registry = ctx.system.poolRegistry;
  const selectors = (["curate", "approve", "setWeight", "retire"] as const).map(
    (name) => registry.interface.getFunction(name).selector,
  );
  const pending = await pendingCalls(ctx.system, await registry.getAddress(), selectors);
  // In the order they were scheduled: a later decision lands after an earlier one. One that no
  // longer makes sense (say, approving a pool an earlier batch approved) is reported, not fatal.
  const refused: string[] = [];
  for (const call of await readyCalls(ctx, pending, "curation")) {
    const what = describeCuration(ctx, call.data);
    try {
      await executeCall(ctx, call);
      ctx.say(`Executed the scheduled curation: ${what}.`);
    } catch (error) {
      refused.push(`${what} (${explain(error)})`);
    }
  }
  ctx.say(`Total weight now ${await registry.totalWeight()}.`);
  if (refused.length > 0) {
    throw new CommandError(
      `${refused.length} scheduled curation${refused.length === 1 ? "" : "s"} could not be executed: ` +
        `${refused.join("; ")}; a timelock proposer may cancel ${refused.length === 1 ? "it" : "them"}`,
    );
  }
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
    throw new CommandError(`pool ${poolId} is already retired`);
  }
  const label = await poolLabel(ctx.system, poolId);
  const data = registry.interface.encodeFunctionData("retire", [poolId]);
  if (await curateNowOrSchedule(ctx, path, () => registry.retire(poolId), data, `retiring ${label}`)) {
    ctx.say(
      `Retired ${label}. It receives nothing new; ` +
        `${frsv(await registry.claimable(poolId))} stays claimable by its recipient.`,
    );
  }
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
  if (args.all) {
    const count = await registry.poolCount();
    for (let id = 1n; id <= count; id++) if ((await registry.claimable(id)) > 0n) ids.push(id);
    if (ids.length === 0) {
      ctx.say("No pool has anything to claim.");
      return;
    }
  } else {
    const poolId = parsePoolId(args.pool);
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
  }
}

/** Releases the emission that came due to the pools' commons. Anyone may. */
export async function release(ctx: Context): Promise<void> {
  const emission = ctx.system.emission;
  const due = await emission.releasable();
  if (due === 0n) {
    ctx.say(`Nothing has come due since the last release (${frsv(await emission.released())} released so far).`);
    return;
  }
  const receipt = await confirm(emission.release());
  const [, amount] = eventArgs(receipt, emission, "Released");
  ctx.say(
    `Released ${frsv(amount as bigint)} of new reserve to the pools' commons (${frsv(await emission.released())} released so far).`,
  );
}

/** Pauses (or resumes) minting (guardian). Redemption is never paused. */
export async function setPaused(ctx: Context, paused: boolean): Promise<void> {
  const coin = ctx.system.foundationCoin;
  await checkRole(coin, await coin.GUARDIAN_ROLE(), ctx.account, "guardian");
  if ((await coin.mintingPaused()) === paused) {
    ctx.say(`Minting is already ${paused ? "paused" : "open"}.`);
    return;
  }
  await confirm(paused ? coin.pauseMinting() : coin.unpauseMinting());
  ctx.say(paused ? "Minting is paused. Redemption and claims keep working." : "Minting is open again.");
}

type Hre = HardhatRuntimeEnvironment;
export const poolsAction = (_: object, hre: Hre) => runTask(hre, (ctx) => pools(ctx));
export const proposeAction = (args: ProposeArgs, hre: Hre) => runTask(hre, (ctx) => propose(ctx, args));
export const approveAction = (args: WeightArgs, hre: Hre) => runTask(hre, (ctx) => approve(ctx, args));
export const weightAction = (args: WeightArgs, hre: Hre) => runTask(hre, (ctx) => setWeight(ctx, args));
export const curateAction = (args: CurateArgs, hre: Hre) => runTask(hre, (ctx) => curate(ctx, args));
export const retireAction = (args: PoolArgs, hre: Hre) => runTask(hre, (ctx) => retire(ctx, args));
export const claimAction = (args: ClaimArgs, hre: Hre) => runTask(hre, (ctx) => claim(ctx, args));
export const releaseAction = (_: object, hre: Hre) => runTask(hre, (ctx) => release(ctx));
export const pauseAction = (_: object, hre: Hre) => runTask(hre, (ctx) => setPaused(ctx, true));
export const unpauseAction = (_: object, hre: Hre) => runTask(hre, (ctx) => setPaused(ctx, false));
