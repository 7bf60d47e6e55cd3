import { expect } from "chai";
import { network } from "hardhat";
import type { ContractTransactionReceipt } from "ethers";
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
import {
  claimedIn,
  eventsIn,
  expectShare,
  fromCommonsIn,
  mined,
  mintedIn,
  recycledIn,
  splitOf,
} from "./helpers/books.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);
const deployWithPools = poolsFixture(connection);

const Status = { None: 0n, Proposed: 1n, Active: 2n, Retired: 3n } as const;
const SCALE = 10n ** 12n;
/** The fixture's split of the emission: compute 5,000 bps, humans 2,500 bps, the commons the rest. */
const COMPUTE_BPS = 5_000n;
const HUMAN_BPS = 2_500n;
/** Any address will do as a coin's compute-rewards contract where a test builds its own coin. */
const SOME_COMPUTE_REWARDS = "0x000000000000000000000000000000000000dEaD";
// Stand-ins for the human contracts, for coins built in tests whose emission has no human share.
const SOME_HUMANS = [
  "0x000000000000000000000000000000000000beef",
  "0x000000000000000000000000000000000000f00d",
] as const;
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

/** The timestamp of the latest block: views run at it. */
async function now(): Promise<bigint> {
  const block = await ethers.provider.getBlock("latest");
  if (block === null) throw new Error("no latest block");
  return BigInt(block.timestamp);
}

/** The timestamp of the block a transaction was mined in. */
async function timeOf(receipt: ContractTransactionReceipt): Promise<bigint> {
  return BigInt((await receipt.getBlock()).timestamp);
}

/**
 * What the schedule made due to the commons by `timestamp`: its own share and, since nobody is
 * registered as a human in these fixtures, the human share too (all that compute's floor leaves).
 */
async function commonsShareAt(f: Fixture, timestamp: bigint): Promise<bigint> {
  const { toHumans, toCommons } = splitOf(await f.emission.emittedUntil(timestamp), COMPUTE_BPS, HUMAN_BPS);
  return toHumans + toCommons;
}

/**
 * The compute epochs final by `timestamp` (epoch e is final once `timestamp > START + (e + 1) ×
 * EPOCH + WINDOW + REVIEW`) and their budgets: nobody reports in these tests, so a full settlement
 * then hands all of them to the commons. The budgets of epochs 0..n-1 telescope to the compute
 * share of what was emitted by the end of epoch n-1.
 */
async function unreportedAt(f: Fixture, timestamp: bigint): Promise<{ finalEpochs: bigint; budgets: bigint }> {
  const start = await f.computeRewards.START();
  const epoch = await f.computeRewards.EPOCH_LENGTH();
  const finalAfter = (await f.computeRewards.SUBMISSION_WINDOW()) + (await f.computeRewards.REVIEW_PERIOD());
  if (timestamp <= start + finalAfter) return { finalEpochs: 0n, budgets: 0n };
  const finalEpochs = (timestamp - start - finalAfter - 1n) / epoch;
  const emitted = await f.emission.emittedUntil(start + finalEpochs * epoch);
  return { finalEpochs, budgets: splitOf(emitted, COMPUTE_BPS, HUMAN_BPS).toCompute };
}

/** What a full settlement at `timestamp` finds due to the commons, fees aside. */
async function settledIncomeAt(f: Fixture, timestamp: bigint): Promise<bigint> {
  return (await commonsShareAt(f, timestamp)) + (await unreportedAt(f, timestamp)).budgets;
}

/**
 * A pool's share of `income` when every unit of it was counted at the same total weight: the
 * accumulator's floor per unit of weight (remainders carried, so it is the floor of the whole),
 * times the pool's weight, floored to base units.
 */
function shareOf(income: bigint, weight: bigint, total: bigint): bigint {
  return (weight * ((income * SCALE) / total)) / SCALE;
}

