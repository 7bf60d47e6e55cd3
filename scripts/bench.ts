/**
 * `npm run bench`: the gas benchmark. Every scenario runs twice in this one run, on fresh in-process
 * chains: on today's contracts and on the baseline of 0a02faa (bench/baseline-0a02faa, compiled here),
 * with OpenZeppelin's fee-less ERC20Wrapper beside them as the least a peg can cost. Each scenario
 * brings the system to a steady state first (holders, pools and contracts that already hold tokens,
 * finite allowances), then measures. Prints a table, writes reports/gas.json, and exits non-zero when
 * a limit is missed.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { ContractTransactionResponse } from "ethers";
import { BaselineWrapper__factory } from "../typechain-types/index.js";
import { units } from "../client/foundation.js";
import { GAS_MARGIN, SETTLEMENT_HEADROOM, settlementGasLimit } from "../client/gas.js";
import { signPermit } from "../client/permit.js";
import { BASELINE_COMMIT } from "./lib/baseline.js";
import { deployBaseline, deployNow, type System, type SystemParameters } from "./lib/bench-systems.js";

type Version = System["version"];
type Deploy = (connection: NetworkConnection, parameters: SystemParameters) => Promise<System>;
const VERSIONS: [Version, Deploy][] = [
  [BASELINE_COMMIT as Version, deployBaseline],
  ["now", deployNow],
];

/** What a scenario measured, by operation. */
type Measured = Map<string, bigint>;

/** A limit on today's figure: at most `factor` times another figure (of today, or of 0a02faa), or at most `max` gas. */
interface Limit {
  name: string;
  factor?: number;
  of?: { name: string; version: Version };
  max?: bigint;
  why: string;
}

const GENESIS = units("100000");
const AMOUNT = units("10");
const ALLOWANCE = units("50000");
const HOUR = 3_600n;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction was not mined");
  return receipt.gasUsed;
}

/** Sends `first` and then `second` into one block; returns the second's gas (nothing new is due to it). */
async function inOneBlock(
  connection: NetworkConnection,
  first: () => Promise<ContractTransactionResponse>,
  second: () => Promise<ContractTransactionResponse>,
): Promise<bigint> {
  await connection.provider.request({ method: "evm_setAutomine", params: [false] });
  try {
    const a = await first();
    const b = await second();
    await connection.networkHelpers.mine();
    await a.wait();
    return await gasOf(Promise.resolve(b));
  } finally {
    await connection.provider.request({ method: "evm_setAutomine", params: [true] });
  }
}

/**
 * Mint, redeem, transfers, permit, and the registry's settlements: a claim, an approval, a weight
 * change and a curation, each with emission due (an hour after the last settlement) and with
 * nothing new due (in the block of another settlement); and a claim estimated one block early.
 */
