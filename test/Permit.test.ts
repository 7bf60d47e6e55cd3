import { expect } from "chai";
import { network } from "hardhat";
import { units } from "../client/foundation.js";
import { foundationFixture } from "./helpers/fixture.js";
import { signPermit } from "../client/permit.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);

/** secp256k1's group order: a signature (r, s) also verifies as (r, n - s), unless s is restricted. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Both tokens, each with Alice holding some of it. */
async function permitFixture() {
  const f = await deploy();
  await f.foundationCoin.connect(f.alice).mint(units("10"), f.alice.address, 0n, 0n);
  return f;
}

for (const symbol of ["FRSV", "FDC"] as const) {
  describe(`ERC-2612 permit on ${symbol}`, function () {
    const tokenOf = (f: Awaited<ReturnType<typeof permitFixture>>) =>
      symbol === "FRSV" ? f.reserveToken : f.foundationCoin;

    it("sets an allowance once, and a replayed signature is refused", async function () {
      const f = await networkHelpers.loadFixture(permitFixture);
      const token = tokenOf(f);
      const deadline = 2n ** 40n;
      const { v, r, s } = await signPermit(f.alice, token, f.bob.address, 7n, deadline);
      await token.permit(f.alice.address, f.bob.address, 7n, deadline, v, r, s);
      expect(await token.allowance(f.alice.address, f.bob.address)).to.equal(7n);
      expect(await token.nonces(f.alice.address)).to.equal(1n);
      // The nonce moved on, so the same signature now recovers to someone else.
      await expect(token.permit(f.alice.address, f.bob.address, 7n, deadline, v, r, s)).to.be.revertedWithCustomError(
        token,
        "ERC2612InvalidSigner",
      );
    });

    it("refuses an expired deadline, another chain's signature and a malleable (high-s) signature", async function () {
      const f = await networkHelpers.loadFixture(permitFixture);
      const token = tokenOf(f);
      const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
      const expired = await signPermit(f.alice, token, f.bob.address, 7n, now);
      await expect(token.permit(f.alice.address, f.bob.address, 7n, now, expired.v, expired.r, expired.s))
        .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
        .withArgs(now);
      const deadline = 2n ** 40n;
      const { chainId } = await ethers.provider.getNetwork();
      const elsewhere = await signPermit(f.alice, token, f.bob.address, 7n, deadline, chainId + 1n);
      await expect(
        token.permit(f.alice.address, f.bob.address, 7n, deadline, elsewhere.v, elsewhere.r, elsewhere.s),
      ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
      const good = await signPermit(f.alice, token, f.bob.address, 7n, deadline);
      const highS = SECP256K1_N - BigInt(good.s);
      const flipped = good.v === 27 ? 28 : 27;
      await expect(
        token.permit(f.alice.address, f.bob.address, 7n, deadline, flipped, good.r, ethers.toBeHex(highS, 32)),
      )
        .to.be.revertedWithCustomError(token, "ECDSAInvalidSignatureS")
        .withArgs(ethers.toBeHex(highS, 32));
      expect(await token.allowance(f.alice.address, f.bob.address)).to.equal(0n);
      expect(await token.nonces(f.alice.address)).to.equal(0n);
      // The untouched signature still works: nothing above consumed it.
      await token.permit(f.alice.address, f.bob.address, 7n, deadline, good.v, good.r, good.s);
      expect(await token.allowance(f.alice.address, f.bob.address)).to.equal(7n);
    });

    it("does not let a front-run permit block the holder's action: the allowance is there either way", async function () {
      const f = await networkHelpers.loadFixture(permitFixture);
      const token = tokenOf(f);
      const deadline = 2n ** 40n;
      const { v, r, s } = await signPermit(f.alice, token, f.bob.address, 5n, deadline);
      // Someone copies the signature from the mempool and submits it first.
      await token.connect(f.stranger).permit(f.alice.address, f.bob.address, 5n, deadline, v, r, s);
      await expect(
        token.connect(f.bob).permit(f.alice.address, f.bob.address, 5n, deadline, v, r, s),
      ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
      // What the holder wanted still happens: the spender moves the tokens.
      await expect(token.connect(f.bob).transferFrom(f.alice.address, f.carol.address, 5n)).to.changeTokenBalances(
        ethers,
        token,
        [f.alice, f.carol],
        [-5n, 5n],
      );
    });
  });
}
