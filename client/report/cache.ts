import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Log } from "ethers";

/**
 * What the report keeps of a log: enough to decode it and to know which chain it is of, and its
 * block's timestamp where the node gave it (then no header needs reading).
 */
export type RawLog = Pick<
  Log,
  "address" | "topics" | "data" | "blockNumber" | "blockHash" | "index" | "transactionHash"
> & {
  timestamp?: number;
};

/** Blocks the report has read: timestamps and hashes (of blocks with logs, headers read, and the last). */
export interface BlockBook {
  times: Map<number, number>;
  hashes: Map<number, string>;
}

/**
 * What one run read, for the next: the logs of `fromBlock`..`toBlock` of one deployment (its
 * contracts' addresses) on one chain, and the blocks' timestamps and hashes. The next run keeps it
 * only as far as those hashes are still on the chain.
 */
export interface Scan {
  chainId: string;
  addresses: string[];
  fromBlock: number;
  toBlock: number;
  logs: RawLog[];
  book: BlockBook;
}

interface ScanFile {
  version: 1;
  chainId: string;
  addresses: string[];
  fromBlock: number;
  toBlock: number;
  logs: RawLog[];
  times: [number, number][];
  hashes: [number, string][];
}

/** Reads the scan kept at `file`; undefined when there is none or it is not one (it is then read afresh). */
export async function loadScan(file: string): Promise<Scan | undefined> {
  let saved: ScanFile;
  try {
    saved = JSON.parse(await readFile(file, "utf8")) as ScanFile;
  } catch {
    return undefined;
  }
  // Anything but a whole scan of this shape is read afresh, never trusted in part.
  const whole =
    saved !== null &&
    typeof saved === "object" &&
    saved.version === 1 &&
    typeof saved.chainId === "string" &&
    Array.isArray(saved.addresses) &&
    Number.isInteger(saved.fromBlock) &&
    Number.isInteger(saved.toBlock) &&
    Array.isArray(saved.logs) &&
    Array.isArray(saved.times) &&
    Array.isArray(saved.hashes);
  if (!whole) return undefined;
  return {
    chainId: saved.chainId,
    addresses: saved.addresses,
    fromBlock: saved.fromBlock,
    toBlock: saved.toBlock,
    logs: saved.logs,
    book: { times: new Map(saved.times), hashes: new Map(saved.hashes) },
  };
}

/** Keeps `scan` at `file` (written whole, then renamed: an interrupted write leaves the old one). */
export async function saveScan(file: string, scan: Scan): Promise<void> {
  const saved: ScanFile = {
    version: 1,
    chainId: scan.chainId,
    addresses: scan.addresses,
    fromBlock: scan.fromBlock,
    toBlock: scan.toBlock,
    logs: scan.logs.map((l) => ({
      address: l.address,
      topics: [...l.topics],
      data: l.data,
      blockNumber: l.blockNumber,
      blockHash: l.blockHash,
      index: l.index,
      transactionHash: l.transactionHash,
      ...(l.timestamp === undefined ? {} : { timestamp: l.timestamp }),
    })),
    times: [...scan.book.times],
    hashes: [...scan.book.hashes],
  };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.partial`, JSON.stringify(saved));
  await rename(`${file}.partial`, file);
}

/**
 * The part of `scan` still on the chain: the highest block it knows the hash of whose hash
 * `hashOf` still gives (every block before it is then on the chain too), and what it read up to
 * there. The newest first (one header read when nothing changed), else a binary search over the
 * known hashes: a few header reads, whatever the history's length.
 */
export async function stillOnChain(
  scan: Scan,
  hashOf: (block: number) => Promise<string | undefined>,
): Promise<Scan | undefined> {
  const known = [...scan.book.hashes.keys()].filter((b) => b <= scan.toBlock).sort((a, b) => a - b);
  let [low, high, good] = [0, known.length - 1, -1];
  const stillThere = async (i: number) => (await hashOf(known[i]!)) === scan.book.hashes.get(known[i]!);
  // Most runs find the chain unchanged: one header read, the newest, then says so.
  if (high >= 0) {
    if (await stillThere(high)) [good, low] = [high, high + 1];
    else high -= 1;
  }
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (await stillThere(middle)) [good, low] = [middle, middle + 1];
    else high = middle - 1;
  }
  if (good < 0) return undefined;
  const upTo = known[good]!;
  const keep = <V>(map: Map<number, V>) => new Map([...map].filter(([block]) => block <= upTo));
  return {
    ...scan,
    toBlock: upTo,
    logs: scan.logs.filter((l) => l.blockNumber <= upTo),
    book: { times: keep(scan.book.times), hashes: keep(scan.book.hashes) },
  };
}
