import { readFile } from "node:fs/promises";
import path from "node:path";
import { getAddress, verifyTypedData } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { checkReceipts, evidenceOf, readReceipts, ReceiptError } from "../../client/receipts.js";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import { checkPoolExists, confirm, eventArgs, frsv, frsvJson, poolLabel, when } from "../../client/describe.js";
import type { JsonValue } from "../../client/output.js";
import { CommandError, explain, NothingToDo } from "../../client/errors.js";
import { parseWhole, parseWholeList } from "../../client/input.js";
import { queryInChunks } from "../../client/events.js";
import { writeNewFile } from "../../client/files.js";
import { sortBySigner, WORK_REPORT_TYPES, workReportDomain, type WorkReport } from "../../client/work-reports.js";

/** What an attester writes, and `foundation:submit-work` reads back. */
interface SignatureFile {
  kind: "Foundation work report signature";
  chainId: string;
  computeRewards: string;
  poolId: string;
  epoch: string;
  units: string;
  evidence: string;
  version: string;
  attester: string;
  signature: string;
}

const KIND = "Foundation work report signature";

async function domainOf(ctx: Context) {
  return workReportDomain(ctx.chainId, await ctx.system.computeRewards.getAddress());
}

/**
 * The epoch's timeline: when it ends, when its submission window closes, when its review period
 * ends (it is final after that), and when its claim period ends (it can be swept after that).
 */
async function timeline(ctx: Context, epoch: bigint) {
  const rewards = ctx.system.computeRewards;
  const [start, length, window, review, claimPeriod] = await Promise.all([
    rewards.START(),
    rewards.EPOCH_LENGTH(),
    rewards.SUBMISSION_WINDOW(),
    rewards.REVIEW_PERIOD(),
    rewards.CLAIM_PERIOD(),
  ]);
  const end = start + (epoch + 1n) * length;
  const provider = rewards.runner!.provider!;
  const now = BigInt((await provider.getBlock("latest"))!.timestamp);
  const reviewEnds = end + window + review;
  return {
    start: end - length,
    end,
    closes: end + window,
    reviewEnds,
    sweepable: reviewEnds + claimPeriod,
    now,
    length,
  };
}

/**
 * Refuses a report of pool `poolId` for `epoch` at `version` that the contract would refuse:
 * a pool never approved, approved after the epoch ended or retired before it began, a voided
 * report, or a version not later than the one accepted.
 */
async function checkReportable(
  ctx: Context,
  poolId: bigint,
  epoch: bigint,
  { end, length }: { end: bigint; length: bigint },
  version: bigint,
) {
  const rewards = ctx.system.computeRewards;
  const [approvedAt, retiredAt] = await ctx.system.poolRegistry.activePeriod(poolId);
  if (approvedAt === 0n) throw new CommandError(`pool ${poolId} was never approved; it has no work to report`);
  if (approvedAt >= end) {
    throw new CommandError(
      `pool ${poolId} was approved at ${when(approvedAt)}, after epoch ${epoch} ended (${when(end)}); ` +
        "work done before its approval is not the pool's to be paid for",
    );
  }
  if (retiredAt !== 0n && retiredAt <= end - length) {
    throw new CommandError(
      `pool ${poolId} was retired at ${when(retiredAt)}, before epoch ${epoch} began (${when(end - length)}); ` +
        "it did no work in it as a pool",
    );
  }
  if (await rewards.isVoided(poolId, epoch)) {
    throw new CommandError(`the guardian voided pool ${poolId}'s report for epoch ${epoch}; it cannot be replaced`);
  }
  const accepted = await rewards.reportVersion(poolId, epoch);
  if ((await rewards.reportedUnits(poolId, epoch)) > 0n && version <= accepted) {
    throw new CommandError(
      `pool ${poolId}'s report for epoch ${epoch} is at version ${accepted}; a correction needs a later version ` +
        `(--report-version ${accepted + 1n})`,
    );
  }
}

/** Receipts read and checked for (pool, epoch), with the evidence and units they give. */
async function receiptsEvidence(file: string, poolId: bigint, epoch: bigint) {
  if (file.trim() === "") throw new CommandError("--receipts is required: the pool's job receipts (a JSON file)");
  try {
    const receipts = await readReceipts(file.trim());
    checkReceipts(receipts, poolId, epoch);
    return { count: receipts.length, ...evidenceOf(receipts) };
  } catch (error) {
    if (error instanceof ReceiptError) throw new CommandError(error.message);
    throw error;
  }
}

