import { expect } from "chai";
import { network } from "hardhat";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { addressesOf } from "../client/foundation.js";
import { evidenceOf, receiptsJson, type JobReceipt } from "../client/receipts.js";
import { attest, claimWork, submitWork, sweep, work } from "../tasks/commands/compute.js";
import type { Context } from "../client/context.js";
import { commandContext, expectRefusal, printExactAmounts } from "./helpers/tasks.js";
import { CLAIM_PERIOD, computeFixture, EPOCH, WINDOW } from "./helpers/compute.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = computeFixture(connection);
type Fixture = Awaited<ReturnType<typeof deploy>>;

/** A command context acting as `signer`, collecting what the command prints. */
async function contextFor(f: Fixture, signer: Fixture["deployer"]) {
  return commandContext(await addressesOf(f), signer, (await ethers.provider.getNetwork()).chainId);
}

/** Receipts for `jobs` GPU jobs of an hour each. */
function receiptsFor(poolId: bigint, epoch: bigint, jobs = 3): JobReceipt[] {
  return Array.from({ length: jobs }, (_, i) => ({
    jobId: `job-${poolId}-${epoch}-${i + 1}`,
    poolId,
    epoch,
    workload: i % 2 === 0 ? "protein folding batch" : "open model inference",
    gpuSeconds: 3_600n,
    outputHash: ethers.id(`output ${poolId} ${epoch} ${i}`),
  }));
}

