import { expect } from "chai";
import { network } from "hardhat";
import type { BaseContract, ContractTransactionResponse, FunctionFragment, Interface } from "ethers";
import { deployFoundation, units } from "../client/foundation.js";
import { signCredential } from "../client/humans.js";
import { attest, CLAIM_PERIOD, EPOCH, REVIEW, WINDOW } from "./helpers/compute.js";
import { mined } from "./helpers/books.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const TWO_DAYS = 172_800n;
const DAY = 86_400n;
/** The persons the two issuers registered in the fixture, and one nobody ever registered. */
const HUMAN_ID = ethers.id("person: human");
const OTHER_HUMAN_ID = ethers.id("person: other human");
const NOBODY_ID = ethers.id("person: never registered");
/** Accounts that are nobody's in the fixture: a newcomer to register, one whose registration expires. */
const NEWCOMER = "0x000000000000000000000000000000000000c0de";
const BRIEF = "0x000000000000000000000000000000000000b1ef";
/** TimelockController's `expectedStates` for an operation that must be ready: 1 << OperationState.Ready. */
const READY_STATE = ethers.toBeHex(1n << 2n, 32);

/**
 * Distinct accounts for every role, a two-day timelock, a funded holder, one pool, two attesters
 * (quorum 2: attesters == quorum), hour-long epochs with a half-hour window and review, and two
 * issuers, each with one registered human.
 */
async function governedFixture() {
  const [
    deployer,
    proposer,
    curator,
    guardian,
    holder,
    recipient,
    stranger,
    newAdmin,
    attesterA,
    attesterB,
    attesterC,
    issuer,
    otherIssuer,
    human,
    otherHuman,
  ] = await ethers.getSigners();
  if (
    !deployer ||
    !proposer ||
    !curator ||
    !guardian ||
    !holder ||
    !recipient ||
    !stranger ||
    !newAdmin ||
    !attesterA ||
    !attesterB ||
    !attesterC ||
    !issuer ||
    !otherIssuer ||
    !human ||
    !otherHuman
  ) {
    throw new Error("too few accounts");
  }
  const system = await deployFoundation(connection, {
    timelockDelay: TWO_DAYS,
    admin: proposer.address,
    curator: curator.address,
    guardian: guardian.address,
    genesisAccounts: [holder.address],
    genesisAmounts: [units("1000")],
    attesters: [attesterA.address, attesterB.address],
    quorum: 2n,
    epochLength: EPOCH,
    submissionWindow: WINDOW,
    reviewPeriod: REVIEW,
    claimPeriod: CLAIM_PERIOD,
    issuers: [issuer.address, otherIssuer.address],
  });
  await system.poolRegistry.connect(recipient).propose("Pool", "", recipient.address);
  await system.poolRegistry.connect(curator).curate([1n], [10n]);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  for (const [account, nullifier, by] of [
    [human, HUMAN_ID, issuer],
    [otherHuman, OTHER_HUMAN_ID, otherIssuer],
  ] as const) {
    const expiresAt = BigInt(await networkHelpers.time.latest()) + 365n * DAY;
    const credential = { account: account.address, nullifier, expiresAt };
    const signature = await signCredential(by, { registry: system.humanRegistry, chainId }, credential);
    await system.humanRegistry.connect(stranger).register(account.address, nullifier, expiresAt, by.address, signature);
  }
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
  const humanRegistrySigner = await impersonated(system.humanRegistry);
  return {
    ...system,
    chainId,
    deployer,
    proposer,
    curator,
    guardian,
    holder,
    recipient,
    stranger,
    newAdmin,
    attesterA,
    attesterB,
    attesterC,
    issuer,
    otherIssuer,
    human,
    otherHuman,
    timelockSigner,
    registrySigner,
    emissionSigner,
    computeSigner,
    dividendSigner,
    humanRegistrySigner,
  };
}

type Fixture = Awaited<ReturnType<typeof governedFixture>>;
type Actor =
  | "deployer"
  | "proposer"
  | "curator"
  | "guardian"
  | "attester"
  | "issuer"
  | "otherIssuer"
  | "human"
  | "recipient"
  | "stranger"
  | "timelock"
  | "registry"
  | "emission"
  | "compute"
  | "dividend"
  | "humanRegistry";
/** Every role of the README's table ("the timelock's proposer", "the curator", …), the system's contracts and a stranger. */
const ACTORS: Actor[] = [
  "deployer",
  "proposer",
  "curator",
  "guardian",
  "attester",
  "issuer",
  "otherIssuer",
  "human",
  "recipient",
  "stranger",
  "timelock",
  "registry",
  "emission",
  "compute",
  "dividend",
  "humanRegistry",
];

function signerOf(f: Fixture, actor: Actor) {
  switch (actor) {
    case "attester":
      return f.attesterA;
    case "timelock":
      return f.timelockSigner;
    case "registry":
      return f.registrySigner;
    case "emission":
      return f.emissionSigner;
    case "compute":
      return f.computeSigner;
    case "dividend":
      return f.dividendSigner;
    case "humanRegistry":
      return f.humanRegistrySigner;
    default:
      return f[actor];
  }
}

type ActorSigner = Awaited<ReturnType<typeof signerOf>>;

