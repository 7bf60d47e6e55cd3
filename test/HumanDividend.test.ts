import { expect } from "chai";
import { network } from "hardhat";
import type { Signer } from "ethers";
import { DividendProbe__factory, HumanDividend__factory } from "../typechain-types/index.js";
import { signCredential } from "../client/humans.js";
import { units } from "../client/foundation.js";
import { eventsIn, mined } from "./helpers/books.js";
import { foundationFixture } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);
type Fixture = Awaited<ReturnType<typeof deploy>>;

const DAY = 86_400n;

/** Registers `account` as the person `person`, signed by the deployer (the default issuer). */
async function registerHuman(f: Fixture, account: string, person: string, at?: bigint) {
  const t = at ?? BigInt(await networkHelpers.time.latest()) + 1n;
  const credential = { account, nullifier: ethers.id(`person: ${person}`), expiresAt: t + 365n * DAY };
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const signature = await signCredential(f.deployer, { registry: f.humanRegistry, chainId }, credential);
  if (at !== undefined) await networkHelpers.time.setNextBlockTimestamp(at);
  return mined(
    f.humanRegistry.register(account, credential.nullifier, credential.expiresAt, f.deployer.address, signature),
  );
}

/** The human share of everything the schedule emitted by `t`, from emission's own closed form. */
async function humansShareAt(f: Fixture, t: bigint): Promise<bigint> {
  return ((await f.emission.emittedUntil(t)) * (await f.emission.HUMAN_SHARE_BPS())) / 10_000n;
}

async function timestampOf(receipt: { blockNumber: number }): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock(receipt.blockNumber))!.timestamp);
}

/** Everything the dividend has received: released to it, plus FRSV sent to it directly. */
async function incomeOf(f: Fixture, gifts = 0n): Promise<bigint> {
  return (await f.emission.releasedTo(f.humanDividend)) + gifts;
}

async function claimAs(f: Fixture, human: Signer, asCoin: boolean, to?: string) {
  return mined(f.humanDividend.connect(human).claim(to ?? (await human.getAddress()), asCoin));
}