async function steadyState(version: Version, deploy: Deploy): Promise<Measured> {
  const connection = await network.create();
  const { ethers, networkHelpers } = connection;
  const [deployer, alice, bob, poolOwner] = await ethers.getSigners();
  if (!deployer || !alice || !bob || !poolOwner) throw new Error("the in-process chain has too few accounts");
  const s = await deploy(connection, {
    genesisAccounts: [alice.address, bob.address],
    genesisAmounts: [GENESIS, GENESIS],
  });
  const m: Measured = new Map();
  const f = (
    contract: { getFunction(name: string): (...args: unknown[]) => Promise<ContractTransactionResponse> },
    name: string,
  ) => contract.getFunction(name);
  const wrapper = await new BaselineWrapper__factory(deployer).deploy(await s.reserve.getAddress());

  for (const name of ["Cancer research", "Free AI", "Education", "Longevity", "Oceans", "Soil"]) {
    await f(s.registry.connect(poolOwner) as typeof s.registry, "propose")(name, "ipfs://pool", poolOwner.address);
  }
  await s.firstWeights([1n, 2n], [100n, 50n]);
  for (const holder of [alice, bob]) {
    await f(s.reserve.connect(holder) as typeof s.reserve, "approve")(await s.coin.getAddress(), ALLOWANCE);
    await f(s.reserve.connect(holder) as typeof s.reserve, "approve")(await wrapper.getAddress(), ALLOWANCE);
    await f(s.coin.connect(holder) as typeof s.coin, "mint")(units("100"), holder.address, 1n, 0n);
    await f(s.coin.connect(holder) as typeof s.coin, "mint")(units("100"), holder.address, 0n, 0n);
    await wrapper.connect(holder).depositFor(holder.address, units("100"));
  }
  await s.settle();
  await f(s.registry, "claim")(1n);
  await f(s.registry, "claim")(2n);
  await networkHelpers.time.increase(HOUR);
  await s.settle();

  const coin = s.coin.connect(alice) as typeof s.coin;
  const [minCoinOut] = (await coin.getFunction("previewMint")(AMOUNT)) as unknown as [bigint, bigint];
  const [minReserveOut] = (await coin.getFunction("previewRedeem")(minCoinOut)) as unknown as [bigint, bigint];
  if (version === "now") {
    m.set("ERC20Wrapper.depositFor", await gasOf(wrapper.connect(alice).depositFor(alice.address, AMOUNT)));
    m.set("ERC20Wrapper.withdrawTo", await gasOf(wrapper.connect(alice).withdrawTo(alice.address, AMOUNT)));
  }
  m.set("FoundationCoin.mint (commons)", await gasOf(f(coin, "mint")(AMOUNT, alice.address, 0n, minCoinOut)));
  m.set(
    "FoundationCoin.redeem (commons)",
    await gasOf(f(coin, "redeem")(minCoinOut, alice.address, 0n, minReserveOut)),
  );
  m.set("FoundationCoin.mint (named pool)", await gasOf(f(coin, "mint")(AMOUNT, alice.address, 1n, minCoinOut)));
  m.set(
    "FoundationCoin.redeem (named pool)",
    await gasOf(f(coin, "redeem")(minCoinOut, alice.address, 1n, minReserveOut)),
  );

  // Pool 1 has named fees waiting (the mints and redemptions above) and an hour of emission due;
  // then the same claim, with the same named fee waiting each time, when emission is due and when
  // nothing new is due (a settlement just counted everything in its block).
  await networkHelpers.time.increase(HOUR);
  m.set(CLAIM_NAMED, await gasOf(f(s.registry, "claim")(1n)));
  const bobCoin = s.coin.connect(bob) as typeof s.coin;
  await f(bobCoin, "mint")(AMOUNT, bob.address, 1n, 0n);
  await networkHelpers.time.increase(HOUR);
  m.set(CLAIM, await gasOf(f(s.registry, "claim")(1n)));
  await f(bobCoin, "mint")(AMOUNT, bob.address, 1n, 0n);
  await networkHelpers.time.increase(HOUR);
  m.set(
    CLAIM_NOT_DUE,
    await inOneBlock(
      connection,
      () => s.settle(),
      () => f(s.registry, "claim")(1n),
    ),
  );
  await networkHelpers.time.increase(HOUR);
  m.set("PoolRegistry.approve, emission due", await gasOf(f(s.registry, "approve")(3n, 50n)));
  await networkHelpers.time.increase(HOUR);
  m.set(
    "PoolRegistry.approve, nothing new due (after a settlement in its block)",
    await inOneBlock(
      connection,
      () => s.settle(),
      () => f(s.registry, "approve")(4n, 50n),
    ),
  );
  await networkHelpers.time.increase(HOUR);
  m.set("PoolRegistry.setWeight, emission due", await gasOf(f(s.registry, "setWeight")(1n, 120n)));
  await networkHelpers.time.increase(HOUR);
  m.set(
    "PoolRegistry.curate 3 pools, emission due",
    await gasOf(f(s.registry, "curate")([1n, 5n, 6n], [100n, 30n, 20n])),
  );
  if (version !== "now") {
    await networkHelpers.time.increase(HOUR);
    m.set("Emission.release", await gasOf(f(s.emission, "release")()));
  }

  // A wallet estimates pool 2's claim against the block of someone's settlement, where nothing new
  // is due, and its transaction lands in the next block, a second later, with the commands' margin.
  await networkHelpers.time.increase(HOUR);
  await s.settle();
  const estimate = (await s.registry.getFunction("claim").estimateGas(2n, { blockTag: "latest" })) as bigint;
  const limit = BigInt(Math.floor(Number(estimate) * GAS_MARGIN));
  // The node throws on a failed transaction; the block it landed in still has its receipt.
  await f(s.registry, "claim")(2n, { gasLimit: limit }).catch(() => undefined);
  const block = await ethers.provider.getBlock("latest", true);
  const receipt = await ethers.provider.getTransactionReceipt(block!.transactions[0]!);
  const landed = receipt!.gasUsed;
  const ok = receipt!.status === 1;
  m.set("PoolRegistry.claim, estimated a block earlier: estimate", estimate);
  m.set(`PoolRegistry.claim, estimated a block earlier: used (limit estimate × ${GAS_MARGIN})`, landed);
  m.set("PoolRegistry.claim, estimated a block earlier: ran out of gas (1 = yes)", ok ? 0n : 1n);

  // Transfers and a one-transaction mint through the reserve's permit (the same code in both versions).
  m.set("FoundationCoin.transfer", await gasOf(f(coin, "transfer")(bob.address, AMOUNT)));
  if (version === "now")
    m.set("ERC20Wrapper.transfer", await gasOf(wrapper.connect(alice).transfer(bob.address, AMOUNT)));
  await f(coin, "approve")(bob.address, ALLOWANCE);
  m.set("FoundationCoin.transferFrom", await gasOf(f(bobCoin, "transferFrom")(alice.address, bob.address, AMOUNT)));
  if (version === "now") {
    await wrapper.connect(alice).approve(bob.address, ALLOWANCE);
    m.set(
      "ERC20Wrapper.transferFrom",
      await gasOf(wrapper.connect(bob).transferFrom(alice.address, bob.address, AMOUNT)),
    );
  }
  const coinAddress = await s.coin.getAddress();
  const permitToken = {
    getAddress: () => s.reserve.getAddress(),
    name: async () => (await s.reserve.getFunction("name")()) as string,
    nonces: async (owner: string) => (await s.reserve.getFunction("nonces")(owner)) as bigint,
  };
  const deadline = BigInt(await networkHelpers.time.latest()) + HOUR;
  const mintWithPermit = async () => {
    const { v, r, s: sig } = await signPermit(alice, permitToken, coinAddress, AMOUNT, deadline);
    return f(coin, "mintWithPermit")(AMOUNT, alice.address, 0n, minCoinOut, deadline, v, r, sig);
  };
  await f(s.reserve.connect(alice) as typeof s.reserve, "approve")(coinAddress, 0n);
  await mintWithPermit();
  const approveGas = await gasOf(f(s.reserve.connect(alice) as typeof s.reserve, "approve")(coinAddress, AMOUNT));
  m.set(
    "ReserveToken.approve + FoundationCoin.mint (commons), two transactions",
    approveGas + (await gasOf(f(coin, "mint")(AMOUNT, alice.address, 0n, minCoinOut))),
  );
  m.set("FoundationCoin.mintWithPermit (commons)", await gasOf(mintWithPermit()));
  await connection.provider.close();
  return m;
}

