import { readFile } from "node:fs/promises";
import path from "node:path";
import { getAddress, isAddress, ZeroAddress } from "ethers";
import { CommandError } from "./errors.js";

/** The shortest timelock delay a deployment on a public chain may have: one day. */
export const MIN_PUBLIC_TIMELOCK_DELAY = 86_400n;

/** The flag a deployer must type to deploy a public chain with undelayed governance, as written on the CLI. */
export const OVERRIDE_FLAG = "--i-accept-undelayed-governance";

/** Chain ids that only ever name a development chain (Hardhat's and Geth's/Ganache's dev chains). */
const DEVELOPMENT_CHAIN_IDS = new Set([31337n, 1337n]);

/** What the deploy command learns from the chain before deciding. */
export interface ChainFacts {
  chainId: bigint;
  /** The node's `web3_clientVersion` answer ("" if it gave none). */
  clientVersion: string;
}

/**
 * A local development chain: a well-known development chain id, or a node that says it is a
 * development node (Hardhat's, Anvil or Ganache), whatever chain id it was started with.
 */
export function isLocalDevelopmentChain(facts: ChainFacts): boolean {
  return DEVELOPMENT_CHAIN_IDS.has(facts.chainId) || /hardhat|anvil|ganache/i.test(facts.clientVersion);
}

/** The Foundation module's parameters in an Ignition parameter file (`{"Foundation": {...}}`). */
export async function readFoundationParameters(file: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new CommandError(`cannot read the parameter file ${path.basename(file)}: ${reason}`);
  }
  const foundation = (parsed as { Foundation?: unknown } | null)?.Foundation;
  if (foundation === undefined) return {};
  if (typeof foundation !== "object" || foundation === null || Array.isArray(foundation)) {
    throw new CommandError(`the parameter file ${path.basename(file)} has a "Foundation" entry that is not an object`);
  }
  return foundation as Record<string, unknown>;
}

/** An Ignition bigint parameter ("172800n", "172800" or 172800); `fallback` when absent. */
function bigintParameter(parameters: Record<string, unknown>, name: string, fallback: bigint): bigint {
  const value = parameters[name];
  if (value === undefined) return fallback;
  const text = String(value).trim().replace(/n$/, "");
  if (!/^\d+$/.test(text))
    throw new CommandError(`parameter ${name} must be a whole number, not ${JSON.stringify(value)}`);
  return BigInt(text);
}

/**
 * Why a deployment with these parameters would let one key redirect new reserve at once on a
 * public chain: a timelock delay under one day, a curator other than the timelock (the module
 * makes the timelock the curator when `curator` is the zero address), or work reports that one
 * attester alone can sign (a quorum under two), or verified humans whose issuers nobody chose
 * (the deploying account alone, by default, would say who is a person and could enrol accounts it
 * invents to take the human share), or a guardian nobody chose (the deploying account, by
 * default, would decide alone which work reports are voided, and pause minting). Empty when it
 * is safe.
 */
export function undelayedGovernance(parameters: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const delay = bigintParameter(parameters, "timelockDelay", 0n);
  if (delay < MIN_PUBLIC_TIMELOCK_DELAY) {
    problems.push(`its timelock delay is ${delay} s, under one day (${MIN_PUBLIC_TIMELOCK_DELAY} s)`);
  }
  const curator = parameters.curator;
  const curatorIsTimelock =
    typeof curator === "string" && isAddress(curator.trim()) && getAddress(curator.trim()) === ZeroAddress;
  if (!curatorIsTimelock) {
    problems.push(
      curator === undefined
        ? "its curator is the deploying account, not the timelock (set curator to 0x0000000000000000000000000000000000000000)"
        : `its curator is ${String(curator)}, not the timelock (0x0000000000000000000000000000000000000000 makes the timelock curate)`,
    );
  }
  const quorum = bigintParameter(parameters, "quorum", 1n);
  if (quorum < 2n) {
    const attesters = Array.isArray(parameters.attesters) ? parameters.attesters.length : 0;
    problems.push(
      `one attester alone can sign work reports and direct the compute share of new reserve ` +
        `(quorum ${quorum}${attesters === 0 ? ", the deploying account the only attester" : ""}; ` +
        "list at least two attesters and set quorum to 2 or more)",
    );
  }
  if (parameters.guardian === undefined) {
    problems.push(
      "no guardian is named, so the deploying account would be the guardian, who alone voids work reports " +
        "during their review period and pauses minting (name the account or multisig you trust to watch " +
        "reports in guardian)",
    );
  }
  const humanShare = bigintParameter(parameters, "humanShareBps", 2_500n);
  const issuers = parameters.issuers;
  if (humanShare > 0n && (!Array.isArray(issuers) || issuers.length === 0)) {
    problems.push(
      "no issuers are listed, so the deploying account alone would say who is a verified human and could " +
        "enrol accounts it invents to take the human share (list the issuers you trust, e.g. a personhood " +
        "protocol's bridge contract, in issuers)",
    );
  }
  return problems;
}

