import { expect } from "chai";
import { network } from "hardhat";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import { deployFoundation, units } from "../client/foundation.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const TWO_DAYS = 172_800n;

/** Distinct accounts for every role, a two-day timelock, a funded holder and one pool. */
async function governedFixture() {
  const [deployer, proposer, curator, guardian, holder, recipient, stranger, newAdmin] = await ethers.getSigners();
  if (!deployer || !proposer || !curator || !guardian || !holder || !recipient || !stranger || !newAdmin) {
    throw new Error("too few accounts");
  }
  const system = await deployFoundation(connection, {
    timelockDelay: TWO_DAYS,
    admin: proposer.address,
    curator: curator.address,
    guardian: guardian.address,
    genesisAccounts: [holder.address],
    genesisAmounts: [units("1000")],
  });
  await system.poolRegistry.connect(recipient).propose("Pool", "", recipient.address);
  await system.poolRegistry.connect(curator).curate([1n], [10n]);
  const timelockAddress = await system.timelock.getAddress();
  await networkHelpers.setBalance(timelockAddress, 10n ** 18n);
  const timelockSigner = await ethers.getImpersonatedSigner(timelockAddress);
  // The system's contracts call one another; speaking as them shows who may call what.
  const impersonated = async (contract: BaseContract) => {
    const address = await contract.getAddress();
    await networkHelpers.setBalance(address, 10n ** 18n);
    return ethers.getImpersonatedSigner(address);
  };
  const registrySigner = await impersonated(system.poolRegistry);
  const emissionSigner = await impersonated(system.emission);
  const computeSigner = await impersonated(system.computeRewards);
  const dividendSigner = await impersonated(system.humanDividend);
  return {
    ...system,
    deployer,
    proposer,
    curator,
    guardian,
    holder,
    recipient,
    stranger,
    newAdmin,
    timelockSigner,
    registrySigner,
    emissionSigner,
    computeSigner,
    dividendSigner,
  };
}

type Fixture = Awaited<ReturnType<typeof governedFixture>>;
type Actor =
  | "deployer"
  | "proposer"
  | "curator"
  | "guardian"
  | "stranger"
  | "timelock"
  | "registry"
  | "emission"
  | "compute"
  | "dividend";
const ACTORS: Actor[] = [
  "deployer",
  "proposer",
  "curator",
  "guardian",
  "stranger",
  "timelock",
  "registry",
  "emission",
  "compute",
  "dividend",
];

function signerOf(f: Fixture, actor: Actor) {
  if (actor === "timelock") return f.timelockSigner;
  if (actor === "registry") return f.registrySigner;
  if (actor === "emission") return f.emissionSigner;
  if (actor === "compute") return f.computeSigner;
  if (actor === "dividend") return f.dividendSigner;
  return f[actor];
}

/** A function anyone may call, or one only some actors may call, and how the others are refused. */
type Privileged = {
  name: string;
  /** Simulates the call as `signer` (no state change). */
  call: (f: Fixture, signer: Awaited<ReturnType<typeof signerOf>>) => Promise<unknown>;
} & (
  | { allowed: "anyone" }
  | {
      allowed: Actor[];
      /** The contract whose custom error a refused caller gets. */
      contract: (f: Fixture) => BaseContract;
      error: string;
      /** The error's arguments when `caller` is refused. */
      args: (f: Fixture, caller: string) => Promise<unknown[]>;
    }
);

/** A refusal that names the caller. */
const theCaller = (_f: Fixture, caller: string): Promise<unknown[]> => Promise.resolve([caller]);
/** AccessControl's refusal: the caller and the role it lacks. */
const lacking =
  (role: (f: Fixture) => Promise<string>) =>
  async (f: Fixture, caller: string): Promise<unknown[]> => [caller, await role(f)];
const ADMIN_ROLE = (): Promise<string> => Promise.resolve(ethers.ZeroHash);

