import { expect } from "chai";
import { network } from "hardhat";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { runDemo } from "../scripts/lib/demo-story.js";
import { transparencyReport, writeReport } from "../client/report/index.js";
import { findChromium, labelsOutsideTheirChart } from "../client/report/browser.js";
import { syntheticReport } from "./helpers/synthetic-report.js";

/** Where the browser test leaves the page it looked at, and its screenshot (not committed). */
const OUT = path.join("reports", "transparency", "browser-test");

describe("Transparency report, in a real browser", function () {
  let browser: Browser;
  before(async function () {
    browser = await chromium.launch({ executablePath: await findChromium() });
  });
  after(async function () {
    await browser?.close();
  });

  it("shows the demo's report with every chart, the chain's numbers and every check holding", async function () {
    const connection = await network.create();
    const story = await runDemo(connection, () => undefined);
    const data = await transparencyReport(story.system, connection.ethers.provider, {
      fromBlock: story.deploymentBlock,
    });
    const file = await writeReport(data, OUT, "the demo's in-process chain");

    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    const requests: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) requests.push(request.url());
    });
    await page.goto(pathToFileURL(path.resolve(file)).href);

    expect(problems, "console errors").to.deep.equal([]);
    expect(requests, "the page loads nothing from the network").to.deep.equal([]);

    // Each chart is there with one mark per thing it counts.
    const marks = (section: string, mark: string) =>
      page.locator(`#${section} svg g.mark-${mark}.role-mark path`).count();
    const pools = data.pools.length;
    expect(await marks("fees", "rect"), "a bar per pool, and one for the commons").to.equal(pools + 1);
    expect(await marks("split", "rect"), "a bar per destination").to.equal(3);
    expect(await marks("claims", "rect"), "two bars per pool: commons and compute").to.equal(2 * pools);
    expect(await marks("compute", "symbol"), "a point per pool's report in an epoch").to.equal(
      data.compute.units.length,
    );
    expect(await marks("emission", "symbol"), "a point per second new reserve was minted").to.equal(
      data.emission.minted.length,
    );
    expect(await marks("emission", "line"), "the schedule's curve").to.equal(1);
    expect(await marks("backing", "line")).to.equal(1);
    for (const id of ["backing", "fees", "emission", "split", "compute", "humans", "claims"]) {
      const title = await page.locator(`#${id} svg .role-title-text`).first().textContent();
      expect(title, `${id} has a title`).to.not.equal(null);
      expect(await page.locator(`#${id} svg .role-axis-title`).count(), `${id} has axis titles`).to.be.greaterThan(0);
      expect(await page.locator(`#${id} table tbody tr`).count(), `${id} has its numbers in a table`).to.be.greaterThan(
        0,
      );
    }

    expect(await labelsOutsideTheirChart(page), "axis labels cut off").to.deep.equal([]);

    // The headline is the chain's own views, to the base unit.
    const { foundationCoin, reserveToken, emission, humanRegistry } = story.system;
    const shown = async (field: string) =>
      BigInt((await page.locator(`td[data-field="${field}"]`).getAttribute("data-value"))!);
    expect(await shown("coinSupply")).to.equal(await foundationCoin.totalSupply());
    expect(await shown("backingHeld")).to.equal(await reserveToken.balanceOf(foundationCoin));
    expect(await shown("reserveSupply")).to.equal(await reserveToken.totalSupply());
    expect(await shown("minted")).to.equal(await emission.minted());
    expect(await shown("humans")).to.equal(await humanRegistry.humanCount());
    expect(await shown("pools")).to.equal(await story.system.poolRegistry.poolCount());
    expect(await page.locator(`td[data-field="coinSupply"]`).textContent()).to.include(" FDC");

    // Every check says it holds.
    const verdicts = await page.locator("#checks tr.check .verdict").allTextContents();
    expect(verdicts).to.have.length(data.checks.length);
    expect(
      verdicts.every((v) => v === "holds"),
      verdicts.join(", "),
    ).to.equal(true);
    expect(await page.locator("#checks h2").textContent()).to.equal(
      `Checks: ${data.checks.length} of ${data.checks.length} hold`,
    );

    await page.screenshot({ path: path.join(OUT, "screenshot.png"), fullPage: true });
    await page.close();
    await connection.provider.close();
  });

  it("keeps a busy deployment's charts readable: no label cut off, ticks that read as times, pools grouped", async function () {
    const data = syntheticReport();
    const file = await writeReport(data, path.join(OUT, "load"), "a made-up busy deployment");
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    await page.goto(pathToFileURL(path.resolve(file)).href);
    expect(await labelsOutsideTheirChart(page), "axis labels cut off").to.deep.equal([]);
    // No tick of a time axis reads as a fraction of a second; quantities read in magnitudes.
    const ticks = await page.locator("#backing svg .role-axis-label text").allTextContents();
    expect(ticks.filter((t) => /^\.\d+$/.test(t))).to.deep.equal([]);
    const unitTicks = await page.locator("#compute svg .role-axis-label text").allTextContents();
    expect(
      unitTicks.every((t) => t.length <= 8),
      unitTicks.join(" | "),
    ).to.equal(true);
    // Eleven colours at most in the compute chart: the top ten pools and the others.
    const legend = await page.locator("#compute svg .role-legend-label text").allTextContents();
    expect(legend).to.have.length.at.most(11);
    expect(legend).to.include("other pools");
    expect(await page.locator("table tr").count(), "table rows").to.be.lessThan(400);
    // The label check sees every label, and a label pushed off its chart is caught.
    expect(await page.locator("section svg .role-axis-label text").count()).to.be.greaterThan(40);
    await page.evaluate(
      `document.querySelector("#compute svg .role-axis-label text").setAttribute("transform", "translate(-2000,0)")`,
    );
    expect(await labelsOutsideTheirChart(page)).to.have.length(1);
    await page.screenshot({ path: path.join(OUT, "load", "screenshot.png"), fullPage: true });
    await page.close();
  });
});
