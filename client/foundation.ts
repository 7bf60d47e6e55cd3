import { readFile } from "node:fs/promises";
import type { NetworkConnection } from "hardhat/types/network";
import { formatUnits, parseUnits, type Addressable, type Signer } from "ethers";
import FoundationModule from "../ignition/modules/Foundation.js";
import {
  ComputeRewards__factory,
  Emission__factory,
  FoundationCoin__factory,
  HumanDividend__factory,
  HumanRegistry__factory,
  PoolRegistry__factory,
  ReserveToken__factory,
  TimelockController__factory,
  type ComputeRewards,
  type Emission,
  type FoundationCoin,
  type HumanDividend,
  type HumanRegistry,
  type PoolRegistry,
  type ReserveToken,
  type TimelockController,
} from "../typechain-types/index.js";

/** The deployed system, as typed contracts connected to one signer. */
export interface Foundation {
  reserveToken: ReserveToken;
  foundationCoin: FoundationCoin;
  poolRegistry: PoolRegistry;
  emission: Emission;
  /** Pays the compute share of new reserve to pools whose work attesters verified. */
  computeRewards: ComputeRewards;
  /** Who is a verified human: issuers' credentials, one person one registration. */
  humanRegistry: HumanRegistry;
  /** Pays the human share of new reserve, one equal share per registered human. */
  humanDividend: HumanDividend;
  /** Holds the admin powers of the coin, the registry and compute rewards. */
  timelock: TimelockController;
}

/** The Foundation module's parameters (all optional, see ignition/modules/Foundation.ts). */
export interface FoundationParameters {
  rate?: bigint;
  mintFeeBps?: bigint;
  redeemFeeBps?: bigint;
  halvingPeriod?: bigint;
  timelockDelay?: bigint;
  genesisAccounts?: string[];
  genesisAmounts?: bigint[];
  admin?: string;
  curator?: string;
  guardian?: string;
  computeShareBps?: bigint;
  humanShareBps?: bigint;
  epochLength?: bigint;
  submissionWindow?: bigint;
  reviewPeriod?: bigint;
  claimPeriod?: bigint;
  attesters?: string[];
  quorum?: bigint;
  issuers?: string[];
  maxValidity?: bigint;
}

/** The word a parameter file may use in genesisAccounts for the account that deploys. */
export const DEPLOYER = "deployer";

/** An Ignition parameter as a value: "172800n" is a bigint, arrays and objects element by element. */
function ignitionValue(value: unknown): unknown {
  if (typeof value === "string" && /^\d+n$/.test(value)) return BigInt(value.slice(0, -1));
  if (Array.isArray(value)) return value.map(ignitionValue);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, ignitionValue(v)]));
  }
  return value;
}

/**
 * A parameter file's Foundation parameters as they are, or, when their genesisAccounts name
 * "deployer" (a testnet's genesis for testers, which the deployer hands out with foundation:send),
 * as values with that word replaced by the deploying account's address.
 */
export function resolveDeployer(parameters: Record<string, unknown>, deployer: string): Record<string, unknown> {
  const accounts = parameters.genesisAccounts;
  if (!Array.isArray(accounts) || !accounts.includes(DEPLOYER)) return parameters;
  return {
    ...(ignitionValue(parameters) as Record<string, unknown>),
    genesisAccounts: accounts.map((account) => (account === DEPLOYER ? deployer : account)),
  };
}

/**
 * Deploys the whole system through the Ignition module on `connection`, with module
 * parameters given inline or as the path of a parameter file (ignition/parameters/*.json),
 * whose genesisAccounts may name "deployer" (see `resolveDeployer`).
 */
export async function deployFoundation(
  connection: NetworkConnection,
  parameters: FoundationParameters | string = {},
): Promise<Foundation> {
  const [signer] = await connection.ethers.getSigners();
  if (signer === undefined) throw new Error("no account on this network");
  let moduleParameters: string | { Foundation: Record<string, unknown> };
  if (typeof parameters === "string") {
    const fromFile = (JSON.parse(await readFile(parameters, "utf8")) as { Foundation?: Record<string, unknown> })
      .Foundation;
    const resolved = fromFile === undefined ? undefined : resolveDeployer(fromFile, signer.address);
    moduleParameters = resolved === fromFile ? parameters : { Foundation: resolved! };
  } else {
    moduleParameters = { Foundation: { ...parameters } };
  }
  const deployed = await connection.ignition.deploy(FoundationModule, {
    parameters: moduleParameters as string,
  });
  return attachFoundation(
    {
      reserveToken: await deployed.reserveToken.getAddress(),
      foundationCoin: await deployed.foundationCoin.getAddress(),
      poolRegistry: await deployed.poolRegistry.getAddress(),
      emission: await deployed.emission.getAddress(),
      computeRewards: await deployed.computeRewards.getAddress(),
      humanRegistry: await deployed.humanRegistry.getAddress(),
      humanDividend: await deployed.humanDividend.getAddress(),
      timelock: await deployed.timelock.getAddress(),
    },
    signer,
  );
}

/** The names of the system's contracts, as `Foundation` has them. */
export const CONTRACT_NAMES = [
  "reserveToken",
  "foundationCoin",
  "poolRegistry",
  "emission",
  "computeRewards",
  "humanRegistry",
  "humanDividend",
  "timelock",
] as const satisfies readonly (keyof Foundation)[];

/** The addresses of a deployed system (or anything holding its contracts), as `attachFoundation` takes them. */
export async function addressesOf(system: Foundation): Promise<Record<keyof Foundation, string>> {
  const entries = await Promise.all(
    CONTRACT_NAMES.map(async (name) => [name, await (system[name] as Addressable).getAddress()] as const),
  );
  return Object.fromEntries(entries) as Record<keyof Foundation, string>;
}

/** Typed handles on already deployed contracts. */
export function attachFoundation(addresses: Record<keyof Foundation, string>, runner: Signer): Foundation {
  return {
    reserveToken: ReserveToken__factory.connect(addresses.reserveToken, runner),
    foundationCoin: FoundationCoin__factory.connect(addresses.foundationCoin, runner),
    poolRegistry: PoolRegistry__factory.connect(addresses.poolRegistry, runner),
    emission: Emission__factory.connect(addresses.emission, runner),
    computeRewards: ComputeRewards__factory.connect(addresses.computeRewards, runner),
    humanRegistry: HumanRegistry__factory.connect(addresses.humanRegistry, runner),
    humanDividend: HumanDividend__factory.connect(addresses.humanDividend, runner),
    timelock: TimelockController__factory.connect(addresses.timelock, runner),
  };
}

/** Both tokens have 18 decimals. */
export const DECIMALS = 18;

/** Whole tokens ("12.5") to base units. */
export function units(amount: string): bigint {
  return parseUnits(amount, DECIMALS);
}

/** Base units to whole tokens with the symbol, trimmed of trailing zeros: "12.5 FRSV". */
export function tokens(amount: bigint, symbol: string): string {
  const text = formatUnits(amount, DECIMALS).replace(/\.0$/, "");
  return `${text} ${symbol}`;
}