export interface AttestArgs {
  pool: string;
  epoch: string;
  receipts: string;
  /** The report's version: empty for the one after the version on chain (1 for a first report). */
  reportVersion: string;
  out: string;
  /** The attester's account: an index among the network's accounts, or an address. */
  from?: string;
}

/**
 * An attester checks a pool's receipts for an ended epoch, recomputes their Merkle root and
 * units, and signs the work report (EIP-712), writing the signature to a file.
 */
export async function attest(ctx: Context, args: AttestArgs): Promise<void> {
  const rewards = ctx.system.computeRewards;
  const poolId = parseWhole(args.pool, "pool", "a pool id");
  const epoch = parseWhole(args.epoch, "epoch", "an epoch number");
  const { count, evidence, units } = await receiptsEvidence(args.receipts, poolId, epoch);
  if (!(await rewards.hasRole(await rewards.ATTESTER_ROLE(), ctx.account))) {
    throw new CommandError(`account ${ctx.account} is not an attester; only attesters sign work reports`);
  }
  await checkPoolExists(ctx.system, poolId);
  const t = await timeline(ctx, epoch);
  if (t.now < t.end) throw new CommandError(`epoch ${epoch} ends at ${when(t.end)}; attest its work after that`);
  if (t.now > t.closes) {
    throw new CommandError(
      `epoch ${epoch}'s submission window closed at ${when(t.closes)}; a report could no longer be submitted`,
    );
  }
  const max = await rewards.MAX_UNITS();
  if (units > max)
    throw new CommandError(`the receipts add up to ${units} GPU-seconds, above the ${max} a report may claim`);
  const version =
    args.reportVersion.trim() === ""
      ? (await rewards.reportVersion(poolId, epoch)) + 1n
      : parseWhole(args.reportVersion, "report-version", "a report version");
  if (version > 0xffffffffn) {
    throw new CommandError(`--report-version ${version} is above 4294967295, the largest version`);
  }
  if (version === 0xffffffffn && (await rewards.reportedUnits(poolId, epoch)) === 0n) {
    throw new CommandError(
      "--report-version 4294967295 is the largest version: a report signed at it could never be corrected; sign 1",
    );
  }
  await checkReportable(ctx, poolId, epoch, t, version);
  const report: WorkReport = { poolId, epoch, units, evidence, version };
  const signature = await ctx.signer.signTypedData(await domainOf(ctx), WORK_REPORT_TYPES, report);
  const file: SignatureFile = {
    kind: KIND,
    chainId: String(ctx.chainId),
    computeRewards: await rewards.getAddress(),
    poolId: String(poolId),
    epoch: String(epoch),
    units: String(units),
    evidence,
    version: String(version),
    attester: ctx.account,
    signature,
  };
  const out =
    args.out.trim() ||
    `signature-pool${poolId}-epoch${epoch}-v${version}-${ctx.account.slice(2, 10).toLowerCase()}.json`;
  await writeNewFile(out, JSON.stringify(file, null, 2) + "\n");
  ctx.say(
    `Signed version ${version} of the work report of ${await poolLabel(ctx.system, poolId)} for epoch ${epoch}: ` +
      `${units} units (GPU-seconds) in ${count} receipt${count === 1 ? "" : "s"}, evidence ${evidence}.`,
  );
  ctx.say(`Signature written to ${out}.`);
  ctx.put("pool", poolId.toString());
  ctx.put("epoch", epoch.toString());
  ctx.put("units", units.toString());
  ctx.put("version", version.toString());
  ctx.put("receipts", count);
  ctx.put("evidence", evidence);
  ctx.put("file", out);
}

export interface SubmitWorkArgs {
  pool: string;
  epoch: string;
  receipts: string;
  signatures: string;
}

async function readSignature(file: string): Promise<SignatureFile> {
  let parsed: Partial<SignatureFile>;
  try {
    parsed = JSON.parse(await readFile(file, "utf8")) as Partial<SignatureFile>;
  } catch {
    throw new CommandError(`cannot read the signature file ${file}`);
  }
  if (
    parsed.kind !== KIND ||
    typeof parsed.signature !== "string" ||
    typeof parsed.attester !== "string" ||
    typeof parsed.version !== "string" ||
    !/^\d+$/.test(parsed.version)
  ) {
    throw new CommandError(`${file} is not a work report signature written by foundation:attest`);
  }
  return parsed as SignatureFile;
}

