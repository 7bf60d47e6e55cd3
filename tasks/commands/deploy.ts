import { access, rm } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { deployFoundation } from "../../client/foundation.js";
import { connectToChain, deploymentFile, failed, readDeployment, type TaskResult } from "../../client/context.js";
import {
  checkDeployment,
  isLocalDevelopmentChain,
  readFoundationParameters,
  type ChainFacts,
} from "../../client/deployment-policy.js";
import { CommandError } from "../../client/errors.js";

export interface DeployArgs {
  parameters: string;
  iAcceptUndelayedGovernance: boolean;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
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
export async function deployAction(args: DeployArgs, hre: HardhatRuntimeEnvironment): Promise<TaskResult> {
  try {
    const connection = await connectToChain(hre);
    const { provider } = connection.ethers;
    const facts: ChainFacts = {
      chainId: (await provider.getNetwork()).chainId,
      clientVersion: await provider.send("web3_clientVersion", []).then(String, () => ""),
    };
    const given = args.parameters.trim() === "" ? undefined : args.parameters.trim();
    // Paths are the project's, wherever in it the command runs.
    const root = hre.config.paths.root;
    const parameters = await parameterFileFor(connection.networkName, args.parameters, root);
    const warnings = checkDeployment({
      facts,
      givenFile: given,
      parameters: parameters === undefined ? {} : await readFoundationParameters(parameters),
      override: args.iAcceptUndelayedGovernance,
    });
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
        console.log(
          `The deployment recorded in ${record} is not on this chain (a restarted node starts empty); deploying afresh.`,
        );
      }
    }
    const using = parameters === undefined ? "the default parameters" : path.relative(process.cwd(), parameters);
    console.log(
      already
        ? `Already deployed on chain ${chainId} (${record}); checking it against ${using}, nothing new is sent…`
        : `Deploying the Foundation module to ${connection.networkName} with ${using}…`,
    );
    const system = await deployFoundation(connection, parameters ?? {});
    console.log(`Reserve (FRSV)   ${await system.reserveToken.getAddress()}`);
    console.log(`Coin (FDC)       ${await system.foundationCoin.getAddress()}`);
    console.log(`Pool registry    ${await system.poolRegistry.getAddress()}`);
    console.log(`Emission         ${await system.emission.getAddress()}`);
    console.log(`Compute rewards  ${await system.computeRewards.getAddress()}`);
    console.log(`Human registry   ${await system.humanRegistry.getAddress()}`);
    console.log(`Human dividend   ${await system.humanDividend.getAddress()}`);
    console.log(`Timelock         ${await system.timelock.getAddress()}`);
    console.log(`Recorded in ${record}; the other foundation:* tasks find it there.`);
    return { success: true, value: undefined };
  } catch (error) {
    return failed(error);
  }
}
