import path from "node:path";
import { SingleBar } from "cli-progress";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { ChainMoved, deploymentBlock, transparencyReport, writeReport } from "../../client/report/index.js";
import { termsLine } from "../../client/report/checks.js";
import { checkNumber } from "../../client/report/render.js";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import { CommandError } from "../../client/errors.js";
import { parseWhole } from "../../client/input.js";

/**
 * Where a deployment's report keeps what it read (Hardhat's cache/ folder, not committed): one
 * file per chain and deployment. Deleting it makes the next run read the whole history again.
 */
export const scanCacheFile = (root: string, chainId: bigint, coin: string) =>
  path.join(root, "cache", "transparency", `chain-${chainId}-${coin.toLowerCase()}.json`);

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
      cacheFile: scanCacheFile(root, ctx.chainId, await ctx.system.foundationCoin.getAddress()),
      onProgress: (done) => showBar && bar.update(done),
    });
  } catch (error) {
    // Exit code 2: the node, not the system, kept the report from being read.
    if (error instanceof ChainMoved) throw new CommandError(error.message, 2);
    throw error;
  } finally {
    if (showBar) bar.stop();
  }
  const dir = args.out.trim() || path.join(root, "reports", "transparency", ctx.networkName);
  const page = await writeReport(data, dir, ctx.networkName);
  const holds = data.checks.filter((c) => c.holds).length;
  ctx.say(`Transparency report of chain ${ctx.chainId}, blocks ${fromBlock} to ${data.toBlock}: ${page}`);
  const { scan } = data;
  ctx.say(
    `  ${scan.logs} logs; blocks ${scan.fetchedFromBlock} to ${scan.toBlock} read from the node` +
      (scan.fetchedFromBlock > scan.fromBlock ? `, those before kept from the last run (cache/transparency/)` : ""),
  );
  for (const check of data.checks) {
    ctx.say(`  ${check.holds ? "holds" : "DOES NOT HOLD"}  ${check.what}`);
    // What an auditor needs to see which quantity moved.
    if (!check.holds) ctx.say(`      ${termsLine(check, checkNumber)}`);
  }
  ctx.say(`${holds} of ${data.checks.length} checks hold; report.json and CSV tables are beside the page.`);
  ctx.put("chainId", ctx.chainId.toString());
  ctx.put("fromBlock", fromBlock);
  ctx.put("toBlock", data.toBlock);
  ctx.put("toBlockHash", data.toBlockHash);
  ctx.put("scan", { ...data.scan });
  ctx.put("page", page);
  ctx.put(
    "checks",
    data.checks.map((check) => ({
      what: check.what,
      kind: check.kind,
      holds: check.holds,
      left: check.left.map((t) => ({ label: t.label, value: t.value.toString() })),
      relation: check.relation,
      right: check.right.map((t) => ({ label: t.label, value: t.value.toString() })),
    })),
  );
  if (holds !== data.checks.length) {
    throw new CommandError(`${data.checks.length - holds} check(s) do not hold: see ${page}`);
  }
}

export const reportAction = (args: ReportArgs & TaskArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, args, (ctx) => report(ctx, args, hre.config.paths.root));
