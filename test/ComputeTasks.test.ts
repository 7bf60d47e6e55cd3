import { expect } from "chai";
import { network } from "hardhat";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { addressesOf } from "../client/foundation.js";
import { when } from "../client/describe.js";
import { amountJson } from "../client/output.js";
import { evidenceOf, receiptsJson, type JobReceipt } from "../client/receipts.js";
import { attest, claimWork, submitWork, sweep, voidReport, work } from "../tasks/commands/compute.js";
import { balance } from "../tasks/commands/holder.js";
import { pools } from "../tasks/commands/operator.js";
import { commandContext, expectNothingToDo, expectRefusal, printExactAmounts } from "./helpers/tasks.js";
import { CLAIM_PERIOD, computeFixture, EPOCH, REVIEW, signWork, WINDOW } from "./helpers/compute.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = computeFixture(connection);
type Fixture = Awaited<ReturnType<typeof deploy>>;

/** A command context acting as `signer`, collecting what the command prints. */
async function contextFor(f: Fixture, signer: Fixture["deployer"]) {
  return commandContext(await addressesOf(f), signer, (await ethers.provider.getNetwork()).chainId);
}

/** An FRSV amount as the commands print it with every digit (--exact). */
const fr = (amount: bigint) => `${ethers.formatUnits(amount, 18).replace(/\.0$/, "")} FRSV`;

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

/**
 * An epoch's deadlines: reports until `closes`, voids until `reviewEnds` (final after it), claims
 * promised until `claimEnds` (sweepable after it).
 */
async function deadlinesOf(f: Fixture, epoch: bigint) {
  const end = await endOf(f, epoch);
  const closes = end + WINDOW;
  const reviewEnds = closes + REVIEW;
  return { end, closes, reviewEnds, claimEnds: reviewEnds + CLAIM_PERIOD };
}

let signatureFiles = 0;

