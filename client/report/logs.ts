import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Provider } from "ethers";
import type { RawLog } from "./cache.js";

/**
 * What the reader asks of a node: `eth_getLogs` and the latest block; through `send` where the
 * provider has it (Hardhat's and ethers' JSON-RPC providers), so that what a node says of each log
 * beyond ethers' Log (the block's timestamp, which Hardhat's node and recent geth give) is kept.
 */
export type LogSource = Pick<Provider, "getLogs" | "getBlockNumber"> & {
  send?: (method: string, params: unknown[]) => Promise<unknown>;
};

/** A log as the JSON-RPC answer has it (quantities in hex). */
interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  logIndex: string;
  transactionHash: string;
  blockTimestamp?: string;
}

export interface ReadLogsOptions {
  /** The widest block range asked for in one query (many providers cap it; 10,000 by default). */
  maxRange?: number;
  /** Called after each range is read, with the blocks read so far and the blocks in all. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Every log the `addresses` emitted from `fromBlock` to `toBlock` (inclusive), oldest first.
 *
 * Reads in ranges of at most `maxRange` blocks; a range the node refuses (a provider's range or
 * result-size limit, a timeout) is split in two and each half read again, down to one block, so
 * the whole history is read whatever the provider's limits. A single block the node still
 * refuses is an error: nothing is skipped silently.
 */
export async function readLogs(
  source: LogSource,
  addresses: string[],
  fromBlock: number,
  toBlock: number,
  options: ReadLogsOptions = {},
): Promise<RawLog[]> {
  const read = async (from: number, to: number): Promise<RawLog[]> => {
    if (source.send === undefined) return source.getLogs({ address: addresses, fromBlock: from, toBlock: to });
    const found = (await source.send("eth_getLogs", [
      { address: addresses, fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}` },
    ])) as RpcLog[];
    return found.map((log) => ({
      address: log.address,
      topics: log.topics,
      data: log.data,
      blockNumber: Number(log.blockNumber),
      blockHash: log.blockHash,
      index: Number(log.logIndex),
      transactionHash: log.transactionHash,
      ...(log.blockTimestamp === undefined ? {} : { timestamp: Number(log.blockTimestamp) }),
    }));
  };
  const logs = await inRanges(fromBlock, toBlock, read, options);
  return logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
}

/**
 * Runs `read` over `fromBlock`..`toBlock` in ranges of at most `maxRange` blocks, oldest first; a
 * range that fails is split in two and each half read again, down to one block, whose failure is
 * the error. For any query with a block range a provider may cap (logs, events).
 */
export async function inRanges<T>(
  fromBlock: number,
  toBlock: number,
  read: (from: number, to: number) => Promise<T[]>,
  options: ReadLogsOptions = {},
): Promise<T[]> {
  const maxRange = options.maxRange ?? 10_000;
  if (!Number.isInteger(maxRange) || maxRange < 1) throw new RangeError(`maxRange must be a whole number ≥ 1`);
  const total = Math.max(0, toBlock - fromBlock + 1);
  let done = 0;
  const found: T[] = [];
  const readRange = async (from: number, to: number): Promise<void> => {
    try {
      found.push(...(await read(from, to)));
      done += to - from + 1;
      options.onProgress?.(done, total);
    } catch (error) {
      if (from === to) throw error;
      const middle = from + Math.floor((to - from) / 2);
      await readRange(from, middle);
      await readRange(middle + 1, to);
    }
  };
  for (let from = fromBlock; from <= toBlock; from += maxRange) {
    await readRange(from, Math.min(toBlock, from + maxRange - 1));
  }
  if (total === 0) options.onProgress?.(0, 0);
  return found;
}

/**
 * The block the system was deployed in, from the deployment Ignition recorded for `chainId`
 * (the first block any of its transactions was confirmed in). Undefined when no journal exists.
 */
/**
 * The hashes of the transactions Ignition's journal for `chainId` records as confirmed, oldest
 * first (none when no journal exists): what a deployment sent.
 */
export async function deploymentTransactions(chainId: bigint, root = process.cwd()): Promise<string[]> {
  const journal = path.join(root, "ignition", "deployments", `chain-${chainId}`, "journal.jsonl");
  const text = await readFile(journal, "utf8").catch(() => "");
  const hashes: string[] = [];
  for (const line of text.split("\n")) {
    if (!line.includes('"TRANSACTION_CONFIRM"')) continue;
    const message = JSON.parse(line) as { type?: string; hash?: string };
    if (message.type === "TRANSACTION_CONFIRM" && typeof message.hash === "string") hashes.push(message.hash);
  }
  return hashes;
}

export async function deploymentBlock(chainId: bigint, root = process.cwd()): Promise<number | undefined> {
  const journal = path.join(root, "ignition", "deployments", `chain-${chainId}`, "journal.jsonl");
  let text: string;
  try {
    text = await readFile(journal, "utf8");
  } catch {
    return undefined;
  }
  let first: number | undefined;
  for (const line of text.split("\n")) {
    if (!line.includes('"TRANSACTION_CONFIRM"')) continue;
    const message = JSON.parse(line) as { type?: string; receipt?: { blockNumber?: number } };
    const block = message.receipt?.blockNumber;
    if (message.type === "TRANSACTION_CONFIRM" && typeof block === "number") {
      first = first === undefined ? block : Math.min(first, block);
    }
  }
  return first;
}
