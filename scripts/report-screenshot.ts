/**
 * `npm run report:screenshot`: regenerates docs/report.png, the README's picture of the
 * transparency report, from the demo's story on the in-process chain, in headless Chromium.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { network } from "hardhat";
import { chromium } from "playwright-core";
import { runDemo } from "./lib/demo-story.js";
import { transparencyReport, writeReport } from "../client/report/index.js";
import { findChromium } from "../client/report/browser.js";

const SCREENSHOT = path.join("docs", "report.png");

try {
  const connection = await network.create();
  const story = await runDemo(connection, () => undefined);
  const data = await transparencyReport(story.system, connection.ethers.provider, {
    fromBlock: story.deploymentBlock,
  });
  const page = await writeReport(data, path.join("reports", "transparency", "demo"), "the demo's in-process chain");
  const browser = await chromium.launch({ executablePath: await findChromium() });
  try {
    const tab = await browser.newPage({ viewport: { width: 1000, height: 1500 } });
    await tab.goto(pathToFileURL(path.resolve(page)).href);
    await tab.screenshot({ path: SCREENSHOT });
  } finally {
    await browser.close();
  }
  console.log(`Wrote ${SCREENSHOT} from ${page}.`);
} catch (error: unknown) {
  console.error(`report:screenshot failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
