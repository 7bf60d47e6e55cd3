import { ethers } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Foundation } from "../../scripts/lib/foundation.js";
import { runTask, type Context } from "../lib/context.js";
import { checkRole, confirm, duration, when } from "../lib/describe.js";
import { CommandError } from "../lib/errors.js";
import { parseBps } from "../lib/input.js";

/** How far back to look for scheduled operations, and in how large log queries. */
const LOOKBACK_BLOCKS = 100_000;
const LOG_CHUNK = 10_000;

/** A fee change scheduled in the timelock and not yet executed or cancelled. */
export interface PendingFeeChange {
  id: string;
  mintBps: bigint;
  redeemBps: bigint;
  /** When it may be executed (unix seconds). */
  readyAt: bigint;
  data: string;
  predecessor: string;
  salt: string;
}

/** Fee changes waiting in the timelock, oldest first. */
export async function pendingFeeChanges(system: Foundation): Promise<PendingFeeChange[]> {
  const { timelock, foundationCoin: coin } = system;
  const provider = timelock.runner?.provider;
  if (provider == null) throw new CommandError("no provider to read the timelock's history");
  const coinAddress = await coin.getAddress();
  const setFees = coin.interface.getFunction("setFees").selector;
  const latest = await provider.getBlockNumber();
  const scheduled = [];
  const salts = new Map<string, string>();
  for (let from = Math.max(0, latest - LOOKBACK_BLOCKS); from <= latest; from += LOG_CHUNK) {
    const to = Math.min(latest, from + LOG_CHUNK - 1);
    scheduled.push(...(await timelock.queryFilter(timelock.filters.CallScheduled(), from, to)));
    for (const event of await timelock.queryFilter(timelock.filters.CallSalt(), from, to)) {
      salts.set(event.args.id, event.args.salt);
    }
  }
  const pending: PendingFeeChange[] = [];
  for (const event of scheduled) {
    const { id, target, data, predecessor } = event.args;
    if (ethers.getAddress(target) !== coinAddress || !data.startsWith(setFees)) continue;
    if (!(await timelock.isOperationPending(id))) continue;
    const [mintBps, redeemBps] = coin.interface.decodeFunctionData("setFees", data) as unknown as [bigint, bigint];
    pending.push({
      id,
      mintBps,
      redeemBps,
      readyAt: await timelock.getTimestamp(id),
      data,
      predecessor,
      salt: salts.get(id) ?? ethers.ZeroHash,
    });
  }
  return pending;
}

export interface FeesArgs {
  mintBps: string;
  redeemBps: string;
  execute: boolean;
}

/** Schedules a fee change through the timelock, or executes one whose delay has passed. */
export async function fees(ctx: Context, args: FeesArgs): Promise<void> {
  if (args.execute) return executeFees(ctx, args);
  const { timelock, foundationCoin: coin } = ctx.system;
  const mintBps = parseBps(args.mintBps, "mint-bps");
  const redeemBps = parseBps(args.redeemBps, "redeem-bps");
  const cap = await coin.MAX_FEE_BPS();
  for (const [name, bps] of [
    ["mint-bps", mintBps],
    ["redeem-bps", redeemBps],
  ] as const) {
    if (bps > cap) throw new CommandError(`--${name} ${bps} is above the fee cap of ${cap} bps`);
  }
  await checkRole(timelock, await timelock.PROPOSER_ROLE(), ctx.account, "timelock proposer");
  const delay = await timelock.getMinDelay();
  const data = coin.interface.encodeFunctionData("setFees", [mintBps, redeemBps]);
  const salt = ethers.hexlify(ethers.randomBytes(32));
  const receipt = await confirm(timelock.schedule(await coin.getAddress(), 0n, data, ethers.ZeroHash, salt, delay));
  const block = await receipt.getBlock();
  const id = await timelock.hashOperation(await coin.getAddress(), 0n, data, ethers.ZeroHash, salt);
  ctx.say(`Scheduled a fee change to mint ${mintBps} bps, redeem ${redeemBps} bps (operation ${id}).`);
  ctx.say(
    `It can be executed by anyone after ${when(BigInt(block.timestamp) + delay)} ` +
      `(timelock delay ${duration(delay)}): npx hardhat foundation:fees --execute`,
  );
}

async function executeFees(ctx: Context, args: FeesArgs): Promise<void> {
  const { timelock } = ctx.system;
  let pending = await pendingFeeChanges(ctx.system);
  if (args.mintBps.trim() !== "" || args.redeemBps.trim() !== "") {
    const mintBps = parseBps(args.mintBps, "mint-bps");
    const redeemBps = parseBps(args.redeemBps, "redeem-bps");
    pending = pending.filter((p) => p.mintBps === mintBps && p.redeemBps === redeemBps);
  }
  if (pending.length === 0) throw new CommandError("no matching fee change is waiting in the timelock");
  const provider = timelock.runner?.provider;
  const now = BigInt((await provider!.getBlock("latest"))!.timestamp);
  const ready = pending.filter((p) => p.readyAt <= now);
  if (ready.length === 0) {
    const next = pending[0]!;
    throw new CommandError(
      `the fee change to mint ${next.mintBps} bps, redeem ${next.redeemBps} bps can be executed after ` +
        `${when(next.readyAt)} (in ${duration(next.readyAt - now)})`,
    );
  }
  if (ready.length > 1) {
    const list = ready.map((p) => `mint ${p.mintBps} / redeem ${p.redeemBps}`).join("; ");
    throw new CommandError(`several fee changes are ready (${list}): choose one with --mint-bps and --redeem-bps`);
  }
  const change = ready[0]!;
  const coin = await ctx.system.foundationCoin.getAddress();
  await confirm(timelock.execute(coin, 0n, change.data, change.predecessor, change.salt));
  ctx.say(`Executed the fee change: minting now costs ${change.mintBps} bps, redeeming ${change.redeemBps} bps.`);
}

export const feesAction = (args: FeesArgs, hre: HardhatRuntimeEnvironment) => runTask(hre, (ctx) => fees(ctx, args));