/** Submits a pool's work report with attesters' signatures (anyone may). */
export async function submitWork(ctx: Context, args: SubmitWorkArgs): Promise<void> {
  const rewards = ctx.system.computeRewards;
  const poolId = parseWhole(args.pool, "pool", "a pool id");
  const epoch = parseWhole(args.epoch, "epoch", "an epoch number");
  const { evidence, units } = await receiptsEvidence(args.receipts, poolId, epoch);
  const files = args.signatures
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "");
  if (files.length === 0)
    throw new CommandError("--signatures is required: the attesters' signature files, comma-separated");
  const contract = await rewards.getAddress();
  const domain = await domainOf(ctx);
  const role = await rewards.ATTESTER_ROLE();
  const signed: { attester: string; signature: string }[] = [];
  let version: bigint | undefined;
  for (const file of files) {
    const s = await readSignature(file);
    const name = path.basename(file);
    // The first file says which version is submitted; every other one must sign the same.
    version ??= BigInt(s.version);
    if (s.chainId !== String(ctx.chainId) || getAddress(s.computeRewards) !== getAddress(contract)) {
      throw new CommandError(`${name} signs for chain ${s.chainId}, contract ${s.computeRewards}: not this deployment`);
    }
    for (const [field, expected] of [
      ["poolId", poolId],
      ["epoch", epoch],
      ["units", units],
      ["version", version],
    ] as const) {
      if (s[field] !== String(expected)) {
        throw new CommandError(
          field === "version"
            ? `${name} signs version ${s.version}, not ${expected} (the version the first signature file signs)`
            : `${name} signs ${field} ${s[field]}, not ${expected} (from the receipts and options)`,
        );
      }
    }
    if (s.evidence.toLowerCase() !== evidence.toLowerCase()) {
      throw new CommandError(`${name} signs evidence ${s.evidence}, not the receipts' root ${evidence}`);
    }
    const attester = getAddress(s.attester);
    if (signed.some((x) => x.attester === attester)) throw new CommandError(`attester ${attester} signed twice`);
    if (!(await rewards.hasRole(role, attester)))
      throw new CommandError(`${name} is signed by ${attester}, not an attester`);
    const code = await rewards.runner!.provider!.getCode(attester);
    // An account's signature is checked here; a contract attester (ERC-1271) is asked on chain.
    if (
      code === "0x" &&
      verifyTypedData(domain, WORK_REPORT_TYPES, { poolId, epoch, units, evidence, version }, s.signature) !== attester
    ) {
      throw new CommandError(`${name}: the signature is not ${attester}'s signature of this report`);
    }
    signed.push({ attester, signature: s.signature });
  }
  const quorum = await rewards.quorum();
  if (BigInt(signed.length) < quorum) {
    throw new CommandError(`the report needs ${quorum} attesters' signatures; ${signed.length} given`);
  }
  const ordered = sortBySigner(signed);
  const t = await timeline(ctx, epoch);
  if (t.now < t.end) throw new CommandError(`epoch ${epoch} ends at ${when(t.end)}; submit its report after that`);
  if (t.now > t.closes) throw new CommandError(`epoch ${epoch}'s submission window closed at ${when(t.closes)}`);
  await checkPoolExists(ctx.system, poolId);
  await checkReportable(ctx, poolId, epoch, t, version!);
  const replaced = await rewards.reportedUnits(poolId, epoch);
  const call = [
    poolId,
    epoch,
    units,
    evidence,
    version!,
    ordered.map((s) => s.attester),
    ordered.map((s) => s.signature),
  ] as const;
  // Anything else the contract would refuse is named now.
  await rewards.submitWork.staticCall(...call).catch((error: unknown) => {
    throw new CommandError(explain(error));
  });
  const receipt = await confirm(rewards.submitWork(...call));
  ctx.say(
    `Submitted version ${version} of the work report of ${await poolLabel(ctx.system, poolId)} for epoch ${epoch}: ` +
      `${units} units` +
      (replaced > 0n ? ` (replacing ${replaced})` : "") +
      `, signed by ${ordered.length} attesters (quorum ${quorum}) (transaction ${receipt.hash}).`,
  );
  ctx.say(
    `It earns its share of the epoch's ${frsv(await rewards.epochBudget(epoch))} once the epoch is final, ` +
      `after ${when(t.reviewEnds)} (the guardian may void it until then).`,
  );
  ctx.put("pool", poolId.toString());
  ctx.put("epoch", epoch.toString());
  ctx.put("units", units.toString());
  ctx.put("version", version!.toString());
  ctx.put("replaced", replaced.toString());
  ctx.put(
    "attesters",
    ordered.map((s) => s.attester),
  );
  ctx.put("finalAfter", when(t.reviewEnds));
}

