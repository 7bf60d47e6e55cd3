import { configVariable } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

/**
 * A configuration variable's value, read the way Hardhat reads the config's own: the environment
 * first, then the plugins that keep secrets (the Hardhat keystore). Undefined when none has it.
 */
export async function readConfigVariable(hre: HardhatRuntimeEnvironment, name: string): Promise<string | undefined> {
  const fromEnvironment = process.env[name];
  if (fromEnvironment !== undefined) return fromEnvironment;
  return hre.hooks.runHandlerChain(
    "configurationVariables",
    "fetchValue",
    [configVariable(name)],
    async () => undefined as unknown as string,
  ) as Promise<string | undefined>;
}
