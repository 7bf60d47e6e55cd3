import path from "node:path";
import { SingleBar } from "cli-progress";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { deploymentBlock, transparencyReport, writeReport } from "../../client/report/index.js";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import { CommandError } from "../../client/errors.js";
import { parseWhole } from "../../client/input.js";

export interface ReportArgs {
  out: string;
  fromBlock: string;
}

/**
 * Builds the transparency report from the chain: every event since the deployment block (from
 * Ignition's record, or --from-block), read in chunks a provider accepts, with a progress bar on
 * stderr; writes index.html, report.json and CSV tables, and prints each check.
 */
export async function report(ctx: Context, args: ReportArgs, root: string): Promise<void> {
  const provider = ctx.signer.provider!;
  let fromBlock: number;
  if (args.fromBlock.trim() !== "") {
    fromBlock = Number(parseWhole(args.fromBlock, "from-block", "a block number"));
  } else {
    const recorded = await deploymentBlock(ctx.chainId, root);
    if (recorded === undefined) {
      throw new CommandError(
        `no deployment journal for chain ${ctx.chainId} tells where the system's history starts; ` +
          "give --from-block <the deployment's first block>",
      );
    }
    fromBlock = recorded;
  }
  const latest = await provider.getBlockNumber();
  if (fromBlock > latest) throw new CommandError(`--from-block ${fromBlock} is after the latest block, ${latest}`);
  const bar = new SingleBar(
    { format: "Reading events {bar} {percentage}% | blocks {value}/{total}", stream: process.stderr, hideCursor: true },
    // The bar is the only thing that goes to stderr, and only to a terminal (not to a CI log).
  );
  const showBar = process.stderr.isTTY === true;
  if (showBar) bar.start(latest - fromBlock + 1, 0);
  let data;
  try {
    data = await transparencyReport(ctx.system, provider, {
      fromBlock,
      toBlock: latest,
      onProgress: (done) => showBar && bar.update(done),
    });
  } finally {
    if (showBar) bar.stop();
  }
  const dir = args.out.trim() || path.join(root, "reports", "transparency", ctx.networkName);
  const page = await writeReport(data, dir, ctx.networkName);
  const holds = data.checks.filter((c) => c.holds).length;
  ctx.say(`Transparency report of chain ${ctx.chainId}, blocks ${fromBlock} to ${latest}: ${page}`);
  for (const check of data.checks) ctx.say(`  ${check.holds ? "holds" : "DOES NOT HOLD"}  ${check.what}`);
  ctx.say(`${holds} of ${data.checks.length} checks hold; report.json and CSV tables are beside the page.`);
  ctx.put("chainId", ctx.chainId.toString());
  ctx.put("fromBlock", fromBlock);
  ctx.put("toBlock", latest);
  ctx.put("page", page);
  ctx.put(
    "checks",
    data.checks.map((check) => ({ what: check.what, holds: check.holds })),
  );
  if (holds !== data.checks.length) {
    throw new CommandError(`${data.checks.length - holds} check(s) do not hold: see ${page}`);
  }
}

export const reportAction = (args: ReportArgs & TaskArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, args, (ctx) => report(ctx, args, hre.config.paths.root));
