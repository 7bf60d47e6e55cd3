/**
 * The margins every command adds to a transaction's gas estimate. An estimate is made against the
 * latest block, and a transaction lands in a later one, where more may have happened.
 */
import type { ContractTransactionResponse } from "ethers";

/**
 * The margin on every estimate (Hardhat's `gasMultiplier` on the networks the tasks use): a fee
 * may have arrived that a claim now pays, a storage slot may go from zero to non-zero. Nothing is
 * minted ahead of its use, so what fell due in between changes no claim's steps; `npm run bench`
 * shows a claim estimated a block early, sent with this margin.
 */
export const GAS_MARGIN = 1.25;

/**
 * What a full settlement of the pools' commons (`settle`, and every change of weights, which
 * settles first) may need beyond an estimate made while nothing had arrived: in between, fees may
 * reach the coin (forwarded and recycled), FRSV may be sent to the registry or the emission
 * contract (forwarded, burnt), a compute epoch nobody reported may become final (handed over).
 * Each is a bounded step, none loops; `npm run bench` measures all of them landing together after
 * an estimate made with none pending, and checks this headroom covers them.
 */
export const SETTLEMENT_HEADROOM = 120_000n;

/** The gas limit for a transaction that settles the commons first: the margin, plus the headroom. */
export function settlementGasLimit(estimate: bigint): bigint {
  return (estimate * BigInt(Math.round(GAS_MARGIN * 100))) / 100n + SETTLEMENT_HEADROOM;
}

/** Sends a transaction that settles the commons first, with {@link settlementGasLimit} of its estimate. */
export async function sendSettling(
  estimate: () => Promise<bigint>,
  send: (overrides: { gasLimit: bigint }) => Promise<ContractTransactionResponse>,
): Promise<ContractTransactionResponse> {
  return send({ gasLimit: settlementGasLimit(await estimate()) });
}