export interface WorkArgs {
  epoch: string;
}

/** An epoch's budget, its reports, each pool's share and what is claimable (anyone). */
export async function work(ctx: Context, args: WorkArgs): Promise<void> {
  const rewards = ctx.system.computeRewards;
  const registry = ctx.system.poolRegistry;
  const latest = await timeline(ctx, 0n);
  const current = await rewards.epochAt(latest.now);
  const epoch =
    args.epoch.trim() === ""
      ? current === 0n
        ? 0n
        : current - 1n
      : parseWhole(args.epoch, "epoch", "an epoch number");
  const t = await timeline(ctx, epoch);
  const budget = await rewards.epochBudget(epoch);
  const attesters = await rewards.getRoleMemberCount(await rewards.ATTESTER_ROLE());
  const quorum = await rewards.quorum();
  const sharePercent = Number(await ctx.system.emission.COMPUTE_SHARE_BPS()) / 100;
  ctx.say(
    `Epoch ${epoch} of verified compute: ${when(t.start)} to ${when(t.end)}; budget ${frsv(budget)} ` +
      `(${sharePercent}% of what the schedule emits in it). Reports need ${quorum} of ${attesters} ` +
      `attester${attesters === 1n ? "" : "s"}.`,
  );
  if (attesters < quorum) {
    ctx.say(`  no report can pass now: ${attesters} attesters for a quorum of ${quorum} (the admin must act)`);
  }
  const final = t.now > t.reviewEnds;
  const state =
    t.now < t.start
      ? "not started"
      : t.now < t.end
        ? "in progress"
        : t.now <= t.closes
          ? "open for reports"
          : !final
            ? "in review"
            : "final";
  if (t.now < t.start) {
    ctx.say(
      `  not started: it begins at ${when(t.start)}; reports are accepted from ${when(t.end)} to ${when(t.closes)}`,
    );
  } else if (t.now < t.end) {
    ctx.say(`  in progress: reports are accepted from ${when(t.end)} to ${when(t.closes)}`);
  } else if (t.now <= t.closes) {
    ctx.say(
      `  open for reports until ${when(t.closes)}; the guardian may void them until ${when(t.reviewEnds)}; ` +
        "final after that",
    );
  } else if (!final) {
    ctx.say(`  in review: no more reports; the guardian may void one until ${when(t.reviewEnds)}; final after that`);
  } else if (await rewards.isSwept(epoch)) {
    ctx.say(`  final; swept: ${frsv(await rewards.sweptIn(epoch))} went to the commons`);
  } else if (!(await rewards.isReported(epoch))) {
    ctx.say(
      `  final since ${when(t.reviewEnds)} with no report: its whole budget belongs to the pools' commons, shared ` +
        "by the weights in force then (a settlement hands it over; no sweep needed)",
    );
  } else if (t.now <= t.sweepable) {
    ctx.say(`  final since ${when(t.reviewEnds)}; its pools may claim until ${when(t.sweepable)}`);
  } else {
    ctx.say(
      `  final; its claim period ended at ${when(t.sweepable)}: a claim still pays until someone sweeps what is ` +
        "left to the commons",
    );
  }
  const total = await rewards.totalUnits(epoch);
  let voidedUnits = 0n;
  const lines: string[] = [];
  const reports: JsonValue[] = [];
  for (let poolId = 1n; poolId <= (await registry.poolCount()); poolId++) {
    const voided = await rewards.isVoided(poolId, epoch);
    const units = voided ? await voidedUnitsOf(ctx, poolId, epoch) : await rewards.reportedUnits(poolId, epoch);
    if (units === 0n) continue;
    const version = await rewards.reportVersion(poolId, epoch);
    if (voided) voidedUnits += units;
    const share = total === 0n ? "0" : ((Number(units) / Number(total)) * 100).toFixed(1);
    const earns = total === 0n ? 0n : (budget * units) / total;
    const claimable = await rewards.claimable(poolId, epoch);
    reports.push({
      pool: poolId.toString(),
      units: units.toString(),
      version: version.toString(),
      voided,
      earns: frsvJson(voided ? 0n : earns),
      claimable: frsvJson(claimable),
      claimed: await rewards.isClaimed(poolId, epoch),
    });
    const label = `${await poolLabel(ctx.system, poolId)}: ${units} units (${share}%), version ${version}`;
    const swept = await rewards.isSwept(epoch);
    const paid = await rewards.isClaimed(poolId, epoch);
    if (voided) {
      lines.push(
        `  ${label}, voided by the guardian: its ${frsv(earns)} ` +
          (paid || swept
            ? "went to the commons"
            : "goes to the commons once final (anyone may hand it over: foundation:sweep)"),
      );
    } else if (!final) lines.push(`  ${label}: earns ${frsv(earns)} once final`);
    else if (paid) lines.push(`  ${label}: claimed ${frsv(earns)}`);
    else if (swept) lines.push(`  ${label}: not claimed before the sweep; its ${frsv(earns)} went to the commons`);
    else if (t.now <= t.sweepable) lines.push(`  ${label}: claimable ${frsv(claimable)}`);
    else lines.push(`  ${label}: ${frsv(earns)} still claimable until someone sweeps the epoch`);
  }
  if (lines.length === 0) ctx.say("  no work reported: once final, its whole budget goes to the pools' commons");
  else ctx.say(`  ${total} units reported${voidedUnits > 0n ? `, ${voidedUnits} of them voided` : ""}:`);
  for (const line of lines) ctx.say(line);
  if (!(await rewards.isSwept(epoch)) && (await rewards.claimedIn(epoch)) > 0n) {
    ctx.say(`  claimed so far: ${frsv(await rewards.claimedIn(epoch))}`);
  }
  ctx.put("epoch", epoch.toString());
  ctx.put("start", when(t.start));
  ctx.put("end", when(t.end));
  ctx.put("reviewEnds", when(t.reviewEnds));
  ctx.put("state", state);
  ctx.put("budget", frsvJson(budget));
  ctx.put("totalUnits", total.toString());
  ctx.put("voidedUnits", voidedUnits.toString());
  ctx.put("voidedToCommons", frsvJson(await rewards.voidedToCommonsIn(epoch)));
  ctx.put("reports", reports);
  ctx.put("claimed", frsvJson(await rewards.claimedIn(epoch)));
  ctx.put("swept", frsvJson(await rewards.sweptIn(epoch)));
}

