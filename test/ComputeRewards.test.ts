import { expect } from "chai";
import { network } from "hardhat";
import {
  ComputeRewardsHarness__factory,
  ComputeRewards__factory,
  ContractAttester__factory,
} from "../typechain-types/index.js";
import { units } from "../client/foundation.js";
import {
  attest,
  CLAIM_PERIOD,
  computeFixture,
  EPOCH,
  REVIEW,
  signWork,
  WINDOW,
  workReportTypedData,
  type WorkReport,
} from "./helpers/compute.js";
import { eventsIn, mined, mintedIn } from "./helpers/books.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = computeFixture(connection);
type Fixture = Awaited<ReturnType<typeof deploy>>;

/** An epoch is final (claimable) once more than this has passed since its end: the window, then the review. */
const FINAL = WINDOW + REVIEW;
const EVIDENCE = ethers.id("merkle root of the pool's job receipts");
const CORRECTED = ethers.id("merkle root of the corrected receipts");
const MAX_VERSION = 2n ** 32n - 1n;
const report = (poolId: bigint, epoch: bigint, units: bigint, version = 1n, evidence = EVIDENCE): WorkReport => ({
  poolId,
  epoch,
  units,
  evidence,
  version,
});

/** The end of `epoch`: reports are accepted from then until the window closes. */
async function endOf(f: Fixture, epoch: bigint): Promise<bigint> {
  return (await f.computeRewards.START()) + (epoch + 1n) * EPOCH;
}

/** Moves the chain so the next transaction happens at `timestamp`. */
async function nextAt(timestamp: bigint): Promise<void> {
  await networkHelpers.time.setNextBlockTimestamp(timestamp);
}

/** Sends `r` signed by `signers` (the first two attesters, the quorum, unless given), unawaited. */
async function send(f: Fixture, r: WorkReport, signers = f.attesters.slice(0, 2), from = f.deployer) {
  const { signers: addresses, signatures } = await attest(f.computeRewards, r, signers);
  return f.computeRewards
    .connect(from)
    .submitWork(r.poolId, r.epoch, r.units, r.evidence, r.version, addresses, signatures);
}

/** Submits `r` signed by the first two attesters (the quorum) and returns the receipt. */
async function submit(f: Fixture, r: WorkReport, signers = f.attesters.slice(0, 2)) {
  return mined(send(f, r, signers));
}

/** Everything the contract records for (pool, epoch), to show a refusal changed nothing. */
async function recorded(f: Fixture, poolId: bigint, epoch: bigint) {
  return [
    await f.computeRewards.reportedUnits(poolId, epoch),
    await f.computeRewards.reportVersion(poolId, epoch),
    await f.computeRewards.isVoided(poolId, epoch),
    await f.computeRewards.totalUnits(epoch),
  ];
}

/** What the books of `epoch` hold: claimed, voided shares handed over, swept. */
async function books(f: Fixture, epoch: bigint) {
  const { computeRewards } = f;
  return {
    claimed: await computeRewards.claimedIn(epoch),
    voided: await computeRewards.voidedToCommonsIn(epoch),
    swept: await computeRewards.sweptIn(epoch),
  };
}

