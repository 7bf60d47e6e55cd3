import { expect } from "chai";
import { network } from "hardhat";
import { units } from "../client/foundation.js";
import { GENESIS, poolsFixture } from "./helpers/fixture.js";
import { signPermit } from "../client/permit.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deployWithPools = poolsFixture(connection);

const RATE = 1000n;
const FEE_BPS = 50n;
const AMOUNT = units("100");
const FEE = (AMOUNT * FEE_BPS + 9999n) / 10000n;
const COIN_OUT = (AMOUNT - FEE) * RATE;
/** Gas given to transactions sent without an estimate, so that they are mined in a chosen block. */
const GAS = 500_000n;

/** Pools 1 and 2 active, and holders who have never approved the coin: their only way in is a permit. */
async function permitMintFixture() {
  const f = await deployWithPools();
  const coinAddress = await f.foundationCoin.getAddress();
  for (const holder of [f.alice, f.bob, f.carol]) await f.reserveToken.connect(holder).approve(coinAddress, 0n);
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  return { ...f, coinAddress, deadline };
}
type Fixture = Awaited<ReturnType<typeof permitMintFixture>>;

/** Everything a mint can change, as one comparable value. */
async function books(f: Fixture) {
  const { reserveToken, foundationCoin, alice, bob, coinAddress } = f;
  return {
    aliceReserve: await reserveToken.balanceOf(alice.address),
    bobReserve: await reserveToken.balanceOf(bob.address),
    coinReserve: await reserveToken.balanceOf(coinAddress),
    aliceCoin: await foundationCoin.balanceOf(alice.address),
    bobCoin: await foundationCoin.balanceOf(bob.address),
    supply: await foundationCoin.totalSupply(),
    commons: await foundationCoin.commonsFeesOwed(),
    pool1: await foundationCoin.poolFeesOwed(1n),
    pool2: await foundationCoin.poolFeesOwed(2n),
    directed: await foundationCoin.directedFeesOwed(),
    aliceAllowance: await reserveToken.allowance(alice.address, coinAddress),
    bobAllowance: await reserveToken.allowance(bob.address, coinAddress),
    aliceNonce: await reserveToken.nonces(alice.address),
    bobNonce: await reserveToken.nonces(bob.address),
  };
}