/** A commons mint and a pool's claim with `pools` active pools (today's contracts). */
async function withPools(pools: number): Promise<Measured> {
  const connection = await network.create();
  const [, holder, owner] = await connection.ethers.getSigners();
  if (!holder || !owner) throw new Error("the in-process chain has too few accounts");
  const s = await deployNow(connection, { genesisAccounts: [holder.address], genesisAmounts: [GENESIS] });
  const ids: bigint[] = [];
  for (let id = 1n; id <= BigInt(pools); id++) {
    await s.registry.getFunction("propose")(`Pool ${id}`, "", owner.address);
    ids.push(id);
  }
  for (let i = 0; i < ids.length; i += 250) {
    const batch = ids.slice(i, i + 250);
    await s.registry.getFunction("curate")(
      batch,
      batch.map(() => 10n),
    );
  }
  const coin = s.coin.connect(holder) as typeof s.coin;
  await (s.reserve.connect(holder) as typeof s.reserve).getFunction("approve")(await coin.getAddress(), ALLOWANCE);
  await coin.getFunction("mint")(AMOUNT, holder.address, 0n, 0n);
  await s.registry.getFunction("claim")(1n);
  const [minCoinOut] = (await coin.getFunction("previewMint")(AMOUNT)) as unknown as [bigint];
  const mint = await gasOf(coin.getFunction("mint")(AMOUNT, holder.address, 0n, minCoinOut));
  await connection.networkHelpers.time.increase(HOUR);
  await s.registry.getFunction("claim")(1n);
  await connection.networkHelpers.time.increase(HOUR);
  const claim = await gasOf(s.registry.getFunction("claim")(1n));
  await connection.provider.close();
  const label = `${pools} active pool${pools === 1 ? "" : "s"}`;
  return new Map([
    [`FoundationCoin.mint (commons), ${label}`, mint],
    [`PoolRegistry.claim, ${label}`, claim],
  ]);
}