describe("ComputeRewards", function () {
  describe("deployment", function () {
    it("takes its epochs from emission's start and its budgets from emission's compute share", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission, poolRegistry, reserveToken, timelock } = f;
      expect(await computeRewards.START()).to.equal(await emission.START());
      expect(await computeRewards.EPOCH_LENGTH()).to.equal(EPOCH);
      expect(await computeRewards.SUBMISSION_WINDOW()).to.equal(WINDOW);
      expect(await computeRewards.REVIEW_PERIOD()).to.equal(REVIEW);
      expect(await computeRewards.CLAIM_PERIOD()).to.equal(CLAIM_PERIOD);
      expect(await computeRewards.MAX_UNITS()).to.equal(2n ** 64n - 1n);
      expect(await computeRewards.MAX_DURATION()).to.equal(2n ** 32n - 1n);
      expect(await computeRewards.MAX_WINDOW_EPOCHS()).to.equal(8n);
      expect(await computeRewards.quorum()).to.equal(2n);
      expect(await computeRewards.registry()).to.equal(await poolRegistry.getAddress());
      expect(await computeRewards.emission()).to.equal(await emission.getAddress());
      expect(await computeRewards.reserve()).to.equal(await reserveToken.getAddress());
      expect(await computeRewards.defaultAdmin()).to.equal(await timelock.getAddress());
      const role = await computeRewards.ATTESTER_ROLE();
      expect(await computeRewards.getRoleMemberCount(role)).to.equal(3n);
      for (const attester of f.attesters) expect(await computeRewards.hasRole(role, attester.address)).to.equal(true);
      expect(await computeRewards.hasRole(await computeRewards.GUARDIAN_ROLE(), f.guardian.address)).to.equal(true);
      expect(await computeRewards.voidedToCommons()).to.equal(0n);
    });

    it("refuses zero addresses and durations, and a quorum of 0 or above the attesters", async function () {
      const { deployer, poolRegistry, emission, timelock } = await networkHelpers.loadFixture(deploy);
      const factory = new ComputeRewards__factory(deployer);
      const [registry, emitter, admin] = [
        await poolRegistry.getAddress(),
        await emission.getAddress(),
        await timelock.getAddress(),
      ];
      const zero = ethers.ZeroAddress;
      const me = [deployer.address];
      const cases: Parameters<typeof factory.deploy>[] = [
        [zero, emitter, EPOCH, WINDOW, REVIEW, CLAIM_PERIOD, admin, admin, me, 1n],
        [registry, zero, EPOCH, WINDOW, REVIEW, CLAIM_PERIOD, admin, admin, me, 1n],
        [registry, emitter, 0n, WINDOW, REVIEW, CLAIM_PERIOD, admin, admin, me, 1n],
        [registry, emitter, EPOCH, 0n, REVIEW, CLAIM_PERIOD, admin, admin, me, 1n],
        // A claim period of 0 would let a sweep take a final epoch's budget before any claim.
        [registry, emitter, EPOCH, WINDOW, REVIEW, 0n, admin, admin, me, 1n],
        // Above MAX_DURATION, epoch arithmetic could overflow and lock claims.
        [registry, emitter, 2n ** 32n, WINDOW, REVIEW, CLAIM_PERIOD, admin, admin, me, 1n],
        [registry, emitter, EPOCH, 2n ** 32n, REVIEW, CLAIM_PERIOD, admin, admin, me, 1n],
        [registry, emitter, EPOCH, WINDOW, REVIEW, 2n ** 32n, admin, admin, me, 1n],
        [registry, emitter, EPOCH, WINDOW, REVIEW, CLAIM_PERIOD, admin, zero, me, 1n],
        [registry, emitter, EPOCH, WINDOW, REVIEW, CLAIM_PERIOD, admin, admin, [zero], 1n],
      ];
      for (const args of cases) {
        await expect(factory.deploy(...args)).to.be.revertedWithCustomError(factory, "InvalidSetting");
      }
      for (const quorum of [0n, 2n]) {
        await expect(factory.deploy(registry, emitter, EPOCH, WINDOW, REVIEW, CLAIM_PERIOD, admin, admin, me, quorum))
          .to.be.revertedWithCustomError(factory, "InvalidQuorum")
          .withArgs(quorum, 1n);
      }
      const longest = await factory.deploy(
        registry,
        emitter,
        2n ** 32n - 1n,
        2n ** 32n - 1n,
        2n ** 32n - 1n,
        2n ** 32n - 1n,
        admin,
        admin,
        me,
        1n,
      );
      expect(await longest.MAX_DURATION()).to.equal(2n ** 32n - 1n);
      expect(await longest.SUBMISSION_WINDOW()).to.equal(2n ** 32n - 1n);
      expect(await longest.REVIEW_PERIOD()).to.equal(2n ** 32n - 1n);
      expect(await longest.CLAIM_PERIOD()).to.equal(2n ** 32n - 1n);
      // No attesters given: the deploying account attests.
      const fallback = await factory.deploy(
        registry,
        emitter,
        EPOCH,
        WINDOW,
        REVIEW,
        CLAIM_PERIOD,
        admin,
        admin,
        [],
        1n,
      );
      expect(await fallback.hasRole(await fallback.ATTESTER_ROLE(), deployer.address)).to.equal(true);
    });

    it("refuses a review period of 0 or above MAX_DURATION: a report sent in the window's last second must stay open to a void", async function () {
      const { deployer, poolRegistry, emission, timelock } = await networkHelpers.loadFixture(deploy);
      const factory = new ComputeRewards__factory(deployer);
      const admin = await timelock.getAddress();
      const me = [deployer.address];
      for (const review of [0n, 2n ** 32n]) {
        await expect(
          factory.deploy(poolRegistry, emission, EPOCH, WINDOW, review, CLAIM_PERIOD, admin, admin, me, 1n),
        ).to.be.revertedWithCustomError(factory, "InvalidSetting");
      }
      // One second is enough.
      const shortest = await factory.deploy(
        poolRegistry,
        emission,
        EPOCH,
        WINDOW,
        1n,
        CLAIM_PERIOD,
        admin,
        admin,
        me,
        1n,
      );
      expect(await shortest.REVIEW_PERIOD()).to.equal(1n);
      expect(await shortest.SUBMISSION_WINDOW()).to.equal(WINDOW);
    });

    it("refuses a submission window plus review period longer than 8 epochs, and accepts exactly 8", async function () {
      const { deployer, poolRegistry, emission, timelock } = await networkHelpers.loadFixture(deploy);
      const factory = new ComputeRewards__factory(deployer);
      const admin = await timelock.getAddress();
      const me = [deployer.address];
      // settleCommons reads the ended epochs that are not final yet one by one: window + review bound them.
      const max = 8n * EPOCH;
      await expect(
        factory.deploy(poolRegistry, emission, EPOCH, max - REVIEW + 1n, REVIEW, CLAIM_PERIOD, admin, admin, me, 1n),
      )
        .to.be.revertedWithCustomError(factory, "WindowTooLong")
        .withArgs(max + 1n, max);
      // The review period counts as much as the window.
      await expect(factory.deploy(poolRegistry, emission, EPOCH, 1n, max, CLAIM_PERIOD, admin, admin, me, 1n))
        .to.be.revertedWithCustomError(factory, "WindowTooLong")
        .withArgs(max + 1n, max);
      // The bound scales with the epoch: a day-long window is too long for one-minute epochs.
      await expect(factory.deploy(poolRegistry, emission, 60n, 86_400n, 1n, CLAIM_PERIOD, admin, admin, me, 1n))
        .to.be.revertedWithCustomError(factory, "WindowTooLong")
        .withArgs(86_401n, 480n);
      const widest = await factory.deploy(
        poolRegistry,
        emission,
        EPOCH,
        max - REVIEW,
        REVIEW,
        CLAIM_PERIOD,
        admin,
        admin,
        me,
        1n,
      );
      expect(await widest.SUBMISSION_WINDOW()).to.equal(max - REVIEW);
      expect(await widest.REVIEW_PERIOD()).to.equal(REVIEW);
      const longestReview = await factory.deploy(
        poolRegistry,
        emission,
        EPOCH,
        1n,
        max - 1n,
        CLAIM_PERIOD,
        admin,
        admin,
        me,
        1n,
      );
      expect(await longestReview.REVIEW_PERIOD()).to.equal(max - 1n);
    });
  });

  describe("roles", function () {
    it("keeps OpenZeppelin's default-admin rules and reports the interfaces it implements", async function () {
      const { deployer, poolRegistry, emission, computeRewards } = await networkHelpers.loadFixture(deploy);
      const harness = await new ComputeRewardsHarness__factory(deployer).deploy(
        poolRegistry,
        emission,
        EPOCH,
        WINDOW,
        REVIEW,
        CLAIM_PERIOD,
        deployer.address,
        deployer.address,
        [deployer.address],
        1n,
      );
      const [attesterRole, guardianRole, defaultAdmin] = [
        await harness.ATTESTER_ROLE(),
        await harness.GUARDIAN_ROLE(),
        await harness.DEFAULT_ADMIN_ROLE(),
      ];
      await expect(harness.exposedSetRoleAdmin(attesterRole, guardianRole))
        .to.emit(harness, "RoleAdminChanged")
        .withArgs(attesterRole, defaultAdmin, guardianRole);
      // The default admin's own admin can never change: the override keeps that rule.
      await expect(harness.exposedSetRoleAdmin(defaultAdmin, guardianRole)).to.be.revertedWithCustomError(
        harness,
        "AccessControlEnforcedDefaultAdminRules",
      );
      // Interface ids: the XOR of each interface's selectors.
      const interfaceId = (...signatures: string[]) =>
        "0x" +
        signatures
          .map((sig) => BigInt(ethers.id(sig).slice(0, 10)))
          .reduce((a, b) => a ^ b, 0n)
          .toString(16)
          .padStart(8, "0");
      const ids = {
        erc165: interfaceId("supportsInterface(bytes4)"),
        accessControl: interfaceId(
          "hasRole(bytes32,address)",
          "getRoleAdmin(bytes32)",
          "grantRole(bytes32,address)",
          "revokeRole(bytes32,address)",
          "renounceRole(bytes32,address)",
        ),
        enumerable: interfaceId("getRoleMember(bytes32,uint256)", "getRoleMemberCount(bytes32)"),
      };
      for (const id of Object.values(ids)) expect(await computeRewards.supportsInterface(id), id).to.equal(true);
      expect(await computeRewards.supportsInterface("0xffffffff")).to.equal(false);
      expect(await computeRewards.supportsInterface("0x12345678")).to.equal(false);
    });
  });

  describe("epochAt and epochBudget", function () {
    it("number epochs from emission's start, and refuse a time before it", async function () {
      const { computeRewards } = await networkHelpers.loadFixture(deploy);
      const start = await computeRewards.START();
      expect(await computeRewards.epochAt(start)).to.equal(0n);
      expect(await computeRewards.epochAt(start + EPOCH - 1n)).to.equal(0n);
      expect(await computeRewards.epochAt(start + EPOCH)).to.equal(1n);
      expect(await computeRewards.epochAt(start + 10n * EPOCH + 5n)).to.equal(10n);
      await expect(computeRewards.epochAt(start - 1n))
        .to.be.revertedWithCustomError(computeRewards, "BeforeStart")
        .withArgs(start - 1n, start);
    });

    it("add up exactly to the compute share of what was emitted, with emission's own rounding", async function () {
      const { computeRewards, emission } = await networkHelpers.loadFixture(deploy);
      const start = await computeRewards.START();
      let sum = 0n;
      for (let epoch = 0n; epoch < 30n; epoch++) {
        const budget = await computeRewards.epochBudget(epoch);
        expect(budget).to.be.gt(0n);
        sum += budget;
        const emitted = await emission.emittedUntil(start + (epoch + 1n) * EPOCH);
        expect(sum, `budgets of epochs 0..${epoch}`).to.equal(await emission.computeShareOf(emitted));
      }
      // One epoch's budget is half of an hour's emission, within a unit of rounding.
      const hour = (await emission.INITIAL_RATE()) * EPOCH;
      expect(await computeRewards.epochBudget(3n)).to.be.within(hour / 2n - 1n, hour / 2n + 1n);
      // An absurd epoch is past the schedule's end: nothing, and no overflow.
      expect(await computeRewards.epochBudget(ethers.MaxUint256)).to.equal(0n);
      expect(await computeRewards.epochBudget(ethers.MaxUint256 / EPOCH - 1n)).to.equal(0n);
      // The first epoch whose end would overflow: 0, not a revert.
      expect(await computeRewards.epochBudget(ethers.MaxUint256 / EPOCH)).to.equal(0n);
    });
  });

  describe("submitWork", function () {
    it("records a report signed by a quorum of attesters, after the epoch ended and within its window, with its version", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, stranger, deployer } = f;
      const end = await endOf(f, 0n);
      await nextAt(end); // the first moment the epoch has ended
      const r = report(1n, 0n, 1_234n);
      const { signers, signatures } = await attest(computeRewards, r, f.attesters.slice(0, 2));
      await expect(computeRewards.connect(stranger).submitWork(1n, 0n, 1_234n, EVIDENCE, 1n, signers, signatures))
        .to.emit(computeRewards, "WorkSubmitted")
        .withArgs(1n, 0n, 1_234n, EVIDENCE, 1n, stranger.address);
      // The last moment of the window: another pool reports, with all three attesters, at its own version.
      await nextAt(end + WINDOW);
      const last = await submit(f, report(2n, 0n, 766n, 7n), f.attesters);
      await expect(last)
        .to.emit(computeRewards, "WorkSubmitted")
        .withArgs(2n, 0n, 766n, EVIDENCE, 7n, deployer.address);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([1_234n, 1n, false, 2_000n]);
      expect(await recorded(f, 2n, 0n)).to.deep.equal([766n, 7n, false, 2_000n]);
      // No report: nothing, version 0.
      expect(await recorded(f, 3n, 0n)).to.deep.equal([0n, 0n, false, 2_000n]);
      expect(await computeRewards.isReported(0n)).to.equal(true);
      expect(await computeRewards.isReported(1n)).to.equal(false);
      expect(await computeRewards.reportedBudgets()).to.equal(await computeRewards.epochBudget(0n));
    });

    it("signs the versioned EIP-712 type: reportDigest is WorkReport(poolId, epoch, units, evidence, uint32 version)", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards } = f;
      const r = report(1n, 2n, 3n, 4n);
      const { domain, types, value } = await workReportTypedData(computeRewards, r);
      const typeString = "WorkReport(uint256 poolId,uint256 epoch,uint256 units,bytes32 evidence,uint32 version)";
      expect(ethers.TypedDataEncoder.from(types).encodeType("WorkReport")).to.equal(typeString);
      // The digest by hand: 0x1901 ‖ domain separator ‖ hash of the typehash and the fields.
      const structHash = ethers.keccak256(
        ethers.AbiCoder.defaultAbiCoder().encode(
          ["bytes32", "uint256", "uint256", "uint256", "bytes32", "uint32"],
          [ethers.id(typeString), 1n, 2n, 3n, EVIDENCE, 4n],
        ),
      );
      const digest = ethers.keccak256(
        ethers.concat(["0x1901", ethers.TypedDataEncoder.hashDomain(domain), structHash]),
      );
      expect(await computeRewards.reportDigest(1n, 2n, 3n, EVIDENCE, 4n)).to.equal(digest);
      expect(ethers.TypedDataEncoder.hash(domain, types, value)).to.equal(digest);
      // Another version is another digest.
      expect(await computeRewards.reportDigest(1n, 2n, 3n, EVIDENCE, 5n)).to.equal(
        ethers.TypedDataEncoder.hash(domain, types, { ...value, version: 5n }),
      );
      expect(await computeRewards.reportDigest(1n, 2n, 3n, EVIDENCE, 5n)).to.not.equal(digest);
    });

    it("accepts a contract attester (ERC-1271), checked through SignatureChecker", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, governor, deployer } = f;
      const operator = f.attesters[2]!;
      const verifier = await new ContractAttester__factory(deployer).deploy(operator.address);
      await computeRewards.connect(governor).grantRole(await computeRewards.ATTESTER_ROLE(), verifier);
      await networkHelpers.time.increaseTo(await endOf(f, 0n));
      const r = report(1n, 0n, 10n);
      const fromEoa = await attest(computeRewards, r, [f.attesters[0]!]);
      // The contract "signs" with what its operator signed; it sits in the list by its own address.
      const entries = [
        { address: fromEoa.signers[0]!, signature: fromEoa.signatures[0]! },
        { address: await verifier.getAddress(), signature: await signWork(operator, computeRewards, r) },
      ].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
      await expect(
        computeRewards.submitWork(
          1n,
          0n,
          10n,
          EVIDENCE,
          1n,
          entries.map((e) => e.address),
          entries.map((e) => e.signature),
        ),
      )
        .to.emit(computeRewards, "WorkSubmitted")
        .withArgs(1n, 0n, 10n, EVIDENCE, 1n, deployer.address);
      expect(await computeRewards.reportedUnits(1n, 0n)).to.equal(10n);
      // A contract attester whose operator did not sign is refused like any bad signature.
      const other = report(2n, 0n, 10n);
      const bad = [
        { address: fromEoa.signers[0]!, signature: await signWork(f.attesters[0]!, computeRewards, other) },
        { address: await verifier.getAddress(), signature: await signWork(f.attesters[1]!, computeRewards, other) },
      ].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
      await expect(
        computeRewards.submitWork(
          2n,
          0n,
          10n,
          EVIDENCE,
          1n,
          bad.map((e) => e.address),
          bad.map((e) => e.signature),
        ),
      )
        .to.be.revertedWithCustomError(computeRewards, "InvalidSignature")
        .withArgs(await verifier.getAddress());
    });

    it("refuses too few, repeated, unsorted and unauthorised signers, recording nothing", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, stranger } = f;
      await networkHelpers.time.increaseTo(await endOf(f, 0n));
      const r = report(1n, 0n, 50n);
      const one = await attest(computeRewards, r, [f.attesters[0]!]);
      await expect(computeRewards.submitWork(1n, 0n, 50n, EVIDENCE, 1n, one.signers, one.signatures))
        .to.be.revertedWithCustomError(computeRewards, "BelowQuorum")
        .withArgs(1n, 2n);
      const two = await attest(computeRewards, r, f.attesters.slice(0, 2));
      await expect(computeRewards.submitWork(1n, 0n, 50n, EVIDENCE, 1n, two.signers, [two.signatures[0]!]))
        .to.be.revertedWithCustomError(computeRewards, "LengthMismatch")
        .withArgs(2n, 1n);
      const repeated = [one.signers[0]!, one.signers[0]!];
      await expect(
        computeRewards.submitWork(1n, 0n, 50n, EVIDENCE, 1n, repeated, [one.signatures[0]!, one.signatures[0]!]),
      )
        .to.be.revertedWithCustomError(computeRewards, "SignersNotAscending")
        .withArgs(repeated[0], repeated[1]);
      const reversed = [...two.signers].reverse();
      await expect(computeRewards.submitWork(1n, 0n, 50n, EVIDENCE, 1n, reversed, [...two.signatures].reverse()))
        .to.be.revertedWithCustomError(computeRewards, "SignersNotAscending")
        .withArgs(reversed[0], reversed[1]);
      const withStranger = await attest(computeRewards, r, [f.attesters[0]!, stranger]);
      await expect(computeRewards.submitWork(1n, 0n, 50n, EVIDENCE, 1n, withStranger.signers, withStranger.signatures))
        .to.be.revertedWithCustomError(computeRewards, "NotAttester")
        .withArgs(stranger.address);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([0n, 0n, false, 0n]);
    });

    it("refuses a signature for another pool, epoch, number of units, evidence, version, chain or contract", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, deployer, poolRegistry, emission, timelock } = f;
      await networkHelpers.time.increaseTo(await endOf(f, 0n));
      const r = report(1n, 0n, 50n);
      const [a, b] = f.attesters as [(typeof f.attesters)[0], (typeof f.attesters)[0]];
      const variants: WorkReport[] = [
        report(2n, 0n, 50n),
        report(1n, 1n, 50n),
        report(1n, 0n, 51n),
        report(1n, 0n, 50n, 1n, ethers.id("other evidence")),
        report(1n, 0n, 50n, 2n),
        report(1n, 0n, 50n, 0n),
      ];
      const { chainId } = await ethers.provider.getNetwork();
      const twin = await new ComputeRewards__factory(deployer).deploy(
        poolRegistry,
        emission,
        EPOCH,
        WINDOW,
        REVIEW,
        CLAIM_PERIOD,
        timelock,
        deployer.address,
        [a.address, b.address],
        2n,
      );
      const good = await signWork(a, computeRewards, r);
      const forgeries = [
        ...(await Promise.all(variants.map((v) => signWork(b, computeRewards, v)))),
        await signWork(b, computeRewards, r, chainId + 1n), // another chain
        await signWork(b, twin, r), // another contract
      ];
      for (const forged of forgeries) {
        const entries = [
          { address: a.address, signature: good },
          { address: b.address, signature: forged },
        ].sort((x, y) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1));
        await expect(
          computeRewards.submitWork(
            1n,
            0n,
            50n,
            EVIDENCE,
            1n,
            entries.map((e) => e.address),
            entries.map((e) => e.signature),
          ),
        )
          .to.be.revertedWithCustomError(computeRewards, "InvalidSignature")
          .withArgs(b.address);
      }
      expect(await recorded(f, 1n, 0n)).to.deep.equal([0n, 0n, false, 0n]);
    });

    it("refuses a report before the epoch ends, after its window, or for an inactive pool", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, poolRegistry } = f;
      const end = await endOf(f, 0n);
      await nextAt(end - 1n);
      await expect(send(f, report(1n, 0n, 5n)))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotEnded")
        .withArgs(0n);
      // An absurd epoch is simply not ended: no overflow.
      const early = await attest(computeRewards, report(1n, 0n, 5n), f.attesters.slice(0, 2));
      await expect(computeRewards.submitWork(1n, ethers.MaxUint256, 5n, EVIDENCE, 1n, early.signers, early.signatures))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotEnded")
        .withArgs(ethers.MaxUint256);
      await nextAt(end);
      await submit(f, report(1n, 0n, 5n));
      // Pool 3 is only proposed, pool 9 does not exist.
      for (const poolId of [3n, 9n]) {
        await expect(send(f, report(poolId, 0n, 5n)))
          .to.be.revertedWithCustomError(computeRewards, "PoolNotApproved")
          .withArgs(poolId);
      }
      await nextAt(end + WINDOW + 1n);
      // Closed to the first report of a pool and to a later version alike, though voids are still open.
      await expect(send(f, report(1n, 0n, 6n, 2n)))
        .to.be.revertedWithCustomError(computeRewards, "SubmissionWindowClosed")
        .withArgs(0n, end + WINDOW);
      await expect(send(f, report(2n, 0n, 5n)))
        .to.be.revertedWithCustomError(computeRewards, "SubmissionWindowClosed")
        .withArgs(0n, end + WINDOW);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([5n, 1n, false, 5n]);
    });

    it("refuses zero units and more than 2^64 - 1", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards } = f;
      await networkHelpers.time.increaseTo(await endOf(f, 0n));
      await expect(send(f, report(1n, 0n, 0n))).to.be.revertedWithCustomError(computeRewards, "ZeroUnits");
      const huge = 2n ** 64n;
      await expect(send(f, report(1n, 0n, huge)))
        .to.be.revertedWithCustomError(computeRewards, "UnitsTooLarge")
        .withArgs(huge, huge - 1n);
      // The largest accepted, exactly: the budget times it still fits.
      await submit(f, report(1n, 0n, huge - 1n));
      expect(await computeRewards.totalUnits(0n)).to.equal(huge - 1n);
      // A correction to zero units is refused too: a report is withdrawn by the guardian's void, not by 0.
      await expect(send(f, report(1n, 0n, 0n, 2n))).to.be.revertedWithCustomError(computeRewards, "ZeroUnits");
      expect(await recorded(f, 1n, 0n)).to.deep.equal([huge - 1n, 1n, false, huge - 1n]);
    });
  });

  describe("versioned reports", function () {
    it("accepts a pool's first report at any version, 0 and 2^32 - 1 included", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, deployer } = f;
      await networkHelpers.time.increaseTo(await endOf(f, 0n));
      await expect(await submit(f, report(1n, 0n, 10n, 0n)))
        .to.emit(computeRewards, "WorkSubmitted")
        .withArgs(1n, 0n, 10n, EVIDENCE, 0n, deployer.address);
      await expect(await submit(f, report(2n, 0n, 20n, MAX_VERSION)))
        .to.emit(computeRewards, "WorkSubmitted")
        .withArgs(2n, 0n, 20n, EVIDENCE, MAX_VERSION, deployer.address);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([10n, 0n, false, 30n]);
      expect(await recorded(f, 2n, 0n)).to.deep.equal([20n, MAX_VERSION, false, 30n]);
      // Version 0 is a version like any other: 1 replaces it.
      await submit(f, report(1n, 0n, 11n, 1n));
      expect(await recorded(f, 1n, 0n)).to.deep.equal([11n, 1n, false, 31n]);
      // Nothing is later than the highest version: that report stands.
      await expect(send(f, report(2n, 0n, 21n, MAX_VERSION)))
        .to.be.revertedWithCustomError(computeRewards, "VersionNotLater")
        .withArgs(2n, 0n, MAX_VERSION, MAX_VERSION);
      expect(await recorded(f, 2n, 0n)).to.deep.equal([20n, MAX_VERSION, false, 31n]);
    });

    it("replaces a report with a later version signed by the quorum: the total follows, and so do the other pools' shares", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, stranger, cancerLab, schoolLab } = f;
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 100n));
      await submit(f, report(2n, 0n, 300n));
      expect(await computeRewards.totalUnits(0n)).to.equal(400n);
      const budget = await computeRewards.epochBudget(0n);
      // A correction upwards, skipping versions, with new evidence, signed by another quorum, sent by anyone.
      await expect(send(f, report(1n, 0n, 500n, 3n, CORRECTED), f.attesters.slice(1, 3), stranger))
        .to.emit(computeRewards, "WorkSubmitted")
        .withArgs(1n, 0n, 500n, CORRECTED, 3n, stranger.address);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([500n, 3n, false, 800n]);
      // The epoch's budget is counted as reported once, however often its reports change.
      expect(await computeRewards.reportedBudgets()).to.equal(budget);
      // A correction downwards in the window's last second.
      await nextAt(end + WINDOW);
      await expect(send(f, report(1n, 0n, 50n, 4n)))
        .to.emit(computeRewards, "WorkSubmitted")
        .withArgs(1n, 0n, 50n, EVIDENCE, 4n, f.deployer.address);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([50n, 4n, false, 350n]);
      expect(await recorded(f, 2n, 0n)).to.deep.equal([300n, 1n, false, 350n]);
      // Once the window has closed, no version replaces it.
      await nextAt(end + WINDOW + 1n);
      await expect(send(f, report(1n, 0n, 5_000n, 5n)))
        .to.be.revertedWithCustomError(computeRewards, "SubmissionWindowClosed")
        .withArgs(0n, end + WINDOW);
      expect(await computeRewards.reportedBudgets()).to.equal(budget);
      // The shares follow the latest versions: 50 and 300 of 350.
      await networkHelpers.time.increaseTo(end + FINAL + 1n);
      const [share1, share2] = [(budget * 50n) / 350n, (budget * 300n) / 350n];
      expect(await computeRewards.claimable(1n, 0n)).to.equal(share1);
      expect(await computeRewards.claimable(2n, 0n)).to.equal(share2);
      await expect(computeRewards.claim(1n, [0n]))
        .to.emit(computeRewards, "WorkClaimed")
        .withArgs(1n, cancerLab.address, [0n], [share1], share1);
      await expect(computeRewards.claim(2n, [0n]))
        .to.emit(computeRewards, "WorkClaimed")
        .withArgs(2n, schoolLab.address, [0n], [share2], share2);
      expect(await computeRewards.claimedIn(0n)).to.equal(share1 + share2);
    });

    it("refuses the same or an older version, even one submitted after the correction, which no longer blocks it (A3-I1)", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, stranger, cancerLab } = f;
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(2n, 0n, 300n));
      // The attesters signed version 1 with 100 units, then found the pool did 10,000 and signed version 2.
      const superseded = report(1n, 0n, 100n, 1n);
      const corrected = report(1n, 0n, 10_000n, 2n);
      const oldSigned = await attest(computeRewards, superseded, f.attesters.slice(0, 2));
      const newSigned = await attest(computeRewards, corrected, f.attesters.slice(0, 2));
      const sendSigned = (r: WorkReport, s: typeof oldSigned) =>
        computeRewards
          .connect(stranger)
          .submitWork(r.poolId, r.epoch, r.units, r.evidence, r.version, s.signers, s.signatures);
      // Whoever holds version 1's signatures submits it first: it is accepted...
      await expect(sendSigned(superseded, oldSigned))
        .to.emit(computeRewards, "WorkSubmitted")
        .withArgs(1n, 0n, 100n, EVIDENCE, 1n, stranger.address);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([100n, 1n, false, 400n]);
      // ...but it does not block the correction.
      await expect(sendSigned(corrected, newSigned))
        .to.emit(computeRewards, "WorkSubmitted")
        .withArgs(1n, 0n, 10_000n, EVIDENCE, 2n, stranger.address);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([10_000n, 2n, false, 10_300n]);
      // Version 1 submitted after the correction, the correction repeated, and a fresh version-1
      // report are all refused.
      await expect(sendSigned(superseded, oldSigned))
        .to.be.revertedWithCustomError(computeRewards, "VersionNotLater")
        .withArgs(1n, 0n, 1n, 2n);
      await expect(sendSigned(corrected, newSigned))
        .to.be.revertedWithCustomError(computeRewards, "VersionNotLater")
        .withArgs(1n, 0n, 2n, 2n);
      await expect(send(f, report(1n, 0n, 1_000_000n, 1n)))
        .to.be.revertedWithCustomError(computeRewards, "VersionNotLater")
        .withArgs(1n, 0n, 1n, 2n);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([10_000n, 2n, false, 10_300n]);
      // The other order on the next epoch: the correction first, the superseded version refused after.
      await networkHelpers.time.increaseTo(await endOf(f, 1n));
      await submit(f, report(1n, 1n, 10_000n, 2n));
      await expect(send(f, report(1n, 1n, 100n, 1n)))
        .to.be.revertedWithCustomError(computeRewards, "VersionNotLater")
        .withArgs(1n, 1n, 1n, 2n);
      expect(await recorded(f, 1n, 1n)).to.deep.equal([10_000n, 2n, false, 10_000n]);
      // Epoch 0 is final by now (epoch 1 ended as its review period did): the pool is paid for its
      // 10,000 units of 10,300.
      expect(BigInt(await networkHelpers.time.latest())).to.be.gt(end + FINAL);
      const share = ((await computeRewards.epochBudget(0n)) * 10_000n) / 10_300n;
      await expect(computeRewards.claim(1n, [0n]))
        .to.emit(computeRewards, "WorkClaimed")
        .withArgs(1n, cancerLab.address, [0n], [share], share);
    });

    it("refuses to replace a voided report, whatever the version", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, guardian } = f;
      await networkHelpers.time.increaseTo(await endOf(f, 0n));
      await submit(f, report(1n, 0n, 100n, 3n));
      await computeRewards.connect(guardian).voidReport(1n, 0n);
      for (const version of [2n, 3n, 4n, MAX_VERSION]) {
        await expect(send(f, report(1n, 0n, 100n, version)))
          .to.be.revertedWithCustomError(computeRewards, "ReportIsVoid")
          .withArgs(1n, 0n);
      }
      // It stays the pool's report: voided, its units still in the total.
      expect(await recorded(f, 1n, 0n)).to.deep.equal([0n, 3n, true, 100n]);
    });

    it("refuses a later version whose signatures are over another version", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards } = f;
      await networkHelpers.time.increaseTo(await endOf(f, 0n));
      await submit(f, report(1n, 0n, 100n, 1n));
      const [a, b] = f.attesters as [(typeof f.attesters)[0], (typeof f.attesters)[0]];
      // Both signed version 1 of 200 units; sent as version 2.
      const asOne = await attest(computeRewards, report(1n, 0n, 200n, 1n), [a, b]);
      await expect(computeRewards.submitWork(1n, 0n, 200n, EVIDENCE, 2n, asOne.signers, asOne.signatures))
        .to.be.revertedWithCustomError(computeRewards, "InvalidSignature")
        .withArgs(asOne.signers[0]);
      // One signed version 2, the other version 3: the second signature does not verify.
      const entries = [
        { address: a.address, signature: await signWork(a, computeRewards, report(1n, 0n, 200n, 2n)) },
        { address: b.address, signature: await signWork(b, computeRewards, report(1n, 0n, 200n, 3n)) },
      ].sort((x, y) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1));
      await expect(
        computeRewards.submitWork(
          1n,
          0n,
          200n,
          EVIDENCE,
          2n,
          entries.map((e) => e.address),
          entries.map((e) => e.signature),
        ),
      )
        .to.be.revertedWithCustomError(computeRewards, "InvalidSignature")
        .withArgs(b.address);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([100n, 1n, false, 100n]);
    });
  });

  describe("approval time", function () {
    it("refuses a report for an epoch that ended at or before the pool's approval, and takes the epoch it was approved in", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, poolRegistry, alice, deployer } = f;
      const start = await computeRewards.START();
      const [end0, end1] = [await endOf(f, 0n), await endOf(f, 1n)];
      // The fixture's pools were approved during epoch 0, and report it.
      const since1 = (await poolRegistry.activePeriod(1n))[0];
      expect(since1).to.be.gt(start);
      expect(since1).to.be.lt(end0);
      // Pool 3 is approved at the very moment epoch 0 ends (the first second of epoch 1).
      expect((await poolRegistry.activePeriod(3n))[0]).to.equal(0n);
      await nextAt(end0);
      await poolRegistry.approve(3n, 100n);
      expect((await poolRegistry.activePeriod(3n))[0]).to.equal(end0);
      expect((await poolRegistry.pool(3n)).approvedAt).to.equal(end0);
      await nextAt(end0 + 1n);
      await submit(f, report(1n, 0n, 10n));
      await expect(send(f, report(3n, 0n, 10n)))
        .to.be.revertedWithCustomError(computeRewards, "EpochBeforeApproval")
        .withArgs(3n, 0n, end0);
      // Pool 4 is approved later in epoch 1, with epoch 0's window still open: refused too.
      await poolRegistry.propose("Late pool", "", alice.address);
      await nextAt(end0 + 10n);
      await poolRegistry.approve(4n, 100n);
      await expect(send(f, report(4n, 0n, 10n)))
        .to.be.revertedWithCustomError(computeRewards, "EpochBeforeApproval")
        .withArgs(4n, 0n, end0 + 10n);
      expect(await recorded(f, 3n, 0n)).to.deep.equal([0n, 0n, false, 10n]);
      expect(await recorded(f, 4n, 0n)).to.deep.equal([0n, 0n, false, 10n]);
      // Both were approved during epoch 1 (pool 5 in its last second): all report it.
      await poolRegistry.propose("Last-second pool", "", alice.address);
      await nextAt(end1 - 1n);
      await poolRegistry.approve(5n, 100n);
      await nextAt(end1);
      for (const poolId of [3n, 4n, 5n]) {
        await expect(send(f, report(poolId, 1n, 10n)))
          .to.emit(computeRewards, "WorkSubmitted")
          .withArgs(poolId, 1n, 10n, EVIDENCE, 1n, deployer.address);
      }
      expect(await computeRewards.totalUnits(1n)).to.equal(30n);
    });
  });

  describe("voidReport", function () {
    it("lets the guardian void a report: it earns nothing, its units stay in the total, and no other pool's share grows", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, guardian, reserveToken, cancerLab, schoolLab } = f;
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 100n));
      await submit(f, report(2n, 0n, 300n));
      await expect(computeRewards.connect(guardian).voidReport(1n, 0n))
        .to.emit(computeRewards, "ReportVoided")
        .withArgs(1n, 0n, 100n);
      // Reported units 0, the version kept, the total unchanged.
      expect(await recorded(f, 1n, 0n)).to.deep.equal([0n, 1n, true, 400n]);
      expect(await recorded(f, 2n, 0n)).to.deep.equal([300n, 1n, false, 400n]);
      await expect(computeRewards.connect(guardian).voidReport(1n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "NoReport")
        .withArgs(1n, 0n);
      await expect(computeRewards.connect(guardian).voidReport(3n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "NoReport")
        .withArgs(3n, 0n);
      // Pool 2 keeps its three quarters, not the whole budget; pool 1's claim pays 0.
      await networkHelpers.time.increaseTo(end + FINAL + 1n);
      const budget = await computeRewards.epochBudget(0n);
      const share2 = (budget * 300n) / 400n;
      expect(await computeRewards.claimable(2n, 0n)).to.equal(share2);
      expect(share2).to.be.lt(budget);
      expect(await computeRewards.claimable(1n, 0n)).to.equal(0n);
      expect(await computeRewards.claim.staticCall(1n, [0n])).to.equal(0n);
      const nothing = await mined(computeRewards.claim(1n, [0n]));
      expect(nothing.logs).to.have.length(0);
      expect(await reserveToken.balanceOf(cancerLab.address)).to.equal(0n);
      // A voided report's claim sets no bit: its share is still to be handed to the commons.
      expect(await computeRewards.isClaimed(1n, 0n)).to.equal(false);
      await expect(computeRewards.claim(2n, [0n]))
        .to.emit(computeRewards, "WorkClaimed")
        .withArgs(2n, schoolLab.address, [0n], [share2], share2);
      expect(await reserveToken.balanceOf(schoolLab.address)).to.equal(share2);
    });

    it("accepts a report in the window's last second, and the guardian can still void it until the review period ends", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, guardian } = f;
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(2n, 0n, 300n));
      await nextAt(end + WINDOW);
      await submit(f, report(1n, 0n, 100n));
      await nextAt(end + WINDOW + 1n);
      await expect(send(f, report(1n, 0n, 100n, 2n)))
        .to.be.revertedWithCustomError(computeRewards, "SubmissionWindowClosed")
        .withArgs(0n, end + WINDOW);
      // The review period: voids only.
      await expect(computeRewards.connect(guardian).voidReport(2n, 0n))
        .to.emit(computeRewards, "ReportVoided")
        .withArgs(2n, 0n, 300n);
      // Its last second: the report sent in the window's last second is voided still.
      await nextAt(end + FINAL);
      await expect(computeRewards.connect(guardian).voidReport(1n, 0n))
        .to.emit(computeRewards, "ReportVoided")
        .withArgs(1n, 0n, 100n);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([0n, 1n, true, 400n]);
      expect(await recorded(f, 2n, 0n)).to.deep.equal([0n, 1n, true, 400n]);
    });

    it("is refused to anyone but the guardian, before the epoch ends, and after the review period", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, guardian, stranger, governor } = f;
      await expect(computeRewards.connect(guardian).voidReport(1n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotEnded")
        .withArgs(0n);
      await expect(computeRewards.connect(guardian).voidReport(1n, ethers.MaxUint256))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotEnded")
        .withArgs(ethers.MaxUint256);
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 100n));
      for (const caller of [stranger, governor]) {
        await expect(computeRewards.connect(caller).voidReport(1n, 0n))
          .to.be.revertedWithCustomError(computeRewards, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, await computeRewards.GUARDIAN_ROLE());
      }
      await nextAt(end + FINAL + 1n);
      await expect(computeRewards.connect(guardian).voidReport(1n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "ReviewPeriodOver")
        .withArgs(0n, end + FINAL);
      // After the review period even a pool with no report gets the same answer.
      await expect(computeRewards.connect(guardian).voidReport(3n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "ReviewPeriodOver")
        .withArgs(0n, end + FINAL);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([100n, 1n, false, 100n]);
    });
  });

  describe("voids enrich nobody (A3-M3)", function () {
    it("pays pool 1 (1 unit) floor(budget / 1,000,001), not the whole budget, when the guardian voids pool 2 (1,000,000 units)", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, guardian, emission, reserveToken, cancerLab, stranger } = f;
      const compute = await computeRewards.getAddress();
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 1n));
      await submit(f, report(2n, 0n, 1_000_000n));
      await expect(computeRewards.connect(guardian).voidReport(2n, 0n))
        .to.emit(computeRewards, "ReportVoided")
        .withArgs(2n, 0n, 1_000_000n);
      expect(await computeRewards.totalUnits(0n)).to.equal(1_000_001n);
      expect(await computeRewards.reportedUnits(2n, 0n)).to.equal(0n);
      await networkHelpers.time.increaseTo(end + FINAL + 1n);
      const budget = await computeRewards.epochBudget(0n);
      const paid = budget / 1_000_001n;
      const voided = (budget * 1_000_000n) / 1_000_001n;
      expect(paid).to.be.lt(budget / 1_000_000n); // a millionth of the budget at most
      expect(await computeRewards.claimable(1n, 0n)).to.equal(paid);
      expect(await computeRewards.claimable(2n, 0n)).to.equal(0n);
      const claimed = await mined(computeRewards.connect(stranger).claim(1n, [0n]));
      await expect(claimed).to.emit(computeRewards, "WorkClaimed").withArgs(1n, cancerLab.address, [0n], [paid], paid);
      expect(mintedIn(claimed, reserveToken)).to.equal(paid);
      expect(await reserveToken.balanceOf(cancerLab.address)).to.equal(paid);
      // Pool 2's share goes to the commons, exactly what it would have claimed.
      const handed = await mined(computeRewards.connect(stranger).sweepVoided(2n, 0n));
      await expect(handed).to.emit(computeRewards, "VoidedToCommons").withArgs(2n, 0n, voided);
      await expect(handed).to.emit(emission, "AssignedToCommons").withArgs(compute, voided, voided);
      // And the rounding dust with the sweep after the claim period.
      await nextAt(end + FINAL + CLAIM_PERIOD + 1n);
      await expect(computeRewards.sweep(0n))
        .to.emit(computeRewards, "EpochSwept")
        .withArgs(0n, budget - paid - voided);
      expect(await books(f, 0n)).to.deep.equal({ claimed: paid, voided, swept: budget - paid - voided });
      expect(paid + voided + (budget - paid - voided)).to.equal(budget);
      expect(await emission.spentBy(computeRewards)).to.equal(budget);
      expect(await emission.assignedToCommons()).to.equal(budget - paid);
    });
  });

  describe("claim", function () {
    /** Pools 1 and 2 reported 100 and 300 units in epochs 0 and 1; both epochs are final. */
    async function workedFixture() {
      const f = await deploy();
      for (const epoch of [0n, 1n]) {
        await networkHelpers.time.increaseTo(await endOf(f, epoch));
        await submit(f, report(1n, epoch, 100n));
        await submit(f, report(2n, epoch, 300n));
      }
      await networkHelpers.time.increaseTo((await endOf(f, 1n)) + FINAL + 1n);
      return f;
    }
    it("pays the pool's recipient its share of each epoch, minted by the emission contract", async function () {
      const f = await networkHelpers.loadFixture(workedFixture);
      const { computeRewards, emission, reserveToken, stranger, cancerLab } = f;
      const budgets = [await computeRewards.epochBudget(0n), await computeRewards.epochBudget(1n)];
      const shares = budgets.map((b) => (b * 100n) / 400n) as [bigint, bigint];
      const paid = shares[0] + shares[1];
      // What the view promises is what the claim pays.
      expect(await computeRewards.claimable(1n, 0n)).to.equal(shares[0]);
      expect(await computeRewards.claimable(1n, 1n)).to.equal(shares[1]);
      const supply = await reserveToken.totalSupply();
      const receipt = await mined(computeRewards.connect(stranger).claim(1n, [0n, 1n]));
      // One event for the claim: each listed epoch with what it paid, and the total.
      await expect(receipt)
        .to.emit(computeRewards, "WorkClaimed")
        .withArgs(1n, cancerLab.address, [0n, 1n], [shares[0], shares[1]], paid);
      expect(eventsIn(receipt, computeRewards, "WorkClaimed")).to.have.length(1);
      expect(await computeRewards.isClaimed(1n, 0n)).to.equal(true);
      expect(await computeRewards.isClaimed(1n, 1n)).to.equal(true);
      expect(await computeRewards.isClaimed(2n, 0n)).to.equal(false);
      // One draw for the whole batch, minted straight to the recipient: nothing passes through here.
      expect(eventsIn(receipt, emission, "Drawn").map((a) => [...a])).to.deep.equal([
        [await computeRewards.getAddress(), cancerLab.address, paid],
      ]);
      expect(mintedIn(receipt, reserveToken)).to.equal(paid);
      expect(await reserveToken.totalSupply()).to.equal(supply + paid);
      expect(await reserveToken.balanceOf(cancerLab.address)).to.equal(paid);
      expect(await reserveToken.balanceOf(computeRewards)).to.equal(0n);
      expect(await emission.spentBy(computeRewards)).to.equal(paid);
      expect(await computeRewards.claimedIn(0n)).to.equal(shares[0]);
      expect(await computeRewards.claimable(1n, 0n)).to.equal(0n);
      // Pool 2's three quarters, likewise exactly what its view said.
      const share2 = (budgets[0]! * 300n) / 400n;
      expect(await computeRewards.claimable(2n, 0n)).to.equal(share2);
      const second = await mined(computeRewards.claim(2n, [0n]));
      expect(mintedIn(second, reserveToken)).to.equal(share2);
      expect(await emission.spentBy(computeRewards)).to.equal(paid + share2);
    });

    it("pays each epoch once across the words of claimed bits: repeats, any order, and across a word boundary", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, reserveToken, cancerLab } = f;
      // Epochs 255 and 256 sit in two words of claimed bits (256 epochs to a word); pool 1 alone reports them.
      for (const epoch of [254n, 255n, 256n]) {
        await networkHelpers.time.increaseTo(await endOf(f, epoch));
        await submit(f, report(1n, epoch, 7n));
      }
      await networkHelpers.time.increaseTo((await endOf(f, 256n)) + FINAL + 1n);
      const budget = async (epoch: bigint) => computeRewards.epochBudget(epoch);
      const [b254, b255, b256] = [await budget(254n), await budget(255n), await budget(256n)];
      const first = await mined(computeRewards.claim(1n, [256n, 255n, 256n, 255n]));
      expect(mintedIn(first, reserveToken)).to.equal(b255 + b256);
      await expect(first)
        .to.emit(computeRewards, "WorkClaimed")
        .withArgs(1n, cancerLab.address, [256n, 255n, 256n, 255n], [b256, b255, 0n, 0n], b255 + b256);
      expect(await computeRewards.isClaimed(1n, 255n)).to.equal(true);
      expect(await computeRewards.isClaimed(1n, 256n)).to.equal(true);
      expect(await computeRewards.isClaimed(1n, 254n)).to.equal(false);
      // Back to the first word: only 254 is left to pay.
      const second = await mined(computeRewards.claim(1n, [255n, 254n, 256n]));
      expect(mintedIn(second, reserveToken)).to.equal(b254);
      expect(await computeRewards.claim.staticCall(1n, [254n, 255n, 256n])).to.equal(0n);
      expect(await reserveToken.balanceOf(cancerLab.address)).to.equal(b254 + b255 + b256);
    });

    it("pays nothing the second time, nor for an epoch the pool did not report", async function () {
      const f = await networkHelpers.loadFixture(workedFixture);
      const { computeRewards, reserveToken, cancerLab } = f;
      await computeRewards.claim(1n, [0n]);
      const balance = await reserveToken.balanceOf(cancerLab.address);
      expect(await computeRewards.claim.staticCall(1n, [0n, 0n])).to.equal(0n);
      const second = await mined(computeRewards.claim(1n, [0n]));
      expect(eventsIn(second, computeRewards, "WorkClaimed")).to.have.length(0);
      expect(await reserveToken.balanceOf(cancerLab.address)).to.equal(balance);
      // Epoch 5 had no report from pool 1 (and is final by now): 0, not an error.
      await networkHelpers.time.increase(10n * EPOCH);
      expect(await computeRewards.claim.staticCall(1n, [5n])).to.equal(0n);
    });

    it("refuses an unknown pool, and a batch with any epoch not yet final", async function () {
      const f = await networkHelpers.loadFixture(workedFixture);
      const { computeRewards, poolRegistry, reserveToken, cancerLab } = f;
      await expect(computeRewards.claim(9n, [0n]))
        .to.be.revertedWithCustomError(poolRegistry, "UnknownPool")
        .withArgs(9n);
      for (const pending of [2n, 3n, ethers.MaxUint256]) {
        await expect(computeRewards.claim(1n, [0n, pending]))
          .to.be.revertedWithCustomError(computeRewards, "EpochNotFinal")
          .withArgs(pending);
      }
      expect(await reserveToken.balanceOf(cancerLab.address)).to.equal(0n);
      expect(await computeRewards.claimable(1n, 2n)).to.equal(0n);
    });

    it("still pays a pool retired after it reported, to its recipient", async function () {
      const f = await networkHelpers.loadFixture(workedFixture);
      const { computeRewards, poolRegistry, reserveToken, schoolLab } = f;
      await poolRegistry.retire(2n);
      const share = ((await computeRewards.epochBudget(0n)) * 300n) / 400n;
      await computeRewards.claim(2n, [0n]);
      expect(await reserveToken.balanceOf(schoolLab.address)).to.equal(share);
    });

    it("refuses a claim until the submission window and the review period have passed, and pays the second after", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, cancerLab } = f;
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 100n));
      await submit(f, report(2n, 0n, 300n));
      const share = ((await computeRewards.epochBudget(0n)) * 100n) / 400n;
      // After the window, in the review period: not final.
      await nextAt(end + WINDOW + 1n);
      await expect(computeRewards.claim(1n, [0n]))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotFinal")
        .withArgs(0n);
      await networkHelpers.time.increaseTo(end + FINAL - 1n);
      expect(await computeRewards.claimable(1n, 0n)).to.equal(0n);
      // The review period's last second: still not final.
      await nextAt(end + FINAL);
      await expect(computeRewards.claim(1n, [0n]))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotFinal")
        .withArgs(0n);
      await expect(computeRewards.sweepVoided(1n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotFinal")
        .withArgs(0n);
      await nextAt(end + FINAL + 1n);
      await expect(computeRewards.claim(1n, [0n]))
        .to.emit(computeRewards, "WorkClaimed")
        .withArgs(1n, cancerLab.address, [0n], [share], share);
    });

    it("promises nothing once the claim period is over (claimable 0), though a claim then still pays until the sweep", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, cancerLab, schoolLab } = f;
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 100n));
      await submit(f, report(2n, 0n, 300n));
      const budget = await computeRewards.epochBudget(0n);
      const [share1, share2] = [(budget * 100n) / 400n, (budget * 300n) / 400n];
      const endsAt = end + FINAL + CLAIM_PERIOD;
      // The claim period's last second: the view promises each share.
      await networkHelpers.time.increaseTo(endsAt);
      expect(await computeRewards.claimable(1n, 0n)).to.equal(share1);
      expect(await computeRewards.claimable(2n, 0n)).to.equal(share2);
      // The second after: a sweep may come first, so the view says 0; a claim at that moment still pays.
      await networkHelpers.time.increaseTo(endsAt + 1n);
      expect(await computeRewards.claimable(1n, 0n)).to.equal(0n);
      expect(await computeRewards.claimable(2n, 0n)).to.equal(0n);
      expect(await computeRewards.claim.staticCall(1n, [0n])).to.equal(share1);
      await expect(computeRewards.claim(1n, [0n]))
        .to.emit(computeRewards, "WorkClaimed")
        .withArgs(1n, cancerLab.address, [0n], [share1], share1);
      // Once swept, pool 2's unclaimed share has gone to the commons: its claim pays 0.
      await expect(computeRewards.sweep(0n))
        .to.emit(computeRewards, "EpochSwept")
        .withArgs(0n, budget - share1);
      expect(await computeRewards.claim.staticCall(2n, [0n])).to.equal(0n);
      expect((await mined(computeRewards.claim(2n, [0n]))).logs).to.have.length(0);
      expect(await computeRewards.isClaimed(2n, 0n)).to.equal(false);
      expect(await f.reserveToken.balanceOf(schoolLab.address)).to.equal(0n);
    });
  });

  describe("sweepVoided", function () {
    it("hands a voided report's share to the commons once the epoch is final: what its pool would have claimed, once", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission, guardian, poolRegistry, reserveToken, stranger, cancerLab } = f;
      const compute = await computeRewards.getAddress();
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 100n));
      await submit(f, report(2n, 0n, 300n));
      await computeRewards.connect(guardian).voidReport(2n, 0n);
      await nextAt(end + FINAL);
      await expect(computeRewards.sweepVoided(2n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotFinal")
        .withArgs(0n);
      // Final: only a voided report's share may be handed over.
      await nextAt(end + FINAL + 1n);
      await expect(computeRewards.sweepVoided(1n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "NotVoided")
        .withArgs(1n, 0n);
      await expect(computeRewards.sweepVoided(3n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "NotVoided")
        .withArgs(3n, 0n);
      expect(await computeRewards.isClaimed(2n, 0n)).to.equal(false);
      expect(await computeRewards.voidedToCommonsIn(0n)).to.equal(0n);
      const budget = await computeRewards.epochBudget(0n);
      const share2 = (budget * 300n) / 400n;
      const at = end + FINAL + 5n;
      // What the commons could draw at that moment without the hand-over.
      const assignedBefore = await emission.assignedToCommons();
      const snapshot = await networkHelpers.takeSnapshot();
      await networkHelpers.time.increaseTo(at);
      const availableWithout = await emission.availableTo(poolRegistry);
      await snapshot.restore();
      await nextAt(at);
      const handed = await mined(computeRewards.connect(stranger).sweepVoided(2n, 0n));
      await expect(handed).to.emit(computeRewards, "VoidedToCommons").withArgs(2n, 0n, share2);
      await expect(handed)
        .to.emit(emission, "AssignedToCommons")
        .withArgs(compute, share2, assignedBefore + share2);
      // Nothing minted: made due to the commons, whose pools draw it through the registry.
      expect(mintedIn(handed, reserveToken)).to.equal(0n);
      expect(await emission.assignedToCommons()).to.equal(assignedBefore + share2);
      expect(await emission.availableTo(poolRegistry)).to.equal(availableWithout + share2);
      expect(await emission.spentBy(computeRewards)).to.equal(share2);
      expect(await computeRewards.isClaimed(2n, 0n)).to.equal(true);
      expect(await computeRewards.voidedToCommonsIn(0n)).to.equal(share2);
      expect(await computeRewards.voidedToCommons()).to.equal(share2);
      // Once only: again it returns 0, says nothing and hands nothing.
      expect(await computeRewards.sweepVoided.staticCall(2n, 0n)).to.equal(0n);
      const again = await mined(computeRewards.sweepVoided(2n, 0n));
      expect(again.logs).to.have.length(0);
      expect(await computeRewards.voidedToCommons()).to.equal(share2);
      expect(await emission.assignedToCommons()).to.equal(assignedBefore + share2);
      // Pool 2's claim pays 0; pool 1's quarter is untouched.
      expect(await computeRewards.claim.staticCall(2n, [0n])).to.equal(0n);
      const share1 = (budget * 100n) / 400n;
      await expect(computeRewards.claim(1n, [0n]))
        .to.emit(computeRewards, "WorkClaimed")
        .withArgs(1n, cancerLab.address, [0n], [share1], share1);
      expect(await emission.spentBy(computeRewards)).to.equal(share1 + share2);
      // The total counts every epoch's hand-overs. Epoch 1 ended as epoch 0 became final: its window is open.
      expect(BigInt(await networkHelpers.time.latest())).to.be.lt((await endOf(f, 1n)) + WINDOW);
      await submit(f, report(1n, 1n, 7n));
      await computeRewards.connect(guardian).voidReport(1n, 1n);
      await networkHelpers.time.increaseTo((await endOf(f, 1n)) + FINAL + 1n);
      const budget1 = await computeRewards.epochBudget(1n);
      await expect(computeRewards.sweepVoided(1n, 1n))
        .to.emit(computeRewards, "VoidedToCommons")
        .withArgs(1n, 1n, budget1);
      expect(await computeRewards.voidedToCommonsIn(1n)).to.equal(budget1);
      expect(await computeRewards.voidedToCommons()).to.equal(share2 + budget1);
    });
  });

  describe("sweep", function () {
    it("leaves a final epoch nobody reported to settleCommons: its sweep returns 0 and changes nothing", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission } = f;
      const end = await endOf(f, 0n);
      await nextAt(end + FINAL);
      await expect(computeRewards.sweep(0n))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotFinal")
        .withArgs(0n);
      await nextAt(end + FINAL + 1n);
      const swept = await mined(computeRewards.sweep(0n));
      expect(swept.logs).to.have.length(0);
      expect(await computeRewards.sweep.staticCall(0n)).to.equal(0n);
      expect(await computeRewards.isReported(0n)).to.equal(false);
      expect(await computeRewards.isSwept(0n)).to.equal(false);
      expect(await computeRewards.sweptIn(0n)).to.equal(0n);
      expect(await emission.spentBy(computeRewards)).to.equal(0n);
      expect(await emission.assignedToCommons()).to.equal(0n);
      // Its whole budget still waits for settleCommons, which hands it over once.
      const budget = await computeRewards.epochBudget(0n);
      expect(await computeRewards.dueToCommons()).to.equal(budget);
      await expect(computeRewards.settleCommons()).to.emit(computeRewards, "UnreportedToCommons").withArgs(1n, budget);
    });

    it("assigns an epoch with work what was not claimed, and the rounding dust, to the commons after its claim period", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission, reserveToken } = f;
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 1n));
      await submit(f, report(2n, 0n, 2n)); // thirds: dust
      await networkHelpers.time.increaseTo(end + FINAL + 1n);
      await computeRewards.claim(2n, [0n]);
      const budget = await computeRewards.epochBudget(0n);
      const claimed = (budget * 2n) / 3n;
      expect(await computeRewards.claimedIn(0n)).to.equal(claimed);
      const endsAt = end + FINAL + CLAIM_PERIOD;
      await nextAt(endsAt);
      await expect(computeRewards.sweep(0n))
        .to.be.revertedWithCustomError(computeRewards, "ClaimPeriodNotOver")
        .withArgs(0n, endsAt);
      await nextAt(endsAt + 1n);
      const swept = await mined(computeRewards.sweep(0n));
      await expect(swept)
        .to.emit(computeRewards, "EpochSwept")
        .withArgs(0n, budget - claimed);
      // Nothing is minted: the emission contract makes it due to the commons instead.
      await expect(swept)
        .to.emit(emission, "AssignedToCommons")
        .withArgs(await computeRewards.getAddress(), budget - claimed, budget - claimed);
      expect(mintedIn(swept, reserveToken)).to.equal(0n);
      expect(await emission.assignedToCommons()).to.equal(budget - claimed);
      // Per epoch: budget = claimed + voided shares handed over + swept, to the wei; pool 1's unclaimed third went too.
      expect(await books(f, 0n)).to.deep.equal({ claimed, voided: 0n, swept: budget - claimed });
      expect(await computeRewards.isSwept(0n)).to.equal(true);
      expect(await emission.spentBy(computeRewards)).to.equal(budget);
      expect(await computeRewards.claimable(1n, 0n)).to.equal(0n);
      expect(await computeRewards.claim.staticCall(1n, [0n])).to.equal(0n);
      // A second sweep returns 0 and says nothing.
      expect(await computeRewards.sweep.staticCall(0n)).to.equal(0n);
      const again = await mined(computeRewards.sweep(0n));
      expect(again.logs).to.have.length(0);
      expect(await emission.spentBy(computeRewards)).to.equal(budget);
    });

    it("takes a voided share not handed over yet with the rest: budget − claimed − voided shares handed over", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission, guardian } = f;
      const compute = await computeRewards.getAddress();
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 1n));
      await submit(f, report(2n, 0n, 2n));
      await computeRewards.connect(guardian).voidReport(2n, 0n);
      await networkHelpers.time.increaseTo(end + FINAL + 1n);
      const budget = await computeRewards.epochBudget(0n);
      const claimed = budget / 3n;
      await computeRewards.claim(1n, [0n]);
      // Nobody called sweepVoided: the sweep hands pool 2's two thirds over, with the dust.
      await nextAt(end + FINAL + CLAIM_PERIOD + 1n);
      const swept = await mined(computeRewards.sweep(0n));
      await expect(swept)
        .to.emit(computeRewards, "EpochSwept")
        .withArgs(0n, budget - claimed);
      await expect(swept)
        .to.emit(emission, "AssignedToCommons")
        .withArgs(compute, budget - claimed, budget - claimed);
      expect(await books(f, 0n)).to.deep.equal({ claimed, voided: 0n, swept: budget - claimed });
      // Handed over already: sweepVoided returns 0, says nothing, counts nothing.
      expect(await computeRewards.sweepVoided.staticCall(2n, 0n)).to.equal(0n);
      expect((await mined(computeRewards.sweepVoided(2n, 0n))).logs).to.have.length(0);
      expect(await computeRewards.voidedToCommons()).to.equal(0n);
      expect(await computeRewards.voidedToCommonsIn(0n)).to.equal(0n);
      expect(await emission.spentBy(computeRewards)).to.equal(budget);
      expect(await emission.assignedToCommons()).to.equal(budget - claimed);
    });

    it("waits for the claim period even when every report was voided; budget = claimed + voided shares + swept to the wei", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission, guardian } = f;
      const compute = await computeRewards.getAddress();
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 1n));
      await submit(f, report(2n, 0n, 2n)); // thirds: dust
      await computeRewards.connect(guardian).voidReport(1n, 0n);
      await computeRewards.connect(guardian).voidReport(2n, 0n);
      // Reported, so its budget is the sweeps', not settleCommons'.
      expect(await computeRewards.isReported(0n)).to.equal(true);
      expect(await computeRewards.totalUnits(0n)).to.equal(3n);
      const budget = await computeRewards.epochBudget(0n);
      const [voided1, voided2] = [budget / 3n, (budget * 2n) / 3n];
      const endsAt = end + FINAL + CLAIM_PERIOD;
      // Final: no sweep at once (the old rule is gone), but each voided share may be handed over.
      await nextAt(end + FINAL + 1n);
      await expect(computeRewards.sweep(0n))
        .to.be.revertedWithCustomError(computeRewards, "ClaimPeriodNotOver")
        .withArgs(0n, endsAt);
      await expect(computeRewards.sweepVoided(1n, 0n))
        .to.emit(computeRewards, "VoidedToCommons")
        .withArgs(1n, 0n, voided1);
      await expect(computeRewards.sweepVoided(2n, 0n))
        .to.emit(computeRewards, "VoidedToCommons")
        .withArgs(2n, 0n, voided2);
      expect(await computeRewards.voidedToCommonsIn(0n)).to.equal(voided1 + voided2);
      // The sweep after the claim period hands over the dust alone.
      await nextAt(endsAt + 1n);
      const dust = budget - voided1 - voided2;
      const swept = await mined(computeRewards.sweep(0n));
      await expect(swept).to.emit(computeRewards, "EpochSwept").withArgs(0n, dust);
      if (dust !== 0n) {
        await expect(swept)
          .to.emit(emission, "AssignedToCommons")
          .withArgs(compute, dust, voided1 + voided2 + dust);
      } else {
        expect(eventsIn(swept, emission, "AssignedToCommons")).to.have.length(0);
      }
      expect(await books(f, 0n)).to.deep.equal({ claimed: 0n, voided: voided1 + voided2, swept: dust });
      const { claimed, voided, swept: sweptIn } = await books(f, 0n);
      expect(claimed + voided + sweptIn).to.equal(budget);
      expect(await emission.spentBy(computeRewards)).to.equal(budget);
      expect(await emission.assignedToCommons()).to.equal(budget);
      // And settleCommons does not hand it over a second time: only the day's later epochs nobody reported.
      const start = await computeRewards.START();
      const finalEpochs = (BigInt(await networkHelpers.time.latest()) - start - FINAL - 1n) / EPOCH;
      const finalBudgets = await emission.computeShareOf(await emission.emittedUntil(start + finalEpochs * EPOCH));
      expect(await computeRewards.dueToCommons()).to.equal(finalBudgets - budget);
      expect(await computeRewards.settleCommons.staticCall()).to.equal(finalBudgets - budget);
    });
  });

  describe("settleCommons", function () {
    it("hands the commons the budgets of every final epoch nobody reported, in one transaction, and never twice", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission, reserveToken, stranger } = f;
      const compute = await computeRewards.getAddress();
      // Before any epoch is final there is nothing to hand over.
      expect(await computeRewards.dueToCommons()).to.equal(0n);
      expect((await mined(computeRewards.connect(stranger).settleCommons())).logs).to.have.length(0);
      // Epochs 1, 4 and 7 get work; 0, 2, 3, 5, 6 and 8 none.
      const reported = [1n, 4n, 7n];
      const budgets: bigint[] = [];
      for (let epoch = 0n; epoch < 9n; epoch++) budgets.push(await computeRewards.epochBudget(epoch));
      const budget = (epoch: bigint) => budgets[Number(epoch)]!;
      /** The test's own sum: the budgets of epochs 0 .. final - 1 that nobody reported. */
      const unreportedBefore = (final: bigint) =>
        budgets.slice(0, Number(final)).reduce((sum, b, e) => (reported.includes(BigInt(e)) ? sum : sum + b), 0n);
      for (const epoch of [1n, 4n]) {
        await networkHelpers.time.increaseTo(await endOf(f, epoch));
        await submit(f, report(1n, epoch, 10n));
      }
      // Epoch 6 has ended with no report, and is in its review period (a report could have come
      // until its window closed; a void could still come): epochs 0..5 are final, and only their
      // unreported budgets are due.
      const final6 = (await endOf(f, 6n)) + FINAL;
      await networkHelpers.time.increaseTo(final6 - 2n);
      const first = unreportedBefore(6n);
      expect(first).to.equal(budget(0n) + budget(2n) + budget(3n) + budget(5n));
      expect(await computeRewards.dueToCommons()).to.equal(first);
      await nextAt(final6 - 1n);
      const handed = await mined(computeRewards.connect(stranger).settleCommons());
      expect(eventsIn(handed, computeRewards, "UnreportedToCommons").map((a) => [...a])).to.deep.equal([[6n, first]]);
      expect(eventsIn(handed, emission, "AssignedToCommons").map((a) => [...a])).to.deep.equal([
        [compute, first, first],
      ]);
      expect(mintedIn(handed, reserveToken)).to.equal(0n);
      expect(await computeRewards.unreportedToCommons()).to.equal(first);
      expect(await emission.spentBy(computeRewards)).to.equal(first);
      // The last block of epoch 6's review period: nothing new, nothing twice.
      expect(await computeRewards.dueToCommons()).to.equal(0n);
      await nextAt(final6);
      expect((await mined(computeRewards.settleCommons())).logs).to.have.length(0);
      // Epoch 7 is reported in its window: 6 is final now, 7 is not (and will never be handed over).
      const end7 = await endOf(f, 7n);
      expect(end7).to.equal(final6); // with a window and a review of half an epoch each
      await nextAt(end7 + 1n);
      await submit(f, report(2n, 7n, 10n));
      expect(await computeRewards.dueToCommons()).to.equal(budget(6n));
      const second = await mined(computeRewards.settleCommons());
      expect(eventsIn(second, computeRewards, "UnreportedToCommons").map((a) => [...a])).to.deep.equal([
        [7n, budget(6n)],
      ]);
      expect(eventsIn(second, emission, "AssignedToCommons").map((a) => [...a])).to.deep.equal([
        [compute, budget(6n), first + budget(6n)],
      ]);
      // Once 7 and 8 are final, only 8's budget is new.
      await networkHelpers.time.increaseTo((await endOf(f, 8n)) + FINAL + 1n);
      expect(await computeRewards.dueToCommons()).to.equal(budget(8n));
      const third = await mined(computeRewards.settleCommons());
      expect(eventsIn(third, computeRewards, "UnreportedToCommons").map((a) => [...a])).to.deep.equal([
        [9n, budget(8n)],
      ]);
      expect(await computeRewards.unreportedToCommons()).to.equal(unreportedBefore(9n));
      expect(await emission.spentBy(computeRewards)).to.equal(unreportedBefore(9n));
      expect(await computeRewards.dueToCommons()).to.equal(0n);
      expect(await computeRewards.settleCommons.staticCall()).to.equal(0n);
      // Every budget of epochs 0..8 is either reported or handed over, to the wei.
      expect(await computeRewards.reportedBudgets()).to.equal(budget(1n) + budget(4n) + budget(7n));
      for (let epoch = 0n; epoch < 9n; epoch++) {
        expect(await computeRewards.isReported(epoch), `epoch ${epoch}`).to.equal(reported.includes(epoch));
      }
      const all = budgets.reduce((sum, b) => sum + b, 0n);
      expect((await computeRewards.reportedBudgets()) + (await computeRewards.unreportedToCommons())).to.equal(all);
    });

    it("never hands over an epoch whose every report was voided: its budget is the sweeps'", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, guardian } = f;
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 10n));
      await computeRewards.connect(guardian).voidReport(1n, 0n);
      // Epochs 0 and 1 final; only 1 (unreported) is due.
      await networkHelpers.time.increaseTo((await endOf(f, 1n)) + FINAL + 1n);
      const budget1 = await computeRewards.epochBudget(1n);
      expect(await computeRewards.dueToCommons()).to.equal(budget1);
      await expect(computeRewards.settleCommons()).to.emit(computeRewards, "UnreportedToCommons").withArgs(2n, budget1);
      expect(await computeRewards.reportedBudgets()).to.equal(await computeRewards.epochBudget(0n));
    });

    it("runs in the registry's full settlement; the emission counts claims + sweeps + handed over as compute's spending", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission, poolRegistry } = f;
      const start = await computeRewards.START();
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 1n));
      await submit(f, report(2n, 0n, 2n));
      await networkHelpers.time.increaseTo(end + FINAL + 1n);
      const budget0 = await computeRewards.epochBudget(0n);
      const claimed = (budget0 * 2n) / 3n;
      await computeRewards.claim(2n, [0n]);
      await nextAt(end + FINAL + CLAIM_PERIOD + 1n);
      await computeRewards.sweep(0n);
      const settled = await mined(poolRegistry.settle());
      const t = BigInt((await ethers.provider.getBlock(settled.blockNumber))!.timestamp);
      // Epoch e is final once t > its end + WINDOW + REVIEW.
      const finalEpochs = (t - start - FINAL - 1n) / EPOCH;
      let unreported = 0n;
      for (let epoch = 1n; epoch < finalEpochs; epoch++) unreported += await computeRewards.epochBudget(epoch);
      expect(eventsIn(settled, computeRewards, "UnreportedToCommons").map((a) => [...a])).to.deep.equal([
        [finalEpochs, unreported],
      ]);
      expect(await computeRewards.unreportedToCommons()).to.equal(unreported);
      expect(await emission.spentBy(computeRewards)).to.equal(claimed + (budget0 - claimed) + unreported);
      expect(await emission.assignedToCommons()).to.equal(budget0 - claimed + unreported);
      // Everything final is accounted for: the compute share emitted by the end of the last final epoch.
      const emitted = await emission.emittedUntil(start + finalEpochs * EPOCH);
      expect(await emission.spentBy(computeRewards)).to.equal(await emission.computeShareOf(emitted));
    });
  });
  describe("forwardSurplus", function () {
    it("sends FRSV that reached it other than by emission to the emission contract, to be recycled for the commons", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, reserveToken, emission, alice } = f;
      // Nothing is ever held here: nothing to forward.
      expect(await computeRewards.forwardSurplus.staticCall()).to.equal(0n);
      expect((await mined(computeRewards.forwardSurplus())).logs).to.have.length(0);
      await reserveToken.connect(alice).transfer(computeRewards, units("3"));
      const atEmission = await reserveToken.balanceOf(emission);
      const forwarded = await mined(computeRewards.forwardSurplus());
      await expect(forwarded).to.emit(computeRewards, "SurplusForwarded").withArgs(units("3"));
      await expect(forwarded)
        .to.emit(reserveToken, "Transfer")
        .withArgs(await computeRewards.getAddress(), await emission.getAddress(), units("3"));
      expect(await reserveToken.balanceOf(computeRewards)).to.equal(0n);
      expect(await reserveToken.balanceOf(emission)).to.equal(atEmission + units("3"));
      // It is not compute's spending; recycled, it becomes due to the commons.
      expect(await emission.spentBy(computeRewards)).to.equal(0n);
      const recycled = await emission.recycled();
      await expect(emission.recycle())
        .to.emit(emission, "Recycled")
        .withArgs(atEmission + units("3"), recycled + atEmission + units("3"));
    });
  });

  describe("quorum and attesters", function () {
    it("lets the admin set a quorum between 1 and the number of attesters", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, governor, stranger } = f;
      await expect(computeRewards.connect(governor).setQuorum(3n)).to.emit(computeRewards, "QuorumSet").withArgs(3n);
      expect(await computeRewards.quorum()).to.equal(3n);
      for (const quorum of [0n, 4n]) {
        await expect(computeRewards.connect(governor).setQuorum(quorum))
          .to.be.revertedWithCustomError(computeRewards, "InvalidQuorum")
          .withArgs(quorum, 3n);
      }
      await expect(computeRewards.connect(stranger).setQuorum(1n))
        .to.be.revertedWithCustomError(computeRewards, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, ethers.ZeroHash);
    });

    it("refuses the admin's revoke of an attester below the quorum", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, governor } = f;
      const role = await computeRewards.ATTESTER_ROLE();
      const [, b, c] = f.attesters as [(typeof f.attesters)[0], (typeof f.attesters)[0], (typeof f.attesters)[0]];
      const timelock = await governor.getAddress();
      await expect(computeRewards.connect(governor).revokeRole(role, c.address))
        .to.emit(computeRewards, "RoleRevoked")
        .withArgs(role, c.address, timelock); // 2 left, quorum 2
      await expect(computeRewards.connect(governor).revokeRole(role, b.address))
        .to.be.revertedWithCustomError(computeRewards, "InvalidQuorum")
        .withArgs(2n, 1n);
      expect(await computeRewards.getRoleMemberCount(role)).to.equal(2n);
      expect(await computeRewards.hasRole(role, b.address)).to.equal(true);
    });

    it("lets an attester renounce even when that leaves fewer attesters than the quorum: no report passes until the admin acts", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, governor, deployer } = f;
      const role = await computeRewards.ATTESTER_ROLE();
      const [a, b, c] = f.attesters as [(typeof f.attesters)[0], (typeof f.attesters)[0], (typeof f.attesters)[0]];
      await computeRewards.connect(governor).revokeRole(role, c.address);
      // Attesters == quorum == 2: a's key leaked, a renounces at once.
      await expect(computeRewards.connect(a).renounceRole(role, a.address))
        .to.emit(computeRewards, "RoleRevoked")
        .withArgs(role, a.address, a.address);
      expect(await computeRewards.getRoleMemberCount(role)).to.equal(1n);
      expect(await computeRewards.quorum()).to.equal(2n);
      // a's signatures no longer count, and b alone is below the quorum.
      await networkHelpers.time.increaseTo(await endOf(f, 0n));
      await expect(send(f, report(1n, 0n, 10n), [a, b]))
        .to.be.revertedWithCustomError(computeRewards, "NotAttester")
        .withArgs(a.address);
      await expect(send(f, report(1n, 0n, 10n), [b]))
        .to.be.revertedWithCustomError(computeRewards, "BelowQuorum")
        .withArgs(1n, 2n);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([0n, 0n, false, 0n]);
      // The admin still cannot revoke the last attester, nor set a quorum above those left.
      await expect(computeRewards.connect(governor).revokeRole(role, b.address))
        .to.be.revertedWithCustomError(computeRewards, "InvalidQuorum")
        .withArgs(2n, 0n);
      // The quorum rule is the attesters' alone: below it, the admin still revokes another role
      // (the guardian's), and revoking the attester role from someone without it changes nothing.
      const guardianRole = await computeRewards.GUARDIAN_ROLE();
      await expect(computeRewards.connect(governor).revokeRole(role, c.address)).not.to.emit(
        computeRewards,
        "RoleRevoked",
      );
      await expect(computeRewards.connect(governor).revokeRole(guardianRole, f.guardian.address))
        .to.emit(computeRewards, "RoleRevoked")
        .withArgs(guardianRole, f.guardian.address, await governor.getAddress());
      await expect(computeRewards.connect(governor).setQuorum(2n))
        .to.be.revertedWithCustomError(computeRewards, "InvalidQuorum")
        .withArgs(2n, 1n);
      // Once the admin lowers the quorum, b's report passes.
      await expect(computeRewards.connect(governor).setQuorum(1n)).to.emit(computeRewards, "QuorumSet").withArgs(1n);
      await expect(send(f, report(1n, 0n, 10n), [b]))
        .to.emit(computeRewards, "WorkSubmitted")
        .withArgs(1n, 0n, 10n, EVIDENCE, 1n, deployer.address);
      await expect(computeRewards.connect(governor).revokeRole(role, b.address))
        .to.be.revertedWithCustomError(computeRewards, "InvalidQuorum")
        .withArgs(1n, 0n);
      // The last attester may renounce too: then nobody's signature passes.
      await expect(computeRewards.connect(b).renounceRole(role, b.address))
        .to.emit(computeRewards, "RoleRevoked")
        .withArgs(role, b.address, b.address);
      expect(await computeRewards.getRoleMemberCount(role)).to.equal(0n);
      await expect(send(f, report(2n, 0n, 10n), [b]))
        .to.be.revertedWithCustomError(computeRewards, "NotAttester")
        .withArgs(b.address);
    });
  });

  describe("the coin", function () {
    it("refuses compute rewards as a recipient of FDC", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { foundationCoin, computeRewards, alice } = f;
      await foundationCoin.connect(alice).mint(units("1"), alice.address, 0n, 0n);
      await expect(foundationCoin.connect(alice).transfer(computeRewards, 1n))
        .to.be.revertedWithCustomError(foundationCoin, "InvalidRecipient")
        .withArgs(await computeRewards.getAddress());
      expect(await foundationCoin.isSystemContract(computeRewards)).to.equal(true);
    });
  });
});
