import type { ContractTransactionReceipt, ContractTransactionResponse, Interface, Result } from "ethers";
import type { Foundation } from "./foundation.js";
import { CommandError } from "./errors.js";
import { amountJson, currentOutput, readableAmount, type JsonValue } from "./output.js";
import { shownName } from "./text.js";

/** An amount for people, rounded for reading unless the command runs with --exact. */
const shown = (amount: bigint, symbol: string): string =>
  `${readableAmount(amount, currentOutput()?.exact ?? false)} ${symbol}`;

export const frsv = (amount: bigint): string => shown(amount, "FRSV");
export const fdc = (amount: bigint): string => shown(amount, "FDC");
/** Amounts under --json: base units and whole tokens. */
export const frsvJson = (amount: bigint): JsonValue => amountJson(amount, "FRSV");
export const fdcJson = (amount: bigint): JsonValue => amountJson(amount, "FDC");

/** The registry's pool statuses, by their enum value. */
export const STATUS_NAMES = ["unknown", "proposed", "active", "retired"] as const;

/** Block explorers of the public chains the project documents, by chain id. */
const EXPLORERS: Record<string, string> = {
  "1": "https://etherscan.io",
  "11155111": "https://sepolia.etherscan.io",
};

/**
 * Sends a transaction and waits for it to be mined. While it waits, says so on stderr with the
 * transaction's hash and, on a public chain, its explorer link: every transaction a command sends
 * can be followed, and stdout stays the command's report (text, or the one JSON object).
 */
export async function confirm(sent: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const tx = await sent;
  const explorer = EXPLORERS[String(tx.chainId)];
  const announce = currentOutput()?.announce ?? ((text: string) => process.stderr.write(text));
  announce(`sent ${tx.hash}${explorer === undefined ? "" : ` (${explorer}/tx/${tx.hash})`}, waiting…\n`);
  const receipt = await tx.wait();
  if (receipt === null) throw new CommandError("the transaction was dropped before it was mined");
  currentOutput()?.sent(receipt.hash);
  return receipt;
}

/** The arguments of the first `eventName` event `contract` emitted in `receipt`. */
export function eventArgs(
  receipt: ContractTransactionReceipt,
  contract: { interface: Interface },
  eventName: string,
): Result {
  for (const log of receipt.logs) {
    const parsed = (() => {
      try {
        return contract.interface.parseLog(log);
      } catch {
        return null; // another contract's event
      }
    })();
    if (parsed?.name === eventName) return parsed.args;
  }
  throw new CommandError(`transaction ${receipt.hash} emitted no ${eventName} event`);
}

/** `pool 1 "Cancer research"`, or `the commons (shared by weight)` for pool 0. */
export async function poolLabel(system: Foundation, poolId: bigint): Promise<string> {
  if (poolId === 0n) return "the commons (shared by weight over the active pools)";
  const pool = await system.poolRegistry.pool(poolId);
  // Anyone names a pool: shown terminal-safe and cut (client/text.ts).
  return `pool ${poolId} "${shownName(pool.name)}"`;
}

/** Refuses a pool id that does not exist. */
export async function checkPoolExists(system: Foundation, poolId: bigint): Promise<void> {
  const count = await system.poolRegistry.poolCount();
  if (poolId === 0n || poolId > count) {
    throw new CommandError(`pool ${poolId} does not exist (pools are numbered 1 to ${count})`);
  }
}

/**
 * Refuses a fee destination that is neither 0 (the commons) nor an active pool; for a redemption,
 * a retired pool is accepted (the coin then pays its fee to the commons). Returns where the fee goes.
 */
export async function checkFeeDestination(system: Foundation, poolId: bigint, redeeming = false): Promise<bigint> {
  if (poolId === 0n) return 0n;
  await checkPoolExists(system, poolId);
  const status = (await system.poolRegistry.pool(poolId)).status;
  if (redeeming && STATUS_NAMES[Number(status)] === "retired") return 0n;
  if (STATUS_NAMES[Number(status)] !== "active") {
    throw new CommandError(
      `pool ${poolId} is ${STATUS_NAMES[Number(status)]}, not active: fees can go only to active pools or to 0, the commons`,
    );
  }
  return poolId;
}

/** Refuses a recipient the coin would refuse: the coin keeps the list of system contracts. */
export async function checkRecipient(system: Foundation, to: string, option = "to"): Promise<void> {
  if (await system.foundationCoin.isSystemContract(to)) {
    throw new CommandError(`--${option} ${to} is a Foundation contract; send to a holder's address`);
  }
}

/** Refuses an account without `role` on a contract, naming the role in words. */
export async function checkRole(
  contract: { hasRole(role: string, account: string): Promise<boolean> },
  role: string,
  account: string,
  roleName: string,
): Promise<void> {
  if (!(await contract.hasRole(role, account))) {
    throw new CommandError(`account ${account} is not the ${roleName}; only the ${roleName} may do this`);
  }
}

/** A duration in words: "2 days", "3 hours", "45 seconds". */
export function duration(seconds: bigint): string {
  const units: [bigint, string][] = [
    [86_400n, "day"],
    [3_600n, "hour"],
    [60n, "minute"],
    [1n, "second"],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0n) {
      const n = seconds / size;
      return `${n} ${name}${n === 1n ? "" : "s"}`;
    }
  }
  return `${seconds} seconds`;
}

/** A UTC timestamp as "2026-11-28 13:00:00 UTC". */
export function when(timestamp: bigint): string {
  return new Date(Number(timestamp) * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}
