import { expect } from "chai";
import hre, { network } from "hardhat";
import { units } from "../client/foundation.js";
import { foundationFixture } from "./helpers/fixture.js";
import { eventsIn, mined, splitOf } from "./helpers/books.js";
import { attest, computeFixture, EPOCH, WINDOW, REVIEW } from "./helpers/compute.js";
import { settlementGasLimit } from "../client/gas.js";

/**
 * The third review's findings on promise 4 (new reserve by the rules of its moment), each with the
 * review's own numbers: on 0a02faa a pool approved late was paid part of reserve emitted before its
 * approval, depending on who called what when; a single approval took everything held at total
 * weight zero; views promised a unit more than claims paid; empty epochs needed a transaction each;
 * a claim's gas jumped when emission fell due. The review's setup: the test fixture (three holders
 * with 10,000 FRSV at genesis) with one-hour epochs, a 30-minute window and a one-day claim period
 * (and, since issue 16, a 30-minute review period after the window), so an epoch's budget is 149.512 FRSV.
 */
const connection = await network.create();
const { ethers, networkHelpers } = connection;
const HOUR = 3_600n;
const DAY = 86_400n;
const SCALE = 10n ** 12n;

const base = foundationFixture(connection, {
  epochLength: HOUR,
  submissionWindow: HOUR / 2n,
  reviewPeriod: HOUR / 2n,
  claimPeriod: DAY,
});

/** Pools 1 (weight 100) and 2 (weight 300) curated together; pool 3 proposed, to be approved late. */
async function lateApprovalFixture() {
  const f = await base();
  await f.poolRegistry.propose("Cancer research", "ipfs://cancer", f.cancerLab.address);
  await f.poolRegistry.propose("Autism education", "ipfs://school", f.schoolLab.address);
  await f.poolRegistry.propose("Late pool", "ipfs://late", f.stranger.address);
  await f.poolRegistry.curate([1n, 2n], [100n, 300n]);
  return f;
}

/** Pools 1 and 2 proposed, none approved: the total weight is zero. */
async function zeroWeightFixture() {
  const f = await base();
  await f.poolRegistry.propose("Tiny", "ipfs://tiny", f.cancerLab.address);
  await f.poolRegistry.propose("Huge", "ipfs://huge", f.schoolLab.address);
  return f;
}

type Fixture = Awaited<ReturnType<typeof lateApprovalFixture>>;

async function latestTime(): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
}

/** What the commons' share and the human share (nobody is registered) of the schedule were at `t`. */
async function commonsIncomeAt(f: Fixture, t: bigint): Promise<bigint> {
  const { toHumans, toCommons } = splitOf(
    await f.emission.emittedUntil(t),
    await f.emission.COMPUTE_SHARE_BPS(),
    await f.emission.HUMAN_SHARE_BPS(),
  );
  return toHumans + toCommons;
}

/** Runs `steps` on a copy of the chain and returns what it gave back, then restores the chain. */
/** Sends `steps` (transactions only) and mines them all in one block. */
async function inOneBlock(steps: () => Promise<unknown>): Promise<void> {
  await ethers.provider.send("evm_setAutomine", [false]);
  try {
    await steps();
    await networkHelpers.mine();
  } finally {
    await ethers.provider.send("evm_setAutomine", [true]);
  }
}

async function onACopy<T>(steps: () => Promise<T>): Promise<T> {
  const snapshot = (await ethers.provider.send("evm_snapshot", [])) as string;
  try {
    return await steps();
  } finally {
    await ethers.provider.send("evm_revert", [snapshot]);
  }
}

