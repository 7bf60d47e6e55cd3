/**
 * `npm run report:load [-- --transactions N --seed S --cpu-profile]`: the transparency report at scale, on a
 * real node, with its benchmark.
 *
 * Starts `hardhat node` on a free port (chain 31339, so no developer's deployment is touched),
 * deploys with a 30-day halving period, builds a load of N transactions (default 3,000:
 * redemptions that round, FRSV sent to the coin, 12 pools, work reports, voids, humans,
 * dividends, claims, time across halvings; scripts/lib/load.ts), then:
 *
 * 1. `foundation:report` exits 0 and every check holds;
 * 2. benchmark: the report built in this process, first from nothing, then after 100 new blocks
 *    from its cache — the second run must ask the node only for those blocks and take at most a
 *    third of the first's time; the report's own processing (its time less the time it waited on
 *    the node) in logs/s, at least 20,000, with the peak memory;
 * 3. the page of the load stays under 400 table rows and 1 MB, and in Chromium no axis label
 *    leaves its chart, nothing logs an error and nothing is loaded;
 * 4. a revert of the node while the report reads ends in a report of one chain, or the one-line
 *    refusal — never a crash;
 * 5. one FRSV unit taken from the coin behind the events' back: `foundation:report` exits 1 and
 *    names the check and the term that moved.
 *
 * Prints each result and exits 1 if any fails. Stops the node by its process id.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { tmpdir } from "node:os";
import path from "node:path";
import { AbiCoder, JsonRpcProvider, keccak256, toBeHex } from "ethers";
import { readDeployment } from "../client/context.js";
import { attachFoundation } from "../client/foundation.js";
import { ChainMoved, renderHtml, transparencyReport, writeReport } from "../client/report/index.js";
import { findChromium, labelsOutsideTheirChart } from "../client/report/browser.js";
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { buildLoad } from "./lib/load.js";
import { hardhat, rpc, withNode } from "./lib/node.js";

const CHAIN_ID = 31339n;
const NODE_LOG = path.resolve("report-load-node.log");

let failed = 0;
function check(what: string, ok: boolean, detail = ""): void {
  if (!ok) failed++;
  console.log(`  ${ok ? "ok  " : "FAIL"}  ${what}${detail === "" ? "" : `: ${detail}`}`);
}

/**
 * A provider that counts the time spent waiting on the node (the report's own time is the rest),
 * and asks for a view at a block hash the way nodes accept (EIP-1898 `{blockHash}`; ethers sends
 * the bare hash, as Hardhat's own provider does not).
 */
