/**
 * `npm run bench`: the gas benchmark. Deploys the system on the in-process chain, brings it to
 * a steady state (holders, pools and contracts that already hold tokens, finite allowances)
 * and measures each operation beside OpenZeppelin's fee-less ERC20Wrapper, the least a peg
 * can cost, in the same run. Prints a table, writes reports/gas.json, and exits non-zero when
 * a target is missed.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { BaselineWrapper__factory } from "../typechain-types/index.js";
import { deployFoundation, units } from "./lib/foundation.js";

/** A measured operation, optionally held to a limit relative to a reference operation. */
interface Row {
  name: string;
  gas: bigint;
  reference?: string;
  limit?: number; // gas must be at most limit x the reference's gas
}

const WRAP_LIMIT = 1.12; // commons mint and redeem: at most 12% above the wrapper
const NAMED_POOL_LIMIT = 1.32; // regression guard for naming a pool (two more storage writes)
const SCALING_LIMIT = 1.01; // the 1,000-pool mint within 1% of the 1-pool mint
const GENESIS = units("100000");
const AMOUNT = units("10");
const ALLOWANCE = units("50000");

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction was not mined");
  return receipt.gasUsed;
}

async function steadyStateRows(): Promise<Row[]> {
  const connection = await network.create();
  const { ethers, networkHelpers } = connection;
  const [deployer, alice, bob, poolOwner] = await ethers.getSigners();
  if (!deployer || !alice || !bob || !poolOwner) throw new Error("the in-process chain has too few accounts");
  const { reserveToken, foundationCoin, poolRegistry, emission } = await deployFoundation(connection, {
    genesisAccounts: [alice.address, bob.address],
    genesisAmounts: [GENESIS, GENESIS],
  });
  const wrapper = await new BaselineWrapper__factory(deployer).deploy(await reserveToken.getAddress());

  // Steady state: a pool that was paid and has claimed before, holders with both tokens and
  // allowances left over, contracts already holding reserve.
  await poolRegistry.propose("Cancer research", "ipfs://cancer", poolOwner.address);
  await poolRegistry.approve(1n, 100n);
  for (const holder of [alice, bob]) {
    await reserveToken.connect(holder).approve(await foundationCoin.getAddress(), ALLOWANCE);
    await reserveToken.connect(holder).approve(await wrapper.getAddress(), ALLOWANCE);
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
  const coin = foundationCoin.connect(alice);
  const [minCoinOut] = await coin.previewMint(AMOUNT);
  const [minReserveOut] = await coin.previewRedeem(minCoinOut);
  const rows: Row[] = [
    { name: "ERC20Wrapper.depositFor", gas: await gasOf(wrapper.connect(alice).depositFor(alice.address, AMOUNT)) },
    { name: "ERC20Wrapper.withdrawTo", gas: await gasOf(wrapper.connect(alice).withdrawTo(alice.address, AMOUNT)) },
  ];
  const against = (name: string, gas: bigint, reference: string, limit: number): Row => ({
    name,
    gas,
    reference,
    limit,
  });
  rows.push(
    against(
      "FoundationCoin.mint (commons)",
      await gasOf(coin.mint(AMOUNT, alice.address, 0n, minCoinOut)),
      "ERC20Wrapper.depositFor",
      WRAP_LIMIT,
    ),
    against(
      "FoundationCoin.redeem (commons)",
      await gasOf(coin.redeem(minCoinOut, alice.address, 0n, minReserveOut)),
      "ERC20Wrapper.withdrawTo",
      WRAP_LIMIT,
    ),
    against(
      "FoundationCoin.mint (named pool)",
      await gasOf(coin.mint(AMOUNT, alice.address, 1n, minCoinOut)),
      "ERC20Wrapper.depositFor",
      NAMED_POOL_LIMIT,
    ),
    against(
      "FoundationCoin.redeem (named pool)",
      await gasOf(coin.redeem(minCoinOut, alice.address, 1n, minReserveOut)),
      "ERC20Wrapper.withdrawTo",
      NAMED_POOL_LIMIT,
    ),
    { name: "PoolRegistry.claim", gas: await gasOf(poolRegistry.claim(1n)) },
  );
  await networkHelpers.time.increase(3600);
  rows.push({ name: "Emission.release", gas: await gasOf(emission.release()) });
  rows.push({
    name: "ReserveToken.transfer",
    gas: await gasOf(reserveToken.connect(alice).transfer(bob.address, AMOUNT)),
  });
  await reserveToken.connect(alice).approve(deployer.address, ALLOWANCE);
  rows.push({
    name: "ReserveToken.transferFrom",
    gas: await gasOf(reserveToken.connect(deployer).transferFrom(alice.address, bob.address, AMOUNT)),
  });
  await connection.provider.close();
  return rows;
}

/** A commons mint on a fresh deployment with `pools` active pools. */
async function commonsMintWithPools(pools: number): Promise<bigint> {
  const connection = await network.create();
  const [, holder, owner] = await connection.ethers.getSigners();
  if (!holder || !owner) throw new Error("the in-process chain has too few accounts");
  const { reserveToken, foundationCoin, poolRegistry } = await deployFoundation(connection, {
    genesisAccounts: [holder.address],
    genesisAmounts: [GENESIS],
  });
  for (let id = 1n; id <= BigInt(pools); id++) {
    await poolRegistry.propose(`Pool ${id}`, "", owner.address);
    await poolRegistry.approve(id, 10n);
  }
  const coin = foundationCoin.connect(holder);
  await reserveToken.connect(holder).approve(await coin.getAddress(), ALLOWANCE);
  await coin.mint(AMOUNT, holder.address, 0n, 0n);
  await poolRegistry.claim(1n);
  const [minCoinOut] = await coin.previewMint(AMOUNT);
  const gas = await gasOf(coin.mint(AMOUNT, holder.address, 0n, minCoinOut));
  await connection.provider.close();
  return gas;
}

function percent(value: bigint, reference: bigint): string {
  return `${((Number(value) / Number(reference)) * 100).toFixed(1)}%`;
}

async function main(): Promise<void> {
  const rows = await steadyStateRows();
  const scaling: Row[] = [];
  for (const pools of [1, 10, 100, 1000]) {
    scaling.push({
      name: `FoundationCoin.mint (commons), ${pools} active pool${pools === 1 ? "" : "s"}`,
      gas: await commonsMintWithPools(pools),
      reference: "FoundationCoin.mint (commons), 1 active pool",
      limit: SCALING_LIMIT,
    });
  }
  const all = [...rows, ...scaling];
  const byName = new Map(all.map((row) => [row.name, row.gas]));

  const failures: string[] = [];
  console.log("| operation | gas | vs reference | limit |");
  console.log("|---|---:|---|---|");
  for (const row of all) {
    const reference = row.reference === undefined ? undefined : byName.get(row.reference);
    let versus = "";
    let limit = "";
    if (reference !== undefined && row.limit !== undefined) {
      versus = `${percent(row.gas, reference)} of ${row.reference}`;
      limit = `${(row.limit * 100).toFixed(0)}%`;
      if (Number(row.gas) > Number(reference) * row.limit) {
        failures.push(
          `${row.name}: ${row.gas} gas is ${percent(row.gas, reference)} of ${row.reference} (limit ${limit})`,
        );
      }
    }
    console.log(`| ${row.name} | ${row.gas} | ${versus} | ${limit} |`);
  }

  const asNumbers = (list: Row[]) => Object.fromEntries(list.map((row) => [row.name, Number(row.gas)]));
  await mkdir("reports", { recursive: true });
  const report = {
    operations: asNumbers(rows.filter((row) => !row.name.startsWith("ERC20Wrapper"))),
    baseline: asNumbers(rows.filter((row) => row.name.startsWith("ERC20Wrapper"))),
    scaling: asNumbers(scaling),
    limits: Object.fromEntries(
      all.filter((r) => r.limit !== undefined).map((r) => [r.name, `${r.limit} x ${r.reference}`]),
    ),
    failures,
  };
  await writeFile("reports/gas.json", JSON.stringify(report, null, 2) + "\n");
  console.log("\nWrote reports/gas.json");
  if (failures.length > 0) {
    console.error(`Gas limits exceeded:\n- ${failures.join("\n- ")}`);
    process.exitCode = 1;
  } else {
    console.log("All gas limits met.");
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
