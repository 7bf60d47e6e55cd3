import { expect } from "chai";
import { network } from "hardhat";
import type { ContractTransactionReceipt } from "ethers";
import { FoundationCoin__factory } from "../typechain-types/index.js";
import { units } from "../client/foundation.js";
import { foundationFixture, GENESIS, poolsFixture } from "./helpers/fixture.js";
import { signPermit } from "../client/permit.js";
import { expectShare, fromCommonsIn, mined, mintedIn, splitOf } from "./helpers/books.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);
const deployWithPools = poolsFixture(connection);

const RATE = 1000n;
const FEE_BPS = 50n;
const ceilFee = (amount: bigint, bps: bigint): bigint => (amount * bps + 9999n) / 10000n;

type Emission = Awaited<ReturnType<typeof deploy>>["emission"];

/**
 * What the emission contract has made due to the commons by the block of `receipt`, recycled fees
 * aside: its share of what the schedule emitted and, since nobody is registered as a human in these
 * fixtures, the human share too. No compute epoch is final this soon, so none was handed over.
 */
async function commonsDueAt(emission: Emission, receipt: ContractTransactionReceipt): Promise<bigint> {
  const block = await receipt.getBlock();
  const emitted = await emission.emittedUntil(block.timestamp);
  const { toHumans, toCommons } = splitOf(
    emitted,
    await emission.COMPUTE_SHARE_BPS(),
    await emission.HUMAN_SHARE_BPS(),
  );
  return toCommons + toHumans;
}

