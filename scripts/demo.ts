/**
 * `npm run demo`: the whole Foundation story on the in-process Hardhat chain, no setup.
 * Exits non-zero if any number does not add up.
 */
import { network } from "hardhat";
import { runDemo } from "./lib/demo-story.js";

try {
  const connection = await network.create();
  const report = await runDemo(connection, (line) => console.log(line));
  const failed = report.checks.filter((check) => !check.ok);
  if (failed.length > 0) {
    console.error(`\nThe books do not add up: ${failed.map((check) => check.what).join("; ")}.`);
    process.exitCode = 1;
  } else {
    console.log("\nEverything adds up.");
  }
} catch (error: unknown) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