/**
 * Verified compute with `quorum` of three attesters and `pools` active pools that all report in the
 * measured epochs: the last report of an epoch (no epoch slot starts from zero), a pool's claim of
 * one and of ten final epochs (another pool claimed them first), and the guardian's void of a
 * report in an epoch where another pool reported (after a first void in an earlier epoch).
 */
async function computeCosts(deploy: Deploy, quorum: bigint, pools: number): Promise<Measured> {
  const connection = await network.create();
  const { ethers, networkHelpers } = connection;
  const [, owner, ...rest] = await ethers.getSigners();
  const attesters = rest.slice(0, 3).sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  if (!owner || attesters.length < 3) throw new Error("the in-process chain has too few accounts");
  const s = await deploy(connection, {
    attesters: attesters.map((a) => a.address),
    quorum,
    epochLength: HOUR,
    submissionWindow: HOUR / 2n,
    reviewPeriod: HOUR / 2n,
  });
  const ids: bigint[] = [];
  for (let id = 1n; id <= BigInt(pools); id++) {
    await s.registry.getFunction("propose")(`Pool ${id}`, "", owner.address);
    ids.push(id);
  }
  await s.firstWeights(
    ids,
    ids.map(() => 10n),
  );
  const signing = attesters.slice(0, Number(quorum));
  const start = (await s.compute.getFunction("START")()) as bigint;
  const report = (poolId: bigint, epoch: bigint) =>
    s.submitWork(
      { poolId, epoch, units: 3_600n * poolId, evidence: ethers.id(`pool ${poolId} epoch ${epoch}`) },
      signing,
    );
  let submit = 0n;
  for (let epoch = 0n; epoch < 12n; epoch++) {
    await networkHelpers.time.increaseTo(start + (epoch + 1n) * HOUR + 1n);
    for (const id of ids) {
      const gas = await gasOf(report(id, epoch));
      if (epoch === 0n && id === ids[ids.length - 1]) submit = gas;
    }
  }
  // Past epoch 11's window (and, today, its review period): epochs 0 to 11 are final.
  await networkHelpers.time.increaseTo(start + 13n * HOUR + 1n);
  // Pool 2 claims first, so pool 1's claims find the epochs' books written; pool 1's first claim
  // marks its first claimed epoch (today: a new word of claimed bits, once per 256 epochs).
  const all = Array.from({ length: 12 }, (_, i) => BigInt(i));
  await s.compute.getFunction("claim")(2n, all);
  const claimFirst = await gasOf(s.compute.getFunction("claim")(1n, [0n]));
  const claimOne = await gasOf(s.compute.getFunction("claim")(1n, [1n]));
  const claimTen = await gasOf(s.compute.getFunction("claim")(1n, all.slice(2)));
  // Two more epochs in which every pool reports and the guardian (the deploying account) voids
  // pool 1's report: the first void of the run, then the measured one.
  let voidReport = 0n;
  for (const epoch of [12n, 13n]) {
    await networkHelpers.time.increaseTo(start + (epoch + 1n) * HOUR + 120n);
    for (const id of ids) await report(id, epoch);
    voidReport = await gasOf(s.compute.getFunction("voidReport")(1n, epoch));
  }
  await connection.provider.close();
  const suffix = pools === 2 ? "" : `, ${pools} pools reporting`;
  return new Map([
    [`ComputeRewards.submitWork, quorum ${quorum}${suffix}`, submit],
    [`ComputeRewards.claim, a pool's first${suffix}`, claimFirst],
    [`ComputeRewards.claim, 1 epoch${suffix}`, claimOne],
    [`ComputeRewards.claim, 10 epochs${suffix}`, claimTen],
    [`ComputeRewards.voidReport${suffix}`, voidReport],
  ]);
}

