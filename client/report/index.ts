import type { Provider } from "ethers";
import type { Foundation } from "../foundation.js";
import { readLogs, type ReadLogsOptions } from "./logs.js";
import { buildReport, type ReportData } from "./model.js";

export { readLogs, deploymentBlock } from "./logs.js";
export { buildReport, type Check, type ReportData } from "./model.js";
export { writeReport, renderHtml, reportJson, csvTables, exact } from "./render.js";

export interface TransparencyOptions extends ReadLogsOptions {
  /** The deployment's first block: history is read from here. */
  fromBlock: number;
  /** The last block read (default: the latest); every view is read at this block too. */
  toBlock?: number;
}

/** Reads every event of `system` from its deployment and builds the report's data. */
export async function transparencyReport(
  system: Foundation,
  provider: Provider,
  options: TransparencyOptions,
): Promise<ReportData> {
  const toBlock = options.toBlock ?? (await provider.getBlockNumber());
  const addresses = await Promise.all(
    Object.values(system).map((c: { getAddress(): Promise<string> }) => c.getAddress()),
  );
  const logs = await readLogs(provider, addresses, options.fromBlock, toBlock, options);
  return buildReport(system, provider, logs, options.fromBlock, toBlock);
}
