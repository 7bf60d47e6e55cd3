/**
 * The contracts as they were at 0a02faa (bench/baseline-0a02faa), compiled here with the solc
 * package the project pins (the same compiler and settings as hardhat.config.ts), so the benchmark
 * can measure today's figures beside them in the same run. They are never deployed anywhere else
 * and Hardhat never builds them.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** The baseline's sources, relative to the repository. */
export const BASELINE_DIR = path.join("bench", "baseline-0a02faa");
export const BASELINE_COMMIT = "0a02faa";

export interface CompiledContract {
  abi: unknown[];
  bytecode: string;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
}

interface Solc {
  compile(input: string, callbacks: { import: (file: string) => { contents: string } | { error: string } }): string;
}

/** Compiles the baseline's deployable contracts; returns them by name. */
export async function compileBaseline(root = process.cwd()): Promise<Record<string, CompiledContract>> {
  const solc = require("solc") as Solc;
  const names = [
    "ReserveToken",
    "PoolRegistry",
    "Emission",
    "ComputeRewards",
    "HumanRegistry",
    "HumanDividend",
    "FoundationCoin",
  ];
  const sources: Record<string, { content: string }> = {};
  for (const name of names) {
    sources[`${name}.sol`] = { content: await readFile(path.join(root, BASELINE_DIR, `${name}.sol`), "utf8") };
  }
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 1_000_000 },
      evmVersion: "prague",
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  // Relative imports resolve inside the baseline's folder; package imports from node_modules.
  const findImport = (file: string) => {
    try {
      const resolved = file.startsWith("@") ? require.resolve(file) : path.join(root, BASELINE_DIR, file);
      return { contents: require("node:fs").readFileSync(resolved, "utf8") as string };
    } catch {
      return { error: `not found: ${file}` };
    }
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(`the baseline does not compile: ${errors[0]!.formattedMessage}`);
  const compiled: Record<string, CompiledContract> = {};
  for (const name of names) {
    const contract = output.contracts[`${name}.sol`]?.[name];
    if (contract === undefined) throw new Error(`the baseline has no ${name}`);
    compiled[name] = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  }
  return compiled;
}