/** The latest block's timestamp. */
async function latest(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

/** Moves the clock to `timestamp`, unless it is there already. */
async function reach(timestamp: bigint): Promise<void> {
  if ((await latest()) < timestamp) await networkHelpers.time.increaseTo(timestamp);
}

/** The end of compute epoch `epoch`. */
async function endOf(f: Fixture, epoch: bigint): Promise<bigint> {
  return (await f.computeRewards.START()) + (epoch + 1n) * EPOCH;
}

/** A work report signed by both attesters (the quorum), ready for `submitWork`. */
async function signedReport(f: Fixture, poolId: bigint, epoch: bigint, workUnits: bigint, version = 1n) {
  const report = { poolId, epoch, units: workUnits, evidence: ethers.id(`pool ${poolId} epoch ${epoch}`), version };
  return { report, ...(await attest(f.computeRewards, report, [f.attesterA, f.attesterB])) };
}

/** Submits pool `poolId`'s report for `epoch`, as the stranger (anyone may). */
async function submit(f: Fixture, poolId: bigint, epoch: bigint, workUnits: bigint, version = 1n) {
  const { report, signers, signatures } = await signedReport(f, poolId, epoch, workUnits, version);
  return f.computeRewards
    .connect(f.stranger)
    .submitWork(poolId, epoch, workUnits, report.evidence, version, signers, signatures);
}

/** Pool 1's report of 5 units for epoch 0, submitted once, just after the epoch's end. */
async function reportedEpoch0(f: Fixture): Promise<void> {
  if ((await f.computeRewards.reportVersion(1n, 0n)) !== 0n) return;
  await reach(await endOf(f, 0n));
  await submit(f, 1n, 0n, 5n);
}

/** Pool 1's report for epoch 0, voided by the guardian, once. */
async function voidedEpoch0(f: Fixture): Promise<void> {
  await reportedEpoch0(f);
  if (!(await f.computeRewards.isVoided(1n, 0n))) await f.computeRewards.connect(f.guardian).voidReport(1n, 0n);
}

/** `issuer`'s credential for `account` as person `nullifier`, valid `seconds` from now. */
async function credential(f: Fixture, account: string, nullifier: string, seconds: bigint, by = f.issuer) {
  const expiresAt = (await latest()) + seconds;
  const signature = await signCredential(
    by,
    { registry: f.humanRegistry, chainId: f.chainId },
    { account, nullifier, expiresAt },
  );
  return { account, nullifier, expiresAt, issuer: by.address, signature };
}

/** A timelocked operation the proposer scheduled: setting the fees the coin already has. */
async function scheduledNoOp(f: Fixture, salt: string) {
  const target = await f.foundationCoin.getAddress();
  const data = f.foundationCoin.interface.encodeFunctionData("setFees", [50n, 50n]);
  const id = await f.timelock.hashOperation(target, 0n, data, ethers.ZeroHash, salt);
  if ((await f.timelock.getTimestamp(id)) === 0n) {
    await f.timelock.connect(f.proposer).schedule(target, 0n, data, ethers.ZeroHash, salt, TWO_DAYS);
  }
  return { target, data, id };
}

/** How a refused caller is refused: the contract whose custom error it gets, the error, its arguments. */
type Refusal = {
  contract: (f: Fixture) => BaseContract;
  error: string;
  args: (f: Fixture, caller: string) => Promise<unknown[]>;
};

/** A function anyone may call, or one only some actors may call, and how the others are refused. */
type Privileged = {
  name: string;
  /** Simulates the call as `signer` (no state change; any setup it needs is done once). */
  call: (f: Fixture, signer: ActorSigner) => Promise<unknown>;
} & (
  | { allowed: "anyone" }
  | ({
      allowed: Actor[];
      /** Actors refused differently from the rest (e.g. the admin by a limit rather than by its role). */
      except?: Partial<Record<Actor, Refusal>>;
    } & Refusal)
);

/** A refusal that names the caller. */
const theCaller = (_f: Fixture, caller: string): Promise<unknown[]> => Promise.resolve([caller]);
/** A refusal without arguments. */
const noArgs = (): Promise<unknown[]> => Promise.resolve([]);
/** AccessControl's refusal: the caller and the role it lacks. */
const lacking =
  (role: (f: Fixture) => Promise<string>) =>
  async (f: Fixture, caller: string): Promise<unknown[]> => [caller, await role(f)];
const ADMIN_ROLE = (): Promise<string> => Promise.resolve(ethers.ZeroHash);
/** HumanRegistry's refusal of a revocation: the person, the caller, and the issuer answering for it. */
const notYourPerson =
  (nullifier: string, answeringIssuer: (f: Fixture) => string) =>
  (f: Fixture, caller: string): Promise<unknown[]> =>
    Promise.resolve([nullifier, caller, answeringIssuer(f)]);

/** The contracts whose admin role changes hands in two steps (OpenZeppelin's AccessControlDefaultAdminRules). */
const ADMIN_RULED: [string, (f: Fixture) => BaseContract][] = [
  ["FoundationCoin", (f) => f.foundationCoin],
  ["PoolRegistry", (f) => f.poolRegistry],
  ["ComputeRewards", (f) => f.computeRewards],
  ["HumanRegistry", (f) => f.humanRegistry],
];

/** The admin rules' own functions, the same on every contract above: the timelock's alone, in two steps. */
const ADMIN_RULES: Privileged[] = ADMIN_RULED.flatMap(([label, of]): Privileged[] => {
  const asAdmin = { allowed: ["timelock"] as Actor[], contract: of, error: "AccessControlUnauthorizedAccount" };
  const method = (f: Fixture, s: ActorSigner, name: string) => of(f).connect(s).getFunction(name);
  return [
    {
      name: `${label}.beginDefaultAdminTransfer`,
      ...asAdmin,
      call: (f, s) => method(f, s, "beginDefaultAdminTransfer").staticCall(f.newAdmin.address),
      args: lacking(ADMIN_ROLE),
    },
    {
      name: `${label}.cancelDefaultAdminTransfer`,
      ...asAdmin,
      call: (f, s) => method(f, s, "cancelDefaultAdminTransfer").staticCall(),
      args: lacking(ADMIN_ROLE),
    },
    {
      name: `${label}.changeDefaultAdminDelay`,
      ...asAdmin,
      call: (f, s) => method(f, s, "changeDefaultAdminDelay").staticCall(DAY),
      args: lacking(ADMIN_ROLE),
    },
    {
      name: `${label}.rollbackDefaultAdminDelay`,
      ...asAdmin,
      call: (f, s) => method(f, s, "rollbackDefaultAdminDelay").staticCall(),
      args: lacking(ADMIN_ROLE),
    },
    {
      name: `${label}.acceptDefaultAdminTransfer (none pending)`,
      allowed: [],
      call: (f, s) => method(f, s, "acceptDefaultAdminTransfer").staticCall(),
      contract: of,
      error: "AccessControlInvalidDefaultAdmin",
      args: theCaller,
    },
    {
      name: `${label}.grantRole(DEFAULT_ADMIN_ROLE) (only by the two-step handover)`,
      allowed: [],
      call: (f, s) => method(f, s, "grantRole").staticCall(ethers.ZeroHash, f.newAdmin.address),
      contract: of,
      error: "AccessControlEnforcedDefaultAdminRules",
      args: noArgs,
    },
    {
      name: `${label}.revokeRole(DEFAULT_ADMIN_ROLE) (only by the two-step handover)`,
      allowed: [],
      call: async (f, s) => method(f, s, "revokeRole").staticCall(ethers.ZeroHash, await f.timelock.getAddress()),
      contract: of,
      error: "AccessControlEnforcedDefaultAdminRules",
      args: noArgs,
    },
  ];
});

/**
 * Every state-changing function of the system, as the README's "Who can do what, and how fast"
 * table gives it (where the table and the code disagree, the code's rule is the one here).
 */
const ROLE_MATRIX: Privileged[] = [
  ...ADMIN_RULES,
  // ---- FoundationCoin ------------------------------------------------------------------------
  {
    name: "FoundationCoin.setFees",
    allowed: ["timelock"],
    call: (f, s) => f.foundationCoin.connect(s).setFees.staticCall(10n, 10n),
    contract: (f) => f.foundationCoin,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "FoundationCoin.setFees above 2% (the fee cap nobody changes)",
    allowed: [],
    call: (f, s) => f.foundationCoin.connect(s).setFees.staticCall(201n, 10n),
    contract: (f) => f.foundationCoin,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
    except: {
      timelock: { contract: (f) => f.foundationCoin, error: "FeeAboveCap", args: () => Promise.resolve([201n, 200n]) },
    },
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
    name: "FoundationCoin.revokeRole(GUARDIAN_ROLE)",
    allowed: ["timelock"],
    call: async (f, s) =>
      f.foundationCoin.connect(s).revokeRole.staticCall(await f.foundationCoin.GUARDIAN_ROLE(), f.guardian.address),
    contract: (f) => f.foundationCoin,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "FoundationCoin.renounceRole(GUARDIAN_ROLE) (for itself)",
    allowed: ["guardian"],
    call: async (f, s) =>
      f.foundationCoin.connect(s).renounceRole.staticCall(await f.foundationCoin.GUARDIAN_ROLE(), f.guardian.address),
    contract: (f) => f.foundationCoin,
    error: "AccessControlBadConfirmation",
    args: noArgs,
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
  // ---- PoolRegistry --------------------------------------------------------------------------
  {
    name: "PoolRegistry.propose",
    allowed: "anyone",
    call: (f, s) => f.poolRegistry.connect(s).propose.staticCall("Any", "", f.stranger.address),
  },
  {
    name: "PoolRegistry.approve",
    allowed: ["curator"],
    call: async (f, s) => {
      // A proposal of its own, so only the caller's role decides.
      if ((await f.poolRegistry.poolCount()) === 1n) {
        await f.poolRegistry.connect(f.stranger).propose("Another", "", f.stranger.address);
      }
      return f.poolRegistry.connect(s).approve.staticCall(2n, 1n);
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
    name: "PoolRegistry.curate",
    allowed: ["curator"],
    call: (f, s) => f.poolRegistry.connect(s).curate.staticCall([1n], [7n]),
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
    name: "PoolRegistry.revokeRole(CURATOR_ROLE)",
    allowed: ["timelock"],
    call: async (f, s) =>
      f.poolRegistry.connect(s).revokeRole.staticCall(await f.poolRegistry.CURATOR_ROLE(), f.curator.address),
    contract: (f) => f.poolRegistry,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "PoolRegistry.renounceRole(CURATOR_ROLE) (for itself)",
    allowed: ["curator"],
    call: async (f, s) =>
      f.poolRegistry.connect(s).renounceRole.staticCall(await f.poolRegistry.CURATOR_ROLE(), f.curator.address),
    contract: (f) => f.poolRegistry,
    error: "AccessControlBadConfirmation",
    args: noArgs,
  },
  {
    name: "PoolRegistry.setRecipient",
    allowed: ["recipient"],
    call: (f, s) => f.poolRegistry.connect(s).setRecipient.staticCall(1n, f.stranger.address),
    contract: (f) => f.poolRegistry,
    error: "NotRecipient",
    args: (_f, caller) => Promise.resolve([1n, caller]),
  },
  {
    name: "PoolRegistry.acceptRecipient (the stranger proposed as the new recipient)",
    allowed: ["stranger"],
    call: async (f, s) => {
      if ((await f.poolRegistry.pendingRecipient(1n)) === ethers.ZeroAddress) {
        await f.poolRegistry.connect(f.recipient).setRecipient(1n, f.stranger.address);
      }
      return f.poolRegistry.connect(s).acceptRecipient.staticCall(1n);
    },
    contract: (f) => f.poolRegistry,
    error: "NotPendingRecipient",
    args: (_f, caller) => Promise.resolve([1n, caller]),
  },
  {
    name: "PoolRegistry.claim",
    allowed: "anyone",
    call: (f, s) => f.poolRegistry.connect(s).claim.staticCall(1n),
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
  // ---- ReserveToken --------------------------------------------------------------------------
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
  // ---- Emission ------------------------------------------------------------------------------
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
    // Zero, within what every destination has available, so only the caller decides.
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
  // ---- ComputeRewards ------------------------------------------------------------------------
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
    name: "ComputeRewards.revokeRole(ATTESTER_ROLE) (an attester to spare)",
    allowed: ["timelock"],
    call: async (f, s) => {
      const role = await f.computeRewards.ATTESTER_ROLE();
      // A third attester, so the quorum of 2 survives the revocation.
      if (!(await f.computeRewards.hasRole(role, f.attesterC.address))) {
        await f.computeRewards.connect(f.timelockSigner).grantRole(role, f.attesterC.address);
      }
      return f.computeRewards.connect(s).revokeRole.staticCall(role, f.attesterA.address);
    },
    contract: (f) => f.computeRewards,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "ComputeRewards.revokeRole(ATTESTER_ROLE) below the quorum",
    allowed: [],
    call: async (f, s) =>
      f.computeRewards.connect(s).revokeRole.staticCall(await f.computeRewards.ATTESTER_ROLE(), f.attesterA.address),
    contract: (f) => f.computeRewards,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
    except: {
      // The admin's own limit: 2 attesters, quorum 2; lower the quorum first.
      timelock: { contract: (f) => f.computeRewards, error: "InvalidQuorum", args: () => Promise.resolve([2n, 1n]) },
    },
  },
  {
    name: "ComputeRewards.renounceRole(ATTESTER_ROLE) (for itself, even at attesters == quorum)",
    allowed: ["attester"],
    call: async (f, s) =>
      f.computeRewards.connect(s).renounceRole.staticCall(await f.computeRewards.ATTESTER_ROLE(), f.attesterA.address),
    contract: (f) => f.computeRewards,
    error: "AccessControlBadConfirmation",
    args: noArgs,
  },
  {
    name: "ComputeRewards.grantRole(GUARDIAN_ROLE)",
    allowed: ["timelock"],
    call: async (f, s) =>
      f.computeRewards.connect(s).grantRole.staticCall(await f.computeRewards.GUARDIAN_ROLE(), f.stranger.address),
    contract: (f) => f.computeRewards,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "ComputeRewards.revokeRole(GUARDIAN_ROLE)",
    allowed: ["timelock"],
    call: async (f, s) =>
      f.computeRewards.connect(s).revokeRole.staticCall(await f.computeRewards.GUARDIAN_ROLE(), f.guardian.address),
    contract: (f) => f.computeRewards,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "ComputeRewards.submitWork (a quorum's signatures)",
    allowed: "anyone",
    call: async (f, s) => {
      await reach(await endOf(f, 0n));
      const { report, signers, signatures } = await signedReport(f, 1n, 0n, 5n);
      return f.computeRewards
        .connect(s)
        .submitWork.staticCall(1n, 0n, 5n, report.evidence, report.version, signers, signatures);
    },
  },
  {
    name: "ComputeRewards.voidReport (within the window and the review period)",
    allowed: ["guardian"],
    call: async (f, s) => {
      await reportedEpoch0(f);
      return f.computeRewards.connect(s).voidReport.staticCall(1n, 0n);
    },
    contract: (f) => f.computeRewards,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.computeRewards.GUARDIAN_ROLE()),
  },
  {
    name: "ComputeRewards.voidReport after the review period",
    allowed: [],
    call: async (f, s) => {
      await reportedEpoch0(f);
      await reach((await endOf(f, 0n)) + WINDOW + REVIEW + 1n);
      return f.computeRewards.connect(s).voidReport.staticCall(1n, 0n);
    },
    contract: (f) => f.computeRewards,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.computeRewards.GUARDIAN_ROLE()),
    except: {
      guardian: {
        contract: (f) => f.computeRewards,
        error: "ReviewPeriodOver",
        args: async (f) => [0n, (await endOf(f, 0n)) + WINDOW + REVIEW],
      },
    },
  },
  {
    name: "ComputeRewards.claim (a final epoch, for the pool's recipient)",
    allowed: "anyone",
    call: async (f, s) => {
      await reportedEpoch0(f);
      await reach((await endOf(f, 0n)) + WINDOW + REVIEW + 1n);
      return f.computeRewards.connect(s).claim.staticCall(1n, [0n]);
    },
  },
  {
    name: "ComputeRewards.sweepVoided (a voided report's share, once final: not the guardian's alone)",
    allowed: "anyone",
    call: async (f, s) => {
      await voidedEpoch0(f);
      await reach((await endOf(f, 0n)) + WINDOW + REVIEW + 1n);
      return f.computeRewards.connect(s).sweepVoided.staticCall(1n, 0n);
    },
  },
  {
    name: "ComputeRewards.sweep (after the claim period)",
    allowed: "anyone",
    call: async (f, s) => {
      await reportedEpoch0(f);
      await reach((await endOf(f, 0n)) + WINDOW + REVIEW + CLAIM_PERIOD + 1n);
      return f.computeRewards.connect(s).sweep.staticCall(0n);
    },
  },
  {
    name: "ComputeRewards.settleCommons",
    allowed: "anyone",
    call: (f, s) => f.computeRewards.connect(s).settleCommons.staticCall(),
  },
  {
    name: "ComputeRewards.forwardSurplus",
    allowed: "anyone",
    call: (f, s) => f.computeRewards.connect(s).forwardSurplus.staticCall(),
  },
  // ---- HumanRegistry -------------------------------------------------------------------------
  {
    name: "HumanRegistry.register (an issuer's credential)",
    allowed: "anyone",
    call: async (f, s) => {
      const c = await credential(f, NEWCOMER, ethers.id("person: newcomer"), 30n * DAY);
      return f.humanRegistry.connect(s).register.staticCall(c.account, c.nullifier, c.expiresAt, c.issuer, c.signature);
    },
  },
  {
    name: "HumanRegistry.revoke (a registration the issuer answers for)",
    allowed: ["issuer", "timelock"],
    call: (f, s) => f.humanRegistry.connect(s).revoke.staticCall(f.human.address),
    contract: (f) => f.humanRegistry,
    error: "NotYourPerson",
    args: notYourPerson(HUMAN_ID, (f) => f.issuer.address),
  },
  {
    name: "HumanRegistry.revokePerson (a person the issuer answers for)",
    allowed: ["issuer", "timelock"],
    call: (f, s) => f.humanRegistry.connect(s).revokePerson.staticCall(HUMAN_ID),
    contract: (f) => f.humanRegistry,
    error: "NotYourPerson",
    args: notYourPerson(HUMAN_ID, (f) => f.issuer.address),
  },
  {
    name: "HumanRegistry.revokePerson (a person nobody registered)",
    allowed: ["timelock"],
    call: (f, s) => f.humanRegistry.connect(s).revokePerson.staticCall(NOBODY_ID),
    contract: (f) => f.humanRegistry,
    error: "NotYourPerson",
    args: notYourPerson(NOBODY_ID, () => ethers.ZeroAddress),
  },
  {
    name: "HumanRegistry.revokePerson (after its issuer lost the role)",
    allowed: ["timelock"],
    call: async (f, s) => {
      const role = await f.humanRegistry.ISSUER_ROLE();
      if (await f.humanRegistry.hasRole(role, f.issuer.address)) {
        await f.humanRegistry.connect(f.timelockSigner).revokeRole(role, f.issuer.address);
      }
      return f.humanRegistry.connect(s).revokePerson.staticCall(HUMAN_ID);
    },
    contract: (f) => f.humanRegistry,
    error: "NotYourPerson",
    // Its term ended: nobody but the admin answers for the person any more.
    args: notYourPerson(HUMAN_ID, () => ethers.ZeroAddress),
  },
  {
    name: "HumanRegistry.removeExpired",
    allowed: "anyone",
    call: async (f, s) => {
      if (!(await f.humanRegistry.isRegistered(BRIEF))) {
        const c = await credential(f, BRIEF, ethers.id("person: brief"), 100n);
        await f.humanRegistry.register(c.account, c.nullifier, c.expiresAt, c.issuer, c.signature);
        await reach(c.expiresAt + 1n);
      }
      return f.humanRegistry.connect(s).removeExpired.staticCall(BRIEF);
    },
  },
  {
    name: "HumanRegistry.grantRole(ISSUER_ROLE)",
    allowed: ["timelock"],
    call: async (f, s) =>
      f.humanRegistry.connect(s).grantRole.staticCall(await f.humanRegistry.ISSUER_ROLE(), f.stranger.address),
    contract: (f) => f.humanRegistry,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "HumanRegistry.revokeRole(ISSUER_ROLE)",
    allowed: ["timelock"],
    call: async (f, s) =>
      f.humanRegistry.connect(s).revokeRole.staticCall(await f.humanRegistry.ISSUER_ROLE(), f.issuer.address),
    contract: (f) => f.humanRegistry,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "HumanRegistry.renounceRole(ISSUER_ROLE) (for itself)",
    allowed: ["issuer"],
    call: async (f, s) =>
      f.humanRegistry.connect(s).renounceRole.staticCall(await f.humanRegistry.ISSUER_ROLE(), f.issuer.address),
    contract: (f) => f.humanRegistry,
    error: "AccessControlBadConfirmation",
    args: noArgs,
  },
  {
    name: "HumanRegistry.bindDividend (closed after deployment)",
    allowed: [],
    call: async (f, s) => f.humanRegistry.connect(s).bindDividend.staticCall(await f.humanDividend.getAddress()),
    contract: (f) => f.humanRegistry,
    error: "BindingClosed",
    args: theCaller,
  },
  // ---- HumanDividend -------------------------------------------------------------------------
  {
    name: "HumanDividend.claim (what the caller accrued)",
    allowed: ["human"],
    call: (f, s) => f.humanDividend.connect(s).claim.staticCall(f.stranger.address, false),
    contract: (f) => f.humanDividend,
    error: "NothingToClaim",
    args: theCaller,
  },
  {
    name: "HumanDividend.onJoin",
    allowed: ["humanRegistry"],
    call: (f, s) => f.humanDividend.connect(s).onJoin.staticCall(NEWCOMER, 1n),
    contract: (f) => f.humanDividend,
    error: "NotHumanRegistry",
    args: theCaller,
  },
  {
    name: "HumanDividend.onLeave",
    allowed: ["humanRegistry"],
    call: (f, s) => f.humanDividend.connect(s).onLeave.staticCall(f.human.address),
    contract: (f) => f.humanDividend,
    error: "NotHumanRegistry",
    args: theCaller,
  },
  {
    name: "HumanDividend.onTermEnd",
    allowed: ["humanRegistry"],
    call: (f, s) => f.humanDividend.connect(s).onTermEnd.staticCall(1n),
    contract: (f) => f.humanDividend,
    error: "NotHumanRegistry",
    args: theCaller,
  },
  {
    name: "HumanDividend.settle",
    allowed: "anyone",
    call: (f, s) => f.humanDividend.connect(s).settle.staticCall(),
  },
  {
    name: "HumanDividend.forwardSurplus",
    allowed: "anyone",
    call: (f, s) => f.humanDividend.connect(s).forwardSurplus.staticCall(),
  },
  // ---- TimelockController ----------------------------------------------------------------------
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
  {
    name: "TimelockController.scheduleBatch",
    allowed: ["proposer"],
    call: (f, s) =>
      f.timelock
        .connect(s)
        .scheduleBatch.staticCall([f.stranger.address], [0n], ["0x"], ethers.ZeroHash, ethers.ZeroHash, TWO_DAYS),
    contract: (f) => f.timelock,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.timelock.PROPOSER_ROLE()),
  },
  {
    name: "TimelockController.cancel",
    allowed: ["proposer"],
    call: async (f, s) => {
      const { id } = await scheduledNoOp(f, ethers.id("to cancel"));
      return f.timelock.connect(s).cancel.staticCall(id);
    },
    contract: (f) => f.timelock,
    error: "AccessControlUnauthorizedAccount",
    args: lacking((f) => f.timelock.CANCELLER_ROLE()),
  },
  {
    name: "TimelockController.execute (once ready)",
    allowed: "anyone",
    call: async (f, s) => {
      const salt = ethers.id("ready");
      const { target, data, id } = await scheduledNoOp(f, salt);
      await reach(await f.timelock.getTimestamp(id));
      return f.timelock.connect(s).execute.staticCall(target, 0n, data, ethers.ZeroHash, salt);
    },
  },
  {
    name: "TimelockController.executeBatch (once ready)",
    allowed: "anyone",
    call: async (f, s) => {
      const salt = ethers.id("ready batch");
      const target = await f.foundationCoin.getAddress();
      const data = f.foundationCoin.interface.encodeFunctionData("setFees", [50n, 50n]);
      const id = await f.timelock.hashOperationBatch([target], [0n], [data], ethers.ZeroHash, salt);
      if ((await f.timelock.getTimestamp(id)) === 0n) {
        await f.timelock.connect(f.proposer).scheduleBatch([target], [0n], [data], ethers.ZeroHash, salt, TWO_DAYS);
      }
      await reach(await f.timelock.getTimestamp(id));
      return f.timelock.connect(s).executeBatch.staticCall([target], [0n], [data], ethers.ZeroHash, salt);
    },
  },
  {
    name: "TimelockController.updateDelay (by the timelock itself, i.e. scheduled)",
    allowed: ["timelock"],
    call: (f, s) => f.timelock.connect(s).updateDelay.staticCall(DAY),
    contract: (f) => f.timelock,
    error: "TimelockUnauthorizedCaller",
    args: theCaller,
  },
  {
    name: "TimelockController.grantRole(PROPOSER_ROLE)",
    allowed: ["timelock"],
    call: async (f, s) =>
      f.timelock.connect(s).grantRole.staticCall(await f.timelock.PROPOSER_ROLE(), f.stranger.address),
    contract: (f) => f.timelock,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "TimelockController.revokeRole(PROPOSER_ROLE)",
    allowed: ["timelock"],
    call: async (f, s) =>
      f.timelock.connect(s).revokeRole.staticCall(await f.timelock.PROPOSER_ROLE(), f.proposer.address),
    contract: (f) => f.timelock,
    error: "AccessControlUnauthorizedAccount",
    args: lacking(ADMIN_ROLE),
  },
  {
    name: "TimelockController.renounceRole(PROPOSER_ROLE) (for itself)",
    allowed: ["proposer"],
    call: async (f, s) =>
      f.timelock.connect(s).renounceRole.staticCall(await f.timelock.PROPOSER_ROLE(), f.proposer.address),
    contract: (f) => f.timelock,
    error: "AccessControlBadConfirmation",
    args: noArgs,
  },
  {
    name: "TimelockController.onERC721Received (accepts tokens, moves nothing)",
    allowed: "anyone",
    call: (f, s) => f.timelock.connect(s).onERC721Received.staticCall(f.stranger.address, f.stranger.address, 1n, "0x"),
  },
  {
    name: "TimelockController.onERC1155Received (accepts tokens, moves nothing)",
    allowed: "anyone",
    call: (f, s) =>
      f.timelock.connect(s).onERC1155Received.staticCall(f.stranger.address, f.stranger.address, 1n, 1n, "0x"),
  },
  {
    name: "TimelockController.onERC1155BatchReceived (accepts tokens, moves nothing)",
    allowed: "anyone",
    call: (f, s) =>
      f.timelock.connect(s).onERC1155BatchReceived.staticCall(f.stranger.address, f.stranger.address, [1n], [1n], "0x"),
  },
];

