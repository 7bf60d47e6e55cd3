/**
 * A real JSON-RPC node for the end-to-end runs: `hardhat node` on a free local port as a separate
 * process, commands run exactly as a user types them, and the node stopped by its process id.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const HARDHAT = path.resolve("node_modules", "hardhat", "dist", "src", "cli.js");

export async function freePort(): Promise<number> {
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

/**
 * One JSON-RPC call to the node. A call whose connection failed is sent again, twice at most:
 * under load the node may drop a kept-alive connection as it is reused, and every call made here
 * is safe to repeat (reads, an absolute next-block time, mining a block).
 */
export async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
    } catch (error) {
      if (attempt === 3) throw error;
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  }
}

async function waitForNode(url: string, node: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (node.exitCode !== null) throw new Error(`the node exited early (code ${node.exitCode}); see ${logFile}`);
    try {
      await rpc(url, "eth_chainId");
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`the node did not answer on ${url} within 90 s; see ${logFile}`);
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npx hardhat <args> --network localhost`, as a user would type it. */
export function hardhat(env: NodeJS.ProcessEnv, ...args: string[]): Run {
  const result = spawnSync("npx", ["hardhat", ...args, "--network", "localhost"], { env, encoding: "utf8" });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Starts `hardhat node` on a free port with `chainId`, its output appended to `logFile`; `run`
 * gets its URL and the environment that points `--network localhost` at it.
 */
export async function withNode(
  chainId: bigint,
  logFile: string,
  run: (url: string, env: NodeJS.ProcessEnv) => Promise<void>,
): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    FOUNDATION_LOCAL_RPC: url,
    // Ignition asks before deploying to a chain other than 31337; this run answers yes.
    HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "true",
    NO_COLOR: "1",
  };
  console.log(`Starting a node on ${url} (chain ${chainId}), log in ${path.basename(logFile)}`);
  const log = createWriteStream(logFile, { flags: "a" });
  const node = spawn(process.execPath, [HARDHAT, "node", "--port", String(port), "--chain-id", String(chainId)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  node.stdout?.pipe(log);
  node.stderr?.pipe(log);
  try {
    await waitForNode(url, node, logFile);
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
