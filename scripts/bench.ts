/**
 * Gas benchmark: deploys the system on the in-process chain, brings it to a steady state
 * (holders, pools and contracts that already hold tokens) and measures each operation next
 * to OpenZeppelin's fee-less ERC20Wrapper, the least a peg can cost. Writes reports/gas.json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { BaselineWrapper__factory } from "../typechain-types/index.js";
import { deployFoundation, units } from "./lib/foundation.js";

const MINT_TARGET = 1.12; // mint and redeem may cost at most 12% more than the wrapper
const SCALING_TARGET = 1.01; // the 1,000-pool mint within 1% of the 1-pool mint

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction was not mined");
  return receipt.gasUsed;
}

async function main(): Promise<void> {
  const connection = await network.create();
  const { ethers, networkHelpers } = connection;
  const [deployer, alice, bob, poolOwner] = await ethers.getSigners();
  if (deployer === undefined || alice === undefined || bob === undefined || poolOwner === undefined) {
    throw new Error("the in-process chain has too few accounts");
  }
  const genesis = units("100000");
  const system = await deployFoundation(connection, {
    genesisAccounts: [alice.address, bob.address],
    genesisAmounts: [genesis, genesis],
  });
  const { reserveToken, foundationCoin, poolRegistry, emission } = system;
  const wrapper = await new BaselineWrapper__factory(deployer).deploy(await reserveToken.getAddress());

  // Steady state: a pool that has been paid fees before, holders with both tokens,
  // finite allowances (each use updates them, as for most holders), and the registry
  // already holding reserve.
  await poolRegistry.propose("Cancer research", "ipfs://cancer", poolOwner.address);
  await poolRegistry.approve(1n, 100n);
  const allowance = units("50000");
  for (const holder of [alice, bob]) {
    await reserveToken.connect(holder).approve(await foundationCoin.getAddress(), allowance);
    await reserveToken.connect(holder).approve(await wrapper.getAddress(), allowance);
    await foundationCoin.connect(holder).mint(units("100"), holder.address, 1n, 0n);
    await foundationCoin.connect(holder).mint(units("100"), holder.address, 0n, 0n);
    await wrapper.connect(holder).depositFor(holder.address, units("100"));
  }
  await poolRegistry.claim(1n);
  await foundationCoin.connect(bob).mint(units("10"), bob.address, 1n, 0n);
  await foundationCoin.connect(bob).mint(units("10"), bob.address, 0n, 0n);
  await networkHelpers.time.increase(3600);
  await emission.release();

  // Holders pass the previewed output as their minimum, as the tasks do.
  const amount = units("10");
  const [minCoinOut] = await foundationCoin.previewMint(amount);
  const coinAmount = minCoinOut;
  const [minReserveOut] = await foundationCoin.previewRedeem(coinAmount);
  const gas: Record<string, bigint> = {};
  gas["FoundationCoin.mint (named pool)"] = await gasOf(
    foundationCoin.connect(alice).mint(amount, alice.address, 1n, minCoinOut),
  );
  gas["FoundationCoin.mint (commons)"] = await gasOf(
    foundationCoin.connect(alice).mint(amount, alice.address, 0n, minCoinOut),
  );
  gas["FoundationCoin.redeem (commons)"] = await gasOf(
    foundationCoin.connect(alice).redeem(coinAmount, alice.address, 0n, minReserveOut),
  );
  gas["FoundationCoin.redeem (named pool)"] = await gasOf(
    foundationCoin.connect(alice).redeem(coinAmount, alice.address, 1n, minReserveOut),
  );
  gas["PoolRegistry.claim"] = await gasOf(poolRegistry.claim(1n));
  await networkHelpers.time.increase(3600);
  gas["Emission.release"] = await gasOf(emission.release());
  gas["ReserveToken.transfer"] = await gasOf(reserveToken.connect(alice).transfer(bob.address, amount));
  await reserveToken.connect(alice).approve(deployer.address, allowance);
  gas["ReserveToken.transferFrom"] = await gasOf(
    reserveToken.connect(deployer).transferFrom(alice.address, bob.address, amount),
  );
  const baseline: Record<string, bigint> = {
    "ERC20Wrapper.depositFor": await gasOf(wrapper.connect(alice).depositFor(alice.address, amount)),
    "ERC20Wrapper.withdrawTo": await gasOf(wrapper.connect(alice).withdrawTo(alice.address, amount)),
  };

  // Scaling: a commons mint with 1, 10, 100 and 1,000 active pools on fresh deployments.
  const scaling: Record<string, bigint> = {};
  for (const pools of [1, 10, 100, 1000]) {
    scaling[`mint (commons), ${pools} active pools`] = await mintWithPools(pools);
  }

  const rows: [string, bigint, string][] = [
    ...Object.entries(baseline).map(([k, v]): [string, bigint, string] => [k, v, "baseline"]),
    ...Object.entries(gas).map(([k, v]): [string, bigint, string] => [k, v, versus(k, v, baseline)]),
    ...Object.entries(scaling).map(([k, v]): [string, bigint, string] => [k, v, versusFirst(v, scaling)]),
  ];
  console.log("| operation | gas | vs baseline |");
  console.log("|---|---:|---|");
  for (const [name, value, note] of rows) console.log(`| ${name} | ${value} | ${note} |`);

  const failures = checkTargets(gas, baseline, scaling);
  await mkdir("reports", { recursive: true });
  await writeFile(
    "reports/gas.json",
    JSON.stringify(
      {
        operations: stringify(gas),
        baseline: stringify(baseline),
        scaling: stringify(scaling),
        targets: { mintAndRedeemVsWrapper: MINT_TARGET, thousandPoolsVsOne: SCALING_TARGET },
        failures,
      },
      null,
      2,
    ) + "\n",
  );
  console.log("\nWrote reports/gas.json");
  if (failures.length > 0) {
    console.error(`Gas targets missed:\n- ${failures.join("\n- ")}`);
    process.exitCode = 1;
  } else {
    console.log("All gas targets met.");
  }

  async function mintWithPools(pools: number): Promise<bigint> {
    const fresh = await network.create();
    const [, holder, owner] = await fresh.ethers.getSigners();
    if (holder === undefined || owner === undefined) throw new Error("too few accounts");
    const s = await deployFoundation(fresh, { genesisAccounts: [holder.address], genesisAmounts: [genesis] });
    for (let i = 1; i <= pools; i++) {
      await s.poolRegistry.propose(`Pool ${i}`, "", owner.address);
      await s.poolRegistry.approve(BigInt(i), 10n);
    }
    const coin = s.foundationCoin.connect(holder);
    await s.reserveToken.connect(holder).approve(await coin.getAddress(), allowance);
    await coin.mint(amount, holder.address, 0n, 0n);
    await s.poolRegistry.claim(1n);
    const [minOut] = await coin.previewMint(amount);
    const used = await gasOf(coin.mint(amount, holder.address, 0n, minOut));
    await fresh.provider.close();
    return used;
  }
}

function versus(name: string, value: bigint, baseline: Record<string, bigint>): string {
  const reference = name.includes("redeem")
    ? baseline["ERC20Wrapper.withdrawTo"]
    : name.includes("mint")
      ? baseline["ERC20Wrapper.depositFor"]
      : undefined;
  if (reference === undefined) return "";
  return `${ratio(value, reference)} of ${name.includes("redeem") ? "withdrawTo" : "depositFor"}`;
}

function versusFirst(value: bigint, scaling: Record<string, bigint>): string {
  const first = Object.values(scaling)[0];
  return first === undefined ? "" : `${ratio(value, first)} of 1 pool`;
}

function ratio(value: bigint, reference: bigint): string {
  return `${((Number(value) / Number(reference)) * 100).toFixed(1)}%`;
}

function checkTargets(
  gas: Record<string, bigint>,
  baseline: Record<string, bigint>,
  scaling: Record<string, bigint>,
): string[] {
  const failures: string[] = [];
  const limit = (reference: bigint, factor: number): bigint => (reference * BigInt(Math.round(factor * 10_000))) / 10_000n;
  for (const [name, value] of Object.entries(gas)) {
    const reference = name.includes("redeem")
      ? baseline["ERC20Wrapper.withdrawTo"]
      : name.includes("mint")
        ? baseline["ERC20Wrapper.depositFor"]
        : undefined;
    if (reference !== undefined && value > limit(reference, MINT_TARGET)) {
      failures.push(`${name}: ${value} gas is above ${MINT_TARGET} x ${reference}`);
    }
  }
  const values = Object.values(scaling);
  const one = values[0];
  const thousand = values[values.length - 1];
  if (one !== undefined && thousand !== undefined && thousand > limit(one, SCALING_TARGET)) {
    failures.push(`1,000-pool mint: ${thousand} gas is above ${SCALING_TARGET} x ${one}`);
  }
  return failures;
}

function stringify(record: Record<string, bigint>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Number(v)]));
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
