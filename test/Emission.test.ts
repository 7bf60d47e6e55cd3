import { expect } from "chai";
import { network } from "hardhat";
import {
  EmissionDestinationStub__factory,
  Emission__factory,
  ReserveToken__factory,
} from "../typechain-types/index.js";
import { deployFoundation, units } from "../client/foundation.js";
import { FOUR_YEARS } from "../ignition/modules/Foundation.js";
import { foundationFixture, GENESIS } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);
const CAP = units("21000000");
const YEAR = 31_557_600n;

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

/**
 * An emission with the given split over `unissued` base units (a 1,000 s halving period), its
 * compute and human shares bound to stand-in contracts and a plain account as the commons.
 */
async function splitFixture(computeBps: bigint, humanBps: bigint, unissued: bigint) {
  const [deployer, holder, commonsAccount] = await ethers.getSigners();
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
  return { emission, reserve, compute, humans, commons: commonsAccount!.address };
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
      // A destination must be a contract built for this emission (it names it as its source).
      const compute = await (await new EmissionDestinationStub__factory(deployer).deploy(fresh)).getAddress();
      const otherEmissions = await computeRewards.getAddress();
      // Nothing is released before the destinations are known.
      await expect(fresh.release()).to.be.revertedWithCustomError(fresh, "DestinationsNotBound");
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
      // A zero share may also be bound to a contract built for it: it is sent nothing.
      const unshared = await factory.deploy(reserve, registry, 1000n, 5_000n, 0n);
      const stubFactory = new EmissionDestinationStub__factory(deployer);
      const toCompute = await (await stubFactory.deploy(unshared)).getAddress();
      const toHumans = await (await stubFactory.deploy(unshared)).getAddress();
      await expect(unshared.bindDestinations(toCompute, toHumans))
        .to.emit(unshared, "DestinationsBound")
        .withArgs(toCompute, toHumans);
      expect(await unshared.releasableTo(toHumans)).to.equal(0n);
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

  describe("release", function () {
    it("mints what came due and splits it: half to verified compute, a quarter to humans, the rest to the commons", async function () {
      const { emission, reserveToken, poolRegistry, computeRewards, humanDividend, stranger } =
        await networkHelpers.loadFixture(deploy);
      await networkHelpers.time.increase(YEAR);
      const start = await emission.START();
      const next = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(next);
      const due = await emission.emittedUntil(next);
      const toCompute = (due * 5_000n) / 10_000n;
      const toHumans = (due * 2_500n) / 10_000n;
      const toCommons = due - toCompute - toHumans;
      const tx = emission.connect(stranger).release();
      await expect(tx)
        .to.emit(emission, "Released")
        .withArgs(stranger.address, due, toCompute, toHumans, toCommons, due);
      await expect(tx).to.changeTokenBalances(
        ethers,
        reserveToken,
        [poolRegistry, computeRewards, humanDividend],
        [toCommons, toCompute, toHumans],
      );
      expect(await emission.released()).to.equal(due);
      expect(await emission.releasedTo(computeRewards)).to.equal(toCompute);
      expect(await emission.releasedTo(humanDividend)).to.equal(toHumans);
      expect(await emission.releasedTo(poolRegistry)).to.equal(toCommons);
      expect(await emission.releasedTo(stranger.address)).to.equal(0n);
      expect(await emission.releasedTo(ethers.ZeroAddress)).to.equal(0n);
      expect(await emission.releasable()).to.equal(0n);
      expect(await emission.releasableTo(computeRewards)).to.equal(0n);
      expect(due).to.equal((await emission.INITIAL_RATE()) * (next - start));
    });

    it("splits exactly whatever the release times: each destination holds the floor of its running share", async function () {
      const { emission, poolRegistry, computeRewards, humanDividend } = await networkHelpers.loadFixture(deploy);
      // Odd gaps between releases: every release's own split rounds, the running totals do not drift.
      for (const gap of [1, 7, 13, 3600, 1, 86_399]) {
        await networkHelpers.time.increase(gap);
        await emission.release();
        const released = await emission.released();
        expect(await emission.releasedTo(computeRewards)).to.equal((released * 5_000n) / 10_000n);
        expect(await emission.releasedTo(humanDividend)).to.equal((released * 2_500n) / 10_000n);
        expect(
          (await emission.releasedTo(computeRewards)) +
            (await emission.releasedTo(humanDividend)) +
            (await emission.releasedTo(poolRegistry)),
        ).to.equal(released);
      }
      await networkHelpers.time.increase(77);
      const due = await emission.releasable();
      expect(
        (await emission.releasableTo(computeRewards)) +
          (await emission.releasableTo(humanDividend)) +
          (await emission.releasableTo(poolRegistry)),
      ).to.equal(due);
    });

    it("splits three ways once a human share exists: each the floor of its running share, the commons the rest", async function () {
      const { emission, compute, humans, commons, reserve } = await splitFixture(5_000n, 2_500n, units("21000000"));
      const stranger = (await ethers.getSigners())[9]!;
      for (const gap of [1n, 3n, 3_601n]) {
        await networkHelpers.time.increase(gap);
        await expect(emission.release()).to.emit(emission, "Released");
        const emitted = await emission.released();
        const [toCompute, toHumans, toCommons] = [
          await reserve.balanceOf(compute),
          await reserve.balanceOf(humans),
          await reserve.balanceOf(commons),
        ];
        expect(toCompute).to.equal((emitted * 5_000n) / 10_000n);
        expect(toHumans).to.equal((emitted * 2_500n) / 10_000n);
        expect(toCompute + toHumans + toCommons).to.equal(emitted);
        for (const [destination, balance] of [
          [compute, toCompute],
          [humans, toHumans],
          [commons, toCommons],
        ] as const) {
          expect(await emission.releasedTo(destination)).to.equal(balance);
        }
      }
      // Anyone else was sent nothing, and is due nothing.
      expect(await emission.releasedTo(stranger.address)).to.equal(0n);
      expect(await emission.releasableTo(stranger.address)).to.equal(0n);
      expect(await emission.releasableTo(ethers.ZeroAddress)).to.equal(0n);
    });

    const splits: [bigint, bigint][] = [
      [5_000n, 2_500n],
      [5_000n, 5_000n],
      [6_000n, 4_000n],
      [3_333n, 6_667n],
    ];
    for (const [computeBps, humanBps] of splits) {
      it(`never reverts, creates or loses a unit in releases of a few units: split ${computeBps}/${humanBps}`, async function () {
        // Three base units a second: both floors can step up in the same release while the
        // commons' exact remainder steps down, the case that must not make a release revert.
        const { emission, compute, humans, commons, reserve } = await splitFixture(computeBps, humanBps, 6_000n);
        expect(await emission.INITIAL_RATE()).to.equal(3n);
        let commonsBefore = 0n;
        for (let second = 0; second < 24; second++) {
          const due = await emission.releasable();
          const dueTo = await Promise.all([compute, humans, commons].map((d) => emission.releasableTo(d)));
          await emission.release(); // one second after the last: 3 units, or 6 the first time
          const emitted = await emission.released();
          const toCompute = await reserve.balanceOf(compute);
          const toHumans = await reserve.balanceOf(humans);
          const toCommons = await reserve.balanceOf(commons);
          expect(toCompute + toHumans + toCommons, "conserved").to.equal(emitted);
          expect(toCompute, "compute: the exact floor").to.equal((emitted * computeBps) / 10_000n);
          const humansFloor = (emitted * humanBps) / 10_000n;
          expect(humansFloor - toHumans, "humans: the floor or one unit behind").to.be.oneOf([0n, 1n]);
          expect(toCommons, "the commons never goes back").to.be.gte(commonsBefore);
          commonsBefore = toCommons;
          expect(await emission.releasedTo(humans)).to.equal(toHumans);
          expect(await emission.releasedTo(commons)).to.equal(toCommons);
          // The views split what is due the same way, to the unit.
          expect(dueTo.reduce((a, b) => a + b, 0n)).to.equal(due);
        }
      });
    }

    it("releases nothing twice: a second call in the same block mints nothing", async function () {
      const { emission, reserveToken } = await networkHelpers.loadFixture(deploy);
      await networkHelpers.time.increase(10);
      const supplyBefore = await reserveToken.totalSupply();
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const first = await emission.release();
        const second = await emission.release();
        await networkHelpers.mine();
        const [firstReceipt, secondReceipt] = [await first.wait(), await second.wait()];
        expect(firstReceipt!.blockNumber).to.equal(secondReceipt!.blockNumber);
        expect(secondReceipt!.logs.length).to.equal(0);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const released = await emission.released();
      expect(released).to.be.gt(0n);
      expect(await reserveToken.totalSupply()).to.equal(supplyBefore + released);
    });

    it("never reverts once wired: after the schedule ends, twice in a block, and in every settlement", async function () {
      const { emission, reserveToken, poolRegistry } = await networkHelpers.loadFixture(shortPeriodFixture);
      const [, alice, recipient] = await ethers.getSigners();
      await poolRegistry.propose("Pool", "", recipient!.address);
      await poolRegistry.approve(1n, 1_000_000n); // MAX_WEIGHT: the whole schedule times it must not overflow
      // 300 halvings later the whole schedule has come due: it is released in one go, up to the cap.
      await networkHelpers.time.increase(300n * (await emission.HALVING_PERIOD()));
      await expect(poolRegistry.connect(alice!).claim(1n)).to.emit(poolRegistry, "Claimed");
      expect(await emission.released()).to.equal(await emission.TOTAL_EMISSION());
      expect(await reserveToken.totalSupply()).to.be.lte(await reserveToken.cap());
      // Nothing is left: every later release returns 0, and settlements keep working.
      expect(await emission.release.staticCall()).to.equal(0n);
      await networkHelpers.time.increase(10n ** 9n);
      await expect(emission.release()).not.to.emit(emission, "Released");
      await expect(poolRegistry.setWeight(1n, 2n)).to.emit(poolRegistry, "WeightSet");
      await expect(poolRegistry.claim(1n)).not.to.revert(ethers);
      expect(await emission.released()).to.equal(await emission.TOTAL_EMISSION());
    });

    for (const halvings of [0n, 1n, 64n, 255n, 256n, 300n]) {
      it(`releases exactly the schedule and stays under the cap after ${halvings} halvings`, async function () {
        const { emission, reserveToken } = await networkHelpers.loadFixture(shortPeriodFixture);
        const period = await emission.HALVING_PERIOD();
        const rate = await emission.INITIAL_RATE();
        const target = (await emission.START()) + halvings * period + 500n;
        await networkHelpers.time.setNextBlockTimestamp(target);
        await emission.release();
        const expected = referenceEmitted(rate, period, halvings * period + 500n);
        expect(await emission.released()).to.equal(expected);
        expect(await reserveToken.totalSupply()).to.equal(units("1000000") + expected);
        expect(await reserveToken.totalSupply()).to.be.lte(await reserveToken.cap());
      });
    }
  });
});
