/**
 * Work reports as attesters sign them: the EIP-712 typed data `ComputeRewards` checks, the one
 * definition the commands, the demo, the benchmark and the tests use.
 *
 * A report carries a version: a pool's first report for an epoch may have any version, and while
 * the submission window is open a report with a higher version, signed by a quorum, replaces it.
 * So attesters correct a report by signing a later version, and an older version submitted by
 * whoever holds its signatures cannot block the correction (a voided report stays void).
 */
import type { Signer, TypedDataDomain } from "ethers";

/** A work report: `units` GPU-seconds of `poolId` in `epoch`, `evidence` its receipts' Merkle root. */
export interface WorkReport {
  poolId: bigint;
  epoch: bigint;
  units: bigint;
  evidence: string;
  version: bigint;
}

/** The EIP-712 type of a work report: `WorkReport(uint256 poolId,uint256 epoch,uint256 units,bytes32 evidence,uint32 version)`. */
export const WORK_REPORT_TYPES = {
  WorkReport: [
    { name: "poolId", type: "uint256" },
    { name: "epoch", type: "uint256" },
    { name: "units", type: "uint256" },
    { name: "evidence", type: "bytes32" },
    { name: "version", type: "uint32" },
  ],
};

/** The EIP-712 domain of the `ComputeRewards` at `address` on chain `chainId`. */
export function workReportDomain(chainId: bigint, address: string): TypedDataDomain {
  return { name: "Foundation ComputeRewards", version: "1", chainId, verifyingContract: address };
}

/** `signer`'s signature of `report` for the `ComputeRewards` at `address` on chain `chainId`. */
export function signWorkReport(signer: Signer, chainId: bigint, address: string, report: WorkReport): Promise<string> {
  return signer.signTypedData(workReportDomain(chainId, address), WORK_REPORT_TYPES, report);
}

/** Signers and their signatures of one report, in the strictly ascending order `submitWork` wants. */
export function sortBySigner<T extends { attester: string }>(signed: T[]): T[] {
  return [...signed].sort((a, b) => (BigInt(a.attester) < BigInt(b.attester) ? -1 : 1));
}