/** The units of pool `poolId`'s voided report for `epoch`, from the `ReportVoided` event. */
async function voidedUnitsOf(ctx: Context, poolId: bigint, epoch: bigint): Promise<bigint> {
  const rewards = ctx.system.computeRewards;
  const events = await queryInChunks(ctx.system, (from, to) =>
    rewards.queryFilter(rewards.filters.ReportVoided(poolId, epoch), from, to),
  );
  return events.length === 0 ? 0n : events[0]!.args.units;
}

export interface VoidArgs {
  pool: string;
  epoch: string;
  /** The guardian's account: an index among the network's accounts, or an address. */
  from?: string;
}

/**
 * The guardian voids a pool's work report, from the epoch's end until its review period is over.
 * The report's units stay in the epoch's total, so no other pool gains: its share goes to the
 * pools' commons once the epoch is final.
 */
export async function voidReport(ctx: Context, args: VoidArgs): Promise<void> {
  const rewards = ctx.system.computeRewards;
  const poolId = parseWhole(args.pool, "pool", "a pool id");
  const epoch = parseWhole(args.epoch, "epoch", "an epoch number");
  if (!(await rewards.hasRole(await rewards.GUARDIAN_ROLE(), ctx.account))) {
    throw new CommandError(`account ${ctx.account} is not the guardian; only the guardian voids work reports`);
  }
  const t = await timeline(ctx, epoch);
  if (t.now < t.end) throw new CommandError(`epoch ${epoch} ends at ${when(t.end)}; it has no reports yet`);
  if (t.now > t.reviewEnds) {
    throw new CommandError(`epoch ${epoch}'s review period ended at ${when(t.reviewEnds)}; it is final`);
  }
  if (await rewards.isVoided(poolId, epoch)) {
    throw new NothingToDo(`pool ${poolId}'s report for epoch ${epoch} is already voided`);
  }
  const units = await rewards.reportedUnits(poolId, epoch);
  if (units === 0n) throw new CommandError(`pool ${poolId} has no report for epoch ${epoch}`);
  const receipt = await confirm(rewards.voidReport(poolId, epoch));
  const total = await rewards.totalUnits(epoch);
  const budget = await rewards.epochBudget(epoch);
  ctx.say(
    `Voided ${await poolLabel(ctx.system, poolId)}'s report for epoch ${epoch} (${units} units) ` +
      `(transaction ${receipt.hash}).`,
  );
  ctx.say(
    `Its units stay in the epoch's ${total} units, so no other pool's share changes: its ${frsv((budget * units) / total)} ` +
      `(as the reports stand now) goes to the pools' commons once the epoch is final, after ${when(t.reviewEnds)}.`,
  );
  ctx.put("pool", poolId.toString());
  ctx.put("epoch", epoch.toString());
  ctx.put("units", units.toString());
  ctx.put("finalAfter", when(t.reviewEnds));
}

