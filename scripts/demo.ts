/**
 * `npm run demo`: the whole Foundation story on the in-process Hardhat chain, no setup, ending
 * with the transparency report of that story (reports/transparency/demo/index.html).
 * Exits non-zero if any number does not add up.
 */
import path from "node:path";
import { network } from "hardhat";
import { runDemo } from "./lib/demo-story.js";
import { transparencyReport, writeReport } from "../client/report/index.js";

/** Where the demo writes the report of its own story. */
export const DEMO_REPORT_DIR = path.join("reports", "transparency", "demo");

try {
  const connection = await network.create();
  const report = await runDemo(connection, (line) => console.log(line));
  const failed = report.checks.filter((check) => !check.ok);

  console.log("\n== 10. The transparency report ==");
  const data = await transparencyReport(report.system, connection.ethers.provider, {
    fromBlock: report.deploymentBlock,
  });
  const page = await writeReport(data, DEMO_REPORT_DIR, "the demo's in-process chain");
  for (const check of data.checks) console.log(`${check.holds ? "holds" : "DOES NOT HOLD"}  ${check.what}`);
  console.log(`Report: ${page} (open it in a browser; report.json and CSV tables beside it).`);
  const failedChecks = data.checks.filter((check) => !check.holds);

  if (failed.length > 0 || failedChecks.length > 0) {
    const what = [...failed.map((check) => check.what), ...failedChecks.map((check) => check.what)];
    console.error(`\nThe books do not add up: ${what.join("; ")}.`);
    process.exitCode = 1;
  } else {
    console.log("\nEverything adds up.");
  }
} catch (error: unknown) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
