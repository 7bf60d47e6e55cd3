import { expect } from "chai";
import { network } from "hardhat";
import type { Signer } from "ethers";
import { DividendProbe__factory, HumanDividend__factory } from "../typechain-types/index.js";
import { signCredential } from "../client/humans.js";
import { units } from "../client/foundation.js";
import { eventsIn, mined, mintedIn, splitOf } from "./helpers/books.js";
import { foundationFixture, GENESIS } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);
type Fixture = Awaited<ReturnType<typeof deploy>>;

const DAY = 86_400n;
const CAP = 21_000_000n * 10n ** 18n;
/**
 * The slowest schedule there is: a halving period of half the unissued cap makes the initial rate
 * 1 base unit a second, so the human share comes due a unit at a time (a quarter of the emission,
 * a unit every 4 seconds) and a settlement can see less income than there are heads.
 */
const slowDeploy = foundationFixture(connection, { halvingPeriod: (CAP - 3n * GENESIS) / 2n });

/**
 * The fixture (the deployer is the only issuer, in term 1) plus a second issuer, the scorer, granted
 * by the admin (term 2), and a fourth human-to-be, Dave.
 */
async function deployWithScorerFixture() {
  const f = await deploy();
  const [scorer, dave] = (await ethers.getSigners()).slice(7, 9);
  if (!scorer || !dave) throw new Error("the test chain has too few accounts");
  await f.humanRegistry.connect(f.governor).grantRole(await f.humanRegistry.ISSUER_ROLE(), scorer.address);
  return { ...f, scorer, dave };
}

/**
 * Registers (or renews) `account` as the person `person`, signed by `issuer` (the deployer, the
 * default issuer, unless given), at `at` if given.
 */
async function registerHuman(f: Fixture, account: string, person: string, at?: bigint, issuer: Signer = f.deployer) {
  const t = at ?? BigInt(await networkHelpers.time.latest()) + 1n;
  const credential = { account, nullifier: ethers.id(`person: ${person}`), expiresAt: t + 365n * DAY };
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const signature = await signCredential(issuer, { registry: f.humanRegistry, chainId }, credential);
  if (at !== undefined) await networkHelpers.time.setNextBlockTimestamp(at);
  return mined(
    f.humanRegistry.register(account, credential.nullifier, credential.expiresAt, await issuer.getAddress(), signature),
  );
}

/** Ends `issuer`'s term: the admin (the timelock) revokes its role, at `at` if given. */
async function removeIssuer(f: Fixture, issuer: string, at?: bigint) {
  if (at !== undefined) await networkHelpers.time.setNextBlockTimestamp(at);
  return mined(f.humanRegistry.connect(f.governor).revokeRole(await f.humanRegistry.ISSUER_ROLE(), issuer));
}

/** What the schedule emitted by `t` splits into, with the test's own arithmetic (`splitOf`). */
async function splitAt(f: Fixture, t: bigint) {
  const { emission } = f;
  return splitOf(await emission.emittedUntil(t), await emission.COMPUTE_SHARE_BPS(), await emission.HUMAN_SHARE_BPS());
}

/** The human share of everything the schedule emitted by `t`. */
async function humansShareAt(f: Fixture, t: bigint): Promise<bigint> {
  return (await splitAt(f, t)).toHumans;
}

async function timestampOf(receipt: { blockNumber: number }): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock(receipt.blockNumber))!.timestamp);
}

/** What `humans` may claim together. */
async function owedTo(f: Fixture, humans: Signer[]): Promise<bigint> {
  let owed = 0n;
  for (const human of humans) owed += await f.humanDividend.claimable(await human.getAddress());
  return owed;
}

/**
 * The test's own accumulator, settled where the dividend settles (before every change of the count,
 * on claims, on `settle`): each settlement shares floor((income + held) / heads) and holds the rest.
 * While nobody is registered the human share is the commons', so the income starts again at the
 * next join.
 */
class Book {
  acc = 0n;
  held = 0n;
  heads = 0n;
  counted = 0n;
  private last = 0n;

  constructor(private readonly f: Fixture) {}

  /** Settles at `t`; returns the income counted. */
  async settleAt(t: bigint): Promise<bigint> {
    const share = await humansShareAt(this.f, t);
    if (this.heads === 0n) {
      this.last = share;
      return 0n;
    }
    const income = share - this.last;
    this.last = share;
    this.counted += income;
    const pending = this.held + income;
    this.acc += pending / this.heads;
    this.held = pending % this.heads;
    return income;
  }

  /** What the next settlement at `t` would share and hold, without settling. */
  async pendingAt(t: bigint): Promise<bigint> {
    return this.held + (await humansShareAt(this.f, t)) - this.last;
  }
}