describe("FoundationCoin", function () {
  describe("deployment", function () {
    it("exposes its immutable settings and the default fees", async function () {
      const { foundationCoin, reserveToken, poolRegistry } = await networkHelpers.loadFixture(deploy);
      expect(await foundationCoin.name()).to.equal("Foundation Coin");
      expect(await foundationCoin.symbol()).to.equal("FDC");
      expect(await foundationCoin.decimals()).to.equal(18n);
      expect(await foundationCoin.RATE()).to.equal(RATE);
      expect(await foundationCoin.MAX_FEE_BPS()).to.equal(200n);
      expect(await foundationCoin.reserve()).to.equal(await reserveToken.getAddress());
      expect(await foundationCoin.registry()).to.equal(await poolRegistry.getAddress());
      expect(await foundationCoin.mintFeeBps()).to.equal(FEE_BPS);
      expect(await foundationCoin.redeemFeeBps()).to.equal(FEE_BPS);
      expect(await foundationCoin.mintingPaused()).to.equal(false);
    });

    it("rejects zero addresses, a zero or oversized rate and fees above the cap", async function () {
      const { deployer, reserveToken, poolRegistry, emission, computeRewards, humanRegistry, humanDividend } =
        await networkHelpers.loadFixture(deploy);
      const factory = new FoundationCoin__factory(deployer);
      const admin = deployer.address;
      const zero = ethers.ZeroAddress;
      const system = await Promise.all(
        [reserveToken, poolRegistry, emission, computeRewards, humanRegistry, humanDividend].map((c) => c.getAddress()),
      );
      type Args = Parameters<typeof factory.deploy>;
      const args = (rate: bigint, mintBps: bigint, contracts = system, roles = [admin, admin]): Args =>
        [...contracts, rate, mintBps, 0n, ...roles] as unknown as Args;
      // Each of the six system contracts, and the guardian, may not be zero.
      for (let i = 0; i < system.length; i++) {
        const contracts = system.map((address, k) => (k === i ? zero : address));
        await expect(factory.deploy(...args(RATE, 0n, contracts))).to.be.revertedWithCustomError(
          factory,
          "ZeroAddress",
        );
      }
      await expect(factory.deploy(...args(RATE, 0n, system, [admin, zero]))).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
      await expect(factory.deploy(...args(RATE, 0n, system, [zero, admin])))
        .to.be.revertedWithCustomError(factory, "AccessControlInvalidDefaultAdmin")
        .withArgs(zero);
      await expect(factory.deploy(...args(0n, 0n)))
        .to.be.revertedWithCustomError(factory, "InvalidRate")
        .withArgs(0n);
      const tooLarge = 2n ** 64n;
      await expect(factory.deploy(...args(tooLarge, 0n)))
        .to.be.revertedWithCustomError(factory, "InvalidRate")
        .withArgs(tooLarge);
      // The largest accepted rate, exactly: MAX_RATE.
      const largest = await factory.deploy(...args(tooLarge - 1n, 0n));
      expect(await largest.RATE()).to.equal(await largest.MAX_RATE());
      await expect(factory.deploy(...args(RATE, 201n)))
        .to.be.revertedWithCustomError(factory, "FeeAboveCap")
        .withArgs(201n, 200n);
    });
  });

  describe("previewMint", function () {
    it("quotes the fee rounded up and the coin out at the rate", async function () {
      const { foundationCoin } = await networkHelpers.loadFixture(deploy);
      const [coinOut, fee] = await foundationCoin.previewMint(units("100"));
      expect(fee).to.equal(units("0.5"));
      expect(coinOut).to.equal(units("99.5") * RATE);
      // 1 base unit: a fee of 0.005 units rounds up to a whole unit, so nothing is minted.
      expect(await foundationCoin.previewMint(1n)).to.deep.equal([0n, 1n]);
      // 201 base units: 1.005 rounds up to 2.
      expect(await foundationCoin.previewMint(201n)).to.deep.equal([199n * RATE, 2n]);
    });

    it("reports 0 for zero and dust (what mint would refuse), and refuses amounts beyond any supply", async function () {
      const { foundationCoin } = await networkHelpers.loadFixture(deploy);
      expect(await foundationCoin.previewMint(0n)).to.deep.equal([0n, 0n]);
      expect(await foundationCoin.previewMint(1n)).to.deep.equal([0n, 1n]);
      expect(await foundationCoin.previewMint(2n)).to.deep.equal([RATE, 1n]);
      await expect(foundationCoin.previewMint(2n ** 128n))
        .to.be.revertedWithCustomError(foundationCoin, "AmountTooLarge")
        .withArgs(2n ** 128n, 2n ** 128n - 1n);
      // The largest amount the math takes, exactly, is quoted (no real supply comes near it).
      const max = 2n ** 128n - 1n;
      expect(await foundationCoin.previewMint(max)).to.deep.equal([
        (max - ceilFee(max, FEE_BPS)) * RATE,
        ceilFee(max, FEE_BPS),
      ]);
      expect(await foundationCoin.previewRedeem(max * RATE)).to.deep.equal([
        max - ceilFee(max, FEE_BPS),
        ceilFee(max, FEE_BPS),
      ]);
      await expect(foundationCoin.previewMint(ethers.MaxUint256))
        .to.be.revertedWithCustomError(foundationCoin, "AmountTooLarge")
        .withArgs(ethers.MaxUint256, 2n ** 128n - 1n);
    });
  });

  describe("mint", function () {
    it("pulls the reserve, mints coin at the rate and keeps the fee for the commons", async function () {
      const { foundationCoin, reserveToken, alice, bob } = await networkHelpers.loadFixture(deployWithPools);
      const amount = units("100");
      const fee = ceilFee(amount, FEE_BPS);
      const coinOut = (amount - fee) * RATE;
      const tx = foundationCoin.connect(alice).mint(amount, bob.address, 0n, coinOut);
      await expect(tx).to.emit(foundationCoin, "Minted").withArgs(alice.address, bob.address, amount, coinOut, fee, 0n);
      await expect(tx).to.changeTokenBalances(ethers, reserveToken, [alice, foundationCoin], [-amount, amount]);
      await expect(tx).to.changeTokenBalance(ethers, foundationCoin, bob, coinOut);
      expect(await foundationCoin.commonsFeesOwed()).to.equal(fee);
      expect(await foundationCoin.directedFeesOwed()).to.equal(0n);
      expect(await foundationCoin.requiredBacking()).to.equal(amount - fee);
    });

    it("books a directed fee for the named pool only", async function () {
      const { foundationCoin, alice } = await networkHelpers.loadFixture(deployWithPools);
      const amount = units("40");
      const fee = ceilFee(amount, FEE_BPS);
      await expect(foundationCoin.connect(alice).mint(amount, alice.address, 2n, 0n))
        .to.emit(foundationCoin, "Minted")
        .withArgs(alice.address, alice.address, amount, (amount - fee) * RATE, fee, 2n);
      expect(await foundationCoin.poolFeesOwed(2n)).to.equal(fee);
      expect(await foundationCoin.poolFeesOwed(1n)).to.equal(0n);
      expect(await foundationCoin.directedFeesOwed()).to.equal(fee);
      expect(await foundationCoin.commonsFeesOwed()).to.equal(0n);
    });

    it("returns the coin minted", async function () {
      const { foundationCoin, alice } = await networkHelpers.loadFixture(deployWithPools);
      const returned = await foundationCoin.connect(alice).mint.staticCall(units("1"), alice.address, 0n, 0n);
      expect(returned).to.equal(units("0.995") * RATE);
    });

    it("rejects a zero amount, and dust that would mint nothing even with a minimum of 0", async function () {
      const { foundationCoin, reserveToken, alice } = await networkHelpers.loadFixture(deployWithPools);
      await expect(foundationCoin.connect(alice).mint(0n, alice.address, 0n, 0n)).to.be.revertedWithCustomError(
        foundationCoin,
        "ZeroAmount",
      );
      // 1 base unit: its fee rounds up to the whole unit, so nothing would be minted.
      await expect(foundationCoin.connect(alice).mint(1n, alice.address, 1n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "ZeroOutput")
        .withArgs(1n, 1n);
      expect(await reserveToken.balanceOf(alice.address)).to.equal(GENESIS);
      expect(await foundationCoin.directedFeesOwed()).to.equal(0n);
      // 2 base units are the smallest mint that is not refused: 1 unit of fee, 1 unit of backing.
      await expect(foundationCoin.connect(alice).mint(2n, alice.address, 0n, 0n))
        .to.emit(foundationCoin, "Minted")
        .withArgs(alice.address, alice.address, 2n, RATE, 1n, 0n);
    });

    it("rejects type(uint256).max without touching balances", async function () {
      const { foundationCoin, reserveToken, alice } = await networkHelpers.loadFixture(deployWithPools);
      await expect(foundationCoin.connect(alice).mint(ethers.MaxUint256, alice.address, 0n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "AmountTooLarge")
        .withArgs(ethers.MaxUint256, 2n ** 128n - 1n);
      expect(await reserveToken.balanceOf(alice.address)).to.equal(GENESIS);
    });

    it("rejects more reserve than the holder approved or owns", async function () {
      const { foundationCoin, reserveToken, alice } = await networkHelpers.loadFixture(deployWithPools);
      await expect(foundationCoin.connect(alice).mint(GENESIS + 1n, alice.address, 0n, 0n))
        .to.be.revertedWithCustomError(reserveToken, "ERC20InsufficientAllowance")
        .withArgs(await foundationCoin.getAddress(), GENESIS, GENESIS + 1n);
    });

    it("rejects a pool that is unknown, only proposed or retired", async function () {
      const { foundationCoin, poolRegistry, alice, cancerLab } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Longevity", "ipfs://longevity", cancerLab.address); // id 3, proposed
      await poolRegistry.retire(1n);
      for (const poolId of [99n, 3n, 1n]) {
        await expect(foundationCoin.connect(alice).mint(units("1"), alice.address, poolId, 0n))
          .to.be.revertedWithCustomError(foundationCoin, "PoolNotActive")
          .withArgs(poolId);
      }
    });

    it("rejects output below the holder's minimum, so a fee change cannot cost more than accepted", async function () {
      const { foundationCoin, alice, governor } = await networkHelpers.loadFixture(deployWithPools);
      const [quoted] = await foundationCoin.previewMint(units("10"));
      await foundationCoin.connect(governor).setFees(200n, 50n); // lands just before the holder's transaction
      const [now] = await foundationCoin.previewMint(units("10"));
      await expect(foundationCoin.connect(alice).mint(units("10"), alice.address, 0n, quoted))
        .to.be.revertedWithCustomError(foundationCoin, "OutputBelowMinimum")
        .withArgs(now, quoted);
      await expect(foundationCoin.connect(alice).mint(units("10"), alice.address, 0n, now)).to.emit(
        foundationCoin,
        "Minted",
      );
    });

    it("rejects the zero address and system contracts as recipients", async function () {
      const { foundationCoin, reserveToken, poolRegistry, emission, computeRewards, timelock, alice } =
        await networkHelpers.loadFixture(deployWithPools);
      const bad = [
        ethers.ZeroAddress,
        await foundationCoin.getAddress(),
        await poolRegistry.getAddress(),
        await reserveToken.getAddress(),
        await emission.getAddress(),
        await computeRewards.getAddress(),
        await timelock.getAddress(),
      ];
      for (const to of bad) {
        await expect(foundationCoin.connect(alice).mint(units("1"), to, 0n, 0n))
          .to.be.revertedWithCustomError(foundationCoin, "InvalidRecipient")
          .withArgs(to);
      }
    });

    it("is refused while the guardian has paused minting", async function () {
      const { foundationCoin, alice } = await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.pauseMinting();
      await expect(foundationCoin.connect(alice).mint(units("1"), alice.address, 0n, 0n)).to.be.revertedWithCustomError(
        foundationCoin,
        "MintingIsPaused",
      );
      await foundationCoin.unpauseMinting();
      await expect(foundationCoin.connect(alice).mint(units("1"), alice.address, 0n, 0n)).to.emit(
        foundationCoin,
        "Minted",
      );
    });
  });

  describe("previewRedeem", function () {
    it("quotes the gross rounded down and the fee rounded up", async function () {
      const { foundationCoin } = await networkHelpers.loadFixture(deploy);
      // 1,999 coin units are worth 1.999 reserve units: the holder gets 1 gross, the fee is 1.
      expect(await foundationCoin.previewRedeem(1999n)).to.deep.equal([0n, 1n]);
      const coinIn = units("1000") * RATE + 999n;
      expect(await foundationCoin.previewRedeem(coinIn)).to.deep.equal([units("995"), units("5")]);
    });

    it("reports 0 for zero and dust (what redeem would refuse), and refuses impossible amounts", async function () {
      const { foundationCoin } = await networkHelpers.loadFixture(deploy);
      expect(await foundationCoin.previewRedeem(0n)).to.deep.equal([0n, 0n]);
      expect(await foundationCoin.previewRedeem(RATE - 1n)).to.deep.equal([0n, 0n]);
      expect(await foundationCoin.previewRedeem(2n * RATE - 1n)).to.deep.equal([0n, 1n]);
      expect(await foundationCoin.previewRedeem(2n * RATE)).to.deep.equal([1n, 1n]);
      await expect(foundationCoin.previewRedeem(ethers.MaxUint256))
        .to.be.revertedWithCustomError(foundationCoin, "AmountTooLarge")
        .withArgs(ethers.MaxUint256 / RATE, 2n ** 128n - 1n);
    });
  });

  describe("redeem", function () {
    async function mintedFixture() {
      const f = await deployWithPools();
      await f.foundationCoin.connect(f.alice).mint(units("1000"), f.alice.address, 0n, 0n);
      return f;
    }

    it("burns the coin and pays the reserve less the fee to the recipient", async function () {
      const { foundationCoin, reserveToken, alice, bob } = await networkHelpers.loadFixture(mintedFixture);
      const coinIn = units("100") * RATE;
      const gross = units("100");
      const fee = ceilFee(gross, FEE_BPS);
      const feesBefore = await foundationCoin.commonsFeesOwed();
      const tx = foundationCoin.connect(alice).redeem(coinIn, bob.address, 0n, gross - fee);
      await expect(tx)
        .to.emit(foundationCoin, "Redeemed")
        .withArgs(alice.address, bob.address, coinIn, gross - fee, fee, 0n);
      await expect(tx).to.changeTokenBalance(ethers, foundationCoin, alice, -coinIn);
      await expect(tx).to.changeTokenBalances(
        ethers,
        reserveToken,
        [bob, foundationCoin],
        [gross - fee, -(gross - fee)],
      );
      expect(await foundationCoin.commonsFeesOwed()).to.equal(feesBefore + fee);
    });

    it("sends a directed redeem fee to the named pool", async function () {
      const { foundationCoin, alice } = await networkHelpers.loadFixture(mintedFixture);
      await foundationCoin.connect(alice).redeem(units("10") * RATE, alice.address, 1n, 0n);
      expect(await foundationCoin.poolFeesOwed(1n)).to.equal(ceilFee(units("10"), FEE_BPS));
    });

    it("pays whole reserve units only; the burnt sub-unit remainder stays behind as backing", async function () {
      const { foundationCoin, reserveToken, alice } = await networkHelpers.loadFixture(mintedFixture);
      const feesBefore = await foundationCoin.commonsFeesOwed();
      // 1,999 units: worth 1.999 reserve units, the holder is paid for 1 (minus a 1-unit fee).
      await foundationCoin.connect(alice).redeem(units("1") * RATE + 999n, alice.address, 0n, 0n);
      const held = await reserveToken.balanceOf(await foundationCoin.getAddress());
      expect(held).to.be.gte(await foundationCoin.requiredBacking());
      expect(await foundationCoin.commonsFeesOwed()).to.equal(feesBefore + ceilFee(units("1"), FEE_BPS));
    });

    it("keeps working while minting is paused", async function () {
      const { foundationCoin, alice } = await networkHelpers.loadFixture(mintedFixture);
      await foundationCoin.pauseMinting();
      await expect(foundationCoin.connect(alice).redeem(units("1") * RATE, alice.address, 0n, 0n)).to.emit(
        foundationCoin,
        "Redeemed",
      );
    });

    it("rejects zero, dust that would pay nothing and more coin than the holder has", async function () {
      const { foundationCoin, alice, bob } = await networkHelpers.loadFixture(mintedFixture);
      const balance = await foundationCoin.balanceOf(alice.address);
      await expect(foundationCoin.connect(alice).redeem(0n, alice.address, 0n, 0n)).to.be.revertedWithCustomError(
        foundationCoin,
        "ZeroAmount",
      );
      // Below one reserve unit: nothing to pay. Below two: the 1-unit fee would take it all.
      await expect(foundationCoin.connect(alice).redeem(999n, alice.address, 0n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "ZeroOutput")
        .withArgs(999n, 0n);
      await expect(foundationCoin.connect(alice).redeem(2n * RATE - 1n, alice.address, 1n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "ZeroOutput")
        .withArgs(2n * RATE - 1n, 1n);
      expect(await foundationCoin.balanceOf(alice.address)).to.equal(balance);
      await expect(foundationCoin.connect(alice).redeem(2n * RATE, alice.address, 0n, 0n))
        .to.emit(foundationCoin, "Redeemed")
        .withArgs(alice.address, alice.address, 2n * RATE, 1n, 1n, 0n);
      await expect(foundationCoin.connect(bob).redeem(units("1"), bob.address, 0n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "ERC20InsufficientBalance")
        .withArgs(bob.address, 0n, units("1"));
    });

    it("rejects output below the holder's minimum, inactive pools and bad recipients", async function () {
      const { foundationCoin, poolRegistry, alice } = await networkHelpers.loadFixture(mintedFixture);
      const coinIn = units("10") * RATE;
      const [reserveOut] = await foundationCoin.previewRedeem(coinIn);
      await expect(foundationCoin.connect(alice).redeem(coinIn, alice.address, 0n, reserveOut + 1n))
        .to.be.revertedWithCustomError(foundationCoin, "OutputBelowMinimum")
        .withArgs(reserveOut, reserveOut + 1n);
      await expect(foundationCoin.connect(alice).redeem(coinIn, alice.address, 7n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "PoolNotActive")
        .withArgs(7n);
      const registry = await poolRegistry.getAddress();
      await expect(foundationCoin.connect(alice).redeem(coinIn, registry, 0n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "InvalidRecipient")
        .withArgs(registry);
      await expect(foundationCoin.connect(alice).redeem(coinIn, ethers.ZeroAddress, 0n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "InvalidRecipient")
        .withArgs(ethers.ZeroAddress);
    });

    it("is not blocked when the curator retires the pool the holder names: the fee goes to the commons", async function () {
      const { foundationCoin, poolRegistry, alice, stranger } = await networkHelpers.loadFixture(mintedFixture);
      await poolRegistry.propose("Proposed only", "", stranger.address); // 3, never approved
      await poolRegistry.retire(1n);
      const coinIn = units("10") * RATE;
      const [reserveOut, fee] = await foundationCoin.previewRedeem(coinIn);
      const commonsBefore = await foundationCoin.commonsFeesOwed();
      await expect(foundationCoin.connect(alice).redeem(coinIn, alice.address, 1n, reserveOut))
        .to.emit(foundationCoin, "Redeemed")
        .withArgs(alice.address, alice.address, coinIn, reserveOut, fee, 0n);
      expect(await foundationCoin.commonsFeesOwed()).to.equal(commonsBefore + fee);
      expect(await foundationCoin.poolFeesOwed(1n)).to.equal(0n);
      // A retired pool still cannot be named for a mint, and a pool that was never active still
      // cannot be named at all: that is the holder's input, not governance.
      await expect(foundationCoin.connect(alice).mint(units("1"), alice.address, 1n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "PoolNotActive")
        .withArgs(1n);
      await expect(foundationCoin.connect(alice).redeem(coinIn, alice.address, 3n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "PoolNotActive")
        .withArgs(3n);
    });

    it("rejects type(uint256).max", async function () {
      const { foundationCoin, alice } = await networkHelpers.loadFixture(mintedFixture);
      await expect(foundationCoin.connect(alice).redeem(ethers.MaxUint256, alice.address, 0n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "AmountTooLarge")
        .withArgs(ethers.MaxUint256 / RATE, 2n ** 128n - 1n);
    });

    it("never pays more than was deposited: a mint and redeem round trip loses exactly the two fees", async function () {
      const { foundationCoin, reserveToken, alice } = await networkHelpers.loadFixture(deployWithPools);
      const before = await reserveToken.balanceOf(alice.address);
      const amount = units("10");
      const mintFee = ceilFee(amount, FEE_BPS);
      await foundationCoin.connect(alice).mint(amount, alice.address, 0n, 0n);
      await foundationCoin.connect(alice).redeem(await foundationCoin.balanceOf(alice.address), alice.address, 0n, 0n);
      const redeemFee = ceilFee(amount - mintFee, FEE_BPS);
      expect(await reserveToken.balanceOf(alice.address)).to.equal(before - mintFee - redeemFee);
    });
  });

  describe("setFees", function () {
    it("lets the admin change both fees, up to the cap, for later transactions", async function () {
      const { foundationCoin, alice, governor } = await networkHelpers.loadFixture(deployWithPools);
      await expect(foundationCoin.connect(governor).setFees(200n, 0n))
        .to.emit(foundationCoin, "FeesSet")
        .withArgs(200n, 0n);
      expect(await foundationCoin.mintFeeBps()).to.equal(200n);
      expect(await foundationCoin.redeemFeeBps()).to.equal(0n);
      await expect(foundationCoin.connect(alice).mint(units("100"), alice.address, 0n, 0n))
        .to.emit(foundationCoin, "Minted")
        .withArgs(alice.address, alice.address, units("100"), units("98") * RATE, units("2"), 0n);
      await expect(foundationCoin.connect(alice).redeem(units("1") * RATE, alice.address, 0n, 0n))
        .to.emit(foundationCoin, "Redeemed")
        .withArgs(alice.address, alice.address, units("1") * RATE, units("1"), 0n, 0n);
    });

    it("rejects either fee above MAX_FEE_BPS", async function () {
      const { foundationCoin, governor } = await networkHelpers.loadFixture(deploy);
      await expect(foundationCoin.connect(governor).setFees(201n, 0n))
        .to.be.revertedWithCustomError(foundationCoin, "FeeAboveCap")
        .withArgs(201n, 200n);
      await expect(foundationCoin.connect(governor).setFees(0n, ethers.MaxUint256))
        .to.be.revertedWithCustomError(foundationCoin, "FeeAboveCap")
        .withArgs(ethers.MaxUint256, 200n);
      expect(await foundationCoin.mintFeeBps()).to.equal(FEE_BPS);
    });

    it("is refused to anyone but the admin (the timelock), the deployer included", async function () {
      const { foundationCoin, stranger, deployer } = await networkHelpers.loadFixture(deploy);
      for (const caller of [stranger, deployer]) {
        await expect(foundationCoin.connect(caller).setFees(0n, 0n))
          .to.be.revertedWithCustomError(foundationCoin, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, ethers.ZeroHash);
      }
    });
  });

  describe("pauseMinting / unpauseMinting", function () {
    it("lets the guardian pause and resume, with events", async function () {
      const { foundationCoin, deployer } = await networkHelpers.loadFixture(deploy);
      await expect(foundationCoin.pauseMinting()).to.emit(foundationCoin, "MintingPaused").withArgs(deployer.address);
      expect(await foundationCoin.mintingPaused()).to.equal(true);
      await expect(foundationCoin.unpauseMinting())
        .to.emit(foundationCoin, "MintingUnpaused")
        .withArgs(deployer.address);
      expect(await foundationCoin.mintingPaused()).to.equal(false);
    });

    it("is refused to anyone but the guardian", async function () {
      const { foundationCoin, stranger } = await networkHelpers.loadFixture(deploy);
      const role = await foundationCoin.GUARDIAN_ROLE();
      await expect(foundationCoin.connect(stranger).pauseMinting())
        .to.be.revertedWithCustomError(foundationCoin, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(foundationCoin.connect(stranger).unpauseMinting())
        .to.be.revertedWithCustomError(foundationCoin, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
    });
  });

  describe("registry fee intake", function () {
    it("refuses setPoolOpen, forwardCommonsFees and payoutPoolFees to anyone but the registry", async function () {
      const { foundationCoin, stranger } = await networkHelpers.loadFixture(deployWithPools);
      const coin = foundationCoin.connect(stranger);
      await expect(coin.setPoolOpen(1n, true))
        .to.be.revertedWithCustomError(foundationCoin, "NotRegistry")
        .withArgs(stranger.address);
      await expect(coin.forwardCommonsFees())
        .to.be.revertedWithCustomError(foundationCoin, "NotRegistry")
        .withArgs(stranger.address);
      await expect(coin.payoutPoolFees(1n, stranger.address))
        .to.be.revertedWithCustomError(foundationCoin, "NotRegistry")
        .withArgs(stranger.address);
    });

    it("mirrors the registry's active set", async function () {
      const { foundationCoin, poolRegistry } = await networkHelpers.loadFixture(deployWithPools);
      expect(await foundationCoin.isPoolOpen(1n)).to.equal(true);
      await expect(poolRegistry.retire(1n)).to.emit(foundationCoin, "FeePoolOpenSet").withArgs(1n, false);
      expect(await foundationCoin.isPoolOpen(1n)).to.equal(false);
    });

    it("sends the commons' fees to the emission contract at the registry's settlement, never the backing or a pool's fees", async function () {
      const { foundationCoin, reserveToken, poolRegistry, emission, alice } =
        await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("100"), alice.address, 1n, 0n);
      await foundationCoin.connect(alice).mint(units("100"), alice.address, 0n, 0n);
      const fee = units("0.5");
      const supply = await reserveToken.totalSupply();
      const tx = poolRegistry.connect(alice).settle();
      // The emission contract burns what the coin sent it and makes it due to the commons instead.
      await expect(tx)
        .to.emit(foundationCoin, "CommonsFeesForwarded")
        .withArgs(fee)
        .and.to.emit(emission, "Recycled")
        .withArgs(fee, fee);
      await expect(tx).to.changeTokenBalances(ethers, reserveToken, [foundationCoin, emission], [-fee, 0n]);
      // A settlement mints nothing: the supply fell by the fee burnt.
      expect(await reserveToken.totalSupply()).to.equal(supply - fee);
      // What stays is the backing of both mints and pool 1's fee, which waits for the pool's claim.
      expect(await reserveToken.balanceOf(await foundationCoin.getAddress())).to.equal(units("199") + fee);
      expect(await foundationCoin.requiredBacking()).to.equal(units("199"));
      expect(await foundationCoin.poolFeesOwed(1n)).to.equal(fee);
      expect(await foundationCoin.commonsFeesOwed()).to.equal(0n);
      // Nothing is left to send: the next settlement forwards nothing.
      await expect(poolRegistry.settle()).not.to.emit(foundationCoin, "CommonsFeesForwarded");
    });

    it("pays a pool's named fees to its recipient on the pool's claim, and leaves the commons' fees for the next settlement", async function () {
      const { foundationCoin, reserveToken, poolRegistry, emission, alice, cancerLab } =
        await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("100"), alice.address, 1n, 0n);
      await foundationCoin.connect(alice).mint(units("100"), alice.address, 0n, 0n);
      const fee = units("0.5");
      // Asked by the registry, it names what it pays.
      const registryAddress = await poolRegistry.getAddress();
      await networkHelpers.setBalance(registryAddress, 10n ** 18n);
      const registry = await ethers.getImpersonatedSigner(registryAddress);
      expect(await foundationCoin.connect(registry).payoutPoolFees.staticCall(1n, cancerLab.address)).to.equal(fee);

      const tx = poolRegistry.connect(alice).claim(1n);
      // The coin pays the named fee and nothing else; the pool's share of the commons is minted.
      await expect(tx).to.changeTokenBalance(ethers, reserveToken, foundationCoin, -fee);
      const receipt = await mined(tx);
      const fromCommons = mintedIn(receipt, reserveToken);
      // Weight 100 of 400, since the deployment (both pools were curated in one batch).
      expectShare(fromCommons, (await commonsDueAt(emission, receipt)) * 100n, 400n, "pool 1");
      await expect(tx)
        .to.emit(poolRegistry, "Claimed")
        .withArgs(1n, cancerLab.address, fromCommons + fee, fromCommons);
      await expect(tx).to.changeTokenBalance(ethers, reserveToken, cancerLab, fromCommons + fee);
      expect(await foundationCoin.poolFeesOwed(1n)).to.equal(0n);
      expect(await foundationCoin.directedFeesOwed()).to.equal(0n);
      // A claim does not pull the commons' fees: they wait at the coin for the next full settlement.
      expect(await foundationCoin.commonsFeesOwed()).to.equal(fee);
      expect(await reserveToken.balanceOf(await foundationCoin.getAddress())).to.equal(units("199") + fee);
      // Paid once: the next claim takes nothing from the coin.
      await expect(poolRegistry.claim(1n)).to.changeTokenBalance(ethers, reserveToken, foundationCoin, 0n);
    });

    it("treats reserve sent straight to the coin as a gift to the commons, never as backing to withdraw", async function () {
      const { foundationCoin, reserveToken, poolRegistry, emission, alice } =
        await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("100"), alice.address, 0n, 0n);
      await reserveToken.connect(alice).transfer(await foundationCoin.getAddress(), units("3.5"));
      expect(await foundationCoin.commonsFeesOwed()).to.equal(units("4"));
      expect(await foundationCoin.requiredBacking()).to.equal(units("99.5"));
      // The registry's settlement sends the gift with the fee to the emission contract, which
      // recycles both for the pools; the backing stays.
      await expect(poolRegistry.settle()).to.emit(foundationCoin, "CommonsFeesForwarded").withArgs(units("4"));
      expect(await reserveToken.balanceOf(await foundationCoin.getAddress())).to.equal(units("99.5"));
      // Weights 100 and 300 share the 4 FRSV as 1 and 3, beside their shares of the emission.
      for (const [poolId, weight] of [
        [1n, 100n],
        [2n, 300n],
      ] as const) {
        const receipt = await mined(poolRegistry.claim(poolId));
        const due = (await commonsDueAt(emission, receipt)) + units("4");
        expectShare(fromCommonsIn(receipt, poolRegistry), due * weight, 400n, `pool ${poolId}`);
      }
      // The first mint after the gift still gets exactly k * (x - fee).
      await expect(foundationCoin.connect(alice).mint(units("10"), alice.address, 0n, 0n))
        .to.emit(foundationCoin, "Minted")
        .withArgs(alice.address, alice.address, units("10"), units("9.95") * RATE, units("0.05"), 0n);
    });
  });

  describe("transfer and transferFrom", function () {
    it("refuse the coin, the registry, the reserve, emission, compute rewards and the timelock as destinations", async function () {
      const { foundationCoin, reserveToken, poolRegistry, emission, computeRewards, timelock, alice, bob } =
        await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("10"), alice.address, 0n, 0n);
      await foundationCoin.connect(alice).approve(bob.address, units("1"));
      const balance = await foundationCoin.balanceOf(alice.address);
      for (const to of [
        await foundationCoin.getAddress(),
        await poolRegistry.getAddress(),
        await reserveToken.getAddress(),
        await emission.getAddress(),
        await computeRewards.getAddress(),
        await timelock.getAddress(),
      ]) {
        await expect(foundationCoin.connect(alice).transfer(to, 1n))
          .to.be.revertedWithCustomError(foundationCoin, "InvalidRecipient")
          .withArgs(to);
        await expect(foundationCoin.connect(bob).transferFrom(alice.address, to, 1n))
          .to.be.revertedWithCustomError(foundationCoin, "InvalidRecipient")
          .withArgs(to);
      }
      await expect(foundationCoin.connect(alice).transfer(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(foundationCoin, "InvalidRecipient")
        .withArgs(ethers.ZeroAddress);
      expect(await foundationCoin.balanceOf(alice.address)).to.equal(balance);
      expect(await foundationCoin.allowance(alice.address, bob.address)).to.equal(units("1"));
    });

    it("move FDC between holders as any ERC-20 does; supply equals the sum of balances", async function () {
      const { foundationCoin, alice, bob, carol } = await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("10"), alice.address, 0n, 0n);
      await expect(foundationCoin.connect(alice).transfer(bob.address, 7n))
        .to.emit(foundationCoin, "Transfer")
        .withArgs(alice.address, bob.address, 7n);
      await foundationCoin.connect(alice).approve(carol.address, 5n);
      await expect(foundationCoin.connect(carol).transferFrom(alice.address, carol.address, 5n)).to.changeTokenBalances(
        ethers,
        foundationCoin,
        [alice, carol],
        [-5n, 5n],
      );
      const sum =
        (await foundationCoin.balanceOf(alice.address)) +
        (await foundationCoin.balanceOf(bob.address)) +
        (await foundationCoin.balanceOf(carol.address));
      expect(await foundationCoin.totalSupply()).to.equal(sum);
    });

    it("let the admin act for itself: value it sends itself is deliberate, and it can move it again", async function () {
      const { foundationCoin, alice, governor } = await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("10"), alice.address, 0n, 0n);
      await foundationCoin.connect(alice).approve(governor.address, 3n);
      await expect(foundationCoin.connect(governor).transferFrom(alice.address, governor.address, 3n)).to.emit(
        foundationCoin,
        "Transfer",
      );
      await expect(foundationCoin.connect(governor).transfer(alice.address, 3n)).to.emit(foundationCoin, "Transfer");
    });
  });

  describe("isSystemContract", function () {
    it("lists the deployment's contracts and the current admin, and nobody else", async function () {
      const { foundationCoin, reserveToken, poolRegistry, emission, computeRewards, timelock, alice, deployer } =
        await networkHelpers.loadFixture(deploy);
      for (const address of [
        await foundationCoin.getAddress(),
        await poolRegistry.getAddress(),
        await reserveToken.getAddress(),
        await emission.getAddress(),
        await computeRewards.getAddress(),
        await timelock.getAddress(),
      ]) {
        expect(await foundationCoin.isSystemContract(address), address).to.equal(true);
      }
      for (const address of [alice.address, deployer.address, ethers.ZeroAddress]) {
        expect(await foundationCoin.isSystemContract(address), address).to.equal(false);
      }
    });
  });

  describe("permit", function () {
    it("accepts an ERC-2612 signature for allowances", async function () {
      const { foundationCoin, alice, bob } = await networkHelpers.loadFixture(deployWithPools);
      const value = units("5");
      const deadline = 2n ** 40n;
      const { v, r, s } = await signPermit(alice, foundationCoin, bob.address, value, deadline);
      await foundationCoin.permit(alice.address, bob.address, value, deadline, v, r, s);
      expect(await foundationCoin.allowance(alice.address, bob.address)).to.equal(value);
    });
  });
});
