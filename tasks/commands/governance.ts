import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Foundation } from "../../client/foundation.js";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import { checkRole, confirm } from "../../client/describe.js";
import { CommandError, NothingToDo } from "../../client/errors.js";
import { parseBps } from "../../client/input.js";
import { executeCall, pendingCalls, readyCalls, scheduleCall, type PendingCall } from "../../client/timelock.js";

/** A fee change scheduled in the timelock and not yet executed or cancelled. */
export interface PendingFeeChange extends PendingCall {
  mintBps: bigint;
  redeemBps: bigint;
}

/** Fee changes waiting in the timelock, oldest first. */
export async function pendingFeeChanges(system: Foundation): Promise<PendingFeeChange[]> {
  const coin = system.foundationCoin;
  const setFees = coin.interface.getFunction("setFees").selector;
  return (await pendingCalls(system, await coin.getAddress(), [setFees])).map((call) => {
    const [mintBps, redeemBps] = coin.interface.decodeFunctionData("setFees", call.data) as unknown as [bigint, bigint];
    return { ...call, mintBps, redeemBps };
  });
}

/** A fee change under --json. */
const feeChangeJson = (change: PendingFeeChange) => ({
  mintBps: Number(change.mintBps),
  redeemBps: Number(change.redeemBps),
  operation: change.id,
});

export interface FeesArgs {
  mintBps: string;
  redeemBps: string;
  execute: boolean;
  /** Cancel every fee change waiting in the timelock (a proposer). */
  cancel?: boolean;
}

/**
 * Schedules a fee change through the timelock, or executes one whose delay has passed, or cancels
 * those waiting. Scheduling cancels every fee change still waiting first: only the latest decision
 * can ever be executed, so an older one can never undo a newer one.
 */
export async function fees(ctx: Context, args: FeesArgs): Promise<void> {
  if (args.execute && args.cancel === true) throw new CommandError("give --execute or --cancel, not both");
  if (args.cancel === true) {
    if (args.mintBps.trim() !== "" || args.redeemBps.trim() !== "") {
      throw new CommandError("--cancel cancels every waiting fee change; it takes no --mint-bps or --redeem-bps");
    }
    return cancelFees(ctx);
  }
  if (args.execute) return executeFees(ctx, args);
  const coin = ctx.system.foundationCoin;
  const mintBps = parseBps(args.mintBps, "mint-bps");
  const redeemBps = parseBps(args.redeemBps, "redeem-bps");
  const cap = await coin.MAX_FEE_BPS();
  for (const [name, bps] of [
    ["mint-bps", mintBps],
    ["redeem-bps", redeemBps],
  ] as const) {
    if (bps > cap) throw new CommandError(`--${name} ${bps} is above the fee cap of ${cap} bps`);
  }
  const { timelock } = ctx.system;
  await checkRole(timelock, await timelock.PROPOSER_ROLE(), ctx.account, "timelock proposer");
  const superseded = await pendingFeeChanges(ctx.system);
  if (superseded.length > 0) {
    // Cancelling needs the canceller role, which the timelock gives its proposers.
    await checkRole(timelock, await timelock.CANCELLER_ROLE(), ctx.account, "timelock canceller");
  }
  if (mintBps === (await coin.mintFeeBps()) && redeemBps === (await coin.redeemFeeBps())) {
    ctx.say(
      `Warning: the fees are already mint ${mintBps} bps, redeem ${redeemBps} bps` +
        (superseded.length > 0 ? "; this keeps them so once the waiting change is cancelled." : "."),
    );
  }
  for (const old of superseded) {
    await confirm(timelock.cancel(old.id));
    ctx.say(`Cancelled the waiting fee change to mint ${old.mintBps} bps, redeem ${old.redeemBps} bps: superseded.`);
  }
  ctx.put("cancelled", superseded.map(feeChangeJson));
  ctx.put("scheduledFees", { mintBps: Number(mintBps), redeemBps: Number(redeemBps) });
  await scheduleCall(
    ctx,
    await coin.getAddress(),
    coin.interface.encodeFunctionData("setFees", [mintBps, redeemBps]),
    `a fee change to mint ${mintBps} bps, redeem ${redeemBps} bps`,
    `npx hardhat foundation:fees --execute --network ${ctx.networkName}`,
  );
}

async function executeFees(ctx: Context, args: FeesArgs): Promise<void> {
  let pending = await pendingFeeChanges(ctx.system);
  if (args.mintBps.trim() !== "" || args.redeemBps.trim() !== "") {
    const mintBps = parseBps(args.mintBps, "mint-bps");
    const redeemBps = parseBps(args.redeemBps, "redeem-bps");
    pending = pending.filter((p) => p.mintBps === mintBps && p.redeemBps === redeemBps);
    if (pending.length === 0) throw new CommandError("no matching fee change is waiting in the timelock");
  }
  const ready = (await readyCalls(ctx, pending, "fee change")) as PendingFeeChange[];
  if (ready.length > 1) {
    const list = ready.map((p) => `mint ${p.mintBps} / redeem ${p.redeemBps}`).join("; ");
    throw new CommandError(`several fee changes are ready (${list}): choose one with --mint-bps and --redeem-bps`);
  }
  const change = ready[0]!;
  await executeCall(ctx, change);
  ctx.say(`Executed the fee change: minting now costs ${change.mintBps} bps, redeeming ${change.redeemBps} bps.`);
  ctx.put("executedFees", feeChangeJson(change));
}

/** Cancels every fee change waiting in the timelock (a proposer). */
async function cancelFees(ctx: Context): Promise<void> {
  const { timelock } = ctx.system;
  await checkRole(timelock, await timelock.CANCELLER_ROLE(), ctx.account, "timelock proposer");
  const pending = await pendingFeeChanges(ctx.system);
  if (pending.length === 0) throw new NothingToDo("no fee change is waiting in the timelock");
  for (const change of pending) {
    await confirm(timelock.cancel(change.id));
    ctx.say(`Cancelled the waiting fee change to mint ${change.mintBps} bps, redeem ${change.redeemBps} bps.`);
  }
  ctx.put("cancelled", pending.map(feeChangeJson));
}

export const feesAction = (args: FeesArgs & TaskArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, args, (ctx) => fees(ctx, args));