const CREDENTIAL_TYPES = {
  Credential: [
    { name: "account", type: "address" },
    { name: "nullifier", type: "bytes32" },
    { name: "expiresAt", type: "uint64" },
  ],
};

/**
 * The human dividend with `others` people registered: one more registration, and that human's
 * claims as FRSV and as FDC, each a day after a first claim of the same kind (steady state), with the
 * human share due and with nothing new due (in the block of a settlement of the dividend).
 */
async function humanCosts(deploy: Deploy, others: number): Promise<Measured> {
  const connection = await network.create();
  const { ethers, networkHelpers } = connection;
  const [issuer, human] = await ethers.getSigners();
  if (!issuer || !human) throw new Error("the in-process chain has too few accounts");
  const s = await deploy(connection, {});
  const domain = {
    name: "Foundation Humans",
    version: "1",
    chainId: (await ethers.provider.getNetwork()).chainId,
    verifyingContract: await s.humans.getAddress(),
  };
  const expiresAt = BigInt(await networkHelpers.time.latest()) + 300n * 86_400n;
  const registerOne = async (account: string, person: number) => {
    const value = { account, nullifier: ethers.id(`person ${person}`), expiresAt };
    const signature = await issuer.signTypedData(domain, CREDENTIAL_TYPES, value);
    return s.humans.getFunction("register")(account, value.nullifier, expiresAt, issuer.address, signature);
  };
  const othersRegistered: string[] = [];
  for (let i = 1; i <= others; i++) {
    const account = ethers.Wallet.createRandom().address;
    othersRegistered.push(account);
    await registerOne(account, i);
  }
  await networkHelpers.time.increase(86_400);
  if (others > 0) await s.dividend.getFunction("settle")();
  const register = await gasOf(registerOne(human.address, 0));
  const label = others === 0 ? "the first human" : `${others} other${others === 1 ? "" : "s"} registered`;
  const m: Measured = new Map([[`HumanRegistry.register, ${label}`, register]]);
  if (others === 0) {
    await connection.provider.close();
    return m;
  }
  const dividend = s.dividend.connect(human) as typeof s.dividend;
  const settleFirst = () =>
    s.version === "now" ? s.dividend.getFunction("settle")() : s.emission.getFunction("release")();
  for (const asCoin of [false, true]) {
    const kind = asCoin ? "FDC" : "FRSV";
    await networkHelpers.time.increase(86_400);
    await dividend.getFunction("claim")(human.address, asCoin);
    await networkHelpers.time.increase(86_400);
    m.set(
      `HumanDividend.claim as ${kind}, ${label}, due`,
      await gasOf(dividend.getFunction("claim")(human.address, asCoin)),
    );
    await networkHelpers.time.increase(86_400);
    m.set(
      `HumanDividend.claim as ${kind}, ${label}, nothing new due`,
      await inOneBlock(connection, settleFirst, () => dividend.getFunction("claim")(human.address, asCoin)),
    );
  }
  // The issuer (the deploying account) revokes one of the others it registered.
  m.set(`HumanRegistry.revoke, ${label}`, await gasOf(s.humans.getFunction("revoke")(othersRegistered[0]!)));
  await connection.provider.close();
  return m;
}

/**
 * Today's settlements estimated while nothing had reached the commons, then sent with the commands'
 * limit (client/gas.ts) after a fee to the commons, gifts of FRSV to the registry and to the
 * emission contract, and a compute epoch nobody reported becoming final all landed first: the
 * most a settlement does beyond its estimate.
 */
