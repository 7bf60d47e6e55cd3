/**
 * Job receipts: what a pool's GPUs did in an epoch, and the evidence attesters sign.
 *
 * A receipt file is a JSON array of receipts, one per job:
 *
 *     { "jobId": "fold-0001", "poolId": "1", "epoch": "42", "workload": "protein folding batch 17",
 *       "gpuSeconds": "3600", "outputHash": "0x…32 bytes…" }
 *
 * A pool's evidence for an epoch is the Merkle root of its receipts, built with OpenZeppelin's
 * StandardMerkleTree (so any receipt can be proven against the root with OpenZeppelin's
 * MerkleProof), and its units are the sum of the GPU-seconds.
 */
import { readFile } from "node:fs/promises";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { isHexString } from "ethers";

/** One job a pool ran. Numbers are decimal strings in the file, bigint here. */
export interface JobReceipt {
  jobId: string;
  poolId: bigint;
  epoch: bigint;
  /** What ran: a model, a protein-folding batch, a course… */
  workload: string;
  gpuSeconds: bigint;
  /** A hash of the job's output (32 bytes, 0x-prefixed). */
  outputHash: string;
}

/** The Merkle leaf encoding of a receipt. */
export const RECEIPT_LEAF = ["string", "uint256", "uint256", "string", "uint256", "bytes32"] as const;

/** A receipt file that cannot be used, with the reason in one line. */
export class ReceiptError extends Error {
  override name = "ReceiptError";
}

function whole(value: unknown, field: string, index: number): bigint {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !/^\d+$/.test(text.trim())) {
    throw new ReceiptError(`receipt ${index + 1}: ${field} must be a whole number, not ${JSON.stringify(value)}`);
  }
  return BigInt(text.trim());
}

function text(value: unknown, field: string, index: number): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ReceiptError(`receipt ${index + 1}: ${field} must be a non-empty string`);
  }
  return value.trim();
}

/** Parses receipts from JSON text, refusing anything malformed. */
export function parseReceipts(json: string, source = "the receipt file"): JobReceipt[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ReceiptError(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(parsed)) throw new ReceiptError(`${source} must hold a JSON array of job receipts`);
  if (parsed.length === 0) throw new ReceiptError(`${source} holds no receipts`);
  return parsed.map((entry: unknown, index) => {
    if (typeof entry !== "object" || entry === null) throw new ReceiptError(`receipt ${index + 1} is not an object`);
    const r = entry as Record<string, unknown>;
    const outputHash = text(r.outputHash, "outputHash", index);
    if (!isHexString(outputHash, 32)) {
      throw new ReceiptError(`receipt ${index + 1}: outputHash must be 32 bytes of hex (0x + 64 digits)`);
    }
    const gpuSeconds = whole(r.gpuSeconds, "gpuSeconds", index);
    if (gpuSeconds === 0n) throw new ReceiptError(`receipt ${index + 1}: gpuSeconds must be more than 0`);
    return {
      jobId: text(r.jobId, "jobId", index),
      poolId: whole(r.poolId, "poolId", index),
      epoch: whole(r.epoch, "epoch", index),
      workload: text(r.workload, "workload", index),
      gpuSeconds,
      outputHash: outputHash.toLowerCase(),
    };
  });
}

/** Reads and parses a receipt file. */
export async function readReceipts(file: string): Promise<JobReceipt[]> {
  let json: string;
  try {
    json = await readFile(file, "utf8");
  } catch {
    throw new ReceiptError(`cannot read the receipt file ${file}`);
  }
  return parseReceipts(json, file);
}

/** Refuses receipts of another pool or epoch, and a job listed twice. */
export function checkReceipts(receipts: JobReceipt[], poolId: bigint, epoch: bigint): void {
  const seen = new Set<string>();
  for (const [index, receipt] of receipts.entries()) {
    if (receipt.poolId !== poolId || receipt.epoch !== epoch) {
      throw new ReceiptError(
        `receipt ${index + 1} (${receipt.jobId}) is for pool ${receipt.poolId}, epoch ${receipt.epoch}, ` +
          `not pool ${poolId}, epoch ${epoch}`,
      );
    }
    if (seen.has(receipt.jobId)) throw new ReceiptError(`job ${receipt.jobId} is listed twice`);
    seen.add(receipt.jobId);
  }
}

function leafOf(receipt: JobReceipt): [string, bigint, bigint, string, bigint, string] {
  return [receipt.jobId, receipt.poolId, receipt.epoch, receipt.workload, receipt.gpuSeconds, receipt.outputHash];
}

/** The Merkle tree of receipts (OpenZeppelin's standard leaf hashing). */
export function receiptTree(receipts: JobReceipt[]) {
  return StandardMerkleTree.of(receipts.map(leafOf), [...RECEIPT_LEAF]);
}

/** What attesters sign for these receipts: the Merkle root and the units (the GPU-seconds). */
export function evidenceOf(receipts: JobReceipt[]): { evidence: string; units: bigint } {
  return {
    evidence: receiptTree(receipts).root,
    units: receipts.reduce((sum, r) => sum + r.gpuSeconds, 0n),
  };
}

/** The proof that `jobId` is among the receipts behind a root. */
export function proofOf(receipts: JobReceipt[], jobId: string): string[] {
  const tree = receiptTree(receipts);
  for (const [index, leaf] of tree.entries()) {
    if (leaf[0] === jobId) return tree.getProof(index);
  }
  throw new ReceiptError(`no receipt for job ${jobId}`);
}

/** Receipts as they are written to a file (numbers as decimal strings). */
export function receiptsJson(receipts: JobReceipt[]): string {
  return (
    JSON.stringify(
      receipts.map((r) => ({
        ...r,
        poolId: String(r.poolId),
        epoch: String(r.epoch),
        gpuSeconds: String(r.gpuSeconds),
      })),
      null,
      2,
    ) + "\n"
  );
}
