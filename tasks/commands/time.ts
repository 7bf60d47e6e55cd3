import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import { isLocalDevelopmentChain } from "../../client/deployment-policy.js";
import { when } from "../../client/describe.js";
import { CommandError } from "../../client/errors.js";
import { parseDuration } from "../../client/input.js";

export interface TimeArgs {
  advance: string;
}

/**
 * Shows the chain's time and the epoch of verified compute it is in (anyone); on a local
 * development node, `--advance <duration>` first moves its clock and mines a block, so the compute
 * and dividend walk-throughs can be followed without waiting. Refused on any other chain.
 */
export async function time(ctx: Context, args: TimeArgs): Promise<void> {
  const provider = ctx.signer.provider as unknown as {
    send(method: string, params: unknown[]): Promise<unknown>;
    getBlock(tag: string): Promise<{ number: number; timestamp: number } | null>;
  };
  const advance = args.advance.trim() === "" ? 0n : parseDuration(args.advance, "advance");
  if (advance > 0n) {
    // The deployment policy's one rule for what is a local development chain; any other chain's
    // clock is its own.
    const clientVersion = String(await provider.send("web3_clientVersion", []).catch(() => ""));
    if (!isLocalDevelopmentChain({ chainId: ctx.chainId, clientVersion })) {
      throw new CommandError(
        `--advance moves the clock of a local development chain only; ${ctx.networkName} (chain ${ctx.chainId}` +
          `${clientVersion === "" ? "" : `, ${clientVersion}`}) keeps its own time`,
      );
    }
    await provider.send("evm_increaseTime", [`0x${advance.toString(16)}`]);
    await provider.send("evm_mine", []);
  }
  const latest = (await provider.getBlock("latest"))!;
  const now = BigInt(latest.timestamp);
  const rewards = ctx.system.computeRewards;
  const [start, length] = await Promise.all([rewards.START(), rewards.EPOCH_LENGTH()]);
  const epoch = now < start ? undefined : (now - start) / length;
  ctx.say(
    (advance > 0n ? `Moved the clock ${advance} s forward. ` : "") +
      `Chain time: ${when(now)} (block ${latest.number}); ` +
      (epoch === undefined
        ? `verified compute starts at ${when(start)}.`
        : `epoch ${epoch} of verified compute, which ends at ${when(start + (epoch + 1n) * length)}.`),
  );
  ctx.put("advanced", advance.toString());
  ctx.put("timestamp", now.toString());
  ctx.put("time", when(now));
  ctx.put("block", latest.number.toString());
  ctx.put("epoch", epoch === undefined ? null : epoch.toString());
}

export const timeAction = (args: TimeArgs & TaskArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, args, (ctx) => time(ctx, args));
