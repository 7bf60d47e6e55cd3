import { expect } from "chai";
import { network } from "hardhat";
import { runDemo } from "../scripts/lib/demo-story.js";
import { units } from "../client/foundation.js";

describe("npm run demo", function () {
  it("tells the whole story and every number adds up", async function () {
    const connection = await network.create();
    const lines: string[] = [];
    const report = await runDemo(connection, (line) => lines.push(line));

    for (const check of report.checks) expect(check.ok, check.what).to.equal(true);
    expect(report.checks.length).to.be.greaterThanOrEqual(8);
    // Fees went where the holders said: Alice's 1,000 FRSV mint paid 5 FRSV to pool 1, Carol's
    // 500 paid 2.5 to pool 3; Bob's mint and redemption paid 10 + 2.5 to the commons, and the
    // three dividend claims minted as FDC their 0.5% fee to the commons.
    expect(report.directedToPool.get(1n)).to.equal(units("5"));
    expect(report.directedToPool.get(2n)).to.equal(0n);
    expect(report.directedToPool.get(3n)).to.equal(units("2.5"));
    // The coin rounds a fee up, never in the payer's favour.
    const feeOf = (amount: bigint) => (amount * 50n + 9_999n) / 10_000n;
    const dividendFees = report.dividendClaims.reduce((sum, claim) => sum + feeOf(claim.frsv), 0n);
    expect(report.commonsFees).to.equal(units("12.5") + dividendFees);
    // Half the emission pays verified compute, a quarter verified humans, the rest (a quarter, up
    // to the floors' rounding) the commons.
    expect(report.emissionToCommons).to.be.greaterThan(0n);
    const split = 2n * report.emissionToCommons - report.emissionToCompute;
    expect(split >= 0n && split <= 3n, `commons ${report.emissionToCommons} vs compute ${report.emissionToCompute}`).to
      .be.true;
    // Epoch 0: pool 1 attested 22 GPU-hours and pool 3 18, pool 2 none; they shared its budget 22:18.
    const pool1Work = report.computeToPool.get(1n)!;
    const pool3Work = report.computeToPool.get(3n)!;
    expect(report.computeToPool.get(2n)).to.equal(0n);
    expect(pool1Work).to.be.greaterThan(0n);
    const ratioGap = pool1Work * 18n - pool3Work * 22n;
    expect(ratioGap < 0n ? -ratioGap : ratioGap).to.be.lte(40n);
    // 50:30:20 weights: pool 1 gets half the commons (fees, the commons' emission, the budgets of
    // the epochs nobody reported, and the human share from before anyone was registered) plus its
    // directed fees.
    const commons =
      report.commonsFees + report.emissionToCommons + report.unreportedToCommons + report.dividendForwarded;
    const pool1 = report.paidToPool.get(1n)! + report.claimableByPool.get(1n)!;
    const exact = units("5") + commons / 2n;
    expect(pool1).to.be.lte(exact);
    expect(exact - pool1).to.be.lte(1n);
    // Three verified people claimed the same dividend, each minted into FDC at the rate after the
    // 0.5% mint fee (which went to the commons, counted above), and the FDC is fully backed.
    expect(report.dividendClaims).to.have.length(3);
    const [first] = report.dividendClaims;
    expect(first!.frsv).to.be.greaterThan(units("1000"));
    for (const claim of report.dividendClaims) {
      expect(claim.frsv).to.equal(first!.frsv);
      expect(claim.fdc).to.equal((claim.frsv - feeOf(claim.frsv)) * 1000n);
    }
    expect(report.dividendForwarded).to.be.greaterThan(0n);
    const dividendBacking = report.dividendClaims.reduce((sum, claim) => sum + claim.fdc / 1000n, 0n);
    expect(report.backingHeld).to.equal(units("2982.5") + dividendBacking);
    expect(report.backingRequired).to.equal(report.backingHeld);
    for (const heading of [
      "Deploy",
      "pools",
      "mint and redeem",
      "useful work",
      "verified humans",
      "emission",
      "same dividend",
      "claim",
      "books",
    ]) {
      expect(
        lines.some((line) => line.includes(heading)),
        heading,
      ).to.equal(true);
    }
    await connection.provider.close();
  });
});
