import { expect } from "chai";
import { network } from "hardhat";
import path from "node:path";
import { readFile } from "node:fs/promises";
import { deployFoundation } from "../client/foundation.js";
import { transparencyReport } from "../client/report/index.js";
import { buildLoad } from "../scripts/lib/load.js";

describe("Transparency report of a load", function () {
  it("holds every check, to the wei, after a seeded load of 300 transactions across halvings", async function () {
    const connection = await network.create();
    const { ethers } = connection;
    const signers = await ethers.getSigners();
    const local = JSON.parse(await readFile(path.join("ignition", "parameters", "local.json"), "utf8")) as {
      Foundation: Record<string, string | string[]>;
    };
    const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
    const system = await deployFoundation(connection, {
      genesisAccounts: signers.slice(0, 4).map((s) => s.address),
      genesisAmounts: signers.slice(0, 4).map(() => 10_000n * 10n ** 18n),
      timelockDelay: 0n,
      attesters: signers.slice(4, 7).map((s) => s.address),
      quorum: 2n,
      issuers: [signers[10]!.address],
      epochLength: BigInt((local.Foundation.epochLength as string).slice(0, -1)),
      submissionWindow: 1_800n,
      reviewPeriod: 1_800n,
      claimPeriod: 86_400n,
      halvingPeriod: 2_592_000n,
    });
    const sent = await buildLoad(
      ethers.provider,
      system,
      {
        genesis: signers.slice(0, 4),
        attesters: signers.slice(4, 7),
        issuer: signers[10]!,
        holders: [...signers.slice(7, 10), ...signers.slice(11, 20)],
      },
      {
        transactions: Number(process.env.LOAD_TX ?? 300),
        pools: 12,
        humans: 8,
        seed: Number(process.env.LOAD_SEED ?? 7),
      },
    );
    expect(sent).to.be.at.least(300);
    const data = await transparencyReport(system, ethers.provider, { fromBlock });
    for (const check of data.checks) {
      expect(check.holds, `${check.what}: ${check.rebuilt} ${check.relation} ${check.onChain}`).to.equal(true);
    }
    await connection.provider.close();
  });
});
