import { expect } from "chai";
import { network } from "hardhat";
import {
  Emission__factory,
  EmissionDestinationStub__factory,
  FoundationCoin__factory,
  PoolRegistry__factory,
  RejectingRecipient__factory,
  ReserveToken__factory,
} from "../typechain-types/index.js";
import { units } from "../client/foundation.js";
import { foundationFixture, poolsFixture } from "./helpers/fixture.js";
import { claimedIn, commonsIncomeIn, expectShare, mined, releasedIn } from "./helpers/books.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);
const deployWithPools = poolsFixture(connection);

const Status = { None: 0n, Proposed: 1n, Active: 2n, Retired: 3n } as const;
const SCALE = 10n ** 18n;
/** Any address will do as a coin's compute-rewards contract where a test builds its own coin. */
const SOME_COMPUTE_REWARDS = "0x000000000000000000000000000000000000dEaD";
// Stand-ins for the human contracts, for coins built in tests whose emission has no human share.
const SOME_HUMANS = [
  "0x000000000000000000000000000000000000beef",
  "0x000000000000000000000000000000000000f00d",
] as const;

/** The commons' part of an amount emitted: what the compute share (a floored 50%) leaves. */
// The commons' part of the emission: what the compute (5,000 bps) and human (2,500 bps) shares leave.
const commonsPart = (emitted: bigint) => emitted - (emitted * 5_000n) / 10_000n - (emitted * 2_500n) / 10_000n;
const DAY = 86_400;

type Fixture = Awaited<ReturnType<typeof deploy>>;

/** Every address the registry must refuse as a pool recipient. */
async function systemContracts(f: Fixture): Promise<string[]> {
  return [
    await f.poolRegistry.getAddress(),
    await f.foundationCoin.getAddress(),
    await f.reserveToken.getAddress(),
    await f.emission.getAddress(),
    await f.computeRewards.getAddress(),
    await f.timelock.getAddress(),
  ];
}

/** Everything the registry and the coin hold for pools, to the last scaled unit. */
async function owedScaled(f: Fixture): Promise<bigint> {
  let sum = await f.poolRegistry.heldCommonsScaled();
  for (let id = 1n; id <= (await f.poolRegistry.poolCount()); id++) sum += await f.poolRegistry.claimableScaled(id);
  return sum;
}

/** FRSV held for pools: the registry's balance, the coin's fees and emission that came due. */
async function heldForPools(f: Fixture): Promise<bigint> {
  const coinHeld = await f.reserveToken.balanceOf(await f.foundationCoin.getAddress());
  return (
    (await f.reserveToken.balanceOf(await f.poolRegistry.getAddress())) +
    coinHeld -
    (await f.foundationCoin.requiredBacking()) +
    (await f.emission.releasableTo(f.poolRegistry))
  );
}