const ROLE_MATRIX: Privileged[] = [
  {
    name: "FoundationCoin.setFees",
    allowed: ["timelock"],
    call: (f, s) => f.foundationCoin.connect(s).setFees.staticCall(10n, 10n),
    contract: (f) => f.foundationCoin,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "FoundationCoin.grantRole(GUARDIAN_ROLE)",
    allowed: ["timelock"],
    call: async (f, s) =>
      f.foundationCoin.connect(s).grantRole.staticCall(await f.foundationCoin.GUARDIAN_ROLE(), f.stranger.address),
    contract: (f) => f.foundationCoin,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "FoundationCoin.beginDefaultAdminTransfer",
    allowed: ["timelock"],
    call: (f, s) => f.foundationCoin.connect(s).beginDefaultAdminTransfer.staticCall(f.newAdmin.address),
    contract: (f) => f.foundationCoin,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "FoundationCoin.pauseMinting",
    allowed: ["guardian"],
    call: (f, s) => f.foundationCoin.connect(s).pauseMinting.staticCall(),
    contract: (f) => f.foundationCoin,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.foundationCoin.GUARDIAN_ROLE()),
  },
  {
    name: "FoundationCoin.unpauseMinting",
    allowed: ["guardian"],
    call: (f, s) => f.foundationCoin.connect(s).unpauseMinting.staticCall(),
    contract: (f) => f.foundationCoin,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.foundationCoin.GUARDIAN_ROLE()),
  },
  {
    name: "FoundationCoin.setPoolOpen",
    allowed: ["registry"],
    call: (f, s) => f.foundationCoin.connect(s).setPoolOpen.staticCall(1n, false),
    contract: (f) => f.foundationCoin,
    error: "NotRegistry",
    args: theCaller,
  },
  {
    name: "FoundationCoin.forwardCommonsFees",
    allowed: ["registry"],
    call: (f, s) => f.foundationCoin.connect(s).forwardCommonsFees.staticCall(),
    contract: (f) => f.foundationCoin,
    error: "NotRegistry",
    args: theCaller,
  },
  {
    name: "FoundationCoin.payoutPoolFees",
    allowed: ["registry"],
    call: (f, s) => f.foundationCoin.connect(s).payoutPoolFees.staticCall(1n, f.recipient.address),
    contract: (f) => f.foundationCoin,
    error: "NotRegistry",
    args: theCaller,
  },
  {
    name: "PoolRegistry.approve",
    allowed: ["curator"],
    call: async (f, s) => {
      // A fresh proposal each time, so only the caller's role decides.
      await f.poolRegistry.connect(f.stranger).propose("Another", "", f.stranger.address);
      return f.poolRegistry.connect(s).approve.staticCall(await f.poolRegistry.poolCount(), 1n);
    },
    contract: (f) => f.poolRegistry,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.poolRegistry.CURATOR_ROLE()),
  },
  {
    name: "PoolRegistry.setWeight",
    allowed: ["curator"],
    call: (f, s) => f.poolRegistry.connect(s).setWeight.staticCall(1n, 5n),
    contract: (f) => f.poolRegistry,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.poolRegistry.CURATOR_ROLE()),
  },
  {
    name: "PoolRegistry.retire",
    allowed: ["curator"],
    call: (f, s) => f.poolRegistry.connect(s).retire.staticCall(1n),
    contract: (f) => f.poolRegistry,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.poolRegistry.CURATOR_ROLE()),
  },
  {
    name: "PoolRegistry.grantRole(CURATOR_ROLE)",
    allowed: ["timelock"],
    call: async (f, s) =>
      f.poolRegistry.connect(s).grantRole.staticCall(await f.poolRegistry.CURATOR_ROLE(), f.stranger.address),
    contract: (f) => f.poolRegistry,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "PoolRegistry.curate",
    allowed: ["curator"],
    call: (f, s) => f.poolRegistry.connect(s).curate.staticCall([1n], [7n]),
    contract: (f) => f.poolRegistry,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.poolRegistry.CURATOR_ROLE()),
  },
  {
    name: "PoolRegistry.settle",
    allowed: "anyone",
    call: (f, s) => f.poolRegistry.connect(s).settle.staticCall(),
  },
  {
    name: "PoolRegistry.bindEmission (closed after deployment)",
    allowed: [],
    call: async (f, s) => f.poolRegistry.connect(s).bindEmission.staticCall(await f.emission.getAddress()),
    contract: (f) => f.poolRegistry,
    error: "EmissionBindingClosed",
    args: theCaller,
  },
  {
    name: "PoolRegistry.bindCoin (closed after deployment)",
    allowed: [],
    call: async (f, s) => f.poolRegistry.connect(s).bindCoin.staticCall(await f.foundationCoin.getAddress()),
    contract: (f) => f.poolRegistry,
    error: "CoinBindingClosed",
    args: theCaller,
  },
  {
    name: "ReserveToken.mint",
    allowed: ["emission"],
    call: (f, s) => f.reserveToken.connect(s).mint.staticCall(f.stranger.address, 1n),
    contract: (f) => f.reserveToken,
    error: "ReserveUnauthorized",
    args: theCaller,
  },
  {
    name: "ReserveToken.burn",
    allowed: ["emission"],
    // Zero: the emission contract holds no FRSV here, so only the caller decides.
    call: (f, s) => f.reserveToken.connect(s).burn.staticCall(0n),
    contract: (f) => f.reserveToken,
    error: "ReserveUnauthorized",
    args: theCaller,
  },
  {
    name: "ReserveToken.setMinter (closed after deployment)",
    allowed: [],
    call: (f, s) => f.reserveToken.connect(s).setMinter.staticCall(f.stranger.address),
    contract: (f) => f.reserveToken,
    error: "ReserveMinterAlreadySet",
    args: async (f) => [await f.emission.getAddress()],
  },
  {
    name: "Emission.bindDestinations (closed after deployment)",
    allowed: [],
    call: async (f, s) =>
      f.emission.connect(s).bindDestinations.staticCall(await f.computeRewards.getAddress(), ethers.ZeroAddress),
    contract: (f) => f.emission,
    error: "BindingClosed",
    args: theCaller,
  },
  {
    name: "Emission.draw",
    allowed: ["registry", "compute", "dividend"],
    // Zero, within what every destination has available (the dividend is due nothing while nobody
    // is registered), so only the caller decides.
    call: (f, s) => f.emission.connect(s).draw.staticCall(f.stranger.address, 0n),
    contract: (f) => f.emission,
    error: "NotADestination",
    args: theCaller,
  },
  {
    name: "Emission.assignToCommons",
    allowed: ["compute"],
    call: (f, s) => f.emission.connect(s).assignToCommons.staticCall(0n),
    contract: (f) => f.emission,
    error: "NotADestination",
    args: theCaller,
  },
  {
    name: "Emission.setNobodyRegistered",
    allowed: ["dividend"],
    call: (f, s) => f.emission.connect(s).setNobodyRegistered.staticCall(false),
    contract: (f) => f.emission,
    error: "NotADestination",
    args: theCaller,
  },
  {
    name: "Emission.recycle",
    allowed: "anyone",
    call: (f, s) => f.emission.connect(s).recycle.staticCall(),
  },
  {
    name: "ComputeRewards.setQuorum",
    allowed: ["timelock"],
    call: (f, s) => f.computeRewards.connect(s).setQuorum.staticCall(1n),
    contract: (f) => f.computeRewards,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "ComputeRewards.grantRole(ATTESTER_ROLE)",
    allowed: ["timelock"],
    call: async (f, s) =>
      f.computeRewards.connect(s).grantRole.staticCall(await f.computeRewards.ATTESTER_ROLE(), f.stranger.address),
    contract: (f) => f.computeRewards,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "ComputeRewards.beginDefaultAdminTransfer",
    allowed: ["timelock"],
    call: (f, s) => f.computeRewards.connect(s).beginDefaultAdminTransfer.staticCall(f.newAdmin.address),
    contract: (f) => f.computeRewards,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "ComputeRewards.settleCommons",
    allowed: "anyone",
    call: (f, s) => f.computeRewards.connect(s).settleCommons.staticCall(),
  },
  {
    name: "ComputeRewards.voidReport",
    allowed: ["guardian"],
    call: async (f, s) => {
      // A report in its window, made once (the deployer is the one attester, quorum 1).
      const rewards = f.computeRewards;
      if ((await rewards.reportedUnits(1n, 0n)) === 0n) {
        await networkHelpers.time.increaseTo((await rewards.START()) + (await rewards.EPOCH_LENGTH()));
        const evidence = ethers.id("evidence");
        const signature = await f.deployer.signTypedData(
          {
            name: "Foundation ComputeRewards",
            version: "1",
            chainId: (await ethers.provider.getNetwork()).chainId,
            verifyingContract: await rewards.getAddress(),
          },
          {
            WorkReport: [
              { name: "poolId", type: "uint256" },
              { name: "epoch", type: "uint256" },
              { name: "units", type: "uint256" },
              { name: "evidence", type: "bytes32" },
            ],
          },
          { poolId: 1n, epoch: 0n, units: 5n, evidence },
        );
        await rewards.submitWork(1n, 0n, 5n, evidence, [f.deployer.address], [signature]);
      }
      return rewards.connect(s).voidReport.staticCall(1n, 0n);
    },
    contract: (f) => f.computeRewards,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.computeRewards.GUARDIAN_ROLE()),
  },
  {
    name: "HumanDividend.forwardSurplus",
    allowed: "anyone",
    call: (f, s) => f.humanDividend.connect(s).forwardSurplus.staticCall(),
  },
  {
    name: "TimelockController.schedule",
    allowed: ["proposer"],
    call: (f, s) =>
      f.timelock
        .connect(s)
        .schedule.staticCall(f.stranger.address, 0n, "0x", ethers.ZeroHash, ethers.ZeroHash, TWO_DAYS),
    contract: (f) => f.timelock,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.timelock.PROPOSER_ROLE()),
  },
];

