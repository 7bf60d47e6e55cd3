import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { runTask, type Context } from "../lib/context.js";
import { checkPoolExists, checkRole, confirm, eventArgs, frsv, poolLabel, STATUS_NAMES } from "../lib/describe.js";
import { CommandError } from "../lib/errors.js";
import { parseAddress, parsePoolId, parseWhole } from "../lib/input.js";

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

async function curatorWeight(ctx: Context, args: WeightArgs): Promise<{ poolId: bigint; weight: bigint }> {
  const registry = ctx.system.poolRegistry;
  const poolId = parsePoolId(args.pool);
  const weight = parseWhole(args.weight, "weight", "a whole-number weight");
  await checkPoolExists(ctx.system, poolId);
  const max = await registry.MAX_WEIGHT();
  if (weight > max) throw new CommandError(`--weight ${weight} is above the maximum of ${max}`);
  await checkRole(registry, await registry.CURATOR_ROLE(), ctx.account, "curator");
  return { poolId, weight };
}

/** Approves a proposed pool with a weight (curator). */
export async function approve(ctx: Context, args: WeightArgs): Promise<void> {
  const { poolId, weight } = await curatorWeight(ctx, args);
  const registry = ctx.system.poolRegistry;
  const status = STATUS_NAMES[Number((await registry.pool(poolId)).status)];
  if (status !== "proposed")
    throw new CommandError(`pool ${poolId} is ${status}; only a proposed pool can be approved`);
  await confirm(registry.approve(poolId, weight));
  ctx.say(
    `Approved ${await poolLabel(ctx.system, poolId)} with weight ${weight} (total weight now ${await registry.totalWeight()}).`,
  );
}

/** Changes an active pool's weight (curator). */
export async function setWeight(ctx: Context, args: WeightArgs): Promise<void> {
  const { poolId, weight } = await curatorWeight(ctx, args);
  const registry = ctx.system.poolRegistry;
  const status = STATUS_NAMES[Number((await registry.pool(poolId)).status)];
  if (status !== "active") throw new CommandError(`pool ${poolId} is ${status}; only an active pool has a weight`);
  await confirm(registry.setWeight(poolId, weight));
  ctx.say(
    `Set the weight of ${await poolLabel(ctx.system, poolId)} to ${weight} (total weight now ${await registry.totalWeight()}).`,
  );
}

export interface PoolArgs {
  pool: string;
}

/** Retires a pool for good (curator); what it accrued stays claimable. */
export async function retire(ctx: Context, args: PoolArgs): Promise<void> {
  const registry = ctx.system.poolRegistry;
  const poolId = parsePoolId(args.pool);
  await checkPoolExists(ctx.system, poolId);
  await checkRole(registry, await registry.CURATOR_ROLE(), ctx.account, "curator");
  if (STATUS_NAMES[Number((await registry.pool(poolId)).status)] === "retired") {
    throw new CommandError(`pool ${poolId} is already retired`);
  }
  await confirm(registry.retire(poolId));
  ctx.say(
    `Retired ${await poolLabel(ctx.system, poolId)}. It receives nothing new; ` +
      `${frsv(await registry.claimable(poolId))} stays claimable by its recipient.`,
  );
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
export const retireAction = (args: PoolArgs, hre: Hre) => runTask(hre, (ctx) => retire(ctx, args));
export const claimAction = (args: ClaimArgs, hre: Hre) => runTask(hre, (ctx) => claim(ctx, args));
export const releaseAction = (_: object, hre: Hre) => runTask(hre, (ctx) => release(ctx));
export const pauseAction = (_: object, hre: Hre) => runTask(hre, (ctx) => setPaused(ctx, true));
export const unpauseAction = (_: object, hre: Hre) => runTask(hre, (ctx) => setPaused(ctx, false));
