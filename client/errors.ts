import { Interface, isError } from "ethers";
import {
  ComputeRewards__factory,
  Emission__factory,
  FoundationCoin__factory,
  HumanDividend__factory,
  HumanRegistry__factory,
  PoolRegistry__factory,
  ReserveToken__factory,
  TimelockController__factory,
} from "../typechain-types/index.js";

// Read only when an error is explained, so the two modules' mutual import is harmless.
import { STATUS_NAMES } from "./describe.js";

/**
 * The one exit-code rule of every command (README, "Exit codes"):
 * - 0: done, or nothing to do (what was asked already holds, or nothing is waiting): {@link NothingToDo};
 * - 1: refused (bad input, not permitted, or the contract would refuse), nothing sent: a CommandError;
 * - 2: the node is why (it cannot be reached, does not answer, or its chain moved under a read).
 * A refusal is printed as one line (`{"error": …}` under --json).
 */
export class CommandError extends Error {
  override name = "CommandError";
  constructor(
    message: string,
    readonly exitCode: 0 | 1 | 2 = 1,
  ) {
    super(message);
  }
}

/**
 * What the command was asked for already holds, or nothing is waiting: not a refusal. Printed as
 * "Nothing to do: …" (`"nothingToDo"` under --json), exit code 0, nothing sent.
 */
export class NothingToDo extends CommandError {
  override name = "NothingToDo";
  constructor(message: string) {
    super(message, 0);
  }
}

/** The exit code of a command that failed with `error` (see {@link CommandError}). */
export function exitCodeOf(error: unknown): 0 | 1 | 2 {
  if (error instanceof CommandError) return error.exitCode;
  // The node stopped answering mid-command: the node, not the input, is why.
  if (isError(error, "NETWORK_ERROR") || isError(error, "TIMEOUT")) return 2;
  return 1;
}

/** Every custom error the system can raise, to name a refused transaction in words. */
const interfaces: Interface[] = [
  ComputeRewards__factory.createInterface(),
  FoundationCoin__factory.createInterface(),
  PoolRegistry__factory.createInterface(),
  ReserveToken__factory.createInterface(),
  Emission__factory.createInterface(),
  HumanRegistry__factory.createInterface(),
  HumanDividend__factory.createInterface(),
  TimelockController__factory.createInterface(),
];

function revertData(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const candidate = error as { data?: unknown; error?: unknown; info?: { error?: { data?: unknown } } };
  if (typeof candidate.data === "string" && candidate.data.startsWith("0x")) return candidate.data;
  if (typeof candidate.info?.error?.data === "string") return candidate.info.error.data;
  return candidate.error === undefined ? undefined : revertData(candidate.error);
}

/** A timestamp argument as a UTC date, like the commands print. */
const utc = (seconds: string) =>
  new Date(Number(seconds) * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");

/**
 * Plain words for the refusals a user can meet even after a command's own checks (another
 * submission got in first, a window closed between the check and the transaction).
 */
const IN_WORDS: Record<string, (args: string[]) => string> = {
  VersionNotLater: ([pool, epoch, version, accepted]) =>
    `pool ${pool}'s report for epoch ${epoch} is at version ${accepted}; version ${version} cannot replace it`,
  ReportIsVoid: ([pool, epoch]) =>
    `the guardian voided pool ${pool}'s report for epoch ${epoch}; it cannot be replaced`,
  EpochBeforeApproval: ([pool, epoch, approvedAt]) =>
    `pool ${pool} was approved at ${utc(approvedAt!)}, after epoch ${epoch} ended`,
  SubmissionWindowClosed: ([epoch]) => `epoch ${epoch}'s submission window has closed`,
  ReviewPeriodOver: ([epoch]) => `epoch ${epoch}'s review period is over; it is final`,
  EpochNotFinal: ([epoch]) => `epoch ${epoch} is not final yet`,
  NotVoided: ([pool, epoch]) => `pool ${pool}'s report for epoch ${epoch} was not voided`,
  EpochAfterRetirement: ([pool, epoch, retiredAt]) =>
    `pool ${pool} was retired at ${utc(retiredAt!)}, before epoch ${epoch} began`,
  PoolNotApproved: ([pool]) => `pool ${pool} was never approved`,
  PoolNotActive: ([pool]) => `pool ${pool} is not active`,
  WrongPoolStatus: ([pool, actual, expected]) =>
    `pool ${pool} is ${STATUS_NAMES[Number(actual)]}, not ${STATUS_NAMES[Number(expected)]}`,
  NullifierInUse: ([, holder]) => `this person is already registered, as ${holder}`,
  AccountHasNullifier: ([account]) => `${account} is already registered as another person`,
  AnotherIssuersPerson: ([, issuer]) =>
    `issuer ${issuer} answers for this person; only it registers or renews them while it is an issuer`,
  NotYourPerson: ([, caller, answering]) =>
    `${caller} may not revoke this person: only the issuer answering for them (${answering}), or the admin, may`,
  SystemContractAccount: ([account]) => `${account} is one of the system's contracts and cannot be a human`,
  StaleCredential: ([, , latest]) =>
    `the registry refuses this person's credentials expiring at or before ${utc(latest!)} (one accepted before, ` +
    "or a revocation); ask an issuer for a newer one",
};

/** Names a custom error from its revert data, like `PoolNotActive(7)`, in words where it can. */
export function decodeRevert(data: string): string | undefined {
  for (const iface of interfaces) {
    try {
      const parsed = iface.parseError(data);
      if (parsed === null) continue;
      const args = parsed.args.map((a: unknown) => String(a));
      const raw = `${parsed.name}(${args.join(", ")})`;
      const words = IN_WORDS[parsed.name];
      return words === undefined ? raw : `${words(args)} (${raw})`;
    } catch {
      // not this contract's error
    }
  }
  return undefined;
}

/** Hardhat's message for a config variable that neither the environment nor the keystore has. */
export const CONFIG_VARIABLE_MISSING = /Configuration Variable "(\w+)" not found/i;

/** One line that explains why a command failed. */
export function explain(error: unknown): string {
  if (error instanceof CommandError) return error.message;
  const missing = error instanceof Error ? CONFIG_VARIABLE_MISSING.exec(error.message)?.[1] : undefined;
  if (missing !== undefined) {
    // Hardhat resolves a network's URL and accounts before its first request, for reads too.
    return (
      `the config variable ${missing} is not set (every command on this network needs it, also those that ` +
      `only read): export ${missing}=… or npx hardhat keystore set ${missing}`
    );
  }
  const data = revertData(error);
  if (data !== undefined && data !== "0x") {
    const named = decodeRevert(data);
    if (named !== undefined) return `the transaction was refused: ${named}`;
  }
  if (isError(error, "INSUFFICIENT_FUNDS")) return "the account has not enough ETH to pay for gas";
  if (isError(error, "NETWORK_ERROR") || isError(error, "TIMEOUT"))
    return `the network did not answer: ${error.shortMessage}`;
  if (isError(error, "CALL_EXCEPTION")) return `the transaction was refused: ${error.shortMessage}`;
  // Some tools (Ignition) put the reason on the lines after the first: keep them, on one line.
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}