describe("FoundationCoin", function () {
  describe("mintWithPermit", function () {
    it("mints in one transaction with a fresh permit: fee to the commons as mint books it, nonce used, no allowance left", async function () {
      const f = await networkHelpers.loadFixture(permitMintFixture);
      const { foundationCoin, reserveToken, alice, bob, coinAddress, deadline } = f;
      const { v, r, s } = await signPermit(alice, reserveToken, coinAddress, AMOUNT, deadline);
      const coin = foundationCoin.connect(alice);
      expect(await coin.mintWithPermit.staticCall(AMOUNT, bob.address, 0n, COIN_OUT, deadline, v, r, s)).to.equal(
        COIN_OUT,
      );
      const tx = coin.mintWithPermit(AMOUNT, bob.address, 0n, COIN_OUT, deadline, v, r, s);
      await expect(tx)
        .to.emit(foundationCoin, "Minted")
        .withArgs(alice.address, bob.address, AMOUNT, COIN_OUT, FEE, 0n);
      await expect(tx).to.emit(reserveToken, "Approval").withArgs(alice.address, coinAddress, AMOUNT);
      await expect(tx).to.changeTokenBalances(ethers, reserveToken, [alice, foundationCoin], [-AMOUNT, AMOUNT]);
      await expect(tx).to.changeTokenBalance(ethers, foundationCoin, bob, COIN_OUT);
      expect(await foundationCoin.commonsFeesOwed()).to.equal(FEE);
      expect(await foundationCoin.directedFeesOwed()).to.equal(0n);
      expect(await foundationCoin.requiredBacking()).to.equal(AMOUNT - FEE);
      expect(await reserveToken.nonces(alice.address)).to.equal(1n);
      expect(await reserveToken.allowance(alice.address, coinAddress)).to.equal(0n);
    });

    it("leaves exactly the state approve + mint leave, a fee to a named pool included", async function () {
      let f = await networkHelpers.loadFixture(permitMintFixture);
      await f.reserveToken.connect(f.alice).approve(f.coinAddress, AMOUNT);
      const viaMint = await f.foundationCoin.connect(f.alice).mint.staticCall(AMOUNT, f.bob.address, 2n, COIN_OUT);
      await f.foundationCoin.connect(f.alice).mint(AMOUNT, f.bob.address, 2n, COIN_OUT);
      const afterMint = await books(f);

      f = await networkHelpers.loadFixture(permitMintFixture);
      const { foundationCoin, reserveToken, alice, bob, coinAddress, deadline } = f;
      const { v, r, s } = await signPermit(alice, reserveToken, coinAddress, AMOUNT, deadline);
      const coin = foundationCoin.connect(alice);
      const viaPermit = await coin.mintWithPermit.staticCall(AMOUNT, bob.address, 2n, COIN_OUT, deadline, v, r, s);
      await expect(coin.mintWithPermit(AMOUNT, bob.address, 2n, COIN_OUT, deadline, v, r, s))
        .to.emit(foundationCoin, "Minted")
        .withArgs(alice.address, bob.address, AMOUNT, COIN_OUT, FEE, 2n);
      const afterPermit = await books(f);

      expect(viaPermit).to.equal(viaMint);
      expect(afterMint.pool2).to.equal(FEE);
      expect(afterMint.directed).to.equal(FEE);
      expect(afterMint.commons).to.equal(0n);
      // The permit used Alice's nonce; apart from that, the two ways in are indistinguishable.
      expect(afterPermit).to.deep.equal({ ...afterMint, aliceNonce: 1n });
    });

    it("refuses an expired permit with PermitExpired before anything moves, even with an allowance in place", async function () {
      const f = await networkHelpers.loadFixture(permitMintFixture);
      const { foundationCoin, reserveToken, alice, coinAddress, deadline } = f;
      const { v, r, s } = await signPermit(alice, reserveToken, coinAddress, AMOUNT, deadline);
      // An allowance that would cover the deposit does not rescue an expired permit.
      await reserveToken.connect(alice).approve(coinAddress, AMOUNT);
      const before = await books(f);
      await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
      await expect(
        foundationCoin
          .connect(alice)
          .mintWithPermit(AMOUNT, alice.address, 0n, 0n, deadline, v, r, s, { gasLimit: GAS }),
      )
        .to.be.revertedWithCustomError(foundationCoin, "PermitExpired")
        .withArgs(deadline, deadline + 1n);
      expect(await books(f)).to.deep.equal(before);
    });

    it("accepts a permit in the very second of its deadline", async function () {
      const { foundationCoin, reserveToken, alice, coinAddress, deadline } =
        await networkHelpers.loadFixture(permitMintFixture);
      const { v, r, s } = await signPermit(alice, reserveToken, coinAddress, AMOUNT, deadline);
      await networkHelpers.time.setNextBlockTimestamp(deadline);
      await expect(
        foundationCoin
          .connect(alice)
          .mintWithPermit(AMOUNT, alice.address, 0n, COIN_OUT, deadline, v, r, s, { gasLimit: GAS }),
      )
        .to.emit(foundationCoin, "Minted")
        .withArgs(alice.address, alice.address, AMOUNT, COIN_OUT, FEE, 0n);
      expect(await reserveToken.nonces(alice.address)).to.equal(1n);
    });

    it("still mints when the permit was front-run straight to the reserve", async function () {
      const { foundationCoin, reserveToken, alice, stranger, coinAddress, deadline } =
        await networkHelpers.loadFixture(permitMintFixture);
      const { v, r, s } = await signPermit(alice, reserveToken, coinAddress, AMOUNT, deadline);
      // Someone copies the signature from the mempool and submits it first, using Alice's nonce.
      await reserveToken.connect(stranger).permit(alice.address, coinAddress, AMOUNT, deadline, v, r, s);
      expect(await reserveToken.nonces(alice.address)).to.equal(1n);
      const tx = foundationCoin.connect(alice).mintWithPermit(AMOUNT, alice.address, 0n, COIN_OUT, deadline, v, r, s);
      await expect(tx)
        .to.emit(foundationCoin, "Minted")
        .withArgs(alice.address, alice.address, AMOUNT, COIN_OUT, FEE, 0n);
      await expect(tx).to.changeTokenBalances(ethers, reserveToken, [alice, foundationCoin], [-AMOUNT, AMOUNT]);
      expect(await reserveToken.nonces(alice.address)).to.equal(1n);
      expect(await reserveToken.allowance(alice.address, coinAddress)).to.equal(0n);
      expect(await foundationCoin.commonsFeesOwed()).to.equal(FEE);
    });

    it("tolerates a refused permit only when the caller's allowance covers the deposit, to the unit", async function () {
      const f = await networkHelpers.loadFixture(permitMintFixture);
      const { foundationCoin, reserveToken, alice, coinAddress, deadline } = f;
      const zero = ethers.ZeroHash;
      const coin = foundationCoin.connect(alice);
      // One unit short: refused, and the shortfall named.
      await reserveToken.connect(alice).approve(coinAddress, AMOUNT - 1n);
      const before = await books(f);
      await expect(coin.mintWithPermit(AMOUNT, alice.address, 0n, 0n, deadline, 27, zero, zero))
        .to.be.revertedWithCustomError(foundationCoin, "PermitRejected")
        .withArgs(alice.address, AMOUNT - 1n, AMOUNT);
      expect(await books(f)).to.deep.equal(before);
      // Exactly enough: the holder already agreed to this deposit, so a worthless signature is no obstacle.
      await reserveToken.connect(alice).approve(coinAddress, AMOUNT);
      await expect(coin.mintWithPermit(AMOUNT, alice.address, 0n, COIN_OUT, deadline, 27, zero, zero))
        .to.emit(foundationCoin, "Minted")
        .withArgs(alice.address, alice.address, AMOUNT, COIN_OUT, FEE, 0n);
      expect(await reserveToken.allowance(alice.address, coinAddress)).to.equal(0n);
      expect(await reserveToken.nonces(alice.address)).to.equal(0n);
    });

    it("refuses a permit signed by another key, for another value or spender, or replayed, and moves nothing", async function () {
      const f = await networkHelpers.loadFixture(permitMintFixture);
      const { foundationCoin, reserveToken, alice, bob, coinAddress, deadline } = f;
      const coin = foundationCoin.connect(alice);
      const forged = [
        await signPermit(bob, reserveToken, coinAddress, AMOUNT, deadline), // Bob's key, not Alice's
        await signPermit(alice, reserveToken, coinAddress, AMOUNT - 1n, deadline), // another value
        await signPermit(alice, reserveToken, coinAddress, AMOUNT + 1n, deadline),
        await signPermit(alice, reserveToken, bob.address, AMOUNT, deadline), // another spender
      ];
      const before = await books(f);
      for (const { v, r, s } of forged) {
        await expect(coin.mintWithPermit(AMOUNT, alice.address, 0n, 0n, deadline, v, r, s))
          .to.be.revertedWithCustomError(foundationCoin, "PermitRejected")
          .withArgs(alice.address, 0n, AMOUNT);
      }
      expect(await books(f)).to.deep.equal(before);

      // Used once, the permit cannot be replayed: Alice's nonce has moved on and the allowance is spent.
      const { v, r, s } = await signPermit(alice, reserveToken, coinAddress, AMOUNT, deadline);
      await coin.mintWithPermit(AMOUNT, alice.address, 0n, 0n, deadline, v, r, s);
      const used = await books(f);
      expect(used.aliceCoin).to.equal(COIN_OUT);
      await expect(coin.mintWithPermit(AMOUNT, alice.address, 0n, 0n, deadline, v, r, s))
        .to.be.revertedWithCustomError(foundationCoin, "PermitRejected")
        .withArgs(alice.address, 0n, AMOUNT);
      expect(await books(f)).to.deep.equal(used);
    });

    it("refuses a permit signed for another chain id or another verifying contract", async function () {
      const f = await networkHelpers.loadFixture(permitMintFixture);
      const { foundationCoin, reserveToken, alice, coinAddress, deadline } = f;
      const { chainId } = await ethers.provider.getNetwork();
      const elsewhere = [
        await signPermit(alice, reserveToken, coinAddress, AMOUNT, deadline, chainId + 1n),
        await signPermit(alice, reserveToken, coinAddress, AMOUNT, deadline, chainId, coinAddress),
      ];
      const before = await books(f);
      for (const { v, r, s } of elsewhere) {
        await expect(foundationCoin.connect(alice).mintWithPermit(AMOUNT, alice.address, 0n, 0n, deadline, v, r, s))
          .to.be.revertedWithCustomError(foundationCoin, "PermitRejected")
          .withArgs(alice.address, 0n, AMOUNT);
      }
      expect(await books(f)).to.deep.equal(before);
    });

    it("never lets the caller deposit another account's reserve with that account's permit", async function () {
      const f = await networkHelpers.loadFixture(permitMintFixture);
      const { foundationCoin, reserveToken, alice, bob, coinAddress, deadline } = f;
      const { v, r, s } = await signPermit(alice, reserveToken, coinAddress, AMOUNT, deadline);
      const before = await books(f);
      // Bob copies Alice's permit: its owner is always the caller, so it is Bob's (missing) permit.
      await expect(foundationCoin.connect(bob).mintWithPermit(AMOUNT, bob.address, 0n, 0n, deadline, v, r, s))
        .to.be.revertedWithCustomError(foundationCoin, "PermitRejected")
        .withArgs(bob.address, 0n, AMOUNT);
      expect(await books(f)).to.deep.equal(before);
      // Even once someone submits it to the reserve, the allowance it sets is Alice's, spent only by her:
      // the caller's allowance is the one checked, also when the coin would go to Alice.
      await reserveToken.connect(bob).permit(alice.address, coinAddress, AMOUNT, deadline, v, r, s);
      await expect(foundationCoin.connect(bob).mintWithPermit(AMOUNT, alice.address, 0n, 0n, deadline, v, r, s))
        .to.be.revertedWithCustomError(foundationCoin, "PermitRejected")
        .withArgs(bob.address, 0n, AMOUNT);
      await expect(foundationCoin.connect(bob).mint(AMOUNT, bob.address, 0n, 0n))
        .to.be.revertedWithCustomError(reserveToken, "ERC20InsufficientAllowance")
        .withArgs(coinAddress, 0n, AMOUNT);
      expect(await reserveToken.balanceOf(alice.address)).to.equal(GENESIS);
      await expect(
        foundationCoin.connect(alice).mintWithPermit(AMOUNT, alice.address, 0n, 0n, deadline, v, r, s),
      ).to.changeTokenBalance(ethers, reserveToken, alice, -AMOUNT);
    });

    it("is refused as mint is: paused, below the minimum, a bad recipient, an inactive pool, a zero amount", async function () {
      const f = await networkHelpers.loadFixture(permitMintFixture);
      const { foundationCoin, reserveToken, poolRegistry, alice, coinAddress, deadline } = f;
      const coin = foundationCoin.connect(alice);
      const { v, r, s } = await signPermit(alice, reserveToken, coinAddress, AMOUNT, deadline);
      const withPermit = (to: string, poolId: bigint, minCoinOut: bigint) =>
        coin.mintWithPermit(AMOUNT, to, poolId, minCoinOut, deadline, v, r, s);
      const before = await books(f);

      await foundationCoin.pauseMinting();
      await expect(withPermit(alice.address, 0n, 0n)).to.be.revertedWithCustomError(foundationCoin, "MintingIsPaused");
      await foundationCoin.unpauseMinting();
      await expect(withPermit(alice.address, 0n, COIN_OUT + 1n))
        .to.be.revertedWithCustomError(foundationCoin, "OutputBelowMinimum")
        .withArgs(COIN_OUT, COIN_OUT + 1n);
      for (const to of [ethers.ZeroAddress, coinAddress, await poolRegistry.getAddress()]) {
        await expect(withPermit(to, 0n, 0n))
          .to.be.revertedWithCustomError(foundationCoin, "InvalidRecipient")
          .withArgs(to);
      }
      await poolRegistry.retire(1n);
      for (const poolId of [1n, 99n]) {
        await expect(withPermit(alice.address, poolId, 0n))
          .to.be.revertedWithCustomError(foundationCoin, "PoolNotActive")
          .withArgs(poolId);
      }
      const zero = await signPermit(alice, reserveToken, coinAddress, 0n, deadline);
      await expect(
        coin.mintWithPermit(0n, alice.address, 0n, 0n, deadline, zero.v, zero.r, zero.s),
      ).to.be.revertedWithCustomError(foundationCoin, "ZeroAmount");
      // Each refusal undid the permit too: the same signature still mints.
      expect(await books(f)).to.deep.equal(before);
      await expect(withPermit(alice.address, 2n, COIN_OUT))
        .to.emit(foundationCoin, "Minted")
        .withArgs(alice.address, alice.address, AMOUNT, COIN_OUT, FEE, 2n);
    });
  });
});
