/**
 * The coverage gate, run by CI after `hardhat test --coverage`:
 *
 *     node scripts/check-coverage.ts coverage/lcov.info <the coverage run's output>
 *
 * Fails unless every contract under contracts/ (test harnesses under contracts/test/ excepted)
 * has 100% line coverage in lcov.info and 100% statement coverage. lcov has no record for
 * statements, so those are read from the report table Hardhat prints at the end of the run.
 */
import { readFile } from "node:fs/promises";

const isCoreContract = (file: string) => file.startsWith("contracts/") && !file.startsWith("contracts/test/");

interface FileCoverage {
  linesFound: number;
  linesHit: number;
  uncovered: number[];
}

/** Per source file: lines found and hit, and the uncovered line numbers. */
function parseLcov(text: string): Map<string, FileCoverage> {
  const files = new Map<string, FileCoverage>();
  let current: FileCoverage | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("SF:")) {
      current = { linesFound: 0, linesHit: 0, uncovered: [] };
      files.set(line.slice(3).trim(), current);
    } else if (line.startsWith("DA:") && current !== undefined) {
      const [lineNumber, hits] = line.slice(3).split(",").map(Number);
      current.linesFound++;
      if (hits! > 0) current.linesHit++;
      else current.uncovered.push(lineNumber!);
    }
  }
  return files;
}

/** Per source file: the statement percentage from Hardhat's printed "Coverage Report" table. */
function parseStatementTable(text: string): Map<string, number> {
  const percentages = new Map<string, number>();
  for (const line of text.split("\n")) {
    const cells = line
      .split(/[║│|]/)
      .map((cell) => cell.trim())
      .filter((cell) => cell !== "");
    if (cells.length >= 3 && /\.sol$/.test(cells[0]!) && /^\d+(\.\d+)?$/.test(cells[2]!)) {
      percentages.set(cells[0]!, Number(cells[2]));
    }
  }
  return percentages;
}

async function main(): Promise<void> {
  const [lcovFile, logFile] = process.argv.slice(2);
  if (lcovFile === undefined || logFile === undefined) {
    throw new Error("usage: node scripts/check-coverage.ts coverage/lcov.info <coverage run output>");
  }
  const lines = parseLcov(await readFile(lcovFile, "utf8"));
  const statements = parseStatementTable(await readFile(logFile, "utf8"));
  const failures: string[] = [];
  const core = [...lines.keys()].filter(isCoreContract).sort();
  if (core.length === 0) failures.push(`${lcovFile} lists no contract under contracts/`);
  for (const file of core) {
    const { linesFound, linesHit, uncovered } = lines.get(file)!;
    if (linesHit < linesFound)
      failures.push(`${file}: lines ${linesHit}/${linesFound}, uncovered ${uncovered.join(", ")}`);
    const statementPercent = statements.get(file);
    if (statementPercent === undefined) failures.push(`${file}: no statement coverage in ${logFile}`);
    else if (statementPercent < 100) failures.push(`${file}: statements ${statementPercent.toFixed(2)}%`);
  }
  if (failures.length > 0) {
    console.error(`Coverage below 100%:\n- ${failures.join("\n- ")}`);
    process.exitCode = 1;
    return;
  }
  console.log(`Coverage: 100% of lines and statements in ${core.length} contracts (${core.join(", ")}).`);
}

main().catch((error: unknown) => {
  console.error(`coverage check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