/** Every piece of state an admin, curator, guardian or recipient can touch, as strings. */
async function stateOf(f: Fixture): Promise<Record<string, string>> {
  const { foundationCoin: coin, poolRegistry: registry, emission, reserveToken, timelock } = f;
  const guardian = await coin.GUARDIAN_ROLE();
  const curator = await registry.CURATOR_ROLE();
  const state: Record<string, unknown> = {
    "coin.mintFeeBps": await coin.mintFeeBps(),
    "coin.redeemFeeBps": await coin.redeemFeeBps(),
    "coin.mintingPaused": await coin.mintingPaused(),
    "coin.totalSupply": await coin.totalSupply(),
    "coin.directedFeesOwed": await coin.directedFeesOwed(),
    "coin.commonsFeesOwed": await coin.commonsFeesOwed(),
    "coin.defaultAdmin": await coin.defaultAdmin(),
    "coin.pendingDefaultAdmin": (await coin.pendingDefaultAdmin()).join(","),
    "coin.guardian(guardian)": await coin.hasRole(guardian, f.guardian.address),
    "coin.guardian(stranger)": await coin.hasRole(guardian, f.stranger.address),
    "registry.totalWeight": await registry.totalWeight(),
    "registry.poolCount": await registry.poolCount(),
    "registry.accumulatedPerWeight": await registry.accumulatedPerWeight(),
    "registry.defaultAdmin": await registry.defaultAdmin(),
    "registry.curator(curator)": await registry.hasRole(curator, f.curator.address),
    "registry.curator(stranger)": await registry.hasRole(curator, f.stranger.address),
    "emission.minted": await emission.minted(),
    "emission.recycled": await emission.recycled(),
    "emission.assignedToCommons": await emission.assignedToCommons(),
    "emission.nobodyRegistered": await emission.nobodyRegistered(),
    "reserve.totalSupply": await reserveToken.totalSupply(),
    "reserve.minter": await reserveToken.minter(),
    "timelock.minDelay": await timelock.getMinDelay(),
  };
  for (let id = 1n; id <= (await registry.poolCount()); id++) {
    const pool = await registry.pool(id);
    state[`pool${id}.weight`] = pool.weight;
    state[`pool${id}.status`] = pool.status;
    state[`pool${id}.recipient`] = pool.recipient;
    state[`pool${id}.pendingRecipient`] = await registry.pendingRecipient(id);
    state[`pool${id}.open`] = await coin.isPoolOpen(id);
  }
  return Object.fromEntries(Object.entries(state).map(([key, value]) => [key, String(value)]));
}