describe("HumanDividend", function () {
  it("is wired to its emission, registry and commons, and refuses a zero address", async function () {
    const { deployer, humanDividend, emission, humanRegistry, poolRegistry, reserveToken } =
      await networkHelpers.loadFixture(deploy);
    expect(await humanDividend.emission()).to.equal(await emission.getAddress());
    expect(await humanDividend.humanRegistry()).to.equal(await humanRegistry.getAddress());
    expect(await humanDividend.commons()).to.equal(await poolRegistry.getAddress());
    expect(await humanDividend.reserve()).to.equal(await reserveToken.getAddress());
    const factory = new HumanDividend__factory(deployer);
    await expect(factory.deploy(ethers.ZeroAddress, humanRegistry)).to.be.revertedWithCustomError(
      factory,
      "InvalidSetting",
    );
    await expect(factory.deploy(emission, ethers.ZeroAddress)).to.be.revertedWithCustomError(factory, "InvalidSetting");
  });

  it("sends the commons what arrives while nobody is registered, with its own event", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    await networkHelpers.time.increase(DAY);
    const receipt = await mined(f.humanDividend.connect(f.stranger).settle());
    const due = await humansShareAt(f, await timestampOf(receipt));
    expect(due).to.be.greaterThan(0n);
    expect(eventsIn(receipt, f.humanDividend, "DividendForwarded").map((a) => a[0])).to.deep.equal([due]);
    expect(await f.humanDividend.forwarded()).to.equal(due);
    expect(await f.reserveToken.balanceOf(f.humanDividend)).to.equal(0n);
    // The commons counts it as income, shared by weight like any other.
    expect(await f.reserveToken.balanceOf(f.poolRegistry)).to.be.greaterThanOrEqual(due);
    // Settling again in the same block's successor forwards only what came due since.
    const again = await mined(f.humanDividend.settle());
    const dueNow = await humansShareAt(f, await timestampOf(again));
    expect(await f.humanDividend.forwarded()).to.equal(dueNow);
  });

  it("shares the human share equally per registered second", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const { alice, bob, humanDividend } = f;
    await networkHelpers.time.increase(DAY);
    const t0 = await timestampOf(await registerHuman(f, alice.address, "alice"));
    await networkHelpers.time.increase(DAY);
    const t1 = await timestampOf(await registerHuman(f, bob.address, "bob"));
    await networkHelpers.time.increase(3n * DAY);
    const claimed = await claimAs(f, alice, false);
    const t2 = await timestampOf(claimed);
    const [h0, h1, h2] = [await humansShareAt(f, t0), await humansShareAt(f, t1), await humansShareAt(f, t2)];
    // Before Alice, everything went to the commons (her registration settled it there first).
    expect(await humanDividend.forwarded()).to.equal(h0);
    // Alone from t0 to t1, then one of two heads.
    const shared = h2 - h1;
    const alicePaid = h1 - h0 + shared / 2n;
    expect(eventsIn(claimed, humanDividend, "DividendClaimed").map((a) => [...a])).to.deep.equal([
      [alice.address, alice.address, alicePaid, false],
    ]);
    expect(await humanDividend.claimable(bob.address)).to.equal(shared / 2n);
    expect(await humanDividend.accruedPerHead()).to.equal(alicePaid);
    expect(await humanDividend.held()).to.equal(shared % 2n);
    // The accrual events name the heads each settlement divided by.
    const accrued = eventsIn(claimed, humanDividend, "DividendAccrued").map((a) => [...a]);
    expect(accrued).to.deep.equal([[shared, 2n]]);
  });

  it("claimable equals what claim pays in the same block", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const probe = await new DividendProbe__factory(f.deployer).deploy(f.humanDividend);
    await registerHuman(f, await probe.getAddress(), "a contract account");
    await registerHuman(f, f.alice.address, "alice");
    await networkHelpers.time.increase(7n * DAY);
    // Direct FRSV too: it is income, shared at the next settlement.
    await f.reserveToken.connect(f.bob).transfer(f.humanDividend, units("3"));
    await probe.claimAndCompare(f.carol.address);
    const paid = await probe.paid();
    expect(paid).to.be.greaterThan(units("1"));
    expect(await probe.viewed()).to.equal(paid);
    expect(await f.reserveToken.balanceOf(f.carol.address)).to.equal(units("10000") + paid);
  });

  it("pays fully backed FDC through the coin, its mint fee to the commons", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const { alice, carol, humanDividend, foundationCoin, reserveToken } = f;
    await registerHuman(f, alice.address, "alice");
    await networkHelpers.time.increase(DAY);
    const coinBefore = await foundationCoin.balanceOf(carol.address);
    const receipt = await claimAs(f, alice, true, carol.address);
    const [event] = eventsIn(receipt, humanDividend, "DividendClaimed");
    const amount = event![2] as bigint;
    expect([...event!]).to.deep.equal([alice.address, carol.address, amount, true]);
    const [coinOut, fee] = await foundationCoin.previewMint(amount);
    expect(await foundationCoin.balanceOf(carol.address)).to.equal(coinBefore + coinOut);
    const minted = eventsIn(receipt, foundationCoin, "Minted").map((a) => [...a]);
    expect(minted).to.deep.equal([[await humanDividend.getAddress(), carol.address, amount, coinOut, fee, 0n]]);
    // Fully backed after the dividend: the coin holds at least ceil(supply / RATE).
    expect(await reserveToken.balanceOf(foundationCoin)).to.be.greaterThanOrEqual(
      await foundationCoin.requiredBacking(),
    );
    expect(await humanDividend.claimable(alice.address)).to.equal(0n);
  });

  it("still pays FRSV while minting is paused; FDC waits", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const { alice, humanDividend, foundationCoin, reserveToken } = f;
    await registerHuman(f, alice.address, "alice");
    await networkHelpers.time.increase(DAY);
    await foundationCoin.pauseMinting();
    await expect(humanDividend.connect(alice).claim(alice.address, true)).to.be.revertedWithCustomError(
      foundationCoin,
      "MintingIsPaused",
    );
    const before = await reserveToken.balanceOf(alice.address);
    const receipt = await claimAs(f, alice, false);
    const paid = eventsIn(receipt, humanDividend, "DividendClaimed")[0]![2] as bigint;
    expect(paid).to.be.greaterThan(0n);
    expect(await reserveToken.balanceOf(alice.address)).to.equal(before + paid);
  });

  it("keeps what a revoked or removed human accrued, and accrues nothing more for them", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const { alice, bob, humanDividend, humanRegistry } = f;
    await registerHuman(f, alice.address, "alice");
    await registerHuman(f, bob.address, "bob");
    await networkHelpers.time.increase(DAY);
    await humanRegistry.revoke(alice.address);
    const kept = await humanDividend.claimable(alice.address);
    expect(kept).to.be.greaterThan(0n);
    await networkHelpers.time.increase(DAY);
    expect(await humanDividend.claimable(alice.address)).to.equal(kept);
    const receipt = await claimAs(f, alice, false);
    expect(eventsIn(receipt, humanDividend, "DividendClaimed")[0]![2]).to.equal(kept);
    // Bob, alone since the revocation, is still accruing.
    const bobBefore = await humanDividend.claimable(bob.address);
    await networkHelpers.time.increase(DAY);
    expect(await humanDividend.claimable(bob.address)).to.be.greaterThan(bobBefore);
  });

  it("refuses a claim of nothing, a claim to a system contract, and a head count change from anyone but the registry", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const { alice, stranger, humanDividend } = f;
    await expect(humanDividend.connect(stranger).claim(stranger.address, false))
      .to.be.revertedWithCustomError(humanDividend, "NothingToClaim")
      .withArgs(stranger.address);
    await registerHuman(f, alice.address, "alice");
    await networkHelpers.time.increase(DAY);
    const sinks = [
      ethers.ZeroAddress,
      ...(await Promise.all(
        [
          f.foundationCoin,
          f.poolRegistry,
          f.reserveToken,
          f.emission,
          f.computeRewards,
          f.humanRegistry,
          f.humanDividend,
          f.timelock,
        ].map((c) => c.getAddress()),
      )),
    ];
    for (const sink of sinks) {
      for (const asCoin of [false, true]) {
        await expect(humanDividend.connect(alice).claim(sink, asCoin))
          .to.be.revertedWithCustomError(humanDividend, "InvalidRecipient")
          .withArgs(sink);
      }
    }
    await expect(humanDividend.connect(stranger).onHeadCountChange(stranger.address, true))
      .to.be.revertedWithCustomError(humanDividend, "NotHumanRegistry")
      .withArgs(stranger.address);
  });

  it("holds income smaller than the head count until there is enough to share", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const { alice, bob, carol, humanDividend, reserveToken } = f;
    for (const [human, person] of [
      [alice, "alice"],
      [bob, "bob"],
      [carol, "carol"],
    ] as const) {
      await registerHuman(f, human.address, person);
    }
    // In one block: a settlement, then a gift of 1 base unit, then another settlement. No time
    // passes, so the second sees 1 unit of income for 3 heads: unless what was held is 2 already,
    // it is held, not lost. Six rounds, so the held path is all but certain to be taken.
    for (let round = 0; round < 6; round++) {
      await networkHelpers.time.increase(1n);
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        await humanDividend.settle();
        await reserveToken.connect(carol).transfer(humanDividend, 1n);
        const second = await humanDividend.settle();
        await networkHelpers.mine();
        await second.wait();
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const owed =
        (await humanDividend.claimable(alice.address)) +
        (await humanDividend.claimable(bob.address)) +
        (await humanDividend.claimable(carol.address));
      // Every unit the dividend holds is owed to someone or held for the next division.
      expect(await reserveToken.balanceOf(humanDividend)).to.equal(owed + (await humanDividend.held()));
      expect(await humanDividend.held()).to.be.lessThan(3n);
    }
  });

  it("conserves every unit: income = claimed + claimable + forwarded + held", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const { alice, bob, carol, humanDividend, humanRegistry, reserveToken } = f;
    await networkHelpers.time.increase(DAY);
    await registerHuman(f, alice.address, "alice");
    await networkHelpers.time.increase(DAY);
    await registerHuman(f, bob.address, "bob");
    await reserveToken.connect(carol).transfer(humanDividend, 7n);
    await networkHelpers.time.increase(DAY);
    await registerHuman(f, carol.address, "carol");
    await claimAs(f, bob, true);
    await humanRegistry.revoke(alice.address);
    await networkHelpers.time.increase(DAY);
    await humanDividend.settle();
    const owed =
      (await humanDividend.claimable(alice.address)) +
      (await humanDividend.claimable(bob.address)) +
      (await humanDividend.claimable(carol.address));
    expect(await incomeOf(f, 7n)).to.equal(
      (await humanDividend.claimed()) + owed + (await humanDividend.forwarded()) + (await humanDividend.held()),
    );
    // And the dividend holds exactly what it still owes.
    expect(await reserveToken.balanceOf(humanDividend)).to.equal(owed + (await humanDividend.held()));
  });
});
