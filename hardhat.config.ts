import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";
import { GAS_MARGIN } from "./client/gas.js";
import { foundationTasks } from "./tasks/index.js";

// Hardhat cannot download compilers on these machines: the `solc` npm package
// ships the compiler as WebAssembly. The version below must equal the pinned
// package version, and the path must be absolute.
const require = createRequire(import.meta.url);
const SOLC_VERSION = "0.8.30";
const solcPath = require.resolve("solc/soljson.js");

const compiler = {
  version: SOLC_VERSION,
  path: solcPath,
  settings: {
    optimizer: { enabled: true, runs: 1_000_000 },
    evmVersion: "prague",
  },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  tasks: foundationTasks,
  networks: {
    // A node on this machine: `npx hardhat node`, anvil, or any JSON-RPC node. FOUNDATION_LOCAL_RPC
    // points it elsewhere (the end-to-end test uses a free port).
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.FOUNDATION_LOCAL_RPC ?? "http://127.0.0.1:8545",
      gasMultiplier: GAS_MARGIN,
    },
    // Secrets come from the environment or the Hardhat keystore, never from a file:
    // `npx hardhat keystore set SEPOLIA_RPC_URL` (and SEPOLIA_PRIVATE_KEY, ETHERSCAN_API_KEY).
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
      gasMultiplier: GAS_MARGIN,
    },
  },
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
  },
  solidity: {
    // Deployed by the Ignition module straight from OpenZeppelin.
    npmFilesToBuild: ["@openzeppelin/contracts/governance/TimelockController.sol"],
    profiles: {
      default: compiler,
      production: compiler,
    },
  },
  typechain: {
    outDir: "typechain-types",
  },
  test: {
    solidity: {
      profiles: {
        // Quick enough for every `npm test`.
        default: {
          fuzz: { runs: 256 },
          invariant: { runs: 64, depth: 32, failOnRevert: true },
        },
        // Deeper, for CI: `hardhat test solidity --test-profile ci`. CI draws a fresh seed for
        // every run and prints it; FOUNDATION_FUZZ_SEED=<seed> replays a run exactly.
        ci: {
          fuzz: { runs: 10_000, seed: process.env.FOUNDATION_FUZZ_SEED ?? "0x466f756e646174696f6e" },
          invariant: { runs: 500, depth: 100, failOnRevert: true },
        },
        // Mutation testing (npm run mutation): the quick profile with a fixed seed, so a mutant is
        // killed or not the same way every time.
        mutation: {
          fuzz: { runs: 256, seed: "0x6d75746174696f6e" },
          invariant: { runs: 64, depth: 32, failOnRevert: true },
        },
        // For measurements: set through FOUNDATION_PROBE_RUNS / _DEPTH.
        probe: {
          fuzz: { runs: 256 },
          invariant: {
            runs: Number(process.env.FOUNDATION_PROBE_RUNS ?? 64),
            depth: Number(process.env.FOUNDATION_PROBE_DEPTH ?? 32),
            failOnRevert: true,
          },
        },
      },
    },
  },
});