async function write(dir: string, name: string, content: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

async function endOf(f: Fixture, epoch: bigint): Promise<bigint> {
  return (await f.computeRewards.START()) + (epoch + 1n) * EPOCH;
}

/** Epoch 0 has ended; receipts for pool 1 written; two attesters' contexts ready. */
async function endedFixture() {
  const f = await deploy();
  await networkHelpers.time.increaseTo(await endOf(f, 0n));
  const dir = await mkdtemp(path.join(os.tmpdir(), "foundation-work-"));
  const receipts = await write(dir, "pool1-epoch0.json", receiptsJson(receiptsFor(1n, 0n)));
  return { ...f, dir, receipts };
}

describe("Tasks: verified compute", function () {
  printExactAmounts();

  describe("foundation:attest", function () {
    it("checks the receipts, recomputes root and units, and writes the attester's signature", async function () {
      const f = await networkHelpers.loadFixture(endedFixture);
      const ctx = await contextFor(f, f.attesters[0]!);
      const out = path.join(f.dir, "sig-a.json");
      await attest(ctx, { pool: "1", epoch: "0", receipts: f.receipts, out });
      const { evidence, units } = evidenceOf(receiptsFor(1n, 0n));
      expect(units).to.equal(10_800n);
      expect(ctx.lines[0]).to.equal(
        `Signed the work report of pool 1 "Cancer research" for epoch 0: 10800 units (GPU-seconds) in 3 receipts, evidence ${evidence}.`,
      );
      expect(ctx.lines[1]).to.equal(`Signature written to ${out}.`);
      const written = JSON.parse(await readFile(out, "utf8")) as Record<string, string>;
      expect(written.attester).to.equal(f.attesters[0]!.address);
      expect(written.units).to.equal("10800");
      expect(written.evidence).to.equal(evidence);
      // The signature is the contract's own digest, signed by the attester.
      const digest = await f.computeRewards.reportDigest(1n, 0n, units, evidence);
      expect(ethers.recoverAddress(digest, written.signature!)).to.equal(f.attesters[0]!.address);
    });

    it("refuses strangers, inactive pools, epochs not ended or closed, and bad receipts", async function () {
      const f = await networkHelpers.loadFixture(endedFixture);
      const ctx = await contextFor(f, f.attesters[0]!);
      const stranger = await contextFor(f, f.stranger);
      const args = { pool: "1", epoch: "0", receipts: f.receipts, out: path.join(f.dir, "x.json") };
      await expectRefusal(stranger, () => attest(stranger, args), "is not an attester");
      const pool3 = await write(f.dir, "pool3.json", receiptsJson(receiptsFor(3n, 0n)));
      await expectRefusal(
        ctx,
        () => attest(ctx, { ...args, pool: "3", receipts: pool3 }),
        "pool 3 is proposed; only an active pool",
      );
      await expectRefusal(ctx, () => attest(ctx, { ...args, receipts: "" }), "--receipts is required");
      await expectRefusal(ctx, () => attest(ctx, { ...args, receipts: path.join(f.dir, "none.json") }), "cannot read");
      await expectRefusal(
        ctx,
        () => attest(ctx, { ...args, epoch: "1" }),
        "receipt 1 (job-1-0-1) is for pool 1, epoch 0",
      );
      const twice = receiptsFor(1n, 0n, 2);
      twice[1]!.jobId = twice[0]!.jobId;
      const dup = await write(f.dir, "dup.json", receiptsJson(twice));
      await expectRefusal(ctx, () => attest(ctx, { ...args, receipts: dup }), "job job-1-0-1 is listed twice");
      const bad = await write(
        f.dir,
        "bad.json",
        '[{"jobId":"a","poolId":"1","epoch":"0","workload":"w","gpuSeconds":"0","outputHash":"0x00"}]',
      );
      await expectRefusal(ctx, () => attest(ctx, { ...args, receipts: bad }), "outputHash must be 32 bytes of hex");
      const notJson = await write(f.dir, "not.json", "{ nope");
      await expectRefusal(ctx, () => attest(ctx, { ...args, receipts: notJson }), "is not JSON");
      // Epoch 1 has not ended; epoch 0's window closes 30 minutes after its end.
      const later = await write(f.dir, "later.json", receiptsJson(receiptsFor(1n, 1n)));
      await expectRefusal(
        ctx,
        () => attest(ctx, { ...args, epoch: "1", receipts: later }),
        /^epoch 1 ends at .* attest its work after that$/,
      );
      await networkHelpers.time.increaseTo((await endOf(f, 0n)) + WINDOW + 1n);
      await expectRefusal(ctx, () => attest(ctx, args), /^epoch 0's submission window closed at /);
    });
  });

  describe("foundation:submit-work", function () {
    async function signedFixture() {
      const f = await endedFixture();
      const files: string[] = [];
      for (const [i, attester] of f.attesters.entries()) {
        const out = path.join(f.dir, `sig-${i}.json`);
        await attest(await contextFor(f, attester), { pool: "1", epoch: "0", receipts: f.receipts, out });
        files.push(out);
      }
      return { ...f, files };
    }

    it("submits the report with the signatures in any order, for anyone", async function () {
      const f = await networkHelpers.loadFixture(signedFixture);
      const ctx = await contextFor(f, f.stranger);
      await submitWork(ctx, { pool: "1", epoch: "0", receipts: f.receipts, signatures: `${f.files[1]},${f.files[0]}` });
      expect(ctx.lines[0]).to.match(
        /^Submitted the work report of pool 1 "Cancer research" for epoch 0: 10800 units, signed by 2 attesters \(quorum 2\) \(transaction 0x[0-9a-f]{64}\)\.$/,
      );
      expect(ctx.lines[1]).to.match(
        /^It earns its share of the epoch's [\d.]+ FRSV once the epoch is final, after \d{4}-/,
      );
      expect(await f.computeRewards.reportedUnits(1n, 0n)).to.equal(10_800n);
    });

    it("refuses too few signatures, mismatched ones, repeated or unknown signers, and a second report", async function () {
      const f = await networkHelpers.loadFixture(signedFixture);
      const ctx = await contextFor(f, f.stranger);
      const args = { pool: "1", epoch: "0", receipts: f.receipts, signatures: f.files.slice(0, 2).join(",") };
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { ...args, signatures: f.files[0]! }),
        "needs 2 attesters' signatures; 1 given",
      );
      await expectRefusal(ctx, () => submitWork(ctx, { ...args, signatures: "" }), "--signatures is required");
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { ...args, signatures: `${f.files[0]},${f.files[0]}` }),
        "signed twice",
      );
      // Receipts that differ from what the attesters signed (one job fewer).
      const fewer = await write(f.dir, "fewer.json", receiptsJson(receiptsFor(1n, 0n, 2)));
      await expectRefusal(ctx, () => submitWork(ctx, { ...args, receipts: fewer }), "signs units 10800, not 7200");
      // A signature file edited to claim another attester, or another chain.
      const forged = JSON.parse(await readFile(f.files[0]!, "utf8")) as Record<string, string>;
      const asStranger = await write(f.dir, "forged.json", JSON.stringify({ ...forged, attester: f.stranger.address }));
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { ...args, signatures: `${f.files[1]},${asStranger}` }),
        `is signed by ${f.stranger.address}, not an attester`,
      );
      const asOther = await write(
        f.dir,
        "other.json",
        JSON.stringify({ ...forged, attester: f.attesters[2]!.address }),
      );
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { ...args, signatures: `${f.files[1]},${asOther}` }),
        `the signature is not ${f.attesters[2]!.address}'s signature of this report`,
      );
      const otherChain = await write(f.dir, "chain.json", JSON.stringify({ ...forged, chainId: "1" }));
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { ...args, signatures: `${f.files[1]},${otherChain}` }),
        "signs for chain 1",
      );
      await submitWork(ctx, args);
      await expectRefusal(
        ctx,
        () => submitWork(ctx, args),
        "the transaction was refused: pool 1 already has a work report for epoch 0; a report is never replaced (AlreadyReported(1, 0))",
      );
      await networkHelpers.time.increaseTo((await endOf(f, 0n)) + WINDOW + 1n);
      await expectRefusal(ctx, () => submitWork(ctx, args), /^epoch 0's submission window closed at /);
    });
  });

  describe("foundation:work, claim-work and sweep", function () {
    /** Pools 1 and 2 reported 1:3 in epoch 0, which is now final. */
    async function finalFixture() {
      const f = await endedFixture();
      for (const poolId of [1n, 2n]) {
        const receipts = await write(
          f.dir,
          `p${poolId}.json`,
          receiptsJson(receiptsFor(poolId, 0n, poolId === 1n ? 1 : 3)),
        );
        const files: string[] = [];
        for (const [i, attester] of f.attesters.slice(0, 2).entries()) {
          const out = path.join(f.dir, `p${poolId}-${i}.json`);
          await attest(await contextFor(f, attester), { pool: String(poolId), epoch: "0", receipts, out });
          files.push(out);
        }
        await submitWork(await contextFor(f, f.stranger), {
          pool: String(poolId),
          epoch: "0",
          receipts,
          signatures: files.join(","),
        });
      }
      return f;
    }

    it("shows an epoch's reports and shares, then pays each pool its share of the budget", async function () {
      const f = await networkHelpers.loadFixture(finalFixture);
      const ctx = await contextFor(f, f.stranger);
      await work(ctx, { epoch: "0" });
      expect(ctx.lines[0]).to.match(
        /^Epoch 0 of verified compute: .* budget [\d.]+ FRSV .* Reports need 2 of 3 attesters\.$/,
      );
      expect(ctx.lines[1]).to.match(/^ {2}open for reports until /);
      expect(ctx.lines[3]).to.match(
        /^ {2}pool 1 "Cancer research": 3600 units \(25\.0%\), earns [\d.]+ FRSV once final$/,
      );
      await networkHelpers.time.increaseTo((await endOf(f, 0n)) + WINDOW + 1n);
      ctx.lines.length = 0;
      await work(ctx, { epoch: "" });
      expect(ctx.lines[1]).to.match(/^ {2}final since .*; what is not claimed can be swept to the commons after /);
      const budget = await f.computeRewards.epochBudget(0n);
      expect(ctx.lines[3]).to.include(`3600 units (25.0%), claimable `);
      ctx.lines.length = 0;
      await claimWork(ctx, { pool: "1", epochs: "", all: true });
      expect(ctx.lines[0]).to.equal(
        `Claimed ${ethers.formatUnits(budget / 4n, 18).replace(/\.0$/, "")} FRSV of new reserve for pool 1 "Cancer research"'s verified work in epoch 0, paid to ${f.cancerLab.address}.`,
      );
      await claimWork(ctx, { pool: "1", epochs: "", all: true });
      expect(ctx.lines[1]).to.equal('pool 1 "Cancer research" has no verified work to claim now.');
      await claimWork(ctx, { pool: "2", epochs: "0", all: false });
      expect(await f.reserveToken.balanceOf(f.schoolLab.address)).to.equal((budget * 3n) / 4n);
      await claimWork(ctx, { pool: "2", epochs: "0", all: false });
      expect(ctx.lines.at(-1)).to.equal('pool 2 "Autism education" has nothing to claim in epoch 0.');
    });

    it("refuses claims and sweeps before their time, sweeps once, and names each refusal", async function () {
      const f = await networkHelpers.loadFixture(finalFixture);
      const ctx = await contextFor(f, f.stranger);
      await expectRefusal(
        ctx,
        () => claimWork(ctx, { pool: "1", epochs: "0", all: false }),
        /^epoch 0 is not final until after /,
      );
      await expectRefusal(
        ctx,
        () => claimWork(ctx, { pool: "1", epochs: "", all: false }),
        "give either --epochs 3,4 or --all",
      );
      await expectRefusal(ctx, () => claimWork(ctx, { pool: "9", epochs: "0", all: false }), "pool 9 does not exist");
      await expectRefusal(ctx, () => sweep(ctx, { epoch: "0" }), /^epoch 0 is not final until after /);
      await networkHelpers.time.increaseTo((await endOf(f, 0n)) + WINDOW + 1n);
      await expectRefusal(
        ctx,
        () => sweep(ctx, { epoch: "0" }),
        /^epoch 0 had verified work: its pools may claim until /,
      );
      // Epoch 1 had no work: once final, its whole budget goes to the commons with the next
      // settlement, without a sweep.
      await networkHelpers.time.increaseTo((await endOf(f, 1n)) + WINDOW + 1n);
      await expectRefusal(
        ctx,
        () => sweep(ctx, { epoch: "1" }),
        "epoch 1 had no report: its whole budget goes to the pools' commons without a sweep, with the next " +
          "settlement (every curation makes one; anyone may: npx hardhat foundation:settle --network localhost)",
      );
      await work(ctx, { epoch: "1" });
      expect(ctx.lines[1]).to.match(
        /^ {2}final since .* with no report: its whole budget belongs to the pools' commons/,
      );
      await networkHelpers.time.increaseTo((await endOf(f, 0n)) + WINDOW + CLAIM_PERIOD + 1n);
      await sweep(ctx, { epoch: "0" });
      expect(ctx.lines.at(-1)).to.match(/what its pools left unclaimed, and the rounding dust/);
      expect(await f.computeRewards.sweptIn(0n)).to.equal(await f.computeRewards.epochBudget(0n));
      await expectRefusal(
        ctx,
        () => sweep(ctx, { epoch: "0" }),
        /^epoch 0 was already swept \([\d.]+ FRSV to the commons\)$/,
      );
    });
  });
});
