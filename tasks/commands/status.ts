import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import { duration, fdc, fdcJson, frsv, frsvJson, when } from "../../client/describe.js";
import { explain } from "../../client/errors.js";
import { queryInChunks } from "../../client/events.js";
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

  await section(ctx, "emission", () => emissionStatus(ctx));
  await section(ctx, "compute", () => computeStatus(ctx));
  await section(ctx, "humans", () => humansStatus(ctx));
  await section(ctx, "pools", () => poolsStatus(ctx));
}

/**
 * Prints one section of the status, or, should its reads fail (a node whose clock went back before
 * the deployment, a pruned state), one line saying so and why, so the other sections still show.
 */
async function section(ctx: Context, key: string, show: () => Promise<void>): Promise<void> {
  try {
    await show();
  } catch (error) {
    const reason = explain(error);
    ctx.say(`${key[0]!.toUpperCase()}${key.slice(1)}: could not be read (${reason})`);
    ctx.put(key, { error: reason });
  }
}

async function emissionStatus(ctx: Context): Promise<void> {
  const { reserveToken, emission, poolRegistry, computeRewards, humanDividend } = ctx.system;
  const now = await latestTimestamp(ctx);
  const start = await emission.START();
  const period = await emission.HALVING_PERIOD();
  const halvings = now > start ? (now - start) / period : 0n;
  const nextHalving = when(start + (halvings + 1n) * period);
  const emitted = await emission.emittedUntil(now);
  const total = await emission.TOTAL_EMISSION();
  const minted = await emission.minted();
  const recycled = await emission.recycled();
  const reserveSupply = await reserveToken.totalSupply();
  const cap = await reserveToken.cap();
  const computeShareBps = await emission.COMPUTE_SHARE_BPS();
  const humanShareBps = await emission.HUMAN_SHARE_BPS();
  const nobody = await emission.nobodyRegistered();
  const available = {
    commons: await emission.availableTo(poolRegistry),
    compute: await emission.availableTo(computeRewards),
    humans: await emission.availableTo(humanDividend),
  };
  ctx.say("Emission");
  ctx.say(
    `  emitted ${frsv(emitted)} of ${frsv(total)} over all time; minted when paid out: ${frsv(minted)} ` +
      `(of which ${frsv(recycled)} re-issues the commons' fees and gifts, burnt when they reached it)`,
  );
  ctx.say(
    `  due and not paid out yet: ${frsv(available.commons)} to the commons, ${frsv(available.compute)} to ` +
      `verified compute, ${frsv(available.humans)} to verified humans`,
  );
  ctx.say(
    `  ${halvings} halving${halvings === 1n ? "" : "s"} so far; the next on ${nextHalving} (every ${duration(period)})`,
  );
  ctx.say(`  FRSV supply ${frsv(reserveSupply)} of a ${frsv(cap)} cap`);
  ctx.say(
    `  split: ${computeShareBps} bps to verified compute, ${humanShareBps} bps to ` +
      `verified humans${nobody ? " (nobody is registered: the commons' while that lasts)" : ""}, the rest to the pools' commons`,
  );
  ctx.put("emission", {
    emitted: frsvJson(emitted),
    total: frsvJson(total),
    minted: frsvJson(minted),
    recycled: frsvJson(recycled),
    availableToCommons: frsvJson(available.commons),
    availableToCompute: frsvJson(available.compute),
    availableToHumans: frsvJson(available.humans),
    nobodyRegistered: nobody,
    halvings: halvings.toString(),
    nextHalving,
    reserveSupply: frsvJson(reserveSupply),
    reserveCap: frsvJson(cap),
    computeShareBps: Number(computeShareBps),
    humanShareBps: Number(humanShareBps),
  });
}

