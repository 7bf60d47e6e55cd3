import { readFile } from "node:fs/promises";
import path from "node:path";
import { getAddress, verifyTypedData } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { checkReceipts, evidenceOf, readReceipts, ReceiptError } from "../../client/receipts.js";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import {
  checkPoolExists,
  confirm,
  eventArgs,
  frsv,
  frsvJson,
  poolLabel,
  STATUS_NAMES,
  when,
} from "../../client/describe.js";
import type { JsonValue } from "../../client/output.js";
import { CommandError, explain } from "../../client/errors.js";
import { parseWhole, parseWholeList } from "../../client/input.js";
import { queryInChunks } from "../../client/events.js";
import { writeNewFile } from "../../client/files.js";

/** What an attester writes, and `foundation:submit-work` reads back. */
interface SignatureFile {
  kind: "Foundation work report signature";
  chainId: string;
  computeRewards: string;
  poolId: string;
  epoch: string;
  units: string;
  evidence: string;
  attester: string;
  signature: string;
}

const KIND = "Foundation work report signature";

const WORK_REPORT_TYPES = {
  WorkReport: [
    { name: "poolId", type: "uint256" },
    { name: "epoch", type: "uint256" },
    { name: "units", type: "uint256" },
    { name: "evidence", type: "bytes32" },
  ],
};

async function domainOf(ctx: Context) {
  return {
    name: "Foundation ComputeRewards",
    version: "1",
    chainId: ctx.chainId,
    verifyingContract: await ctx.system.computeRewards.getAddress(),
  };
}

