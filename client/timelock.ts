import { ethers } from "ethers";
import type { Foundation } from "./foundation.js";
import type { Context } from "./context.js";
import { checkRole, confirm, duration, when } from "./describe.js";
import { CommandError, NothingToDo } from "./errors.js";
import { sendSettling } from "./gas.js";
import { queryInChunks } from "./events.js";

/** A call scheduled in the timelock and not yet executed or cancelled. */
export interface PendingCall {
  id: string;
  target: string;
  data: string;
  /** When it may be executed (unix seconds). */
  readyAt: bigint;
  predecessor: string;
  salt: string;
}

/** Calls to `target` with one of `selectors`, waiting in the timelock, oldest first. */
export async function pendingCalls(system: Foundation, target: string, selectors: string[]): Promise<PendingCall[]> {
  const { timelock } = system;
  const scheduled = await queryInChunks(system, (from, to) =>
    timelock.queryFilter(timelock.filters.CallScheduled(), from, to),
  );
  const salts = new Map<string, string>();
  for (const event of await queryInChunks(system, (from, to) =>
    timelock.queryFilter(timelock.filters.CallSalt(), from, to),
  )) {
    salts.set(event.args.id, event.args.salt);
  }
  const pending: PendingCall[] = [];
  for (const event of scheduled) {
    const { id, target: called, data, predecessor } = event.args;
    if (ethers.getAddress(called) !== ethers.getAddress(target)) continue;
    if (!selectors.some((selector) => data.startsWith(selector))) continue;
    if (!(await timelock.isOperationPending(id))) continue;
    pending.push({
      id,
      target: called,
      data,
      readyAt: await timelock.getTimestamp(id),
      predecessor,
      salt: salts.get(id) ?? ethers.ZeroHash,
    });
  }
  return pending;
}

/**
 * Schedules `data` on `target` through the timelock, after its minimum delay; the account must be
 * a proposer. Says what was scheduled and how to execute it (`executeHint`, a command line).
 */
export async function scheduleCall(
  ctx: Context,
  target: string,
  data: string,
  what: string,
  executeHint: string,
): Promise<void> {
  const { timelock } = ctx.system;
  await checkRole(timelock, await timelock.PROPOSER_ROLE(), ctx.account, "timelock proposer");
  const delay = await timelock.getMinDelay();
  const salt = ethers.hexlify(ethers.randomBytes(32));
  const receipt = await confirm(timelock.schedule(target, 0n, data, ethers.ZeroHash, salt, delay));
  const block = await receipt.getBlock();
  const id = await timelock.hashOperation(target, 0n, data, ethers.ZeroHash, salt);
  ctx.say(`Scheduled ${what} (operation ${id}).`);
  ctx.say(
    `It can be executed by anyone after ${when(BigInt(block.timestamp) + delay)} ` +
      `(timelock delay ${duration(delay)}): ${executeHint}`,
  );
  ctx.put("operation", id);
  ctx.put("executableAfter", when(BigInt(block.timestamp) + delay));
}

/** The calls among `pending` whose delay has passed; refuses, saying when, if there is none. */
export async function readyCalls(ctx: Context, pending: PendingCall[], what: string): Promise<PendingCall[]> {
  if (pending.length === 0) throw new NothingToDo(`no ${what} is waiting in the timelock`);
  const provider = ctx.system.timelock.runner?.provider;
  const now = BigInt((await provider!.getBlock("latest"))!.timestamp);
  const ready = pending.filter((call) => call.readyAt <= now);
  if (ready.length === 0) {
    const next = pending[0]!;
    throw new CommandError(
      `the ${what} scheduled first can be executed after ${when(next.readyAt)} (in ${duration(next.readyAt - now)})`,
    );
  }
  return ready;
}

/**
 * Executes a scheduled call whose delay has passed (anyone may). A curation (`settles`) settles the
 * pools' commons first, so it gets the settlement's headroom over its estimate.
 */
export async function executeCall(ctx: Context, call: PendingCall, settles = false): Promise<void> {
  const timelock = ctx.system.timelock;
  const args = [call.target, 0n, call.data, call.predecessor, call.salt] as const;
  if (!settles) {
    await confirm(timelock.execute(...args));
    return;
  }
  await confirm(
    sendSettling(
      () => timelock.execute.estimateGas(...args),
      (overrides) => timelock.execute(...args, overrides),
    ),
  );
}
