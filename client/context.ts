import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { attachFoundation, type Foundation } from "./foundation.js";
import { CommandError, CONFIG_VARIABLE_MISSING, exitCodeOf, explain } from "./errors.js";
import { parseAddress } from "./input.js";
import { setHistoryStart } from "./events.js";
import { Output, useOutput, type JsonValue, type OutputArgs } from "./output.js";
import { deploymentBlock } from "./report/logs.js";

/** What every command works with: the deployed system, the acting account, and an output. */
export interface Context {
  system: Foundation;
  signer: Signer;
  account: string;
  chainId: bigint;
  /** The network's name as given to --network, for the commands a report suggests. */
  networkName: string;
  /** Prints one line of the command's report (text mode). */
  say: (line: string) => void;
  /** Records one field of the command's report (--json mode); `say` tells the same in words. */
  put: (key: string, value: JsonValue) => void;
}

/** The names Ignition gives the module's contracts in `deployed_addresses.json`. */
const DEPLOYED_NAMES: Record<keyof Foundation, string> = {
  reserveToken: "Foundation#ReserveToken",
  foundationCoin: "Foundation#FoundationCoin",
  poolRegistry: "Foundation#PoolRegistry",
  emission: "Foundation#Emission",
  computeRewards: "Foundation#ComputeRewards",
  humanRegistry: "Foundation#HumanRegistry",
  humanDividend: "Foundation#HumanDividend",
  timelock: "Foundation#TimelockController",
};

/** Where Ignition records a chain's deployment. */
export function deploymentFile(chainId: bigint, root = process.cwd()): string {
  return path.join(root, "ignition", "deployments", `chain-${chainId}`, "deployed_addresses.json");
}

/** The system's addresses on `chainId`, from Ignition's deployment folder. */
export async function readDeployment(
  chainId: bigint,
  root = process.cwd(),
  networkName = "<name>",
): Promise<Record<keyof Foundation, string>> {
  const file = deploymentFile(chainId, root);
  let recorded: Record<string, string>;
  try {
    recorded = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
  } catch {
    // On a public network the likely cause is a clone without the deployer's committed record.
    throw new CommandError(
      `no Foundation deployment recorded for chain ${chainId} (${path.relative(root, file)} is missing): if it was ` +
        `deployed, get that folder from the deployer (it is committed to the repository for public networks); ` +
        `to deploy it yourself, npx hardhat foundation:deploy --network ${networkName}`,
    );
  }
  const addresses = {} as Record<keyof Foundation, string>;
  for (const [key, name] of Object.entries(DEPLOYED_NAMES) as [keyof Foundation, string][]) {
    const address = recorded[name];
    if (address === undefined) {
      throw new CommandError(`the deployment for chain ${chainId} has no ${name}: redeploy the Foundation module`);
    }
    addresses[key] = address;
  }
  return addresses;
}

/** Connects to the selected network (`--network`), refusing the throwaway in-process chain. */
export async function connectToChain(hre: HardhatRuntimeEnvironment) {
  const connection = await hre.network.create().catch((error: unknown) => {
    if (error instanceof Error && error.message.includes("HHE705")) {
      // The in-process chains are refused below anyway: name only those a command can use.
      const names = Object.entries(hre.config.networks)
        .filter(([, config]) => config.type !== "edr-simulated")
        .map(([name]) => name);
      throw new CommandError(
        `${explain(error).replace(/^HHE705: /, "")} Use one of: ${names.join(", ")} (localhost after npx hardhat node)`,
      );
    }
    throw error;
  });
  if (connection.networkConfig.type === "edr-simulated") {
    throw new CommandError(
      "these commands need a running chain: add --network localhost (after npx hardhat node) or --network sepolia; " +
        "npm run demo shows the whole story on the in-process chain",
    );
  }
  return connection;
}

/**
 * The account to act as: the network's first by default, or `from`, an index among the network's
 * accounts ("4") or one of their addresses.
 */
