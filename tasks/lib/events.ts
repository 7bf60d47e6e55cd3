import type { Foundation } from "../../scripts/lib/foundation.js";
import { CommandError } from "./errors.js";

/** How far back to look for the system's events, and in how large log queries. */
const LOOKBACK_BLOCKS = 100_000;
const LOG_CHUNK = 10_000;

/** Runs `query` over the recent blocks in chunks a provider accepts, oldest first. */
export async function queryInChunks<T>(
  system: Foundation,
  query: (from: number, to: number) => Promise<T[]>,
): Promise<T[]> {
  const provider = system.timelock.runner?.provider;
  if (provider == null) throw new CommandError("no provider to read the chain's history");
  const latest = await provider.getBlockNumber();
  const found: T[] = [];
  for (let from = Math.max(0, latest - LOOKBACK_BLOCKS); from <= latest; from += LOG_CHUNK) {
    found.push(...(await query(from, Math.min(latest, from + LOG_CHUNK - 1))));
  }
  return found;
}