class TimedProvider extends JsonRpcProvider {
  waited = 0;
  requests = 0;
  override getRpcRequest(req: Parameters<JsonRpcProvider["getRpcRequest"]>[0]) {
    const request = super.getRpcRequest(req);
    const tag = request?.args[1];
    if (request?.method === "eth_call" && typeof tag === "string" && tag.length === 66) {
      return { method: request.method, args: [request.args[0], { blockHash: tag }] };
    }
    return request;
  }
  #inFlight = 0;
  #since = 0;
  /**
   * Every request to the node passes here (ethers' own calls too). The time any request is
   * waiting is the node's; requests in flight together count once.
   */
  override async send(method: string, params: unknown[] | Record<string, unknown>): Promise<unknown> {
    this.requests++;
    if (this.#inFlight++ === 0) this.#since = performance.now();
    try {
      return await super.send(method, params);
    } finally {
      if (--this.#inFlight === 0) this.waited += performance.now() - this.#since;
    }
  }
}

/** A full garbage collection now (V8's `gc`, exposed at run time). */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/**
 * Runs `run`; with `--cpu-profile`, under V8's CPU profiler, writing the profile to
 * <tmp>/report-load-<name>.cpuprofile (open it in Chrome's DevTools): where the report's own time goes.
 */
async function profiled<T>(name: string, run: () => Promise<T>): Promise<T> {
  if (!process.argv.includes("--cpu-profile")) return run();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  try {
    return await run();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    const file = path.join(tmpdir(), `report-load-${name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.log(`  CPU profile of the ${name} run: ${file}`);
  }
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
  return value;
}

async function scenario(url: string, env: NodeJS.ProcessEnv): Promise<void> {
  const transactions = option("transactions", 3_000);
  const seed = option("seed", 20261202);
  const work = await mkdtemp(path.join(tmpdir(), "foundation-report-load-"));
  const local = JSON.parse(await readFile(path.join("ignition", "parameters", "local.json"), "utf8")) as {
    Foundation: Record<string, unknown>;
  };
  const parameters = path.join(work, "parameters.json");
  await writeFile(parameters, JSON.stringify({ Foundation: { ...local.Foundation, halvingPeriod: "2592000n" } }));
  const deployed = hardhat(env, "ignition", "deploy", "ignition/modules/Foundation.ts", "--parameters", parameters);
  check("deploy (30-day halving period)", deployed.code === 0, deployed.stderr.trim().split("\n").at(-1) ?? "");
  if (deployed.code !== 0) return;

  // No batching: ethers' default waits 10 ms to batch each request, which would be counted as the
  // report's own time (Hardhat's provider, the commands', does not batch).
  const provider = new TimedProvider(url, undefined, {
    staticNetwork: true,
    pollingInterval: 100,
    batchMaxCount: 1,
    batchStallTime: 0,
  });
  const signers = await Promise.all(Array.from({ length: 20 }, (_, i) => provider.getSigner(i)));
  const system = attachFoundation(await readDeployment(CHAIN_ID), signers[0]!);
  const fromBlock = 1;
  const loadStarted = performance.now();
  const sent = await buildLoad(
    provider,
    system,
    {
      genesis: signers.slice(0, 4),
      attesters: signers.slice(4, 7),
      issuer: signers[10]!,
      holders: [...signers.slice(7, 10), ...signers.slice(11, 20)],
    },
    { transactions, pools: 12, humans: 8, seed, say: (line) => console.log(`  load: ${line}`) },
  );
  const head = await provider.getBlockNumber();
  console.log(
    `Load: ${sent} transactions, ${head} blocks, in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`,
  );

  // 1. The command, as a user runs it.
  const out = path.join(work, "report");
  const command = hardhat(env, "foundation:report", "--out", out, "--json");
  const json = JSON.parse(command.stdout || "{}") as {
    checks?: { what: string; holds: boolean }[];
    scan?: { logs: number };
  };
  const failing = (json.checks ?? []).filter((c) => !c.holds).map((c) => c.what);
  check(
    "foundation:report exits 0 and every check holds",
    command.code === 0 && (json.checks?.length ?? 0) >= 20 && failing.length === 0,
    command.code === 0 ? failing.join("; ") : command.stderr.trim(),
  );

  // 2. The benchmark, in this process (no Hardhat start-up in the figures).
  const cacheFile = path.join(work, "scan.json");
  // Beside the issue's measure (the time no request was in flight), the time this thread was busy
  // (event-loop utilisation): stricter, as it counts parsing the node's answers and the work the
  // ledgers do while another's request is in flight. Printed, not checked.
  const timed = async () => {
    [provider.waited, provider.requests] = [0, 0];
    const started = performance.now();
    const loop = performance.eventLoopUtilization();
    const data = await transparencyReport(system, provider, { fromBlock, cacheFile });
    const busy = performance.eventLoopUtilization(loop).active;
    return { data, total: performance.now() - started, node: provider.waited, requests: provider.requests, busy };
  };
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  // The first run starts from a collected heap, not from the load's garbage.
  collectGarbage();
  const first = await profiled("first", timed);
  await rpc(url, "hardhat_mine", ["0x64"]);
  const second = await profiled("second", timed);
  clearInterval(sampler);
  const logs = first.data.scan.logs;
  const own = first.total - first.node;
  const rate = (logs / own) * 1000;
  console.log(
    `Benchmark: first run ${(first.total / 1000).toFixed(2)} s for ${logs} logs and ${first.requests} requests ` +
      `(waiting on the node ${(first.node / 1000).toFixed(2)} s, ` +
      `the report's own ${(own / 1000).toFixed(2)} s = ${Math.round(rate).toLocaleString("en-US")} logs/s; ` +
      `its thread busy ${(first.busy / 1000).toFixed(2)} s, decoding the node's answers included); ` +
      `after 100 new blocks ${(second.total / 1000).toFixed(2)} s and ${second.requests} requests, ` +
      `asking the node from block ${second.data.scan.fetchedFromBlock}; ` +
      `peak memory ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );
  check(
    "the second run asks the node only for the blocks after the first's (100 and more)",
    second.data.scan.fetchedFromBlock === first.data.toBlock + 1 && second.data.toBlock >= first.data.toBlock + 100,
    `first read to block ${first.data.toBlock}; then ${JSON.stringify(second.data.scan)}`,
  );
  check(
    "the second run takes at most a third of the first's time",
    second.total * 3 <= first.total,
    `${second.total.toFixed(0)} ms vs ${first.total.toFixed(0)} ms`,
  );
  check("the report's own processing ≥ 20,000 logs/s", rate >= 20_000, `${Math.round(rate)} logs/s`);
  check(
    "both runs: every check holds",
    [first, second].every((r) => r.data.checks.every((c) => c.holds)),
  );

  // 3. The page of the load.
  const html = await renderHtml(second.data, "report-load");
  const rows = html.match(/<tr[ >]/g)?.length ?? 0;
  const bytes = Buffer.byteLength(html);
  check("the page: under 400 table rows and 1 MB", rows < 400 && bytes < 1_000_000, `${rows} rows, ${bytes} bytes`);
  // In Chromium: no axis label outside its chart, no console error, nothing loaded.
  const page = await writeReport(second.data, path.join(work, "page"), "report-load");
  const browser = await chromium.launch({ executablePath: await findChromium() });
  try {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const problems: string[] = [];
    tab.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    tab.on("request", (request) => !request.url().startsWith("file:") && problems.push(request.url()));
    await tab.goto(pathToFileURL(page).href);
    const outside = await labelsOutsideTheirChart(tab);
    check(
      "the page in Chromium: every axis label inside its chart, no console error, nothing loaded",
      outside.length === 0 && problems.length === 0,
      [...outside, ...problems].join("; "),
    );
  } finally {
    await browser.close();
  }

  // 4. The node reverts while the report reads.
  const snapshot = (await rpc(url, "evm_snapshot")) as string;
  await rpc(url, "hardhat_mine", ["0x28"]);
  let reverted = false;
  const outcome = await transparencyReport(system, provider, {
    fromBlock,
    maxRange: 500,
    onProgress: () => {
      if (reverted) return;
      reverted = true;
      void rpc(url, "evm_revert", [snapshot]);
    },
  }).then(
    (data) =>
      data.checks.every((c) => c.holds) && data.toBlock === second.data.toBlock
        ? "a report of one chain"
        : "a mixed report",
    (error: unknown) => (error instanceof ChainMoved ? "the one-line refusal" : `a crash: ${String(error)}`),
  );
  check(
    "a revert under the report ends in a report of one chain or the refusal",
    /one chain|refusal/.test(outcome),
    outcome,
  );

  // 5. One FRSV unit leaves the coin without an event.
  const coin = await system.foundationCoin.getAddress();
  const token = await system.reserveToken.getAddress();
  const held = await system.reserveToken.balanceOf(coin);
  let slot: string | undefined;
  for (let i = 0n; i < 16n && slot === undefined; i++) {
    const candidate = keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [coin, i]));
    if (BigInt((await rpc(url, "eth_getStorageAt", [token, candidate, "latest"])) as string) === held) slot = candidate;
  }
  await rpc(url, "hardhat_setStorageAt", [token, slot, toBeHex(held - 1n, 32)]);
  await rpc(url, "evm_mine");
  const broken = hardhat(env, "foundation:report", "--out", path.join(work, "broken"));
  check(
    "one unit taken from the coin: the report exits 1 naming the check and the term that moved",
    broken.code === 1 &&
      /DOES NOT HOLD {2}FRSV held by the coin/.test(broken.stdout) &&
      /balanceOf\(coin\)/.test(broken.stdout) &&
      /check\(s\) do not hold/.test(broken.stderr),
    broken.stdout
      .split("\n")
      .filter((l) => /DOES NOT|balanceOf/.test(l))
      .join(" | ") + broken.stderr.trim(),
  );
  await rm(work, { recursive: true, force: true });
  provider.destroy();
}

async function main(): Promise<void> {
  const deploymentDir = path.resolve("ignition", "deployments", `chain-${CHAIN_ID}`);
  await rm(deploymentDir, { recursive: true, force: true });
  await rm(NODE_LOG, { force: true });
  try {
    await withNode(CHAIN_ID, NODE_LOG, scenario);
  } finally {
    await rm(deploymentDir, { recursive: true, force: true });
    // The command's cache of this chain's scans (a developer's other chains' are left alone).
    const caches = path.resolve("cache", "transparency");
    for (const name of await readdir(caches).catch(() => [])) {
      if (name.startsWith(`chain-${CHAIN_ID}-`)) await rm(path.join(caches, name), { force: true });
    }
  }
  console.log(failed === 0 ? "\nreport:load: every check passed" : `\nreport:load: ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`report:load failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
