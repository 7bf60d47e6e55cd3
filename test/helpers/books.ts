import { expect } from "chai";
import type { ContractTransactionReceipt, ContractTransactionResponse, Interface, Result } from "ethers";

/** Sends a transaction and returns its receipt. */
export async function mined(sent: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const receipt = await (await sent).wait();
  if (receipt === null) throw new Error("the transaction was not mined");
  return receipt;
}

/** The arguments of every `eventName` event `contract` emitted in `receipt`, in order. */
export function eventsIn(
  receipt: ContractTransactionReceipt,
  contract: { interface: Interface; target: unknown },
  eventName: string,
): Result[] {
  const found: Result[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== String(contract.target).toLowerCase()) continue;
    const parsed = contract.interface.parseLog(log);
    if (parsed?.name === eventName) found.push(parsed.args);
  }
  return found;
}

/** FRSV minted within a transaction: the reserve's `Transfer` events from the zero address. */
export function mintedIn(
  receipt: ContractTransactionReceipt,
  reserve: { interface: Interface; target: unknown },
): bigint {
  return eventsIn(receipt, reserve, "Transfer")
    .filter((args) => args[0] === "0x0000000000000000000000000000000000000000")
    .reduce((sum, args) => sum + (args[2] as bigint), 0n);
}

/** FRSV the emission contract recycled for the commons within a transaction (its `Recycled` events). */
export function recycledIn(
  receipt: ContractTransactionReceipt,
  emission: { interface: Interface; target: unknown },
): bigint {
  return eventsIn(receipt, emission, "Recycled").reduce((sum, args) => sum + (args[0] as bigint), 0n);
}

/** What pools' claims paid from the commons within a transaction (the `fromCommons` of `Claimed`). */
export function fromCommonsIn(
  receipt: ContractTransactionReceipt,
  registry: { interface: Interface; target: unknown },
): bigint {
  return eventsIn(receipt, registry, "Claimed").reduce((sum, args) => sum + (args[3] as bigint), 0n);
}

/**
 * Promise 11, with this file's own arithmetic: how a cumulative `emitted` splits. Compute gets the
 * floor of its share; humans the floor of their share of what compute left; the commons the rest.
 */
export function splitOf(
  emitted: bigint,
  computeBps: bigint,
  humanBps: bigint,
): { toCompute: bigint; toHumans: bigint; toCommons: bigint } {
  const toCompute = (emitted * computeBps) / 10_000n;
  const left = emitted - toCompute;
  const toHumans = computeBps === 10_000n ? 0n : (left * humanBps) / (10_000n - computeBps);
  return { toCompute, toHumans, toCommons: left - toHumans };
}

/** What a pool's claim paid within a transaction (0 if it paid nothing). */
export function claimedIn(
  receipt: ContractTransactionReceipt,
  registry: { interface: Interface; target: unknown },
): bigint {
  return eventsIn(receipt, registry, "Claimed").reduce((sum, args) => sum + (args[2] as bigint), 0n);
}

/**
 * The registry's promise for commons shares: a pool is owed `Σ income × weight / totalWeight`
 * over the settlements it took part in; the accumulator carries sub-unit remainders, so a pool is
 * at most one base unit short of the exact amount, and never over it. `exact` is the numerator
 * over `denominator` (use the product of the total weights involved).
 */
export function expectShare(actual: bigint, numerator: bigint, denominator: bigint, what: string): void {
  const floor = numerator / denominator;
  expect(actual, `${what}: at most the exact share ${floor}`).to.be.lte(floor);
  expect(actual, `${what}: at most one base unit below the exact share ${floor}`).to.be.gte(floor - 1n);
}
