import { expect } from "chai";
import { network } from "hardhat";
import type { Signer } from "ethers";
import { units } from "../client/foundation.js";
import { signCredential } from "../client/humans.js";
import { undelayedGovernance } from "../client/deployment-policy.js";
import { foundationFixture } from "./helpers/fixture.js";
import { attest, computeFixture, EPOCH, REVIEW, WINDOW } from "./helpers/compute.js";

/**
 * The third review's findings on single keys (issue 16), each with the review's own numbers: on
 * 0a02faa the guardian alone could pick an epoch's winner with a void, a report sent in the window's
 * last second escaped any void, any issuer could evict everyone and its people kept accruing after
 * its removal, a revocation could be dodged by an expired person, an old signed report could block
 * its correction, a pool approved after an epoch could be paid for it, an attester could not walk
 * away, a system contract could be registered as a human, and a public deployment did not ask who
 * the guardian is. Compute: one-hour epochs, a 30-minute window and review, so epoch 0's budget is
 * 149.512 FRSV; humans: the test fixture's schedule, so ten days of the human share are 17,941.478 FRSV.
 */
const connection = await network.create();
const { ethers, networkHelpers } = connection;
const DAY = 86_400n;
const BUDGET_0 = units("149.512320328542093");

const computeDeploy = computeFixture(connection);
type Compute = Awaited<ReturnType<typeof computeDeploy>>;

async function report(f: Compute, poolId: bigint, epoch: bigint, units_: bigint, version = 1n) {
  const r = { poolId, epoch, units: units_, evidence: ethers.id(`pool ${poolId}`), version };
  const { signers, signatures } = await attest(f.computeRewards, r, f.attesters.slice(0, 2));
  return f.computeRewards.submitWork(r.poolId, r.epoch, r.units, r.evidence, r.version, signers, signatures);
}

async function latest(): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
}

