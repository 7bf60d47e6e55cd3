/**
 * `npm run e2e`: the end-to-end test on a real JSON-RPC node.
 *
 * Starts `hardhat node` on a free local port as a separate process, deploys with
 * `hardhat ignition deploy --network localhost`, runs the tasks exactly as a user types them,
 * checks what they print and the chain state they leave, checks that bad input fails with a
 * one-line reason and sends nothing, and stops the node by its process id. It needs nothing
 * from the node beyond standard JSON-RPC plus evm_increaseTime / evm_mine.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatEther, JsonRpcProvider, keccak256, toUtf8Bytes } from "ethers";
import { attachFoundation, units } from "../client/foundation.js";
import { evidenceOf, receiptsJson, type JobReceipt } from "../client/receipts.js";
import { readDeployment } from "../client/context.js";
import { freePort, hardhat, rpc, withNode, type Run } from "./lib/node.js";

/** A chain id of its own, so the run never touches a developer's chain-31337 deployment. */
const CHAIN_ID = 31338n;
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

/** A command that should succeed and print `expected`. */
function ok(what: string, run: Run, expected: RegExp): void {
  check(what, run.code === 0 && expected.test(run.stdout), run.code === 0 ? run.stdout.trim() : run.stderr.trim());
}

async function main(): Promise<void> {
  const deploymentDir = path.resolve("ignition", "deployments", `chain-${CHAIN_ID}`);
  await rm(deploymentDir, { recursive: true, force: true });
  await rm(NODE_LOG, { force: true });
  try {
    await withNode(CHAIN_ID, NODE_LOG, scenario);
    // The same chain id on a fresh node: what a developer sees after restarting `hardhat node`.
    await withNode(CHAIN_ID, NODE_LOG, restartedNode);
  } finally {
    await rm(deploymentDir, { recursive: true, force: true });
  }
  console.log(`\ne2e: ${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

async function restartedNode(url: string, env: NodeJS.ProcessEnv): Promise<void> {
  // A node that does not answer (nothing listens on the port): deploy says it as status does (B12).
  const nowhere = { ...env, FOUNDATION_LOCAL_RPC: `http://127.0.0.1:${await freePort()}` };
  for (const command of ["foundation:deploy", "foundation:status"]) {
    const run = hardhat(nowhere, command);
    const lines = run.stderr.trim().split("\n");
    check(
      `${command} on a node that does not answer → exit 2, one line: cannot reach network "localhost"`,
      run.code === 2 && lines.length === 1 && /cannot reach network "localhost": /.test(lines[0] ?? ""),
      `exit ${run.code}, stderr: ${run.stderr.trim()}`,
    );
  }
  console.log("\nA restarted node starts empty");
  const stale = hardhat(env, "foundation:status");
  check(
    "status explains the recorded deployment is gone and names foundation:deploy",
    stale.code === 1 && /is not on this chain .* deploy again with npx hardhat foundation:deploy/.test(stale.stderr),
    stale.stderr.trim(),
  );
  const again = hardhat(env, "foundation:deploy", "--json");
  const deployed = parseJson(again.stdout) as
    { alreadyDeployed: boolean; staleRecordReplaced?: boolean; transactions: string[] } | undefined;
  check(
    "foundation:deploy records a fresh deployment instead of trusting the stale record",
    again.code === 0 && deployed?.staleRecordReplaced === true && deployed.alreadyDeployed === false,
    again.code === 0 ? again.stdout.trim() : again.stderr.trim(),
  );
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  const deployReceipts = await Promise.all(
    (deployed?.transactions ?? []).map((hash) => provider.getTransactionReceipt(hash)),
  );
  check(
    "deploy --json lists the transactions Ignition sent, each mined",
    deployReceipts.length >= 8 && deployReceipts.every((receipt) => receipt?.status === 1),
    `${deployReceipts.length} transactions`,
  );
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

/** The one JSON value a --json command printed, or undefined if stdout is not exactly that. */
function parseJson(stdout: string): unknown {
  try {
    return JSON.parse(stdout) as unknown;
  } catch {
    return undefined;
  }
}

/** An amount as --json prints it. */
interface JsonAmount {
  token: string;
  baseUnits: string;
  tokens: string;
}

/**
 * What scripts and testers use: --json output a script can parse, --exact amounts, and a tester
 * who gets FRSV with foundation:send from the deployer's genesis and mints with it.
 */
async function scriptsAndTesters(
  env: NodeJS.ProcessEnv,
  system: ReturnType<typeof attachFoundation>,
  provider: JsonRpcProvider,
): Promise<void> {
  console.log("\nScripts and testers: --json, --exact, send");
  const { reserveToken, foundationCoin: coin } = system;
  const me = (await provider.getSigner(0)).address;
  const before = await coin.balanceOf(me);
  const minted = hardhat(env, "foundation:mint", "--amount", "3", "--pool", "2", "--json");
  const json = parseJson(minted.stdout) as
    { minted: JsonAmount; fee: JsonAmount; feePool: string; transactions: string[] } | undefined;
  const gained = (await coin.balanceOf(me)) - before;
  check(
    "mint --json prints one object whose amounts are the chain's",
    minted.code === 0 &&
      json?.minted.baseUnits === gained.toString() &&
      json.minted.tokens === "2985" &&
      json.fee.baseUnits === units("0.015").toString() &&
      json.feePool === "2",
    minted.stdout.trim() + minted.stderr.trim(),
  );
  const hashes = json?.transactions ?? [];
  const receipts = await Promise.all(hashes.map((hash) => provider.getTransactionReceipt(hash)));
  check(
    "--json lists the transactions it sent, each mined and from the holder",
    hashes.length >= 1 && receipts.every((r) => r?.status === 1 && r.from === me),
    hashes.join(", "),
  );
  const exact = hardhat(env, "foundation:balance", "--exact", "--json");
  const held = parseJson(exact.stdout) as { coin: JsonAmount } | undefined;
  check(
    "balance --json gives the FDC balance in base units",
    exact.code === 0 && held?.coin.baseUnits === (await coin.balanceOf(me)).toString(),
    exact.stdout.trim(),
  );
  const eth = hardhat(env, "foundation:balance", "--exact");
  check(
    "balance --exact prints every digit of the ETH balance",
    eth.code === 0 &&
      eth.stdout.includes(`  ${formatEther(await provider.getBalance(me)).replace(/\.0$/, "")} ETH for gas`),
    eth.stdout.trim(),
  );

  // A tester with nothing but gas: the deployer hands out FRSV, the tester mints with it.
  const tester = (await provider.getSigner(15)).address;
  ok(
    "send hands a tester 250 FRSV",
    hardhat(env, "foundation:send", "--to", tester, "--amount", "250", "--token", "FRSV"),
    new RegExp(`^Sent 250 FRSV to ${tester} \\(transaction 0x[0-9a-f]{64}\\)\\.\\n`),
  );
  check("the tester holds 250 FRSV", (await reserveToken.balanceOf(tester)) === units("250"));
  const nonce = await provider.getTransactionCount(tester);
  ok(
    "the tester mints 100 FRSV into FDC",
    hardhat(env, "foundation:mint", "--amount", "100", "--from", "15"),
    new RegExp(`Minted 99,500 FDC to ${tester}`),
  );
  check("the tester holds 99,500 FDC", (await coin.balanceOf(tester)) === units("99500"));
  const [testerMint] = await coin.queryFilter(coin.filters.Minted(tester), -1);
  const mintCall = testerMint === undefined ? undefined : await provider.getTransaction(testerMint.transactionHash);
  check(
    "the tester's mint was one transaction, mintWithPermit (a signed permit, no approve)",
    (await provider.getTransactionCount(tester)) - nonce === 1 &&
      mintCall != null &&
      coin.interface.parseTransaction(mintCall)?.name === "mintWithPermit" &&
      (await reserveToken.allowance(tester, await coin.getAddress())) === 0n,
  );
  ok(
    "send hands on FDC too",
    hardhat(env, "foundation:send", "--to", me, "--amount", "500", "--token", "FDC", "--from", "15"),
    /^Sent 500 FDC to /,
  );
  await refuses(
    provider,
    env,
    ["foundation:send", "--to", await coin.getAddress(), "--amount", "1", "--token", "FRSV"],
    /is a Foundation contract, not a holder: send FRSV to a holder's address/,
  );
}

/** A command that should fail with one line matching `expected`, exit 1, and send nothing. */
async function refuses(provider: JsonRpcProvider, env: NodeJS.ProcessEnv, args: string[], expected: RegExp) {
  const blockBefore = await provider.getBlockNumber();
  const run = hardhat(env, ...args);
  const lines = run.stderr.trim().split("\n");
  check(
    `${args.join(" ")} → exit 1, "${expected.source.slice(0, 40)}…"`,
    run.code === 1 && lines.length === 1 && expected.test(lines[0] ?? "") && !/^\s+at .+:\d+:\d+\)?$/m.test(run.stderr),
    `exit ${run.code}, stderr: ${run.stderr.trim()}`,
  );
  check(`${args[0]} sent nothing`, (await provider.getBlockNumber()) === blockBefore);
}

/** Latest block time, as the contracts see it. */
async function chainNow(url: string): Promise<bigint> {
  const block = (await rpc(url, "eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
  return BigInt(block.timestamp);
}

/** Mines a block at `timestamp` (or now, if that has passed). Absolute, so safe to repeat. */
async function advanceTo(url: string, timestamp: bigint): Promise<void> {
  const now = await chainNow(url);
  if (timestamp > now) await rpc(url, "evm_setNextBlockTimestamp", [Number(timestamp)]);
  await rpc(url, "evm_mine");
}

/**
 * Mining by useful work, as the pool and two attesters (accounts 4 and 5) would do it: receipts
 * for an epoch, two signatures, a report, a claim once final, and a sweep of an epoch nobody
 * worked in.
 */
async function verifiedCompute(
  url: string,
  env: NodeJS.ProcessEnv,
  system: ReturnType<typeof attachFoundation>,
  recipient: string,
): Promise<void> {
  console.log("\nMining by useful work");
  const { computeRewards: rewards, reserveToken } = system;
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  const me = (await provider.getSigner(0)).address;
  const [start, length, window, review] = await Promise.all([
    rewards.START(),
    rewards.EPOCH_LENGTH(),
    rewards.SUBMISSION_WINDOW(),
    rewards.REVIEW_PERIOD(),
  ]);
  const epoch = await rewards.epochAt(await chainNow(url));
  const end = start + (epoch + 1n) * length;
  const dir = await mkdtemp(path.join(tmpdir(), "foundation-e2e-"));
  try {
    const receipts: JobReceipt[] = [3, 5, 2].map((hours, i) => ({
      jobId: `cancer-e2e-${i + 1}`,
      poolId: 1n,
      epoch,
      workload: "protein folding",
      gpuSeconds: BigInt(hours * 3_600),
      outputHash: keccak256(toUtf8Bytes(`output ${i + 1}`)),
    }));
    const receiptFile = path.join(dir, "receipts.json");
    await writeFile(receiptFile, receiptsJson(receipts));
    const { evidence } = evidenceOf(receipts);
    const signature = (account: number) => path.join(dir, `signature-${account}.json`);
    const attest = (from: string, out: string) =>
      hardhat(
        env,
        "foundation:attest",
        "--pool",
        "1",
        "--epoch",
        String(epoch),
        "--receipts",
        receiptFile,
        "--from",
        from,
        "--out",
        out,
      );
    const submit = (...files: string[]) =>
      hardhat(
        env,
        "foundation:submit-work",
        "--pool",
        "1",
        "--epoch",
        String(epoch),
        "--receipts",
        receiptFile,
        "--signatures",
        files.join(","),
      );
    // The pool finds a fourth job it forgot: the attesters sign a correction, version 2.
    const corrected: JobReceipt[] = [
      ...receipts,
      { ...receipts[0]!, jobId: "cancer-e2e-4", gpuSeconds: 7_200n, outputHash: keccak256(toUtf8Bytes("output 4")) },
    ];
    const correctedFile = path.join(dir, "receipts-v2.json");
    await writeFile(correctedFile, receiptsJson(corrected));

    const early = attest("4", signature(4));
    check(
      "attesting before the epoch ends is refused",
      early.code === 1 && /epoch \d+ ends at .*; attest its work after that/.test(early.stderr),
      early.stderr.trim(),
    );
    await advanceTo(url, end);
    ok(
      "attester 4 checks the receipts and signs",
      attest("4", signature(4)),
      /Signed version 1 of the work report of pool 1 "Cancer research" for epoch \d+: 36000 units/,
    );
    ok(
      "attester 5 signs",
      attest("5", signature(5)),
      new RegExp(`Signature written to ${signature(5).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
    const outsider = attest("0", signature(0));
    check(
      "an account that is not an attester cannot sign",
      outsider.code === 1 && /is not an attester/.test(outsider.stderr),
      outsider.stderr.trim(),
    );
    const nonce = await provider.getTransactionCount(me);
    const short = submit(signature(4));
    check(
      "one signature is below the quorum of 2: refused, nothing sent",
      short.code === 1 &&
        /needs 2 attesters' signatures; 1 given/.test(short.stderr) &&
        (await provider.getTransactionCount(me)) === nonce,
      short.stderr.trim(),
    );
    ok(
      "submit the report with both signatures",
      submit(signature(5), signature(4)),
      /Submitted version 1 of the work report .* 36000 units, signed by 2 attesters \(quorum 2\)/,
    );
    check("the report is on chain", (await rewards.reportedUnits(1n, epoch)) === 36_000n);
    const again = submit(signature(4), signature(5));
    check(
      "the same version cannot be submitted twice",
      again.code === 1 &&
        /is at version 1; a correction needs a later version \(--report-version 2\)/.test(again.stderr),
      again.stderr.trim(),
    );
    const v2 = (account: number) => path.join(dir, `signature-v2-${account}.json`);
    for (const account of [4, 5]) {
      const args = ["--pool", "1", "--epoch", String(epoch), "--receipts", correctedFile, "--from", String(account)];
      ok(
        `attester ${account} signs the correction`,
        hardhat(env, "foundation:attest", ...args, "--out", v2(account)),
        /Signed version 2 of the work report .* 43200 units/,
      );
    }
    ok(
      "the correction replaces the report",
      hardhat(
        env,
        "foundation:submit-work",
        "--pool",
        "1",
        "--epoch",
        String(epoch),
        "--receipts",
        correctedFile,
        "--signatures",
        `${v2(4)},${v2(5)}`,
      ),
      /Submitted version 2 .* 43200 units \(replacing 36000\)/,
    );
    const stale = submit(signature(4), signature(5));
    check(
      "the superseded version 1 cannot come back",
      stale.code === 1 && /is at version 2; a correction needs a later version/.test(stale.stderr),
      stale.stderr.trim(),
    );
    ok(
      "work shows the report, its version and the review period",
      hardhat(env, "foundation:work", "--epoch", String(epoch)),
      /the guardian may void them until .*\n.*43200 units reported:\n.*pool 1 "Cancer research": 43200 units \(100\.0%\), version 2/,
    );
    const strangerVoid = hardhat(env, "foundation:void", "--pool", "1", "--epoch", String(epoch), "--from", "4");
    check(
      "an attester is not the guardian: its void is refused before sending",
      strangerVoid.code === 1 && /is not the guardian; only the guardian voids work reports/.test(strangerVoid.stderr),
      strangerVoid.stderr.trim(),
    );
    const claimEarly = hardhat(env, "foundation:claim-work", "--pool", "1", "--epochs", String(epoch));
    check(
      "claiming before the epoch is final is refused",
      claimEarly.code === 1 && /is not final until after/.test(claimEarly.stderr),
      claimEarly.stderr.trim(),
    );

    // Past the window and review of the next epoch too: `epoch` is final, and `epoch + 1` had no work.
    await advanceTo(url, end + length + window + review + 1n);
    const budget = await rewards.epochBudget(epoch);
    const before = await reserveToken.balanceOf(recipient);
    ok(
      "claim-work pays pool 1's recipient",
      hardhat(env, "foundation:claim-work", "--pool", "1", "--all"),
      /Claimed [\d,.]+…? FRSV of new reserve for pool 1 "Cancer research"'s verified work in epoch \d+, paid to 0x/,
    );
    const paid = (await reserveToken.balanceOf(recipient)) - before;
    check(
      "the only pool that worked got the whole epoch budget",
      paid === budget && budget > 0n,
      `${paid} vs ${budget}`,
    );
    const sweepEmpty = hardhat(env, "foundation:sweep", "--epoch", String(epoch + 1n));
    check(
      "an epoch nobody worked in needs no sweep: the command says so, exit 0 (nothing to do), and sends nothing",
      sweepEmpty.code === 0 &&
        /^Nothing to do: epoch \d+ had no report: its whole budget goes to the pools' commons without a sweep/.test(
          sweepEmpty.stdout,
        ),
      sweepEmpty.stdout.trim() + sweepEmpty.stderr.trim(),
    );
    const handedBefore = await rewards.unreportedToCommons();
    ok(
      "settle the commons: the budgets of final epochs nobody reported reach it in one transaction",
      hardhat(env, "foundation:settle"),
      /Settled the commons: [\d,.]+…? FRSV of fees and gifts and [\d,.]+…? FRSV of compute budgets nobody reported/,
    );
    check(
      "the next epoch's budget, nobody having worked in it, went to the commons with the others",
      (await rewards.unreportedToCommons()) - handedBefore >= (await rewards.epochBudget(epoch + 1n)) &&
        !(await rewards.isSwept(epoch + 1n)),
    );
    const sweepWorked = hardhat(env, "foundation:sweep", "--epoch", String(epoch));
    check(
      "an epoch with verified work cannot be swept during its claim period",
      sweepWorked.code === 1 && /had verified work: its pools may claim until/.test(sweepWorked.stderr),
      sweepWorked.stderr.trim(),
    );
    ok("status shows verified compute", hardhat(env, "foundation:status"), /Verified compute/);
  } finally {
    provider.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Verified humans, as an issuer (account 10, local.json's), two people (accounts 11 and 12) and a
 * relayer (account 0) would do it: credentials, registration, the dividend, claims, a revocation.
 */
async function verifiedHumans(url: string, env: NodeJS.ProcessEnv, system: ReturnType<typeof attachFoundation>) {
  console.log("\nVerified humans and their dividend");
  const { humanRegistry, humanDividend, foundationCoin: coin, reserveToken } = system;
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  const dana = (await provider.getSigner(11)).address;
  const eli = (await provider.getSigner(12)).address;
  const issuerEnv = { ...env, FOUNDATION_NULLIFIER_SECRET: "e2e: the secret every issuer shares, 32+ characters" };
  const dir = await mkdtemp(path.join(tmpdir(), "foundation-e2e-humans-"));
  try {
    const file = (name: string) => path.join(dir, `${name}.json`);
    const credential = (account: string, person: string, out: string, more: string[] = []) =>
      hardhat(
        issuerEnv,
        "foundation:credential",
        "--account",
        account,
        "--person",
        person,
        "--from",
        "10",
        "--out",
        out,
        ...more,
      );
    ok(
      "an issuer signs Dana's credential",
      credential(dana, "passport:NL-4471", file("dana")),
      /Signed a credential: .* is a verified person until .*derived from the person id/,
    );
    ok(
      "Dana registers herself",
      hardhat(env, "foundation:register", "--credential", file("dana"), "--from", "11"),
      /Registered .* as a verified human until .*\n1 human shares the dividend now \(25% of new reserve\)/,
    );
    ok(
      "an issuer signs Eli's credential for 30 days",
      credential(eli, "passport:KE-0925", file("eli"), ["--days", "30"]),
      /Signed a credential/,
    );
    ok(
      "a relayer registers Eli",
      hardhat(env, "foundation:register", "--credential", file("eli")),
      /Registered .*\n2 humans share the dividend now/,
    );
    check(
      "two verified humans on chain",
      (await humanRegistry.humanCount()) === 2n && (await humanRegistry.isHuman(eli)),
    );
    // A day passes, moved as the README shows a user: the command refuses this on any other chain.
    const dayBefore = await chainNow(url);
    const moved = hardhat(env, "foundation:time", "--advance", "1d", "--json");
    const movedJson = JSON.parse(moved.stdout || "{}") as { advanced?: string; timestamp?: string };
    check(
      "foundation:time --advance 1d moves the local node's clock a day",
      moved.code === 0 &&
        movedJson.advanced === "86400" &&
        BigInt(movedJson.timestamp ?? "0") === (await chainNow(url)) &&
        (await chainNow(url)) - dayBefore >= 86_400n,
      moved.stderr.trim(),
    );
    ok(
      "humans shows them",
      hardhat(env, "foundation:humans"),
      /Verified humans: 2 registered.*\nDividend accrued per head/,
    );
    ok(
      "dividend shows what Dana can claim",
      hardhat(env, "foundation:dividend", "--address", dana),
      /is a verified human until .*\nClaimable: [\d,.]+…? FRSV, or [\d,.]+…? FDC as Foundation Coin/,
    );
    ok(
      "Dana claims her dividend as FDC",
      hardhat(env, "foundation:claim-dividend", "--from", "11"),
      /Claimed your dividend: [\d,.]+…? FRSV minted into [\d,.]+…? FDC for .*, fully backed/,
    );
    check("Dana holds FDC", (await coin.balanceOf(dana)) > 0n);
    const eliBefore = await reserveToken.balanceOf(eli);
    ok(
      "Eli claims as FRSV",
      hardhat(env, "foundation:claim-dividend", "--from", "12", "--as", "reserve"),
      /Claimed your dividend: [\d,.]+…? FRSV paid to/,
    );
    check("Eli received FRSV", (await reserveToken.balanceOf(eli)) > eliBefore);
    ok(
      "the issuer revokes Eli",
      hardhat(env, "foundation:revoke", "--account", eli, "--from", "10"),
      /Revoked person 0x[0-9a-f]{64}: .*'s registration ends now.*\n.*stays claimable.*\nNo credential for this person signed before now works again.*\n1 human shares the dividend now/s,
    );
    check("one human accrues now", (await humanRegistry.humanCount()) === 1n);
    const refusals: [string[], RegExp][] = [
      [["foundation:register", "--credential", file("eli")], /or a revocation\); ask an issuer for a newer one/],
      [["foundation:claim-dividend"], /has no dividend to claim: it is not a registered human/],
      [
        ["foundation:claim-dividend", "--from", "11", "--to", await humanDividend.getAddress()],
        /is a Foundation contract/,
      ],
      [
        ["foundation:revoke", "--account", dana],
        /answers for this person \(it registered them last\); only it or the admin .* may revoke them/,
      ],
      [["foundation:credential", "--account", eli, "--person", "x", "--from", "10"], /FOUNDATION_NULLIFIER_SECRET/],
      [["foundation:remove-expired", "--account", dana], /can be removed after that/],
    ];
    for (const [args, expected] of refusals) await refuses(provider, env, args, expected);
    ok("status still adds up", hardhat(env, "foundation:humans"), /Paid to humans: [\d,.]+…? FRSV/);
  } finally {
    provider.destroy();
    await rm(dir, { recursive: true, force: true });
  }
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
  // Accounts 4, 5 and 6 are local.json's attesters; the pools' recipients are others.
  const recipientA = (await provider.getSigner(7)).address;
  const recipientB = (await provider.getSigner(8)).address;
  const system = attachFoundation(await readDeployment(CHAIN_ID), operator);
  const { reserveToken, foundationCoin: coin, poolRegistry: registry, emission, computeRewards } = system;
  const registryAddress = await registry.getAddress();
  const me = operator.address;

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
    /Minted 99,500 FDC .*\n.*Fee: 0\.5 FRSV to pool 1 "Cancer research"/s,
  );
  check("the holder received 99,500 FDC", (await coin.balanceOf(me)) === units("99500"));
  check("pool 1 is owed the 0.5 FRSV fee", (await coin.poolFeesOwed(1n)) === units("0.5"));
  ok(
    "mint 50 FRSV to the commons",
    hardhat(env, "foundation:mint", "--amount", "50"),
    /Fee: 0\.25 FRSV to the commons/,
  );
  check("the commons is owed 0.25 FRSV", (await coin.commonsFeesOwed()) === units("0.25"));
  ok("redeem 1,000 FDC", hardhat(env, "foundation:redeem", "--amount", "1000"), /Redeemed 1,000 FDC: 0\.995 FRSV sent/);
  check("the supply is 148,250 FDC", (await coin.totalSupply()) === units("148250"));

  await advanceTo(url, (await chainNow(url)) + 30n * 86_400n);
  ok(
    "settle after 30 days: the fees and the budgets of epochs nobody reported reach the pools",
    hardhat(env, "foundation:settle"),
    /Settled the commons: 0\.255 FRSV of fees and gifts and [\d,.]+…? FRSV of compute budgets nobody reported/,
  );
  check(
    "the commons and verified compute are due new reserve",
    (await emission.dueTo(registryAddress)) > 0n && (await emission.dueTo(await computeRewards.getAddress())) > 0n,
  );
  const beforeA = await reserveToken.balanceOf(recipientA);
  const beforeB = await reserveToken.balanceOf(recipientB);
  ok("claim for every pool", hardhat(env, "foundation:claim", "--all"), /Claimed .* pool 1 .*\n.*Claimed .* pool 2/s);
  // Each claim counts what came due since the last count, so a pool that claimed first has a few
  // seconds of emission claimable again: paid + claimable is its share of everything.
  const owedA = (await reserveToken.balanceOf(recipientA)) - beforeA + (await registry.claimable(1n));
  const owedB = (await reserveToken.balanceOf(recipientB)) - beforeB + (await registry.claimable(2n));
  // Nobody is registered yet: the human share is the commons' too; and every compute epoch so far
  // became final with no report.
  const split = await emission.split(await emission.emittedUntil(await chainNow(url)));
  const commons = split[1] + split[2] + (await computeRewards.unreportedToCommons()) + units("0.25") + units("0.005");
  const within = (got: bigint, exact: bigint) => got <= exact && exact - got <= 1n;
  check(
    "pool 1 got its named fee and 60% of the commons, emission included",
    within(owedA, units("0.5") + (commons * 60n) / 100n),
  );
  check("pool 2 got 40% of the commons", within(owedB, (commons * 40n) / 100n));

  const second = (await provider.getSigner(1)).address;
  const secondBefore = await coin.balanceOf(second);
  ok(
    "mint as another account with --from 1",
    hardhat(env, "foundation:mint", "--amount", "2", "--from", "1"),
    new RegExp(`Minted 1,990 FDC to ${second}`),
  );
  check("account 1 minted its own FDC", (await coin.balanceOf(second)) - secondBefore === units("1990"));
  ok(
    "balance shows what account 1 holds",
    hardhat(env, "foundation:balance", "--address", second),
    new RegExp(`^${second} holds:\\n  [\\d,.]+…? FRSV\\n  [\\d,.]+…? FDC .*\\n  [\\d,.]+…? ETH for gas`),
  );
  ok(
    "balance shows what pool 1's recipient may claim",
    hardhat(env, "foundation:balance", "--address", recipientA),
    /May claim:\n  [\d,.]+…? FRSV as the recipient of pool 1 "Cancer research"/,
  );
  await scriptsAndTesters(env, system, provider);
  await verifiedCompute(url, env, system, recipientA);
  await verifiedHumans(url, env, system);

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
    "schedule another fee change",
    hardhat(env, "foundation:fees", "--mint-bps", "90", "--redeem-bps", "40"),
    /Scheduled a fee change to mint 90 bps, redeem 40 bps/,
  );
  ok(
    "a newer fee change cancels the one waiting, so the older can never undo it",
    hardhat(env, "foundation:fees", "--mint-bps", "70", "--redeem-bps", "20"),
    /Cancelled the waiting fee change to mint 90 bps, redeem 40 bps: superseded\.\nScheduled a fee change to mint 70 bps/,
  );
  ok(
    "fees --cancel clears what waits",
    hardhat(env, "foundation:fees", "--cancel"),
    /^Cancelled the waiting fee change to mint 70 bps, redeem 20 bps\.$/m,
  );
  ok("status shows nothing scheduled", hardhat(env, "foundation:status"), /no fee change is scheduled/);
  const cancelAgain = hardhat(env, "foundation:fees", "--cancel", "--json");
  check(
    "fees --cancel with nothing waiting: nothing to do, exit 0, and --json says so",
    cancelAgain.code === 0 &&
      (parseJson(cancelAgain.stdout) as { nothingToDo?: string } | undefined)?.nothingToDo ===
        "no fee change is waiting in the timelock",
    cancelAgain.stdout.trim() + cancelAgain.stderr.trim(),
  );
  ok(
    "pools lists both pools",
    hardhat(env, "foundation:pools"),
    /1\. "Cancer research" — active.*\n.*2\. "Free AI" — active/s,
  );

  console.log("\nBad input fails with one line and sends nothing");
  const refusals: [string[], RegExp][] = [
    [["foundation:mint", "--amount", "abc"], /--amount must be a number of FRSV like 12\.5, not "abc"/],
    [["foundation:mint", "--amount", "10", "--pool", "9"], /pool 9 does not exist/],
    [["foundation:redeem", "--amount", "99999999"], /holds .* FDC, less than the 99,999,999 FDC to redeem/],
    [["foundation:redeem", "--amount", "0.000000000000001999"], /is too small: after the fee nothing would be paid/],
    [["foundation:mint", "--amount", "1", "--to", system.timelock.target as string], /is a Foundation contract/],
    [["foundation:curate", "--pools", "1,1", "--weights", "5,5"], /pool 1 is listed twice in --pools/],
    [["foundation:approve", "--pool", "1", "--weight", "5"], /pool 1 is active; only a proposed pool can be approved/],
    [["foundation:claim"], /give either --pool <id> or --all/],
    [
      ["foundation:mint", "--amount", "1", "--from", "25"],
      /--from 25: network "localhost" has 20 accounts \(0 to 19\)/,
    ],
    [["foundation:mint", "--amount", "1", "--from", "abc"], /--from must be an account's index .* or its address/],
    [
      ["foundation:mint", "--amount", "12.345678…"],
      /is an amount cut for reading \(…\): print every digit with --exact/,
    ],
    [["foundation:fees", "--mint-bps", "500", "--redeem-bps", "0"], /--mint-bps 500 is above the fee cap of 200 bps/],
  ];
  const inProcess = spawnSync("npx", ["hardhat", "foundation:status"], { env, encoding: "utf8" });
  check(
    "a task without --network explains that it needs a running chain",
    inProcess.status === 1 && /these commands need a running chain/.test(inProcess.stderr),
    inProcess.stderr.trim(),
  );
  for (const [args, expected] of refusals) await refuses(provider, env, args, expected);
  await refuses(provider, env, ["foundation:deploy", "--verify"], /is a local development chain: no block explorer/);
  const { SEPOLIA_RPC_URL: _url, SEPOLIA_PRIVATE_KEY: _key, ...withoutSepolia } = env;
  const noKeys = spawnSync("npx", ["hardhat", "foundation:status", "--network", "sepolia"], {
    env: withoutSepolia,
    encoding: "utf8",
    input: "",
  });
  check(
    "a network whose config variables are not set says which, and how to set it, in one line",
    noKeys.status === 1 &&
      /^Error: the config variable SEPOLIA_(RPC_URL|PRIVATE_KEY) is not set .* npx hardhat keystore set SEPOLIA_/.test(
        noKeys.stderr.trim(),
      ) &&
      noKeys.stderr.trim().split("\n").length === 1,
    noKeys.stderr.trim(),
  );
  const blocks = await provider.getBlockNumber();
  const jsonError = hardhat(env, "foundation:mint", "--amount", "abc", "--json");
  const parsedError = parseJson(jsonError.stdout) as { error?: string; transactions?: unknown[] } | undefined;
  check(
    'a refusal under --json is one {"error": …} object on stdout, exit 1, nothing sent',
    jsonError.code === 1 &&
      /--amount must be a number of FRSV/.test(parsedError?.error ?? "") &&
      parsedError?.transactions?.length === 0 &&
      (await provider.getBlockNumber()) === blocks,
    `exit ${jsonError.code}: ${jsonError.stdout.trim()} ${jsonError.stderr.trim()}`,
  );
  const help = spawnSync("npx", ["hardhat", "foundation:mint", "--help"], { env, encoding: "utf8" });
  check(
    "--help marks the required options and shows no empty default",
    help.status === 0 &&
      /--amount +FRSV to deposit, in whole tokens \(e\.g\. 12\.5\) \(required\)/.test(help.stdout) &&
      !help.stdout.includes("(default: )"),
    help.stdout.trim(),
  );

  console.log("\nThe books");
  const reportDir = await mkdtemp(path.join(tmpdir(), "foundation-e2e-report-"));
  try {
    const built = hardhat(env, "foundation:report", "--out", reportDir);
    check(
      "foundation:report reads the history from the deployment block and every check holds",
      built.code === 0 && /(\d+) of \1 checks hold/.test(built.stdout),
      built.code === 0 ? built.stdout.trim() : built.stderr.trim(),
    );
    const json = JSON.parse(await readFile(path.join(reportDir, "report.json"), "utf8")) as {
      checks: { what: string; holds: boolean }[];
      headline: { coinSupply: string; feesToDate: string };
    };
    check("report.json: every check holds", json.checks.length >= 20 && json.checks.every((c) => c.holds));
    check("report.json: the FDC supply is the coin's", BigInt(json.headline.coinSupply) === (await coin.totalSupply()));
    const page = await readFile(path.join(reportDir, "index.html"), "utf8");
    check("the page is self-contained: charts inline, no script", page.includes("<svg") && !page.includes("<script"));
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
  const held = await reserveToken.balanceOf(await coin.getAddress());
  check("the coin is fully backed", held >= (await coin.requiredBacking()) + (await coin.directedFeesOwed()));
  check("FRSV supply is within the cap", (await reserveToken.totalSupply()) <= (await reserveToken.cap()));
  provider.destroy();
}

main().catch((error: unknown) => {
  console.error(`e2e failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