/** `attesters` sign `receipts` for (pool, epoch) with foundation:attest; returns their signature files. */
async function signAll(
  f: Fixture & { dir: string },
  pool: bigint,
  epoch: bigint,
  receipts: string,
  reportVersion = "",
  attesters = f.attesters.slice(0, 2),
): Promise<string[]> {
  const files: string[] = [];
  for (const attester of attesters) {
    const out = path.join(f.dir, `signature-${++signatureFiles}.json`);
    await attest(await contextFor(f, attester), {
      pool: String(pool),
      epoch: String(epoch),
      receipts,
      reportVersion,
      out,
    });
    files.push(out);
  }
  return files;
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
    it("checks the receipts, recomputes root and units, and writes the attester's signature of version 1", async function () {
      const f = await networkHelpers.loadFixture(endedFixture);
      const ctx = await contextFor(f, f.attesters[0]!);
      const out = path.join(f.dir, "sig-a.json");
      await attest(ctx, { pool: "1", epoch: "0", receipts: f.receipts, reportVersion: "", out });
      const { evidence, units } = evidenceOf(receiptsFor(1n, 0n));
      expect(units).to.equal(10_800n);
      expect(ctx.lines[0]).to.equal(
        `Signed version 1 of the work report of pool 1 "Cancer research" for epoch 0: 10800 units (GPU-seconds) in 3 receipts, evidence ${evidence}.`,
      );
      expect(ctx.lines[1]).to.equal(`Signature written to ${out}.`);
      const written = JSON.parse(await readFile(out, "utf8")) as Record<string, string>;
      expect(written.attester).to.equal(f.attesters[0]!.address);
      expect(written.units).to.equal("10800");
      expect(written.evidence).to.equal(evidence);
      // A first report: the version after none on chain.
      expect(written.version).to.equal("1");
      expect(ctx.fields).to.deep.include({ pool: "1", epoch: "0", units: "10800", version: "1", receipts: 3 });
      // The signature is the contract's own digest (version included), signed by the attester.
      const digest = await f.computeRewards.reportDigest(1n, 0n, units, evidence, 1n);
      expect(ethers.recoverAddress(digest, written.signature!)).to.equal(f.attesters[0]!.address);
      expect(
        ethers.recoverAddress(await f.computeRewards.reportDigest(1n, 0n, units, evidence, 2n), written.signature!),
      ).not.to.equal(f.attesters[0]!.address);
    });

    it("signs a later version to correct a report on chain, and refuses a version not later", async function () {
      const f = await networkHelpers.loadFixture(endedFixture);
      await submitWork(await contextFor(f, f.stranger), {
        pool: "1",
        epoch: "0",
        receipts: f.receipts,
        signatures: (await signAll(f, 1n, 0n, f.receipts)).join(","),
      });
      expect(await f.computeRewards.reportVersion(1n, 0n)).to.equal(1n);
      const ctx = await contextFor(f, f.attesters[0]!);
      const corrected = await write(f.dir, "corrected.json", receiptsJson(receiptsFor(1n, 0n, 4)));
      const args = { pool: "1", epoch: "0", receipts: corrected, reportVersion: "" };
      // By default, the version after the one on chain.
      const next = path.join(f.dir, "v2.json");
      await attest(ctx, { ...args, out: next });
      expect(ctx.lines[0]).to.match(
        /^Signed version 2 of the work report of pool 1 "Cancer research" for epoch 0: 14400 units \(GPU-seconds\) in 4 receipts/,
      );
      expect(JSON.parse(await readFile(next, "utf8")).version).to.equal("2");
      expect(ctx.fields.version).to.equal("2");
      // Any later version may be given.
      const seventh = path.join(f.dir, "v7.json");
      await attest(ctx, { ...args, reportVersion: "7", out: seventh });
      expect(ctx.lines[2]).to.match(/^Signed version 7 of the work report/);
      const written = JSON.parse(await readFile(seventh, "utf8")) as Record<string, string>;
      const digest = await f.computeRewards.reportDigest(1n, 0n, 14_400n, written.evidence!, 7n);
      expect(ethers.recoverAddress(digest, written.signature!)).to.equal(f.attesters[0]!.address);

      const out = path.join(f.dir, "refused.json");
      for (const version of ["1", "0"]) {
        await expectRefusal(
          ctx,
          () => attest(ctx, { ...args, reportVersion: version, out }),
          "pool 1's report for epoch 0 is at version 1; a correction needs a later version (--report-version 2)",
        );
      }
      await expectRefusal(
        ctx,
        () => attest(ctx, { ...args, reportVersion: "two", out }),
        '--report-version must be a report version, not "two"',
      );
      await expectRefusal(
        ctx,
        () => attest(ctx, { ...args, reportVersion: "4294967296", out }),
        "--report-version 4294967296 is above 4294967295, the largest version",
      );
      // A first report may carry any version.
      const pool2 = await write(f.dir, "pool2.json", receiptsJson(receiptsFor(2n, 0n)));
      await attest(ctx, { pool: "2", epoch: "0", receipts: pool2, reportVersion: "3", out });
      expect(ctx.lines.at(-2)).to.match(/^Signed version 3 of the work report of pool 2/);
      expect(JSON.parse(await readFile(out, "utf8")).version).to.equal("3");
    });

    it("refuses strangers, pools never approved, epochs not ended or closed, and bad receipts", async function () {
      const f = await networkHelpers.loadFixture(endedFixture);
      const ctx = await contextFor(f, f.attesters[0]!);
      const stranger = await contextFor(f, f.stranger);
      const args = { pool: "1", epoch: "0", receipts: f.receipts, reportVersion: "", out: path.join(f.dir, "x.json") };
      await expectRefusal(stranger, () => attest(stranger, args), "is not an attester");
      const pool3 = await write(f.dir, "pool3.json", receiptsJson(receiptsFor(3n, 0n)));
      await expectRefusal(
        ctx,
        () => attest(ctx, { ...args, pool: "3", receipts: pool3 }),
        "pool 3 was never approved; it has no work to report",
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

    it("refuses work done before the pool's approval, and signs a pool approved mid-epoch", async function () {
      const f = await networkHelpers.loadFixture(endedFixture);
      const ctx = await contextFor(f, f.attesters[0]!);
      // Pool 4 is approved after epoch 0 ended: during epoch 1.
      await f.poolRegistry.propose("Late", "ipfs://late", f.stranger.address);
      await f.poolRegistry.approve(4n, 100n);
      const approvedAt = (await f.poolRegistry.activePeriod(4n))[0];
      expect(approvedAt).to.be.greaterThan(await endOf(f, 0n));
      const epoch0 = await write(f.dir, "pool4-epoch0.json", receiptsJson(receiptsFor(4n, 0n)));
      const out = path.join(f.dir, "pool4.json");
      await expectRefusal(
        ctx,
        () => attest(ctx, { pool: "4", epoch: "0", receipts: epoch0, reportVersion: "", out }),
        `pool 4 was approved at ${when(approvedAt)}, after epoch 0 ended (${when(await endOf(f, 0n))}); ` +
          "work done before its approval is not the pool's to be paid for",
      );
      // Epoch 1, in which it was approved, is its to report.
      await networkHelpers.time.increaseTo(await endOf(f, 1n));
      const epoch1 = await write(f.dir, "pool4-epoch1.json", receiptsJson(receiptsFor(4n, 1n)));
      const files = await signAll(f, 4n, 1n, epoch1);
      await submitWork(await contextFor(f, f.stranger), {
        pool: "4",
        epoch: "1",
        receipts: epoch1,
        signatures: files.join(","),
      });
      expect(await f.computeRewards.reportedUnits(4n, 1n)).to.equal(10_800n);
    });

    it("signs an epoch a pool retired in the window worked in, and refuses one that began after its retirement or a pool never approved", async function () {
      const f = await networkHelpers.loadFixture(endedFixture);
      const ctx = await contextFor(f, f.attesters[0]!);
      // Epoch 0 has ended; the curator retires pool 2 in its window: epoch 0 is still pool 2's.
      await f.poolRegistry.retire(2n);
      const retiredAt = (await f.poolRegistry.activePeriod(2n))[1];
      const epoch0 = await write(f.dir, "pool2-epoch0.json", receiptsJson(receiptsFor(2n, 0n)));
      const files = await signAll(f, 2n, 0n, epoch0);
      await submitWork(await contextFor(f, f.stranger), {
        pool: "2",
        epoch: "0",
        receipts: epoch0,
        signatures: files.join(","),
      });
      expect(await f.computeRewards.reportedUnits(2n, 0n)).to.be.greaterThan(0n);
      // Epoch 2 began after the retirement.
      await networkHelpers.time.increaseTo(await endOf(f, 2n));
      const epoch2 = await write(f.dir, "pool2-epoch2.json", receiptsJson(receiptsFor(2n, 2n)));
      await expectRefusal(
        ctx,
        () =>
          attest(ctx, { pool: "2", epoch: "2", receipts: epoch2, reportVersion: "", out: path.join(f.dir, "p2.json") }),
        `pool 2 was retired at ${when(retiredAt)}, before epoch 2 began (${when(await endOf(f, 1n))}); ` +
          "it did no work in it as a pool",
      );
      await f.poolRegistry.propose("Never approved", "", f.stranger.address);
      const never = await write(f.dir, "pool4-epoch2.json", receiptsJson(receiptsFor(4n, 2n)));
      await expectRefusal(
        ctx,
        () =>
          attest(ctx, { pool: "4", epoch: "2", receipts: never, reportVersion: "", out: path.join(f.dir, "p4.json") }),
        "pool 4 was never approved; it has no work to report",
      );
    });
  });

  describe("foundation:submit-work", function () {
    async function signedFixture() {
      const f = await endedFixture();
      const files = await signAll(f, 1n, 0n, f.receipts, "", f.attesters);
      return { ...f, files };
    }

    it("submits the report with the signatures in any order, for anyone, final after the review period", async function () {
      const f = await networkHelpers.loadFixture(signedFixture);
      const ctx = await contextFor(f, f.stranger);
      await submitWork(ctx, { pool: "1", epoch: "0", receipts: f.receipts, signatures: `${f.files[1]},${f.files[0]}` });
      const { reviewEnds } = await deadlinesOf(f, 0n);
      expect(ctx.lines[0]).to.match(
        /^Submitted version 1 of the work report of pool 1 "Cancer research" for epoch 0: 10800 units, signed by 2 attesters \(quorum 2\) \(transaction 0x[0-9a-f]{64}\)\.$/,
      );
      expect(ctx.lines[1]).to.equal(
        `It earns its share of the epoch's ${fr(await f.computeRewards.epochBudget(0n))} once the epoch is final, ` +
          `after ${when(reviewEnds)} (the guardian may void it until then).`,
      );
      expect(ctx.fields).to.deep.include({
        pool: "1",
        epoch: "0",
        units: "10800",
        version: "1",
        replaced: "0",
        finalAfter: when(reviewEnds),
      });
      expect(await f.computeRewards.reportedUnits(1n, 0n)).to.equal(10_800n);
      expect(await f.computeRewards.reportVersion(1n, 0n)).to.equal(1n);
    });

    it("replaces a report with a later version while the window is open, naming the units it replaces", async function () {
      const f = await networkHelpers.loadFixture(signedFixture);
      const ctx = await contextFor(f, f.stranger);
      await submitWork(ctx, { pool: "1", epoch: "0", receipts: f.receipts, signatures: f.files.slice(0, 2).join(",") });
      // The pool finds a fourth job: the attesters sign version 2.
      const corrected = await write(f.dir, "corrected.json", receiptsJson(receiptsFor(1n, 0n, 4)));
      const v2 = await signAll(f, 1n, 0n, corrected);
      await submitWork(ctx, { pool: "1", epoch: "0", receipts: corrected, signatures: v2.join(",") });
      expect(ctx.lines[2]).to.match(
        /^Submitted version 2 of the work report of pool 1 "Cancer research" for epoch 0: 14400 units \(replacing 10800\), signed by 2 attesters \(quorum 2\) \(transaction 0x[0-9a-f]{64}\)\.$/,
      );
      expect(ctx.fields).to.deep.include({ units: "14400", version: "2", replaced: "10800" });
      expect(await f.computeRewards.reportedUnits(1n, 0n)).to.equal(14_400n);
      expect(await f.computeRewards.totalUnits(0n)).to.equal(14_400n);
      expect(await f.computeRewards.reportVersion(1n, 0n)).to.equal(2n);
      // The superseded version, whoever holds its signatures, cannot come back.
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { pool: "1", epoch: "0", receipts: f.receipts, signatures: f.files.join(",") }),
        "pool 1's report for epoch 0 is at version 2; a correction needs a later version (--report-version 3)",
      );
      expect(await f.computeRewards.reportedUnits(1n, 0n)).to.equal(14_400n);
    });

    it("refuses too few signatures, mismatched ones, repeated or unknown signers, and a version not later", async function () {
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
      // Every file must sign the version the first one signs.
      const [v5] = await signAll(f, 1n, 0n, f.receipts, "5", [f.attesters[2]!]);
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { ...args, signatures: `${f.files[0]},${v5}` }),
        `${path.basename(v5!)} signs version 5, not 1`,
      );
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { ...args, signatures: `${v5},${f.files[0]}` }),
        `${path.basename(f.files[0]!)} signs version 1, not 5`,
      );
      // A signature file edited to claim another attester, another version, or another chain.
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
      const relabelled = await write(f.dir, "relabelled.json", JSON.stringify({ ...forged, version: "2" }));
      const relabelledToo = await write(
        f.dir,
        "relabelled-too.json",
        JSON.stringify({ ...JSON.parse(await readFile(f.files[1]!, "utf8")), version: "2" }),
      );
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { ...args, signatures: `${relabelled},${relabelledToo}` }),
        `the signature is not ${f.attesters[0]!.address}'s signature of this report`,
      );
      const otherChain = await write(f.dir, "chain.json", JSON.stringify({ ...forged, chainId: "1" }));
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { ...args, signatures: `${f.files[1]},${otherChain}` }),
        "signs for chain 1",
      );
      // A file written before reports had versions is not a signature foundation:attest writes now.
      const unversioned: Record<string, string> = { ...forged };
      delete unversioned.version;
      const old = await write(f.dir, "old.json", JSON.stringify(unversioned));
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { ...args, signatures: `${old},${f.files[1]}` }),
        `${old} is not a work report signature written by foundation:attest`,
      );
      await submitWork(ctx, args);
      // The same version again is no correction.
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { ...args, signatures: `${f.files[2]},${f.files[1]}` }),
        "pool 1's report for epoch 0 is at version 1; a correction needs a later version (--report-version 2)",
      );
      await networkHelpers.time.increaseTo((await endOf(f, 0n)) + WINDOW + 1n);
      await expectRefusal(ctx, () => submitWork(ctx, args), /^epoch 0's submission window closed at /);
    });

    it("refuses to replace a voided report, and a report for an epoch that ended before the pool's approval", async function () {
      const f = await networkHelpers.loadFixture(signedFixture);
      const ctx = await contextFor(f, f.stranger);
      await submitWork(ctx, { pool: "1", epoch: "0", receipts: f.receipts, signatures: f.files.slice(0, 2).join(",") });
      // A correction signed in time; the guardian voids the report before it is submitted.
      const corrected = await write(f.dir, "corrected.json", receiptsJson(receiptsFor(1n, 0n, 4)));
      const v2 = await signAll(f, 1n, 0n, corrected);
      await f.computeRewards.connect(f.guardian).voidReport(1n, 0n);
      const voided = "the guardian voided pool 1's report for epoch 0; it cannot be replaced";
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { pool: "1", epoch: "0", receipts: corrected, signatures: v2.join(",") }),
        voided,
      );
      const attester = await contextFor(f, f.attesters[0]!);
      await expectRefusal(
        attester,
        () =>
          attest(attester, {
            pool: "1",
            epoch: "0",
            receipts: corrected,
            reportVersion: "3",
            out: path.join(f.dir, "v3.json"),
          }),
        voided,
      );
      expect(await f.computeRewards.isVoided(1n, 0n)).to.equal(true);
      expect(await f.computeRewards.reportVersion(1n, 0n)).to.equal(1n);

      // Attesters who signed pool 4's epoch 0 (it was approved after): files as foundation:attest writes them.
      await f.poolRegistry.propose("Late", "ipfs://late", f.stranger.address);
      await f.poolRegistry.approve(4n, 100n);
      const receipts4 = receiptsFor(4n, 0n);
      const file4 = await write(f.dir, "pool4.json", receiptsJson(receipts4));
      const { evidence, units } = evidenceOf(receipts4);
      const report = { poolId: 4n, epoch: 0n, units, evidence, version: 1n };
      const signatures: string[] = [];
      for (const attester of f.attesters.slice(0, 2)) {
        signatures.push(
          await write(
            f.dir,
            `pool4-${attester.address}.json`,
            JSON.stringify({
              kind: "Foundation work report signature",
              chainId: String((await ethers.provider.getNetwork()).chainId),
              computeRewards: await f.computeRewards.getAddress(),
              poolId: "4",
              epoch: "0",
              units: String(units),
              evidence,
              version: "1",
              attester: attester.address,
              signature: await signWork(attester, f.computeRewards, report),
            }),
          ),
        );
      }
      await expectRefusal(
        ctx,
        () => submitWork(ctx, { pool: "4", epoch: "0", receipts: file4, signatures: signatures.join(",") }),
        `pool 4 was approved at ${when((await f.poolRegistry.activePeriod(4n))[0])}, after epoch 0 ended`,
      );
    });
  });

  describe("foundation:void", function () {
    /** Pool 1 reported 10800 units and pool 2 7200 for epoch 0; the window is open. */
    async function reportedFixture() {
      const f = await endedFixture();
      const anyone = await contextFor(f, f.stranger);
      await submitWork(anyone, {
        pool: "1",
        epoch: "0",
        receipts: f.receipts,
        signatures: (await signAll(f, 1n, 0n, f.receipts)).join(","),
      });
      const receipts2 = await write(f.dir, "pool2-epoch0.json", receiptsJson(receiptsFor(2n, 0n, 2)));
      await submitWork(anyone, {
        pool: "2",
        epoch: "0",
        receipts: receipts2,
        signatures: (await signAll(f, 2n, 0n, receipts2)).join(","),
      });
      return f;
    }

    it("the guardian voids a report in the review period: its units stay in the total, its share waits for the commons", async function () {
      const f = await networkHelpers.loadFixture(reportedFixture);
      const { closes, reviewEnds } = await deadlinesOf(f, 0n);
      // The window has closed: no correction can come, and the guardian may still void.
      await networkHelpers.time.increaseTo(closes + 1n);
      const guardian = await contextFor(f, f.guardian);
      await voidReport(guardian, { pool: "1", epoch: "0" });
      const budget = await f.computeRewards.epochBudget(0n);
      expect(guardian.lines[0]).to.match(
        /^Voided pool 1 "Cancer research"'s report for epoch 0 \(10800 units\) \(transaction 0x[0-9a-f]{64}\)\.$/,
      );
      expect(guardian.lines[1]).to.equal(
        `Its units stay in the epoch's 18000 units, so no other pool's share changes: its ${fr((budget * 10_800n) / 18_000n)} ` +
          `(as the reports stand now) goes to the pools' commons once the epoch is final, after ${when(reviewEnds)}.`,
      );
      expect(guardian.fields).to.deep.equal({ pool: "1", epoch: "0", units: "10800", finalAfter: when(reviewEnds) });
      const voided = (await f.computeRewards.queryFilter(f.computeRewards.filters.ReportVoided())).at(-1);
      expect([voided!.args.poolId, voided!.args.epoch, voided!.args.units]).to.deep.equal([1n, 0n, 10_800n]);
      expect(await f.computeRewards.isVoided(1n, 0n)).to.equal(true);
      expect(await f.computeRewards.reportedUnits(1n, 0n)).to.equal(0n);
      // Pool 2's share is what it was: 7200 of 18000 units.
      expect(await f.computeRewards.totalUnits(0n)).to.equal(18_000n);
      await networkHelpers.time.increaseTo(reviewEnds + 1n);
      expect(await f.computeRewards.claimable(2n, 0n)).to.equal((budget * 7_200n) / 18_000n);
      expect(await f.computeRewards.claimable(1n, 0n)).to.equal(0n);
    });

    it("refuses anyone but the guardian, epochs not ended or final, reports voided already, and no report", async function () {
      const f = await networkHelpers.loadFixture(reportedFixture);
      const guardian = await contextFor(f, f.guardian);
      const attester = await contextFor(f, f.attesters[0]!);
      const { reviewEnds } = await deadlinesOf(f, 0n);
      await expectRefusal(
        attester,
        () => voidReport(attester, { pool: "1", epoch: "0" }),
        `account ${f.attesters[0]!.address} is not the guardian; only the guardian voids work reports`,
      );
      await expectRefusal(
        guardian,
        () => voidReport(guardian, { pool: "1", epoch: "1" }),
        `epoch 1 ends at ${when(await endOf(f, 1n))}; it has no reports yet`,
      );
      await expectRefusal(
        guardian,
        () => voidReport(guardian, { pool: "3", epoch: "0" }),
        "pool 3 has no report for epoch 0",
      );
      await expectRefusal(guardian, () => voidReport(guardian, { pool: "", epoch: "0" }), "--pool is required");
      await expectRefusal(
        guardian,
        () => voidReport(guardian, { pool: "1", epoch: "last" }),
        '--epoch must be an epoch number, not "last"',
      );
      // While the window is open, as after.
      await voidReport(guardian, { pool: "1", epoch: "0" });
      await expectNothingToDo(
        guardian,
        () => voidReport(guardian, { pool: "1", epoch: "0" }),
        "pool 1's report for epoch 0 is already voided",
      );
      // A void landing in the review period's last second counts; after it, the epoch is final.
      await networkHelpers.time.setNextBlockTimestamp(reviewEnds);
      await voidReport(guardian, { pool: "2", epoch: "0" });
      expect(await f.computeRewards.isVoided(2n, 0n)).to.equal(true);
      await networkHelpers.mine();
      for (const pool of ["1", "2"]) {
        await expectRefusal(
          guardian,
          () => voidReport(guardian, { pool, epoch: "0" }),
          `epoch 0's review period ended at ${when(reviewEnds)}; it is final`,
        );
      }
    });
  });

  describe("foundation:work, claim-work and sweep", function () {
    /** Pools 1 and 2 reported 1:3 in epoch 0; its submission window is still open. */
    async function reportedFixture() {
      const f = await endedFixture();
      for (const poolId of [1n, 2n]) {
        const receipts = await write(
          f.dir,
          `p${poolId}.json`,
          receiptsJson(receiptsFor(poolId, 0n, poolId === 1n ? 1 : 3)),
        );
        await submitWork(await contextFor(f, f.stranger), {
          pool: String(poolId),
          epoch: "0",
          receipts,
          signatures: (await signAll(f, poolId, 0n, receipts)).join(","),
        });
      }
      return f;
    }

    it("shows a recipient the verified work it may claim, in balance and pools, text and JSON, until it is claimed (B2)", async function () {
      const f = await networkHelpers.loadFixture(reportedFixture);
      const { reviewEnds } = await deadlinesOf(f, 0n);
      const quarter = ((await f.computeRewards.epochBudget(0n)) * 3_600n) / 14_400n;
      const owedTo = async () => {
        const ctx = await contextFor(f, f.stranger);
        await balance(ctx, { address: f.cancerLab.address });
        const listed = await contextFor(f, f.stranger);
        await pools(listed);
        type Row = { pool?: string; id?: string; work: unknown; workEpochs?: string[] };
        return {
          lines: ctx.lines,
          mine: (ctx.fields.pools as Row[]).find((p) => p.pool === "1")!,
          listedLine: listed.lines.find((l) => l.startsWith("  1. "))!,
          listed: (listed.fields.pools as Row[]).find((p) => p.id === "1")!,
        };
      };
      // Not final yet: nothing is promised.
      let seen = await owedTo();
      expect(seen.lines.join("\n")).not.to.include("verified work");
      expect(seen.mine.work).to.deep.equal(amountJson(0n, "FRSV"));
      expect(seen.listedLine).not.to.include("verified work");

      await networkHelpers.time.increaseTo(reviewEnds + 1n);
      seen = await owedTo();
      expect(seen.lines).to.include(
        `  ${fr(quarter)} for pool 1 "Cancer research"'s verified work in epoch 0 ` +
          "(npx hardhat foundation:claim-work --pool 1 --all)",
      );
      expect(seen.lines).not.to.include("Nothing to claim.");
      expect(seen.mine.work).to.deep.equal(amountJson(quarter, "FRSV"));
      expect(seen.mine.workEpochs).to.deep.equal(["0"]);
      expect(seen.listedLine).to.include(`and ${fr(quarter)} for verified work`);
      expect(seen.listed.work).to.deep.equal(amountJson(quarter, "FRSV"));
      // What it shows is what the claim pays.
      const before = await f.reserveToken.balanceOf(f.cancerLab.address);
      await claimWork(await contextFor(f, f.stranger), { pool: "1", epochs: "", all: true });
      expect((await f.reserveToken.balanceOf(f.cancerLab.address)) - before).to.equal(quarter);

      seen = await owedTo();
      expect(seen.lines.join("\n")).not.to.include("verified work");
      expect(seen.mine.work).to.deep.equal(amountJson(0n, "FRSV"));
      expect(seen.mine.workEpochs).to.deep.equal([]);
      expect(seen.listed.work).to.deep.equal(amountJson(0n, "FRSV"));
    });

    it("shows an epoch's state and reports as it goes from open to in review to final, then pays each pool its share", async function () {
      const f = await networkHelpers.loadFixture(reportedFixture);
      const { end, closes, reviewEnds, claimEnds } = await deadlinesOf(f, 0n);
      const budget = await f.computeRewards.epochBudget(0n);
      const [quarter, threeQuarters] = [(budget * 3_600n) / 14_400n, (budget * 10_800n) / 14_400n];
      const ctx = await contextFor(f, f.stranger);
      await work(ctx, { epoch: "0" });
      expect(ctx.lines[0]).to.equal(
        `Epoch 0 of verified compute: ${when(end - EPOCH)} to ${when(end)}; budget ${fr(budget)} ` +
          "(50% of what the schedule emits in it). Reports need 2 of 3 attesters.",
      );
      expect(ctx.lines[1]).to.equal(
        `  open for reports until ${when(closes)}; the guardian may void them until ${when(reviewEnds)}; final after that`,
      );
      expect(ctx.lines[2]).to.equal("  14400 units reported:");
      expect(ctx.lines[3]).to.equal(
        `  pool 1 "Cancer research": 3600 units (25.0%), version 1: earns ${fr(quarter)} once final`,
      );
      expect(ctx.lines[4]).to.equal(
        `  pool 2 "Autism education": 10800 units (75.0%), version 1: earns ${fr(threeQuarters)} once final`,
      );
      expect(ctx.fields).to.deep.include({
        epoch: "0",
        reviewEnds: when(reviewEnds),
        state: "open for reports",
        totalUnits: "14400",
        voidedUnits: "0",
        voidedToCommons: amountJson(0n, "FRSV"),
      });
      expect(ctx.fields.reports).to.deep.equal([
        {
          pool: "1",
          units: "3600",
          version: "1",
          voided: false,
          earns: amountJson(quarter, "FRSV"),
          claimable: amountJson(0n, "FRSV"),
          claimed: false,
        },
        {
          pool: "2",
          units: "10800",
          version: "1",
          voided: false,
          earns: amountJson(threeQuarters, "FRSV"),
          claimable: amountJson(0n, "FRSV"),
          claimed: false,
        },
      ]);

      // The window closed: the guardian may still void until the review period ends; no claim yet.
      await networkHelpers.time.increaseTo(closes + 1n);
      ctx.lines.length = 0;
      await work(ctx, { epoch: "0" });
      expect(ctx.lines[1]).to.equal(
        `  in review: no more reports; the guardian may void one until ${when(reviewEnds)}; final after that`,
      );
      expect(ctx.fields.state).to.equal("in review");
      expect(ctx.lines[3]).to.match(/version 1: earns [\d.]+ FRSV once final$/);
      await expectRefusal(
        ctx,
        () => claimWork(ctx, { pool: "1", epochs: "0", all: false }),
        `epoch 0 is not final until after ${when(reviewEnds)}`,
      );
      ctx.lines.length = 0;
      await claimWork(ctx, { pool: "1", epochs: "", all: true });
      expect(ctx.lines).to.deep.equal(['pool 1 "Cancer research" has no verified work to claim now.']);

      // Final. By then epoch 1 has ended too: it is the one shown by default, open for reports.
      await networkHelpers.time.increaseTo(reviewEnds + 1n);
      ctx.lines.length = 0;
      await work(ctx, { epoch: "" });
      expect(ctx.lines[0]).to.match(/^Epoch 1 of verified compute/);
      expect(ctx.fields.state).to.equal("open for reports");
      ctx.lines.length = 0;
      await work(ctx, { epoch: "0" });
      expect(ctx.lines[1]).to.equal(`  final since ${when(reviewEnds)}; its pools may claim until ${when(claimEnds)}`);
      expect(ctx.fields.state).to.equal("final");
      expect(ctx.lines[3]).to.equal(
        `  pool 1 "Cancer research": 3600 units (25.0%), version 1: claimable ${fr(quarter)}`,
      );
      ctx.lines.length = 0;
      await claimWork(ctx, { pool: "1", epochs: "", all: true });
      expect(ctx.lines[0]).to.equal(
        `Claimed ${fr(quarter)} of new reserve for pool 1 "Cancer research"'s verified work in epoch 0, paid to ${f.cancerLab.address}.`,
      );
      await claimWork(ctx, { pool: "1", epochs: "", all: true });
      expect(ctx.lines[1]).to.equal('pool 1 "Cancer research" has no verified work to claim now.');
      await claimWork(ctx, { pool: "2", epochs: "0", all: false });
      expect(await f.reserveToken.balanceOf(f.schoolLab.address)).to.equal(threeQuarters);
      await claimWork(ctx, { pool: "2", epochs: "0", all: false });
      expect(ctx.lines.at(-1)).to.equal('pool 2 "Autism education" has nothing to claim in epoch 0.');
      ctx.lines.length = 0;
      await work(ctx, { epoch: "0" });
      expect(ctx.lines.slice(3)).to.deep.equal([
        `  pool 1 "Cancer research": 3600 units (25.0%), version 1: claimed ${fr(quarter)}`,
        `  pool 2 "Autism education": 10800 units (75.0%), version 1: claimed ${fr(threeQuarters)}`,
        `  claimed so far: ${fr(quarter + threeQuarters)}`,
      ]);
      expect((ctx.fields.reports as { claimed: boolean }[]).map((r) => r.claimed)).to.deep.equal([true, true]);
    });

    it("shows an epoch in progress, and warns when fewer attesters remain than the quorum", async function () {
      const f = await networkHelpers.loadFixture(endedFixture);
      const ctx = await contextFor(f, f.stranger);
      const { end, closes } = await deadlinesOf(f, 1n);
      await work(ctx, { epoch: "1" });
      expect(ctx.lines[1]).to.equal(`  in progress: reports are accepted from ${when(end)} to ${when(closes)}`);
      expect(ctx.lines[2]).to.equal("  no work reported: once final, its whole budget goes to the pools' commons");
      expect(ctx.fields).to.deep.include({ state: "in progress", totalUnits: "0", reports: [] });
      // An epoch that has not begun is not "in progress" (B1), however far off.
      for (const future of [2n, 999_999_999n]) {
        const later = await deadlinesOf(f, future);
        ctx.lines.length = 0;
        await work(ctx, { epoch: future.toString() });
        expect(ctx.lines[1]).to.equal(
          `  not started: it begins at ${when(later.end - EPOCH)}; reports are accepted from ${when(later.end)} ` +
            `to ${when(later.closes)}`,
        );
        expect(ctx.fields.state).to.equal("not started");
      }
      ctx.lines.length = 0;
      // Two attesters renounce (a leaked key must be able to stop signing): one is left for a quorum of 2.
      const role = await f.computeRewards.ATTESTER_ROLE();
      for (const attester of f.attesters.slice(0, 2)) {
        await f.computeRewards.connect(attester).renounceRole(role, attester.address);
      }
      ctx.lines.length = 0;
      await work(ctx, { epoch: "0" });
      expect(ctx.lines[0]).to.match(/Reports need 2 of 1 attester\.$/);
      expect(ctx.lines[1]).to.equal("  no report can pass now: 1 attesters for a quorum of 2 (the admin must act)");
      expect(ctx.lines[2]).to.match(/^ {2}open for reports until /);
    });

    it("refuses claims and sweeps before their time, sweeps once, and names each refusal", async function () {
      const f = await networkHelpers.loadFixture(reportedFixture);
      const ctx = await contextFor(f, f.stranger);
      const { reviewEnds, claimEnds } = await deadlinesOf(f, 0n);
      await expectRefusal(
        ctx,
        () => claimWork(ctx, { pool: "1", epochs: "0", all: false }),
        `epoch 0 is not final until after ${when(reviewEnds)}`,
      );
      await expectRefusal(
        ctx,
        () => claimWork(ctx, { pool: "1", epochs: "", all: false }),
        "give either --epochs 3,4 or --all",
      );
      await expectRefusal(ctx, () => claimWork(ctx, { pool: "9", epochs: "0", all: false }), "pool 9 does not exist");
      await expectRefusal(
        ctx,
        () => sweep(ctx, { epoch: "0" }),
        `epoch 0 is not final until after ${when(reviewEnds)}`,
      );
      // In review, still not final.
      await networkHelpers.time.increaseTo(reviewEnds);
      await expectRefusal(ctx, () => sweep(ctx, { epoch: "0" }), /^epoch 0 is not final until after /);
      await networkHelpers.time.increaseTo(reviewEnds + 1n);
      await expectRefusal(
        ctx,
        () => sweep(ctx, { epoch: "0" }),
        `epoch 0 had verified work: its pools may claim until ${when(claimEnds)}`,
      );
      // Epoch 1 had no work: once final, its whole budget goes to the commons with the next
      // settlement, without a sweep.
      const epoch1 = await deadlinesOf(f, 1n);
      await networkHelpers.time.increaseTo(epoch1.reviewEnds + 1n);
      await expectNothingToDo(
        ctx,
        () => sweep(ctx, { epoch: "1" }),
        "epoch 1 had no report: its whole budget goes to the pools' commons without a sweep, with the next " +
          "settlement (every curation makes one; anyone may: npx hardhat foundation:settle --network localhost)",
      );
      await work(ctx, { epoch: "1" });
      expect(ctx.lines[1]).to.equal(
        `  final since ${when(epoch1.reviewEnds)} with no report: its whole budget belongs to the pools' commons, ` +
          "shared by the weights in force then (a settlement hands it over; no sweep needed)",
      );
      // After the claim period, claimable promises nothing (a sweep may come first).
      await networkHelpers.time.increaseTo(claimEnds + 1n);
      ctx.lines.length = 0;
      await sweep(ctx, { epoch: "0" });
      const budget = await f.computeRewards.epochBudget(0n);
      expect(ctx.lines).to.deep.equal([
        `Swept epoch 0: ${fr(budget)} to the pools' commons (what its pools left unclaimed, and the rounding dust).`,
      ]);
      expect(ctx.fields).to.deep.include({
        epoch: "0",
        swept: amountJson(budget, "FRSV"),
        voidedToCommons: amountJson(0n, "FRSV"),
      });
      expect(await f.computeRewards.sweptIn(0n)).to.equal(budget);
      await expectNothingToDo(
        ctx,
        () => sweep(ctx, { epoch: "0" }),
        `epoch 0 was already swept (${fr(budget)} to the commons)`,
      );
      ctx.lines.length = 0;
      await work(ctx, { epoch: "0" });
      expect(ctx.lines[1]).to.equal(`  final; swept: ${fr(budget)} went to the commons`);
      // Swept: no claim pays any more.
      expect((ctx.fields.reports as { claimable: unknown }[]).map((r) => r.claimable)).to.deep.equal([
        amountJson(0n, "FRSV"),
        amountJson(0n, "FRSV"),
      ]);
      expect(ctx.fields.swept).to.deep.equal(amountJson(budget, "FRSV"));
      expect(await f.computeRewards.claim.staticCall(2n, [0n])).to.equal(0n);
    });

    it("hands a voided report's share to the commons once final, then sweeps what is left after the claim period", async function () {
      const f = await networkHelpers.loadFixture(reportedFixture);
      const { reviewEnds, claimEnds } = await deadlinesOf(f, 0n);
      const budget = await f.computeRewards.epochBudget(0n);
      const [quarter, threeQuarters] = [(budget * 3_600n) / 14_400n, (budget * 10_800n) / 14_400n];
      await voidReport(await contextFor(f, f.guardian), { pool: "1", epoch: "0" });
      const ctx = await contextFor(f, f.stranger);
      await work(ctx, { epoch: "0" });
      expect(ctx.lines[2]).to.equal("  14400 units reported, 3600 of them voided:");
      const waiting =
        `  pool 1 "Cancer research": 3600 units (25.0%), version 1, voided by the guardian: its ${fr(quarter)} ` +
        "goes to the commons once final (anyone may hand it over: foundation:sweep)";
      expect(ctx.lines[3]).to.equal(waiting);
      expect(ctx.lines[4]).to.match(/^ {2}pool 2 "Autism education": 10800 units \(75\.0%\), version 1: earns /);
      expect(ctx.fields).to.deep.include({ voidedUnits: "3600", voidedToCommons: amountJson(0n, "FRSV") });
      expect((ctx.fields.reports as Record<string, unknown>[])[0]).to.deep.equal({
        pool: "1",
        units: "3600",
        version: "1",
        voided: true,
        earns: amountJson(0n, "FRSV"),
        claimable: amountJson(0n, "FRSV"),
        claimed: false,
      });
      await expectRefusal(
        ctx,
        () => sweep(ctx, { epoch: "0" }),
        `epoch 0 is not final until after ${when(reviewEnds)}`,
      );

      // Final: the voided share goes to the commons at once; the rest is the pools' to claim.
      await networkHelpers.time.increaseTo(reviewEnds + 1n);
      ctx.lines.length = 0;
      await work(ctx, { epoch: "0" });
      expect(ctx.lines[3]).to.equal(waiting);
      ctx.lines.length = 0;
      await sweep(ctx, { epoch: "0" });
      expect(ctx.lines).to.deep.equal([
        `Handed pool 1 "Cancer research"'s voided share of epoch 0 to the pools' commons: ${fr(quarter)}.`,
        `What its pools leave unclaimed can be swept after ${when(claimEnds)}.`,
      ]);
      expect(ctx.fields).to.deep.include({
        voidedToCommons: amountJson(quarter, "FRSV"),
        swept: amountJson(0n, "FRSV"),
      });
      const handed = (await f.computeRewards.queryFilter(f.computeRewards.filters.VoidedToCommons())).at(-1);
      expect([handed!.args.poolId, handed!.args.epoch, handed!.args.amount]).to.deep.equal([1n, 0n, quarter]);
      expect(await f.computeRewards.voidedToCommonsIn(0n)).to.equal(quarter);
      expect(await f.computeRewards.isClaimed(1n, 0n)).to.equal(true);
      expect(await f.computeRewards.isSwept(0n)).to.equal(false);
      // Nothing more to hand over while the pools may claim.
      await expectRefusal(
        ctx,
        () => sweep(ctx, { epoch: "0" }),
        `epoch 0 had verified work: its pools may claim until ${when(claimEnds)}`,
      );
      // The voided pool has nothing to claim; the other pool claims its share as before the void.
      ctx.lines.length = 0;
      await claimWork(ctx, { pool: "1", epochs: "", all: true });
      await claimWork(ctx, { pool: "1", epochs: "0", all: false });
      await claimWork(ctx, { pool: "2", epochs: "0", all: false });
      expect(ctx.lines.slice(0, 2)).to.deep.equal([
        'pool 1 "Cancer research" has no verified work to claim now.',
        'pool 1 "Cancer research" has nothing to claim in epoch 0.',
      ]);
      expect(await f.reserveToken.balanceOf(f.cancerLab.address)).to.equal(0n);
      expect(await f.reserveToken.balanceOf(f.schoolLab.address)).to.equal(threeQuarters);
      ctx.lines.length = 0;
      await work(ctx, { epoch: "0" });
      expect(ctx.lines[3]).to.equal(
        `  pool 1 "Cancer research": 3600 units (25.0%), version 1, voided by the guardian: its ${fr(quarter)} went to the commons`,
      );
      expect(ctx.fields).to.deep.include({ voidedUnits: "3600", voidedToCommons: amountJson(quarter, "FRSV") });
      expect((ctx.fields.reports as { claimed: boolean }[]).map((r) => r.claimed)).to.deep.equal([true, true]);

      // After the claim period: only the rounding dust is left to sweep.
      await networkHelpers.time.increaseTo(claimEnds + 1n);
      ctx.lines.length = 0;
      await sweep(ctx, { epoch: "0" });
      const dust = budget - quarter - threeQuarters;
      expect(ctx.lines).to.deep.equal([
        `Swept epoch 0: ${fr(dust)} to the pools' commons (what its pools left unclaimed, and the rounding dust).`,
      ]);
      expect(await f.computeRewards.sweptIn(0n)).to.equal(dust);
      expect(
        (await f.computeRewards.claimedIn(0n)) +
          (await f.computeRewards.voidedToCommonsIn(0n)) +
          (await f.computeRewards.sweptIn(0n)),
      ).to.equal(budget);
    });

    it("after the claim period, a claim still pays until the sweep, which hands over a voided share first", async function () {
      const f = await networkHelpers.loadFixture(reportedFixture);
      const { claimEnds } = await deadlinesOf(f, 0n);
      const budget = await f.computeRewards.epochBudget(0n);
      const [quarter, threeQuarters] = [(budget * 3_600n) / 14_400n, (budget * 10_800n) / 14_400n];
      await voidReport(await contextFor(f, f.guardian), { pool: "1", epoch: "0" });
      await networkHelpers.time.increaseTo(claimEnds + 1n);
      const ctx = await contextFor(f, f.stranger);
      await work(ctx, { epoch: "0" });
      expect(ctx.lines[1]).to.equal(
        `  final; its claim period ended at ${when(claimEnds)}: a claim still pays until someone sweeps what is ` +
          "left to the commons",
      );
      // The chain promises nothing now; the command shows what a claim would still pay, and until when.
      expect(ctx.lines[4]).to.equal(
        `  pool 2 "Autism education": 10800 units (75.0%), version 1: ${fr(threeQuarters)} still claimable until ` +
          "someone sweeps the epoch",
      );
      expect((ctx.fields.reports as Record<string, unknown>[])[1]).to.deep.include({
        earns: amountJson(threeQuarters, "FRSV"),
        claimable: amountJson(0n, "FRSV"),
      });
      ctx.lines.length = 0;
      await claimWork(ctx, { pool: "2", epochs: "", all: true });
      expect(ctx.lines[0]).to.match(new RegExp(`^Claimed ${fr(threeQuarters)} of new reserve for pool 2`));
      ctx.lines.length = 0;
      await sweep(ctx, { epoch: "0" });
      const dust = budget - quarter - threeQuarters;
      expect(ctx.lines).to.deep.equal([
        `Handed pool 1 "Cancer research"'s voided share of epoch 0 to the pools' commons: ${fr(quarter)}.`,
        `Swept epoch 0: ${fr(dust)} to the pools' commons (what its pools left unclaimed, and the rounding dust).`,
      ]);
      expect(ctx.fields).to.deep.include({
        voidedToCommons: amountJson(quarter, "FRSV"),
        swept: amountJson(dust, "FRSV"),
      });
      expect(await f.computeRewards.voidedToCommonsIn(0n)).to.equal(quarter);
      expect(await f.computeRewards.sweptIn(0n)).to.equal(dust);
    });
  });
});