/** The registry's books add up: Σ owedScaled + heldScaled == countedNotDrawn × SCALE, to the scaled unit. */
async function expectBooksBalance(f: Fixture, what: string): Promise<bigint> {
  let owed = await f.poolRegistry.heldScaled();
  for (let id = 1n; id <= (await f.poolRegistry.poolCount()); id++) owed += await f.poolRegistry.owedScaled(id);
  const counted = await f.poolRegistry.countedNotDrawn();
  expect(owed, `${what}: the pools' books and what is held`).to.equal(counted * SCALE);
  return counted;
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
      expect(pool.approvedAt).to.equal(0n);
      expect(await poolRegistry.isActive(1n)).to.equal(false);
      expect((await poolRegistry.activePeriod(1n))[0]).to.equal(0n);
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
      const { poolRegistry, foundationCoin, stranger } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Free AI", "", stranger.address);
      await expect(poolRegistry.approve(3n, 250n)).to.emit(poolRegistry, "PoolApproved").withArgs(3n, 250n, 650n);
      expect(await poolRegistry.isActive(3n)).to.equal(true);
      expect(await poolRegistry.totalWeight()).to.equal(650n);
      const pool = await poolRegistry.pool(3n);
      expect(pool.status).to.equal(Status.Active);
      expect(pool.weight).to.equal(250n);
      expect(await foundationCoin.isPoolOpen(3n)).to.equal(true);
    });

    it("refuses a weight above zero while no pool has weight (WeightFromZeroNeedsCurate), allows weight 0", async function () {
      const { poolRegistry, foundationCoin, emission, cancerLab } = await networkHelpers.loadFixture(deploy);
      await poolRegistry.propose("Cancer research", "", cancerLab.address);
      // A pool approved alone from total weight 0 would take everything that waited meanwhile.
      await expect(poolRegistry.approve(1n, 250n))
        .to.be.revertedWithCustomError(poolRegistry, "WeightFromZeroNeedsCurate")
        .withArgs(1n, 250n);
      expect(await poolRegistry.isActive(1n)).to.equal(false);
      // Weight 0 takes nothing, so it needs no batch: the pool is active and may be named by holders.
      await expect(poolRegistry.approve(1n, 0n)).to.emit(poolRegistry, "PoolApproved").withArgs(1n, 0n, 0n);
      expect(await poolRegistry.isActive(1n)).to.equal(true);
      expect(await foundationCoin.isPoolOpen(1n)).to.equal(true);
      // Still nothing counted: what came due waits, available in the emission contract.
      expect(await poolRegistry.claimable(1n)).to.equal(0n);
      expect(await poolRegistry.countedNotDrawn()).to.equal(0n);
      expect(await emission.availableTo(poolRegistry)).to.be.gt(0n);
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
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, emission, alice, stranger } = f;
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // fee 2 FRSV
      await poolRegistry.propose("Late", "", stranger.address);
      const approval = await mined(poolRegistry.approve(3n, 400n));
      // The approval settled everything that came before it, the coin's fee included, at 100:300.
      expect(recycledIn(approval, emission)).to.equal(units("2"));
      const dueAtApproval = await commonsShareAt(f, await timeOf(approval));
      const before = dueAtApproval + units("2");
      expect(await poolRegistry.claimable(3n)).to.equal(0n);
      expect(await poolRegistry.claimable(1n)).to.equal(shareOf(before, 100n, 400n));
      expect(await poolRegistry.claimable(2n)).to.equal(shareOf(before, 300n, 400n));
      // From now on the late pool earns its weight's share, of new income only.
      const claim = await mined(poolRegistry.claim(3n));
      const after = (await commonsShareAt(f, await timeOf(claim))) - dueAtApproval;
      expect(after).to.be.gt(0n);
      expectShare(claimedIn(claim, poolRegistry), after * 400n, 800n, "the late pool's first claim");
    });
  });

  describe("setWeight", function () {
    it("changes the share of income arriving afterwards only, fees and emission alike", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, emission, alice } = f;
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV at 100:300
      const change = await mined(poolRegistry.setWeight(1n, 300n));
      await expect(change).to.emit(poolRegistry, "WeightSet").withArgs(1n, 300n, 600n);
      // The change settled first: the fee and the emission so far are shared at the old weights.
      expect(recycledIn(change, emission)).to.equal(units("2"));
      const dueAtChange = await commonsShareAt(f, await timeOf(change));
      const atOldWeights = dueAtChange + units("2");
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV at 300:300
      expect(recycledIn(await mined(poolRegistry.settle()), emission)).to.equal(units("2"));
      const claim1 = await mined(poolRegistry.claim(1n));
      const atNewWeights1 = (await commonsShareAt(f, await timeOf(claim1))) - dueAtChange + units("2");
      // Pool 1: a quarter of the first stretch, half of the second; pool 2 the rest.
      expectShare(
        claimedIn(claim1, poolRegistry),
        atOldWeights * 100n * 600n + atNewWeights1 * 300n * 400n,
        400n * 600n,
        "pool 1",
      );
      const claim2 = await mined(poolRegistry.claim(2n));
      const atNewWeights2 = (await commonsShareAt(f, await timeOf(claim2))) - dueAtChange + units("2");
      expectShare(
        claimedIn(claim2, poolRegistry),
        atOldWeights * 300n * 600n + atNewWeights2 * 300n * 400n,
        400n * 600n,
        "pool 2",
      );
      expect(await poolRegistry.totalWeight()).to.equal(600n);
    });

    it("refuses to restart from total weight 0 with one pool (WeightFromZeroNeedsCurate); a batch restarts it", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, stranger } = f;
      await poolRegistry.propose("Free AI", "", stranger.address); // 3
      const stop = await mined(poolRegistry.curate([1n, 2n], [0n, 0n]));
      const dueAtStop = await commonsShareAt(f, await timeOf(stop));
      expect(await poolRegistry.totalWeight()).to.equal(0n);
      await expect(poolRegistry.setWeight(1n, 5n))
        .to.be.revertedWithCustomError(poolRegistry, "WeightFromZeroNeedsCurate")
        .withArgs(1n, 5n);
      await expect(poolRegistry.approve(3n, 7n))
        .to.be.revertedWithCustomError(poolRegistry, "WeightFromZeroNeedsCurate")
        .withArgs(3n, 7n);
      // Setting a weight of 0 gives nobody anything, so it stays allowed.
      await expect(poolRegistry.setWeight(2n, 0n)).to.emit(poolRegistry, "WeightSet").withArgs(2n, 0n, 0n);
      // What came due while no pool had weight goes by the weights of the batch that restarts.
      const restart = await mined(poolRegistry.curate([1n, 3n], [1n, 3n]));
      await expect(restart).to.emit(poolRegistry, "WeightSet").withArgs(1n, 1n, 1n);
      await expect(restart).to.emit(poolRegistry, "PoolApproved").withArgs(3n, 3n, 4n);
      const waited = (await commonsShareAt(f, await timeOf(restart))) - dueAtStop;
      expectShare(await poolRegistry.claimable(3n), waited * 3n, 4n, "the pool approved in the restart");
      expectShare(
        await poolRegistry.claimable(1n),
        dueAtStop * 100n * 4n + waited * 1n * 400n,
        400n * 4n,
        "pool 1, a quarter before the stop and a quarter of what waited",
      );
      expect(await poolRegistry.claimable(2n)).to.equal(shareOf(dueAtStop, 300n, 400n));
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
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, emission, alice, stranger } = f;
      await poolRegistry.propose("Free AI", "", stranger.address); // 3
      await poolRegistry.propose("Longevity", "", stranger.address); // 4
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV at 100:300
      const batch = await mined(poolRegistry.curate([1n, 3n, 4n], [0n, 500n, 1_000_000n]));
      await expect(batch).to.emit(poolRegistry, "WeightSet").withArgs(1n, 0n, 300n);
      await expect(batch).to.emit(poolRegistry, "PoolApproved").withArgs(3n, 500n, 800n);
      await expect(batch).to.emit(poolRegistry, "PoolApproved").withArgs(4n, 1_000_000n, 1_000_800n);
      // One full settlement for the whole batch: the fee was recycled once, before the weights changed.
      expect(recycledIn(batch, emission)).to.equal(units("2"));
      expect(eventsIn(batch, foundationCoin, "CommonsFeesForwarded").length).to.equal(1);
      expect((await poolRegistry.unsettled())[0]).to.equal(0n);
      const settled = (await commonsShareAt(f, await timeOf(batch))) + units("2");
      expect(await poolRegistry.totalWeight()).to.equal(1_000_800n);
      expect(await poolRegistry.isActive(4n)).to.equal(true);
      expect(await foundationCoin.isPoolOpen(3n)).to.equal(true);
      // Everything before the batch went by the weights before it: the new pools start empty.
      expect(await poolRegistry.claimable(1n)).to.equal(shareOf(settled, 100n, 400n));
      expect(await poolRegistry.claimable(3n)).to.equal(0n);
      expect(await poolRegistry.claimable(4n)).to.equal(0n);
      // Weight 0 keeps a pool active (it may still be named by holders) but earns it no commons.
      expect(await poolRegistry.isActive(1n)).to.equal(true);
      await networkHelpers.time.increase(DAY);
      const later = await mined(poolRegistry.claim(1n));
      expect(claimedIn(later, poolRegistry)).to.equal(shareOf(settled, 100n, 400n));
    });

    it("shares income that waited while no pool had weight by the weights after the batch, not by order", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { poolRegistry, foundationCoin, emission, alice, cancerLab, schoolLab } = f;
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 0n, 0n); // 1 FRSV, no pool yet
      await networkHelpers.time.increase(30 * DAY);
      // Nothing is counted at total weight 0: it waits, available in the emission contract.
      expect(await poolRegistry.countedNotDrawn()).to.equal(0n);
      expect(await poolRegistry.accumulatedPerWeight()).to.equal(0n);
      expect(await emission.availableTo(poolRegistry)).to.equal(await commonsShareAt(f, await now()));
      await poolRegistry.propose("Cancer research", "", cancerLab.address);
      await poolRegistry.propose("Education", "", schoolLab.address);
      // The light pool is listed first: approved one by one, it would have taken everything.
      const batch = await mined(poolRegistry.curate([1n, 2n], [1n, 1_000_000n]));
      expect(recycledIn(batch, emission)).to.equal(units("1"));
      // 30 days of emission, the budgets of compute epochs nobody reported, and the fee.
      const waited = (await settledIncomeAt(f, await timeOf(batch))) + units("1");
      expect(await poolRegistry.accumulatedPerWeight()).to.equal((waited * SCALE) / 1_000_001n);
      expect(await poolRegistry.claimable(1n)).to.equal(shareOf(waited, 1n, 1_000_001n));
      expect(await poolRegistry.claimable(2n)).to.equal(shareOf(waited, 1_000_000n, 1_000_001n));
      expectShare(await poolRegistry.claimable(2n), waited * 1_000_000n, 1_000_001n, "the heavy pool");
    });

    it("refuses mismatched lengths, unsorted or repeated ids, unknown and retired pools, heavy weights", async function () {
      const { poolRegistry, foundationCoin, alice, stranger } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Proposed", "", stranger.address); // 3
      await poolRegistry.propose("Retired", "", stranger.address); // 4
      await poolRegistry.retire(4n);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV, unsettled
      const perWeight = await poolRegistry.accumulatedPerWeight();
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
      // Nothing changed: weights, statuses, the accumulator, and the fee still waits at the coin.
      expect(await poolRegistry.totalWeight()).to.equal(400n);
      expect((await poolRegistry.pool(1n)).weight).to.equal(100n);
      expect((await poolRegistry.pool(3n)).status).to.equal(Status.Proposed);
      expect(await poolRegistry.accumulatedPerWeight()).to.equal(perWeight);
      expect(await foundationCoin.commonsFeesOwed()).to.equal(units("2"));
    });

    it("does nothing for an empty batch: no settlement, no event", async function () {
      const { poolRegistry, foundationCoin, alice } = await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV, unsettled
      const perWeight = await poolRegistry.accumulatedPerWeight();
      const receipt = await mined(poolRegistry.curate([], []));
      expect(receipt.logs.length).to.equal(0);
      expect(await poolRegistry.accumulatedPerWeight()).to.equal(perWeight);
      expect(await foundationCoin.commonsFeesOwed()).to.equal(units("2"));
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
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, reserveToken, emission, alice, cancerLab } = f;
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 0.5 to pool 1
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 1n, 0n); // 1 directed to pool 1
      const retirement = await mined(poolRegistry.retire(1n));
      await expect(retirement).to.emit(poolRegistry, "PoolRetired").withArgs(1n, 300n);
      // The retirement settled first: the fee and the emission so far, at 100:300.
      expect(recycledIn(retirement, emission)).to.equal(units("2"));
      const dueAtRetirement = await commonsShareAt(f, await timeOf(retirement));
      const commons = dueAtRetirement + units("2");
      expect(await poolRegistry.isActive(1n)).to.equal(false);
      expect(await poolRegistry.totalWeight()).to.equal(300n);
      expect((await poolRegistry.pool(1n)).weight).to.equal(0n);
      expect(await foundationCoin.isPoolOpen(1n)).to.equal(false);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // all 2 to pool 2
      await poolRegistry.settle();
      const claim = await mined(poolRegistry.claim(1n));
      // Its quarter of everything up to retirement, and its directed fee; nothing after.
      const fromCommons = shareOf(commons, 100n, 400n);
      await expect(claim)
        .to.emit(poolRegistry, "Claimed")
        .withArgs(1n, cancerLab.address, fromCommons + units("1"), fromCommons);
      expect(await reserveToken.balanceOf(cancerLab.address)).to.equal(fromCommons + units("1"));
      // Pool 2 takes everything after, and the retired pool's sub-unit remainder with it.
      const claim2 = await mined(poolRegistry.claim(2n));
      const after = (await commonsShareAt(f, await timeOf(claim2))) - dueAtRetirement + units("2");
      const exact2 = (commons * 300n + after * 400n) / 400n;
      expect(claimedIn(claim2, poolRegistry)).to.be.within(exact2 - 1n, exact2 + 1n);
    });

    it("never lowers what the pool can claim; its sub-unit remainder goes back to the commons", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, reserveToken, alice } = f;
      const thirds = await mined(poolRegistry.curate([1n, 2n], [1n, 2n])); // remainders everywhere
      const atQuarters = await commonsShareAt(f, await timeOf(thirds));
      await reserveToken.connect(alice).transfer(await poolRegistry.getAddress(), 1n); // a wei for the commons
      const at = (await now()) + 10n;
      // What pool 1 could claim at that moment had it not been retired (a settlement as retire makes).
      const snapshot = await networkHelpers.takeSnapshot();
      await networkHelpers.time.setNextBlockTimestamp(at);
      await poolRegistry.settle();
      const claimableThen = await poolRegistry.claimable(1n);
      const owedThen = await poolRegistry.owedScaled(1n);
      await snapshot.restore();
      // A third of what came after the reweighing, on top of its quarter of what came before.
      const atThirds = (await commonsShareAt(f, at)) - atQuarters + 1n;
      expectShare(claimableThen, atQuarters * 100n * 3n + atThirds * 1n * 400n, 400n * 3n, "pool 1");
      expect(owedThen % SCALE, "a sub-unit remainder to give back").to.not.equal(0n);

      await networkHelpers.time.setNextBlockTimestamp(at);
      await poolRegistry.retire(1n);
      expect(await poolRegistry.claimable(1n)).to.equal(claimableThen);
      expect(await poolRegistry.owedScaled(1n)).to.equal(owedThen - (owedThen % SCALE));
      // The remainder is not lost: it is counted for the pools still active.
      await expectBooksBalance(f, "after the retirement");
      await networkHelpers.time.increase(DAY);
      expect(claimedIn(await mined(poolRegistry.claim(1n)), poolRegistry)).to.equal(claimableThen);
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

  describe("activePeriod, approvedAt and retiredAt", function () {
    it("are 0 while a pool is proposed, and for an unknown pool", async function () {
      const { poolRegistry, stranger } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Free AI", "", stranger.address); // 3
      await networkHelpers.time.increase(DAY);
      expect((await poolRegistry.activePeriod(3n))[0]).to.equal(0n);
      const pool = await poolRegistry.pool(3n);
      expect(pool.approvedAt).to.equal(0n);
      expect(pool[5], "approvedAt is PoolInfo's sixth field").to.equal(0n);
      expect(pool.retiredAt).to.equal(0n);
      expect(pool[6], "retiredAt is PoolInfo's last field").to.equal(0n);
      expect(await poolRegistry.activePeriod(3n)).to.deep.equal([0n, 0n]);
      // A view, not a check: unknown ids read as never approved.
      expect((await poolRegistry.activePeriod(0n))[0]).to.equal(0n);
      expect((await poolRegistry.activePeriod(99n))[0]).to.equal(0n);
    });

    it("are the approval block's timestamp once approve activates the pool; later reweighing keeps it", async function () {
      const { poolRegistry, stranger } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Free AI", "", stranger.address); // 3
      const at = (await now()) + 1_000n;
      await networkHelpers.time.setNextBlockTimestamp(at);
      const approval = await mined(poolRegistry.approve(3n, 250n));
      expect(await timeOf(approval)).to.equal(at);
      expect((await poolRegistry.activePeriod(3n))[0]).to.equal(at);
      expect((await poolRegistry.pool(3n)).approvedAt).to.equal(at);
      // Changing its weight, even to 0 (it stays active), is no new approval.
      await networkHelpers.time.increase(DAY);
      await poolRegistry.setWeight(3n, 1n);
      await poolRegistry.curate([3n], [0n]);
      expect(await poolRegistry.isActive(3n)).to.equal(true);
      expect((await poolRegistry.activePeriod(3n))[0]).to.equal(at);
      expect((await poolRegistry.pool(3n)).approvedAt).to.equal(at);
    });

    it("are the batch's block timestamp for every pool curate approves, weight 0 included, and unchanged for those it reweighs", async function () {
      const { poolRegistry, stranger } = await networkHelpers.loadFixture(deployWithPools);
      const pool1Since = (await poolRegistry.activePeriod(1n))[0];
      expect(pool1Since).to.be.gt(0n);
      // Pools 1 and 2 were approved in the fixture's one batch.
      expect((await poolRegistry.activePeriod(2n))[0]).to.equal(pool1Since);
      expect((await poolRegistry.pool(1n)).approvedAt).to.equal(pool1Since);
      await poolRegistry.propose("Free AI", "", stranger.address); // 3
      await poolRegistry.propose("Longevity", "", stranger.address); // 4
      await poolRegistry.propose("Still proposed", "", stranger.address); // 5
      const at = (await now()) + BigInt(DAY);
      await networkHelpers.time.setNextBlockTimestamp(at);
      const batch = await mined(poolRegistry.curate([1n, 3n, 4n], [50n, 60n, 0n]));
      expect(await timeOf(batch)).to.equal(at);
      for (const id of [3n, 4n]) {
        expect((await poolRegistry.activePeriod(id))[0], `pool ${id}`).to.equal(at);
        expect((await poolRegistry.pool(id)).approvedAt, `pool ${id}`).to.equal(at);
      }
      expect((await poolRegistry.activePeriod(1n))[0], "pool 1, reweighed").to.equal(pool1Since);
      expect((await poolRegistry.pool(1n)).approvedAt, "pool 1, reweighed").to.equal(pool1Since);
      expect(pool1Since).to.be.lt(at);
      expect((await poolRegistry.activePeriod(5n))[0]).to.equal(0n);
      expect((await poolRegistry.pool(5n)).approvedAt).to.equal(0n);
    });

    it("after retirement: the approval time is kept (0 for a rejected proposal) and retiredAt is the retirement's block time", async function () {
      const { poolRegistry, stranger } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Free AI", "", stranger.address); // 3
      await poolRegistry.propose("Spam", "", stranger.address); // 4
      const at = (await now()) + 100n;
      await networkHelpers.time.setNextBlockTimestamp(at);
      await poolRegistry.approve(3n, 10n);
      await networkHelpers.time.increase(DAY);
      // A pool approved by approve, one approved by the fixture's curate, and a proposal rejected.
      const pool1Since = (await poolRegistry.activePeriod(1n))[0];
      const retiredAt = [] as bigint[];
      for (const id of [3n, 1n, 4n]) {
        retiredAt.push(await timeOf(await mined(poolRegistry.retire(id))));
      }
      expect(await poolRegistry.activePeriod(3n)).to.deep.equal([at, retiredAt[0]]);
      expect((await poolRegistry.pool(3n)).approvedAt).to.equal(at);
      expect((await poolRegistry.pool(3n)).retiredAt).to.equal(retiredAt[0]);
      expect((await poolRegistry.pool(3n)).status).to.equal(Status.Retired);
      expect(await poolRegistry.activePeriod(1n)).to.deep.equal([pool1Since, retiredAt[1]]);
      expect((await poolRegistry.pool(1n)).approvedAt).to.equal(pool1Since);
      // A proposal rejected was never approved: its work was never a pool's.
      expect(await poolRegistry.activePeriod(4n)).to.deep.equal([0n, retiredAt[2]]);
      expect((await poolRegistry.pool(4n)).approvedAt).to.equal(0n);
      // The pool still active is untouched.
      expect(await poolRegistry.activePeriod(2n)).to.deep.equal([pool1Since, 0n]);
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
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, reserveToken, alice, stranger, cancerLab } = f;
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 for the commons
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 1n, 0n); // 1 named for pool 1
      const strangerBefore = await reserveToken.balanceOf(stranger.address);
      const receipt = await mined(poolRegistry.connect(stranger).claim(1n));
      // Its quarter of what the schedule made due by this block, and the fee named for it. The
      // commons' fee at the coin is not pulled by a claim: it waits for the next full settlement.
      const due = await commonsShareAt(f, await timeOf(receipt));
      const fromCommons = shareOf(due, 100n, 400n);
      await expect(receipt)
        .to.emit(poolRegistry, "Claimed")
        .withArgs(1n, cancerLab.address, fromCommons + units("1"), fromCommons);
      expect(await reserveToken.balanceOf(cancerLab.address)).to.equal(fromCommons + units("1"));
      expect(await reserveToken.balanceOf(stranger.address)).to.equal(strangerBefore);
      expect(await poolRegistry.claimable(1n)).to.equal(0n);
      expect(await poolRegistry.claimable(2n)).to.equal(shareOf(due, 300n, 400n));
      expect(await foundationCoin.commonsFeesOwed()).to.equal(units("2"));
    });

    it("pays its commons share by the emission contract's mint and the fees named for it from the coin", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, reserveToken, emission, alice, cancerLab } = f;
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 1n, 0n); // 1 named for pool 1
      await networkHelpers.time.increase(DAY);
      const coin = await foundationCoin.getAddress();
      const coinBefore = await reserveToken.balanceOf(coin);
      const supplyBefore = await reserveToken.totalSupply();
      const receipt = await mined(poolRegistry.claim(1n));
      // Nothing was minted before the claim: the whole day's share is minted now, to the recipient.
      const fromCommons = shareOf(await commonsShareAt(f, await timeOf(receipt)), 100n, 400n);
      expect(fromCommons).to.be.gt(units("1"));
      await expect(receipt)
        .to.emit(poolRegistry, "Claimed")
        .withArgs(1n, cancerLab.address, fromCommons + units("1"), fromCommons);
      expect(fromCommonsIn(receipt, poolRegistry)).to.equal(fromCommons);
      expect(mintedIn(receipt, reserveToken)).to.equal(fromCommons);
      await expect(receipt)
        .to.emit(emission, "Drawn")
        .withArgs(await poolRegistry.getAddress(), cancerLab.address, fromCommons);
      await expect(receipt).to.emit(reserveToken, "Transfer").withArgs(coin, cancerLab.address, units("1"));
      expect(await reserveToken.balanceOf(coin)).to.equal(coinBefore - units("1"));
      expect(await reserveToken.totalSupply()).to.equal(supplyBefore + fromCommons);
      expect(await emission.spentBy(poolRegistry)).to.equal(fromCommons);
      // The supply is the genesis plus what was minted (nothing recycled yet).
      expect(await reserveToken.totalSupply()).to.equal(units("30000") + (await emission.minted()));
    });

    it("never promises more than a claim in the next block pays", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, alice } = f;
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 for the commons
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 1n, 0n); // 1 named for pool 1
      await networkHelpers.time.increase(3600);
      for (const poolId of [1n, 2n]) {
        const weight = poolId === 1n ? 100n : 300n;
        const named = poolId === 1n ? units("1") : 0n;
        const t = await now();
        const promised = await poolRegistry.claimable(poolId);
        // Exactly what a claim would pay at this block: its share of what is due and its named fee
        // (the commons' fee at the coin joins at the next settlement).
        expect(promised).to.equal(shareOf(await commonsShareAt(f, t), weight, 400n) + named);
        await networkHelpers.time.setNextBlockTimestamp(t + 1n);
        const claim = await mined(poolRegistry.claim(poolId));
        const paid = claimedIn(claim, poolRegistry);
        expect(paid).to.equal(shareOf(await commonsShareAt(f, t + 1n), weight, 400n) + named);
        expect(paid, `pool ${poolId}`).to.be.gte(promised);
      }
      // After a settlement brings the fee in, the view still never promises more than the next claim.
      await poolRegistry.settle();
      const promised = await poolRegistry.claimable(2n);
      await networkHelpers.time.setNextBlockTimestamp((await now()) + 1n);
      expect(claimedIn(await mined(poolRegistry.claim(2n)), poolRegistry)).to.be.gte(promised);
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
        // Its named fee only, nothing minted from the commons.
        await expect(a).to.emit(poolRegistry, "Claimed").withArgs(3n, stranger.address, units("1"), 0n);
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
      await expect(poolRegistry.owedScaled(3n)).to.be.revertedWithCustomError(poolRegistry, "UnknownPool").withArgs(3n);
    });
  });

  describe("settle", function () {
    it("recycles the coin's commons fees and FRSV sent to the registry or the emission contract, for anyone", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, reserveToken, emission, alice, stranger } = f;
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 for the commons
      await reserveToken.connect(alice).transfer(await poolRegistry.getAddress(), 3n);
      await reserveToken.connect(alice).transfer(await emission.getAddress(), 5n);
      const fees = units("2") + 8n;
      const settlement = await mined(poolRegistry.connect(stranger).settle());
      await expect(settlement).to.emit(foundationCoin, "CommonsFeesForwarded").withArgs(units("2"));
      await expect(settlement).to.emit(emission, "Recycled").withArgs(fees, fees);
      expect(await foundationCoin.commonsFeesOwed()).to.equal(0n);
      expect(await reserveToken.balanceOf(await poolRegistry.getAddress())).to.equal(0n);
      expect(await reserveToken.balanceOf(await emission.getAddress())).to.equal(0n);
      // Burnt, and due to the commons instead: counted at once, by the weights in force.
      const income = (await commonsShareAt(f, await timeOf(settlement))) + fees;
      expect(await emission.dueTo(poolRegistry)).to.equal(income);
      expect(await poolRegistry.countedNotDrawn()).to.equal(income);
      expect(await poolRegistry.claimable(1n)).to.equal(shareOf(income, 100n, 400n));
      expect(await poolRegistry.claimable(2n)).to.equal(shareOf(income, 300n, 400n));
    });

    it("hands over the budgets of compute epochs that became final with no report", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, computeRewards, emission } = f;
      // Day-long epochs are final 4 days after their end (a 2-day window, then a 2-day review).
      await networkHelpers.time.increase(6 * DAY);
      const settlement = await mined(poolRegistry.settle());
      const t = await timeOf(settlement);
      const { finalEpochs, budgets } = await unreportedAt(f, t);
      expect(finalEpochs).to.be.gte(2n);
      await expect(settlement).to.emit(computeRewards, "UnreportedToCommons").withArgs(finalEpochs, budgets);
      await expect(settlement)
        .to.emit(emission, "AssignedToCommons")
        .withArgs(await computeRewards.getAddress(), budgets, budgets);
      const income = (await commonsShareAt(f, t)) + budgets;
      expect(await poolRegistry.claimable(1n)).to.equal(shareOf(income, 100n, 400n));
      // A claim does not hand anything over: a day later it pays what is due, with the budgets
      // handed over at the settlement only.
      await networkHelpers.time.increase(DAY);
      const claim = await mined(poolRegistry.claim(2n));
      const atClaim = await timeOf(claim);
      expect(fromCommonsIn(claim, poolRegistry)).to.equal(
        shareOf((await commonsShareAt(f, atClaim)) + budgets, 300n, 400n),
      );
      expect((await poolRegistry.unsettled())[1]).to.equal((await unreportedAt(f, atClaim)).budgets - budgets);
    });

    it("hands over an unreported epoch's budget only once its review period is over, not when its window closes", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, computeRewards, emission } = f;
      const start = await computeRewards.START();
      const epoch = await computeRewards.EPOCH_LENGTH();
      const window = await computeRewards.SUBMISSION_WINDOW();
      const review = await computeRewards.REVIEW_PERIOD();
      expect([epoch, window, review]).to.deep.equal([BigInt(DAY), BigInt(2 * DAY), BigInt(2 * DAY)]);
      const end = start + epoch; // epoch 0's end
      // Its window has closed but the guardian may still void a report: not final, nothing handed over.
      await networkHelpers.time.setNextBlockTimestamp(end + window + 1n);
      await expect(poolRegistry.settle()).not.to.emit(computeRewards, "UnreportedToCommons");
      expect((await poolRegistry.unsettled())[1]).to.equal(0n);
      // The review period's last second: still not final.
      await networkHelpers.time.setNextBlockTimestamp(end + window + review);
      await expect(poolRegistry.settle()).not.to.emit(computeRewards, "UnreportedToCommons");
      expect(await computeRewards.unreportedToCommons()).to.equal(0n);
      // One second later epoch 0 is final, and its whole budget goes to the commons.
      const budget = await computeRewards.epochBudget(0n);
      expect(budget).to.be.gt(0n);
      await networkHelpers.time.setNextBlockTimestamp(end + window + review + 1n);
      const settlement = await mined(poolRegistry.settle());
      await expect(settlement).to.emit(computeRewards, "UnreportedToCommons").withArgs(1n, budget);
      await expect(settlement)
        .to.emit(emission, "AssignedToCommons")
        .withArgs(await computeRewards.getAddress(), budget, budget);
      expect(await computeRewards.unreportedToCommons()).to.equal(budget);
    });

    it("brings commons fees into pools' claimable only at a full settlement, by the weights when they arrived", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, emission, alice } = f;
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV at 100:300
      // A claim counts what the schedule made due, not the fee waiting at the coin; nor does the view.
      const claim = await mined(poolRegistry.claim(1n));
      const paid = fromCommonsIn(claim, poolRegistry);
      expect(paid).to.equal(shareOf(await commonsShareAt(f, await timeOf(claim)), 100n, 400n));
      expect(await foundationCoin.commonsFeesOwed()).to.equal(units("2"));
      expect(await poolRegistry.claimable(2n)).to.equal(shareOf(await commonsShareAt(f, await now()), 300n, 400n));
      // The weight change settles everything first, so the fee is shared 100:300, as when it arrived.
      const change = await mined(poolRegistry.setWeight(2n, 100n));
      expect(recycledIn(change, emission)).to.equal(units("2"));
      const income = (await commonsShareAt(f, await timeOf(change))) + units("2");
      expect(await poolRegistry.claimable(1n)).to.equal(shareOf(income, 100n, 400n) - paid);
      expect(await poolRegistry.claimable(2n)).to.equal(shareOf(income, 300n, 400n));
      // A fee arriving now goes 100:100: pool 2 gets half of it, not three quarters.
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n);
      const settlement = await mined(poolRegistry.settle());
      const dueAfter =
        (await commonsShareAt(f, await timeOf(settlement))) -
        (await commonsShareAt(f, await timeOf(change))) +
        units("2");
      expectShare(
        await poolRegistry.claimable(2n),
        income * 300n * 200n + dueAfter * 100n * 400n,
        400n * 200n,
        "pool 2",
      );
    });
  });

  describe("unsettled", function () {
    it("reports fees at the coin, the registry and the emission contract, and final unreported budgets, until a settlement", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, reserveToken, alice } = f;
      const [noFees, noHandOvers] = await poolRegistry.unsettled();
      expect([noFees, noHandOvers]).to.deep.equal([0n, 0n]);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 for the commons
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 1n, 0n); // 1 named: not the commons'
      await reserveToken.connect(alice).transfer(await foundationCoin.getAddress(), 5n); // a gift to the coin
      await reserveToken.connect(alice).transfer(await poolRegistry.getAddress(), 3n);
      await reserveToken.connect(alice).transfer(await f.emission.getAddress(), 7n);
      // Past epoch 0's window and review period: its budget is final and not handed over yet.
      await networkHelpers.time.increase(6 * DAY);
      const [fees, handOvers] = await poolRegistry.unsettled();
      expect(fees).to.equal(units("2") + 15n);
      const { budgets } = await unreportedAt(f, await now());
      expect(budgets).to.be.gt(0n);
      expect(handOvers).to.equal(budgets);
      await poolRegistry.settle();
      const [feesAfter, handOversAfter] = await poolRegistry.unsettled();
      expect([feesAfter, handOversAfter]).to.deep.equal([0n, 0n]);
      // The fee named for pool 1 stays at the coin for its claim.
      expect(await foundationCoin.poolFeesOwed(1n)).to.equal(units("1"));
    });
  });

  describe("fair sharing of new reserve (the review's finding 1)", function () {
    async function thirtyDaysAt100To300() {
      const f = await deployWithPools();
      await f.poolRegistry.propose("Newcomer", "", f.stranger.address); // 3
      // Mid-day, so that no compute epoch becomes final in the next few seconds.
      await networkHelpers.time.increaseTo((await f.emission.START()) + BigInt(30 * DAY + DAY / 2));
      return f;
    }

    it("a pool approved at weight 1,000,000 after 30 days gets nothing of those 30 days", async function () {
      const f = await networkHelpers.loadFixture(thirtyDaysAt100To300);
      const { poolRegistry } = f;
      const approval = await mined(poolRegistry.approve(3n, 1_000_000n));
      const thirtyDays = await settledIncomeAt(f, await timeOf(approval));
      expect(thirtyDays).to.be.gt(units("50000"));
      // Someone settles one block later: the newcomer earns only that block's income, and the
      // pools that were there keep their 100:300 shares of the 30 days.
      const settlement = await mined(poolRegistry.settle());
      const oneBlock = (await settledIncomeAt(f, await timeOf(settlement))) - thirtyDays;
      expect(oneBlock).to.be.gt(0n);
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
      const f = await networkHelpers.loadFixture(thirtyDaysAt100To300);
      const { poolRegistry } = f;
      const retirement = await mined(poolRegistry.retire(1n));
      const thirtyDays = await settledIncomeAt(f, await timeOf(retirement));
      expect(thirtyDays).to.be.gt(units("50000"));
      expect(await poolRegistry.claimable(1n)).to.equal(shareOf(thirtyDays, 100n, 400n));
      await networkHelpers.time.increase(30 * DAY);
      const change = await mined(poolRegistry.setWeight(2n, 1n));
      const sixtyDays = await settledIncomeAt(f, await timeOf(change));
      expect(await poolRegistry.claimable(1n)).to.equal(shareOf(thirtyDays, 100n, 400n));
      // Pool 2 takes everything after, and the retired pool's sub-unit remainder with it.
      const exact2 = (thirtyDays * 300n + (sixtyDays - thirtyDays) * 400n) / 400n;
      expect(await poolRegistry.claimable(2n)).to.be.within(exact2 - 1n, exact2 + 1n);
    });

    it("whoever settles or claims, and when, changes no pool's share", async function () {
      const shares = async (first: "settle" | "claim" | "nothing") => {
        const { poolRegistry, emission, stranger } = await networkHelpers.loadFixture(thirtyDaysAt100To300);
        const start = await emission.START();
        await networkHelpers.time.setNextBlockTimestamp(start + BigInt(31 * DAY));
        let paid = 0n;
        if (first === "settle") await poolRegistry.connect(stranger).settle();
        else if (first === "claim")
          paid = claimedIn(await mined(poolRegistry.connect(stranger).claim(1n)), poolRegistry);
        else await networkHelpers.mine();
        await networkHelpers.time.setNextBlockTimestamp(start + BigInt(31 * DAY) + 10n);
        await poolRegistry.curate([1n, 3n], [1_000_000n, 1_000_000n]);
        return [
          paid + (await poolRegistry.claimable(1n)),
          await poolRegistry.claimable(2n),
          await poolRegistry.claimable(3n),
        ];
      };
      const untouched = await shares("nothing");
      expect(untouched[0]).to.be.gt(0n);
      expect(await shares("settle")).to.deep.equal(untouched);
      expect(await shares("claim")).to.deep.equal(untouched);
    });
  });

  describe("accumulatedPerWeight", function () {
    it("grows by each settled commons income per unit of weight, scaled by SCALE", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, alice } = f;
      expect(await poolRegistry.SCALE()).to.equal(SCALE);
      expect(await poolRegistry.MAX_WEIGHT()).to.equal(1_000_000n);
      // The fixture's curation, its last transaction, counted everything due by its block at 400.
      const curated = await commonsShareAt(f, await now());
      expect(await poolRegistry.accumulatedPerWeight()).to.equal((curated * SCALE) / 400n);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV of commons
      const settlement = await mined(poolRegistry.settle());
      const income = (await commonsShareAt(f, await timeOf(settlement))) + units("2");
      expect(await poolRegistry.accumulatedPerWeight()).to.equal((income * SCALE) / 400n);
      expect(await poolRegistry.heldScaled()).to.equal((income * SCALE) % 400n);
    });
  });

  describe("exact books", function () {
    it("owes pools exactly what is counted and not drawn, to the scaled unit, through gifts, fees, claims and retirements", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, foundationCoin, reserveToken, emission, alice } = f;
      // This test's own tally of the fees recycled for the commons and what claims drew.
      let recycled = 0n;
      let drawn = 0n;
      const check = async (what: string) => {
        const counted = await expectBooksBalance(f, what);
        // Everything due to the commons by now is counted or drawn: none lost, none made up.
        expect(counted + drawn, what).to.equal((await commonsShareAt(f, await now())) + recycled);
        expect(counted, what).to.equal(await emission.availableTo(poolRegistry));
        expect(await emission.recycled(), what).to.equal(recycled);
      };
      await check("at the start");
      await reserveToken.connect(alice).transfer(await poolRegistry.getAddress(), 7n);
      await check("after a 7-wei gift, not settled yet");
      await poolRegistry.curate([1n, 2n], [1n, 2n]); // thirds: remainders everywhere
      recycled += 7n;
      await check("after reweighing to thirds");
      await foundationCoin.connect(alice).mint(units("123.456789"), alice.address, 2n, 0n); // named for pool 2
      await foundationCoin.connect(alice).mint(777n, alice.address, 0n, 0n); // a fee of ceil(3.885) wei
      await check("after directed and dust fees");
      drawn += fromCommonsIn(await mined(poolRegistry.claim(1n)), poolRegistry);
      drawn += fromCommonsIn(await mined(poolRegistry.claim(2n)), poolRegistry);
      expect(drawn).to.be.gt(0n);
      await check("after claims");
      await poolRegistry.retire(1n);
      recycled += (777n * 50n + 9_999n) / 10_000n;
      await check("after a retirement");
      await reserveToken.connect(alice).transfer(await foundationCoin.getAddress(), 5n);
      await check("after a gift to the coin");
      await poolRegistry.settle();
      recycled += 5n;
      await check("after a settlement");
    });

    it("carries the division remainder forward so uneven income is never lost", async function () {
      const f = await networkHelpers.loadFixture(deployWithPools);
      const { poolRegistry, reserveToken, alice } = f;
      const thirds = await mined(poolRegistry.curate([1n, 2n], [1n, 2n]));
      const atQuarters = await commonsShareAt(f, await timeOf(thirds));
      const registry = await poolRegistry.getAddress();
      // Several uneven incomes (a wei each, plus each block's emission), settled one by one over a
      // total weight of 3: no single settlement divides evenly, the carried remainders keep the sum.
      for (let i = 0; i < 3; i++) {
        await reserveToken.connect(alice).transfer(registry, 1n);
        await poolRegistry.settle();
      }
      const claim = await mined(poolRegistry.claim(2n));
      const due = await commonsShareAt(f, await timeOf(claim));
      const atThirds = due - atQuarters + 3n;
      const claimedBy2 = claimedIn(claim, poolRegistry);
      expectShare(claimedBy2, atQuarters * 300n * 3n + atThirds * 2n * 400n, 1_200n, "pool 2");
      expectShare(await poolRegistry.claimable(1n), atQuarters * 100n * 3n + atThirds * 1n * 400n, 1_200n, "pool 1");
      // Everything that came in is paid, owed or held, to the scaled unit; what is held is below the total weight.
      const held = await poolRegistry.heldScaled();
      expect(held).to.be.lt(3n);
      expect(
        claimedBy2 * SCALE + (await poolRegistry.owedScaled(1n)) + (await poolRegistry.owedScaled(2n)) + held,
      ).to.equal((due + 3n) * SCALE);
    });
  });

  describe("commons with no active pool", function () {
    it("counts nothing while no pool has weight; the curation that gives pools weight shares what waited", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { poolRegistry, foundationCoin, emission, alice, cancerLab } = f;
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 0n, 0n); // 1 FRSV, no pools
      const settlement = await mined(poolRegistry.settle());
      // Recycled, and due to the commons, but counted for nobody: it waits, available.
      expect(recycledIn(settlement, emission)).to.equal(units("1"));
      expect(await poolRegistry.countedNotDrawn()).to.equal(0n);
      expect(await poolRegistry.heldScaled()).to.equal(0n);
      expect(await poolRegistry.accumulatedPerWeight()).to.equal(0n);
      expect(await emission.availableTo(poolRegistry)).to.equal(
        (await commonsShareAt(f, await timeOf(settlement))) + units("1"),
      );
      await poolRegistry.propose("Cancer research", "", cancerLab.address);
      const batch = await mined(poolRegistry.curate([1n], [1n]));
      // A lone pool takes all of it, to the wei.
      const waited = (await commonsShareAt(f, await timeOf(batch))) + units("1");
      expect(await poolRegistry.claimable(1n)).to.equal(waited);
      expect(await poolRegistry.owedScaled(1n)).to.equal(waited * SCALE);
      expect(await poolRegistry.heldScaled()).to.equal(0n);
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

    it("refuse every settlement and claim until emission is bound", async function () {
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
      // A first weight above zero is refused before anything else: it needs a batch.
      await expect(registry.approve(1n, 1n))
        .to.be.revertedWithCustomError(registry, "WeightFromZeroNeedsCurate")
        .withArgs(1n, 1n);
      // Every change of weights settles first, and a settlement needs emission.
      await expect(registry.approve(1n, 0n)).to.be.revertedWithCustomError(registry, "EmissionNotBound");
      await expect(registry.curate([1n], [1n])).to.be.revertedWithCustomError(registry, "EmissionNotBound");
      await expect(registry.settle()).to.be.revertedWithCustomError(registry, "EmissionNotBound");
      await expect(registry.claim(1n)).to.be.revertedWithCustomError(registry, "EmissionNotBound");
      // Views answer before emission is bound: nothing is due yet.
      expect(await registry.claimable(1n)).to.equal(0n);
      expect(await registry.unsettled()).to.deep.equal([0n, 0n]);
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
      // With no coin bound yet, the registry's own test refuses a share with no destination (the
      // human share is 0 here, so only the compute share's test can refuse it).
      const alone = await system(true);
      await expect(alone.registry.bindEmission(await alone.emission.getAddress()))
        .to.be.revertedWithCustomError(alone.registry, "EmissionMismatch")
        .withArgs(await alone.emission.getAddress());
      // Destinations not bound yet: every full settlement calls compute's, so every one would revert.
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

    it("refuse an emission that is not the reserve's minter, though everything else about it fits", async function () {
      const { deployer } = await networkHelpers.loadFixture(deploy);
      const reserve = await new ReserveToken__factory(deployer).deploy([], []);
      const registry = await new PoolRegistry__factory(deployer).deploy(
        await reserve.getAddress(),
        deployer.address,
        deployer.address,
      );
      const args = [await reserve.getAddress(), await registry.getAddress(), 1000n, 5_000n, 0n] as const;
      const emission = await new Emission__factory(deployer).deploy(...args);
      const destination = await new EmissionDestinationStub__factory(deployer).deploy(await emission.getAddress());
      await emission.bindDestinations(await destination.getAddress(), ethers.ZeroAddress);
      // The reserve's minter is another emission: this one could never pay a claim.
      const other = await new Emission__factory(deployer).deploy(...args);
      await reserve.setMinter(await other.getAddress());
      expect(await emission.reserve()).to.equal(await reserve.getAddress());
      await expect(registry.bindEmission(await emission.getAddress()))
        .to.be.revertedWithCustomError(registry, "EmissionMismatch")
        .withArgs(await emission.getAddress());
      expect(await registry.emission()).to.equal(ethers.ZeroAddress);
    });

    it("emits EmissionBound when the module wires the deployment", async function () {
      const { poolRegistry, emission } = await networkHelpers.loadFixture(deploy);
      const filter = poolRegistry.filters.EmissionBound();
      const events = await poolRegistry.queryFilter(filter);
      expect(events.map((e) => e.args.emission)).to.deep.equal([await emission.getAddress()]);
    });
  });
});
