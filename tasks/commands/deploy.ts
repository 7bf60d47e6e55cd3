import { access, rm } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { addressesOf, deployFoundation, type Foundation } from "../../client/foundation.js";
import { readConfigVariable } from "../../client/secrets.js";
import { deploymentTransactions } from "../../client/report/logs.js";
import {
  chainIdOf,
  connectToChain,
  deploymentFile,
  readDeployment,
  withOutput,
  type TaskResult,
} from "../../client/context.js";
import type { OutputArgs } from "../../client/output.js";
import {
  checkDeployment,
  checkParameters,
  isLocalDevelopmentChain,
  readFoundationParameters,
  type ChainFacts,
} from "../../client/deployment-policy.js";
import { CommandError, explain } from "../../client/errors.js";

export interface DeployArgs extends OutputArgs {
  parameters: string;
  iAcceptUndelayedGovernance: boolean;
  /** Verify the contracts' source on the chain's block explorers (hardhat-verify) once deployed. */
  verify?: boolean;
}

/** The config variable hardhat-verify reads the Etherscan API key from (hardhat.config.ts). */
export const ETHERSCAN_KEY_VARIABLE = "ETHERSCAN_API_KEY";

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Why Ignition stopped, in one line, with what to do when it is the parameters: Ignition resumes
 * a deployment cut short only with the parameters it was started with.
 */
function ignitionFailure(error: unknown, record: string): string {
  const reason = explain(error);
  if (!/reconciliation|has been changed/i.test(reason)) return reason;
  return (
    `the parameters differ from those the deployment recorded in ${path.dirname(record)} was made (or started) ` +
    "with, and Ignition never redeploys a recorded contract: deploy with the same parameter file, or, for a " +
    `deployment that should start over, remove that folder first (${reason})`
  );
}

/**
 * The parameter file to deploy with: the one given, or ignition/parameters/<network>.json
 * (`local.json` for localhost) when it exists, or none (the module's safe defaults).
 */
export async function parameterFileFor(
  networkName: string,
  given: string,
  root = process.cwd(),
): Promise<string | undefined> {
  if (given.trim() !== "") {
    const file = path.resolve(root, given.trim());
    if (!(await exists(file))) throw new CommandError(`--parameters ${given} does not exist`);
    return file;
  }
  const file = path.join(root, "ignition", "parameters", `${networkName === "localhost" ? "local" : networkName}.json`);
  return (await exists(file)) ? file : undefined;
}

/** Deploys the Foundation module to the selected network and records it for the other tasks. */
export function deployAction(args: DeployArgs, hre: HardhatRuntimeEnvironment): Promise<TaskResult> {
  return withOutput(args, async (output) => {
    const connection = await connectToChain(hre);
    const { provider } = connection.ethers;
    const facts: ChainFacts = {
      chainId: await chainIdOf(connection),
      clientVersion: await provider.send("web3_clientVersion", []).then(String, () => ""),
    };
    const given = args.parameters.trim() === "" ? undefined : args.parameters.trim();
    // Paths are the project's, wherever in it the command runs.
    const root = hre.config.paths.root;
    const parameters = await parameterFileFor(connection.networkName, args.parameters, root);
    const foundationParameters = parameters === undefined ? {} : await readFoundationParameters(parameters);
    checkParameters(foundationParameters);
    const warnings = checkDeployment({
      facts,
      givenFile: given,
      parameters: foundationParameters,
      override: args.iAcceptUndelayedGovernance,
    });
    if (args.verify === true) {
      if (isLocalDevelopmentChain(facts)) {
        throw new CommandError(
          `chain ${facts.chainId} is a local development chain: no block explorer can verify it; nothing was deployed`,
        );
      }
      if ((await readConfigVariable(hre, ETHERSCAN_KEY_VARIABLE)) === undefined) {
        throw new CommandError(
          `--verify needs an Etherscan API key: npx hardhat keystore set ${ETHERSCAN_KEY_VARIABLE} ` +
            `(or set the environment variable); nothing was deployed`,
        );
      }
    }
    for (const warning of warnings) console.error(warning);
    const { chainId } = facts;
    const recorded = deploymentFile(chainId, root);
    const record = path.relative(process.cwd(), recorded);
    let already = false;
    if (await exists(recorded)) {
      const addresses = await readDeployment(chainId, root).catch(() => undefined);
      already = addresses !== undefined && (await provider.getCode(addresses.foundationCoin)) !== "0x";
      if (!already && isLocalDevelopmentChain(facts)) {
        // A restarted local node starts empty: the old record would make Ignition skip everything.
        await rm(path.dirname(recorded), { recursive: true, force: true });
        output.say(
          `The deployment recorded in ${record} is not on this chain (a restarted node starts empty); deploying afresh.`,
        );
        output.put("staleRecordReplaced", true);
      }
    }
    const using = parameters === undefined ? "the default parameters" : path.relative(process.cwd(), parameters);
    output.say(
      already
        ? `Already deployed on chain ${chainId} (${record}); checking it against ${using}, nothing new is sent…`
        : `Deploying the Foundation module to ${connection.networkName} with ${using}…`,
    );
    const sentBefore = new Set(await deploymentTransactions(chainId, root));
    let system: Foundation;
    try {
      system = await deployFoundation(connection, parameters ?? {});
    } catch (error) {
      throw new CommandError(ignitionFailure(error, record));
    } finally {
      // Ignition sends the deployment's transactions itself; its journal says which this run sent
      // (also when it stopped halfway).
      for (const hash of await deploymentTransactions(chainId, root)) if (!sentBefore.has(hash)) output.sent(hash);
    }
    const addresses = await addressesOf(system);
    for (const [key, label] of Object.entries(CONTRACT_LABELS) as [keyof Foundation, string][]) {
      output.say(`${label.padEnd(17)}${addresses[key]}`);
    }
    output.say(`Recorded in ${record}; the other foundation:* tasks find it there.`);
    output.put("chainId", chainId.toString());
    output.put("alreadyDeployed", already);
    output.put("addresses", addresses);
    output.put("record", record);
    if (args.verify === true) {
      output.say("Verifying the contracts' source on the block explorers (hardhat-verify)…");
      // Ignition's own verify task knows each contract's constructor arguments from its journal.
      await hre.tasks.getTask(["ignition", "verify"]).run({ deploymentId: `chain-${chainId}` });
      output.put("verified", true);
    }
  });
}

/** How the deploy report names each contract. */
const CONTRACT_LABELS: Record<keyof Foundation, string> = {
  reserveToken: "Reserve (FRSV)",
  foundationCoin: "Coin (FDC)",
  poolRegistry: "Pool registry",
  emission: "Emission",
  computeRewards: "Compute rewards",
  humanRegistry: "Human registry",
  humanDividend: "Human dividend",
  timelock: "Timelock",
};