/**
 * What any settlement may move besides its own change: the registry's count of what came due. It
 * mints nothing (pools are paid by their claims), and in this fixture there are no fees to recycle
 * and no final compute epoch to hand over.
 */
const SETTLEMENT = ["registry.accumulatedPerWeight"];

describe("Governance", function () {
  describe("each privileged function changes its own state and nothing else", function () {
    const cases: { name: string; act: (f: Fixture) => Promise<unknown>; moves: string[]; settles?: boolean }[] = [
      {
        name: "FoundationCoin.setFees",
        act: (f) => f.foundationCoin.connect(f.timelockSigner).setFees(70n, 60n),
        moves: ["coin.mintFeeBps", "coin.redeemFeeBps"],
      },
      {
        name: "FoundationCoin.pauseMinting",
        act: (f) => f.foundationCoin.connect(f.guardian).pauseMinting(),
        moves: ["coin.mintingPaused"],
      },
      {
        name: "FoundationCoin.grantRole(GUARDIAN_ROLE)",
        act: async (f) =>
          f.foundationCoin
            .connect(f.timelockSigner)
            .grantRole(await f.foundationCoin.GUARDIAN_ROLE(), f.stranger.address),
        moves: ["coin.guardian(stranger)"],
      },
      {
        name: "FoundationCoin.beginDefaultAdminTransfer",
        act: (f) => f.foundationCoin.connect(f.timelockSigner).beginDefaultAdminTransfer(f.newAdmin.address),
        moves: ["coin.pendingDefaultAdmin"],
      },
      {
        name: "PoolRegistry.curate",
        act: (f) => f.poolRegistry.connect(f.curator).curate([1n, 2n], [20n, 30n]),
        moves: ["pool1.weight", "pool2.weight", "pool2.status", "pool2.open", "registry.totalWeight"],
        settles: true,
      },
      {
        name: "PoolRegistry.retire",
        act: (f) => f.poolRegistry.connect(f.curator).retire(1n),
        moves: ["pool1.weight", "pool1.status", "pool1.open", "registry.totalWeight"],
        settles: true,
      },
      {
        name: "PoolRegistry.settle",
        act: (f) => f.poolRegistry.connect(f.stranger).settle(),
        moves: ["registry.accumulatedPerWeight"],
        settles: true,
      },
      {
        name: "PoolRegistry.setRecipient",
        act: (f) => f.poolRegistry.connect(f.recipient).setRecipient(1n, f.stranger.address),
        moves: ["pool1.pendingRecipient"],
      },
      {
        name: "PoolRegistry.acceptRecipient",
        act: async (f) => {
          await f.poolRegistry.connect(f.recipient).setRecipient(1n, f.stranger.address);
          return f.poolRegistry.connect(f.stranger).acceptRecipient(1n);
        },
        moves: ["pool1.recipient"],
      },
    ];
    for (const entry of cases) {
      it(`${entry.name} moves only ${entry.moves.join(", ")}`, async function () {
        const f = await networkHelpers.loadFixture(governedFixture);
        await f.poolRegistry.connect(f.stranger).propose("Second", "", f.stranger.address); // pool 2, proposed
        const before = await stateOf(f);
        await entry.act(f);
        const after = await stateOf(f);
        const moved = Object.keys(after).filter((key) => after[key] !== before[key]);
        const allowed = new Set([...entry.moves, ...(entry.settles === true ? SETTLEMENT : [])]);
        expect(
          moved.filter((key) => !allowed.has(key)),
          "nothing else moved",
        ).to.deep.equal([]);
        for (const key of entry.moves) expect(after[key], `${key} moved`).not.to.equal(before[key]);
      });
    }
  });

  describe("role matrix: every privileged function x every role and a stranger", function () {
    for (const entry of ROLE_MATRIX) {
      const who =
        entry.allowed === "anyone"
          ? "anyone"
          : entry.allowed.length > 0
            ? `only ${entry.allowed.join(", ")}`
            : "nobody";
      it(`${entry.name}: ${who}`, async function () {
        const f = await networkHelpers.loadFixture(governedFixture);
        for (const actor of ACTORS) {
          const attempt = entry.call(f, signerOf(f, actor));
          if (entry.allowed === "anyone" || entry.allowed.includes(actor)) {
            await attempt; // must not revert
          } else {
            const caller = signerOf(f, actor).address;
            await expect(attempt, `${actor} must be refused`)
              .to.be.revertedWithCustomError(entry.contract(f), entry.error)
              .withArgs(...(await entry.args(f, caller)));
          }
        }
      });
    }
  });

  describe("fee changes through the timelock", function () {
    it("take effect only after the delay, and only when the proposer scheduled them", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const coin = await f.foundationCoin.getAddress();
      const data = f.foundationCoin.interface.encodeFunctionData("setFees", [120n, 80n]);
      const salt = ethers.id("fees-120-80");
      await expect(
        f.timelock.connect(f.stranger).schedule(coin, 0n, data, ethers.ZeroHash, salt, TWO_DAYS),
      ).to.be.revertedWithCustomError(f.timelock, "AccessControlUnauthorizedAccount");
      await expect(
        f.timelock.connect(f.proposer).schedule(coin, 0n, data, ethers.ZeroHash, salt, TWO_DAYS - 1n),
      ).to.be.revertedWithCustomError(f.timelock, "TimelockInsufficientDelay");
      await f.timelock.connect(f.proposer).schedule(coin, 0n, data, ethers.ZeroHash, salt, TWO_DAYS);
      const id = await f.timelock.hashOperation(coin, 0n, data, ethers.ZeroHash, salt);
      const readyAt = await f.timelock.getTimestamp(id);
      // One second before its time: refused.
      await networkHelpers.time.setNextBlockTimestamp(readyAt - 1n);
      await expect(
        f.timelock.connect(f.stranger).execute(coin, 0n, data, ethers.ZeroHash, salt),
      ).to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState");
      expect(await f.foundationCoin.mintFeeBps()).to.equal(50n);
      // At its time: anyone may execute it, once.
      await networkHelpers.time.setNextBlockTimestamp(readyAt);
      await expect(f.timelock.connect(f.stranger).execute(coin, 0n, data, ethers.ZeroHash, salt))
        .to.emit(f.foundationCoin, "FeesSet")
        .withArgs(120n, 80n);
      expect(await f.foundationCoin.mintFeeBps()).to.equal(120n);
      expect(await f.foundationCoin.redeemFeeBps()).to.equal(80n);
      await expect(
        f.timelock.connect(f.stranger).execute(coin, 0n, data, ethers.ZeroHash, salt),
      ).to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState");
    });

    it("each keep their own delay: a later proposal or a shorter delay cannot hurry an earlier one", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const coin = await f.foundationCoin.getAddress();
      const first = f.foundationCoin.interface.encodeFunctionData("setFees", [100n, 100n]);
      await f.timelock.connect(f.proposer).schedule(coin, 0n, first, ethers.ZeroHash, ethers.ZeroHash, TWO_DAYS);
      const firstId = await f.timelock.hashOperation(coin, 0n, first, ethers.ZeroHash, ethers.ZeroHash);
      const firstReady = await f.timelock.getTimestamp(firstId);
      await networkHelpers.time.increase(86_400n);
      const second = f.foundationCoin.interface.encodeFunctionData("setFees", [150n, 100n]);
      await f.timelock.connect(f.proposer).schedule(coin, 0n, second, ethers.ZeroHash, ethers.ZeroHash, TWO_DAYS);
      expect(await f.timelock.getTimestamp(firstId)).to.equal(firstReady);
      // The delay itself changes only through the timelock, after the current delay.
      await expect(f.timelock.connect(f.proposer).updateDelay(0n))
        .to.be.revertedWithCustomError(f.timelock, "TimelockUnauthorizedCaller")
        .withArgs(f.proposer.address);
      expect(await f.timelock.getMinDelay()).to.equal(TWO_DAYS);
    });

    it("can be cancelled by the proposer before they apply", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const coin = await f.foundationCoin.getAddress();
      const data = f.foundationCoin.interface.encodeFunctionData("setFees", [200n, 200n]);
      await f.timelock.connect(f.proposer).schedule(coin, 0n, data, ethers.ZeroHash, ethers.ZeroHash, TWO_DAYS);
      const id = await f.timelock.hashOperation(coin, 0n, data, ethers.ZeroHash, ethers.ZeroHash);
      await f.timelock.connect(f.proposer).cancel(id);
      await networkHelpers.time.increase(TWO_DAYS);
      await expect(f.timelock.execute(coin, 0n, data, ethers.ZeroHash, ethers.ZeroHash)).to.be.revertedWithCustomError(
        f.timelock,
        "TimelockUnexpectedOperationState",
      );
      expect(await f.foundationCoin.mintFeeBps()).to.equal(50n);
    });
  });

  describe("curation on public networks: the timelock is the curator", function () {
    async function timelockCuratesFixture() {
      const [, proposer, recipient, stranger] = await ethers.getSigners();
      const system = await deployFoundation(connection, {
        timelockDelay: TWO_DAYS,
        admin: proposer!.address,
        curator: ethers.ZeroAddress,
      });
      await system.poolRegistry.connect(recipient!).propose("Pool", "", recipient!.address);
      return { ...system, proposer: proposer!, stranger: stranger! };
    }

    it("makes every curation wait for the delay; no account curates at once", async function () {
      const f = await networkHelpers.loadFixture(timelockCuratesFixture);
      const role = await f.poolRegistry.CURATOR_ROLE();
      const timelock = await f.timelock.getAddress();
      expect(await f.poolRegistry.hasRole(role, timelock)).to.equal(true);
      for (const account of [f.proposer, f.stranger]) {
        await expect(f.poolRegistry.connect(account).curate([1n], [10n]))
          .to.be.revertedWithCustomError(f.poolRegistry, "AccessControlUnauthorizedAccount")
          .withArgs(account.address, role);
      }
      const registry = await f.poolRegistry.getAddress();
      const data = f.poolRegistry.interface.encodeFunctionData("curate", [[1n], [10n]]);
      await f.timelock.connect(f.proposer).schedule(registry, 0n, data, ethers.ZeroHash, ethers.ZeroHash, TWO_DAYS);
      await networkHelpers.time.increase(TWO_DAYS - 2n);
      await expect(
        f.timelock.connect(f.stranger).execute(registry, 0n, data, ethers.ZeroHash, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState");
      await networkHelpers.time.increase(2n);
      await expect(f.timelock.connect(f.stranger).execute(registry, 0n, data, ethers.ZeroHash, ethers.ZeroHash))
        .to.emit(f.poolRegistry, "PoolApproved")
        .withArgs(1n, 10n, 10n);
    });
  });

  describe("admin handover", function () {
    it("takes two steps: the timelock begins it, the new admin accepts", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const target = await f.foundationCoin.getAddress();
      const data = f.foundationCoin.interface.encodeFunctionData("beginDefaultAdminTransfer", [f.newAdmin.address]);
      await f.timelock.connect(f.proposer).schedule(target, 0n, data, ethers.ZeroHash, ethers.ZeroHash, TWO_DAYS);
      await networkHelpers.time.increase(TWO_DAYS);
      await f.timelock.execute(target, 0n, data, ethers.ZeroHash, ethers.ZeroHash);
      expect(await f.foundationCoin.defaultAdmin()).to.equal(await f.timelock.getAddress());
      await expect(f.foundationCoin.connect(f.stranger).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(f.foundationCoin, "AccessControlInvalidDefaultAdmin")
        .withArgs(f.stranger.address);
      await f.foundationCoin.connect(f.newAdmin).acceptDefaultAdminTransfer();
      expect(await f.foundationCoin.defaultAdmin()).to.equal(f.newAdmin.address);
    });

    it("cannot skip the second step by granting the admin role directly", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      await expect(
        f.poolRegistry.connect(f.timelockSigner).grantRole(ethers.ZeroHash, f.newAdmin.address),
      ).to.be.revertedWithCustomError(f.poolRegistry, "AccessControlEnforcedDefaultAdminRules");
    });
  });

  describe("the guardian", function () {
    it("pauses minting at once, while redemption and claims keep working", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const coin = f.foundationCoin.connect(f.holder);
      await f.reserveToken.connect(f.holder).approve(await coin.getAddress(), units("100"));
      await coin.mint(units("100"), f.holder.address, 1n, 0n);
      await f.foundationCoin.connect(f.guardian).pauseMinting();
      await expect(coin.mint(units("1"), f.holder.address, 0n, 0n)).to.be.revertedWithCustomError(
        f.foundationCoin,
        "MintingIsPaused",
      );
      const sent: ContractTransactionResponse = await coin.redeem(units("1000"), f.holder.address, 0n, 0n);
      await expect(sent).to.emit(f.foundationCoin, "Redeemed");
      await expect(f.poolRegistry.connect(f.stranger).claim(1n)).to.emit(f.poolRegistry, "Claimed");
    });
  });
});