describe("No single key redirects new reserve (the third review's findings)", function () {
  describe("the guardian", function () {
    it("cannot pick an epoch's winner: after voiding pool 2's 1,000,000 units, pool 1's 1 unit earns 0.000149 FRSV, not the whole 149.512 FRSV; pool 2's share goes to the commons", async function () {
      const f = await networkHelpers.loadFixture(computeDeploy);
      const start = await f.computeRewards.START();
      await networkHelpers.time.setNextBlockTimestamp(start + EPOCH + 1n);
      await report(f, 1n, 0n, 1n);
      await report(f, 2n, 0n, 1_000_000n);
      await f.computeRewards.connect(f.guardian).voidReport(2n, 0n);
      await networkHelpers.time.increaseTo(start + EPOCH + WINDOW + REVIEW + 1n);
      expect(await f.computeRewards.epochBudget(0n)).to.equal(BUDGET_0);
      const fair = BUDGET_0 / 1_000_001n;
      expect(fair).to.equal(units("0.000149512170816371"));
      await expect(f.computeRewards.claim(1n, [0n]))
        .to.emit(f.computeRewards, "WorkClaimed")
        .withArgs(1n, f.cancerLab.address, [0n], [fair], fair);
      await expect(f.computeRewards.sweepVoided(2n, 0n))
        .to.emit(f.computeRewards, "VoidedToCommons")
        .withArgs(2n, 0n, (BUDGET_0 * 1_000_000n) / 1_000_001n);
      expect(await f.computeRewards.claimable(2n, 0n)).to.equal(0n);
    });

    it("can void a report sent in the window's last second (an inflated 10^15 units), which then takes nothing instead of 149.512 of 149.512 FRSV", async function () {
      const f = await networkHelpers.loadFixture(computeDeploy);
      const start = await f.computeRewards.START();
      const end = start + EPOCH;
      await networkHelpers.time.setNextBlockTimestamp(end + 60n);
      await report(f, 1n, 0n, 3_600n);
      await networkHelpers.time.setNextBlockTimestamp(end + WINDOW);
      await report(f, 2n, 0n, 10n ** 15n);
      // On 0a02faa the window had closed for voids in that same second.
      await networkHelpers.time.setNextBlockTimestamp(end + WINDOW + REVIEW);
      await expect(f.computeRewards.connect(f.guardian).voidReport(2n, 0n))
        .to.emit(f.computeRewards, "ReportVoided")
        .withArgs(2n, 0n, 10n ** 15n);
      await expect(f.computeRewards.connect(f.guardian).voidReport(1n, 0n))
        .to.be.revertedWithCustomError(f.computeRewards, "ReviewPeriodOver")
        .withArgs(0n, end + WINDOW + REVIEW);
      await networkHelpers.time.increase(1n);
      expect(await f.computeRewards.claim.staticCall(2n, [0n])).to.equal(0n);
      expect(await f.computeRewards.sweepVoided.staticCall(2n, 0n)).to.equal(
        (BUDGET_0 * 10n ** 15n) / (10n ** 15n + 3_600n),
      );
    });

    it("must be named on a public chain: a parameter file without a guardian is refused", function () {
      const safe = {
        timelockDelay: "172800n",
        curator: "0x0000000000000000000000000000000000000000",
        quorum: "2n",
        attesters: ["0x1", "0x2"],
        issuers: ["0x3"],
      };
      const [problem, ...others] = undelayedGovernance(safe);
      expect(others).to.deep.equal([]);
      expect(problem).to.match(/no guardian is named, so the deploying account would be the guardian/);
      expect(undelayedGovernance({ ...safe, guardian: "0x4" })).to.deep.equal([]);
    });
  });

  describe("attesters and reports", function () {
    it("can correct a report: version 1 (100 units) submitted first by whoever holds its signatures no longer blocks version 2 (10,000), nor comes back after it", async function () {
      const f = await networkHelpers.loadFixture(computeDeploy);
      const start = await f.computeRewards.START();
      await networkHelpers.time.setNextBlockTimestamp(start + EPOCH + 1n);
      await report(f, 1n, 0n, 100n, 1n);
      await expect(report(f, 1n, 0n, 10_000n, 2n))
        .to.emit(f.computeRewards, "WorkSubmitted")
        .withArgs(1n, 0n, 10_000n, ethers.id("pool 1"), 2n, f.deployer.address);
      expect(await f.computeRewards.totalUnits(0n)).to.equal(10_000n);
      await expect(report(f, 1n, 0n, 100n, 1n))
        .to.be.revertedWithCustomError(f.computeRewards, "VersionNotLater")
        .withArgs(1n, 0n, 1n, 2n);
      expect(await f.computeRewards.reportedUnits(1n, 0n)).to.equal(10_000n);
    });

    it("pay nothing for an epoch that ended before the pool's approval, even at weight 0 (0a02faa paid it the whole 149.512 FRSV)", async function () {
      const f = await networkHelpers.loadFixture(computeDeploy);
      const start = await f.computeRewards.START();
      await networkHelpers.time.setNextBlockTimestamp(start + EPOCH + 1n);
      await f.poolRegistry.approve(3n, 0n);
      const approvedAt = (await f.poolRegistry.activePeriod(3n))[0];
      await expect(report(f, 3n, 0n, 3_600n))
        .to.be.revertedWithCustomError(f.computeRewards, "EpochBeforeApproval")
        .withArgs(3n, 0n, approvedAt);
      // The epoch it was approved in is its own to report.
      await networkHelpers.time.increaseTo(start + 2n * EPOCH + 1n);
      await expect(report(f, 3n, 1n, 3_600n)).to.emit(f.computeRewards, "WorkSubmitted");
    });

    it("lets an attester walk away even at attesters = quorum; the admin alone cannot go below the quorum", async function () {
      const f = await networkHelpers.loadFixture(computeDeploy);
      const role = await f.computeRewards.ATTESTER_ROLE();
      await f.computeRewards.connect(f.governor).revokeRole(role, f.attesters[2]!.address);
      expect(await f.computeRewards.getRoleMemberCount(role)).to.equal(await f.computeRewards.quorum());
      await expect(f.computeRewards.connect(f.governor).revokeRole(role, f.attesters[1]!.address))
        .to.be.revertedWithCustomError(f.computeRewards, "InvalidQuorum")
        .withArgs(2n, 1n);
      await expect(f.computeRewards.connect(f.attesters[1]!).renounceRole(role, f.attesters[1]!.address))
        .to.emit(f.computeRewards, "RoleRevoked")
        .withArgs(role, f.attesters[1]!.address, f.attesters[1]!.address);
      expect(await f.computeRewards.getRoleMemberCount(role)).to.equal(1n);
    });
  });

  describe("the curator (review 16, R16-1)", function () {
    it("cannot take an epoch's work from a pool by retiring it in the window: pool 2's 1,000,000 units still count after a retirement at end + 2 s, and pool 1's 1 unit earns 0.000149 FRSV, not the whole 149.512 FRSV", async function () {
      const f = await networkHelpers.loadFixture(computeDeploy);
      const end = (await f.computeRewards.START()) + EPOCH;
      await networkHelpers.time.setNextBlockTimestamp(end + 1n);
      await report(f, 1n, 0n, 1n);
      await networkHelpers.time.setNextBlockTimestamp(end + 2n);
      await f.poolRegistry.retire(2n);
      await expect(report(f, 2n, 0n, 1_000_000n))
        .to.emit(f.computeRewards, "WorkSubmitted")
        .withArgs(2n, 0n, 1_000_000n, ethers.id("pool 2"), 1n, f.deployer.address);
      expect(await f.computeRewards.totalUnits(0n)).to.equal(1_000_001n);
      await networkHelpers.time.increaseTo(end + WINDOW + REVIEW + 1n);
      const fair = BUDGET_0 / 1_000_001n;
      expect(fair).to.equal(units("0.000149512170816371"));
      await expect(f.computeRewards.claim(1n, [0n]))
        .to.emit(f.computeRewards, "WorkClaimed")
        .withArgs(1n, f.cancerLab.address, [0n], [fair], fair);
      // The retired pool is paid for the work it did while active.
      const share2 = (BUDGET_0 * 1_000_000n) / 1_000_001n;
      await expect(f.computeRewards.claim(2n, [0n]))
        .to.emit(f.computeRewards, "WorkClaimed")
        .withArgs(2n, f.schoolLab.address, [0n], [share2], share2);
    });

    it("cannot freeze an inflated report by retiring its pool: the attesters' correction (v2, 1,000 units) of v1 (10^12) is still accepted", async function () {
      const f = await networkHelpers.loadFixture(computeDeploy);
      const end = (await f.computeRewards.START()) + EPOCH;
      await networkHelpers.time.setNextBlockTimestamp(end + 1n);
      await report(f, 1n, 0n, 1n);
      await report(f, 2n, 0n, 10n ** 12n, 1n);
      await f.poolRegistry.retire(2n);
      await expect(report(f, 2n, 0n, 1_000n, 2n))
        .to.emit(f.computeRewards, "WorkSubmitted")
        .withArgs(2n, 0n, 1_000n, ethers.id("pool 2"), 2n, f.deployer.address);
      await networkHelpers.time.increaseTo(end + WINDOW + REVIEW + 1n);
      expect(await f.computeRewards.claimable(1n, 0n)).to.equal(BUDGET_0 / 1_001n);
      expect(await f.computeRewards.claimable(2n, 0n)).to.equal((BUDGET_0 * 1_000n) / 1_001n);
    });

    it("ends a pool's reports with the epochs it was active in: an epoch that began after its retirement is refused (EpochAfterRetirement)", async function () {
      const f = await networkHelpers.loadFixture(computeDeploy);
      const start = await f.computeRewards.START();
      // Retired in the middle of epoch 1: epoch 1 is still its own, epoch 2 is not.
      await networkHelpers.time.setNextBlockTimestamp(start + EPOCH + EPOCH / 2n);
      await f.poolRegistry.retire(2n);
      const retiredAt = start + EPOCH + EPOCH / 2n;
      expect(await f.poolRegistry.activePeriod(2n)).to.deep.equal([
        (await f.poolRegistry.pool(2n)).approvedAt,
        retiredAt,
      ]);
      await networkHelpers.time.setNextBlockTimestamp(start + 2n * EPOCH + 1n);
      await expect(report(f, 2n, 1n, 10n)).to.emit(f.computeRewards, "WorkSubmitted");
      await networkHelpers.time.increaseTo(start + 3n * EPOCH + 1n);
      await expect(report(f, 2n, 2n, 10n))
        .to.be.revertedWithCustomError(f.computeRewards, "EpochAfterRetirement")
        .withArgs(2n, 2n, retiredAt);
      // A rejected proposal never was a pool.
      await f.poolRegistry.propose("Never approved", "", f.stranger.address);
      const proposed = await f.poolRegistry.poolCount();
      await f.poolRegistry.retire(proposed);
      await expect(report(f, proposed, 2n, 10n))
        .to.be.revertedWithCustomError(f.computeRewards, "PoolNotApproved")
        .withArgs(proposed);
    });
  });

  describe("issuers", function () {
    const base = foundationFixture(connection);
    /** Issuer A (honest) registered two people, issuer B (rogue) its own Sybil; nobody else. */
    async function issuersFixture() {
      const f = await base();
      const signers = await ethers.getSigners();
      const [issuerA, issuerB, honest1, honest2, sybil] = signers.slice(14, 19) as Signer[];
      const role = await f.humanRegistry.ISSUER_ROLE();
      for (const issuer of [issuerA!, issuerB!]) {
        await f.humanRegistry.connect(f.governor).grantRole(role, await issuer.getAddress());
      }
      const chainId = (await ethers.provider.getNetwork()).chainId;
      const expiresAt = (await latest()) + 300n * DAY;
      const register = async (issuer: Signer, person: Signer, name: string, until = expiresAt) => {
        const credential = { account: await person.getAddress(), nullifier: ethers.id(name), expiresAt: until };
        const signature = await signCredential(issuer, { registry: f.humanRegistry, chainId }, credential);
        return f.humanRegistry.register(
          credential.account,
          credential.nullifier,
          credential.expiresAt,
          await issuer.getAddress(),
          signature,
        );
      };
      await register(issuerA!, honest1!, "honest 1");
      await register(issuerA!, honest2!, "honest 2");
      await register(issuerB!, sybil!, "sybil");
      return {
        ...f,
        issuerA: issuerA!,
        issuerB: issuerB!,
        honest1: honest1!,
        honest2: honest2!,
        sybil: sybil!,
        register,
      };
    }

    it("cannot evict another issuer's people: the rogue's Sybil takes its fair 5,980.5 FRSV of ten days, not 17,941.5", async function () {
      const f = await networkHelpers.loadFixture(issuersFixture);
      const start = await latest();
      for (const person of [f.honest1, f.honest2]) {
        await expect(f.humanRegistry.connect(f.issuerB).revoke(await person.getAddress()))
          .to.be.revertedWithCustomError(f.humanRegistry, "NotYourPerson")
          .withArgs(
            ethers.id(person === f.honest1 ? "honest 1" : "honest 2"),
            await f.issuerB.getAddress(),
            await f.issuerA.getAddress(),
          );
      }
      await networkHelpers.time.increaseTo(start + 10n * DAY);
      await f.humanDividend.settle();
      const sybil = await f.humanDividend.claimable(await f.sybil.getAddress());
      expect(sybil).to.be.within(units("5980.4"), units("5980.6"));
      // The honest people registered a few seconds before the Sybil: the same share, a few seconds more.
      expect(await f.humanDividend.claimable(await f.honest1.getAddress())).to.be.within(sybil, sybil + units("0.1"));
    });

    it("whose role the timelock removes leave nothing accruing: the Sybil's claimable stays where it was for 30 days (0a02faa: 26,912.2 FRSV more)", async function () {
      const f = await networkHelpers.loadFixture(issuersFixture);
      const role = await f.humanRegistry.ISSUER_ROLE();
      const termB = await f.humanRegistry.termOf(await f.issuerB.getAddress());
      await expect(f.humanRegistry.connect(f.governor).revokeRole(role, await f.issuerB.getAddress()))
        .to.emit(f.humanRegistry, "IssuerTermEnded")
        .withArgs(await f.issuerB.getAddress(), termB, 1n);
      const frozen = await f.humanDividend.claimable(await f.sybil.getAddress());
      expect(await f.humanRegistry.humanCount()).to.equal(2n);
      await networkHelpers.time.increase(30n * DAY);
      await f.humanDividend.settle();
      expect(await f.humanDividend.claimable(await f.sybil.getAddress())).to.equal(frozen);
      expect(await f.humanRegistry.isRegistered(await f.sybil.getAddress())).to.equal(false);
      // The honest two share the whole human share of those 30 days.
      expect(await f.humanDividend.claimable(await f.honest1.getAddress())).to.be.greaterThan(units("26912"));
    });

    it("can revoke a person whose registration expired and who removed it first: the renewal they kept is refused", async function () {
      const f = await networkHelpers.loadFixture(issuersFixture);
      const chainId = (await ethers.provider.getNetwork()).chainId;
      const person = await f.honest1.getAddress();
      const nullifier = ethers.id("honest 1");
      // The person holds a renewal signed before the issuer decided to revoke them.
      const [, latestAccepted] = await f.humanRegistry.nullifier(nullifier);
      const renewal = { account: person, nullifier, expiresAt: latestAccepted + 30n * DAY };
      const kept = await signCredential(f.issuerA, { registry: f.humanRegistry, chainId }, renewal);
      await networkHelpers.time.increaseTo(latestAccepted);
      // Front-running the issuer's revoke: the expired registration is removed first.
      await f.humanRegistry.connect(f.honest1).removeExpired(person);
      await expect(f.humanRegistry.connect(f.issuerA).revoke(person))
        .to.be.revertedWithCustomError(f.humanRegistry, "NotRegistered")
        .withArgs(person);
      await expect(f.humanRegistry.connect(f.issuerA).revokePerson(nullifier))
        .to.emit(f.humanRegistry, "HumanRevoked")
        .withArgs("0x0000000000000000000000000000000000000000", nullifier, await f.issuerA.getAddress());
      const [, floor] = await f.humanRegistry.nullifier(nullifier);
      await expect(f.humanRegistry.register(person, nullifier, renewal.expiresAt, await f.issuerA.getAddress(), kept))
        .to.be.revertedWithCustomError(f.humanRegistry, "StaleCredential")
        .withArgs(nullifier, renewal.expiresAt, floor);
    });

    it("cannot take over a person whose registration lapsed (review 16, R16-2): the rogue's credential binding honest 1 to its own account is refused, and issuer A re-admits them", async function () {
      const f = await networkHelpers.loadFixture(issuersFixture);
      const [, , , , , other] = (await ethers.getSigners()).slice(14, 20) as Signer[];
      const honest1 = await f.honest1.getAddress();
      const expiresAt = (await f.humanRegistry.nullifier(ethers.id("honest 1")))[1];
      await networkHelpers.time.increaseTo(expiresAt);
      await f.humanRegistry.connect(f.stranger).removeExpired(honest1);
      const until = (await latest()) + 300n * DAY;
      await expect(f.register(f.issuerB, other!, "honest 1", until))
        .to.be.revertedWithCustomError(f.humanRegistry, "AnotherIssuersPerson")
        .withArgs(ethers.id("honest 1"), await f.issuerA.getAddress());
      // Nor can it revoke the person to make room.
      await expect(f.humanRegistry.connect(f.issuerB).revokePerson(ethers.id("honest 1")))
        .to.be.revertedWithCustomError(f.humanRegistry, "NotYourPerson")
        .withArgs(ethers.id("honest 1"), await f.issuerB.getAddress(), await f.issuerA.getAddress());
      await expect(f.register(f.issuerA, f.honest1, "honest 1", until))
        .to.emit(f.humanRegistry, "HumanRegistered")
        .withArgs(honest1, ethers.id("honest 1"), until, await f.issuerA.getAddress());
      await networkHelpers.time.increase(10n * DAY);
      await f.humanDividend.settle();
      expect(await f.humanDividend.claimable(await other!.getAddress())).to.equal(0n);
      expect(await f.humanDividend.claimable(honest1)).to.be.greaterThan(0n);
    });

    it("cannot keep a person it took first (review 16b, R16b-1): after the rogue binds honest 3's nullifier to its Sybil, the timelock's revocation releases the person and issuer A registers them", async function () {
      const f = await networkHelpers.loadFixture(issuersFixture);
      const honest3 = (await ethers.getSigners())[19];
      const squat = ethers.Wallet.createRandom(); // an account of the rogue's
      const person = ethers.id("honest 3");
      const until = (await latest()) + 300n * DAY;
      // The rogue saw A's credential in the mempool and registers the nullifier to its own account first.
      await f.register(f.issuerB, squat!, "honest 3", until);
      await expect(f.register(f.issuerA, honest3!, "honest 3", until + 1n))
        .to.be.revertedWithCustomError(f.humanRegistry, "AnotherIssuersPerson")
        .withArgs(person, await f.issuerB.getAddress());
      await expect(f.humanRegistry.connect(f.issuerA).revokePerson(person))
        .to.be.revertedWithCustomError(f.humanRegistry, "NotYourPerson")
        .withArgs(person, await f.issuerA.getAddress(), await f.issuerB.getAddress());
      // The admin (the timelock) revokes the person: the squat ends and nobody answers for the person now.
      await expect(f.humanRegistry.connect(f.governor).revokePerson(person))
        .to.emit(f.humanRegistry, "HumanRevoked")
        .withArgs(await squat!.getAddress(), person, f.governor.address);
      const floor = (await latest()) + (await f.humanRegistry.MAX_VALIDITY());
      expect([...(await f.humanRegistry.nullifier(person))]).to.deep.equal([
        ethers.ZeroAddress,
        floor,
        ethers.ZeroAddress,
      ]);
      // Issuer A, with a credential expiring after the floor, registers the real person; B cannot take them back.
      await networkHelpers.time.increase(1n);
      const fresh = (await latest()) + (await f.humanRegistry.MAX_VALIDITY());
      await expect(f.register(f.issuerA, honest3!, "honest 3", fresh))
        .to.emit(f.humanRegistry, "HumanRegistered")
        .withArgs(await honest3!.getAddress(), person, fresh, await f.issuerA.getAddress());
      await expect(f.humanRegistry.connect(f.issuerB).revokePerson(person))
        .to.be.revertedWithCustomError(f.humanRegistry, "NotYourPerson")
        .withArgs(person, await f.issuerB.getAddress(), await f.issuerA.getAddress());
    });

    it("cannot register a system contract as a human, whose share nobody could ever claim", async function () {
      const f = await networkHelpers.loadFixture(issuersFixture);
      const chainId = (await ethers.provider.getNetwork()).chainId;
      const systems = [
        f.humanRegistry,
        f.humanDividend,
        f.foundationCoin,
        f.poolRegistry,
        f.reserveToken,
        f.emission,
        f.computeRewards,
        f.timelock,
      ];
      for (const [i, contract] of systems.entries()) {
        const account = await contract.getAddress();
        const credential = { account, nullifier: ethers.id(`system ${i}`), expiresAt: (await latest()) + DAY };
        const signature = await signCredential(f.issuerA, { registry: f.humanRegistry, chainId }, credential);
        await expect(
          f.humanRegistry.register(
            account,
            credential.nullifier,
            credential.expiresAt,
            await f.issuerA.getAddress(),
            signature,
          ),
        )
          .to.be.revertedWithCustomError(f.humanRegistry, "SystemContractAccount")
          .withArgs(account);
      }
    });
  });
});