describe("PoolRegistry", function () {
  describe("propose", function () {
    it("lets anyone propose; ids start at 1", async function () {
      const { poolRegistry, stranger, cancerLab } = await networkHelpers.loadFixture(deploy);
      await expect(poolRegistry.connect(stranger).propose("Free AI", "ipfs://ai", cancerLab.address))
        .to.emit(poolRegistry, "PoolProposed")
        .withArgs(1n, stranger.address, cancerLab.address, "Free AI", "ipfs://ai");
      expect(await poolRegistry.poolCount()).to.equal(1n);
      const pool = await poolRegistry.pool(1n);
      expect(pool.name).to.equal("Free AI");
      expect(pool.metadataURI).to.equal("ipfs://ai");
      expect(pool.recipient).to.equal(cancerLab.address);
      expect(pool.weight).to.equal(0n);
      expect(pool.status).to.equal(Status.Proposed);
      expect(await poolRegistry.isActive(1n)).to.equal(false);
      expect(await poolRegistry.pendingRecipient(1n)).to.equal(ethers.ZeroAddress);
    });

    it("rejects an empty name and a zero recipient", async function () {
      const { poolRegistry, cancerLab } = await networkHelpers.loadFixture(deploy);
      await expect(poolRegistry.propose("", "", cancerLab.address)).to.be.revertedWithCustomError(
        poolRegistry,
        "EmptyName",
      );
      await expect(poolRegistry.propose("x", "", ethers.ZeroAddress)).to.be.revertedWithCustomError(
        poolRegistry,
        "ZeroAddress",
      );
      expect(await poolRegistry.poolCount()).to.equal(0n);
    });

    it("refuses every system contract as a recipient: registry, coin, reserve, emission, compute rewards and timelock", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      for (const address of await systemContracts(f)) {
        await expect(f.poolRegistry.propose("Sink", "", address))
          .to.be.revertedWithCustomError(f.poolRegistry, "InvalidRecipient")
          .withArgs(address);
      }
      expect(await f.poolRegistry.poolCount()).to.equal(0n);
    });
  });

  describe("approve", function () {
    it("activates a proposed pool with its weight and opens it for directed fees", async function () {
      const { poolRegistry, foundationCoin, cancerLab } = await networkHelpers.loadFixture(deploy);
      await poolRegistry.propose("Cancer research", "", cancerLab.address);
      await expect(poolRegistry.approve(1n, 250n)).to.emit(poolRegistry, "PoolApproved").withArgs(1n, 250n, 250n);
      expect(await poolRegistry.isActive(1n)).to.equal(true);
      expect(await poolRegistry.totalWeight()).to.equal(250n);
      expect((await poolRegistry.pool(1n)).status).to.equal(Status.Active);
      expect(await foundationCoin.isPoolOpen(1n)).to.equal(true);
    });

    it("rejects unknown, active and retired pools and weights above the maximum", async function () {
      const { poolRegistry } = await networkHelpers.loadFixture(deployWithPools);
      await expect(poolRegistry.approve(9n, 1n))
        .to.be.revertedWithCustomError(poolRegistry, "UnknownPool")
        .withArgs(9n);
      await expect(poolRegistry.approve(1n, 1n))
        .to.be.revertedWithCustomError(poolRegistry, "WrongPoolStatus")
        .withArgs(1n, Status.Active, Status.Proposed);
      await poolRegistry.retire(2n);
      await expect(poolRegistry.approve(2n, 1n))
        .to.be.revertedWithCustomError(poolRegistry, "WrongPoolStatus")
        .withArgs(2n, Status.Retired, Status.Proposed);
      await poolRegistry.propose("New", "", (await ethers.getSigners())[5]!.address);
      await expect(poolRegistry.approve(3n, 1_000_001n))
        .to.be.revertedWithCustomError(poolRegistry, "WeightAboveMax")
        .withArgs(1_000_001n, 1_000_000n);
    });

    it("gives the new pool nothing of the fees or emission that came before its approval", async function () {
      const { poolRegistry, foundationCoin, emission, alice, stranger } =
        await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // fee 2 FRSV
      await poolRegistry.propose("Late", "", stranger.address);
      const approval = await mined(poolRegistry.approve(3n, 400n));
      // The approval settled everything that came before it, emission included, at 100:300.
      expect(releasedIn(approval, emission)).to.be.gt(0n);
      const before = units("2") + (await emission.releasedTo(poolRegistry));
      expect(await poolRegistry.claimable(3n)).to.equal(0n);
      expectShare(await poolRegistry.claimable(1n), before * 100n, 400n, "pool 1");
      expectShare(await poolRegistry.claimable(2n), before * 300n, 400n, "pool 2");
      // From now on the late pool earns its weight's share, of new income only.
      const claim = await mined(poolRegistry.claim(3n));
      const after = releasedIn(claim, emission);
      expect(after).to.be.gt(0n);
      expectShare(claimedIn(claim, poolRegistry), after * 400n, 800n, "the late pool's first claim");
    });
  });

  describe("setWeight", function () {
    it("changes the share of income arriving afterwards only, fees and emission alike", async function () {
      const { poolRegistry, foundationCoin, emission, alice } = await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV at 100:300
      const change = await mined(poolRegistry.setWeight(1n, 300n));
      await expect(change).to.emit(poolRegistry, "WeightSet").withArgs(1n, 300n, 600n);
      // The change released the emission that came due under the old weights before changing them.
      expect(releasedIn(change, emission)).to.be.gt(0n);
      expect(commonsIncomeIn(change, poolRegistry)).to.equal(units("2") + releasedIn(change, emission));
      const atOldWeights = units("2") + (await emission.releasedTo(poolRegistry));
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV at 300:300
      const settle = await mined(poolRegistry.claim(1n));
      const atNewWeights = commonsIncomeIn(settle, poolRegistry);
      expect(atNewWeights).to.equal(units("2") + releasedIn(settle, emission));
      // Pool 1: a quarter of the first stretch, half of the second; pool 2 the rest.
      expectShare(
        claimedIn(settle, poolRegistry),
        atOldWeights * 100n * 600n + atNewWeights * 300n * 400n,
        400n * 600n,
        "pool 1",
      );
      expectShare(
        await poolRegistry.claimable(2n),
        atOldWeights * 300n * 600n + atNewWeights * 300n * 400n,
        400n * 600n,
        "pool 2",
      );
      expect(await poolRegistry.totalWeight()).to.equal(600n);
    });

    it("rejects pools that are not active and weights above the maximum", async function () {
      const { poolRegistry, cancerLab } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Proposed", "", cancerLab.address);
      await expect(poolRegistry.setWeight(3n, 1n))
        .to.be.revertedWithCustomError(poolRegistry, "WrongPoolStatus")
        .withArgs(3n, Status.Proposed, Status.Active);
      await expect(poolRegistry.setWeight(1n, 2_000_000n))
        .to.be.revertedWithCustomError(poolRegistry, "WeightAboveMax")
        .withArgs(2_000_000n, 1_000_000n);
      await expect(poolRegistry.setWeight(8n, 1n))
        .to.be.revertedWithCustomError(poolRegistry, "UnknownPool")
        .withArgs(8n);
    });
  });

  describe("curate", function () {
    it("approves proposed pools and reweighs active ones after one settlement, an event per pool", async function () {
      const { poolRegistry, foundationCoin, emission, alice, stranger } =
        await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Free AI", "", stranger.address); // 3
      await poolRegistry.propose("Longevity", "", stranger.address); // 4
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV at 100:300
      const batch = await mined(poolRegistry.curate([1n, 3n, 4n], [0n, 500n, 1_000_000n]));
      await expect(batch).to.emit(poolRegistry, "WeightSet").withArgs(1n, 0n, 300n);
      await expect(batch).to.emit(poolRegistry, "PoolApproved").withArgs(3n, 500n, 800n);
      await expect(batch).to.emit(poolRegistry, "PoolApproved").withArgs(4n, 1_000_000n, 1_000_800n);
      expect(releasedIn(batch, emission)).to.be.gt(0n);
      expect(await emission.releasableTo(poolRegistry)).to.equal(0n);
      const settled = units("2") + (await emission.releasedTo(poolRegistry));
      expect(await poolRegistry.totalWeight()).to.equal(1_000_800n);
      expect(await poolRegistry.isActive(4n)).to.equal(true);
      expect(await foundationCoin.isPoolOpen(3n)).to.equal(true);
      // Everything before the batch went by the weights before it: the new pools start empty.
      expectShare(await poolRegistry.claimable(1n), settled * 100n, 400n, "pool 1");
      expect(await poolRegistry.claimable(3n)).to.equal(0n);
      expect(await poolRegistry.claimable(4n)).to.equal(0n);
      // Weight 0 keeps a pool active (it may still be named by holders) but earns it no commons.
      expect(await poolRegistry.isActive(1n)).to.equal(true);
      const later = await mined(poolRegistry.claim(1n));
      expectShare(claimedIn(later, poolRegistry), settled * 100n, 400n, "pool 1 after reweighing to 0");
    });

    it("shares income held while no pool had weight by the weights after the batch, not by order", async function () {
      const { poolRegistry, foundationCoin, emission, alice, cancerLab, schoolLab } =
        await networkHelpers.loadFixture(deploy);
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 0n, 0n); // 1 FRSV, no pool yet
      await networkHelpers.time.increase(30 * DAY);
      await poolRegistry.propose("Cancer research", "", cancerLab.address);
      await poolRegistry.propose("Education", "", schoolLab.address);
      const batch = await mined(poolRegistry.curate([1n, 2n], [1n, 1_000_000n]));
      const held = commonsIncomeIn(batch, poolRegistry); // the fee and 30 days of emission
      expect(held).to.be.gt(units("1"));
      // Held, not yet given to anyone: the next settlement shares it by the batch's weights.
      const claim = await mined(poolRegistry.claim(2n));
      const total = held + releasedIn(claim, emission);
      expectShare(claimedIn(claim, poolRegistry), total * 1_000_000n, 1_000_001n, "the heavy pool");
      expectShare(await poolRegistry.claimable(1n), total * 1n, 1_000_001n, "the light pool");
      expect(await poolRegistry.heldCommons()).to.equal(0n);
    });

    it("refuses mismatched lengths, unsorted or repeated ids, unknown and retired pools, heavy weights", async function () {
      const { poolRegistry, emission, stranger } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Proposed", "", stranger.address); // 3
      await poolRegistry.propose("Retired", "", stranger.address); // 4
      await poolRegistry.retire(4n);
      const released = await emission.releasedTo(poolRegistry);
      const cases: [bigint[], bigint[], string, unknown[]][] = [
        [[1n, 3n], [1n], "LengthMismatch", [2n, 1n]],
        [[3n, 1n], [1n, 1n], "PoolIdsNotAscending", [3n, 1n]],
        [[1n, 1n], [1n, 1n], "PoolIdsNotAscending", [1n, 1n]],
        [[1n, 9n], [1n, 1n], "UnknownPool", [9n]],
        [[0n], [1n], "UnknownPool", [0n]],
        [[3n, 4n], [1n, 1n], "RetiredPool", [4n]],
        [[1n, 3n], [1n, 1_000_001n], "WeightAboveMax", [1_000_001n, 1_000_000n]],
      ];
      for (const [ids, weights, error, args] of cases) {
        await expect(poolRegistry.curate(ids, weights))
          .to.be.revertedWithCustomError(poolRegistry, error)
          .withArgs(...args);
      }
      // Nothing changed: weights, statuses and the emission released are as before.
      expect(await poolRegistry.totalWeight()).to.equal(400n);
      expect((await poolRegistry.pool(1n)).weight).to.equal(100n);
      expect((await poolRegistry.pool(3n)).status).to.equal(Status.Proposed);
      expect(await emission.releasedTo(poolRegistry)).to.equal(released);
    });

    it("does nothing for an empty batch: no settlement, no event", async function () {
      const { poolRegistry, emission } = await networkHelpers.loadFixture(deployWithPools);
      const released = await emission.releasedTo(poolRegistry);
      const receipt = await mined(poolRegistry.curate([], []));
      expect(receipt.logs.length).to.equal(0);
      expect(await emission.releasedTo(poolRegistry)).to.equal(released);
    });

    it("is refused to anyone but the curator", async function () {
      const { poolRegistry, stranger } = await networkHelpers.loadFixture(deployWithPools);
      await expect(poolRegistry.connect(stranger).curate([1n], [5n]))
        .to.be.revertedWithCustomError(poolRegistry, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await poolRegistry.CURATOR_ROLE());
    });
  });

  describe("retire", function () {
    it("stops new income but keeps what the pool accrued, emission included, for its recipient", async function () {
      const { poolRegistry, foundationCoin, reserveToken, emission, alice, cancerLab } =
        await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 0.5 to pool 1
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 1n, 0n); // 1 directed to pool 1
      const retirement = await mined(poolRegistry.retire(1n));
      await expect(retirement).to.emit(poolRegistry, "PoolRetired").withArgs(1n, 300n);
      expect(releasedIn(retirement, emission)).to.be.gt(0n); // what came due while it was active
      expect(commonsIncomeIn(retirement, poolRegistry)).to.equal(units("2") + releasedIn(retirement, emission));
      const commons = units("2") + (await emission.releasedTo(poolRegistry));
      expect(await poolRegistry.isActive(1n)).to.equal(false);
      expect(await poolRegistry.totalWeight()).to.equal(300n);
      expect((await poolRegistry.pool(1n)).weight).to.equal(0n);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // all 2 to pool 2
      const claim = await mined(poolRegistry.claim(1n));
      // Its quarter of everything up to retirement, and its directed fee; nothing after.
      expectShare(claimedIn(claim, poolRegistry), commons * 100n + units("1") * 400n, 400n, "the retired pool");
      expect(await reserveToken.balanceOf(cancerLab.address)).to.equal(claimedIn(claim, poolRegistry));
      // Pool 2 takes everything after, and the retired pool's sub-unit remainder with it.
      const after = commonsIncomeIn(claim, poolRegistry);
      const exact2 = (commons * 300n + after * 400n) / 400n;
      expect(await poolRegistry.claimable(2n)).to.be.within(exact2 - 1n, exact2 + 1n);
    });

    it("gives a retired pool's sub-unit remainder back to the commons", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, reserveToken, alice } = f;
      await poolRegistry.setWeight(1n, 1n);
      await poolRegistry.setWeight(2n, 2n);
      await reserveToken.connect(alice).transfer(await poolRegistry.getAddress(), 1n); // 1/3 and 2/3 wei
      await poolRegistry.retire(1n);
      // Pool 1's remainder (a third of the gift and of the emission) is back in the commons:
      // pool 1 owes only whole units, and nothing was lost.
      expect((await poolRegistry.claimableScaled(1n)) % SCALE).to.equal(0n);
      expect(await owedScaled(f)).to.equal((await heldForPools(f)) * SCALE);
    });

    it("can reject a proposal, and cannot retire twice", async function () {
      const { poolRegistry, cancerLab } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Spam", "", cancerLab.address);
      await expect(poolRegistry.retire(3n)).to.emit(poolRegistry, "PoolRetired").withArgs(3n, 400n);
      await expect(poolRegistry.retire(3n))
        .to.be.revertedWithCustomError(poolRegistry, "PoolAlreadyRetired")
        .withArgs(3n);
      await expect(poolRegistry.retire(4n)).to.be.revertedWithCustomError(poolRegistry, "UnknownPool").withArgs(4n);
    });
  });

  describe("curator-only functions", function () {
    it("refuse approve, setWeight, curate and retire to anyone but the curator", async function () {
      const { poolRegistry, stranger } = await networkHelpers.loadFixture(deployWithPools);
      const role = await poolRegistry.CURATOR_ROLE();
      const registry = poolRegistry.connect(stranger);
      for (const call of [
        () => registry.approve(1n, 1n),
        () => registry.setWeight(1n, 1n),
        () => registry.curate([1n], [1n]),
        () => registry.retire(1n),
      ]) {
        await expect(call())
          .to.be.revertedWithCustomError(poolRegistry, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, role);
      }
    });
  });

  describe("setRecipient / acceptRecipient", function () {
    it("hands over in two steps; claims pay the old recipient until the new one accepts", async function () {
      const { poolRegistry, foundationCoin, reserveToken, alice, cancerLab, carol } =
        await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 1n, 0n);
      await expect(poolRegistry.connect(cancerLab).setRecipient(1n, carol.address))
        .to.emit(poolRegistry, "RecipientProposed")
        .withArgs(1n, cancerLab.address, carol.address);
      expect(await poolRegistry.pendingRecipient(1n)).to.equal(carol.address);
      expect((await poolRegistry.pool(1n)).recipient).to.equal(cancerLab.address);
      const first = await mined(poolRegistry.claim(1n));
      expect(await reserveToken.balanceOf(cancerLab.address)).to.equal(claimedIn(first, poolRegistry));
      await expect(poolRegistry.connect(carol).acceptRecipient(1n))
        .to.emit(poolRegistry, "RecipientSet")
        .withArgs(1n, carol.address);
      expect((await poolRegistry.pool(1n)).recipient).to.equal(carol.address);
      expect(await poolRegistry.pendingRecipient(1n)).to.equal(ethers.ZeroAddress);
      const carolBefore = await reserveToken.balanceOf(carol.address);
      const second = await mined(poolRegistry.claim(1n));
      expect(claimedIn(second, poolRegistry)).to.be.gt(0n);
      expect(await reserveToken.balanceOf(carol.address)).to.equal(carolBefore + claimedIn(second, poolRegistry));
      // The old recipient has no say any more.
      await expect(poolRegistry.connect(cancerLab).setRecipient(1n, cancerLab.address))
        .to.be.revertedWithCustomError(poolRegistry, "NotRecipient")
        .withArgs(1n, cancerLab.address);
    });

    it("lets the recipient overwrite or cancel a pending handover, which survives retirement", async function () {
      const { poolRegistry, cancerLab, carol, bob } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.connect(cancerLab).setRecipient(1n, carol.address);
      await poolRegistry.connect(cancerLab).setRecipient(1n, bob.address); // overwrite
      await expect(poolRegistry.connect(carol).acceptRecipient(1n))
        .to.be.revertedWithCustomError(poolRegistry, "NotPendingRecipient")
        .withArgs(1n, carol.address);
      await expect(poolRegistry.connect(cancerLab).setRecipient(1n, ethers.ZeroAddress))
        .to.emit(poolRegistry, "RecipientProposed")
        .withArgs(1n, cancerLab.address, ethers.ZeroAddress);
      await expect(poolRegistry.connect(bob).acceptRecipient(1n))
        .to.be.revertedWithCustomError(poolRegistry, "NotPendingRecipient")
        .withArgs(1n, bob.address);
      await poolRegistry.connect(cancerLab).setRecipient(1n, carol.address);
      await poolRegistry.retire(1n);
      await poolRegistry.connect(carol).acceptRecipient(1n);
      expect((await poolRegistry.pool(1n)).recipient).to.equal(carol.address);
    });

    it("refuses to complete a handover to an address that has become an admin since it was proposed", async function () {
      const { poolRegistry, foundationCoin, cancerLab, stranger, governor, carol } =
        await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.connect(cancerLab).setRecipient(1n, stranger.address);
      // The timelock hands the coin's admin role to `stranger` (two steps).
      await foundationCoin.connect(governor).beginDefaultAdminTransfer(stranger.address);
      await networkHelpers.mine(2);
      await foundationCoin.connect(stranger).acceptDefaultAdminTransfer();
      await expect(poolRegistry.connect(stranger).acceptRecipient(1n))
        .to.be.revertedWithCustomError(poolRegistry, "InvalidRecipient")
        .withArgs(stranger.address);
      expect((await poolRegistry.pool(1n)).recipient).to.equal(cancerLab.address);
      // The registry's own admin is refused too, should it ever differ from the coin's.
      await poolRegistry.connect(governor).beginDefaultAdminTransfer(carol.address);
      await networkHelpers.mine(2);
      await poolRegistry.connect(carol).acceptDefaultAdminTransfer();
      await expect(poolRegistry.propose("Admin's pool", "", carol.address))
        .to.be.revertedWithCustomError(poolRegistry, "InvalidRecipient")
        .withArgs(carol.address);
    });

    it("rejects anyone but the recipient, unknown pools and system contracts as the new recipient", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, deployer, cancerLab } = f;
      await expect(poolRegistry.setRecipient(1n, deployer.address))
        .to.be.revertedWithCustomError(poolRegistry, "NotRecipient")
        .withArgs(1n, deployer.address);
      await expect(poolRegistry.setRecipient(5n, deployer.address))
        .to.be.revertedWithCustomError(poolRegistry, "UnknownPool")
        .withArgs(5n);
      await expect(poolRegistry.acceptRecipient(5n))
        .to.be.revertedWithCustomError(poolRegistry, "UnknownPool")
        .withArgs(5n);
      for (const address of await systemContracts(f)) {
        await expect(poolRegistry.connect(cancerLab).setRecipient(1n, address))
          .to.be.revertedWithCustomError(poolRegistry, "InvalidRecipient")
          .withArgs(address);
      }
      expect(await poolRegistry.pendingRecipient(1n)).to.equal(ethers.ZeroAddress);
    });
  });

  describe("claim", function () {
    it("can be triggered by a stranger and always pays the pool's recipient", async function () {
      const { poolRegistry, foundationCoin, reserveToken, emission, alice, stranger, cancerLab } =
        await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 0.5 to pool 1
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 1n, 0n); // 1 to pool 1
      const strangerBefore = await reserveToken.balanceOf(stranger.address);
      const receipt = await mined(poolRegistry.connect(stranger).claim(1n));
      await expect(receipt)
        .to.emit(poolRegistry, "FeeAccrued")
        .withArgs(0n, units("2") + releasedIn(receipt, emission));
      const commons = units("2") + (await emission.releasedTo(poolRegistry));
      await expect(receipt).to.emit(poolRegistry, "FeeAccrued").withArgs(1n, units("1"));
      const paid = claimedIn(receipt, poolRegistry);
      await expect(receipt).to.emit(poolRegistry, "Claimed").withArgs(1n, cancerLab.address, paid);
      expectShare(paid, commons * 100n + units("1") * 400n, 400n, "pool 1");
      expect(await reserveToken.balanceOf(cancerLab.address)).to.equal(paid);
      expect(await reserveToken.balanceOf(stranger.address)).to.equal(strangerBefore);
      expect(await poolRegistry.claimable(1n)).to.equal(0n);
      expectShare(await poolRegistry.claimable(2n), commons * 300n, 400n, "pool 2");
    });

    it("releases the emission that came due, so nobody needs to call release first", async function () {
      const { poolRegistry, emission, reserveToken } = await networkHelpers.loadFixture(deployWithPools);
      await networkHelpers.time.increase(DAY);
      const due = await emission.releasableTo(poolRegistry);
      expect(due).to.be.gt(units("1750")); // the commons' quarter of a day of emission
      const dueSoFar = due + (await emission.releasedTo(poolRegistry));
      expectShare(await poolRegistry.claimable(2n), dueSoFar * 300n, 400n, "pool 2's view includes what came due");
      const receipt = await mined(poolRegistry.claim(2n));
      expect(releasedIn(receipt, emission)).to.be.gte(due);
      const released = await emission.releasedTo(poolRegistry);
      expect(await reserveToken.totalSupply()).to.equal(units("30000") + (await emission.released()));
      expectShare(claimedIn(receipt, poolRegistry), released * 300n, 400n, "pool 2");
    });

    it("returns 0 and pays nothing when nothing is owed; a second claim in a block pays nothing", async function () {
      const { poolRegistry, foundationCoin, alice, stranger } = await networkHelpers.loadFixture(deployWithPools);
      // A pool with no weight and no directed fees is owed nothing, however much time passes.
      await poolRegistry.propose("Unweighted", "", stranger.address);
      await poolRegistry.approve(3n, 0n);
      await networkHelpers.time.increase(DAY);
      expect(await poolRegistry.claim.staticCall(3n)).to.equal(0n);
      await expect(poolRegistry.claim(3n)).not.to.emit(poolRegistry, "Claimed");
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 3n, 0n);
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const first = await poolRegistry.claim(3n);
        const second = await poolRegistry.claim(3n);
        await networkHelpers.mine();
        const [a, b] = [await mined(Promise.resolve(first)), await mined(Promise.resolve(second))];
        expect(a.blockNumber).to.equal(b.blockNumber);
        expect(claimedIn(a, poolRegistry)).to.equal(units("1"));
        expect(claimedIn(b, poolRegistry)).to.equal(0n);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
    });

    it("cannot be blocked by another pool or by a recipient contract that refuses everything", async function () {
      const { poolRegistry, foundationCoin, reserveToken, alice, deployer } =
        await networkHelpers.loadFixture(deployWithPools);
      const rejecting = await new RejectingRecipient__factory(deployer).deploy();
      await poolRegistry.propose("Hostile", "", await rejecting.getAddress());
      await poolRegistry.approve(3n, 100n);
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 3n, 0n);
      await expect(poolRegistry.claim(99n)).to.be.revertedWithCustomError(poolRegistry, "UnknownPool");
      // FRSV has no transfer hooks: a recipient cannot refuse its claim, and each claim stands alone.
      const hostile = await mined(poolRegistry.claim(3n));
      expect(claimedIn(hostile, poolRegistry)).to.be.gt(units("1"));
      expect(await reserveToken.balanceOf(await rejecting.getAddress())).to.equal(claimedIn(hostile, poolRegistry));
      const other = await mined(poolRegistry.claim(2n));
      expect(claimedIn(other, poolRegistry)).to.be.gt(0n);
    });

    it("costs the same to mint, and about the same to claim, with 2 pools or 60: nothing loops over pools", async function () {
      const { poolRegistry, foundationCoin, alice, stranger } = await networkHelpers.loadFixture(deployWithPools);
      const coin = foundationCoin.connect(alice);
      const measure = async () => {
        await coin.mint(units("10"), alice.address, 0n, 0n);
        const mint = (await mined(coin.mint(units("10"), alice.address, 0n, 0n))).gasUsed;
        await networkHelpers.time.increase(3600);
        await poolRegistry.claim(1n);
        await networkHelpers.time.increase(3600);
        const claim = (await mined(poolRegistry.claim(1n))).gasUsed;
        return { mint, claim };
      };
      const few = await measure();
      const ids: bigint[] = [];
      for (let id = 3n; id <= 60n; id++) {
        await poolRegistry.propose(`Pool ${id}`, "", stranger.address);
        ids.push(id);
      }
      await poolRegistry.curate(
        ids,
        ids.map(() => 10n),
      );
      const many = await measure();
      expect(many.mint).to.equal(few.mint);
      // A loop over 58 more pools would cost at least 58 cold reads (over 120k gas); storage
      // going from zero to non-zero or back may move a claim by a few thousand either way.
      const difference = many.claim > few.claim ? many.claim - few.claim : few.claim - many.claim;
      expect(difference).to.be.lt(20_000n);
    });

    it("rejects an unknown pool", async function () {
      const { poolRegistry } = await networkHelpers.loadFixture(deployWithPools);
      await expect(poolRegistry.claim(0n)).to.be.revertedWithCustomError(poolRegistry, "UnknownPool").withArgs(0n);
      await expect(poolRegistry.claimable(3n)).to.be.revertedWithCustomError(poolRegistry, "UnknownPool").withArgs(3n);
      await expect(poolRegistry.claimableScaled(3n))
        .to.be.revertedWithCustomError(poolRegistry, "UnknownPool")
        .withArgs(3n);
    });
  });

  describe("fair sharing of new reserve (the review's finding 1)", function () {
    async function thirtyDaysAt100To300() {
      const f = await deployWithPools();
      await f.poolRegistry.propose("Newcomer", "", f.stranger.address); // 3
      await networkHelpers.time.increase(30 * DAY);
      return f;
    }

    /** What the schedule had emitted by the block of `receipt`: what pools are owed, released or not. */
    /** What the schedule had owed the commons by the block of `receipt`, released or not. */
    async function emittedBy(emission: Fixture["emission"], receipt: { getBlock(): Promise<{ timestamp: number }> }) {
      return commonsPart(await emission.emittedUntil((await receipt.getBlock()).timestamp));
    }

    it("a pool approved at weight 1,000,000 after 30 days gets nothing of those 30 days", async function () {
      const { poolRegistry, emission } = await networkHelpers.loadFixture(thirtyDaysAt100To300);
      const approval = await mined(poolRegistry.approve(3n, 1_000_000n));
      const thirtyDays = await emittedBy(emission, approval);
      expect(thirtyDays).to.be.gt(units("50000")); // the commons' quarter of 30 days
      // Someone releases one block later: the newcomer earns only that block's emission, and the
      // pools that were there keep their 100:300 shares of the 30 days.
      const release = await mined(emission.release());
      const oneBlock = (await emittedBy(emission, release)) - thirtyDays;
      expect(oneBlock).to.be.lt(units("1"));
      expectShare(await poolRegistry.claimable(3n), oneBlock * 1_000_000n, 1_000_400n, "the newcomer");
      expectShare(
        await poolRegistry.claimable(1n),
        thirtyDays * 100n * 1_000_400n + oneBlock * 100n * 400n,
        400n * 1_000_400n,
        "pool 1 keeps its quarter of the 30 days",
      );
      expectShare(
        await poolRegistry.claimable(2n),
        thirtyDays * 300n * 1_000_400n + oneBlock * 300n * 400n,
        400n * 1_000_400n,
        "pool 2 keeps three quarters of the 30 days",
      );
    });

    it("a pool retired after 30 days keeps its share of them; a weight change does not re-price them", async function () {
      const { poolRegistry, emission } = await networkHelpers.loadFixture(thirtyDaysAt100To300);
      const retirement = await mined(poolRegistry.retire(1n));
      const thirtyDays = await emittedBy(emission, retirement);
      expect(thirtyDays).to.be.gt(units("50000")); // the commons' quarter of 30 days
      expectShare(await poolRegistry.claimable(1n), thirtyDays * 100n, 400n, "the retired pool");
      await networkHelpers.time.increase(30 * DAY);
      const change = await mined(poolRegistry.setWeight(2n, 1n));
      const sixtyDays = await emittedBy(emission, change);
      expectShare(await poolRegistry.claimable(1n), thirtyDays * 100n, 400n, "still the retired pool's quarter");
      // Pool 2 takes everything after, and the retired pool's sub-unit remainder with it.
      const exact2 = (thirtyDays * 300n + (sixtyDays - thirtyDays) * 400n) / 400n;
      expect(await poolRegistry.claimable(2n)).to.be.within(exact2 - 1n, exact2 + 1n);
    });

    it("whoever releases, and when, changes no pool's share", async function () {
      const shares = async (releaseFirst: boolean) => {
        const { poolRegistry, emission, stranger } = await networkHelpers.loadFixture(thirtyDaysAt100To300);
        const start = await emission.START();
        await networkHelpers.time.setNextBlockTimestamp(start + BigInt(31 * DAY));
        if (releaseFirst) await emission.connect(stranger).release();
        else await networkHelpers.mine();
        await networkHelpers.time.setNextBlockTimestamp(start + BigInt(31 * DAY) + 10n);
        await poolRegistry.curate([1n, 3n], [1_000_000n, 1_000_000n]);
        return [await poolRegistry.claimable(1n), await poolRegistry.claimable(2n), await poolRegistry.claimable(3n)];
      };
      expect(await shares(true)).to.deep.equal(await shares(false));
    });
  });

  describe("accumulatedPerWeight", function () {
    it("grows by each settled commons income per unit of weight, scaled by SCALE", async function () {
      const { poolRegistry, foundationCoin, emission, alice } = await networkHelpers.loadFixture(deployWithPools);
      expect(await poolRegistry.SCALE()).to.equal(SCALE);
      expect(await poolRegistry.MAX_WEIGHT()).to.equal(1_000_000n);
      expect(await poolRegistry.accumulatedPerWeight()).to.equal(0n);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV of commons
      await poolRegistry.claim(1n); // settles, emission included
      const income = units("2") + (await emission.releasedTo(poolRegistry));
      expect(await poolRegistry.accumulatedPerWeight()).to.equal((income * SCALE) / 400n);
      expect(await poolRegistry.heldCommonsScaled()).to.equal((income * SCALE) % 400n);
    });
  });

  describe("exact books", function () {
    it("owes pools exactly what they hold, to the scaled unit, through gifts, fees, claims and retirements", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, reserveToken, alice } = f;
      const check = async (what: string) => expect(await owedScaled(f), what).to.equal((await heldForPools(f)) * SCALE);
      await check("at the start");
      await reserveToken.connect(alice).transfer(await poolRegistry.getAddress(), 7n);
      await check("after a 7-wei gift");
      await poolRegistry.curate([1n, 2n], [1n, 2n]); // thirds: remainders everywhere
      await check("after reweighing to thirds");
      await foundationCoin.connect(alice).mint(units("123.456789"), alice.address, 2n, 0n);
      await foundationCoin.connect(alice).mint(units("0.000000000000000777"), alice.address, 0n, 0n);
      await check("after directed and dust fees");
      await poolRegistry.claim(1n);
      await poolRegistry.claim(2n);
      await check("after claims");
      await poolRegistry.retire(1n);
      await check("after a retirement");
      await reserveToken.connect(alice).transfer(await foundationCoin.getAddress(), 5n);
      await check("after a gift to the coin");
    });

    it("carries the division remainder forward so uneven income is never lost", async function () {
      const { poolRegistry, reserveToken, emission, alice } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.curate([1n, 2n], [1n, 2n]);
      const at100To300 = await emission.releasedTo(poolRegistry);
      const registry = await poolRegistry.getAddress();
      // Several uneven incomes (a wei each, plus each block's emission), settled one by one over a
      // total weight of 3: no single settlement divides evenly, the carried remainders keep the sum.
      let income = 0n;
      for (let i = 0; i < 3; i++) {
        await reserveToken.connect(alice).transfer(registry, 1n);
        const receipt = await mined(poolRegistry.claim(2n));
        income += commonsIncomeIn(receipt, poolRegistry);
      }
      const claimedBy2 = await reserveToken.balanceOf((await poolRegistry.pool(2n)).recipient);
      expectShare(claimedBy2, at100To300 * 3n * 3n + income * 2n * 4n, 12n, "pool 2");
      expectShare(await poolRegistry.claimable(1n), at100To300 * 1n * 3n + income * 1n * 4n, 12n, "pool 1");
      expect(await poolRegistry.heldCommons()).to.equal(0n);
    });
  });

  describe("commons with no active pool", function () {
    it("holds undirected fees and emission, then shares them once pools have weight", async function () {
      const { poolRegistry, foundationCoin, emission, alice, cancerLab } = await networkHelpers.loadFixture(deploy);
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 0n, 0n); // 1 FRSV, no pools
      const heldNow = units("1") + (await emission.releasableTo(poolRegistry));
      expect(await poolRegistry.heldCommons()).to.equal(heldNow);
      expect(await poolRegistry.heldCommonsScaled()).to.equal(heldNow * SCALE);
      await poolRegistry.propose("Cancer research", "", cancerLab.address);
      const approval = await mined(poolRegistry.approve(1n, 1n)); // settles first: held (no weight yet)
      const held = commonsIncomeIn(approval, poolRegistry);
      expect(held).to.equal(units("1") + releasedIn(approval, emission));
      expect(await poolRegistry.heldCommons()).to.equal(0n); // the view shares it by today's weights
      expect(await poolRegistry.claimable(1n)).to.equal(held);
    });
  });

  describe("bindCoin and bindEmission", function () {
    it("bind once, by the deployer, only contracts that point back at the registry", async function () {
      const { poolRegistry, foundationCoin, reserveToken, emission, deployer, stranger } =
        await networkHelpers.loadFixture(deploy);
      expect(await poolRegistry.coin()).to.equal(await foundationCoin.getAddress());
      expect(await poolRegistry.emission()).to.equal(await emission.getAddress());
      expect(await poolRegistry.reserve()).to.equal(await reserveToken.getAddress());
      await expect(poolRegistry.bindCoin(await foundationCoin.getAddress()))
        .to.be.revertedWithCustomError(poolRegistry, "CoinBindingClosed")
        .withArgs(deployer.address);
      await expect(poolRegistry.bindEmission(await emission.getAddress()))
        .to.be.revertedWithCustomError(poolRegistry, "EmissionBindingClosed")
        .withArgs(deployer.address);

      const fresh = await new PoolRegistry__factory(deployer).deploy(
        await reserveToken.getAddress(),
        deployer.address,
        deployer.address,
      );
      await expect(fresh.connect(stranger).bindCoin(await foundationCoin.getAddress()))
        .to.be.revertedWithCustomError(fresh, "CoinBindingClosed")
        .withArgs(stranger.address);
      await expect(fresh.bindCoin(await foundationCoin.getAddress()))
        .to.be.revertedWithCustomError(fresh, "CoinMismatch")
        .withArgs(await foundationCoin.getAddress());
      await expect(fresh.connect(stranger).bindEmission(await emission.getAddress()))
        .to.be.revertedWithCustomError(fresh, "EmissionBindingClosed")
        .withArgs(stranger.address);
      await expect(fresh.bindEmission(await emission.getAddress()))
        .to.be.revertedWithCustomError(fresh, "EmissionMismatch")
        .withArgs(await emission.getAddress());
      // An account is not a contract: named, not a failed call.
      await expect(fresh.bindCoin(stranger.address))
        .to.be.revertedWithCustomError(fresh, "CoinMismatch")
        .withArgs(stranger.address);
      await expect(fresh.bindEmission(stranger.address))
        .to.be.revertedWithCustomError(fresh, "EmissionMismatch")
        .withArgs(stranger.address);
      await expect(fresh.propose("Pool", "", stranger.address)).to.be.revertedWithCustomError(fresh, "CoinNotBound");
      await expect(
        new PoolRegistry__factory(deployer).deploy(ethers.ZeroAddress, deployer.address, deployer.address),
      ).to.be.revertedWithCustomError(fresh, "ZeroAddress");
      await expect(
        new PoolRegistry__factory(deployer).deploy(
          await reserveToken.getAddress(),
          ethers.ZeroAddress,
          deployer.address,
        ),
      )
        .to.be.revertedWithCustomError(fresh, "AccessControlInvalidDefaultAdmin")
        .withArgs(ethers.ZeroAddress);
    });

    it("settle nothing until both are bound, then every settlement releases emission", async function () {
      const { reserveToken, deployer, stranger } = await networkHelpers.loadFixture(deploy);
      const registry = await new PoolRegistry__factory(deployer).deploy(
        await reserveToken.getAddress(),
        deployer.address,
        deployer.address,
      );
      const registryAddress = await registry.getAddress();
      // An emission paying this registry, but not the reserve's minter (the deployed one is).
      const emission = await new Emission__factory(deployer).deploy(
        await reserveToken.getAddress(),
        registryAddress,
        1000n,
        5_000n,
        0n,
      );
      const coin = await new FoundationCoin__factory(deployer).deploy(
        await reserveToken.getAddress(),
        registryAddress,
        await emission.getAddress(),
        SOME_COMPUTE_REWARDS,
        ...SOME_HUMANS,
        1000n,
        0n,
        0n,
        deployer.address,
        deployer.address,
      );
      await expect(registry.bindCoin(await coin.getAddress()))
        .to.emit(registry, "CoinBound")
        .withArgs(await coin.getAddress());
      await registry.propose("Pool", "", stranger.address);
      await expect(registry.approve(1n, 1n)).to.be.revertedWithCustomError(registry, "EmissionNotBound");
      await expect(registry.claim(1n)).to.be.revertedWithCustomError(registry, "EmissionNotBound");
      await expect(registry.bindEmission(await emission.getAddress()))
        .to.be.revertedWithCustomError(registry, "EmissionMismatch")
        .withArgs(await emission.getAddress());
      // The same checks refuse an emission that pays someone else or mints another token.
      const elsewhere = await new Emission__factory(deployer).deploy(
        await reserveToken.getAddress(),
        stranger.address,
        1000n,
        5_000n,
        0n,
      );
      await expect(registry.bindEmission(await elsewhere.getAddress()))
        .to.be.revertedWithCustomError(registry, "EmissionMismatch")
        .withArgs(await elsewhere.getAddress());
      expect(await registry.emission()).to.equal(ethers.ZeroAddress);
    });

    it("refuse a coin and an emission contract that do not know each other", async function () {
      const { deployer } = await networkHelpers.loadFixture(deploy);
      const reserve = await new ReserveToken__factory(deployer).deploy([], []);
      const registry = await new PoolRegistry__factory(deployer).deploy(
        await reserve.getAddress(),
        deployer.address,
        deployer.address,
      );
      const registryAddress = await registry.getAddress();
      const emission = await new Emission__factory(deployer).deploy(
        await reserve.getAddress(),
        registryAddress,
        1000n,
        0n,
        0n,
      );
      const other = await new Emission__factory(deployer).deploy(
        await reserve.getAddress(),
        registryAddress,
        1000n,
        0n,
        0n,
      );
      // A coin built with another emission contract would accept FDC sent to the real one.
      const coin = await new FoundationCoin__factory(deployer).deploy(
        await reserve.getAddress(),
        registryAddress,
        await other.getAddress(),
        SOME_COMPUTE_REWARDS,
        ...SOME_HUMANS,
        1000n,
        0n,
        0n,
        deployer.address,
        deployer.address,
      );
      await reserve.setMinter(await emission.getAddress());
      await registry.bindEmission(await emission.getAddress());
      await expect(registry.bindCoin(await coin.getAddress()))
        .to.be.revertedWithCustomError(registry, "CoinMismatch")
        .withArgs(await coin.getAddress());
      // The other order: coin first, then an emission contract the coin does not list.
      const registry2 = await new PoolRegistry__factory(deployer).deploy(
        await reserve.getAddress(),
        deployer.address,
        deployer.address,
      );
      const emission2 = await new Emission__factory(deployer).deploy(
        await reserve.getAddress(),
        await registry2.getAddress(),
        1000n,
        0n,
        0n,
      );
      const coin2 = await new FoundationCoin__factory(deployer).deploy(
        await reserve.getAddress(),
        await registry2.getAddress(),
        await other.getAddress(),
        SOME_COMPUTE_REWARDS,
        ...SOME_HUMANS,
        1000n,
        0n,
        0n,
        deployer.address,
        deployer.address,
      );
      await registry2.bindCoin(await coin2.getAddress());
      await expect(registry2.bindEmission(await emission2.getAddress()))
        .to.be.revertedWithCustomError(registry2, "EmissionMismatch")
        .withArgs(await emission2.getAddress());
    });

    it("refuse an emission whose share has no destination yet, or one the coin does not know", async function () {
      const { deployer } = await networkHelpers.loadFixture(deploy);
      // A fresh system whose emission gives half to a compute destination (a stub naming it).
      async function system(coinKnowsDestination: boolean) {
        const reserve = await new ReserveToken__factory(deployer).deploy([], []);
        const registry = await new PoolRegistry__factory(deployer).deploy(
          await reserve.getAddress(),
          deployer.address,
          deployer.address,
        );
        const emission = await new Emission__factory(deployer).deploy(
          await reserve.getAddress(),
          await registry.getAddress(),
          1000n,
          5_000n,
          0n,
        );
        await reserve.setMinter(await emission.getAddress());
        const destination = await new EmissionDestinationStub__factory(deployer).deploy(await emission.getAddress());
        const coin = await new FoundationCoin__factory(deployer).deploy(
          await reserve.getAddress(),
          await registry.getAddress(),
          await emission.getAddress(),
          coinKnowsDestination ? await destination.getAddress() : SOME_COMPUTE_REWARDS,
          ...SOME_HUMANS,
          1000n,
          0n,
          0n,
          deployer.address,
          deployer.address,
        );
        return { registry, emission, destination, coin };
      }
      // Destinations not bound yet: a release would revert, so every settlement would.
      const early = await system(true);
      await early.registry.bindCoin(await early.coin.getAddress());
      await expect(early.registry.bindEmission(await early.emission.getAddress()))
        .to.be.revertedWithCustomError(early.registry, "EmissionMismatch")
        .withArgs(await early.emission.getAddress());
      await early.emission.bindDestinations(await early.destination.getAddress(), ethers.ZeroAddress);
      await expect(early.registry.bindEmission(await early.emission.getAddress()))
        .to.emit(early.registry, "EmissionBound")
        .withArgs(await early.emission.getAddress());

      // A coin that would accept FDC sent to the compute destination, bound before or after.
      const coinFirst = await system(false);
      await coinFirst.emission.bindDestinations(await coinFirst.destination.getAddress(), ethers.ZeroAddress);
      await coinFirst.registry.bindCoin(await coinFirst.coin.getAddress());
      await expect(coinFirst.registry.bindEmission(await coinFirst.emission.getAddress()))
        .to.be.revertedWithCustomError(coinFirst.registry, "EmissionMismatch")
        .withArgs(await coinFirst.emission.getAddress());
      const emissionFirst = await system(false);
      await emissionFirst.emission.bindDestinations(await emissionFirst.destination.getAddress(), ethers.ZeroAddress);
      await emissionFirst.registry.bindEmission(await emissionFirst.emission.getAddress());
      await expect(emissionFirst.registry.bindCoin(await emissionFirst.coin.getAddress()))
        .to.be.revertedWithCustomError(emissionFirst.registry, "CoinMismatch")
        .withArgs(await emissionFirst.coin.getAddress());
    });

    it("emits EmissionBound when the module wires the deployment", async function () {
      const { poolRegistry, emission } = await networkHelpers.loadFixture(deploy);
      const filter = poolRegistry.filters.EmissionBound();
      const events = await poolRegistry.queryFilter(filter);
      expect(events.map((e) => e.args.emission)).to.deep.equal([await emission.getAddress()]);
    });
  });
});