/** The function an entry calls, as "Contract.function". */
function functionOf(entry: Privileged): string {
  return entry.name.split(/[ (]/)[0] ?? entry.name;
}

/**
 * State-changing functions that are no one's privilege: each account moves its own tokens and
 * allowances (their own tests cover them; any account with a balance may).
 */
const HOLDERS_OWN: Record<string, string> = {
  "FoundationCoin.mint": "a holder's own FRSV, to FDC",
  "FoundationCoin.mintWithPermit": "a holder's own FRSV, by its signed permit",
  "FoundationCoin.redeem": "a holder's own FDC, to FRSV",
  "FoundationCoin.transfer": "a holder's own FDC",
  "FoundationCoin.transferFrom": "FDC the caller was allowed",
  "FoundationCoin.approve": "a holder's own allowance",
  "FoundationCoin.permit": "a holder's own allowance, by its signature",
  "ReserveToken.transfer": "a holder's own FRSV",
  "ReserveToken.transferFrom": "FRSV the caller was allowed",
  "ReserveToken.approve": "a holder's own allowance",
  "ReserveToken.permit": "a holder's own allowance, by its signature",
};

/** The contracts of the system by the names the matrix uses. */
function contractsOf(f: Fixture): Record<string, { interface: Interface }> {
  return {
    FoundationCoin: f.foundationCoin,
    PoolRegistry: f.poolRegistry,
    ReserveToken: f.reserveToken,
    Emission: f.emission,
    ComputeRewards: f.computeRewards,
    HumanRegistry: f.humanRegistry,
    HumanDividend: f.humanDividend,
    TimelockController: f.timelock,
  };
}

/** The names of the functions of `abi` that may change state (neither view nor pure), sorted. */
function writersOf(abi: Interface): string[] {
  const names: string[] = [];
  abi.forEachFunction((fragment: FunctionFragment) => {
    if (!fragment.constant) names.push(fragment.name);
  });
  return [...new Set(names)].sort();
}

/** Every piece of state an admin, curator, guardian, attester, issuer or recipient can touch, as strings. */
async function stateOf(f: Fixture): Promise<Record<string, string>> {
  const { foundationCoin: coin, poolRegistry: registry, emission, reserveToken, timelock } = f;
  const { computeRewards: compute, humanRegistry: humans, humanDividend: dividend } = f;
  const guardian = await coin.GUARDIAN_ROLE();
  const curator = await registry.CURATOR_ROLE();
  const attester = await compute.ATTESTER_ROLE();
  const computeGuardian = await compute.GUARDIAN_ROLE();
  const issuer = await humans.ISSUER_ROLE();
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
    "compute.quorum": await compute.quorum(),
    "compute.attesters": await compute.getRoleMemberCount(attester),
    "compute.attester(A)": await compute.hasRole(attester, f.attesterA.address),
    "compute.attester(B)": await compute.hasRole(attester, f.attesterB.address),
    "compute.attester(stranger)": await compute.hasRole(attester, f.stranger.address),
    "compute.guardian(guardian)": await compute.hasRole(computeGuardian, f.guardian.address),
    "compute.guardian(stranger)": await compute.hasRole(computeGuardian, f.stranger.address),
    "compute.defaultAdmin": await compute.defaultAdmin(),
    "compute.totalUnits(0)": await compute.totalUnits(0n),
    "compute.claimedIn(0)": await compute.claimedIn(0n),
    "compute.voidedToCommonsIn(0)": await compute.voidedToCommonsIn(0n),
    "compute.voidedToCommons": await compute.voidedToCommons(),
    "compute.unreportedToCommons": await compute.unreportedToCommons(),
    "humans.count": await humans.humanCount(),
    "humans.defaultAdmin": await humans.defaultAdmin(),
    "humans.issuer(issuer)": await humans.hasRole(issuer, f.issuer.address),
    "humans.issuer(otherIssuer)": await humans.hasRole(issuer, f.otherIssuer.address),
    "humans.issuer(stranger)": await humans.hasRole(issuer, f.stranger.address),
    "humans.termOf(issuer)": await humans.termOf(f.issuer.address),
    "humans.termOf(otherIssuer)": await humans.termOf(f.otherIssuer.address),
    "humans.termOf(stranger)": await humans.termOf(f.stranger.address),
    "humans.term1": (await humans.termInfo(1n)).join(","),
    "humans.term2": (await humans.termInfo(2n)).join(","),
    "nobody.nullifier": (await humans.nullifier(NOBODY_ID)).join(","),
    "dividend.heads": await dividend.heads(),
    "dividend.accruedPerHead": await dividend.accruedPerHead(),
    "dividend.counted": await dividend.counted(),
    "dividend.held": await dividend.held(),
    "dividend.claimed": await dividend.claimed(),
  };
  for (let id = 1n; id <= (await registry.poolCount()); id++) {
    const pool = await registry.pool(id);
    state[`pool${id}.weight`] = pool.weight;
    state[`pool${id}.status`] = pool.status;
    state[`pool${id}.approvedAt`] = pool.approvedAt;
    state[`pool${id}.recipient`] = pool.recipient;
    state[`pool${id}.pendingRecipient`] = await registry.pendingRecipient(id);
    state[`pool${id}.open`] = await coin.isPoolOpen(id);
    state[`pool${id}.reportedUnits(0)`] = await compute.reportedUnits(id, 0n);
    state[`pool${id}.reportVersion(0)`] = await compute.reportVersion(id, 0n);
    state[`pool${id}.isVoided(0)`] = await compute.isVoided(id, 0n);
    state[`pool${id}.isClaimed(0)`] = await compute.isClaimed(id, 0n);
  }
  for (const [label, account, nullifier] of [
    ["human", f.human.address, HUMAN_ID],
    ["otherHuman", f.otherHuman.address, OTHER_HUMAN_ID],
  ] as const) {
    const [holder, latestExpiresAt, answeringIssuer] = await humans.nullifier(nullifier);
    state[`${label}.registered`] = await humans.isRegistered(account);
    state[`${label}.issuerOf`] = await humans.issuerOf(account);
    state[`${label}.nullifierOf`] = await humans.nullifierOf(account);
    state[`${label}.holder`] = holder;
    state[`${label}.latestExpiresAt`] = latestExpiresAt;
    state[`${label}.answeringIssuer`] = answeringIssuer;
  }
  return Object.fromEntries(Object.entries(state).map(([key, value]) => [key, String(value)]));
}

