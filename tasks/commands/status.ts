import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import { duration, fdc, fdcJson, frsv, frsvJson, when } from "../../client/describe.js";
import { addressesOf } from "../../client/foundation.js";
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
  ctx.put("chainId", ctx.chainId.toString());
  ctx.put("account", ctx.account);
  ctx.put("addresses", await addressesOf(ctx.system));
  ctx.put("timelockDelaySeconds", (await timelock.getMinDelay()).toString());

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
  ctx.put("backing", {
    held: frsvJson(held),
    coinSupply: fdcJson(supply),
    required: frsvJson(required),
    feesOwed: frsvJson((await coin.commonsFeesOwed()) + (await coin.directedFeesOwed())),
  });

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
  ctx.put("fees", {
    mintBps: Number(await coin.mintFeeBps()),
    redeemBps: Number(await coin.redeemFeeBps()),
    capBps: Number(await coin.MAX_FEE_BPS()),
    mintingPaused: await coin.mintingPaused(),
    scheduled: pending.map((change) => ({
      mintBps: Number(change.mintBps),
      redeemBps: Number(change.redeemBps),
      readyAt: when(change.readyAt),
    })),
  });

  ctx.say("Curation");
  const timelockCurates = await poolRegistry.hasRole(await poolRegistry.CURATOR_ROLE(), await timelock.getAddress());
  ctx.say(
    timelockCurates
      ? `  through the timelock: every approval, weight change and retirement waits ${duration(await timelock.getMinDelay())}`
      : "  by the accounts holding the curator role, at once",
  );
  const curations = await pendingCurations(ctx);
  for (const call of curations) {
    ctx.say(`  scheduled: ${describeCuration(ctx, call.data)}, takes effect once executed after ${when(call.readyAt)}`);
  }
  ctx.put("curation", {
    throughTimelock: timelockCurates,
    scheduled: curations.map((call) => ({ what: describeCuration(ctx, call.data), readyAt: when(call.readyAt) })),
  });

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
  ctx.put("emission", {
    released: frsvJson(await emission.released()),
    releasable: frsvJson(await emission.releasable()),
    total: frsvJson(await emission.TOTAL_EMISSION()),
    halvings: halvings.toString(),
    nextHalving: when(start + (halvings + 1n) * period),
    reserveSupply: frsvJson(await reserveToken.totalSupply()),
    reserveCap: frsvJson(await reserveToken.cap()),
    computeShareBps: Number(await emission.COMPUTE_SHARE_BPS()),
    humanShareBps: Number(await emission.HUMAN_SHARE_BPS()),
  });

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
  ctx.put("compute", {
    epoch: epoch.toString(),
    quorum: (await rewards.quorum()).toString(),
    attesters: (await rewards.getRoleMemberCount(await rewards.ATTESTER_ROLE())).toString(),
    received: frsvJson(toCompute),
    paidOut: frsvJson(await rewards.paidOut()),
  });

  const { humanRegistry, humanDividend } = ctx.system;
  ctx.say("Verified humans");
  ctx.say(
    `  ${await humanRegistry.humanCount()} registered; the dividend received ` +
      `${frsv(await emission.releasedTo(humanDividend))}, paid ${frsv(await humanDividend.claimed())} to humans and ` +
      `${frsv(await humanDividend.forwarded())} to the commons; npx hardhat foundation:humans shows more`,
  );
  ctx.put("humans", {
    count: (await humanRegistry.humanCount()).toString(),
    dividendReceived: frsvJson(await emission.releasedTo(humanDividend)),
    claimed: frsvJson(await humanDividend.claimed()),
    forwarded: frsvJson(await humanDividend.forwarded()),
  });

  ctx.say("Pools");
  const indented: Context = { ...ctx, say: (line) => ctx.say(`  ${line.trimStart()}`) };
  await pools(indented);
  const heldCommons = await poolRegistry.heldCommons();
  if (heldCommons > 0n) ctx.say(`  ${frsv(heldCommons)} of commons income is held until a pool has weight`);
  ctx.put("heldCommons", frsvJson(heldCommons));
}

export const statusAction = (args: TaskArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, args, (ctx) => status(ctx));