/** The epoch's timeline: when it ends, when its window closes, when it can be swept. */
async function timeline(ctx: Context, epoch: bigint) {
  const rewards = ctx.system.computeRewards;
  const [start, length, window, claimPeriod] = await Promise.all([
    rewards.START(),
    rewards.EPOCH_LENGTH(),
    rewards.SUBMISSION_WINDOW(),
    rewards.CLAIM_PERIOD(),
  ]);
  const end = start + (epoch + 1n) * length;
  const provider = rewards.runner!.provider!;
  const now = BigInt((await provider.getBlock("latest"))!.timestamp);
  return { start: end - length, end, closes: end + window, sweepable: end + window + claimPeriod, now, length };
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

async function checkActivePool(ctx: Context, poolId: bigint): Promise<void> {
  await checkPoolExists(ctx.system, poolId);
  const status = STATUS_NAMES[Number((await ctx.system.poolRegistry.pool(poolId)).status)];
  if (status !== "active") throw new CommandError(`pool ${poolId} is ${status}; only an active pool can report work`);
}

export interface AttestArgs {
  pool: string;
  epoch: string;
  receipts: string;
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
  await checkActivePool(ctx, poolId);
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
  const signature = await ctx.signer.signTypedData(await domainOf(ctx), WORK_REPORT_TYPES, {
    poolId,
    epoch,
    units,
    evidence,
  });
  const file: SignatureFile = {
    kind: KIND,
    chainId: String(ctx.chainId),
    computeRewards: await rewards.getAddress(),
    poolId: String(poolId),
    epoch: String(epoch),
    units: String(units),
    evidence,
    attester: ctx.account,
    signature,
  };
  const out = args.out.trim() || `signature-pool${poolId}-epoch${epoch}-${ctx.account.slice(2, 10).toLowerCase()}.json`;
  await writeNewFile(out, JSON.stringify(file, null, 2) + "\n");
  ctx.say(
    `Signed the work report of ${await poolLabel(ctx.system, poolId)} for epoch ${epoch}: ${units} units ` +
      `(GPU-seconds) in ${count} receipt${count === 1 ? "" : "s"}, evidence ${evidence}.`,
  );
  ctx.say(`Signature written to ${out}.`);
  ctx.put("pool", poolId.toString());
  ctx.put("epoch", epoch.toString());
  ctx.put("units", units.toString());
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
  if (parsed.kind !== KIND || typeof parsed.signature !== "string" || typeof parsed.attester !== "string") {
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
  for (const file of files) {
    const s = await readSignature(file);
    const name = path.basename(file);
    if (s.chainId !== String(ctx.chainId) || getAddress(s.computeRewards) !== getAddress(contract)) {
      throw new CommandError(`${name} signs for chain ${s.chainId}, contract ${s.computeRewards}: not this deployment`);
    }
    for (const [field, expected] of [
      ["poolId", poolId],
      ["epoch", epoch],
      ["units", units],
    ] as const) {
      if (s[field] !== String(expected)) {
        throw new CommandError(`${name} signs ${field} ${s[field]}, not ${expected} (from the receipts and options)`);
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
      verifyTypedData(domain, WORK_REPORT_TYPES, { poolId, epoch, units, evidence }, s.signature) !== attester
    ) {
      throw new CommandError(`${name}: the signature is not ${attester}'s signature of this report`);
    }
    signed.push({ attester, signature: s.signature });
  }
  const quorum = await rewards.quorum();
  if (BigInt(signed.length) < quorum) {
    throw new CommandError(`the report needs ${quorum} attesters' signatures; ${signed.length} given`);
  }
  signed.sort((a, b) => (BigInt(a.attester) < BigInt(b.attester) ? -1 : 1));
  const t = await timeline(ctx, epoch);
  if (t.now < t.end) throw new CommandError(`epoch ${epoch} ends at ${when(t.end)}; submit its report after that`);
  if (t.now > t.closes) throw new CommandError(`epoch ${epoch}'s submission window closed at ${when(t.closes)}`);
  await checkActivePool(ctx, poolId);
  const call = [poolId, epoch, units, evidence, signed.map((s) => s.attester), signed.map((s) => s.signature)] as const;
  // Anything else the contract would refuse (a report already there, for instance) is named now.
  await rewards.submitWork.staticCall(...call).catch((error: unknown) => {
    throw new CommandError(explain(error));
  });
  const receipt = await confirm(rewards.submitWork(...call));
  ctx.say(
    `Submitted the work report of ${await poolLabel(ctx.system, poolId)} for epoch ${epoch}: ${units} units, ` +
      `signed by ${signed.length} attesters (quorum ${quorum}) (transaction ${receipt.hash}).`,
  );
  ctx.say(
    `It earns its share of the epoch's ${frsv(await rewards.epochBudget(epoch))} once the epoch is final, after ${when(t.closes)}.`,
  );
  ctx.put("pool", poolId.toString());
  ctx.put("epoch", epoch.toString());
  ctx.put("units", units.toString());
  ctx.put(
    "attesters",
    signed.map((s) => s.attester),
  );
  ctx.put("finalAfter", when(t.closes));
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
  const sharePercent = Number(await ctx.system.emission.COMPUTE_SHARE_BPS()) / 100;
  ctx.say(
    `Epoch ${epoch} of verified compute: ${when(t.start)} to ${when(t.end)}; budget ${frsv(budget)} ` +
      `(${sharePercent}% of what the schedule emits in it). Reports need ${await rewards.quorum()} of ${attesters} attesters.`,
  );
  if (t.now < t.end) ctx.say(`  in progress: reports are accepted from ${when(t.end)} to ${when(t.closes)}`);
  else if (t.now <= t.closes) ctx.say(`  open for reports until ${when(t.closes)}; final after that`);
  else if (await rewards.isSwept(epoch)) {
    ctx.say(`  final; swept: ${frsv(await rewards.sweptIn(epoch))} went to the commons`);
  } else if (!(await rewards.isReported(epoch))) {
    ctx.say(
      `  final since ${when(t.closes)} with no report: its whole budget belongs to the pools' commons, shared by ` +
        "the weights in force then (a settlement hands it over; no sweep needed)",
    );
  } else {
    ctx.say(
      `  final since ${when(t.closes)}; what is not claimed can be swept to the commons after ${when(t.sweepable)}`,
    );
  }
  const total = await rewards.totalUnits(epoch);
  const lines: string[] = [];
  const reports: JsonValue[] = [];
  for (let poolId = 1n; poolId <= (await registry.poolCount()); poolId++) {
    const units = await rewards.reportedUnits(poolId, epoch);
    if (units === 0n) continue;
    const share = total === 0n ? "0" : ((Number(units) / Number(total)) * 100).toFixed(1);
    const claimable = await rewards.claimable(poolId, epoch);
    reports.push({
      pool: poolId.toString(),
      units: units.toString(),
      earns: frsvJson((budget * units) / total),
      claimable: frsvJson(claimable),
    });
    lines.push(
      `  ${await poolLabel(ctx.system, poolId)}: ${units} units (${share}%), ` +
        (t.now <= t.closes ? `earns ${frsv((budget * units) / total)} once final` : `claimable ${frsv(claimable)}`),
    );
  }
  if (lines.length === 0) ctx.say("  no work reported; once final, its whole budget can be swept to the commons");
  else ctx.say(`  ${total} units reported:`);
  for (const line of lines) ctx.say(line);
  if (!(await rewards.isSwept(epoch)) && (await rewards.claimedIn(epoch)) > 0n) {
    ctx.say(`  claimed so far: ${frsv(await rewards.claimedIn(epoch))}`);
  }
  ctx.put("epoch", epoch.toString());
  ctx.put("start", when(t.start));
  ctx.put("end", when(t.end));
  ctx.put("state", t.now < t.end ? "in progress" : t.now <= t.closes ? "open for reports" : "final");
  ctx.put("budget", frsvJson(budget));
  ctx.put("totalUnits", total.toString());
  ctx.put("reports", reports);
  ctx.put("claimed", frsvJson(await rewards.claimedIn(epoch)));
  ctx.put("swept", frsvJson(await rewards.sweptIn(epoch)));
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
      if ((await rewards.claimable(poolId, epoch)) > 0n) epochs.push(epoch);
    }
    if (epochs.length === 0) {
      ctx.say(`${await poolLabel(ctx.system, poolId)} has no verified work to claim now.`);
      return;
    }
  } else {
    epochs = parseWholeList(args.epochs, "epochs", "epoch numbers like 3,4");
    for (const epoch of epochs) {
      const t = await timeline(ctx, epoch);
      if (t.now <= t.closes) throw new CommandError(`epoch ${epoch} is not final until after ${when(t.closes)}`);
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

/** Sends an epoch's unclaimed budget to the commons, when the rules allow (anyone). */
export async function sweep(ctx: Context, args: SweepArgs): Promise<void> {
  const rewards = ctx.system.computeRewards;
  const epoch = parseWhole(args.epoch, "epoch", "an epoch number");
  const t = await timeline(ctx, epoch);
  if (t.now <= t.closes) throw new CommandError(`epoch ${epoch} is not final until after ${when(t.closes)}`);
  if (!(await rewards.isReported(epoch))) {
    throw new CommandError(
      `epoch ${epoch} had no report: its whole budget goes to the pools' commons without a sweep, with the next ` +
        `settlement (every curation makes one; anyone may: npx hardhat foundation:settle --network ${ctx.networkName})`,
    );
  }
  if (await rewards.isSwept(epoch)) {
    throw new CommandError(`epoch ${epoch} was already swept (${frsv(await rewards.sweptIn(epoch))} to the commons)`);
  }
  const total = await rewards.totalUnits(epoch);
  if (total !== 0n && t.now <= t.sweepable) {
    throw new CommandError(`epoch ${epoch} had verified work: its pools may claim until ${when(t.sweepable)}`);
  }
  const receipt = await confirm(rewards.sweep(epoch));
  const [, amount] = eventArgs(receipt, rewards, "EpochSwept");
  ctx.say(
    `Swept epoch ${epoch}: ${frsv(amount as bigint)} to the pools' commons ` +
      (total === 0n ? "(every report in it was voided)." : "(what its pools left unclaimed, and the rounding dust)."),
  );
  ctx.put("epoch", epoch.toString());
  ctx.put("swept", frsvJson(amount as bigint));
}

type Hre = HardhatRuntimeEnvironment;
export const attestAction = (args: AttestArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => attest(ctx, args));
export const submitWorkAction = (args: SubmitWorkArgs & TaskArgs, hre: Hre) =>
  runTask(hre, args, (ctx) => submitWork(ctx, args));
export const workAction = (args: WorkArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => work(ctx, args));
export const claimWorkAction = (args: ClaimWorkArgs & TaskArgs, hre: Hre) =>
  runTask(hre, args, (ctx) => claimWork(ctx, args));
export const sweepAction = (args: SweepArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => sweep(ctx, args));
