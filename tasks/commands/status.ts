import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import { duration, fdc, fdcJson, frsv, frsvJson, when } from "../../client/describe.js";
import { addressesOf } from "../../client/foundation.js";
import { pendingFeeChanges } from "./governance.js";
import { describeCuration, pendingCurations, pools } from "./operator.js";

/** Everything a holder or operator wants to see at a glance. */
export async function status(ctx: Context): Promise<void> {
  const { reserveToken, foundationCoin: coin, poolRegistry, emission, timelock } = ctx.system;
  const addresses = await addressesOf(ctx.system);
  const delay = await timelock.getMinDelay();
  ctx.say(`Foundation on chain ${ctx.chainId}, seen from ${ctx.account}`);
  ctx.say(`  reserve (FRSV)   ${addresses.reserveToken}`);
  ctx.say(`  coin (FDC)       ${addresses.foundationCoin}`);
  ctx.say(`  pool registry    ${addresses.poolRegistry}`);
  ctx.say(`  emission         ${addresses.emission}`);
  ctx.say(`  compute rewards  ${addresses.computeRewards}`);
  ctx.say(`  human registry   ${addresses.humanRegistry}`);
  ctx.say(`  human dividend   ${addresses.humanDividend}`);
  ctx.say(`  timelock         ${addresses.timelock} (delay ${duration(delay)})`);
  ctx.put("chainId", ctx.chainId.toString());
  ctx.put("account", ctx.account);
  ctx.put("addresses", addresses);
  ctx.put("timelockDelaySeconds", delay.toString());

  const held = await reserveToken.balanceOf(addresses.foundationCoin);
  const supply = await coin.totalSupply();
  const required = await coin.requiredBacking();
  const rate = await coin.RATE();
  const feesOwed = (await coin.commonsFeesOwed()) + (await coin.directedFeesOwed());
  const ratio =
    required === 0n
      ? "fully backed (no FDC in circulation)"
      : `${((Number(held) / Number(required)) * 100).toFixed(2)}% of what it needs`;
  ctx.say("Backing");
  ctx.say(
    `  the coin holds ${frsv(held)} for ${fdc(supply)} in circulation, which needs ${frsv(required)} (supply / ${rate}, rounded up): ${ratio}`,
  );
  ctx.say(`  of which fees waiting for the pools: ${frsv(feesOwed)}`);
  ctx.put("backing", {
    held: frsvJson(held),
    coinSupply: fdcJson(supply),
    required: frsvJson(required),
    feesOwed: frsvJson(feesOwed),
  });

  const [mintBps, redeemBps, capBps, paused] = [
    await coin.mintFeeBps(),
    await coin.redeemFeeBps(),
    await coin.MAX_FEE_BPS(),
    await coin.mintingPaused(),
  ];
  ctx.say("Fees");
  ctx.say(
    `  mint ${mintBps} bps, redeem ${redeemBps} bps (cap ${capBps} bps); ` +
      `minting is ${paused ? "PAUSED by the guardian" : "open"}; redemption is always open`,
  );
  const pending = await pendingFeeChanges(ctx.system);
  if (pending.length === 0) ctx.say("  no fee change is scheduled");
  for (const change of pending) {
    ctx.say(
      `  scheduled: mint ${change.mintBps} bps, redeem ${change.redeemBps} bps, takes effect once executed after ${when(change.readyAt)}`,
    );
  }
  ctx.put("fees", {
    mintBps: Number(mintBps),
    redeemBps: Number(redeemBps),
    capBps: Number(capBps),
    mintingPaused: paused,
    scheduled: pending.map((change) => ({
      mintBps: Number(change.mintBps),
      redeemBps: Number(change.redeemBps),
      readyAt: when(change.readyAt),
    })),
  });

  ctx.say("Curation");
  const timelockCurates = await poolRegistry.hasRole(await poolRegistry.CURATOR_ROLE(), addresses.timelock);
  ctx.say(
    timelockCurates
      ? `  through the timelock: every approval, weight change and retirement waits ${duration(delay)}`
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
  const nextHalving = when(start + (halvings + 1n) * period);
  const released = await emission.released();
  const releasable = await emission.releasable();
  const total = await emission.TOTAL_EMISSION();
  const reserveSupply = await reserveToken.totalSupply();
  const cap = await reserveToken.cap();
  const computeShareBps = await emission.COMPUTE_SHARE_BPS();
  const humanShareBps = await emission.HUMAN_SHARE_BPS();
  ctx.say("Emission");
  ctx.say(`  released ${frsv(released)}, releasable now ${frsv(releasable)}, of ${frsv(total)} over all time`);
  ctx.say(
    `  ${halvings} halving${halvings === 1n ? "" : "s"} so far; the next on ${nextHalving} (every ${duration(period)})`,
  );
  ctx.say(`  FRSV supply ${frsv(reserveSupply)} of a ${frsv(cap)} cap`);
  ctx.say(
    `  split: ${computeShareBps} bps to verified compute, ${humanShareBps} bps to ` +
      "verified humans, the rest to the pools' commons",
  );
  ctx.put("emission", {
    released: frsvJson(released),
    releasable: frsvJson(releasable),
    total: frsvJson(total),
    halvings: halvings.toString(),
    nextHalving,
    reserveSupply: frsvJson(reserveSupply),
    reserveCap: frsvJson(cap),
    computeShareBps: Number(computeShareBps),
    humanShareBps: Number(humanShareBps),
  });

  const rewards = ctx.system.computeRewards;
  const epoch = await rewards.epochAt(now);
  const quorum = await rewards.quorum();
  const attesters = await rewards.getRoleMemberCount(await rewards.ATTESTER_ROLE());
  const toCompute = await emission.releasedTo(rewards);
  const paidOut = await rewards.paidOut();
  ctx.say("Verified compute");
  ctx.say(
    `  epoch ${epoch} (every ${duration(await rewards.EPOCH_LENGTH())}); reports need ${quorum} of ${attesters} ` +
      `attesters within ${duration(await rewards.SUBMISSION_WINDOW())} of an epoch's end`,
  );
  ctx.say(
    `  received ${frsv(toCompute)}, paid out ${frsv(paidOut)} (claims and sweeps); ` +
      "npx hardhat foundation:work shows an epoch",
  );
  ctx.put("compute", {
    epoch: epoch.toString(),
    quorum: quorum.toString(),
    attesters: attesters.toString(),
    received: frsvJson(toCompute),
    paidOut: frsvJson(paidOut),
  });

  const { humanRegistry, humanDividend } = ctx.system;
  const humanCount = await humanRegistry.humanCount();
  const toHumans = await emission.releasedTo(humanDividend);
  const claimed = await humanDividend.claimed();
  const forwarded = await humanDividend.forwarded();
  ctx.say("Verified humans");
  ctx.say(
    `  ${humanCount} registered; the dividend received ${frsv(toHumans)}, paid ${frsv(claimed)} to humans and ` +
      `${frsv(forwarded)} to the commons; npx hardhat foundation:humans shows more`,
  );
  ctx.put("humans", {
    count: humanCount.toString(),
    dividendReceived: frsvJson(toHumans),
    claimed: frsvJson(claimed),
    forwarded: frsvJson(forwarded),
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