async function signerFor(signers: Signer[], from: string, networkName: string): Promise<Signer> {
  const trimmed = from.trim();
  if (trimmed === "") {
    if (signers[0] === undefined) throw new CommandError(`network "${networkName}" has no account to send from`);
    return signers[0];
  }
  if (/^\d+$/.test(trimmed)) {
    const signer = signers[Number(trimmed)];
    if (signer === undefined) {
      throw new CommandError(
        `--from ${trimmed}: network "${networkName}" has ${signers.length} account${signers.length === 1 ? "" : "s"} ` +
          `(${signers.length === 1 ? "index 0" : `0 to ${signers.length - 1}`})`,
      );
    }
    return signer;
  }
  if (!trimmed.startsWith("0x")) {
    throw new CommandError(
      `--from must be an account's index among the network's accounts (0, 1, …) or its address, not "${from}"`,
    );
  }
  const address = parseAddress(trimmed, "from");
  for (const signer of signers) if ((await signer.getAddress()) === address) return signer;
  throw new CommandError(`--from ${address} is not one of network "${networkName}"'s accounts`);
}

/** Connects to the selected network (`--network`) and finds the deployment on it. */
/**
 * The chain id of the network `connection` reaches: the first request every command makes, so a
 * network that does not answer is named in one line, the same for every command.
 */
export async function chainIdOf(connection: Awaited<ReturnType<typeof connectToChain>>): Promise<bigint> {
  try {
    return (await connection.ethers.provider.getNetwork()).chainId;
  } catch (error) {
    const reason = explain(error);
    if (error instanceof Error && CONFIG_VARIABLE_MISSING.test(error.message)) throw new CommandError(reason);
    throw new CommandError(`cannot reach network "${connection.networkName}": ${reason}`, 2);
  }
}

export async function loadContext(hre: HardhatRuntimeEnvironment, from = "", output = new Output()): Promise<Context> {
  const connection = await connectToChain(hre);
  const { ethers } = connection;
  const chainId = await chainIdOf(connection);
  // The project's deployment record, wherever in the project the command runs.
  const addresses = await readDeployment(chainId, hre.config.paths.root, connection.networkName);
  if ((await ethers.provider.getCode(addresses.foundationCoin)) === "0x") {
    throw new CommandError(
      `the deployment recorded for chain ${chainId} is not on this chain (no contract at ${addresses.foundationCoin}); ` +
        `a restarted local node starts empty: deploy again with npx hardhat foundation:deploy --network ${connection.networkName}`,
    );
  }
  const signer = await signerFor(await ethers.getSigners(), from, connection.networkName);
  const system = attachFoundation(addresses, signer);
  setHistoryStart(system, (await deploymentBlock(chainId, hre.config.paths.root)) ?? 0);
  return {
    system,
    signer,
    account: await signer.getAddress(),
    chainId,
    networkName: connection.networkName,
    say: (line) => output.say(line),
    put: (key, value) => output.put(key, value),
  };
}

/** The option every task that sends a transaction takes: an account index or address. */
export interface FromArgs {
  from?: string;
}

/** A task action's result: Hardhat exits with code 1 when `success` is false. */
export type TaskResult = { success: true; value: undefined } | { success: false; error: string };

/** The options every task takes: the account to act as (for those that send) and how to print. */
export type TaskArgs = FromArgs & OutputArgs;

/**
 * Runs `command` with `args`' output options: text, or one JSON object with --json. Any failure
 * becomes one line (or `{"error": …}`), and Hardhat exits with code 1 (or the CommandError's own).
 */
export async function withOutput(args: OutputArgs, command: (output: Output) => Promise<void>): Promise<TaskResult> {
  const output = new Output(args);
  const previous = useOutput(output);
  try {
    await command(output);
    output.finish();
    return { success: true, value: undefined };
  } catch (error) {
    const reason = explain(error);
    const code = exitCodeOf(error);
    if (code === 0) {
      output.say(`Nothing to do: ${reason}.`);
      output.put("nothingToDo", reason);
      output.finish();
      return { success: true, value: undefined };
    }
    output.fail(reason);
    if (code !== 1) {
      // Hardhat turns a failed result into exit code 1; another code is set here, and the
      // result left as finished so that Hardhat keeps it.
      process.exitCode = code;
      return { success: true, value: undefined };
    }
    return { success: false, error: reason };
  } finally {
    useOutput(previous);
  }
}

/** Runs `command` against the selected network, as `args.from`, printing as `args` asks. */
export function runTask(
  hre: HardhatRuntimeEnvironment,
  args: TaskArgs,
  command: (ctx: Context) => Promise<void>,
): Promise<TaskResult> {
  return withOutput(args, async (output) => command(await loadContext(hre, args.from ?? "", output)));
}