async function settlementHeadroom(): Promise<Measured> {
  const connection = await network.create();
  const { ethers, networkHelpers } = connection;
  const [, holder, poolOwner] = await ethers.getSigners();
  if (!holder || !poolOwner) throw new Error("the in-process chain has too few accounts");
  const s = await deployNow(connection, {
    genesisAccounts: [holder.address],
    genesisAmounts: [GENESIS],
    epochLength: HOUR,
    submissionWindow: HOUR / 2n,
    reviewPeriod: HOUR / 2n,
  });
  for (let id = 1; id <= 4; id++) {
    await s.registry.getFunction("propose")(`Pool ${id}`, "", poolOwner.address);
  }
  await s.firstWeights([1n, 2n], [100n, 50n]);
  const coin = s.coin.connect(holder) as typeof s.coin;
  await (s.reserve.connect(holder) as typeof s.reserve).getFunction("approve")(await s.coin.getAddress(), ALLOWANCE);
  await coin.getFunction("mint")(AMOUNT, holder.address, 0n, 0n);
  const everythingArrives = async () => {
    await coin.getFunction("mint")(AMOUNT, holder.address, 0n, 0n);
    const reserve = s.reserve.connect(holder) as typeof s.reserve;
    await reserve.getFunction("transfer")(await s.registry.getAddress(), 1n);
    await reserve.getFunction("transfer")(await s.emission.getAddress(), 1n);
    // An epoch ends and becomes final with no report while the transaction waits.
    await networkHelpers.time.increase(2n * HOUR);
  };
  const m: Measured = new Map();
  const cases: [string, string, unknown[]][] = [
    ["PoolRegistry.settle", "settle", []],
    ["PoolRegistry.approve", "approve", [3n, 10n]],
  ];
  for (const [name, method, args] of cases) {
    await networkHelpers.time.increase(2n * HOUR);
    await s.settle();
    const estimate = (await s.registry.getFunction(method).estimateGas(...args)) as bigint;
    await everythingArrives();
    await s.registry
      .getFunction(method)(...args, { gasLimit: settlementGasLimit(estimate) })
      .catch(() => undefined);
    const block = await ethers.provider.getBlock("latest", true);
    const receipt = await ethers.provider.getTransactionReceipt(block!.transactions[0]!);
    const what = `${name}, estimated with nothing pending, everything arriving before it lands`;
    m.set(`${what}: estimate`, estimate);
    m.set(`${what}: used (limit estimate × ${GAS_MARGIN} + ${SETTLEMENT_HEADROOM})`, receipt!.gasUsed);
    m.set(`${what}: ran out of gas (1 = yes)`, receipt!.status === 1 ? 0n : 1n);
  }
  await connection.provider.close();
  return m;
}

/** Every measurement, by version. */
async function measure(): Promise<Map<Version, Measured>> {
  const all = new Map<Version, Measured>();
  for (const [version, deploy] of VERSIONS) {
    const m: Measured = new Map();
    const add = (more: Measured) => more.forEach((gas, name) => m.set(name, gas));
    add(await steadyState(version, deploy));
    for (const quorum of [1n, 2n, 3n]) add(await computeCosts(deploy, quorum, 2));
    for (const others of [0, 1]) add(await humanCosts(deploy, others));
    if (version === "now") {
      add(await settlementHeadroom());
      for (const pools of [1, 10, 100, 1000]) add(await withPools(pools));
      add(await computeCosts(deploy, 1n, 50));
      for (const others of [100, 1000]) add(await humanCosts(deploy, others));
    }
    all.set(version, m);
  }
  return all;
}

const NOW: Version = "now";
const THEN = BASELINE_COMMIT as Version;
const now = (name: string) => ({ name, version: NOW });
const then = (name: string) => ({ name, version: THEN });
const CLAIM_NAMED = "PoolRegistry.claim, after an hour and 4 fees named for the pool";
const CLAIM = "PoolRegistry.claim, a fee named for the pool, emission due";
const CLAIM_NOT_DUE = "PoolRegistry.claim, a fee named for the pool, nothing new due (a settlement in its block)";
const APPROVE = "PoolRegistry.approve, emission due";
const APPROVE_NOT_DUE = "PoolRegistry.approve, nothing new due (after a settlement in its block)";

