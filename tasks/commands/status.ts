import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { runTask, type Context } from "../../client/context.js";
import { duration, fdc, frsv, when } from "../../client/describe.js";
import { pendingFeeChanges } from "./governance.js";
import { describeCuration, pendingCurations, pools } from "./operator.js";

/** Everything a holder or operator wants to see at a glance. */
export async function status(ctx: Context): Promise<void> {
  const { reserveToken, foundationCoin: coin, poolRegistry, emission, timelock } = ctx.system;
  ctx.say(`Foundation on chain ${ctx.chainId}, seen from ${ctx.account}`);
  ctx.say(`  reserve (FRSV)   ${await reserveToken.getAddress()}`);
  ctx.say(`  coin (FDC)       ${await coin.getAddress()}`);
  ctx.say(`  pool registry    ${await poolRegistry.getAddress()}`);
  ctx.say(`  emission         ${await emission.getAddress()}`);
  ctx.say(`  compute rewards  ${await ctx.system.computeRewards.getAddress()}`);
  ctx.say(`  human registry   ${await ctx.system.humanRegistry.getAddress()}`);
  ctx.say(`  human dividend   ${await ctx.system.humanDividend.getAddress()}`);
  ctx.say(`  timelock         ${await timelock.getAddress()} (delay ${duration(await timelock.getMinDelay())})`);

  const held = await reserveToken.balanceOf(await coin.getAddress());
  const supply = await coin.totalSupply();
  const required = await coin.requiredBacking();
  const rate = await coin.RATE();
  const ratio =
    required === 0n
      ? "fully backed (no FDC in circulation)"
      : `${((Number(held) / Number(required)) * 100).toFixed(2)}% of what it needs`;
  ctx.say("Backing");
  ctx.say(
    `  the coin holds ${frsv(held)} for ${fdc(supply)} in circulation, which needs ${frsv(required)} (supply / ${rate}, rounded up): ${ratio}`,
  );
  ctx.say(
    `  of which fees waiting for the pools: ${frsv((await coin.commonsFeesOwed()) + (await coin.directedFeesOwed()))}`,
  );

  ctx.say("Fees");
  ctx.say(
    `  mint ${await coin.mintFeeBps()} bps, redeem ${await coin.redeemFeeBps()} bps (cap ${await coin.MAX_FEE_BPS()} bps); ` +
      `minting is ${(await coin.mintingPaused()) ? "PAUSED by the guardian" : "open"}; redemption is always open`,
  );
  const pending = await pendingFeeChanges(ctx.system);
  if (pending.length === 0) ctx.say("  no fee change is scheduled");
  for (const change of pending) {
    ctx.say(
      `  scheduled: mint ${change.mintBps} bps, redeem ${change.redeemBps} bps, takes effect once executed after ${when(change.readyAt)}`,
    );
  }

  ctx.say("Curation");
  const timelockCurates = await poolRegistry.hasRole(await poolRegistry.CURATOR_ROLE(), await timelock.getAddress());
  ctx.say(
    timelockCurates
      ? `  through the timelock: every approval, weight change and retirement waits ${duration(await timelock.getMinDelay())}`
      : "  by the accounts holding the curator role, at once",
  );
  for (const call of await pendingCurations(ctx)) {
    ctx.say(`  scheduled: ${describeCuration(ctx, call.data)}, takes effect once executed after ${when(call.readyAt)}`);
  }

  const provider = coin.runner?.provider;
  const now = BigInt((await provider!.getBlock("latest"))!.timestamp);
  const start = await emission.START();
  const period = await emission.HALVING_PERIOD();
  const halvings = now > start ? (now - start) / period : 0n;
  ctx.say("Emission");
  ctx.say(
    `  released ${frsv(await emission.released())}, releasable now ${frsv(await emission.releasable())}, ` +
      `of ${frsv(await emission.TOTAL_EMISSION())} over all time`,
  );
  ctx.say(
    `  ${halvings} halving${halvings === 1n ? "" : "s"} so far; the next on ${when(start + (halvings + 1n) * period)} ` +
      `(every ${duration(period)})`,
  );
  ctx.say(`  FRSV supply ${frsv(await reserveToken.totalSupply())} of a ${frsv(await reserveToken.cap())} cap`);
  ctx.say(
    `  split: ${await emission.COMPUTE_SHARE_BPS()} bps to verified compute, ${await emission.HUMAN_SHARE_BPS()} bps to ` +
      "verified humans, the rest to the pools' commons",
  );

  const rewards = ctx.system.computeRewards;
  const epoch = await rewards.epochAt(now);
  ctx.say("Verified compute");
  ctx.say(
    `  epoch ${epoch} (every ${duration(await rewards.EPOCH_LENGTH())}); reports need ${await rewards.quorum()} of ` +
      `${await rewards.getRoleMemberCount(await rewards.ATTESTER_ROLE())} attesters within ` +
      `${duration(await rewards.SUBMISSION_WINDOW())} of an epoch's end`,
  );
  const toCompute = await emission.releasedTo(rewards);
  ctx.say(
    `  received ${frsv(toCompute)}, paid out ${frsv(await rewards.paidOut())} (claims and sweeps); ` +
      "npx hardhat foundation:work shows an epoch",
  );

  const { humanRegistry, humanDividend } = ctx.system;
  ctx.say("Verified humans");
  ctx.say(
    `  ${await humanRegistry.humanCount()} registered; the dividend received ` +
      `${frsv(await emission.releasedTo(humanDividend))}, paid ${frsv(await humanDividend.claimed())} to humans and ` +
      `${frsv(await humanDividend.forwarded())} to the commons; npx hardhat foundation:humans shows more`,
  );

  ctx.say("Pools");
  const indented: Context = { ...ctx, say: (line) => ctx.say(`  ${line.trimStart()}`) };
  await pools(indented);
  const heldCommons = await poolRegistry.heldCommons();
  if (heldCommons > 0n) ctx.say(`  ${frsv(heldCommons)} of commons income is held until a pool has weight`);
}

export const statusAction = (_: object, hre: HardhatRuntimeEnvironment) => runTask(hre, (ctx) => status(ctx));
