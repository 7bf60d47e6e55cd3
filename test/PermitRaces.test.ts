import { expect } from "chai";
import { network } from "hardhat";
import { addressesOf, deployFoundation, units } from "../client/foundation.js";
import { signPermit } from "../client/permit.js";
import { mint } from "../tasks/commands/holder.js";
import { poolsFixture } from "./helpers/fixture.js";
import { commandContext, printExactAmounts } from "./helpers/tasks.js";

/*
 * Races around a permit mint, found by an attacker's review: the holder's own clock against an
 * idle node's, two mints at once, and an older permit of the holder's submitted ahead of a new one.
 */
const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deployWithPools = poolsFixture(connection);

/** A holder with FRSV who never approved the coin. */
async function holderFixture() {
  const [operator, holder, stranger] = await ethers.getSigners();
  if (!operator || !holder || !stranger) throw new Error("too few accounts");
  const system = await deployFoundation(connection, {
    genesisAccounts: [operator.address, holder.address],
    genesisAmounts: [units("1000"), units("1000")],
  });
  const { chainId } = await ethers.provider.getNetwork();
  return { system, operator, holder, stranger, chainId, addresses: await addressesOf(system) };
}

const plain = { pool: "0", to: "", maxFeeBps: "" };

/** The hashes waiting in the node's pending block. */
async function pending(): Promise<string[]> {
  const block = (await ethers.provider.send("eth_getBlockByNumber", ["pending", false])) as { transactions: string[] };
  return block.transactions;
}

async function untilSomethingPending(): Promise<void> {
  while ((await pending()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("Permit mints under races", function () {
  printExactAmounts();

  it("foundation:mint works on a node whose latest block is older than a permit's life (an idle node)", async function () {
    const f = await networkHelpers.loadFixture(holderFixture);
    const ctx = commandContext(f.addresses, f.holder, f.chainId);
    // 21 minutes pass on the wall clock with no block mined: the next block carries the current
    // time, so a deadline counted from the latest block would already be past.
    const idle = 21 * 60;
    await ethers.provider.send("evm_increaseTime", [idle]);
    const realNow = Date.now;
    Date.now = () => realNow() + idle * 1000;
    try {
      await mint(ctx, { ...plain, amount: "100" });
    } finally {
      Date.now = realNow;
    }
    expect(await f.system.foundationCoin.balanceOf(f.holder.address)).to.equal(units("99500"));
  });

  it("two mints of one account started together both go through (the second re-signs with the next nonce)", async function () {
    const f = await networkHelpers.loadFixture(holderFixture);
    const first = commandContext(f.addresses, f.holder, f.chainId);
    const second = commandContext(f.addresses, f.holder, f.chainId);
    await Promise.all([mint(first, { ...plain, amount: "100" }), mint(second, { ...plain, amount: "50" })]);
    expect(await f.system.foundationCoin.balanceOf(f.holder.address)).to.equal(units("149250"));
    expect(await f.system.reserveToken.allowance(f.holder.address, f.addresses.foundationCoin)).to.equal(0n);
  });

  it("an older permit front-run ahead of a new one refuses the mint with PermitRejected, costing only gas (documented)", async function () {
    const f = await networkHelpers.loadFixture(deployWithPools);
    const { foundationCoin: coin, reserveToken: reserve, alice, stranger } = f;
    const coinAddress = await coin.getAddress();
    await reserve.connect(alice).approve(coinAddress, 0n);
    const deadline = BigInt(await networkHelpers.time.latest()) + 1200n;
    // Alice's first permit mint fails on chain (minting paused just before): its permit is public
    // and its nonce unused.
    const old = await signPermit(alice, reserve, coinAddress, units("100"), deadline);
    await coin.pauseMinting();
    await expect(
      coin.connect(alice).mintWithPermit(units("100"), alice.address, 0n, 0n, deadline, old.v, old.r, old.s),
    ).to.be.revertedWithCustomError(coin, "MintingIsPaused");
    await coin.unpauseMinting();
    // Her new permit for 200 has the same nonce; a stranger submits the old one first.
    const fresh = await signPermit(alice, reserve, coinAddress, units("200"), deadline);
    await reserve.connect(stranger).permit(alice.address, coinAddress, units("100"), deadline, old.v, old.r, old.s);
    const reserveBefore = await reserve.balanceOf(alice.address);
    await expect(
      coin.connect(alice).mintWithPermit(units("200"), alice.address, 0n, 0n, deadline, fresh.v, fresh.r, fresh.s),
    )
      .to.be.revertedWithCustomError(coin, "PermitRejected")
      .withArgs(alice.address, units("100"), units("200"));
    // Nothing moved; the allowance the old permit set can be spent only by Alice's own mint.
    expect(await reserve.balanceOf(alice.address)).to.equal(reserveBefore);
    await coin.connect(alice).mint(units("100"), alice.address, 0n, 0n);
    expect(await reserve.allowance(alice.address, coinAddress)).to.equal(0n);
  });

  it("foundation:mint recovers when an older permit is front-run ahead of its mint: it retries with a new one", async function () {
    const f = await networkHelpers.loadFixture(holderFixture);
    const { system, holder, stranger, operator } = f;
    const coin = system.foundationCoin;
    const ctx = commandContext(f.addresses, holder, f.chainId);

    // 1. The holder's mint of 100 is sent; the guardian's pause lands ahead of it in the block.
    await ethers.provider.send("evm_setAutomine", [false]);
    const first = mint(ctx, { ...plain, amount: "100" }).then(
      () => "minted",
      (error: unknown) => (error as Error).message,
    );
    await untilSomethingPending();
    const sent = await ethers.provider.getTransaction((await pending())[0]!);
    await coin.connect(operator).pauseMinting({ maxPriorityFeePerGas: 10n ** 11n, maxFeePerGas: 10n ** 11n });
    await ethers.provider.send("evm_mine", []);
    expect(await first).not.to.equal("minted");
    await ethers.provider.send("evm_setAutomine", [true]);
    await coin.connect(operator).unpauseMinting();
    const old = coin.interface.parseTransaction(sent!)!.args;

    // 2. The holder mints 200; a stranger puts the old permit (for 100) in ahead of it.
    await ethers.provider.send("evm_setAutomine", [false]);
    const retry = mint(ctx, { ...plain, amount: "200" }).then(
      () => "minted",
      (error: unknown) => (error as Error).message,
    );
    await untilSomethingPending();
    await system.reserveToken
      .connect(stranger)
      .permit(holder.address, f.addresses.foundationCoin, old[0], old[4], old[5], old[6], old[7], {
        gasLimit: 200_000n,
        maxPriorityFeePerGas: 10n ** 11n,
        maxFeePerGas: 10n ** 12n,
      });
    await ethers.provider.send("evm_mine", []);
    await ethers.provider.send("evm_setAutomine", [true]);
    expect(await retry).to.equal("minted");
    expect(await coin.balanceOf(holder.address)).to.equal(units("199000"));
  });
});