describe("New reserve by the rules of its moment (the third review's findings)", function () {
  describe("epochs nobody reported", function () {
    it("hand their budgets (47 epochs: 7,027.079 FRSV) to the pools of the moment they became final: a pool approved after gets none of it, whoever settles when", async function () {
      const f = await networkHelpers.loadFixture(lateApprovalFixture);
      const start = await f.computeRewards.START();
      // Epochs 0 to 46 end and their windows and reviews close: 47 epochs final, none reported.
      await networkHelpers.time.increaseTo(start + 48n * HOUR + 1n);
      let budgets = 0n;
      for (let epoch = 0n; epoch < 47n; epoch++) budgets += await f.computeRewards.epochBudget(epoch);
      expect(budgets).to.equal(units("7027.079055441478371"));
      expect(await f.computeRewards.dueToCommons()).to.equal(budgets);

      // On 0a02faa the late pool (weight 400 of 800) was paid 3,514.028 FRSV of these budgets when
      // someone swept them after its approval, and nothing when before. Now every order pays it the
      // same: nothing of them, nor of anything else that came before its approval.
      const orders: Record<string, (f: Fixture) => Promise<unknown>> = {
        "approve, then settle": async (g) => {
          await g.poolRegistry.approve(3n, 400n);
          await g.poolRegistry.settle();
        },
        "settle, then approve": async (g) => {
          await g.poolRegistry.settle();
          await g.poolRegistry.approve(3n, 400n);
        },
        "hand over the budgets, then approve": async (g) => {
          await g.computeRewards.settleCommons();
          await g.poolRegistry.approve(3n, 400n);
        },
        "approve, then hand over the budgets, then settle": async (g) => {
          await g.poolRegistry.approve(3n, 400n);
          await g.computeRewards.settleCommons();
          await g.poolRegistry.settle();
        },
      };
      for (const [order, steps] of Object.entries(orders)) {
        const seen = await onACopy(async () => {
          await ethers.provider.send("evm_setAutomine", [false]);
          try {
            await steps(f);
            await networkHelpers.mine();
          } finally {
            await ethers.provider.send("evm_setAutomine", [true]);
          }
          return {
            late: await f.poolRegistry.claimable(3n),
            first: await f.poolRegistry.owedScaled(1n),
            second: await f.poolRegistry.owedScaled(2n),
          };
        });
        expect(seen.late, order).to.equal(0n);
        // The two pools of that moment share everything 100:300, the budgets included.
        const income = (await commonsIncomeAt(f, (await latestTime()) + 1n)) + budgets;
        const owed = (seen.first + seen.second) / SCALE;
        expect(owed, order).to.be.within(income - 2n, income);
        const gap = seen.first * 3n - seen.second;
        expect(gap < 0n ? -gap : gap, order).to.be.lte(3n * 300n);
      }
    });

    it("reach the commons without a transaction per epoch: a year of one-day epochs in one settlement", async function () {
      const f = await networkHelpers.loadFixture(foundationFixture(connection));
      await f.poolRegistry.propose("Pool", "ipfs://pool", f.cancerLab.address);
      await f.poolRegistry.curate([1n], [1n]);
      // A year and a half: 544 daily epochs are final (the window and the review are two days each), nobody reported.
      await networkHelpers.time.increase(548n * DAY);
      const receipt = await mined(f.poolRegistry.settle());
      const [handed] = eventsIn(receipt, f.computeRewards, "UnreportedToCommons");
      const finalEpochs = handed![0] as bigint;
      expect(finalEpochs).to.be.greaterThan(365n);
      let budgets = 0n;
      for (let epoch = 0n; epoch < finalEpochs; epoch++) budgets += await f.computeRewards.epochBudget(epoch);
      expect(handed![1]).to.equal(budgets);
      expect(await f.computeRewards.unreportedToCommons()).to.equal(budgets);
      // No loop over the epochs: the whole settlement costs what one epoch's would.
      expect(receipt.gasUsed).to.be.lessThan(200_000n);
    });
  });

  describe("the human share while nobody is registered", function () {
    it("goes to the pools of each second (30 days: 53,824.435 FRSV): a pool approved after gets none of it", async function () {
      const f = await networkHelpers.loadFixture(lateApprovalFixture);
      const curatedAt = await latestTime();
      await networkHelpers.time.increaseTo((await f.emission.START()) + 30n * DAY);
      const humanBps = await f.emission.HUMAN_SHARE_BPS();
      const computeBps = await f.emission.COMPUTE_SHARE_BPS();
      const thirtyDays = splitOf(
        await f.emission.emittedUntil((await f.emission.START()) + 30n * DAY),
        computeBps,
        humanBps,
      );
      expect(thirtyDays.toHumans).to.equal(units("53824.43531827515348"));
      // On 0a02faa the dividend forwarded this only when someone settled it: settled after the late
      // pool's approval, 26,912.41 FRSV of it went to that pool. Now it is the commons' as emitted.
      for (const settleFirst of [false, true]) {
        const late = await onACopy(async () => {
          if (settleFirst) await f.humanDividend.settle();
          await f.poolRegistry.approve(3n, 400n);
          await f.humanDividend.settle();
          await f.poolRegistry.settle();
          const approvedAt = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
          return { claimable: await f.poolRegistry.claimable(3n), approvedAt };
        });
        // Pool 3 has only its half of the seconds since its approval (two settlements later).
        const since = (await commonsIncomeAt(f, late.approvedAt)) - (await commonsIncomeAt(f, late.approvedAt - 2n));
        expect(late.claimable).to.be.lte(since / 2n);
      }
      expect(await f.emission.redirectedToCommons()).to.equal(
        splitOf(await f.emission.emittedUntil(await latestTime()), computeBps, humanBps).toHumans,
      );
      expect(curatedAt).to.be.greaterThan(0n);
    });
  });

  describe("income while no pool has weight", function () {
    it("waits for the curation that ends it (10 days: 17,941.478 FRSV) and goes by its weights; one pool approved alone cannot take it", async function () {
      const f = await networkHelpers.loadFixture(zeroWeightFixture);
      await networkHelpers.time.increaseTo((await f.emission.START()) + 10n * DAY);
      const { toCommons } = splitOf(
        await f.emission.emittedUntil((await f.emission.START()) + 10n * DAY),
        await f.emission.COMPUTE_SHARE_BPS(),
        await f.emission.HUMAN_SHARE_BPS(),
      );
      expect(toCommons).to.equal(units("17941.47843942505116"));
      // On 0a02faa approving the weight-1 pool first gave it all 17,941.8 FRSV held.
      await expect(f.poolRegistry.approve(1n, 1n))
        .to.be.revertedWithCustomError(f.poolRegistry, "WeightFromZeroNeedsCurate")
        .withArgs(1n, 1n);
      await f.poolRegistry.approve(1n, 0n); // a zero weight ends nothing
      await expect(f.poolRegistry.setWeight(1n, 1n))
        .to.be.revertedWithCustomError(f.poolRegistry, "WeightFromZeroNeedsCurate")
        .withArgs(1n, 1n);
      await f.poolRegistry.curate([1n, 2n], [1n, 1_000_000n]);
      // With the budgets of the compute epochs that became final meanwhile, nobody having reported.
      const income = (await commonsIncomeAt(f, await latestTime())) + (await f.computeRewards.unreportedToCommons());
      const tiny = await f.poolRegistry.claimable(1n);
      const huge = await f.poolRegistry.claimable(2n);
      expect(tiny).to.be.within(income / 1_000_001n - 1n, income / 1_000_001n);
      expect(huge).to.be.within((income * 1_000_000n) / 1_000_001n - 1n, (income * 1_000_000n) / 1_000_001n);
    });
  });

  describe("views", function () {
    it("never promise more than a claim pays, in the same block or the next, through fees, gifts, settlements and retirements", async function () {
      const f = await networkHelpers.loadFixture(lateApprovalFixture);
      await f.poolRegistry.approve(3n, 7n);
      const coin = f.foundationCoin;
      const actions = [
        () => coin.connect(f.alice).mint(units("123.456789"), f.alice.address, 0n, 0n),
        () => coin.connect(f.bob).mint(units("77.7"), f.bob.address, 2n, 0n),
        () => coin.connect(f.alice).redeem(2_999n, f.alice.address, 0n, 0n),
        () => f.reserveToken.connect(f.carol).transfer(f.poolRegistry, 12_345n),
        () => f.poolRegistry.settle(),
        () => f.poolRegistry.setWeight(3n, 1_000_000n),
        () => f.poolRegistry.claim(2n),
      ];
      for (const [i, act] of [...actions, ...actions].entries()) {
        await act();
        await networkHelpers.time.increase(1n + BigInt(i) * 997n);
        for (const poolId of [1n, 2n, 3n]) {
          const promised = await f.poolRegistry.claimable(poolId);
          // A claim simulated in the view's own block pays exactly what it promised; one in the next
          // block (a second later) at least that.
          const paidNow = await f.poolRegistry.claim.staticCall(poolId, { blockTag: "latest" });
          const paidLater = await f.poolRegistry.claim.staticCall(poolId, { blockTag: "pending" });
          expect(paidNow, `pool ${poolId}, step ${i}, same block`).to.equal(promised);
          expect(paidLater, `pool ${poolId}, step ${i}, the next block`).to.be.gte(promised);
        }
      }
    });

    it("never lower what a pool can claim when it is retired (on 0a02faa a retirement took a unit: …005 → …004)", async function () {
      const f = await networkHelpers.loadFixture(lateApprovalFixture);
      await f.poolRegistry.approve(3n, 3n);
      await f.foundationCoin.connect(f.alice).mint(units("1"), f.alice.address, 3n, 0n);
      for (let step = 0n; step < 20n; step++) {
        await networkHelpers.time.increase(1n + step * 37n);
        await f.foundationCoin.connect(f.bob).mint(units("0.000001") * (step + 1n), f.bob.address, 0n, 0n);
        await f.poolRegistry.settle();
      }
      const before = await f.poolRegistry.claimable(3n);
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        // In one block, so nothing new arrives between the view and the retirement.
        await f.poolRegistry.retire(3n);
        await networkHelpers.mine();
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      expect(await f.poolRegistry.claimable(3n)).to.be.gte(before);
    });
  });

  describe("gas", function () {
    it("of a claim does not jump when emission falls due after the estimate (it jumped by 44,699)", async function () {
      const f = await networkHelpers.loadFixture(lateApprovalFixture);
      await f.poolRegistry.claim(1n);
      await networkHelpers.time.increase(HOUR);
      // Someone's claim lands; a wallet estimates pool 1's claim against that block, where nothing new
      // is due, and sends it a block (an hour of emission) later.
      await f.poolRegistry.claim(2n);
      const estimate = await f.poolRegistry.claim.estimateGas(1n);
      await networkHelpers.time.increase(HOUR);
      const receipt = await mined(f.poolRegistry.claim(1n, { gasLimit: estimate }));
      expect(receipt.status).to.equal(1);
      expect(Number(receipt.gasUsed)).to.be.lessThanOrEqual(Number(estimate));
    });
  });
});