/** Today's limits. Issue 15: claims cost the same whether or not emission fell due, and less. */
const LIMITS: Limit[] = [
  {
    name: "FoundationCoin.mint (commons)",
    factor: 1.12,
    of: now("ERC20Wrapper.depositFor"),
    why: "a peg may cost at most 12% more than the bare wrapper",
  },
  { name: "FoundationCoin.redeem (commons)", factor: 1.12, of: now("ERC20Wrapper.withdrawTo"), why: "as mint" },
  // The reserve's new burn (for recycling) adds a selector to its dispatcher: the coin's pull of the
  // deposit (transferFrom) costs 23 gas more, whatever the function's name. Nothing else may.
  {
    name: "FoundationCoin.mint (commons)",
    factor: 1.001,
    of: then("FoundationCoin.mint (commons)"),
    why: "0a02faa's, but for the reserve's dispatcher",
  },
  {
    name: "FoundationCoin.redeem (commons)",
    factor: 1,
    of: then("FoundationCoin.redeem (commons)"),
    why: "no worse than 0a02faa",
  },
  {
    name: "FoundationCoin.mint (named pool)",
    factor: 1.32,
    of: now("ERC20Wrapper.depositFor"),
    why: "two more writes than the commons' mint",
  },
  { name: "FoundationCoin.redeem (named pool)", factor: 1.32, of: now("ERC20Wrapper.withdrawTo"), why: "as mint" },
  { name: CLAIM_NAMED, max: 100_000n, why: "a pool's claim, named fees included" },
  { name: CLAIM, max: 100_000n, why: "a pool's claim whether or not emission is due" },
  { name: CLAIM_NOT_DUE, max: 100_000n, why: "a pool's claim whether or not emission is due" },
  { name: CLAIM, factor: 1.1, of: now(CLAIM_NOT_DUE), why: "a claim costs the same whether or not emission fell due" },
  { name: APPROVE, factor: 1.1, of: now(APPROVE_NOT_DUE), why: "as a claim" },
  {
    name: "PoolRegistry.claim, estimated a block earlier: ran out of gas (1 = yes)",
    max: 0n,
    why: `an estimate a block early with the ${GAS_MARGIN}× margin suffices`,
  },
  ...["PoolRegistry.settle", "PoolRegistry.approve"].map((name) => ({
    name: `${name}, estimated with nothing pending, everything arriving before it lands: ran out of gas (1 = yes)`,
    max: 0n,
    why: "the commands' settlement headroom suffices",
  })),
  {
    name: "HumanDividend.claim as FRSV, 1 other registered, due",
    factor: 1.1,
    of: now("HumanDividend.claim as FRSV, 1 other registered, nothing new due"),
    why: "as a pool's claim",
  },
  {
    name: "HumanDividend.claim as FDC, 1 other registered, due",
    factor: 1.1,
    of: now("HumanDividend.claim as FDC, 1 other registered, nothing new due"),
    why: "as a pool's claim",
  },
  { name: "ComputeRewards.claim, 10 epochs", max: 200_000n, why: "a claim of ten final epochs" },
  {
    name: "FoundationCoin.transfer",
    factor: 1.08,
    of: now("ERC20Wrapper.transfer"),
    why: "checks its destination against the system contracts",
  },
  {
    name: "FoundationCoin.transferFrom",
    factor: 1.08,
    of: now("ERC20Wrapper.transferFrom"),
    why: "checks its destination against the system contracts",
  },
  {
    name: "FoundationCoin.mintWithPermit (commons)",
    factor: 0.8,
    of: now("ReserveToken.approve + FoundationCoin.mint (commons), two transactions"),
    why: "one transaction instead of two",
  },
  {
    name: "ComputeRewards.submitWork, quorum 2",
    factor: 1.25,
    of: now("ComputeRewards.submitWork, quorum 1"),
    why: "one more signature",
  },
  {
    name: "ComputeRewards.submitWork, quorum 3",
    factor: 1.5625,
    of: now("ComputeRewards.submitWork, quorum 1"),
    why: "two more signatures",
  },
  {
    name: "ComputeRewards.submitWork, quorum 1, 50 pools reporting",
    factor: 1.01,
    of: now("ComputeRewards.submitWork, quorum 1"),
    why: "no loop over pools",
  },
  {
    name: "ComputeRewards.claim, 1 epoch, 50 pools reporting",
    factor: 1.01,
    of: now("ComputeRewards.claim, 1 epoch"),
    why: "no loop over pools",
  },
  ...[10, 100, 1000].flatMap((pools) => [
    {
      name: `FoundationCoin.mint (commons), ${pools} active pools`,
      factor: 1.01,
      of: now("FoundationCoin.mint (commons), 1 active pool"),
      why: "no loop over pools",
    },
    {
      name: `PoolRegistry.claim, ${pools} active pools`,
      factor: 1.01,
      of: now("PoolRegistry.claim, 1 active pool"),
      why: "no loop over pools",
    },
  ]),
  // The held remainder is zero or not depending on how income divides by the head count: a write
  // more or less, so 5% above the one-other figure; a loop over humans would cost 2,100 gas each.
  ...[100, 1000].flatMap((others) =>
    ["HumanRegistry.register", "HumanDividend.claim as FRSV", "HumanDividend.claim as FDC"].map((op) => {
      const suffix = op === "HumanRegistry.register" ? "" : ", due";
      return {
        name: `${op}, ${others} others registered${suffix}`,
        factor: 1.05,
        of: now(`${op}, 1 other registered${suffix}`),
        why: "no loop over humans",
      };
    }),
  ),
  { name: "HumanRegistry.register, 1 other registered", max: 200_000n, why: "a registration" },
  { name: "HumanRegistry.register, the first human", max: 300_000n, why: "the first registration" },
  // Issue 16: bounded keys cost at most 10% more than 0a02faa's.
  ...[
    "ComputeRewards.submitWork, quorum 2",
    "ComputeRewards.voidReport",
    "HumanRegistry.revoke, 1 other registered",
    "HumanRegistry.register, 1 other registered",
  ].map((name) => ({ name, factor: 1.1, of: then(name), why: "no single key, at most 10% above 0a02faa" })),
];

