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
import { queryInChunks } from "./events.js";
import type { Foundation } from "./foundation.js";

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

/** What verified work `poolId` may claim now: the total, and the epochs it is in (oldest first). */
export interface WorkOwed {
  amount: bigint;
  epochs: bigint[];
}

/**
 * What each pool may claim now for its verified work, by `ComputeRewards.claimable` of every epoch
 * it reported in (one query of the reports over the whole history, then the views together). A
 * pool with nothing owed is absent. Like the view, it promises nothing for an epoch past its claim
 * period (a sweep may come first), so it never shows more than a claim pays.
 */
export async function workOwed(system: Foundation, poolIds?: bigint[]): Promise<Map<bigint, WorkOwed>> {
  const rewards = system.computeRewards;
  const reports = await queryInChunks(system, (from, to) =>
    rewards.queryFilter(rewards.filters.WorkSubmitted(), from, to),
  );
  const wanted = poolIds === undefined ? undefined : new Set(poolIds);
  const pairs = new Map<string, [bigint, bigint]>();
  for (const { args } of reports) {
    if (wanted !== undefined && !wanted.has(args.poolId)) continue;
    pairs.set(`${args.poolId}:${args.epoch}`, [args.poolId, args.epoch]);
  }
  const entries = [...pairs.values()].sort(([p1, e1], [p2, e2]) => (p1 === p2 ? Number(e1 - e2) : Number(p1 - p2)));
  const amounts = await Promise.all(entries.map(([poolId, epoch]) => rewards.claimable(poolId, epoch)));
  const owed = new Map<bigint, WorkOwed>();
  entries.forEach(([poolId, epoch], i) => {
    const amount = amounts[i]!;
    if (amount === 0n) return;
    const entry = owed.get(poolId) ?? { amount: 0n, epochs: [] };
    entry.amount += amount;
    entry.epochs.push(epoch);
    owed.set(poolId, entry);
  });
  return owed;
}