async function computeStatus(ctx: Context): Promise<void> {
  const { emission, computeRewards: rewards } = ctx.system;
  const now = await latestTimestamp(ctx);
  const start = await rewards.START();
  const length = await rewards.EPOCH_LENGTH();
  const quorum = await rewards.quorum();
  const attesterRole = await rewards.ATTESTER_ROLE();
  const attesters = await rewards.getRoleMemberCount(attesterRole);
  const attesterList = await Promise.all(
    [...Array(Number(attesters)).keys()].map((i) => rewards.getRoleMember(attesterRole, i)),
  );
  const guardianRole = await rewards.GUARDIAN_ROLE();
  const guardians = await Promise.all(
    [...Array(Number(await rewards.getRoleMemberCount(guardianRole))).keys()].map((i) =>
      rewards.getRoleMember(guardianRole, i),
    ),
  );
  const window = await rewards.SUBMISSION_WINDOW();
  const review = await rewards.REVIEW_PERIOD();
  const due = await emission.dueTo(rewards);
  const spent = await emission.spentBy(rewards);
  const unreported = await rewards.unreportedToCommons();
  const voided = await rewards.voidedToCommons();
  ctx.say("Verified compute");
  ctx.say(
    `  epoch ${now >= start ? ((now - start) / length).toString() : "none yet"} (every ${duration(length)}); ` +
      `reports need ${quorum} of ${attesters} attesters within ${duration(window)} of an epoch's end; ` +
      `the guardian may void one for ${duration(review)} more, then the epoch is final`,
  );
  if (attesters < quorum) {
    ctx.say(
      `  no report can pass: ${attesters} attesters for a quorum of ${quorum} (the admin must grant or lower it)`,
    );
  }
  ctx.say(`  attesters: ${attesterList.join(", ") || "none"}; guardian: ${guardians.join(", ") || "none"}`);
  ctx.say(
    `  due ${frsv(due)}; paid out ${frsv(spent)} (claims, and to the commons: leftovers swept, ` +
      `${frsv(unreported)} of epochs nobody reported, ${frsv(voided)} of voided reports); ` +
      "npx hardhat foundation:work shows an epoch",
  );
  ctx.put("compute", {
    epoch: now >= start ? ((now - start) / length).toString() : null,
    quorum: quorum.toString(),
    attesters: attesterList,
    guardians,
    submissionWindow: window.toString(),
    reviewPeriod: review.toString(),
    due: frsvJson(due),
    paidOut: frsvJson(spent),
    unreportedToCommons: frsvJson(unreported),
    voidedToCommons: frsvJson(voided),
  });
}

async function humansStatus(ctx: Context): Promise<void> {
  const { emission, humanRegistry, humanDividend } = ctx.system;
  const humanCount = await humanRegistry.humanCount();
  const due = await emission.dueTo(humanDividend);
  const claimed = await humanDividend.claimed();
  const redirected = await emission.redirectedToCommons();
  const issuers = [];
  for (const log of await queryInChunks(ctx.system, (from, to) =>
    humanRegistry.queryFilter(humanRegistry.filters.IssuerTermStarted(), from, to),
  )) {
    const [heads, ended] = await humanDividend.termHeads(log.args.term);
    if (!ended) issuers.push({ issuer: log.args.issuer, registrations: heads });
  }
  ctx.say("Verified humans");
  ctx.say(
    `  ${humanCount} registered; the dividend is due ${frsv(due)}, paid ${frsv(claimed)} to humans; ` +
      `${frsv(redirected)} of the human share went to the commons while nobody was registered; ` +
      "npx hardhat foundation:humans shows more",
  );
  ctx.say(
    `  issuers (each answers for its own registrations): ` +
      (issuers.map((i) => `${i.issuer} (${i.registrations})`).join(", ") || "none"),
  );
  ctx.put("humans", {
    count: humanCount.toString(),
    dividendDue: frsvJson(due),
    claimed: frsvJson(claimed),
    toCommons: frsvJson(redirected),
    issuers: issuers.map((i) => ({ issuer: i.issuer, registrations: i.registrations.toString() })),
  });
}

async function poolsStatus(ctx: Context): Promise<void> {
  const { poolRegistry } = ctx.system;
  ctx.say("Pools");
  const indented: Context = { ...ctx, say: (line) => ctx.say(`  ${line.trimStart()}`) };
  await pools(indented);
  const [fees, handOvers] = await poolRegistry.unsettled();
  const waiting = fees + handOvers;
  if (waiting > 0n) {
    ctx.say(
      `  ${frsv(waiting)} has reached the commons and is not shared yet (fees and gifts, budgets of epochs nobody ` +
        `reported); the next curation or settlement shares it: npx hardhat foundation:settle --network ${ctx.networkName}`,
    );
  }
  if ((await poolRegistry.totalWeight()) === 0n) {
    ctx.say("  no pool has weight: what reaches the commons waits for the curation that gives pools weight");
  }
  ctx.put("commonsWaiting", frsvJson(waiting));
}

async function latestTimestamp(ctx: Context): Promise<bigint> {
  const provider = ctx.system.foundationCoin.runner?.provider;
  return BigInt((await provider!.getBlock("latest"))!.timestamp);
}

export const statusAction = (args: TaskArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, args, (ctx) => status(ctx));
