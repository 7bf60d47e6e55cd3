import type { Foundation } from "./foundation.js";
import { inRanges } from "./report/logs.js";
import { CommandError } from "./errors.js";

/** Where each connected system's history starts: its deployment block (see `setHistoryStart`). */
const historyStarts = new WeakMap<Foundation, number>();

/**
 * Records where `system`'s history starts, from the deployment Ignition recorded (loadContext
 * does this); queries for its events begin there, however long ago that was.
 */
export function setHistoryStart(system: Foundation, block: number): void {
  historyStarts.set(system, block);
}

/**
 * Runs `query` over the system's whole history, from its deployment block (block 0 when the
 * deployment's record does not say) to the latest, in ranges a provider accepts (10,000 blocks,
 * split further when refused), oldest first. No fixed look-back: an event of any age is found.
 */
export async function queryInChunks<T>(
  system: Foundation,
  query: (from: number, to: number) => Promise<T[]>,
): Promise<T[]> {
  const provider = system.timelock.runner?.provider;
  if (provider == null) throw new CommandError("no provider to read the chain's history");
  const latest = await provider.getBlockNumber();
  return inRanges(historyStarts.get(system) ?? 0, latest, query);
}
