import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";

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
        // Deeper and reproducible, for CI: `hardhat test solidity --test-profile ci`.
        ci: {
          fuzz: { runs: 5000, seed: "0x466f756e646174696f6e" },
          invariant: { runs: 256, depth: 64, failOnRevert: true },
        },
      },
    },
  },
});
