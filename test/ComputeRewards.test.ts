import { expect } from "chai";
import { network } from "hardhat";
import {
  ComputeRewardsHarness__factory,
  ComputeRewards__factory,
  ContractAttester__factory,
} from "../typechain-types/index.js";
import { units } from "../client/foundation.js";
import { attest, CLAIM_PERIOD, computeFixture, EPOCH, signWork, WINDOW, type WorkReport } from "./helpers/compute.js";
import { eventsIn, mined, mintedIn } from "./helpers/books.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = computeFixture(connection);
type Fixture = Awaited<ReturnType<typeof deploy>>;

const EVIDENCE = ethers.id("merkle root of the pool's job receipts");
const report = (poolId: bigint, epoch: bigint, units: bigint, evidence = EVIDENCE): WorkReport => ({
  poolId,
  epoch,
  units,
  evidence,
});

/** The end of `epoch`: reports are accepted from then until the window closes. */
async function endOf(f: Fixture, epoch: bigint): Promise<bigint> {
  return (await f.computeRewards.START()) + (epoch + 1n) * EPOCH;
}

/** Moves the chain so the next transaction happens at `timestamp`. */
async function nextAt(timestamp: bigint): Promise<void> {
  await networkHelpers.time.setNextBlockTimestamp(timestamp);
}

/** Submits `r` signed by the first two attesters (the quorum). */
async function submit(f: Fixture, r: WorkReport, signers = f.attesters.slice(0, 2)) {
  const { signers: addresses, signatures } = await attest(f.computeRewards, r, signers);
  return mined(f.computeRewards.submitWork(r.poolId, r.epoch, r.units, r.evidence, addresses, signatures));
}

/** Everything the contract records for (pool, epoch), to show a refusal changed nothing. */
async function recorded(f: Fixture, poolId: bigint, epoch: bigint) {
  return [await f.computeRewards.reportedUnits(poolId, epoch), await f.computeRewards.totalUnits(epoch)];
}