function percent(value: bigint, reference: bigint): string {
  return `${((Number(value) / Number(reference)) * 100).toFixed(1)}%`;
}

async function main(): Promise<void> {
  const all = await measure();
  const today = all.get(NOW)!;
  const baseline = all.get(THEN)!;
  const failures: string[] = [];
  const checked = new Map<string, string[]>();
  for (const limit of LIMITS) {
    const gas = today.get(limit.name);
    if (gas === undefined) throw new Error(`bench: nothing measured as "${limit.name}"`);
    let bound: bigint;
    let text: string;
    if (limit.max !== undefined) {
      bound = limit.max;
      text = `≤ ${limit.max.toLocaleString("en-US")}`;
    } else {
      const reference = all.get(limit.of!.version)!.get(limit.of!.name);
      if (reference === undefined) throw new Error(`bench: nothing measured as "${limit.of!.name}"`);
      bound = BigInt(Math.floor(Number(reference) * limit.factor!));
      text = `≤ ${limit.factor}× ${limit.of!.version === THEN ? `${THEN}'s ` : ""}${limit.of!.name} (${percent(gas, reference)})`;
    }
    const held = gas <= bound;
    checked.set(limit.name, [...(checked.get(limit.name) ?? []), `${held ? "ok" : "MISSED"} ${text}`]);
    if (!held) failures.push(`${limit.name}: ${gas} gas, limit ${text}: ${limit.why}`);
  }

  console.log(`| operation | ${THEN} | now | now / ${THEN} | limits on now |`);
  console.log("|---|---:|---:|---:|---|");
  const names = [...new Set([...baseline.keys(), ...today.keys()])];
  for (const name of names) {
    const before = baseline.get(name);
    const after = today.get(name);
    const cell = (v: bigint | undefined) => (v === undefined ? "—" : v.toLocaleString("en-US"));
    const ratio = before !== undefined && after !== undefined && before > 0n ? percent(after, before) : "";
    console.log(`| ${name} | ${cell(before)} | ${cell(after)} | ${ratio} | ${(checked.get(name) ?? []).join("; ")} |`);
  }

  const asNumbers = (m: Measured) => Object.fromEntries([...m].map(([name, gas]) => [name, Number(gas)]));
  await mkdir("reports", { recursive: true });
  const report = {
    baselineCommit: THEN,
    gasMargin: GAS_MARGIN,
    now: asNumbers(today),
    [THEN]: asNumbers(baseline),
    limits: LIMITS.map((l) => ({
      operation: l.name,
      limit: l.max !== undefined ? `≤ ${l.max}` : `≤ ${l.factor} × ${l.of!.version}: ${l.of!.name}`,
      why: l.why,
    })),
    failures,
  };
  await writeFile("reports/gas.json", JSON.stringify(report, null, 2) + "\n");
  console.log("\nWrote reports/gas.json");
  if (failures.length > 0) {
    console.error(`Gas limits missed:\n- ${failures.join("\n- ")}`);
    process.exitCode = 1;
  } else {
    console.log("All gas limits met.");
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
