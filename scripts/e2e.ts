/**
 * `npm run e2e`: the end-to-end test on a real JSON-RPC node.
 *
 * Starts `hardhat node` on a free local port as a separate process, deploys with
 * `hardhat ignition deploy --network localhost`, runs the tasks exactly as a user types them,
 * checks what they print and the chain state they leave, checks that bad input fails with a
 * one-line reason and sends nothing, and stops the node by its process id. It needs nothing
 * from the node beyond standard JSON-RPC plus evm_increaseTime / evm_mine.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { attachFoundation, units } from "./lib/foundation.js";
import { readDeployment } from "../tasks/lib/context.js";

/** A chain id of its own, so the run never touches a developer's chain-31337 deployment. */
const CHAIN_ID = 31338n;
const HARDHAT = path.resolve("node_modules", "hardhat", "dist", "src", "cli.js");
const NODE_LOG = path.resolve("e2e-node.log");

let passed = 0;
let failed = 0;

function check(what: string, ok: boolean, detail = ""): void {
  if (ok) {
    passed++;
    console.log(`  ok    ${what}`);
  } else {
    failed++;
    console.log(`  FAIL  ${what}${detail === "" ? "" : `: ${detail}`}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

async function waitForNode(url: string, node: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (node.exitCode !== null) throw new Error(`the node exited early (code ${node.exitCode}); see ${NODE_LOG}`);
    try {
      await rpc(url, "eth_chainId");
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`the node did not answer on ${url} within 90 s; see ${NODE_LOG}`);
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npx hardhat <args> --network localhost`, as a user would type it. */
function hardhat(env: NodeJS.ProcessEnv, ...args: string[]): Run {
  const result = spawnSync("npx", ["hardhat", ...args, "--network", "localhost"], { env, encoding: "utf8" });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `hardhat node` on a free port with the run's chain id; `run` gets its URL and environment. */
async function withNode(run: (url: string, env: NodeJS.ProcessEnv) => Promise<void>): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    FOUNDATION_LOCAL_RPC: url,
    // Ignition asks before deploying to a chain other than 31337; this run answers yes.
    HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "true",
    NO_COLOR: "1",
  };
  console.log(`Starting a node on ${url} (chain ${CHAIN_ID}), log in ${path.basename(NODE_LOG)}`);
  const log = createWriteStream(NODE_LOG, { flags: "a" });
  const node = spawn(process.execPath, [HARDHAT, "node", "--port", String(port), "--chain-id", String(CHAIN_ID)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  node.stdout?.pipe(log);
  node.stderr?.pipe(log);
  try {
    await waitForNode(url, node);
    await run(url, env);
  } finally {
    // Stop the node by its own process id, and wait for it to go.
    if (node.pid !== undefined && node.exitCode === null) {
      const exited = new Promise((r) => node.once("exit", r));
      process.kill(node.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (node.exitCode === null && node.signalCode === null) process.kill(node.pid, "SIGKILL");
    }
  }
}

async function main(): Promise<void> {
  const deploymentDir = path.resolve("ignition", "deployments", `chain-${CHAIN_ID}`);
  await rm(deploymentDir, { recursive: true, force: true });
  await rm(NODE_LOG, { force: true });
  try {
    await withNode(scenario);
    // The same chain id on a fresh node: what a developer sees after restarting `hardhat node`.
    await withNode(restartedNode);
  } finally {
    await rm(deploymentDir, { recursive: true, force: true });
  }
  console.log(`\ne2e: ${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

async function restartedNode(url: string, env: NodeJS.ProcessEnv): Promise<void> {
  console.log("\nA restarted node starts empty");
  const stale = hardhat(env, "foundation:status");
  check(
    "status explains the recorded deployment is gone and names foundation:deploy",
    stale.code === 1 && /is not on this chain .* deploy again with npx hardhat foundation:deploy/.test(stale.stderr),
    stale.stderr.trim(),
  );
  const again = hardhat(env, "foundation:deploy");
  check(
    "foundation:deploy records a fresh deployment instead of trusting the stale record",
    again.code === 0 && /is not on this chain .*deploying afresh/.test(again.stdout),
    again.code === 0 ? again.stdout.trim() : again.stderr.trim(),
  );
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  const system = attachFoundation(await readDeployment(CHAIN_ID), await provider.getSigner(0));
  check(
    "the fresh deployment is on the chain",
    (await provider.getCode(system.foundationCoin.target as string)) !== "0x",
  );
  const blocks = await provider.getBlockNumber();
  const rerun = hardhat(env, "foundation:deploy");
  check(
    "deploying again says it is already deployed and sends nothing",
    rerun.code === 0 && /Already deployed on chain/.test(rerun.stdout) && (await provider.getBlockNumber()) === blocks,
    rerun.code === 0 ? rerun.stdout.trim() : rerun.stderr.trim(),
  );
  provider.destroy();
}

async function scenario(url: string, env: NodeJS.ProcessEnv): Promise<void> {
  console.log("\nDeploy");
  const deploy = spawnSync(
    "npx",
    [
      "hardhat",
      "ignition",
      "deploy",
      "ignition/modules/Foundation.ts",
      "--network",
      "localhost",
      "--parameters",
      "ignition/parameters/local.json",
    ],
    { env, encoding: "utf8" },
  );
  check("ignition deploy succeeds", deploy.status === 0, deploy.stderr.trim().split("\n").slice(-3).join(" | "));
  if (deploy.status !== 0) return;

  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, pollingInterval: 200 });
  const operator = await provider.getSigner(0);
  const recipientA = (await provider.getSigner(5)).address;
  const recipientB = (await provider.getSigner(6)).address;
  const system = attachFoundation(await readDeployment(CHAIN_ID), operator);
  const { reserveToken, foundationCoin: coin, poolRegistry: registry, emission } = system;
  const me = operator.address;

  const ok = (what: string, run: Run, expected: RegExp): void =>
    check(
      `${what}`,
      run.code === 0 && expected.test(run.stdout),
      run.code === 0 ? run.stdout.trim() : run.stderr.trim(),
    );

  console.log("\nTasks, as a user types them");
  ok("status shows the deployment", hardhat(env, "foundation:status"), new RegExp(`Foundation on chain ${CHAIN_ID}`));
  ok(
    "propose pool 1",
    hardhat(
      env,
      "foundation:propose",
      "--name",
      "Cancer research",
      "--uri",
      "ipfs://cancer",
      "--recipient",
      recipientA,
    ),
    /Proposed pool 1 "Cancer research"/,
  );
  ok(
    "propose pool 2",
    hardhat(env, "foundation:propose", "--name", "Free AI", "--uri", "ipfs://ai", "--recipient", recipientB),
    /Proposed pool 2 "Free AI"/,
  );
  ok(
    "curate both pools in one batch",
    hardhat(env, "foundation:curate", "--pools", "2,1", "--weights", "40,60"),
    /Curated in one batch \(total weight now 100\):\n.*approved pool 1 "Cancer research" with weight 60\n.*approved pool 2 "Free AI" with weight 40/,
  );
  check("both pools are active on chain", (await registry.isActive(1n)) && (await registry.isActive(2n)));

  ok(
    "mint 100 FRSV naming pool 1",
    hardhat(env, "foundation:mint", "--amount", "100", "--pool", "1"),
    /Minted 99500 FDC .*\n.*Fee: 0\.5 FRSV to pool 1 "Cancer research"/s,
  );
  check("the holder received 99,500 FDC", (await coin.balanceOf(me)) === units("99500"));
  check("pool 1 is owed the 0.5 FRSV fee", (await coin.poolFeesOwed(1n)) === units("0.5"));
  ok(
    "mint 50 FRSV to the commons",
    hardhat(env, "foundation:mint", "--amount", "50"),
    /Fee: 0\.25 FRSV to the commons/,
  );
  check("the commons is owed 0.25 FRSV", (await coin.commonsFeesOwed()) === units("0.25"));
  ok("redeem 1,000 FDC", hardhat(env, "foundation:redeem", "--amount", "1000"), /Redeemed 1000 FDC: 0\.995 FRSV sent/);
  check("the supply is 148,250 FDC", (await coin.totalSupply()) === units("148250"));

  await rpc(url, "evm_increaseTime", [30 * 86_400]);
  await rpc(url, "evm_mine");
  ok("release after 30 days", hardhat(env, "foundation:release"), /Released [\d.]+ FRSV of new reserve/);
  check("emission released reserve to the registry", (await emission.released()) > 0n);
  const beforeA = await reserveToken.balanceOf(recipientA);
  const beforeB = await reserveToken.balanceOf(recipientB);
  ok("claim for every pool", hardhat(env, "foundation:claim", "--all"), /Claimed .* pool 1 .*\n.*Claimed .* pool 2/s);
  // Each claim releases what came due since the last settlement, so a pool that claimed first
  // has a few seconds of emission claimable again: paid + claimable is its share of everything.
  const owedA = (await reserveToken.balanceOf(recipientA)) - beforeA + (await registry.claimable(1n));
  const owedB = (await reserveToken.balanceOf(recipientB)) - beforeB + (await registry.claimable(2n));
  const emitted = (await emission.released()) + (await emission.releasable());
  const commons = emitted + units("0.25") + units("0.005");
  const within = (got: bigint, exact: bigint) => got <= exact && exact - got <= 1n;
  check(
    "pool 1 got its named fee and 60% of the commons, emission included",
    within(owedA, units("0.5") + (commons * 60n) / 100n),
  );
  check("pool 2 got 40% of the commons", within(owedB, (commons * 40n) / 100n));

  ok(
    "schedule a fee change",
    hardhat(env, "foundation:fees", "--mint-bps", "80", "--redeem-bps", "30"),
    /Scheduled a fee change to mint 80 bps, redeem 30 bps/,
  );
  ok("status shows the scheduled change", hardhat(env, "foundation:status"), /scheduled: mint 80 bps, redeem 30 bps/);
  ok(
    "execute the fee change",
    hardhat(env, "foundation:fees", "--execute"),
    /minting now costs 80 bps, redeeming 30 bps/,
  );
  check("the new fees are on chain", (await coin.mintFeeBps()) === 80n && (await coin.redeemFeeBps()) === 30n);
  ok(
    "pools lists both pools",
    hardhat(env, "foundation:pools"),
    /1\. "Cancer research" — active.*\n.*2\. "Free AI" — active/s,
  );

  console.log("\nBad input fails with one line and sends nothing");
  const refusals: [string[], RegExp][] = [
    [["foundation:mint", "--amount", "abc"], /--amount must be a number of FRSV like 12\.5, not "abc"/],
    [["foundation:mint", "--amount", "10", "--pool", "9"], /pool 9 does not exist/],
    [["foundation:redeem", "--amount", "99999999"], /holds .* FDC, less than the 99999999 FDC to redeem/],
    [["foundation:redeem", "--amount", "0.000000000000001999"], /is too small: after the fee nothing would be paid/],
    [["foundation:mint", "--amount", "1", "--to", system.timelock.target as string], /is a Foundation contract/],
    [["foundation:curate", "--pools", "1,1", "--weights", "5,5"], /pool 1 is listed twice in --pools/],
    [["foundation:approve", "--pool", "1", "--weight", "5"], /pool 1 is active; only a proposed pool can be approved/],
    [["foundation:claim"], /give either --pool <id> or --all/],
    [["foundation:fees", "--mint-bps", "500", "--redeem-bps", "0"], /--mint-bps 500 is above the fee cap of 200 bps/],
  ];
  const inProcess = spawnSync("npx", ["hardhat", "foundation:status"], { env, encoding: "utf8" });
  check(
    "a task without --network explains that it needs a running chain",
    inProcess.status === 1 && /these commands need a running chain/.test(inProcess.stderr),
    inProcess.stderr.trim(),
  );
  for (const [args, expected] of refusals) {
    const blockBefore = await provider.getBlockNumber();
    const nonceBefore = await provider.getTransactionCount(me);
    const run = hardhat(env, ...args);
    const lines = run.stderr.trim().split("\n");
    check(
      `${args.join(" ")} → exit 1, "${expected.source.slice(0, 40)}…"`,
      run.code === 1 && lines.length === 1 && expected.test(lines[0] ?? "") && !/\bat .*:\d+:\d+/.test(run.stderr),
      `exit ${run.code}, stderr: ${run.stderr.trim()}`,
    );
    check(
      `${args[0]} sent nothing`,
      (await provider.getBlockNumber()) === blockBefore && (await provider.getTransactionCount(me)) === nonceBefore,
    );
  }

  console.log("\nThe books");
  const held = await reserveToken.balanceOf(await coin.getAddress());
  check("the coin is fully backed", held >= (await coin.requiredBacking()) + (await coin.directedFeesOwed()));
  check("FRSV supply is within the cap", (await reserveToken.totalSupply()) <= (await reserveToken.cap()));
  provider.destroy();
}

main().catch((error: unknown) => {
  console.error(`e2e failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
