/**
 * Fails the build on any Solidity compiler warning (CONVENTIONS: warnings count as errors).
 * Reads the compiler output Hardhat keeps in artifacts/build-info after `hardhat build`.
 *
 * One exception: test-only contracts (under test/) may exceed the mainnet code-size limits,
 * because a test or invariant harness deploys the whole system from one contract and is
 * never deployed to a real network. Every other warning, in any file, fails.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

interface CompilerMessage {
  severity: string;
  errorCode?: string;
  formattedMessage?: string;
  message: string;
  sourceLocation?: { file: string };
}

const BUILD_INFO = path.join("artifacts", "build-info");
const SIZE_LIMIT_CODES = new Set(["5574", "3860"]); // runtime and initcode size limits

function isAllowed(message: CompilerMessage): boolean {
  const file = message.sourceLocation?.file ?? "";
  return SIZE_LIMIT_CODES.has(message.errorCode ?? "") && file.startsWith("project/test/");
}

async function main(): Promise<void> {
  const files = (await readdir(BUILD_INFO)).filter((name) => name.endsWith(".output.json"));
  if (files.length === 0) throw new Error(`no compiler output in ${BUILD_INFO}: run hardhat build first`);
  const warnings: CompilerMessage[] = [];
  for (const file of files) {
    const parsed = JSON.parse(await readFile(path.join(BUILD_INFO, file), "utf8")) as {
      output: { errors?: CompilerMessage[] };
    };
    for (const message of parsed.output.errors ?? []) {
      if (message.severity === "warning" && !isAllowed(message)) warnings.push(message);
    }
  }
  if (warnings.length > 0) {
    for (const warning of warnings) console.error(warning.formattedMessage ?? warning.message);
    console.error(`${warnings.length} compiler warning(s): warnings count as errors here.`);
    process.exitCode = 1;
    return;
  }
  console.log(`No compiler warnings in ${files.length} compilation output(s).`);
}

main().catch((error: unknown) => {
  console.error(`check-compiler-warnings: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
