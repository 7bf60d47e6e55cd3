import { expect } from "chai";
import { network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import {
  EmissionDestinationStub__factory,
  Emission__factory,
  ReserveToken__factory,
} from "../typechain-types/index.js";
import { deployFoundation, units } from "../client/foundation.js";
import { FOUR_YEARS } from "../ignition/modules/Foundation.js";
import { mined, splitOf } from "./helpers/books.js";
import { foundationFixture, GENESIS } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);
const CAP = units("21000000");
const YEAR = 31_557_600n;
const MAX_WEIGHT = 1_000_000n;
/** The deployed split: half to verified compute, a quarter to verified humans, the rest to the commons. */
const COMPUTE_BPS = 5_000n;
const HUMAN_BPS = 2_500n;
/** The deployed system's first-period rate, by this file's arithmetic: the unissued cap over two periods. */
const RATE = (CAP - GENESIS * 3n) / (2n * FOUR_YEARS);
const MASK_128 = (1n << 128n) - 1n;
const MASK_96 = (1n << 96n) - 1n;

/** The schedule summed period by period: the simple reference the closed form must match. */
function referenceEmitted(rate: bigint, period: bigint, elapsed: bigint): bigint {
  let total = 0n;
  let remaining = elapsed;
  for (let i = 0n; remaining > 0n && i < 400n; i++) {
    const seconds = remaining < period ? remaining : period;
    total += (rate >> i) * seconds;
    remaining -= seconds;
  }
  return total;
}

/** The timestamp of the block that mined `sent`. */
async function minedAt(sent: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await mined(sent);
  return BigInt((await ethers.provider.getBlock(receipt.blockNumber))!.timestamp);
}

/** Mines an empty block at `timestamp`, so that views read the schedule at that moment. */
async function at(timestamp: bigint): Promise<void> {
  await networkHelpers.time.increaseTo(timestamp);
}

/** The next block's timestamp if it is mined now, one second after the latest. */
async function nextSecond(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest()) + 1n;
}

/** A signer speaking as `account` (a destination contract, to draw as it would), funded for gas. */
async function speakingAs(account: string | { getAddress(): Promise<string> }) {
  const address = typeof account === "string" ? account : await account.getAddress();
  await networkHelpers.setBalance(address, 10n ** 18n);
  return ethers.getImpersonatedSigner(address);
}

/**
 * An emission with the given split over `unissued` base units (a 1,000 s halving period), its
 * compute and human shares bound to stand-in contracts and a plain account as the commons. The
 * stand-in for the dividend says somebody is registered at `registeredAt`, so from then on the human
 * share is due to it; the human share until then went to the commons.
 */
async function splitFixture(computeBps: bigint, humanBps: bigint, unissued: bigint) {
  const [deployer, holder, commonsAccount, payee] = await ethers.getSigners();
  const reserve = await new ReserveToken__factory(deployer!).deploy([holder!.address], [CAP - unissued]);
  const emission = await new Emission__factory(deployer!).deploy(
    reserve,
    commonsAccount!.address,
    1000n,
    computeBps,
    humanBps,
  );
  await reserve.setMinter(emission);
  const stub = async () => (await new EmissionDestinationStub__factory(deployer!).deploy(emission)).getAddress();
  const [compute, humans] = [await stub(), await stub()];
  await emission.bindDestinations(compute, humans);
  const [asCompute, asHumans] = [await speakingAs(compute), await speakingAs(humans)];
  const registeredAt = await minedAt(emission.connect(asHumans).setNobodyRegistered(false));
  return {
    emission,
    reserve,
    compute,
    humans,
    commons: commonsAccount!.address,
    asCompute,
    asHumans,
    asCommons: commonsAccount!,
    payee: payee!,
    registeredAt,
  };
}

/** A system with a short halving period (1,000 s) so hundreds of halvings fit in a test. */
async function shortPeriodFixture() {
  const [, alice] = await ethers.getSigners();
  const system = await deployFoundation(connection, {
    halvingPeriod: 1000n,
    genesisAccounts: [alice!.address],
    genesisAmounts: [units("1000000")],
  });
  return system;
}

/** The deployed system, with signers speaking as its three destinations. */
async function destinationsFixture() {
  const system = await deploy();
  return {
    ...system,
    asCompute: await speakingAs(system.computeRewards),
    asDividend: await speakingAs(system.humanDividend),
    asCommons: await speakingAs(system.poolRegistry),
    start: await system.emission.START(),
  };
}

/** What the deployed schedule emitted by `t`, by the reference. */
function emittedAt(start: bigint, t: bigint): bigint {
  return t <= start ? 0n : referenceEmitted(RATE, FOUR_YEARS, t - start);
}

/** The deployed split of what was emitted by `t`. */
function splitAt(start: bigint, t: bigint) {
  return splitOf(emittedAt(start, t), COMPUTE_BPS, HUMAN_BPS);
}