export interface ClaimWorkArgs {
  pool: string;
  epochs: string;
  all: boolean;
}

/** Epochs `poolId` reported in, from the contract's events (oldest first). */
async function reportedEpochs(ctx: Context, poolId: bigint): Promise<bigint[]> {
  const rewards = ctx.system.computeRewards;
  const events = await queryInChunks(ctx.system, (from, to) =>
    rewards.queryFilter(rewards.filters.WorkSubmitted(poolId), from, to),
  );
  return [...new Set(events.map((e) => e.args.epoch))];
}

/** Pays a pool's share of final epochs to its recipient (anyone). */
export async function claimWork(ctx: Context, args: ClaimWorkArgs): Promise<void> {
  const rewards = ctx.system.computeRewards;
  const poolId = parseWhole(args.pool, "pool", "a pool id");
  await checkPoolExists(ctx.system, poolId);
  if (args.all === (args.epochs.trim() !== "")) throw new CommandError("give either --epochs 3,4 or --all");
  ctx.put("pool", poolId.toString());
  ctx.put("claimed", frsvJson(0n));
  let epochs: bigint[];
  if (args.all) {
    epochs = [];
    for (const epoch of await reportedEpochs(ctx, poolId)) {
      // Past its claim period an epoch promises nothing (a sweep may come first), yet may still pay.
      const t = await timeline(ctx, epoch);
      const open =
        t.now > t.reviewEnds &&
        !(await rewards.isSwept(epoch)) &&
        !(await rewards.isClaimed(poolId, epoch)) &&
        !(await rewards.isVoided(poolId, epoch));
      if ((await rewards.claimable(poolId, epoch)) > 0n || (open && t.now > t.sweepable)) epochs.push(epoch);
    }
    if (epochs.length === 0) {
      ctx.say(`${await poolLabel(ctx.system, poolId)} has no verified work to claim now.`);
      return;
    }
  } else {
    epochs = parseWholeList(args.epochs, "epochs", "epoch numbers like 3,4");
    for (const epoch of epochs) {
      const t = await timeline(ctx, epoch);
      if (t.now <= t.reviewEnds) {
        throw new CommandError(`epoch ${epoch} is not final until after ${when(t.reviewEnds)}`);
      }
    }
  }
  ctx.put(
    "epochs",
    epochs.map((epoch) => epoch.toString()),
  );
  const amount = await rewards.claim.staticCall(poolId, epochs);
  if (amount === 0n) {
    ctx.say(
      `${await poolLabel(ctx.system, poolId)} has nothing to claim in epoch${epochs.length === 1 ? "" : "s"} ${epochs.join(", ")}.`,
    );
    return;
  }
  const receipt = await confirm(rewards.claim(poolId, epochs));
  const [, recipient] = eventArgs(receipt, rewards, "WorkClaimed");
  ctx.say(
    `Claimed ${frsv(amount)} of new reserve for ${await poolLabel(ctx.system, poolId)}'s verified work ` +
      `in epoch${epochs.length === 1 ? "" : "s"} ${epochs.join(", ")}, paid to ${recipient}.`,
  );
  ctx.put("claimed", frsvJson(amount));
  ctx.put("to", recipient as string);
}

