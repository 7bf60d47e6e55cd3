import { expect } from "chai";
import { network } from "hardhat";
import { runDemo } from "../scripts/lib/demo-story.js";
import { units } from "../scripts/lib/foundation.js";

describe("npm run demo", function () {
  it("tells the whole story and every number adds up", async function () {
    const connection = await network.create();
    const lines: string[] = [];
    const report = await runDemo(connection, (line) => lines.push(line));

    for (const check of report.checks) expect(check.ok, check.what).to.equal(true);
    expect(report.checks.length).to.be.greaterThanOrEqual(8);
    // Fees went where the holders said: Alice's 1,000 FRSV mint paid 5 FRSV to pool 1, Carol's
    // 500 paid 2.5 to pool 3; Bob's mint and redemption paid 10 + 2.5 to the commons.
    expect(report.directedToPool.get(1n)).to.equal(units("5"));
    expect(report.directedToPool.get(2n)).to.equal(0n);
    expect(report.directedToPool.get(3n)).to.equal(units("2.5"));
    expect(report.commonsFees).to.equal(units("12.5"));
    expect(report.emissionReleased).to.be.greaterThan(0n);
    // 50:30:20 weights: pool 1 gets half the commons plus its directed fees.
    const commons = report.commonsFees + report.emissionReleased;
    const pool1 = report.paidToPool.get(1n)! + report.claimableByPool.get(1n)!;
    const exact = units("5") + commons / 2n;
    expect(pool1).to.be.lte(exact);
    expect(exact - pool1).to.be.lte(1n);
    expect(report.backingHeld).to.equal(units("2982.5"));
    expect(report.backingRequired).to.equal(units("2982.5"));
    for (const heading of ["Deploy", "pools", "mint and redeem", "emission", "claim", "books"]) {
      expect(
        lines.some((line) => line.includes(heading)),
        heading,
      ).to.equal(true);
    }
    await connection.provider.close();
  });
});