/**
 * What the independent review of the issue-15 change found (F1, F3, F4 with their numbers), as it
 * holds now. F2 (an unreported epoch's budget is shared by the weights of the moment it becomes
 * final, not of the seconds it was emitted) is the documented rule of promise 4.
 */
describe("The issue-15 review's findings", function () {
  const computeDeploy = computeFixture(connection);
  const EVIDENCE = ethers.id("receipts");

  async function report(f: Awaited<ReturnType<typeof computeDeploy>>, poolId: bigint, units_: bigint) {
    const r = { poolId, epoch: 0n, units: units_, evidence: EVIDENCE, version: 1n };
    const { signers, signatures } = await attest(f.computeRewards, r, f.attesters.slice(0, 2));
    await f.computeRewards.submitWork(r.poolId, r.epoch, r.units, r.evidence, r.version, signers, signatures);
  }

  it("F1: an epoch whose every report was voided gives its whole budget to the commons from the moment it is final, by anyone's hand-over, not a sweep a claim period later", async function () {
    const f = await networkHelpers.loadFixture(computeDeploy);
    const start = await f.computeRewards.START();
    await networkHelpers.time.setNextBlockTimestamp(start + EPOCH + 10n);
    await report(f, 1n, 10n);
    await f.computeRewards.connect(f.guardian).voidReport(1n, 0n);
    const budget = await f.computeRewards.epochBudget(0n);
    expect(budget).to.equal(units("149.512320328542093"));
    await networkHelpers.time.increaseTo(start + EPOCH + WINDOW + REVIEW + 1n);
    const assignedBefore = await f.emission.assignedToCommons();
    await expect(f.computeRewards.connect(f.stranger).sweepVoided(1n, 0n))
      .to.emit(f.computeRewards, "VoidedToCommons")
      .withArgs(1n, 0n, budget);
    expect((await f.emission.assignedToCommons()) - assignedBefore).to.equal(budget);
    // Nothing is left for the sweep a claim period later.
    await networkHelpers.time.increase(await f.computeRewards.CLAIM_PERIOD());
    await expect(f.computeRewards.sweep(0n)).to.emit(f.computeRewards, "EpochSwept").withArgs(0n, 0n);
  });

  it("F3: after the claim period the view promises nothing, while a claim before any sweep still pays; a sweep landing first leaves the claim 0, never below the view", async function () {
    const f = await networkHelpers.loadFixture(computeDeploy);
    const start = await f.computeRewards.START();
    await networkHelpers.time.setNextBlockTimestamp(start + EPOCH + 10n);
    await report(f, 1n, 10n);
    const budget = await f.computeRewards.epochBudget(0n);
    const claimPeriodEnds = start + EPOCH + WINDOW + REVIEW + (await f.computeRewards.CLAIM_PERIOD());
    await networkHelpers.time.increaseTo(claimPeriodEnds);
    // The claim period's last second: the full share is promised, and paid.
    expect(await f.computeRewards.claimable(1n, 0n)).to.equal(budget);
    await networkHelpers.time.increaseTo(claimPeriodEnds + 1n);
    // On the review's branch the view still said 149.512 FRSV here, and a sweep landing first made
    // the claim pay 0.
    expect(await f.computeRewards.claimable(1n, 0n)).to.equal(0n);
    expect(await f.computeRewards.claim.staticCall(1n, [0n])).to.equal(budget);
    const before = await f.reserveToken.balanceOf(f.cancerLab.address);
    await inOneBlock(async () => {
      await f.computeRewards.connect(f.stranger).sweep(0n);
      await f.computeRewards.claim(1n, [0n], { gasLimit: 500_000n });
    });
    expect(await f.reserveToken.balanceOf(f.cancerLab.address)).to.equal(before);
  });

  it("F4: settle and approve estimated while nothing was pending, sent with the commands' limit after a commons fee and gifts of FRSV landed first, do not run out of gas (with the 1.25 margin alone approve did)", async function () {
    const f = await networkHelpers.loadFixture(lateApprovalFixture);
    await f.foundationCoin.connect(f.alice).mint(units("1"), f.alice.address, 0n, 0n);
    await networkHelpers.time.increase(HOUR);
    await f.poolRegistry.settle();
    const griefs = async () => {
      await f.foundationCoin.connect(f.bob).mint(2n, f.bob.address, 0n, 0n);
      await f.reserveToken.connect(f.bob).transfer(f.poolRegistry, 1n);
      await f.reserveToken.connect(f.bob).transfer(f.emission, 1n);
    };
    const race = (estimate: bigint, limit: bigint, send: (gasLimit: bigint) => Promise<{ hash: string }>) =>
      onACopy(async () => {
        let hash = "";
        await inOneBlock(async () => {
          await griefs();
          hash = (await send(limit)).hash;
        });
        const receipt = await ethers.provider.getTransactionReceipt(hash);
        return { estimate, used: receipt!.gasUsed, ok: receipt!.status === 1 };
      });
    const approveEstimate = await f.poolRegistry.approve.estimateGas(3n, 50n);
    const settleEstimate = await f.poolRegistry.settle.estimateGas();
    const marginOnly = (e: bigint) => (e * 125n) / 100n;
    const send = {
      approve: (gasLimit: bigint) => f.poolRegistry.approve(3n, 50n, { gasLimit }),
      settle: (gasLimit: bigint) => f.poolRegistry.connect(f.carol).settle({ gasLimit }),
    };
    // Why the headroom: the margin alone runs out. Gas-exact, so not under coverage, whose
    // instrumentation changes every figure.
    if (hre.globalOptions.coverage !== true) {
      expect((await race(approveEstimate, marginOnly(approveEstimate), send.approve)).ok).to.equal(false);
    }
    expect((await race(approveEstimate, settlementGasLimit(approveEstimate), send.approve)).ok).to.equal(true);
    expect((await race(settleEstimate, settlementGasLimit(settleEstimate), send.settle)).ok).to.equal(true);
  });

  it("after 120 untouched years, one settlement and two claims go through and the supply stays within genesis and the schedule", async function () {
    const f = await networkHelpers.loadFixture(lateApprovalFixture);
    await networkHelpers.time.increase(120n * 365n * DAY);
    let hash = "";
    await inOneBlock(async () => {
      hash = (await f.poolRegistry.settle({ gasLimit: 1_000_000n })).hash;
      await f.poolRegistry.claim(1n, { gasLimit: 1_000_000n });
      await f.poolRegistry.claim(2n, { gasLimit: 1_000_000n });
    });
    expect((await ethers.provider.getTransactionReceipt(hash))!.status).to.equal(1);
    const supply = await f.reserveToken.totalSupply();
    expect(supply).to.be.lte(units("30000") + (await f.emission.emittedUntil(await latestTime())));
    // Everything due to the commons was paid but for sub-unit remainders.
    expect(await f.emission.availableTo(f.poolRegistry)).to.be.lte(3n);
  });
});