/** The module's defaults for verified compute's times, in seconds (see ignition/modules/Foundation.ts). */
const DEFAULT_EPOCH_LENGTH = 86_400n;
const DEFAULT_SUBMISSION_WINDOW = 2n * 86_400n;
const DEFAULT_REVIEW_PERIOD = 2n * 86_400n;
/** ComputeRewards' MAX_WINDOW_EPOCHS: the submission window and the review period together, in epochs. */
const MAX_WINDOW_EPOCHS = 8n;

/**
 * Refuses, on any chain and before anything is sent, parameters a constructor would refuse
 * halfway through the deployment (leaving the contracts deployed so far recorded, and a retry
 * with corrected parameters refused by Ignition): a quorum above the number of attesters, a
 * guardian of the zero address, a review period of 0 (a report sent in the submission window's
 * last second could never be voided), or a submission window and review period longer together
 * than eight epochs.
 */
export function checkParameters(parameters: Record<string, unknown>): void {
  const guardian = parameters.guardian;
  if (typeof guardian === "string" && isAddress(guardian.trim()) && getAddress(guardian.trim()) === ZeroAddress) {
    throw new CommandError(
      "guardian is the zero address; name the account that may void reports; nothing was deployed",
    );
  }
  const review = bigintParameter(parameters, "reviewPeriod", DEFAULT_REVIEW_PERIOD);
  if (review === 0n) {
    throw new CommandError(
      "reviewPeriod is 0: a report sent in the submission window's last second could never be voided; " +
        "give the guardian time to look (e.g. 172800n, two days); nothing was deployed",
    );
  }
  const epochLength = bigintParameter(parameters, "epochLength", DEFAULT_EPOCH_LENGTH);
  const window = bigintParameter(parameters, "submissionWindow", DEFAULT_SUBMISSION_WINDOW);
  if (window + review > MAX_WINDOW_EPOCHS * epochLength) {
    throw new CommandError(
      `submissionWindow + reviewPeriod is ${window + review} s, above ${MAX_WINDOW_EPOCHS} epochs ` +
        `(${MAX_WINDOW_EPOCHS * epochLength} s); shorten them or lengthen epochLength; nothing was deployed`,
    );
  }
  const quorum = bigintParameter(parameters, "quorum", 1n);
  const listed = Array.isArray(parameters.attesters) ? parameters.attesters.length : 0;
  // An empty list makes the deploying account the only attester.
  const attesters = BigInt(listed === 0 ? 1 : listed);
  if (quorum === 0n || quorum > attesters) {
    throw new CommandError(
      `quorum ${quorum} cannot be met by ${attesters} attester${attesters === 1n ? "" : "s"} ` +
        `(${listed === 0 ? "none listed: the deploying account alone" : "attesters lists them"}); ` +
        "list at least as many attesters as the quorum; nothing was deployed",
    );
  }
}

export interface DeploymentRequest {
  facts: ChainFacts;
  /** The parameter file the deployer gave with --parameters, if any. */
  givenFile: string | undefined;
  /** The Foundation parameters of the file that will be used (empty for the module's defaults). */
  parameters: Record<string, unknown>;
  /** Whether the deployer typed the override flag. */
  override: boolean;
}

/**
 * Refuses what a public deployment must not do, with one line saying why; returns warnings to
 * print when the deployer overrode a refusal. Local development chains deploy as they are.
 */
export function checkDeployment(request: DeploymentRequest): string[] {
  if (isLocalDevelopmentChain(request.facts)) return [];
  const chain = `chain ${request.facts.chainId}`;
  if (request.givenFile === undefined) {
    throw new CommandError(
      `${chain} is not a local development chain: give the parameter file explicitly, ` +
        "e.g. --parameters ignition/parameters/sepolia.json",
    );
  }
  const problems = undelayedGovernance(request.parameters);
  if (problems.length === 0) return [];
  if (!request.override) {
    throw new CommandError(
      `refusing to deploy to ${chain}: ${problems.join("; and ")}. Anyone holding that key could redirect ` +
        `new reserve at once. Fix ${path.basename(request.givenFile)}, or type ${OVERRIDE_FLAG} to deploy anyway`,
    );
  }
  return problems.map((problem) => `Warning: deploying to ${chain} although ${problem} (${OVERRIDE_FLAG}).`);
}