describe("ComputeRewards", function () {
  describe("deployment", function () {
    it("takes its epochs from emission's start and its budgets from emission's compute share", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission, poolRegistry, reserveToken, timelock } = f;
      expect(await computeRewards.START()).to.equal(await emission.START());
      expect(await computeRewards.EPOCH_LENGTH()).to.equal(EPOCH);
      expect(await computeRewards.SUBMISSION_WINDOW()).to.equal(WINDOW);
      expect(await computeRewards.CLAIM_PERIOD()).to.equal(CLAIM_PERIOD);
      expect(await computeRewards.MAX_UNITS()).to.equal(2n ** 64n - 1n);
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
        [zero, emitter, EPOCH, WINDOW, CLAIM_PERIOD, admin, admin, me, 1n],
        [registry, zero, EPOCH, WINDOW, CLAIM_PERIOD, admin, admin, me, 1n],
        [registry, emitter, 0n, WINDOW, CLAIM_PERIOD, admin, admin, me, 1n],
        [registry, emitter, EPOCH, 0n, CLAIM_PERIOD, admin, admin, me, 1n],
        // A claim period of 0 would let a sweep take a final epoch's budget before any claim.
        [registry, emitter, EPOCH, WINDOW, 0n, admin, admin, me, 1n],
        // Above MAX_DURATION, epoch arithmetic could overflow and lock claims.
        [registry, emitter, 2n ** 32n, WINDOW, CLAIM_PERIOD, admin, admin, me, 1n],
        [registry, emitter, EPOCH, 2n ** 32n, CLAIM_PERIOD, admin, admin, me, 1n],
        [registry, emitter, EPOCH, WINDOW, 2n ** 32n, admin, admin, me, 1n],
        [registry, emitter, EPOCH, WINDOW, CLAIM_PERIOD, admin, zero, me, 1n],
        [registry, emitter, EPOCH, WINDOW, CLAIM_PERIOD, admin, admin, [zero], 1n],
      ];
      for (const args of cases) {
        await expect(factory.deploy(...args)).to.be.revertedWithCustomError(factory, "InvalidSetting");
      }
      for (const quorum of [0n, 2n]) {
        await expect(factory.deploy(registry, emitter, EPOCH, WINDOW, CLAIM_PERIOD, admin, admin, me, quorum))
          .to.be.revertedWithCustomError(factory, "InvalidQuorum")
          .withArgs(quorum, 1n);
      }
      const longest = await factory.deploy(
        registry,
        emitter,
        2n ** 32n - 1n,
        2n ** 32n - 1n,
        2n ** 32n - 1n,
        admin,
        admin,
        me,
        1n,
      );
      expect(await longest.MAX_DURATION()).to.equal(2n ** 32n - 1n);
      expect(await longest.CLAIM_PERIOD()).to.equal(2n ** 32n - 1n);
      // No attesters given: the deploying account attests.
      const fallback = await factory.deploy(registry, emitter, EPOCH, WINDOW, CLAIM_PERIOD, admin, admin, [], 1n);
      expect(await fallback.hasRole(await fallback.ATTESTER_ROLE(), deployer.address)).to.equal(true);
    });

    it("refuses a submission window longer than 8 epochs, and accepts exactly 8", async function () {
      const { deployer, poolRegistry, emission, timelock } = await networkHelpers.loadFixture(deploy);
      const factory = new ComputeRewards__factory(deployer);
      const admin = await timelock.getAddress();
      const me = [deployer.address];
      // settleCommons reads the ended epochs that are not final yet one by one: the window bounds them.
      const max = 8n * EPOCH;
      await expect(factory.deploy(poolRegistry, emission, EPOCH, max + 1n, CLAIM_PERIOD, admin, admin, me, 1n))
        .to.be.revertedWithCustomError(factory, "WindowTooLong")
        .withArgs(max + 1n, max);
      // The bound scales with the epoch: a day-long window is too long for one-minute epochs.
      await expect(factory.deploy(poolRegistry, emission, 60n, 86_400n, CLAIM_PERIOD, admin, admin, me, 1n))
        .to.be.revertedWithCustomError(factory, "WindowTooLong")
        .withArgs(86_400n, 480n);
      const widest = await factory.deploy(poolRegistry, emission, EPOCH, max, CLAIM_PERIOD, admin, admin, me, 1n);
      expect(await widest.SUBMISSION_WINDOW()).to.equal(max);
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
    });
  });

  describe("submitWork", function () {
    it("records a report signed by a quorum of attesters, after the epoch ended and within its window", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, stranger } = f;
      const end = await endOf(f, 0n);
      await nextAt(end); // the first moment the epoch has ended
      const r = report(1n, 0n, 1_234n);
      const { signers, signatures } = await attest(computeRewards, r, f.attesters.slice(0, 2));
      await expect(computeRewards.connect(stranger).submitWork(1n, 0n, 1_234n, EVIDENCE, signers, signatures))
        .to.emit(computeRewards, "WorkSubmitted")
        .withArgs(1n, 0n, 1_234n, EVIDENCE, stranger.address);
      // The last moment of the window: another pool reports, with all three attesters.
      await nextAt(end + WINDOW);
      await submit(f, report(2n, 0n, 766n), f.attesters);
      expect(await computeRewards.reportedUnits(1n, 0n)).to.equal(1_234n);
      expect(await computeRewards.reportedUnits(2n, 0n)).to.equal(766n);
      expect(await computeRewards.totalUnits(0n)).to.equal(2_000n);
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
          entries.map((e) => e.address),
          entries.map((e) => e.signature),
        ),
      ).to.emit(computeRewards, "WorkSubmitted");
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
      await expect(computeRewards.submitWork(1n, 0n, 50n, EVIDENCE, one.signers, one.signatures))
        .to.be.revertedWithCustomError(computeRewards, "BelowQuorum")
        .withArgs(1n, 2n);
      const two = await attest(computeRewards, r, f.attesters.slice(0, 2));
      await expect(computeRewards.submitWork(1n, 0n, 50n, EVIDENCE, two.signers, [two.signatures[0]!]))
        .to.be.revertedWithCustomError(computeRewards, "LengthMismatch")
        .withArgs(2n, 1n);
      const repeated = [one.signers[0]!, one.signers[0]!];
      await expect(computeRewards.submitWork(1n, 0n, 50n, EVIDENCE, repeated, [one.signatures[0]!, one.signatures[0]!]))
        .to.be.revertedWithCustomError(computeRewards, "SignersNotAscending")
        .withArgs(repeated[0], repeated[1]);
      const reversed = [...two.signers].reverse();
      await expect(computeRewards.submitWork(1n, 0n, 50n, EVIDENCE, reversed, [...two.signatures].reverse()))
        .to.be.revertedWithCustomError(computeRewards, "SignersNotAscending")
        .withArgs(reversed[0], reversed[1]);
      const withStranger = await attest(computeRewards, r, [f.attesters[0]!, stranger]);
      await expect(computeRewards.submitWork(1n, 0n, 50n, EVIDENCE, withStranger.signers, withStranger.signatures))
        .to.be.revertedWithCustomError(computeRewards, "NotAttester")
        .withArgs(stranger.address);
      expect(await recorded(f, 1n, 0n)).to.deep.equal([0n, 0n]);
    });

    it("refuses a signature for another pool, epoch, number of units, evidence, chain or contract", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, deployer, poolRegistry, emission, timelock } = f;
      await networkHelpers.time.increaseTo(await endOf(f, 0n));
      const r = report(1n, 0n, 50n);
      const [a, b] = f.attesters as [(typeof f.attesters)[0], (typeof f.attesters)[0]];
      const variants: WorkReport[] = [
        report(2n, 0n, 50n),
        report(1n, 1n, 50n),
        report(1n, 0n, 51n),
        report(1n, 0n, 50n, ethers.id("other evidence")),
      ];
      const { chainId } = await ethers.provider.getNetwork();
      const twin = await new ComputeRewards__factory(deployer).deploy(
        poolRegistry,
        emission,
        EPOCH,
        WINDOW,
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
            entries.map((e) => e.address),
            entries.map((e) => e.signature),
          ),
        )
          .to.be.revertedWithCustomError(computeRewards, "InvalidSignature")
          .withArgs(b.address);
      }
      expect(await recorded(f, 1n, 0n)).to.deep.equal([0n, 0n]);
    });

    it("refuses a report before the epoch ends, after its window, twice, or for an inactive pool", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, poolRegistry } = f;
      const end = await endOf(f, 0n);
      await nextAt(end - 1n);
      const early = await attest(computeRewards, report(1n, 0n, 5n), f.attesters.slice(0, 2));
      await expect(computeRewards.submitWork(1n, 0n, 5n, EVIDENCE, early.signers, early.signatures))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotEnded")
        .withArgs(0n);
      // An absurd epoch is simply not ended: no overflow.
      await expect(computeRewards.submitWork(1n, ethers.MaxUint256, 5n, EVIDENCE, early.signers, early.signatures))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotEnded")
        .withArgs(ethers.MaxUint256);
      await nextAt(end);
      await submit(f, report(1n, 0n, 5n));
      const again = await attest(computeRewards, report(1n, 0n, 6n), f.attesters.slice(0, 2));
      await expect(computeRewards.submitWork(1n, 0n, 6n, EVIDENCE, again.signers, again.signatures))
        .to.be.revertedWithCustomError(computeRewards, "AlreadyReported")
        .withArgs(1n, 0n);
      for (const poolId of [3n, 9n]) {
        const inactive = await attest(computeRewards, report(poolId, 0n, 5n), f.attesters.slice(0, 2));
        await expect(computeRewards.submitWork(poolId, 0n, 5n, EVIDENCE, inactive.signers, inactive.signatures))
          .to.be.revertedWithCustomError(computeRewards, "PoolNotActive")
          .withArgs(poolId);
      }
      await poolRegistry.retire(2n);
      const retired = await attest(computeRewards, report(2n, 0n, 5n), f.attesters.slice(0, 2));
      await expect(computeRewards.submitWork(2n, 0n, 5n, EVIDENCE, retired.signers, retired.signatures))
        .to.be.revertedWithCustomError(computeRewards, "PoolNotActive")
        .withArgs(2n);
      await nextAt(end + WINDOW + 1n);
      const late = await attest(computeRewards, report(2n, 0n, 5n), f.attesters.slice(0, 2));
      await expect(computeRewards.submitWork(2n, 0n, 5n, EVIDENCE, late.signers, late.signatures))
        .to.be.revertedWithCustomError(computeRewards, "SubmissionWindowClosed")
        .withArgs(0n, end + WINDOW);
      expect(await computeRewards.totalUnits(0n)).to.equal(5n);
    });

    it("refuses zero units and more than 2^64 - 1", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards } = f;
      await networkHelpers.time.increaseTo(await endOf(f, 0n));
      const zero = await attest(computeRewards, report(1n, 0n, 0n), f.attesters.slice(0, 2));
      await expect(
        computeRewards.submitWork(1n, 0n, 0n, EVIDENCE, zero.signers, zero.signatures),
      ).to.be.revertedWithCustomError(computeRewards, "ZeroUnits");
      const huge = 2n ** 64n;
      const big = await attest(computeRewards, report(1n, 0n, huge), f.attesters.slice(0, 2));
      await expect(computeRewards.submitWork(1n, 0n, huge, EVIDENCE, big.signers, big.signatures))
        .to.be.revertedWithCustomError(computeRewards, "UnitsTooLarge")
        .withArgs(huge, huge - 1n);
      // The largest accepted, exactly: the budget times it still fits.
      await submit(f, report(1n, 0n, huge - 1n));
      expect(await computeRewards.totalUnits(0n)).to.equal(huge - 1n);
    });
  });

  describe("voidReport", function () {
    it("lets the guardian void a report during its window; its units earn nothing and stay spent", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, guardian } = f;
      await networkHelpers.time.increaseTo(await endOf(f, 0n));
      await submit(f, report(1n, 0n, 100n));
      await submit(f, report(2n, 0n, 300n));
      await expect(computeRewards.connect(guardian).voidReport(1n, 0n))
        .to.emit(computeRewards, "ReportVoided")
        .withArgs(1n, 0n);
      expect(await computeRewards.reportedUnits(1n, 0n)).to.equal(0n);
      expect(await computeRewards.totalUnits(0n)).to.equal(300n);
      // The voided report still counts as the pool's one report: the same signatures cannot come back.
      const again = await attest(computeRewards, report(1n, 0n, 100n), f.attesters.slice(0, 2));
      await expect(computeRewards.submitWork(1n, 0n, 100n, EVIDENCE, again.signers, again.signatures))
        .to.be.revertedWithCustomError(computeRewards, "AlreadyReported")
        .withArgs(1n, 0n);
      await expect(computeRewards.connect(guardian).voidReport(1n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "NoReport")
        .withArgs(1n, 0n);
      await expect(computeRewards.connect(guardian).voidReport(3n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "NoReport")
        .withArgs(3n, 0n);
      // Pool 2 now has the whole budget.
      await networkHelpers.time.increaseTo((await endOf(f, 0n)) + WINDOW + 1n);
      expect(await computeRewards.claimable(2n, 0n)).to.equal(await computeRewards.epochBudget(0n));
      expect(await computeRewards.claimable(1n, 0n)).to.equal(0n);
    });

    it("is refused to anyone but the guardian, and outside the window", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, guardian, stranger, governor } = f;
      await expect(computeRewards.connect(guardian).voidReport(1n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotEnded")
        .withArgs(0n);
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 100n));
      for (const caller of [stranger, governor]) {
        await expect(computeRewards.connect(caller).voidReport(1n, 0n))
          .to.be.revertedWithCustomError(computeRewards, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, await computeRewards.GUARDIAN_ROLE());
      }
      await nextAt(end + WINDOW + 1n);
      await expect(computeRewards.connect(guardian).voidReport(1n, 0n))
        .to.be.revertedWithCustomError(computeRewards, "SubmissionWindowClosed")
        .withArgs(0n, end + WINDOW);
      expect(await computeRewards.reportedUnits(1n, 0n)).to.equal(100n);
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
      await networkHelpers.time.increaseTo((await endOf(f, 1n)) + WINDOW + 1n);
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
      await networkHelpers.time.increaseTo((await endOf(f, 256n)) + WINDOW + 1n);
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

    it("pays nothing the second time, and nothing for epochs a pool did not report or had voided", async function () {
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
  });

  describe("sweep", function () {
    it("leaves a final epoch nobody reported to settleCommons: its sweep returns 0 and changes nothing", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission } = f;
      const end = await endOf(f, 0n);
      await nextAt(end + WINDOW);
      await expect(computeRewards.sweep(0n))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotFinal")
        .withArgs(0n);
      await nextAt(end + WINDOW + 1n);
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
      await networkHelpers.time.increaseTo(end + WINDOW + 1n);
      await computeRewards.claim(2n, [0n]);
      const budget = await computeRewards.epochBudget(0n);
      const claimed = (budget * 2n) / 3n;
      expect(await computeRewards.claimedIn(0n)).to.equal(claimed);
      const endsAt = end + WINDOW + CLAIM_PERIOD;
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
      // Per epoch: budget = claimed + swept, to the wei; pool 1's unclaimed third went too.
      expect(await computeRewards.sweptIn(0n)).to.equal(budget - claimed);
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

    it("assigns an epoch whose every report was voided to the commons as soon as it is final", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission, guardian } = f;
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 10n));
      await computeRewards.connect(guardian).voidReport(1n, 0n);
      // Reported, so its budget is the sweep's, not settleCommons'.
      expect(await computeRewards.isReported(0n)).to.equal(true);
      expect(await computeRewards.totalUnits(0n)).to.equal(0n);
      await nextAt(end + WINDOW);
      await expect(computeRewards.sweep(0n))
        .to.be.revertedWithCustomError(computeRewards, "EpochNotFinal")
        .withArgs(0n);
      // No claim period to wait for: nobody can claim it.
      await nextAt(end + WINDOW + 1n);
      const budget = await computeRewards.epochBudget(0n);
      const swept = await mined(computeRewards.sweep(0n));
      await expect(swept).to.emit(computeRewards, "EpochSwept").withArgs(0n, budget);
      await expect(swept)
        .to.emit(emission, "AssignedToCommons")
        .withArgs(await computeRewards.getAddress(), budget, budget);
      expect(await computeRewards.sweptIn(0n)).to.equal(budget);
      expect(await emission.spentBy(computeRewards)).to.equal(budget);
      // And settleCommons does not hand it over a second time.
      expect(await computeRewards.dueToCommons()).to.equal(0n);
      expect(await computeRewards.settleCommons.staticCall()).to.equal(0n);
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
      // Epoch 6 has ended with no report, but its window is open (a report may still come):
      // epochs 0..5 are final, and only their unreported budgets are due.
      const closes6 = (await endOf(f, 6n)) + WINDOW;
      await networkHelpers.time.increaseTo(closes6 - 2n);
      const first = unreportedBefore(6n);
      expect(first).to.equal(budget(0n) + budget(2n) + budget(3n) + budget(5n));
      expect(await computeRewards.dueToCommons()).to.equal(first);
      await nextAt(closes6 - 1n);
      const handed = await mined(computeRewards.connect(stranger).settleCommons());
      expect(eventsIn(handed, computeRewards, "UnreportedToCommons").map((a) => [...a])).to.deep.equal([[6n, first]]);
      expect(eventsIn(handed, emission, "AssignedToCommons").map((a) => [...a])).to.deep.equal([
        [compute, first, first],
      ]);
      expect(mintedIn(handed, reserveToken)).to.equal(0n);
      expect(await computeRewards.unreportedToCommons()).to.equal(first);
      expect(await emission.spentBy(computeRewards)).to.equal(first);
      // The last block of epoch 6's window: nothing new, nothing twice.
      expect(await computeRewards.dueToCommons()).to.equal(0n);
      await nextAt(closes6);
      expect((await mined(computeRewards.settleCommons())).logs).to.have.length(0);
      // Epoch 7 is reported in its window: 6 is final now, 7 is not (and will never be handed over).
      await networkHelpers.time.increaseTo(await endOf(f, 7n));
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
      await networkHelpers.time.increaseTo((await endOf(f, 8n)) + WINDOW + 1n);
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

    it("runs in the registry's full settlement; the emission counts claims + sweeps + handed over as compute's spending", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, emission, poolRegistry } = f;
      const start = await computeRewards.START();
      const end = await endOf(f, 0n);
      await networkHelpers.time.increaseTo(end);
      await submit(f, report(1n, 0n, 1n));
      await submit(f, report(2n, 0n, 2n));
      await networkHelpers.time.increaseTo(end + WINDOW + 1n);
      const budget0 = await computeRewards.epochBudget(0n);
      const claimed = (budget0 * 2n) / 3n;
      await computeRewards.claim(2n, [0n]);
      await nextAt(end + WINDOW + CLAIM_PERIOD + 1n);
      await computeRewards.sweep(0n);
      const settled = await mined(poolRegistry.settle());
      const t = BigInt((await ethers.provider.getBlock(settled.blockNumber))!.timestamp);
      // Epoch e is final once t > its end + WINDOW.
      const finalEpochs = (t - start - WINDOW - 1n) / EPOCH;
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

    it("refuses to revoke an attester below the quorum, whoever asks", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { computeRewards, governor } = f;
      const role = await computeRewards.ATTESTER_ROLE();
      const [a, b, c] = f.attesters as [(typeof f.attesters)[0], (typeof f.attesters)[0], (typeof f.attesters)[0]];
      await computeRewards.connect(governor).revokeRole(role, c.address); // 2 left, quorum 2
      await expect(computeRewards.connect(governor).revokeRole(role, b.address))
        .to.be.revertedWithCustomError(computeRewards, "InvalidQuorum")
        .withArgs(2n, 1n);
      await expect(computeRewards.connect(a).renounceRole(role, a.address))
        .to.be.revertedWithCustomError(computeRewards, "InvalidQuorum")
        .withArgs(2n, 1n);
      expect(await computeRewards.getRoleMemberCount(role)).to.equal(2n);
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