/** Every unit counted is claimed, owed to someone or held, to the wei. */
async function expectConserved(f: Fixture, humans: Signer[]) {
  const d = f.humanDividend;
  expect(await d.counted()).to.equal((await d.claimed()) + (await owedTo(f, humans)) + (await d.held()));
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
    expect(await emission.humanDividend()).to.equal(await humanDividend.getAddress());
    // Nobody registered yet: no heads, and the emission contract knows it from its start.
    expect(await humanDividend.heads()).to.equal(0n);
    expect(await emission.nobodyRegistered()).to.equal(true);
    const factory = new HumanDividend__factory(deployer);
    await expect(factory.deploy(ethers.ZeroAddress, humanRegistry)).to.be.revertedWithCustomError(
      factory,
      "InvalidSetting",
    );
    await expect(factory.deploy(emission, ethers.ZeroAddress)).to.be.revertedWithCustomError(factory, "InvalidSetting");
  });

  it("leaves the human share to the commons, second by second, while nobody is registered", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const { alice, bob, carol, emission, humanDividend, humanRegistry, poolRegistry } = f;
    await networkHelpers.time.increase(DAY);
    // A settlement with nobody registered counts nothing: the dividend is due nothing.
    const idle = await mined(humanDividend.connect(f.stranger).settle());
    const tIdle = await timestampOf(idle);
    expect(eventsIn(idle, humanDividend, "DividendAccrued")).to.have.length(0);
    expect(await humanDividend.counted()).to.equal(0n);
    const atIdle = { blockTag: idle.blockNumber };
    expect(await emission.dueTo(humanDividend, atIdle)).to.equal(0n);
    // Since the start, every second of the human share was the commons'.
    const hIdle = await humansShareAt(f, tIdle);
    expect(hIdle).to.be.greaterThan(0n);
    expect(await emission.redirectedToCommons(atIdle)).to.equal(hIdle);

    // Alice registers: the head count leaves zero, and the human share comes back from then on.
    const joined = await registerHuman(f, alice.address, "alice");
    const t0 = await timestampOf(joined);
    const h0 = await humansShareAt(f, t0);
    expect(eventsIn(joined, emission, "HumanShareRedirected").map((a) => [...a])).to.deep.equal([[false, h0]]);
    expect(await emission.nobodyRegistered()).to.equal(false);
    // Bob joins a non-empty count: the emission contract hears nothing.
    const second = await registerHuman(f, bob.address, "bob");
    expect(eventsIn(second, emission, "HumanShareRedirected")).to.have.length(0);
    await networkHelpers.time.increase(DAY);
    await humanRegistry.revoke(bob.address);
    // The count reaches zero again: from now on the commons is due the human share.
    const left = await mined(humanRegistry.revoke(alice.address));
    const t1 = await timestampOf(left);
    const h1 = await humansShareAt(f, t1);
    expect(eventsIn(left, emission, "HumanShareRedirected").map((a) => [...a])).to.deep.equal([[true, h0]]);
    expect(await emission.nobodyRegistered()).to.equal(true);
    expect(await humanDividend.counted()).to.equal(h1 - h0);

    await networkHelpers.time.increase(DAY);
    const later = await mined(humanDividend.settle());
    const t2 = await timestampOf(later);
    const h2 = await humansShareAt(f, t2);
    const atLater = { blockTag: later.blockNumber };
    // The dividend's income stopped at t1; the commons has everything before t0 and since t1.
    expect(await humanDividend.counted()).to.equal(h1 - h0);
    expect(await emission.dueTo(humanDividend, atLater)).to.equal(h1 - h0);
    expect(await emission.redirectedToCommons(atLater)).to.equal(h0 + h2 - h1);
    expect(await emission.assignedToCommons()).to.equal(0n);
    expect(await emission.recycled()).to.equal(0n);
    expect(await emission.dueTo(poolRegistry, atLater)).to.equal((await splitAt(f, t2)).toCommons + h0 + h2 - h1);
    // Alice and Bob keep what they accrued together, half each (and what the odd unit left held).
    expect((await humanDividend.claimable(alice.address)) + (await humanDividend.claimable(bob.address))).to.equal(
      h1 - h0 - (await humanDividend.held()),
    );

    // Carol's registration ends the second vacancy: it joins the first in the total redirected.
    const back = await registerHuman(f, carol.address, "carol");
    const h3 = await humansShareAt(f, await timestampOf(back));
    expect(eventsIn(back, emission, "HumanShareRedirected").map((a) => [...a])).to.deep.equal([[false, h0 + h3 - h1]]);
    expect(await emission.redirectedToCommons({ blockTag: back.blockNumber })).to.equal(h0 + h3 - h1);
  });

  it("counts the heads the registry counts: joins, renewals, revocations, expiries and issuers' term ends", async function () {
    const f = await networkHelpers.loadFixture(deployWithScorerFixture);
    const { alice, bob, carol, dave, scorer, humanDividend, humanRegistry } = f;
    const expectHeads = async (n: bigint, term1: bigint, term2: bigint) => {
      expect(await humanDividend.heads()).to.equal(n);
      expect(await humanRegistry.humanCount()).to.equal(n);
      expect([(await humanDividend.termHeads(1n))[0], (await humanDividend.termHeads(2n))[0]]).to.deep.equal([
        term1,
        term2,
      ]);
    };
    await registerHuman(f, alice.address, "alice");
    await expectHeads(1n, 1n, 0n);
    await registerHuman(f, bob.address, "bob");
    await expectHeads(2n, 2n, 0n);
    // A renewal is the same head, in the same term; another issuer's renewal is refused and moves
    // no head.
    await networkHelpers.time.increase(DAY);
    await registerHuman(f, alice.address, "alice");
    await expectHeads(2n, 2n, 0n);
    await expect(registerHuman(f, alice.address, "alice", undefined, scorer))
      .to.be.revertedWithCustomError(humanRegistry, "AnotherIssuersPerson")
      .withArgs(ethers.id("person: alice"), f.deployer.address);
    await expectHeads(2n, 2n, 0n);
    await humanRegistry.revoke(bob.address);
    await expectHeads(1n, 1n, 0n);
    await registerHuman(f, carol.address, "carol", undefined, scorer);
    await registerHuman(f, dave.address, "dave");
    await expectHeads(3n, 2n, 1n);
    // The scorer's term ends: its head leaves at once.
    const ended = await mined(humanRegistry.connect(scorer).renounceRole(await humanRegistry.ISSUER_ROLE(), scorer));
    expect(eventsIn(ended, humanDividend, "TermEnded").map((a) => [...a])).to.deep.equal([[2n, 1n]]);
    await expectHeads(2n, 2n, 1n);
    expect([...(await humanDividend.termHeads(2n))]).to.deep.equal([1n, true]);
    // Carol's registration ended with the term: the deployer registers her anew, a head in its term.
    await registerHuman(f, carol.address, "carol");
    await expectHeads(3n, 3n, 1n);
    expect(await humanRegistry.issuerOf(carol.address)).to.equal(f.deployer.address);
    await networkHelpers.time.increase(367n * DAY);
    for (const human of [alice, carol, dave]) await humanRegistry.removeExpired(human.address);
    await expectHeads(0n, 0n, 1n);
    expect(await f.emission.nobodyRegistered()).to.equal(true);
  });

  it("shares the human share equally per registered second", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const { alice, bob, humanDividend, emission } = f;
    await networkHelpers.time.increase(DAY);
    const t0 = await timestampOf(await registerHuman(f, alice.address, "alice"));
    await networkHelpers.time.increase(DAY);
    const t1 = await timestampOf(await registerHuman(f, bob.address, "bob"));
    await networkHelpers.time.increase(3n * DAY);
    const claimed = await claimAs(f, alice, false);
    const t2 = await timestampOf(claimed);
    // humans = floor((E - compute) × h / (10000 - c)) at each moment, by the test's own arithmetic.
    const [h0, h1, h2] = [await humansShareAt(f, t0), await humansShareAt(f, t1), await humansShareAt(f, t2)];
    // Before Alice, the human share was the commons'.
    expect(await emission.redirectedToCommons()).to.equal(h0);
    expect(await humanDividend.counted()).to.equal(h2 - h0);
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
    const tp = await timestampOf(await registerHuman(f, await probe.getAddress(), "a contract account"));
    const ta = await timestampOf(await registerHuman(f, f.alice.address, "alice"));
    await networkHelpers.time.increase(7n * DAY);
    // FRSV sent to the dividend is not income: it changes nothing the probe is paid.
    await f.reserveToken.connect(f.bob).transfer(f.humanDividend, units("3"));
    const tc = await timestampOf(await mined(probe.claimAndCompare(f.carol.address)));
    const [hp, ha, hc] = [await humansShareAt(f, tp), await humansShareAt(f, ta), await humansShareAt(f, tc)];
    // Alone from tp to ta, then one of two heads.
    const expected = ha - hp + (hc - ha) / 2n;
    expect(await probe.paid()).to.equal(expected);
    expect(await probe.viewed()).to.equal(expected);
    expect(await f.reserveToken.balanceOf(f.carol.address)).to.equal(GENESIS + expected);
    expect(await f.reserveToken.balanceOf(f.humanDividend)).to.equal(units("3"));
  });

  it("pays fully backed FDC through the coin, its mint fee to the commons", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const { alice, carol, humanDividend, foundationCoin, reserveToken, emission } = f;
    const t0 = await timestampOf(await registerHuman(f, alice.address, "alice"));
    await networkHelpers.time.increase(DAY);
    const coinBefore = await foundationCoin.balanceOf(carol.address);
    const receipt = await claimAs(f, alice, true, carol.address);
    // Alone all along: the whole human share since she registered.
    const amount = (await humansShareAt(f, await timestampOf(receipt))) - (await humansShareAt(f, t0));
    const dividend = await humanDividend.getAddress();
    expect(eventsIn(receipt, humanDividend, "DividendClaimed").map((a) => [...a])).to.deep.equal([
      [alice.address, carol.address, amount, true],
    ]);
    // Minted to the dividend, which mints FDC with it at once and keeps nothing.
    expect(eventsIn(receipt, emission, "Drawn").map((a) => [...a])).to.deep.equal([[dividend, dividend, amount]]);
    expect(mintedIn(receipt, reserveToken)).to.equal(amount);
    expect(await reserveToken.balanceOf(humanDividend)).to.equal(0n);
    expect(await emission.spentBy(humanDividend)).to.equal(amount);
    const [coinOut, fee] = await foundationCoin.previewMint(amount);
    expect(await foundationCoin.balanceOf(carol.address)).to.equal(coinBefore + coinOut);
    const minted = eventsIn(receipt, foundationCoin, "Minted").map((a) => [...a]);
    expect(minted).to.deep.equal([[dividend, carol.address, amount, coinOut, fee, 0n]]);
    // Fully backed after the dividend: the coin holds at least ceil(supply / RATE).
    expect(await reserveToken.balanceOf(foundationCoin)).to.be.greaterThanOrEqual(
      await foundationCoin.requiredBacking(),
    );
    expect(await humanDividend.claimable(alice.address)).to.equal(0n);
  });

  it("still pays FRSV while minting is paused; FDC waits", async function () {
    const f = await networkHelpers.loadFixture(deploy);
    const { alice, humanDividend, foundationCoin, reserveToken, emission } = f;
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
    // Minted by the emission contract straight to her.
    expect(eventsIn(receipt, emission, "Drawn").map((a) => [...a])).to.deep.equal([
      [await humanDividend.getAddress(), alice.address, paid],
    ]);
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
    // Only the registry reports joins, leaves and term ends: not a stranger, not an issuer, not
    // even the admin.
    for (const caller of [stranger, f.deployer, f.governor]) {
      const calls = [
        () => humanDividend.connect(caller).onJoin(stranger.address, 1n),
        () => humanDividend.connect(caller).onLeave(alice.address),
        () => humanDividend.connect(caller).onTermEnd(1n),
      ];
      for (const call of calls) {
        await expect(call()).to.be.revertedWithCustomError(humanDividend, "NotHumanRegistry").withArgs(caller.address);
      }
    }
    expect(await humanDividend.heads()).to.equal(1n);
    expect([...(await humanDividend.termHeads(1n))]).to.deep.equal([1n, false]);
  });

  it("holds income smaller than the head count until there is enough to share", async function () {
    // A unit of the human share every 4 seconds, over 3 heads: most settlements see 0 or 1 unit.
    const f = await networkHelpers.loadFixture(slowDeploy);
    const { alice, bob, carol, humanDividend } = f;
    expect(await f.emission.INITIAL_RATE()).to.equal(1n);
    const humans = [alice, bob, carol];
    // The test's own book: each settlement shares floor((income + held) / heads) and holds the rest.
    // The dividend is due the human share since the count left zero (before, it was the commons').
    let [acc, held, counted, heads, since] = [0n, 0n, 0n, 0n, 0n];
    const settleAt = async (t: bigint) => {
      if (heads === 0n) return 0n;
      const income = (await humansShareAt(f, t)) - since - counted;
      counted += income;
      const pending = held + income;
      if (pending < heads) {
        held = pending;
      } else {
        acc += pending / heads;
        held = pending % heads;
      }
      return income;
    };
    for (const [i, human] of humans.entries()) {
      const t = await timestampOf(await registerHuman(f, human.address, `human ${i}`));
      if (i === 0) since = await humansShareAt(f, t);
      await settleAt(t);
      heads += 1n;
    }
    let heldWithNewIncome = 0;
    let sharedAfterHolding = 0;
    for (let round = 0; round < 16; round++) {
      const heldBefore = held;
      const receipt = await mined(humanDividend.settle());
      const income = await settleAt(await timestampOf(receipt));
      expect(income).to.be.lessThanOrEqual(1n);
      if (income !== 0n && held === heldBefore + income) heldWithNewIncome++;
      if (heldBefore !== 0n && held < heldBefore) sharedAfterHolding++;
      expect(eventsIn(receipt, humanDividend, "DividendAccrued").map((a) => [...a])).to.deep.equal(
        income === 0n ? [] : [[income, 3n]],
      );
      expect(await humanDividend.held(), `round ${round}`).to.equal(held);
      expect(await humanDividend.accruedPerHead(), `round ${round}`).to.equal(acc);
      expect(await humanDividend.counted(), `round ${round}`).to.equal(counted);
      expect(held).to.be.lessThan(3n);
      // Every unit counted is owed to someone or held for the next division.
      expect(await owedTo(f, humans)).to.equal(counted - held);
    }
    // Both paths were taken: income held below the head count, and shared once enough arrived.
    expect(heldWithNewIncome).to.be.greaterThan(0);
    expect(sharedAfterHolding).to.be.greaterThan(0);
  });

  it("conserves every unit: counted = claimed + Σ claimable + held", async function () {
    const f = await networkHelpers.loadFixture(deployWithScorerFixture);
    const { alice, bob, carol, dave, scorer, humanDividend, humanRegistry, reserveToken, emission } = f;
    await networkHelpers.time.increase(DAY);
    const ta = await timestampOf(await registerHuman(f, alice.address, "alice"));
    await networkHelpers.time.increase(DAY);
    await registerHuman(f, bob.address, "bob");
    // FRSV sent to the dividend is not income.
    await reserveToken.connect(carol).transfer(humanDividend, 7n);
    await networkHelpers.time.increase(DAY);
    await registerHuman(f, carol.address, "carol");
    await registerHuman(f, dave.address, "dave", undefined, scorer);
    await claimAs(f, bob, true);
    await humanRegistry.revoke(alice.address);
    await networkHelpers.time.increase(DAY);
    // The scorer's term ends: Dave stops where it ended, and claims it later.
    await removeIssuer(f, scorer.address);
    await networkHelpers.time.increase(DAY);
    await claimAs(f, dave, false);
    const settled = await mined(humanDividend.settle());
    // Somebody was registered all along since Alice: the dividend counted the human share since then.
    const counted = (await humansShareAt(f, await timestampOf(settled))) - (await humansShareAt(f, ta));
    expect(await humanDividend.counted()).to.equal(counted);
    expect(await emission.dueTo(humanDividend, { blockTag: settled.blockNumber })).to.equal(counted);
    expect(await humanDividend.claimable(dave.address)).to.equal(0n);
    const owed = await owedTo(f, [alice, bob, carol, dave]);
    const claimed = await humanDividend.claimed();
    expect(counted).to.equal(claimed + owed + (await humanDividend.held()));
    // What was claimed was minted by the emission contract; the dividend holds only the gift.
    expect(await emission.spentBy(humanDividend)).to.equal(claimed);
    expect(await reserveToken.balanceOf(humanDividend)).to.equal(7n);
  });

  describe("issuers' terms", function () {
    it("stops the heads of an ended term at the accumulator of its end; other issuers' heads keep accruing", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { alice, bob, carol, deployer, scorer, humanDividend, humanRegistry } = f;
      const book = new Book(f);
      // Alice and Carol by the deployer (term 1), Bob by the scorer (term 2).
      await book.settleAt(await timestampOf(await registerHuman(f, alice.address, "alice")));
      book.heads = 1n;
      await networkHelpers.time.increase(DAY);
      await book.settleAt(await timestampOf(await registerHuman(f, bob.address, "bob", undefined, scorer)));
      book.heads = 2n;
      const bobFrom = book.acc;
      await networkHelpers.time.increase(DAY);
      await book.settleAt(await timestampOf(await registerHuman(f, carol.address, "carol")));
      book.heads = 3n;
      const carolFrom = book.acc;
      await networkHelpers.time.increase(DAY);

      // The timelock removes the deployer: its two heads leave the count, settled first.
      const ended = await removeIssuer(f, deployer.address);
      const tEnd = await timestampOf(ended);
      const income = await book.settleAt(tEnd);
      book.heads = 1n;
      const atEnd = book.acc;
      expect(eventsIn(ended, humanRegistry, "IssuerTermEnded").map((a) => [...a])).to.deep.equal([
        [deployer.address, 1n, 2n],
      ]);
      expect(eventsIn(ended, humanDividend, "DividendAccrued").map((a) => [...a])).to.deep.equal([[income, 3n]]);
      expect(eventsIn(ended, humanDividend, "TermEnded").map((a) => [...a])).to.deep.equal([[1n, 2n]]);
      expect(await humanDividend.accruedPerHead()).to.equal(atEnd);
      expect(await humanDividend.held()).to.equal(book.held);
      expect(await humanDividend.heads()).to.equal(1n);
      expect([...(await humanDividend.termHeads(1n))]).to.deep.equal([2n, true]);
      expect([...(await humanDividend.termHeads(2n))]).to.deep.equal([1n, false]);
      const frozen = [atEnd, atEnd - carolFrom];
      expect([
        await humanDividend.claimable(alice.address),
        await humanDividend.claimable(carol.address),
      ]).to.deep.equal(frozen);
      expect(await humanDividend.claimable(bob.address)).to.equal(atEnd - bobFrom);

      // A day later: Alice's and Carol's claims have not moved; Bob, alone, has all the income.
      await networkHelpers.time.increase(DAY);
      const settled = await mined(humanDividend.settle());
      const later = await book.settleAt(await timestampOf(settled));
      expect(eventsIn(settled, humanDividend, "DividendAccrued").map((a) => [...a])).to.deep.equal([[later, 1n]]);
      expect([
        await humanDividend.claimable(alice.address),
        await humanDividend.claimable(carol.address),
      ]).to.deep.equal(frozen);
      expect(await humanDividend.claimable(bob.address)).to.equal(book.acc - bobFrom);
      expect(book.acc - atEnd).to.be.greaterThan(0n);
      expect(await humanDividend.counted()).to.equal(book.counted);
      expect(await humanDividend.held()).to.equal(0n);
      await expectConserved(f, [alice, bob, carol]);

      // Alice claims exactly what she had at the term's end, and once only.
      const claimed = await claimAs(f, alice, false);
      expect(eventsIn(claimed, humanDividend, "DividendClaimed").map((a) => [...a])).to.deep.equal([
        [alice.address, alice.address, atEnd, false],
      ]);
      await book.settleAt(await timestampOf(claimed));
      expect(await humanDividend.claimable(alice.address)).to.equal(0n);
      await expect(humanDividend.connect(alice).claim(alice.address, false))
        .to.be.revertedWithCustomError(humanDividend, "NothingToClaim")
        .withArgs(alice.address);
      expect(await humanDividend.claimable(carol.address)).to.equal(atEnd - carolFrom);
      await expectConserved(f, [alice, bob, carol]);
    });

    it("keeps a renewed head in its issuer's term without settling; another issuer's renewal is refused, so the term's end stops it", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { alice, bob, deployer, scorer, humanDividend, humanRegistry } = f;
      const book = new Book(f);
      await book.settleAt(await timestampOf(await registerHuman(f, alice.address, "alice")));
      book.heads = 1n;
      await networkHelpers.time.increase(DAY);
      await book.settleAt(await timestampOf(await registerHuman(f, bob.address, "bob")));
      book.heads = 2n;
      const bobFrom = book.acc;
      await networkHelpers.time.increase(DAY);
      // The deployer renews Alice: the same head in term 1; the count is the same, nothing is settled.
      const counted = await humanDividend.counted();
      const renewed = await registerHuman(f, alice.address, "alice");
      expect(eventsIn(renewed, humanRegistry, "HumanRenewed").map((a) => [...a])).to.deep.equal([
        [alice.address, ethers.id("person: alice"), await humanRegistry.expiresAt(alice.address), deployer.address],
      ]);
      expect(eventsIn(renewed, humanDividend, "DividendAccrued")).to.have.length(0);
      expect(await humanDividend.counted()).to.equal(counted);
      // The scorer's renewal is refused: Alice's head stays in term 1.
      await expect(registerHuman(f, alice.address, "alice", undefined, scorer))
        .to.be.revertedWithCustomError(humanRegistry, "AnotherIssuersPerson")
        .withArgs(ethers.id("person: alice"), deployer.address);
      expect(await humanDividend.counted()).to.equal(counted);
      expect([...(await humanDividend.termHeads(1n))]).to.deep.equal([2n, false]);
      expect([...(await humanDividend.termHeads(2n))]).to.deep.equal([0n, false]);
      await networkHelpers.time.increase(DAY);
      const ended = await removeIssuer(f, deployer.address);
      await book.settleAt(await timestampOf(ended));
      book.heads = 0n;
      const atEnd = book.acc;
      expect(eventsIn(ended, humanDividend, "TermEnded").map((a) => [...a])).to.deep.equal([[1n, 2n]]);
      expect(eventsIn(ended, humanRegistry, "IssuerTermEnded").map((a) => [...a])).to.deep.equal([
        [deployer.address, 1n, 2n],
      ]);
      // Both stopped at the term's end, Alice renewed or not.
      await networkHelpers.time.increase(DAY);
      await mined(humanDividend.settle());
      expect(await humanDividend.claimable(alice.address)).to.equal(atEnd);
      expect(await humanDividend.claimable(bob.address)).to.equal(atEnd - bobFrom);
      expect(await humanDividend.heads()).to.equal(0n);
      await expectConserved(f, [alice, bob]);
    });

    it("pays a head that returns after its term ended what it accrued to the end, and nothing of the time away", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { alice, bob, deployer, scorer, humanDividend } = f;
      const book = new Book(f);
      await book.settleAt(await timestampOf(await registerHuman(f, alice.address, "alice")));
      book.heads = 1n;
      await networkHelpers.time.increase(DAY);
      await book.settleAt(await timestampOf(await registerHuman(f, bob.address, "bob", undefined, scorer)));
      book.heads = 2n;
      const bobFrom = book.acc;
      await networkHelpers.time.increase(DAY);
      await book.settleAt(await timestampOf(await removeIssuer(f, deployer.address)));
      book.heads = 1n;
      const atEnd = book.acc;
      await networkHelpers.time.increase(DAY);
      // The scorer registers Alice again (the same person, a later credential): a new head in term 2.
      await book.settleAt(await timestampOf(await registerHuman(f, alice.address, "alice", undefined, scorer)));
      book.heads = 2n;
      const rejoined = book.acc;
      expect(await humanDividend.claimable(alice.address)).to.equal(atEnd);
      expect([...(await humanDividend.termHeads(2n))]).to.deep.equal([2n, false]);
      await networkHelpers.time.increase(DAY);
      const claimed = await claimAs(f, alice, false);
      await book.settleAt(await timestampOf(claimed));
      const paid = atEnd + (book.acc - rejoined);
      expect(eventsIn(claimed, humanDividend, "DividendClaimed").map((a) => [...a])).to.deep.equal([
        [alice.address, alice.address, paid, false],
      ]);
      // Bob, registered all along, had the whole income while Alice was away.
      expect(await humanDividend.claimable(bob.address)).to.equal(book.acc - bobFrom);
      expect(await humanDividend.held()).to.equal(book.held);
      await expectConserved(f, [alice, bob]);
    });

    it("takes the count to zero at a term's end: the human share goes to the commons, the held remainder to whoever registers next", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { alice, bob, carol, dave, deployer, scorer, emission, humanDividend, humanRegistry } = f;
      const humans = [alice, bob, carol, dave];
      const book = new Book(f);
      const tA = await timestampOf(await registerHuman(f, alice.address, "alice"));
      await book.settleAt(tA);
      book.heads = 1n;
      const hA = await humansShareAt(f, tA);
      await book.settleAt(await timestampOf(await registerHuman(f, bob.address, "bob")));
      book.heads = 2n;
      const bobFrom = book.acc;
      await book.settleAt(await timestampOf(await registerHuman(f, carol.address, "carol")));
      book.heads = 3n;
      const carolFrom = book.acc;
      // The three heads end together, in a second chosen so that their division leaves a remainder.
      let tEnd = BigInt(await networkHelpers.time.latest()) + DAY;
      while ((await book.pendingAt(tEnd)) % 3n === 0n) tEnd += 1n;
      const ended = await removeIssuer(f, deployer.address, tEnd);
      const income = await book.settleAt(tEnd);
      book.heads = 0n;
      const [atEnd, remainder] = [book.acc, book.held];
      expect(remainder).to.be.oneOf([1n, 2n]);
      const hEnd = await humansShareAt(f, tEnd);
      expect(eventsIn(ended, humanRegistry, "IssuerTermEnded").map((a) => [...a])).to.deep.equal([
        [deployer.address, 1n, 3n],
      ]);
      expect(eventsIn(ended, humanDividend, "DividendAccrued").map((a) => [...a])).to.deep.equal([[income, 3n]]);
      expect(eventsIn(ended, humanDividend, "TermEnded").map((a) => [...a])).to.deep.equal([[1n, 3n]]);
      // Nobody is registered: the human share goes to the commons from now on.
      expect(eventsIn(ended, emission, "HumanShareRedirected").map((a) => [...a])).to.deep.equal([[true, hA]]);
      expect(await emission.nobodyRegistered()).to.equal(true);
      expect(await humanDividend.heads()).to.equal(0n);
      expect(await humanRegistry.humanCount()).to.equal(0n);
      expect(await humanDividend.held()).to.equal(remainder);
      expect(await humanDividend.counted()).to.equal(hEnd - hA);
      const frozen = [atEnd, atEnd - bobFrom, atEnd - carolFrom];
      const claimables = async () =>
        Promise.all([alice, bob, carol].map(async (h) => humanDividend.claimable(await h.getAddress())));
      expect(await claimables()).to.deep.equal(frozen);
      await expectConserved(f, humans);

      // A day later: nothing came due to the dividend; the commons had all of it; the remainder waits.
      await networkHelpers.time.increase(DAY);
      const idle = await mined(humanDividend.settle());
      const tIdle = await timestampOf(idle);
      expect(eventsIn(idle, humanDividend, "DividendAccrued")).to.have.length(0);
      expect(await humanDividend.counted()).to.equal(hEnd - hA);
      expect(await humanDividend.held()).to.equal(remainder);
      expect(await emission.dueTo(humanDividend, { blockTag: idle.blockNumber })).to.equal(hEnd - hA);
      expect(await emission.redirectedToCommons({ blockTag: idle.blockNumber })).to.equal(
        hA + (await humansShareAt(f, tIdle)) - hEnd,
      );
      expect(await claimables()).to.deep.equal(frozen);

      // Dave registers (with the scorer): the human share comes back, and the remainder is his.
      const joined = await registerHuman(f, dave.address, "dave", undefined, scorer);
      const tD = await timestampOf(joined);
      await book.settleAt(tD);
      book.heads = 1n;
      const hD = await humansShareAt(f, tD);
      expect(eventsIn(joined, humanDividend, "DividendAccrued")).to.have.length(0);
      expect(eventsIn(joined, emission, "HumanShareRedirected").map((a) => [...a])).to.deep.equal([
        [false, hA + hD - hEnd],
      ]);
      expect(await emission.nobodyRegistered()).to.equal(false);
      expect(await humanDividend.claimable(dave.address, { blockTag: joined.blockNumber })).to.equal(remainder);
      await networkHelpers.time.increase(DAY);
      const claimed = await claimAs(f, dave, false);
      const tC = await timestampOf(claimed);
      const daveIncome = await book.settleAt(tC);
      expect(daveIncome).to.equal((await humansShareAt(f, tC)) - hD);
      expect(eventsIn(claimed, humanDividend, "DividendAccrued").map((a) => [...a])).to.deep.equal([[daveIncome, 1n]]);
      expect(eventsIn(claimed, humanDividend, "DividendClaimed").map((a) => [...a])).to.deep.equal([
        [dave.address, dave.address, remainder + daveIncome, false],
      ]);
      expect(await humanDividend.held()).to.equal(0n);
      expect(await humanDividend.counted()).to.equal(hEnd - hA + daveIncome);
      expect(await humanDividend.counted()).to.equal(book.counted);
      expect(await claimables()).to.deep.equal(frozen);
      await expectConserved(f, humans);
    });
  });

  describe("forwardSurplus", function () {
    it("sends FRSV sent to the dividend to the emission contract: it is not income", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { alice, carol, humanDividend, reserveToken, emission } = f;
      // Nothing is ever held here: nothing to forward.
      expect(await humanDividend.forwardSurplus.staticCall()).to.equal(0n);
      expect((await mined(humanDividend.forwardSurplus())).logs).to.have.length(0);
      const t0 = await timestampOf(await registerHuman(f, alice.address, "alice"));
      await reserveToken.connect(carol).transfer(humanDividend, units("5"));
      const settled = await mined(humanDividend.settle());
      // Alice's income is the human share since she registered, not a unit of the gift.
      const income = (await humansShareAt(f, await timestampOf(settled))) - (await humansShareAt(f, t0));
      expect(await humanDividend.counted()).to.equal(income);
      expect(await humanDividend.claimable(alice.address)).to.equal(income);
      const atEmission = await reserveToken.balanceOf(emission);
      const forwarded = await mined(humanDividend.connect(f.stranger).forwardSurplus());
      expect(eventsIn(forwarded, humanDividend, "SurplusForwarded").map((a) => [...a])).to.deep.equal([[units("5")]]);
      await expect(forwarded)
        .to.emit(reserveToken, "Transfer")
        .withArgs(await humanDividend.getAddress(), await emission.getAddress(), units("5"));
      expect(await reserveToken.balanceOf(humanDividend)).to.equal(0n);
      expect(await reserveToken.balanceOf(emission)).to.equal(atEmission + units("5"));
      // Not the dividend's spending: recycled, it becomes due to the commons.
      expect(await emission.spentBy(humanDividend)).to.equal(0n);
      const recycled = await emission.recycled();
      await expect(emission.recycle())
        .to.emit(emission, "Recycled")
        .withArgs(atEmission + units("5"), recycled + atEmission + units("5"));
    });
  });
});
