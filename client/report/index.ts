import type { Provider } from "ethers";
import type { Foundation } from "../foundation.js";
import { loadScan, saveScan, stillOnChain, type BlockBook, type RawLog, type Scan } from "./cache.js";
import { ChainMoved, hashOfBlock, latestBlock } from "./context.js";
import { readLogs, type ReadLogsOptions } from "./logs.js";
import { buildReport, type ReportData } from "./model.js";

export { readLogs, deploymentBlock } from "./logs.js";
export { buildReport, type Check, type Term, type ReportData } from "./model.js";
export { ChainMoved } from "./context.js";
export { writeReport, renderHtml, reportJson, csvTables, exact } from "./render.js";

export interface TransparencyOptions extends ReadLogsOptions {
  /** The deployment's first block: history is read from here. */
  fromBlock: number;
  /** The last block read (default: the latest); every view is read at this block too. */
  toBlock?: number;
  /** How many times to read again when the chain reorganises under the report (default 3). */
  tries?: number;
  /**
   * Where to keep what was read (logs, block timestamps and hashes), so that the next run asks the
   * node only for new blocks; none by default.
   */
  cacheFile?: string;
}

/**
 * Reads every event of `system` from its deployment and builds the report's data, all of it of
 * one chain: the hash of the last block read is taken first, views are read at that hash, and it
 * is compared again when the report is built. If the chain changed underneath (a reorganisation; a
 * local node reverted to a snapshot), whatever was read is dropped and the report is read again
 * up to the new head, at most `tries` times; then it stops with {@link ChainMoved}. Never a report
 * mixed from two chains.
 *
 * With `cacheFile`, what an earlier run read is kept as far as its blocks are still on the chain
 * (checked by hash; the rest is read again) and only later blocks are asked for.
 */
export async function transparencyReport(
  system: Foundation,
  provider: Provider,
  options: TransparencyOptions,
): Promise<ReportData> {
  const tries = options.tries ?? 3;
  const addresses = await Promise.all(
    Object.values(system).map((c: { getAddress(): Promise<string> }) => c.getAddress()),
  );
  const deployment = addresses.map((a) => a.toLowerCase()).sort();
  const chainId = (await provider.getNetwork()).chainId.toString();
  const hashOf = (block: number) => hashOfBlock(provider, block);
  for (let attempt = 1; ; attempt++) {
    const toBlock = options.toBlock ?? (await latestBlock(provider));
    const hash = await hashOf(toBlock);
    if (hash !== undefined) {
      try {
        const kept = await keptScan(options, chainId, deployment, toBlock, hashOf);
        const fetchedFromBlock = kept === undefined ? options.fromBlock : kept.toBlock + 1;
        const fresh = await readLogs(provider, addresses, fetchedFromBlock, toBlock, options);
        const logs: RawLog[] = [...(kept?.logs ?? []), ...fresh];
        const book: BlockBook = kept?.book ?? { times: new Map(), hashes: new Map() };
        const data = await buildReport(
          system,
          provider,
          logs,
          options.fromBlock,
          toBlock,
          hash,
          book,
          fetchedFromBlock,
        );
        if ((await hashOf(toBlock)) === hash) {
          if (options.cacheFile !== undefined) {
            const scan: Scan = { chainId, addresses: deployment, fromBlock: options.fromBlock, toBlock, logs, book };
            await saveScan(options.cacheFile, scan);
          }
          return data;
        }
      } catch (error) {
        // A failure on the chain the report began with is the report's; one after the chain
        // moved is the move's (a view of a block that is gone, a missing header).
        if ((await hashOf(toBlock)) === hash && !(error instanceof ChainMoved)) throw error;
      }
    }
    if (attempt >= tries) {
      throw new ChainMoved(
        `the chain changed under the report ${tries} times (block ${toBlock} was replaced or is gone); ` +
          "nothing was written: run it again once the node settles",
      );
    }
  }
}

/** What the cache keeps that is of this deployment, from this history's start, and still on the chain up to `toBlock`. */
async function keptScan(
  options: TransparencyOptions,
  chainId: string,
  deployment: string[],
  toBlock: number,
  hashOf: (block: number) => Promise<string | undefined>,
): Promise<Scan | undefined> {
  if (options.cacheFile === undefined) return undefined;
  const scan = await loadScan(options.cacheFile);
  if (
    scan === undefined ||
    scan.chainId !== chainId ||
    scan.fromBlock !== options.fromBlock ||
    scan.addresses.join() !== deployment.join()
  ) {
    return undefined;
  }
  const capped = scan.toBlock <= toBlock ? scan : { ...scan, toBlock };
  return stillOnChain(capped, hashOf);
}