export interface SweepArgs {
  epoch: string;
}

/** The pools whose report for `epoch` the guardian voided, from the contract's events. */
async function voidedPools(ctx: Context, epoch: bigint): Promise<bigint[]> {
  const rewards = ctx.system.computeRewards;
  const events = await queryInChunks(ctx.system, (from, to) =>
    rewards.queryFilter(rewards.filters.ReportVoided(undefined, epoch), from, to),
  );
  return [...new Set(events.map((e) => e.args.poolId))];
}

/**
 * Sends to the commons what of a final epoch's budget belongs to it now (anyone): each voided
 * report's share, from the moment the epoch is final; after the claim period, everything left.
 */
export async function sweep(ctx: Context, args: SweepArgs): Promise<void> {
  const rewards = ctx.system.computeRewards;
  const epoch = parseWhole(args.epoch, "epoch", "an epoch number");
  const t = await timeline(ctx, epoch);
  if (t.now <= t.reviewEnds) throw new CommandError(`epoch ${epoch} is not final until after ${when(t.reviewEnds)}`);
  if (!(await rewards.isReported(epoch))) {
    throw new NothingToDo(
      `epoch ${epoch} had no report: its whole budget goes to the pools' commons without a sweep, with the next ` +
        `settlement (every curation makes one; anyone may: npx hardhat foundation:settle --network ${ctx.networkName})`,
    );
  }
  if (await rewards.isSwept(epoch)) {
    throw new NothingToDo(`epoch ${epoch} was already swept (${frsv(await rewards.sweptIn(epoch))} to the commons)`);
  }
  const waiting: bigint[] = [];
  for (const poolId of await voidedPools(ctx, epoch)) {
    if (!(await rewards.isClaimed(poolId, epoch))) waiting.push(poolId);
  }
  const claimPeriodOver = t.now > t.sweepable;
  if (waiting.length === 0 && !claimPeriodOver) {
    throw new CommandError(`epoch ${epoch} had verified work: its pools may claim until ${when(t.sweepable)}`);
  }
  let voided = 0n;
  for (const poolId of waiting) {
    const receipt = await confirm(rewards.sweepVoided(poolId, epoch));
    const [, , amount] = eventArgs(receipt, rewards, "VoidedToCommons");
    voided += amount as bigint;
    ctx.say(
      `Handed ${await poolLabel(ctx.system, poolId)}'s voided share of epoch ${epoch} to the pools' commons: ` +
        `${frsv(amount as bigint)}.`,
    );
  }
  let swept = 0n;
  if (claimPeriodOver) {
    const receipt = await confirm(rewards.sweep(epoch));
    [, swept] = eventArgs(receipt, rewards, "EpochSwept") as unknown as [bigint, bigint];
    ctx.say(
      `Swept epoch ${epoch}: ${frsv(swept)} to the pools' commons (what its pools left unclaimed, and the rounding dust).`,
    );
  } else {
    ctx.say(`What its pools leave unclaimed can be swept after ${when(t.sweepable)}.`);
  }
  ctx.put("epoch", epoch.toString());
  ctx.put("voidedToCommons", frsvJson(voided));
  ctx.put("swept", frsvJson(swept));
}

type Hre = HardhatRuntimeEnvironment;
export const attestAction = (args: AttestArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => attest(ctx, args));
export const submitWorkAction = (args: SubmitWorkArgs & TaskArgs, hre: Hre) =>
  runTask(hre, args, (ctx) => submitWork(ctx, args));
export const workAction = (args: WorkArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => work(ctx, args));
export const claimWorkAction = (args: ClaimWorkArgs & TaskArgs, hre: Hre) =>
  runTask(hre, args, (ctx) => claimWork(ctx, args));
export const sweepAction = (args: SweepArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => sweep(ctx, args));
export const voidAction = (args: VoidArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => voidReport(ctx, args));
