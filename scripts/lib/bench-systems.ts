/**
 * The two systems the benchmark measures side by side: today's contracts (deployed through the
 * Ignition module, as every user deploys them) and the baseline of 0a02faa (compiled from
 * bench/baseline-0a02faa and wired the way its module did). Both are driven through one small
 * surface, so every scenario runs the same steps on each; where the baseline did a step differently
 * (it released emission instead of settling, approved a first pool alone), `System` says how.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { Contract, ContractFactory, type ContractTransactionResponse, type Signer } from "ethers";
import { deployFoundation } from "../../client/foundation.js";
import { signWorkReport } from "../../client/work-reports.js";
import { compileBaseline, type CompiledContract } from "./baseline.js";

export interface SystemParameters {
  genesisAccounts?: string[];
  genesisAmounts?: bigint[];
  attesters?: string[];
  quorum?: bigint;
  epochLength?: bigint;
  submissionWindow?: bigint;
  /** Today's only: 0a02faa had no review period. */
  reviewPeriod?: bigint;
}

/** A work report as a scenario submits it; today's carries version 1. */
export interface Report {
  poolId: bigint;
  epoch: bigint;
  units: bigint;
  evidence: string;
}

/** A deployed system, either version, as the scenarios drive it. */
export interface System {
  version: "0a02faa" | "now";
  reserve: Contract;
  coin: Contract;
  registry: Contract;
  emission: Contract;
  compute: Contract;
  humans: Contract;
  dividend: Contract;
  /** Gives the first pools weight: one batch now; the baseline took single approvals too. */
  firstWeights(ids: bigint[], weights: bigint[]): Promise<ContractTransactionResponse>;
  /** What a keeper does between claims: 0a02faa released emission, now the commons is settled. */
  settle(): Promise<ContractTransactionResponse>;
  /** Submits `report` signed by `attesters` (ascending), in each version's typed data. */
  submitWork(report: Report, attesters: Signer[]): Promise<ContractTransactionResponse>;
}

/** The work report type of 0a02faa: no version. */
const BASELINE_REPORT_TYPES = {
  WorkReport: [
    { name: "poolId", type: "uint256" },
    { name: "epoch", type: "uint256" },
    { name: "units", type: "uint256" },
    { name: "evidence", type: "bytes32" },
  ],
};

async function chainIdOf(contract: Contract): Promise<bigint> {
  return (await contract.runner!.provider!.getNetwork()).chainId;
}

async function addresses(signers: Signer[]): Promise<string[]> {
  return Promise.all(signers.map((s) => s.getAddress()));
}

function untyped(address: string, abi: unknown[], runner: Signer): Contract {
  return new Contract(address, abi as ConstructorParameters<typeof Contract>[1], runner);
}

/** Today's system, through the Ignition module (the deploying account curates, guards, attests and issues). */
export async function deployNow(connection: NetworkConnection, parameters: SystemParameters): Promise<System> {
  const [signer] = await connection.ethers.getSigners();
  const f = await deployFoundation(connection, parameters);
  const as = (c: { getAddress(): Promise<string>; interface: { fragments: readonly unknown[] } }) =>
    c.getAddress().then((address) => untyped(address, [...c.interface.fragments], signer!));
  const system: System = {
    version: "now",
    reserve: await as(f.reserveToken),
    coin: await as(f.foundationCoin),
    registry: await as(f.poolRegistry),
    emission: await as(f.emission),
    compute: await as(f.computeRewards),
    humans: await as(f.humanRegistry),
    dividend: await as(f.humanDividend),
    firstWeights: (ids, weights) => system.registry.getFunction("curate")(ids, weights),
    settle: () => system.registry.getFunction("settle")(),
    submitWork: async (report, attesters) => {
      const compute = system.compute;
      const versioned = { ...report, version: 1n };
      const chainId = await chainIdOf(compute);
      const address = await compute.getAddress();
      const signatures = await Promise.all(attesters.map((a) => signWorkReport(a, chainId, address, versioned)));
      return compute.getFunction("submitWork")(
        report.poolId,
        report.epoch,
        report.units,
        report.evidence,
        versioned.version,
        await addresses(attesters),
        signatures,
      );
    },
  };
  return system;
}

let compiled: Promise<Record<string, CompiledContract>> | undefined;

/** The baseline of 0a02faa, wired as its Ignition module did, with the deploying account as admin. */
export async function deployBaseline(connection: NetworkConnection, parameters: SystemParameters): Promise<System> {
  compiled ??= compileBaseline();
  const artifacts = await compiled;
  const [deployer] = await connection.ethers.getSigners();
  const me = await deployer!.getAddress();
  const deploy = async (name: string, args: unknown[]) => {
    const { abi, bytecode } = artifacts[name]!;
    const factory = new ContractFactory(abi as ConstructorParameters<typeof ContractFactory>[0], bytecode, deployer);
    const contract = await factory.deploy(...args);
    await contract.waitForDeployment();
    return untyped(await contract.getAddress(), abi, deployer!);
  };
  const reserve = await deploy("ReserveToken", [parameters.genesisAccounts ?? [], parameters.genesisAmounts ?? []]);
  const registry = await deploy("PoolRegistry", [reserve, me, me]);
  const emission = await deploy("Emission", [reserve, registry, 126_230_400n, 5_000n, 2_500n]);
  const compute = await deploy("ComputeRewards", [
    registry,
    emission,
    parameters.epochLength ?? 86_400n,
    parameters.submissionWindow ?? 172_800n,
    365n * 86_400n,
    me,
    me,
    parameters.attesters ?? [],
    parameters.quorum ?? 1n,
  ]);
  const humans = await deploy("HumanRegistry", [me, [], 400n * 86_400n]);
  const dividend = await deploy("HumanDividend", [emission, humans]);
  await (await humans.getFunction("bindDividend")(dividend)).wait();
  const coin = await deploy("FoundationCoin", [
    reserve,
    registry,
    emission,
    compute,
    humans,
    dividend,
    1000n,
    50n,
    50n,
    me,
    me,
  ]);
  await (await registry.getFunction("bindCoin")(coin)).wait();
  await (await reserve.getFunction("setMinter")(emission)).wait();
  await (await emission.getFunction("bindDestinations")(compute, dividend)).wait();
  await (await registry.getFunction("bindEmission")(emission)).wait();
  return {
    version: "0a02faa",
    reserve,
    coin,
    registry,
    emission,
    compute,
    humans,
    dividend,
    firstWeights: (ids, weights) => registry.getFunction("curate")(ids, weights),
    settle: () => emission.getFunction("release")(),
    submitWork: async (report, attesters) => {
      const domain = {
        name: "Foundation ComputeRewards",
        version: "1",
        chainId: await chainIdOf(compute),
        verifyingContract: await compute.getAddress(),
      };
      const signatures = await Promise.all(
        attesters.map((a) => a.signTypedData(domain, BASELINE_REPORT_TYPES, report)),
      );
      return compute.getFunction("submitWork")(
        report.poolId,
        report.epoch,
        report.units,
        report.evidence,
        await addresses(attesters),
        signatures,
      );
    },
  };
}