/**
 * What any settlement of the registry may move besides its own change: the registry's count of
 * what came due. It mints nothing (pools are paid by their claims), and in this fixture there are
 * no fees to recycle and no final compute epoch to hand over.
 */
const SETTLEMENT = ["registry.accumulatedPerWeight"];
/** What any change of the head count may move besides its own: the dividend settles first. */
const HUMAN_SETTLEMENT = ["dividend.accruedPerHead", "dividend.counted", "dividend.held"];

/** Pool 2 approved, and pools 1 and 2 reporting 5 and 7 units for epoch 0, in its window. */
async function twoReports(f: Fixture): Promise<void> {
  await f.poolRegistry.connect(f.curator).approve(2n, 10n);
  await reach(await endOf(f, 0n));
  await submit(f, 1n, 0n, 5n);
  await submit(f, 2n, 0n, 7n);
}

describe("Governance", function () {
  describe("each privileged function changes its own state and nothing else", function () {
    const cases: {
      name: string;
      /** Done before the state is read. */
      setup?: (f: Fixture) => Promise<unknown>;
      act: (f: Fixture) => Promise<unknown>;
      moves: string[];
      /** What may move too, without having to (a settlement's books). */
      mayMove?: string[];
    }[] = [
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
        moves: [
          "pool1.weight",
          "pool2.weight",
          "pool2.status",
          "pool2.approvedAt",
          "pool2.open",
          "registry.totalWeight",
        ],
        mayMove: SETTLEMENT,
      },
      {
        name: "PoolRegistry.retire",
        act: (f) => f.poolRegistry.connect(f.curator).retire(1n),
        moves: ["pool1.weight", "pool1.status", "pool1.open", "registry.totalWeight"],
        mayMove: SETTLEMENT,
      },
      {
        name: "PoolRegistry.settle",
        act: (f) => f.poolRegistry.connect(f.stranger).settle(),
        moves: ["registry.accumulatedPerWeight"],
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
      {
        // The void leaves the epoch's total, and so every other pool's share, where it was.
        name: "ComputeRewards.voidReport (the guardian)",
        setup: twoReports,
        act: (f) => f.computeRewards.connect(f.guardian).voidReport(2n, 0n),
        moves: ["pool2.isVoided(0)", "pool2.reportedUnits(0)"],
      },
      {
        name: "ComputeRewards.sweepVoided (anyone, once final)",
        setup: async (f) => {
          await twoReports(f);
          await f.computeRewards.connect(f.guardian).voidReport(2n, 0n);
          await reach((await endOf(f, 0n)) + WINDOW + REVIEW + 1n);
        },
        act: (f) => f.computeRewards.connect(f.stranger).sweepVoided(2n, 0n),
        moves: [
          "pool2.isClaimed(0)",
          "compute.voidedToCommonsIn(0)",
          "compute.voidedToCommons",
          "emission.assignedToCommons",
        ],
      },
      {
        name: "ComputeRewards.setQuorum (the timelock)",
        act: (f) => f.computeRewards.connect(f.timelockSigner).setQuorum(1n),
        moves: ["compute.quorum"],
      },
      {
        name: "ComputeRewards.grantRole(ATTESTER_ROLE) (the timelock)",
        act: async (f) =>
          f.computeRewards
            .connect(f.timelockSigner)
            .grantRole(await f.computeRewards.ATTESTER_ROLE(), f.stranger.address),
        moves: ["compute.attesters", "compute.attester(stranger)"],
      },
      {
        // Attesters == quorum == 2: the renunciation stands and the quorum stays.
        name: "ComputeRewards.renounceRole(ATTESTER_ROLE) (an attester, for itself)",
        act: async (f) =>
          f.computeRewards
            .connect(f.attesterA)
            .renounceRole(await f.computeRewards.ATTESTER_ROLE(), f.attesterA.address),
        moves: ["compute.attesters", "compute.attester(A)"],
      },
      {
        name: "HumanRegistry.revoke (the issuer answering for it)",
        act: (f) => f.humanRegistry.connect(f.issuer).revoke(f.human.address),
        moves: [
          "human.registered",
          "human.issuerOf",
          "human.nullifierOf",
          "human.holder",
          "human.latestExpiresAt",
          "humans.count",
          "dividend.heads",
        ],
        mayMove: HUMAN_SETTLEMENT,
      },
      {
        name: "HumanRegistry.revokePerson (the timelock, a person nobody registered)",
        act: (f) => f.humanRegistry.connect(f.timelockSigner).revokePerson(NOBODY_ID),
        moves: ["nobody.nullifier"],
      },
      {
        // Its term ends, and with it the registration it answers for, nobody else's.
        name: "HumanRegistry.revokeRole(ISSUER_ROLE) (the timelock)",
        act: async (f) =>
          f.humanRegistry.connect(f.timelockSigner).revokeRole(await f.humanRegistry.ISSUER_ROLE(), f.issuer.address),
        moves: [
          "humans.issuer(issuer)",
          "humans.termOf(issuer)",
          "humans.term1",
          "human.registered",
          "human.issuerOf",
          "human.nullifierOf",
          "human.holder",
          "human.answeringIssuer",
          "humans.count",
          "dividend.heads",
        ],
        mayMove: HUMAN_SETTLEMENT,
      },
      {
        name: "HumanRegistry.grantRole(ISSUER_ROLE) (the timelock)",
        act: async (f) =>
          f.humanRegistry.connect(f.timelockSigner).grantRole(await f.humanRegistry.ISSUER_ROLE(), f.stranger.address),
        moves: ["humans.issuer(stranger)", "humans.termOf(stranger)"],
      },
    ];
    for (const entry of cases) {
      it(`${entry.name} moves only ${entry.moves.join(", ")}`, async function () {
        const f = await networkHelpers.loadFixture(governedFixture);
        await f.poolRegistry.connect(f.stranger).propose("Second", "", f.stranger.address); // pool 2, proposed
        await entry.setup?.(f);
        const before = await stateOf(f);
        await entry.act(f);
        const after = await stateOf(f);
        const moved = Object.keys(after).filter((key) => after[key] !== before[key]);
        const allowed = new Set([...entry.moves, ...(entry.mayMove ?? [])]);
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
            const refusal = entry.except?.[actor] ?? entry;
            const caller = signerOf(f, actor).address;
            await expect(attempt, `${actor} must be refused`)
              .to.be.revertedWithCustomError(refusal.contract(f), refusal.error)
              .withArgs(...(await refusal.args(f, caller)));
          }
        }
      });
    }

    it("names every state-changing function of every contract, or says whose own it is", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const inMatrix = new Set(ROLE_MATRIX.map(functionOf));
      const missing: string[] = [];
      const known = new Set<string>();
      for (const [label, contract] of Object.entries(contractsOf(f))) {
        for (const name of writersOf(contract.interface)) {
          const key = `${label}.${name}`;
          known.add(key);
          if (!inMatrix.has(key) && HOLDERS_OWN[key] === undefined) missing.push(key);
        }
      }
      expect(missing, "state-changing functions the matrix does not call").to.deep.equal([]);
      // And nothing the matrix or the list names is gone from the contracts.
      const stale = [...inMatrix, ...Object.keys(HOLDERS_OWN)].filter((key) => !known.has(key));
      expect(stale, "names that are no function of the system").to.deep.equal([]);
    });

    it("calls every actor of the README's table: the proposer, anyone, the curator, the guardian, an issuer, a registered human, an attester, a pool's recipient", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const roles: Actor[] = [
        "proposer",
        "curator",
        "guardian",
        "issuer",
        "human",
        "attester",
        "recipient",
        "timelock",
      ];
      for (const role of roles) {
        const allowedSomewhere = ROLE_MATRIX.some(
          (entry) => entry.allowed !== "anyone" && entry.allowed.includes(role),
        );
        expect(allowedSomewhere, `${role} has a power of its own in the matrix`).to.equal(true);
        expect(ACTORS).to.include(role);
      }
      // The fixture gives every role its own account.
      const addresses = ACTORS.map((actor) => signerOf(f, actor).address);
      expect(new Set(addresses).size).to.equal(ACTORS.length);
    });
  });

  describe("fee changes through the timelock", function () {
    it("take effect only after the delay, and only when the proposer scheduled them", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const coin = await f.foundationCoin.getAddress();
      const data = f.foundationCoin.interface.encodeFunctionData("setFees", [120n, 80n]);
      const salt = ethers.id("fees-120-80");
      await expect(f.timelock.connect(f.stranger).schedule(coin, 0n, data, ethers.ZeroHash, salt, TWO_DAYS))
        .to.be.revertedWithCustomError(f.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(f.stranger.address, await f.timelock.PROPOSER_ROLE());
      await expect(f.timelock.connect(f.proposer).schedule(coin, 0n, data, ethers.ZeroHash, salt, TWO_DAYS - 1n))
        .to.be.revertedWithCustomError(f.timelock, "TimelockInsufficientDelay")
        .withArgs(TWO_DAYS - 1n, TWO_DAYS);
      await f.timelock.connect(f.proposer).schedule(coin, 0n, data, ethers.ZeroHash, salt, TWO_DAYS);
      const id = await f.timelock.hashOperation(coin, 0n, data, ethers.ZeroHash, salt);
      const readyAt = await f.timelock.getTimestamp(id);
      // One second before its time: refused.
      await networkHelpers.time.setNextBlockTimestamp(readyAt - 1n);
      await expect(f.timelock.connect(f.stranger).execute(coin, 0n, data, ethers.ZeroHash, salt))
        .to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState")
        .withArgs(id, READY_STATE);
      expect(await f.foundationCoin.mintFeeBps()).to.equal(50n);
      // At its time: anyone may execute it, once.
      await networkHelpers.time.setNextBlockTimestamp(readyAt);
      await expect(f.timelock.connect(f.stranger).execute(coin, 0n, data, ethers.ZeroHash, salt))
        .to.emit(f.foundationCoin, "FeesSet")
        .withArgs(120n, 80n);
      expect(await f.foundationCoin.mintFeeBps()).to.equal(120n);
      expect(await f.foundationCoin.redeemFeeBps()).to.equal(80n);
      await expect(f.timelock.connect(f.stranger).execute(coin, 0n, data, ethers.ZeroHash, salt))
        .to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState")
        .withArgs(id, READY_STATE);
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
      await expect(f.timelock.execute(coin, 0n, data, ethers.ZeroHash, ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState")
        .withArgs(id, READY_STATE);
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
      const id = await f.timelock.hashOperation(registry, 0n, data, ethers.ZeroHash, ethers.ZeroHash);
      await networkHelpers.time.increase(TWO_DAYS - 2n);
      await expect(f.timelock.connect(f.stranger).execute(registry, 0n, data, ethers.ZeroHash, ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState")
        .withArgs(id, READY_STATE);
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
      await expect(f.poolRegistry.connect(f.timelockSigner).grantRole(ethers.ZeroHash, f.newAdmin.address))
        .to.be.revertedWithCustomError(f.poolRegistry, "AccessControlEnforcedDefaultAdminRules")
        .withArgs();
    });
  });

  describe("the guardian", function () {
    it("pauses minting at once, while redemption and claims keep working", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const coin = f.foundationCoin.connect(f.holder);
      await f.reserveToken.connect(f.holder).approve(await coin.getAddress(), units("100"));
      await coin.mint(units("100"), f.holder.address, 1n, 0n);
      await f.foundationCoin.connect(f.guardian).pauseMinting();
      await expect(coin.mint(units("1"), f.holder.address, 0n, 0n))
        .to.be.revertedWithCustomError(f.foundationCoin, "MintingIsPaused")
        .withArgs();
      const sent: ContractTransactionResponse = await coin.redeem(units("1000"), f.holder.address, 0n, 0n);
      await expect(sent).to.emit(f.foundationCoin, "Redeemed");
      await expect(f.poolRegistry.connect(f.stranger).claim(1n)).to.emit(f.poolRegistry, "Claimed");
    });

    it("voids from the epoch's end until its review period is over, a report sent in the window's last second included; not a second later (ReviewPeriodOver)", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      await f.poolRegistry.connect(f.stranger).propose("Second", "", f.holder.address);
      await f.poolRegistry.connect(f.curator).approve(2n, 10n);
      const rewards = f.computeRewards.connect(f.guardian);
      const end = await endOf(f, 0n);
      // Before the epoch ends there is nothing to void.
      await expect(rewards.voidReport(1n, 0n))
        .to.be.revertedWithCustomError(f.computeRewards, "EpochNotEnded")
        .withArgs(0n);
      await networkHelpers.time.setNextBlockTimestamp(end);
      await submit(f, 2n, 0n, 7n);
      await expect(rewards.voidReport(1n, 0n))
        .to.be.revertedWithCustomError(f.computeRewards, "NoReport")
        .withArgs(1n, 0n);
      // Pool 1 reports in the submission window's last second (the review's A3-M1)…
      await networkHelpers.time.setNextBlockTimestamp(end + WINDOW);
      await expect(submit(f, 1n, 0n, 5n))
        .to.emit(f.computeRewards, "WorkSubmitted")
        .withArgs(1n, 0n, 5n, ethers.id("pool 1 epoch 0"), 1n, f.stranger.address);
      // …and the guardian can still void it, until the review period's last second.
      await networkHelpers.time.setNextBlockTimestamp(end + WINDOW + REVIEW);
      await expect(rewards.voidReport(1n, 0n)).to.emit(f.computeRewards, "ReportVoided").withArgs(1n, 0n, 5n);
      // One second later the epoch is final: no void any more, not even by the guardian.
      await networkHelpers.time.setNextBlockTimestamp(end + WINDOW + REVIEW + 1n);
      await expect(rewards.voidReport(2n, 0n))
        .to.be.revertedWithCustomError(f.computeRewards, "ReviewPeriodOver")
        .withArgs(0n, end + WINDOW + REVIEW);
      expect(await f.computeRewards.isVoided(2n, 0n)).to.equal(false);
      expect(await f.computeRewards.reportedUnits(2n, 0n)).to.equal(7n);
    });

    it("enriches nobody by a void: the voided units stay in the epoch's total, and the voided share goes to the commons by anyone's sweepVoided", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const rewards = f.computeRewards;
      await f.poolRegistry.connect(f.stranger).propose("Second", "", f.holder.address);
      await f.poolRegistry.connect(f.curator).approve(2n, 10n);
      const end = await endOf(f, 0n);
      await reach(end);
      // The review's A3-M3: pool 1 attested 1 unit, pool 2 1,000,000; the guardian voids pool 2.
      await submit(f, 1n, 0n, 1n);
      await submit(f, 2n, 0n, 1_000_000n);
      await expect(rewards.connect(f.guardian).voidReport(2n, 0n))
        .to.emit(rewards, "ReportVoided")
        .withArgs(2n, 0n, 1_000_000n);
      expect(await rewards.totalUnits(0n)).to.equal(1_000_001n);
      expect(await rewards.reportedUnits(2n, 0n)).to.equal(0n);
      expect(await rewards.isVoided(2n, 0n)).to.equal(true);
      await expect(rewards.connect(f.stranger).sweepVoided(2n, 0n))
        .to.be.revertedWithCustomError(rewards, "EpochNotFinal")
        .withArgs(0n);
      await reach(end + WINDOW + REVIEW + 1n);
      const budget = await rewards.epochBudget(0n);
      const share1 = (budget * 1n) / 1_000_001n;
      const share2 = (budget * 1_000_000n) / 1_000_001n;
      // Pool 1 gets its millionth, as without the void, not the whole budget.
      expect(share1).to.be.lt(budget / 1_000_000n + 1n);
      expect(await rewards.claimable(1n, 0n)).to.equal(share1);
      expect(await rewards.claimable(2n, 0n)).to.equal(0n);
      await expect(rewards.connect(f.stranger).claim(1n, [0n]))
        .to.emit(rewards, "WorkClaimed")
        .withArgs(1n, f.recipient.address, [0n], [share1], share1);
      expect(await rewards.connect(f.stranger).claim.staticCall(2n, [0n])).to.equal(0n);
      // The voided share is the commons': a stranger hands it over, the guardian has no say in it.
      await expect(rewards.connect(f.stranger).sweepVoided(1n, 0n))
        .to.be.revertedWithCustomError(rewards, "NotVoided")
        .withArgs(1n, 0n);
      const assignedBefore = await f.emission.assignedToCommons();
      const handOver = await mined(rewards.connect(f.stranger).sweepVoided(2n, 0n));
      await expect(handOver).to.emit(rewards, "VoidedToCommons").withArgs(2n, 0n, share2);
      await expect(handOver)
        .to.emit(f.emission, "AssignedToCommons")
        .withArgs(await rewards.getAddress(), share2, assignedBefore + share2);
      expect(await rewards.voidedToCommonsIn(0n)).to.equal(share2);
      expect(await rewards.isClaimed(2n, 0n)).to.equal(true);
      // Once: the guardian's call hands over nothing more than anyone's.
      expect(await rewards.connect(f.guardian).sweepVoided.staticCall(2n, 0n)).to.equal(0n);
      // After the claim period the rounding dust is swept: budget = claimed + voided + swept, to the wei.
      await reach(end + WINDOW + REVIEW + CLAIM_PERIOD + 1n);
      await expect(rewards.connect(f.stranger).sweep(0n))
        .to.emit(rewards, "EpochSwept")
        .withArgs(0n, budget - share1 - share2);
      expect(
        (await rewards.claimedIn(0n)) + (await rewards.voidedToCommonsIn(0n)) + (await rewards.sweptIn(0n)),
      ).to.equal(budget);
    });
  });

  describe("attesters", function () {
    it("may always renounce, even at attesters == quorum; the admin's revoke below the quorum is refused (InvalidQuorum)", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const rewards = f.computeRewards;
      const role = await rewards.ATTESTER_ROLE();
      expect(await rewards.quorum()).to.equal(2n);
      expect(await rewards.getRoleMemberCount(role)).to.equal(2n);
      await expect(rewards.connect(f.timelockSigner).revokeRole(role, f.attesterA.address))
        .to.be.revertedWithCustomError(rewards, "InvalidQuorum")
        .withArgs(2n, 1n);
      expect(await rewards.hasRole(role, f.attesterA.address)).to.equal(true);
      // A leaked key stops signing at once.
      await expect(rewards.connect(f.attesterA).renounceRole(role, f.attesterA.address))
        .to.emit(rewards, "RoleRevoked")
        .withArgs(role, f.attesterA.address, f.attesterA.address);
      expect(await rewards.getRoleMemberCount(role)).to.equal(1n);
      expect(await rewards.quorum()).to.equal(2n);
      // No report passes until the admin acts: A's signature no longer counts, B alone is too few.
      await reach(await endOf(f, 0n));
      const { report, signers, signatures } = await signedReport(f, 1n, 0n, 5n);
      await expect(rewards.submitWork(1n, 0n, 5n, report.evidence, 1n, signers, signatures))
        .to.be.revertedWithCustomError(rewards, "NotAttester")
        .withArgs(f.attesterA.address);
      const alone = await attest(rewards, report, [f.attesterB]);
      await expect(rewards.submitWork(1n, 0n, 5n, report.evidence, 1n, alone.signers, alone.signatures))
        .to.be.revertedWithCustomError(rewards, "BelowQuorum")
        .withArgs(1n, 2n);
      await expect(rewards.connect(f.timelockSigner).revokeRole(role, f.attesterB.address))
        .to.be.revertedWithCustomError(rewards, "InvalidQuorum")
        .withArgs(2n, 0n);
      // The admin lowers the quorum: B's signature suffices again.
      await expect(rewards.connect(f.timelockSigner).setQuorum(1n)).to.emit(rewards, "QuorumSet").withArgs(1n);
      await expect(
        rewards.connect(f.stranger).submitWork(1n, 0n, 5n, report.evidence, 1n, alone.signers, alone.signatures),
      )
        .to.emit(rewards, "WorkSubmitted")
        .withArgs(1n, 0n, 5n, report.evidence, 1n, f.stranger.address);
      // The last attester may renounce too: then nobody signs until the admin grants another.
      await expect(rewards.connect(f.attesterB).renounceRole(role, f.attesterB.address))
        .to.emit(rewards, "RoleRevoked")
        .withArgs(role, f.attesterB.address, f.attesterB.address);
      expect(await rewards.getRoleMemberCount(role)).to.equal(0n);
    });

    it("are granted and revoked by the admin, which keeps the quorum between 1 and the attesters", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const rewards = f.computeRewards.connect(f.timelockSigner);
      const role = await rewards.ATTESTER_ROLE();
      const timelock = await f.timelock.getAddress();
      for (const quorum of [0n, 3n]) {
        await expect(rewards.setQuorum(quorum))
          .to.be.revertedWithCustomError(rewards, "InvalidQuorum")
          .withArgs(quorum, 2n);
      }
      await expect(rewards.grantRole(role, f.attesterC.address))
        .to.emit(rewards, "RoleGranted")
        .withArgs(role, f.attesterC.address, timelock);
      await expect(rewards.setQuorum(3n)).to.emit(rewards, "QuorumSet").withArgs(3n);
      await expect(rewards.revokeRole(role, f.attesterC.address))
        .to.be.revertedWithCustomError(rewards, "InvalidQuorum")
        .withArgs(3n, 2n);
      await rewards.setQuorum(2n);
      await expect(rewards.revokeRole(role, f.attesterC.address))
        .to.emit(rewards, "RoleRevoked")
        .withArgs(role, f.attesterC.address, timelock);
      expect(await rewards.getRoleMemberCount(role)).to.equal(2n);
    });
  });

  describe("issuers answer for their own", function () {
    it("revoke and revokePerson only what they answer for (NotYourPerson); the timelock revokes anyone", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const r = f.humanRegistry;
      const timelock = await f.timelock.getAddress();
      await expect(r.connect(f.otherIssuer).revoke(f.human.address))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(HUMAN_ID, f.otherIssuer.address, f.issuer.address);
      await expect(r.connect(f.otherIssuer).revokePerson(HUMAN_ID))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(HUMAN_ID, f.otherIssuer.address, f.issuer.address);
      await expect(r.connect(f.issuer).revoke(f.otherHuman.address))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(OTHER_HUMAN_ID, f.issuer.address, f.otherIssuer.address);
      expect(await r.humanCount()).to.equal(2n);
      await expect(r.connect(f.issuer).revoke(f.human.address))
        .to.emit(r, "HumanRevoked")
        .withArgs(f.human.address, HUMAN_ID, f.issuer.address);
      await expect(r.connect(f.timelockSigner).revokePerson(OTHER_HUMAN_ID))
        .to.emit(r, "HumanRevoked")
        .withArgs(f.otherHuman.address, OTHER_HUMAN_ID, timelock);
      expect(await r.isRegistered(f.human.address)).to.equal(false);
      expect(await r.isRegistered(f.otherHuman.address)).to.equal(false);
      expect(await r.humanCount()).to.equal(0n);
      // A person nobody ever registered: the timelock alone may bar it.
      await expect(r.connect(f.issuer).revokePerson(NOBODY_ID))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(NOBODY_ID, f.issuer.address, ethers.ZeroAddress);
      await expect(r.connect(f.timelockSigner).revokePerson(NOBODY_ID))
        .to.emit(r, "HumanRevoked")
        .withArgs(ethers.ZeroAddress, NOBODY_ID, timelock);
    });

    it("register and renew only whom they answer for: another issuer's renewal is refused (AnotherIssuersPerson), after the registration lapsed too; once the first issuer's term ended, the other may register the person", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const r = f.humanRegistry;
      const submit = (c: Awaited<ReturnType<typeof credential>>) =>
        r.connect(f.stranger).register(c.account, c.nullifier, c.expiresAt, c.issuer, c.signature);
      // The other issuer's renewal of the issuer's human: refused, nothing moves.
      const takeover = await credential(f, f.human.address, HUMAN_ID, 380n * DAY, f.otherIssuer);
      await expect(submit(takeover))
        .to.be.revertedWithCustomError(r, "AnotherIssuersPerson")
        .withArgs(HUMAN_ID, f.issuer.address);
      expect(await r.issuerOf(f.human.address)).to.equal(f.issuer.address);
      expect([...(await r.nullifier(HUMAN_ID))][2]).to.equal(f.issuer.address);
      expect(await r.humanCount()).to.equal(2n);
      await expect(r.connect(f.otherIssuer).revoke(f.human.address))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(HUMAN_ID, f.otherIssuer.address, f.issuer.address);
      // The issuer answering for it renews it, and answers for it still.
      const renewal = await credential(f, f.human.address, HUMAN_ID, 370n * DAY);
      await expect(submit(renewal))
        .to.emit(r, "HumanRenewed")
        .withArgs(f.human.address, HUMAN_ID, renewal.expiresAt, f.issuer.address);
      expect(await r.issuerOf(f.human.address)).to.equal(f.issuer.address);
      expect(await r.expiresAt(f.human.address)).to.equal(renewal.expiresAt);
      expect(await r.humanCount()).to.equal(2n);
      // A later credential does not help the other issuer while the registration lasts.
      await expect(submit(takeover))
        .to.be.revertedWithCustomError(r, "AnotherIssuersPerson")
        .withArgs(HUMAN_ID, f.issuer.address);
      // The registration expires and anyone removes it: the person is still the first issuer's
      // (review 16, R16-2: a rogue issuer could otherwise bind a lapsed person to its own Sybil).
      await networkHelpers.time.increaseTo(renewal.expiresAt);
      await expect(r.connect(f.stranger).removeExpired(f.human.address))
        .to.emit(r, "HumanRemoved")
        .withArgs(f.human.address);
      expect(await r.humanCount()).to.equal(1n);
      await expect(submit(takeover))
        .to.be.revertedWithCustomError(r, "AnotherIssuersPerson")
        .withArgs(HUMAN_ID, f.issuer.address);
      expect([...(await r.nullifier(HUMAN_ID))]).to.deep.equal([
        ethers.ZeroAddress,
        renewal.expiresAt,
        f.issuer.address,
      ]);
      // Once the timelock ended the first issuer's term, nobody answers for the person and the
      // other issuer may register them.
      await r.connect(f.timelockSigner).revokeRole(await r.ISSUER_ROLE(), f.issuer.address);
      expect([...(await r.nullifier(HUMAN_ID))][2]).to.equal(ethers.ZeroAddress);
      await expect(submit(takeover))
        .to.emit(r, "HumanRegistered")
        .withArgs(f.human.address, HUMAN_ID, takeover.expiresAt, f.otherIssuer.address);
      expect(await r.issuerOf(f.human.address)).to.equal(f.otherIssuer.address);
      expect(await r.humanCount()).to.equal(2n);
      // From then on the other issuer answers for it, and the first (regranted: a new term) does not.
      await r.connect(f.timelockSigner).grantRole(await r.ISSUER_ROLE(), f.issuer.address);
      await expect(r.connect(f.issuer).revoke(f.human.address))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(HUMAN_ID, f.issuer.address, f.otherIssuer.address);
      await expect(r.connect(f.otherIssuer).revoke(f.human.address))
        .to.emit(r, "HumanRevoked")
        .withArgs(f.human.address, HUMAN_ID, f.otherIssuer.address);
    });

    it("lose every registration they answer for with their role (IssuerTermEnded), and their credentials with it", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const r = f.humanRegistry;
      const role = await r.ISSUER_ROLE();
      const timelock = await f.timelock.getAddress();
      expect(await r.termOf(f.issuer.address)).to.equal(1n);
      expect(await r.termOf(f.otherIssuer.address)).to.equal(2n);
      const revocation = await mined(r.connect(f.timelockSigner).revokeRole(role, f.issuer.address));
      await expect(revocation).to.emit(r, "IssuerTermEnded").withArgs(f.issuer.address, 1n, 1n);
      await expect(revocation).to.emit(f.humanDividend, "TermEnded").withArgs(1n, 1n);
      await expect(revocation).to.emit(r, "RoleRevoked").withArgs(role, f.issuer.address, timelock);
      expect(await r.isRegistered(f.human.address)).to.equal(false);
      expect(await r.issuerOf(f.human.address)).to.equal(ethers.ZeroAddress);
      expect(await r.isRegistered(f.otherHuman.address)).to.equal(true);
      expect(await r.humanCount()).to.equal(1n);
      expect(await r.termOf(f.issuer.address)).to.equal(0n);
      expect([...(await r.termInfo(1n))]).to.deep.equal([f.issuer.address, true]);
      // What the human accrued stays claimable and grows no more.
      const accrued = await f.humanDividend.claimable(f.human.address);
      expect(accrued).to.be.gt(0n);
      await networkHelpers.time.increase(DAY);
      expect(await f.humanDividend.claimable(f.human.address)).to.equal(accrued);
      // The former issuer answers for nobody: no revocation, no credential.
      await expect(r.connect(f.issuer).revokePerson(HUMAN_ID))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(HUMAN_ID, f.issuer.address, ethers.ZeroAddress);
      const unused = await credential(f, NEWCOMER, ethers.id("person: newcomer"), 30n * DAY, f.issuer);
      await expect(r.register(unused.account, unused.nullifier, unused.expiresAt, unused.issuer, unused.signature))
        .to.be.revertedWithCustomError(r, "NotIssuer")
        .withArgs(f.issuer.address);
      // The timelock still bars the person.
      await expect(r.connect(f.timelockSigner).revokePerson(HUMAN_ID))
        .to.emit(r, "HumanRevoked")
        .withArgs(ethers.ZeroAddress, HUMAN_ID, timelock);
      // Renouncing ends a term the same way.
      await expect(r.connect(f.otherIssuer).renounceRole(role, f.otherIssuer.address))
        .to.emit(r, "IssuerTermEnded")
        .withArgs(f.otherIssuer.address, 2n, 1n);
      expect(await r.humanCount()).to.equal(0n);
      // A new grant is a new term: the old term's registrations stay ended.
      await expect(r.connect(f.timelockSigner).grantRole(role, f.issuer.address))
        .to.emit(r, "IssuerTermStarted")
        .withArgs(f.issuer.address, 3n);
      expect(await r.isRegistered(f.human.address)).to.equal(false);
    });
  });

  describe("attesters, issuers and the quorum through the timelock", function () {
    it("change only when the proposer scheduled them and the delay has passed; anyone executes", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const attester = await f.computeRewards.ATTESTER_ROLE();
      const issuerRole = await f.humanRegistry.ISSUER_ROLE();
      const timelock = await f.timelock.getAddress();
      // The proposer holds no admin power itself: it can only schedule.
      await expect(f.computeRewards.connect(f.proposer).setQuorum(1n))
        .to.be.revertedWithCustomError(f.computeRewards, "AccessControlUnauthorizedAccount")
        .withArgs(f.proposer.address, ethers.ZeroHash);
      await expect(f.humanRegistry.connect(f.proposer).revokeRole(issuerRole, f.issuer.address))
        .to.be.revertedWithCustomError(f.humanRegistry, "AccessControlUnauthorizedAccount")
        .withArgs(f.proposer.address, ethers.ZeroHash);
      const compute = await f.computeRewards.getAddress();
      const humans = await f.humanRegistry.getAddress();
      const targets = [compute, compute, humans, humans];
      const values = [0n, 0n, 0n, 0n];
      const payloads = [
        f.computeRewards.interface.encodeFunctionData("grantRole", [attester, f.attesterC.address]),
        f.computeRewards.interface.encodeFunctionData("setQuorum", [3n]),
        f.humanRegistry.interface.encodeFunctionData("revokeRole", [issuerRole, f.issuer.address]),
        f.humanRegistry.interface.encodeFunctionData("grantRole", [issuerRole, f.stranger.address]),
      ];
      const salt = ethers.id("attesters and issuers");
      await f.timelock.connect(f.proposer).scheduleBatch(targets, values, payloads, ethers.ZeroHash, salt, TWO_DAYS);
      const id = await f.timelock.hashOperationBatch(targets, values, payloads, ethers.ZeroHash, salt);
      const readyAt = await f.timelock.getTimestamp(id);
      await networkHelpers.time.setNextBlockTimestamp(readyAt - 1n);
      await expect(f.timelock.connect(f.stranger).executeBatch(targets, values, payloads, ethers.ZeroHash, salt))
        .to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState")
        .withArgs(id, READY_STATE);
      expect(await f.computeRewards.quorum()).to.equal(2n);
      expect(await f.humanRegistry.isRegistered(f.human.address)).to.equal(true);
      await networkHelpers.time.setNextBlockTimestamp(readyAt);
      const executed = await mined(
        f.timelock.connect(f.stranger).executeBatch(targets, values, payloads, ethers.ZeroHash, salt),
      );
      await expect(executed).to.emit(f.computeRewards, "RoleGranted").withArgs(attester, f.attesterC.address, timelock);
      await expect(executed).to.emit(f.computeRewards, "QuorumSet").withArgs(3n);
      await expect(executed).to.emit(f.humanRegistry, "IssuerTermEnded").withArgs(f.issuer.address, 1n, 1n);
      await expect(executed).to.emit(f.humanRegistry, "IssuerTermStarted").withArgs(f.stranger.address, 3n);
      expect(await f.computeRewards.quorum()).to.equal(3n);
      expect(await f.humanRegistry.isRegistered(f.human.address)).to.equal(false);
      expect(await f.humanRegistry.isRegistered(f.otherHuman.address)).to.equal(true);
    });
  });

  describe("what nobody changes", function () {
    it("REVIEW_PERIOD, like the epoch, window and claim period, is immutable: no function of ComputeRewards writes it", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const rewards = f.computeRewards;
      const abi = rewards.interface;
      for (const name of ["REVIEW_PERIOD", "SUBMISSION_WINDOW", "EPOCH_LENGTH", "CLAIM_PERIOD"] as const) {
        const getter = abi.getFunction(name);
        expect(getter?.stateMutability, name).to.equal("view");
        expect(getter?.inputs.length, name).to.equal(0);
      }
      const writers = writersOf(abi);
      expect(writers).to.deep.equal([
        "acceptDefaultAdminTransfer",
        "beginDefaultAdminTransfer",
        "cancelDefaultAdminTransfer",
        "changeDefaultAdminDelay",
        "claim",
        "forwardSurplus",
        "grantRole",
        "renounceRole",
        "revokeRole",
        "rollbackDefaultAdminDelay",
        "setQuorum",
        "settleCommons",
        "submitWork",
        "sweep",
        "sweepVoided",
        "voidReport",
      ]);
      expect(writers.filter((name) => /review|period|window|length|duration|epoch/i.test(name))).to.deep.equal([]);
      // The admin, using every power it has here, leaves the durations where the deployment put them.
      const admin = rewards.connect(f.timelockSigner);
      await admin.grantRole(await rewards.ATTESTER_ROLE(), f.attesterC.address);
      await admin.setQuorum(3n);
      await admin.grantRole(await rewards.GUARDIAN_ROLE(), f.stranger.address);
      await admin.changeDefaultAdminDelay(DAY);
      await admin.beginDefaultAdminTransfer(f.newAdmin.address);
      expect(await rewards.REVIEW_PERIOD()).to.equal(REVIEW);
      expect(await rewards.SUBMISSION_WINDOW()).to.equal(WINDOW);
      expect(await rewards.EPOCH_LENGTH()).to.equal(EPOCH);
      expect(await rewards.CLAIM_PERIOD()).to.equal(CLAIM_PERIOD);
    });

    it("the rate, the fee cap, the emission split and the durations have no setter: the system's only setters are the ones the matrix limits", async function () {
      const f = await networkHelpers.loadFixture(governedFixture);
      const setters: string[] = [];
      for (const [label, contract] of Object.entries(contractsOf(f))) {
        for (const name of writersOf(contract.interface)) {
          if (/^(set[A-Z]|update|change)/.test(name)) setters.push(`${label}.${name}`);
        }
      }
      expect(setters.sort()).to.deep.equal(
        [
          "FoundationCoin.setFees",
          "FoundationCoin.setPoolOpen",
          "FoundationCoin.changeDefaultAdminDelay",
          "PoolRegistry.setWeight",
          "PoolRegistry.setRecipient",
          "PoolRegistry.changeDefaultAdminDelay",
          "ReserveToken.setMinter",
          "Emission.setNobodyRegistered",
          "ComputeRewards.setQuorum",
          "ComputeRewards.changeDefaultAdminDelay",
          "HumanRegistry.changeDefaultAdminDelay",
          "TimelockController.updateDelay",
        ].sort(),
      );
      for (const setter of setters) {
        const entries = ROLE_MATRIX.filter((entry) => functionOf(entry) === setter);
        expect(entries.length, setter).to.be.gt(0);
        for (const entry of entries) expect(entry.allowed, `${entry.name} is no one's to call`).not.to.equal("anyone");
      }
      expect(await f.foundationCoin.MAX_FEE_BPS()).to.equal(200n);
    });
  });
});