describe("Emission", function () {
  describe("deployment", function () {
    it("derives the initial rate from the unissued cap so the infinite total fits", async function () {
      const { emission, reserveToken, poolRegistry } = await networkHelpers.loadFixture(deploy);
      const unissued = CAP - GENESIS * 3n;
      const rate = unissued / (2n * FOUR_YEARS);
      expect(await emission.HALVING_PERIOD()).to.equal(FOUR_YEARS);
      expect(await emission.INITIAL_RATE()).to.equal(rate);
      expect(await emission.TOTAL_EMISSION()).to.be.lte(unissued);
      expect(await emission.TOTAL_EMISSION()).to.equal(referenceEmitted(rate, FOUR_YEARS, FOUR_YEARS * 300n));
      expect(await emission.reserve()).to.equal(await reserveToken.getAddress());
      expect(await emission.commons()).to.equal(await poolRegistry.getAddress());
      const block = await ethers.provider.getBlock("latest");
      expect(await emission.START()).to.be.lte(BigInt(block!.timestamp));
    });

    it("fixes the split at deployment: half to verified compute, a quarter to verified humans, the rest to the commons", async function () {
      const { emission, computeRewards, humanDividend } = await networkHelpers.loadFixture(deploy);
      expect(await emission.COMPUTE_SHARE_BPS()).to.equal(5_000n);
      expect(await emission.HUMAN_SHARE_BPS()).to.equal(2_500n);
      expect(await emission.computeRewards()).to.equal(await computeRewards.getAddress());
      expect(await emission.humanDividend()).to.equal(await humanDividend.getAddress());
      expect(await emission.computeShareOf(999n)).to.equal(499n); // a floor
      // Humans take a quarter of the whole as half of what compute left: 250 of 999 (249.75 of the
      // whole would floor to 249), and the commons the rest.
      expect(await emission.split(999n)).to.deep.equal([499n, 250n, 250n]);
    });

    it("refuses shares above the whole, and binds the destinations once, by the deployer, sensibly", async function () {
      const { deployer, stranger, reserveToken, poolRegistry, computeRewards, timelock } =
        await networkHelpers.loadFixture(deploy);
      const factory = new Emission__factory(deployer);
      const reserve = await reserveToken.getAddress();
      const registry = await poolRegistry.getAddress();
      await expect(factory.deploy(reserve, registry, 1000n, 6_000n, 4_001n))
        .to.be.revertedWithCustomError(factory, "SharesAboveWhole")
        .withArgs(6_000n, 4_001n);
      const whole = await factory.deploy(reserve, registry, 1000n, 6_000n, 4_000n); // exactly the whole works
      expect(await whole.HUMAN_SHARE_BPS()).to.equal(4_000n);
      const fresh = await factory.deploy(reserve, registry, 1000n, 5_000n, 0n);
      const freshStart = await fresh.START();
      const freshRate = (CAP - GENESIS * 3n) / 2n / 1000n;
      // A destination must be a contract built for this emission (it names it as its source).
      const compute = await (await new EmissionDestinationStub__factory(deployer).deploy(fresh)).getAddress();
      const otherEmissions = await computeRewards.getAddress();
      // Nothing is due to a contract before it is bound as a destination, and it may not draw.
      await networkHelpers.time.increase(10);
      expect(await fresh.emittedUntil(await networkHelpers.time.latest())).to.be.gt(0n);
      expect(await fresh.dueTo(compute)).to.equal(0n);
      const asStub = await speakingAs(compute);
      await expect(fresh.connect(asStub).draw(compute, 1n))
        .to.be.revertedWithCustomError(fresh, "NotADestination")
        .withArgs(compute);
      await expect(fresh.connect(stranger).bindDestinations(compute, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(fresh, "BindingClosed")
        .withArgs(stranger.address);
      const invalid: [string, string, string, bigint][] = [
        [ethers.ZeroAddress, ethers.ZeroAddress, ethers.ZeroAddress, 5_000n], // a share with nowhere to go
        [compute, stranger.address, stranger.address, 0n], // an account, even for a zero share
        [registry, ethers.ZeroAddress, registry, 5_000n], // the commons cannot take a share twice
        [reserve, ethers.ZeroAddress, reserve, 5_000n], // the reserve refuses transfers to itself
        [stranger.address, ethers.ZeroAddress, stranger.address, 5_000n], // an account, not a contract
        [otherEmissions, ethers.ZeroAddress, otherEmissions, 5_000n], // built for another emission
        [await timelock.getAddress(), ethers.ZeroAddress, await timelock.getAddress(), 5_000n], // no emission()
      ];
      for (const [computeTo, humansTo, named, share] of invalid) {
        await expect(fresh.bindDestinations(computeTo, humansTo))
          .to.be.revertedWithCustomError(fresh, "InvalidDestination")
          .withArgs(named, share);
      }
      // Nor is the commons, even one that names this emission as its source.
      const nonce = await ethers.provider.getTransactionCount(deployer.address);
      const next = ethers.getCreateAddress({ from: deployer.address, nonce: nonce + 1 });
      const commons = await (await new EmissionDestinationStub__factory(deployer).deploy(next)).getAddress();
      const ownCommons = await factory.deploy(reserve, commons, 1000n, 5_000n, 0n);
      expect(await ownCommons.getAddress()).to.equal(next);
      await expect(ownCommons.bindDestinations(commons, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(ownCommons, "InvalidDestination")
        .withArgs(commons, 5_000n);
      const both = await factory.deploy(reserve, registry, 1000n, 5_000n, 2_500n);
      const forBoth = await (await new EmissionDestinationStub__factory(deployer).deploy(both)).getAddress();
      await expect(both.bindDestinations(forBoth, forBoth))
        .to.be.revertedWithCustomError(both, "InvalidDestination")
        .withArgs(forBoth, 2_500n);
      await expect(fresh.bindDestinations(compute, ethers.ZeroAddress))
        .to.emit(fresh, "DestinationsBound")
        .withArgs(compute, ethers.ZeroAddress);
      await expect(fresh.bindDestinations(compute, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(fresh, "BindingClosed")
        .withArgs(deployer.address);
      // Once bound, the compute share is due to it: half of everything emitted since the start.
      const now = BigInt(await networkHelpers.time.latest());
      expect(await fresh.dueTo(compute)).to.equal((freshRate * (now - freshStart) * 5_000n) / 10_000n);
      // A zero share may also be bound to a contract built for it: it is due nothing.
      const unshared = await factory.deploy(reserve, registry, 1000n, 5_000n, 0n);
      const stubFactory = new EmissionDestinationStub__factory(deployer);
      const toCompute = await (await stubFactory.deploy(unshared)).getAddress();
      const toHumans = await (await stubFactory.deploy(unshared)).getAddress();
      await expect(unshared.bindDestinations(toCompute, toHumans))
        .to.emit(unshared, "DestinationsBound")
        .withArgs(toCompute, toHumans);
      await networkHelpers.time.increase(10);
      expect(await unshared.dueTo(toCompute)).to.be.gt(0n);
      expect(await unshared.dueTo(toHumans)).to.equal(0n);
    });

    it("rejects a zero period, a zero address and a cap with nothing left to emit", async function () {
      const { deployer, reserveToken, poolRegistry } = await networkHelpers.loadFixture(deploy);
      const factory = new Emission__factory(deployer);
      const reserve = await reserveToken.getAddress();
      const registry = await poolRegistry.getAddress();
      await expect(factory.deploy(reserve, registry, 0n, 5_000n, 0n))
        .to.be.revertedWithCustomError(factory, "InvalidHalvingPeriod")
        .withArgs(0n);
      await expect(factory.deploy(ethers.ZeroAddress, registry, 1n, 5_000n, 0n)).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
      await expect(factory.deploy(reserve, ethers.ZeroAddress, 1n, 5_000n, 0n)).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
      await expect(factory.deploy(deployer.address, registry, 1n, 5_000n, 0n))
        .to.be.revertedWithCustomError(factory, "ReserveNotAContract")
        .withArgs(deployer.address);
      const full = await new ReserveToken__factory(deployer).deploy([deployer.address], [CAP]);
      await expect(factory.deploy(await full.getAddress(), registry, FOUR_YEARS, 5_000n, 0n))
        .to.be.revertedWithCustomError(factory, "NothingToEmit")
        .withArgs(0n, FOUR_YEARS);
    });

    it("names an absurdly long halving period instead of overflowing, up to 2^256 - 1", async function () {
      const { deployer, reserveToken, poolRegistry } = await networkHelpers.loadFixture(deploy);
      const factory = new Emission__factory(deployer);
      const reserve = await reserveToken.getAddress();
      const registry = await poolRegistry.getAddress();
      const unissued = CAP - (await reserveToken.totalSupply());
      for (const period of [2n ** 255n, ethers.MaxUint256, unissued]) {
        await expect(factory.deploy(reserve, registry, period, 5_000n, 0n))
          .to.be.revertedWithCustomError(factory, "NothingToEmit")
          .withArgs(unissued, period);
      }
      // The longest period that still emits one base unit per second is accepted.
      const longest = unissued / 2n;
      const emission = await factory.deploy(reserve, registry, longest, 5_000n, 0n);
      expect(await emission.INITIAL_RATE()).to.equal(1n);
      expect(await emission.TOTAL_EMISSION()).to.equal(longest);
    });
  });

  describe("emittedUntil", function () {
    it("is zero at the start and follows the halving schedule", async function () {
      const { emission } = await networkHelpers.loadFixture(deploy);
      const start = await emission.START();
      const rate = await emission.INITIAL_RATE();
      expect(await emission.emittedUntil(start - 1n)).to.equal(0n);
      expect(await emission.emittedUntil(start)).to.equal(0n);
      expect(await emission.emittedUntil(start + YEAR)).to.equal(rate * YEAR);
      expect(await emission.emittedUntil(start + FOUR_YEARS)).to.equal(rate * FOUR_YEARS);
      const sixYears = FOUR_YEARS + FOUR_YEARS / 2n;
      expect(await emission.emittedUntil(start + sixYears)).to.equal(
        rate * FOUR_YEARS + (rate / 2n) * (FOUR_YEARS / 2n),
      );
    });

    it("matches the period-by-period reference after 0, 1, 64, 255, 256 and 300 halvings", async function () {
      const { emission } = await networkHelpers.loadFixture(deploy);
      const start = await emission.START();
      const rate = await emission.INITIAL_RATE();
      for (const halvings of [0n, 1n, 64n, 255n, 256n, 300n]) {
        const elapsed = halvings * FOUR_YEARS + 12_345n;
        expect(await emission.emittedUntil(start + elapsed)).to.equal(referenceEmitted(rate, FOUR_YEARS, elapsed));
      }
      expect(await emission.emittedUntil(ethers.MaxUint256)).to.equal(await emission.TOTAL_EMISSION());
    });
  });

  describe("split", function () {
    const splits: [bigint, bigint][] = [
      [5_000n, 2_500n],
      [5_000n, 5_000n],
      [6_000n, 4_000n],
      [3_333n, 6_667n],
      [3_333n, 3_333n],
      [0n, 10_000n],
      [10_000n, 0n],
    ];
    for (const [computeBps, humanBps] of splits) {
      it(`never goes back, and adds up to what was emitted, one unit at a time: split ${computeBps}/${humanBps}`, async function () {
        const { emission } = await splitFixture(computeBps, humanBps, units("21000000"));
        const total = await emission.TOTAL_EMISSION();
        // From the first units, and in the schedule's tail where a second emits a few units.
        for (const from of [0n, total - 200n]) {
          const amounts = Array.from({ length: 201 }, (_, i) => from + BigInt(i));
          const splitsOf = await Promise.all(amounts.map((emitted) => emission.split(emitted)));
          let before = [0n, 0n, 0n];
          for (const [i, emitted] of amounts.entries()) {
            const [toCompute, toHumans, toCommons] = splitsOf[i]!;
            const expected = splitOf(emitted, computeBps, humanBps);
            expect([toCompute, toHumans, toCommons], `split(${emitted})`).to.deep.equal([
              expected.toCompute,
              expected.toHumans,
              expected.toCommons,
            ]);
            expect(toCompute + toHumans + toCommons, "adds up").to.equal(emitted);
            const humansFloor = (emitted * humanBps) / 10_000n;
            expect(toHumans - humansFloor, "humans: the floor of their share or one unit more").to.be.oneOf([0n, 1n]);
            if (i > 0) {
              expect(toCompute, "compute never goes back").to.be.gte(before[0]!);
              expect(toHumans, "humans never go back").to.be.gte(before[1]!);
              expect(toCommons, "the commons never goes back").to.be.gte(before[2]!);
            }
            before = [toCompute, toHumans, toCommons];
          }
        }
      });
    }
  });

  describe("dueTo, spentBy and availableTo", function () {
    it("each destination is due its part of split(emittedUntil(now)), second by second; the three add up to what was emitted", async function () {
      const { emission, computeRewards, humanDividend, poolRegistry, asDividend, stranger, start } =
        await networkHelpers.loadFixture(destinationsFixture);
      // Somebody registers: from then on the human share is due to the dividend, before it the commons.
      const registeredAt = await minedAt(emission.connect(asDividend).setNobodyRegistered(false));
      const humansBefore = splitAt(start, registeredAt).toHumans;
      let t = registeredAt;
      let before = [0n, 0n, 0n];
      for (const gap of [1n, 7n, 13n, 3_600n, 1n, 86_399n, YEAR]) {
        t += gap;
        await at(t);
        const emitted = emittedAt(start, t);
        const { toCompute, toHumans, toCommons } = splitOf(emitted, COMPUTE_BPS, HUMAN_BPS);
        expect(await emission.emittedUntil(t)).to.equal(emitted);
        const due = [
          await emission.dueTo(computeRewards),
          await emission.dueTo(humanDividend),
          await emission.dueTo(poolRegistry),
        ];
        expect(due).to.deep.equal([toCompute, toHumans - humansBefore, toCommons + humansBefore]);
        expect(due[0]! + due[1]! + due[2]!).to.equal(emitted);
        for (const [i, amount] of due.entries()) expect(amount, "never goes back").to.be.gte(before[i]!);
        before = due;
        // Nothing was drawn: everything due is available.
        for (const [i, destination] of [computeRewards, humanDividend, poolRegistry].entries()) {
          expect(await emission.spentBy(destination)).to.equal(0n);
          expect(await emission.availableTo(destination)).to.equal(due[i]);
        }
        // Anyone else is due nothing.
        for (const other of [stranger.address, ethers.ZeroAddress]) {
          expect(await emission.dueTo(other)).to.equal(0n);
          expect(await emission.spentBy(other)).to.equal(0n);
          expect(await emission.availableTo(other)).to.equal(0n);
        }
      }
    });

    const splits: [bigint, bigint][] = [
      [5_000n, 2_500n],
      [5_000n, 5_000n],
      [6_000n, 4_000n],
      [3_333n, 6_667n],
      [0n, 10_000n],
      [10_000n, 0n],
    ];
    for (const [computeBps, humanBps] of splits) {
      it(`never reverts, creates or loses a unit in draws of a few units: split ${computeBps}/${humanBps}`, async function () {
        // Three base units a second, then one after the halving: both floors can step up in the
        // same second while the commons' exact remainder steps down, the case that must not make
        // what a destination is due go back below what it drew.
        const { emission, reserve, compute, humans, commons, asCompute, asHumans, asCommons, payee, registeredAt } =
          await splitFixture(computeBps, humanBps, 6_000n);
        expect(await emission.INITIAL_RATE()).to.equal(3n);
        const start = await emission.START();
        const emitted = (t: bigint) => referenceEmitted(3n, 1000n, t - start);
        const humansBefore = splitOf(emitted(registeredAt), computeBps, humanBps).toHumans;
        const dueAt = (t: bigint): bigint[] => {
          const { toCompute, toHumans, toCommons } = splitOf(emitted(t), computeBps, humanBps);
          return [toCompute, toHumans - humansBefore, toCommons + humansBefore];
        };
        const destinations = [compute, humans, commons];
        const speakers = [asCompute, asHumans, asCommons];
        const genesis = CAP - 6_000n;
        const spent = [0n, 0n, 0n];
        let dueBefore = [0n, 0n, 0n];
        for (let second = 0n; second < 24n; second++) {
          // Each second, one destination in turn draws everything available to it.
          const t = start + 990n + second;
          const d = Number(second % 3n);
          const amount = dueAt(t)[d]! - spent[d]!;
          await networkHelpers.time.setNextBlockTimestamp(t);
          await expect(emission.connect(speakers[d]!).draw(payee.address, amount))
            .to.emit(emission, "Drawn")
            .withArgs(destinations[d], payee.address, amount);
          spent[d] = spent[d]! + amount;
          const due = dueAt(t);
          for (const [i, destination] of destinations.entries()) {
            expect(await emission.dueTo(destination), `due at ${t - start} s`).to.equal(due[i]);
            expect(await emission.spentBy(destination)).to.equal(spent[i]);
            expect(await emission.availableTo(destination)).to.equal(due[i]! - spent[i]!);
            expect(due[i], "never goes back").to.be.gte(dueBefore[i]!);
          }
          dueBefore = due;
          const drawn = spent[0]! + spent[1]! + spent[2]!;
          expect(due[0]! + due[1]! + due[2]!, "conserved").to.equal(emitted(t));
          expect(await emission.minted()).to.equal(drawn);
          expect(await reserve.balanceOf(payee.address)).to.equal(drawn);
          expect(await reserve.totalSupply()).to.equal(genesis + drawn);
        }
      });
    }
  });

  describe("availableTo", function () {
    it("is 0, not a revert, when the clock is behind a moment a destination spent at", async function () {
      const { emission, computeRewards, poolRegistry, asCompute, asCommons, alice, start } =
        await networkHelpers.loadFixture(destinationsFixture);
      // A test chain's clock cannot go back, so this writes the state such a node reads: a
      // destination that spent more than it is due by the node's `now`.
      const address = await emission.getAddress();
      const t = start + 3_600n;
      await networkHelpers.time.setNextBlockTimestamp(t);
      await emission.connect(asCompute).draw(alice.address, 1_000n);
      await networkHelpers.time.setNextBlockTimestamp(t + 1n);
      const commonsDue = splitAt(start, t + 1n).toCommons + splitAt(start, t + 1n).toHumans;
      await emission.connect(asCommons).draw(alice.address, commonsDue);
      // The layout: compute's spending in the low half of slot 3, the commons' offset (what was
      // handed to it less what it drew) in the low 96 bits of slot 2.
      const spentSlot = BigInt(await ethers.provider.getStorage(address, 3n));
      expect(spentSlot & MASK_128).to.equal(1_000n);
      const offsetSlot = BigInt(await ethers.provider.getStorage(address, 2n));
      expect(offsetSlot & MASK_96).to.equal((1n << 96n) - commonsDue);
      const now = t + 10n;
      await at(now);
      const dueNow = splitAt(start, now);
      // What each had spent by an hour ahead of this node's clock.
      const ahead = splitAt(start, now + 3_600n);
      const aheadCompute = ahead.toCompute;
      const aheadCommons = ahead.toCommons + ahead.toHumans;
      await networkHelpers.setStorageAt(address, 3n, ethers.toBeHex((spentSlot & ~MASK_128) | aheadCompute, 32));
      await networkHelpers.setStorageAt(
        address,
        2n,
        ethers.toBeHex((offsetSlot & ~MASK_96) | ((1n << 96n) - aheadCommons), 32),
      );
      expect(await emission.dueTo(computeRewards)).to.equal(dueNow.toCompute);
      expect(await emission.spentBy(computeRewards)).to.equal(aheadCompute);
      expect(await emission.availableTo(computeRewards)).to.equal(0n);
      expect(await emission.dueTo(poolRegistry)).to.equal(dueNow.toCommons + dueNow.toHumans);
      expect(await emission.spentBy(poolRegistry)).to.equal(aheadCommons);
      expect(await emission.availableTo(poolRegistry)).to.equal(0n);
      // And nothing can be drawn until the schedule passes what was spent.
      await expect(emission.connect(asCompute).draw(alice.address, 1n))
        .to.be.revertedWithCustomError(emission, "AboveAvailable")
        .withArgs(await computeRewards.getAddress(), 1n, 0n);
      await expect(emission.connect(asCommons).draw(alice.address, 1n))
        .to.be.revertedWithCustomError(emission, "AboveAvailable")
        .withArgs(await poolRegistry.getAddress(), 1n, 0n);
    });
  });

  describe("draw", function () {
    it("is refused to anyone but a destination: NotADestination", async function () {
      const { emission, deployer, stranger, governor, foundationCoin } =
        await networkHelpers.loadFixture(destinationsFixture);
      await networkHelpers.time.increase(YEAR);
      const asCoin = await speakingAs(foundationCoin);
      for (const caller of [stranger, deployer, governor, asCoin]) {
        for (const amount of [0n, 1n]) {
          await expect(emission.connect(caller).draw(caller.address, amount))
            .to.be.revertedWithCustomError(emission, "NotADestination")
            .withArgs(caller.address);
        }
      }
    });

    it("mints what a destination draws to the payee it names: Drawn, the payee's balance and the supply grow by the amount", async function () {
      const { emission, reserveToken, computeRewards, poolRegistry, asCompute, asCommons, alice, bob, start } =
        await networkHelpers.loadFixture(destinationsFixture);
      const t = start + YEAR;
      await networkHelpers.time.setNextBlockTimestamp(t);
      const fromCompute = splitAt(start, t).toCompute / 3n;
      const drawn = emission.connect(asCompute).draw(alice.address, fromCompute);
      await expect(drawn)
        .to.emit(emission, "Drawn")
        .withArgs(await computeRewards.getAddress(), alice.address, fromCompute);
      await expect(drawn).to.changeTokenBalances(ethers, reserveToken, [alice, computeRewards], [fromCompute, 0n]);
      expect(await reserveToken.totalSupply()).to.equal(GENESIS * 3n + fromCompute);
      expect(await emission.spentBy(computeRewards)).to.equal(fromCompute);
      expect(await emission.availableTo(computeRewards)).to.equal(splitAt(start, t).toCompute - fromCompute);
      // The commons draws what it is due: its share and, with nobody registered, the human share.
      await networkHelpers.time.setNextBlockTimestamp(t + 1n);
      const { toHumans, toCommons } = splitAt(start, t + 1n);
      await expect(emission.connect(asCommons).draw(bob.address, toCommons + toHumans))
        .to.emit(emission, "Drawn")
        .withArgs(await poolRegistry.getAddress(), bob.address, toCommons + toHumans);
      expect(await reserveToken.balanceOf(bob.address)).to.equal(GENESIS + toCommons + toHumans);
      expect(await emission.spentBy(poolRegistry)).to.equal(toCommons + toHumans);
      expect(await emission.availableTo(poolRegistry)).to.equal(0n);
      expect(await emission.minted()).to.equal(fromCompute + toCommons + toHumans);
      expect(await reserveToken.totalSupply()).to.equal(GENESIS * 3n + fromCompute + toCommons + toHumans);
    });

    it("never draws above what is available: AboveAvailable names the destination, the amount and what is available", async function () {
      const {
        emission,
        reserveToken,
        computeRewards,
        humanDividend,
        poolRegistry,
        asCompute,
        asDividend,
        asCommons,
        alice,
        start,
      } = await networkHelpers.loadFixture(destinationsFixture);
      const t = start + 86_400n;
      await networkHelpers.time.setNextBlockTimestamp(t);
      await emission.connect(asCompute).draw(alice.address, 1_000n);
      const supply = await reserveToken.totalSupply();
      // One unit more than compute's share less what it drew, at the second the draw lands.
      const t1 = t + 100n;
      const available = splitAt(start, t1).toCompute - 1_000n;
      await networkHelpers.time.setNextBlockTimestamp(t1);
      await expect(emission.connect(asCompute).draw(alice.address, available + 1n))
        .to.be.revertedWithCustomError(emission, "AboveAvailable")
        .withArgs(await computeRewards.getAddress(), available + 1n, available);
      const t2 = t1 + 100n;
      const { toHumans, toCommons } = splitAt(start, t2);
      await networkHelpers.time.setNextBlockTimestamp(t2);
      await expect(emission.connect(asCommons).draw(alice.address, toCommons + toHumans + 1n))
        .to.be.revertedWithCustomError(emission, "AboveAvailable")
        .withArgs(await poolRegistry.getAddress(), toCommons + toHumans + 1n, toCommons + toHumans);
      // With nobody registered the dividend is due nothing: the commons is.
      await expect(emission.connect(asDividend).draw(alice.address, 1n))
        .to.be.revertedWithCustomError(emission, "AboveAvailable")
        .withArgs(await humanDividend.getAddress(), 1n, 0n);
      expect(await reserveToken.totalSupply()).to.equal(supply);
      // Exactly what is available is drawn, and then nothing is.
      const t3 = t2 + 100n;
      const rest = splitAt(start, t3).toCompute - 1_000n;
      await networkHelpers.time.setNextBlockTimestamp(t3);
      await expect(emission.connect(asCompute).draw(alice.address, rest)).to.changeTokenBalances(
        ethers,
        reserveToken,
        [alice],
        [rest],
      );
      expect(await emission.spentBy(computeRewards)).to.equal(splitAt(start, t3).toCompute);
      expect(await emission.availableTo(computeRewards)).to.equal(0n);
    });

    it("pays out the whole schedule at MAX_WEIGHT without overflowing, and keeps settling after it ends", async function () {
      const { emission, reserveToken, poolRegistry } = await networkHelpers.loadFixture(shortPeriodFixture);
      const [, alice, recipient] = await ethers.getSigners();
      const period = 1000n;
      const rate = (CAP - units("1000000")) / 2n / period;
      const total = referenceEmitted(rate, period, 300n * period);
      const { toCompute, toHumans, toCommons } = splitOf(total, COMPUTE_BPS, HUMAN_BPS);
      await poolRegistry.propose("Pool", "", recipient!.address);
      // MAX_WEIGHT: the whole schedule times it must not overflow. The first weights are curated.
      await poolRegistry.curate([1n], [MAX_WEIGHT]);
      // 300 halvings later the whole schedule has come due; the only pool is paid all the commons is
      // due in one mint: its share and, with nobody registered, the human share.
      await networkHelpers.time.increase(300n * period);
      await expect(poolRegistry.connect(alice!).claim(1n))
        .to.emit(poolRegistry, "Claimed")
        .withArgs(1n, recipient!.address, toCommons + toHumans, toCommons + toHumans);
      expect(await emission.minted()).to.equal(toCommons + toHumans);
      // Much later, a weight change settles: the compute budgets nobody reported (the whole compute
      // share) are handed to the commons, and the pool claims them.
      await networkHelpers.time.increase(10n ** 9n);
      await expect(poolRegistry.setWeight(1n, 2n)).to.emit(poolRegistry, "WeightSet").withArgs(1n, 2n, 2n);
      expect(await emission.assignedToCommons()).to.equal(toCompute);
      await expect(poolRegistry.claim(1n))
        .to.emit(poolRegistry, "Claimed")
        .withArgs(1n, recipient!.address, toCompute, toCompute);
      // Everything the schedule will ever emit is minted, and nothing beyond it.
      expect(await emission.minted()).to.equal(total);
      expect(await reserveToken.totalSupply()).to.equal(units("1000000") + total);
      expect(await reserveToken.totalSupply()).to.be.lte(await reserveToken.cap());
      await expect(poolRegistry.claim(1n)).not.to.emit(poolRegistry, "Claimed");
      await expect(poolRegistry.settle()).not.to.revert(ethers);
      expect(await emission.minted()).to.equal(total);
    });

    for (const halvings of [0n, 1n, 64n, 255n, 256n, 300n]) {
      it(`is due exactly the schedule after ${halvings} halvings, and drawing all of it stays under the cap`, async function () {
        const { emission, reserveToken, computeRewards, poolRegistry } =
          await networkHelpers.loadFixture(shortPeriodFixture);
        const [, , payee] = await ethers.getSigners();
        const period = 1000n;
        const rate = (CAP - units("1000000")) / 2n / period;
        const expected = referenceEmitted(rate, period, halvings * period + 500n);
        const { toCompute, toHumans, toCommons } = splitOf(expected, COMPUTE_BPS, HUMAN_BPS);
        const [asCompute, asCommons] = [await speakingAs(computeRewards), await speakingAs(poolRegistry)];
        // Both draws in the block at the target second: compute its share, the commons the rest
        // (nobody is registered, so the human share is the commons').
        const target = (await emission.START()) + halvings * period + 500n;
        await ethers.provider.send("evm_setAutomine", [false]);
        try {
          await emission.connect(asCompute).draw(payee!.address, toCompute, { gasLimit: 200_000n });
          await emission.connect(asCommons).draw(payee!.address, toHumans + toCommons, { gasLimit: 200_000n });
          await networkHelpers.time.setNextBlockTimestamp(target);
          await networkHelpers.mine();
        } finally {
          await ethers.provider.send("evm_setAutomine", [true]);
        }
        expect(await emission.emittedUntil(target)).to.equal(expected);
        expect(await emission.minted()).to.equal(expected);
        expect(await emission.availableTo(computeRewards)).to.equal(0n);
        expect(await emission.availableTo(poolRegistry)).to.equal(0n);
        expect(await reserveToken.balanceOf(payee!.address)).to.equal(expected);
        expect(await reserveToken.totalSupply()).to.equal(units("1000000") + expected);
        expect(await reserveToken.totalSupply()).to.be.lte(await reserveToken.cap());
      });
    }
  });

  describe("assignToCommons", function () {
    it("is refused to anyone but ComputeRewards: NotADestination", async function () {
      const { emission, stranger, asDividend, asCommons } = await networkHelpers.loadFixture(destinationsFixture);
      await networkHelpers.time.increase(YEAR);
      for (const caller of [stranger, asDividend, asCommons]) {
        await expect(emission.connect(caller).assignToCommons(1n))
          .to.be.revertedWithCustomError(emission, "NotADestination")
          .withArgs(caller.address);
      }
    });

    it("moves what is available to compute to the commons, minting nothing: AssignedToCommons, assignedToCommons()", async function () {
      const { emission, reserveToken, computeRewards, humanDividend, poolRegistry, asCompute, asCommons, bob, start } =
        await networkHelpers.loadFixture(destinationsFixture);
      const compute = await computeRewards.getAddress();
      const [first, second] = [units("100"), units("250")];
      const t1 = start + 86_400n;
      await networkHelpers.time.setNextBlockTimestamp(t1);
      await expect(emission.connect(asCompute).assignToCommons(first))
        .to.emit(emission, "AssignedToCommons")
        .withArgs(compute, first, first);
      await expect(emission.connect(asCompute).assignToCommons(second))
        .to.emit(emission, "AssignedToCommons")
        .withArgs(compute, second, first + second);
      // Never more than compute has left.
      const t2 = t1 + 10n;
      const left = splitAt(start, t2).toCompute - first - second;
      await networkHelpers.time.setNextBlockTimestamp(t2);
      await expect(emission.connect(asCompute).assignToCommons(left + 1n))
        .to.be.revertedWithCustomError(emission, "AboveAvailable")
        .withArgs(compute, left + 1n, left);
      const t3 = t2 + 10n;
      await at(t3);
      const { toCompute, toHumans, toCommons } = splitAt(start, t3);
      const assigned = first + second;
      expect(await emission.assignedToCommons()).to.equal(assigned);
      // Compute spent it; the commons is due it on top of its share (and the human share, with nobody registered).
      expect(await emission.dueTo(computeRewards)).to.equal(toCompute);
      expect(await emission.spentBy(computeRewards)).to.equal(assigned);
      expect(await emission.availableTo(computeRewards)).to.equal(toCompute - assigned);
      expect(await emission.dueTo(poolRegistry)).to.equal(toCommons + toHumans + assigned);
      expect(await emission.availableTo(poolRegistry)).to.equal(toCommons + toHumans + assigned);
      expect(await emission.dueTo(humanDividend)).to.equal(0n);
      // Moved, not minted: what is available to all is still exactly what was emitted.
      expect(await emission.minted()).to.equal(0n);
      expect(await reserveToken.totalSupply()).to.equal(GENESIS * 3n);
      // The commons draws it like the rest of what it is due.
      const t4 = t3 + 1n;
      const due = splitAt(start, t4).toCommons + splitAt(start, t4).toHumans + assigned;
      await networkHelpers.time.setNextBlockTimestamp(t4);
      await expect(emission.connect(asCommons).draw(bob.address, due)).to.changeTokenBalances(
        ethers,
        reserveToken,
        [bob],
        [due],
      );
    });
  });

  describe("recycle", function () {
    it("burns what the emission contract holds and makes it due to the commons: Recycled, recycled(), the supply drops by the amount", async function () {
      const { emission, reserveToken, poolRegistry, asCommons, alice, bob, stranger, start } =
        await networkHelpers.loadFixture(destinationsFixture);
      const address = await emission.getAddress();
      const [first, second] = [units("5"), units("3")];
      await reserveToken.connect(alice).transfer(address, first);
      const t1 = start + 3_600n;
      await networkHelpers.time.setNextBlockTimestamp(t1);
      // Anyone may recycle; only what the emission contract holds is burnt.
      const recycled = emission.connect(stranger).recycle();
      await expect(recycled).to.emit(emission, "Recycled").withArgs(first, first);
      await expect(recycled).to.changeTokenBalances(
        ethers,
        reserveToken,
        [emission, alice, stranger],
        [-first, 0n, 0n],
      );
      expect(await reserveToken.totalSupply()).to.equal(GENESIS * 3n - first);
      expect(await emission.recycled()).to.equal(first);
      const due = (t: bigint, recycledSoFar: bigint) =>
        splitAt(start, t).toCommons + splitAt(start, t).toHumans + recycledSoFar;
      expect(await emission.dueTo(poolRegistry)).to.equal(due(t1, first));
      expect(await emission.availableTo(poolRegistry)).to.equal(due(t1, first));
      // Recycled is handed over, not spent: the commons has drawn nothing yet.
      expect(await emission.spentBy(poolRegistry)).to.equal(0n);
      // Nothing held, nothing recycled.
      expect(await emission.recycle.staticCall()).to.equal(0n);
      await expect(emission.recycle()).not.to.emit(emission, "Recycled");
      expect(await emission.recycled()).to.equal(first);
      await reserveToken.connect(alice).transfer(address, second);
      await expect(emission.recycle())
        .to.emit(emission, "Recycled")
        .withArgs(second, first + second);
      // The commons draws it back as new FRSV, with its share: the supply is the genesis plus what
      // was minted less what was burnt, and never above the genesis plus what was emitted.
      const t2 = t1 + 100n;
      const drawn = due(t2, first + second);
      await networkHelpers.time.setNextBlockTimestamp(t2);
      await emission.connect(asCommons).draw(bob.address, drawn);
      const supply = await reserveToken.totalSupply();
      expect(supply).to.equal(GENESIS * 3n - first - second + drawn);
      expect(await emission.minted()).to.equal(drawn);
      expect(await emission.spentBy(poolRegistry)).to.equal(drawn);
      expect(supply + (await emission.recycled())).to.equal(GENESIS * 3n + drawn);
      expect(supply).to.be.lte(GENESIS * 3n + emittedAt(start, t2));
    });
  });

  describe("setNobodyRegistered", function () {
    it("is true at deployment: until somebody registers, the human share is due to the commons", async function () {
      const { emission, humanDividend, poolRegistry, start } = await networkHelpers.loadFixture(destinationsFixture);
      expect(await emission.nobodyRegistered()).to.equal(true);
      const t = start + YEAR;
      await at(t);
      const { toHumans, toCommons } = splitAt(start, t);
      expect(await emission.dueTo(humanDividend)).to.equal(0n);
      expect(await emission.dueTo(poolRegistry)).to.equal(toCommons + toHumans);
      expect(await emission.redirectedToCommons()).to.equal(toHumans);
    });

    it("is refused to anyone but the dividend: NotADestination", async function () {
      const { emission, stranger, deployer, asCompute, asCommons } =
        await networkHelpers.loadFixture(destinationsFixture);
      for (const caller of [stranger, deployer, asCompute, asCommons]) {
        for (const nobody of [false, true]) {
          await expect(emission.connect(caller).setNobodyRegistered(nobody))
            .to.be.revertedWithCustomError(emission, "NotADestination")
            .withArgs(caller.address);
        }
      }
      expect(await emission.nobodyRegistered()).to.equal(true);
    });

    it("while nobody is registered, the human share is due to the commons second by second, and to the dividend again once somebody is", async function () {
      const { emission, humanDividend, poolRegistry, asDividend, start } =
        await networkHelpers.loadFixture(destinationsFixture);
      const humansAt = (t: bigint) => splitAt(start, t).toHumans;
      const check = async (t: bigint, toDividend: bigint, redirected: bigint) => {
        const { toCompute, toCommons } = splitAt(start, t);
        expect(await emission.dueTo(humanDividend), `dividend at ${t - start} s`).to.equal(toDividend);
        expect(await emission.redirectedToCommons(), `redirected at ${t - start} s`).to.equal(redirected);
        expect(await emission.dueTo(poolRegistry)).to.equal(toCommons + redirected);
        expect(toCompute + toDividend + toCommons + redirected).to.equal(emittedAt(start, t));
      };
      // Somebody registers: what went to the commons since the deployment stays the commons'.
      const t1 = start + 1_000n;
      await networkHelpers.time.setNextBlockTimestamp(t1);
      await expect(emission.connect(asDividend).setNobodyRegistered(false))
        .to.emit(emission, "HumanShareRedirected")
        .withArgs(false, humansAt(t1));
      expect(await emission.nobodyRegistered()).to.equal(false);
      for (const t of [t1 + 1n, t1 + 3_600n]) {
        await at(t);
        await check(t, humansAt(t) - humansAt(t1), humansAt(t1));
      }
      // Nobody is registered any more: the dividend's due is frozen, the commons takes the rest.
      const t2 = t1 + 7_200n;
      await networkHelpers.time.setNextBlockTimestamp(t2);
      await expect(emission.connect(asDividend).setNobodyRegistered(true))
        .to.emit(emission, "HumanShareRedirected")
        .withArgs(true, humansAt(t1));
      expect(await emission.nobodyRegistered()).to.equal(true);
      const frozen = humansAt(t2) - humansAt(t1);
      for (const t of [t2 + 1n, t2 + 60n, t2 + 3_600n]) {
        await at(t);
        await check(t, frozen, humansAt(t1) + humansAt(t) - humansAt(t2));
      }
      // Somebody registers again: the period's human share is counted as the commons'.
      const t3 = t2 + 86_400n;
      const redirected = humansAt(t1) + humansAt(t3) - humansAt(t2);
      await networkHelpers.time.setNextBlockTimestamp(t3);
      await expect(emission.connect(asDividend).setNobodyRegistered(false))
        .to.emit(emission, "HumanShareRedirected")
        .withArgs(false, redirected);
      for (const t of [t3 + 1n, t3 + YEAR]) {
        await at(t);
        await check(t, frozen + humansAt(t) - humansAt(t3), redirected);
      }
    });

    it("changes nothing when it repeats the current state", async function () {
      const { emission, humanDividend, asDividend, start } = await networkHelpers.loadFixture(destinationsFixture);
      const humansAt = (t: bigint) => splitAt(start, t).toHumans;
      // Nobody registered, said again: the period that began at the deployment goes on.
      const t1 = start + 1_000n;
      await networkHelpers.time.setNextBlockTimestamp(t1);
      await expect(emission.connect(asDividend).setNobodyRegistered(true)).not.to.emit(
        emission,
        "HumanShareRedirected",
      );
      expect(await emission.redirectedToCommons()).to.equal(humansAt(t1));
      expect(await emission.dueTo(humanDividend)).to.equal(0n);
      const t2 = t1 + 100n;
      await networkHelpers.time.setNextBlockTimestamp(t2);
      await emission.connect(asDividend).setNobodyRegistered(false);
      // Somebody registered, said again: the dividend keeps what it is due since then.
      const t3 = t2 + 100n;
      await networkHelpers.time.setNextBlockTimestamp(t3);
      await expect(emission.connect(asDividend).setNobodyRegistered(false)).not.to.emit(
        emission,
        "HumanShareRedirected",
      );
      expect(await emission.nobodyRegistered()).to.equal(false);
      expect(await emission.redirectedToCommons()).to.equal(humansAt(t2));
      expect(await emission.dueTo(humanDividend)).to.equal(humansAt(t3) - humansAt(t2));
    });
  });
});
