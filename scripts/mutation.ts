/**
 * `npm run mutation -- [--sample N] [--seed S] [--files A,B] [--out FILE] [--known FILE] [--timeout SECONDS]`
 *
 * Mutation testing of the core contracts: every mutant (scripts/lib/mutants.ts) is one line of
 * one contract changed the way a real bug would change it. For each mutant, in a scratch copy of
 * the project: rebuild the contracts (a mutant that does not compile is "stillborn"), run the
 * mocha files focused on its contract, then (if they all pass) build the Solidity tests, run them
 * with a fixed fuzz seed, and run every mocha test, each run stopping at its first failure. A
 * mutant some test catches is "killed"; one that passes everything "survived", unless
 * scripts/mutation-equivalents.json lists it as equivalent (it cannot change behaviour), with the
 * reason. score = killed / (killed + survived).
 *
 * --sample N --seed S picks a uniform, reproducible sample. --known FILE (a committed report, or
 * several, comma-separated, each a sample of its own contracts) is how CI re-checks them: the
 * sample is drawn from the mutants they recorded (matched by id, which hashes the original line,
 * so edits elsewhere keep them), and the run fails if any of them survives without a report
 * already listing it as a survivor or an equivalent. Mutants no report recorded (new or changed
 * lines) are counted and named as not yet measured.
 * --files limits the run to some of the core contracts (a focused run after changing them).
 * --shard K/N runs every N-th chosen mutant from the K-th (0-based), so N processes can share a run
 * on N cores; --merge A,B,… --out FILE joins their reports into one.
 * Writes FILE (default reports/mutation.json) as it goes, so an interrupted run keeps its results;
 * mutants run in a seeded random order, so what an interrupted run measured (`done` of `sample`)
 * is a uniform sample of the population. --resume continues the run recorded in FILE (its seed,
 * sample and contracts): mutants it already killed (or found stillborn or equivalent) whose line
 * is unchanged (same id) are kept, those of lines that changed since are dropped, and the rest run,
 * survivors again — so a full measurement of a large contract can be spread over several sittings.
 */
import { execFileSync, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { mutantsOf, sample, type Mutant } from "./lib/mutants.js";

const CORE = [
  "contracts/FoundationCoin.sol",
  "contracts/PoolRegistry.sol",
  "contracts/Emission.sol",
  "contracts/ComputeRewards.sol",
  "contracts/HumanRegistry.sol",
  "contracts/HumanDividend.sol",
  "contracts/ReserveToken.sol",
  "contracts/libraries/FeeMath.sol",
  "contracts/libraries/EmissionSchedule.sol",
];
const EQUIVALENTS_FILE = "scripts/mutation-equivalents.json";
const HARDHAT = ["node_modules/hardhat/dist/src/cli.js"];
/** Left out of the scratch copy: rebuilt there, or irrelevant to the tests. */
const NOT_COPIED = new Set([".git", "node_modules", "artifacts", "cache", "typechain-types", "coverage", "reports"]);

type Outcome = "killed" | "survived" | "stillborn" | "equivalent";

interface Result extends Mutant {
  outcome: Outcome;
  /** Which step caught it, or why it is equivalent. */
  detail: string;
  seconds: number;
}

interface Options {
  sample: number;
  seed: number;
  out: string;
  known: string | undefined;
  timeoutSeconds: number;
  /** Re-run the survivors of the report at `out` against today's suite and update it in place. */
  rerunSurvivors: boolean;
  /** Continue the (interrupted) run recorded at `out`: skip the mutants it already measured. */
  resume: boolean;
  /** The core contracts whose mutants are in the population. */
  files: string[];
  /** This process's part of the run: mutants whose index modulo `of` is `index`. */
  shard: { index: number; of: number };
  /** Reports of shards to join into `out`, instead of running anything. */
  merge: string[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    sample: Number.POSITIVE_INFINITY,
    seed: Math.floor(Math.random() * 2 ** 31),
    out: "reports/mutation.json",
    known: undefined,
    timeoutSeconds: 600,
    rerunSurvivors: false,
    resume: false,
    files: CORE,
    shard: { index: 0, of: 1 },
    merge: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const need = () => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    const whole = (text: string) => {
      if (!/^\d+$/.test(text)) throw new Error(`${flag} must be a whole number, not "${text}"`);
      return Number(text);
    };
    if (flag === "--sample") options.sample = whole(need());
    else if (flag === "--seed") options.seed = whole(need());
    else if (flag === "--out") options.out = need();
    else if (flag === "--known") options.known = need();
    else if (flag === "--timeout") options.timeoutSeconds = whole(need());
    else if (flag === "--rerun-survivors") options.rerunSurvivors = true;
    else if (flag === "--resume") options.resume = true;
    else if (flag === "--shard") {
      const text = need();
      const match = /^(\d+)\/(\d+)$/.exec(text);
      if (match === null || Number(match[1]) >= Number(match[2])) {
        throw new Error(`--shard must be K/N with 0 <= K < N, like 0/2, not "${text}"`);
      }
      options.shard = { index: Number(match[1]), of: Number(match[2]) };
    } else if (flag === "--merge") options.merge = need().split(",");
    else if (flag === "--files") {
      options.files = need()
        .split(",")
        .map((file) => file.trim());
      const unknown = options.files.filter((file) => !CORE.includes(file));
      if (unknown.length > 0)
        throw new Error(`--files: ${unknown.join(", ")} is not a core contract (${CORE.join(", ")})`);
    } else
      throw new Error(
        `unknown option ${flag} (use --sample, --seed, --files, --shard, --merge, --out, --known, --timeout, --rerun-survivors, --resume)`,
      );
  }
  return options;
}

/** Runs a command in `cwd`; resolves with its exit code (or "timeout") and the tail of its output. */
function run(cwd: string, args: string[], timeoutSeconds: number): Promise<{ code: number | "timeout"; tail: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, FORCE_COLOR: "0" } });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutSeconds * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal === "SIGKILL" ? "timeout" : (code ?? 1), tail: output });
    });
  });
}

/**
 * The mocha files that test each core contract most directly: run first, alone, so that most
 * mutants are caught in seconds instead of after the whole suite. Which test catches a mutant
 * does not change whether one does: a mutant they miss still meets every other test.
 */
const FOCUSED_TESTS: Record<string, string[]> = {
  "contracts/FoundationCoin.sol": ["test/FoundationCoin.test.ts", "test/MintWithPermit.test.ts"],
  "contracts/PoolRegistry.sol": ["test/PoolRegistry.test.ts", "test/NewReserve.test.ts"],
  "contracts/Emission.sol": ["test/Emission.test.ts", "test/NewReserve.test.ts"],
  "contracts/ComputeRewards.sol": ["test/ComputeRewards.test.ts", "test/NoSingleKey.test.ts"],
  "contracts/HumanRegistry.sol": ["test/HumanRegistry.test.ts", "test/NoSingleKey.test.ts"],
  "contracts/HumanDividend.sol": ["test/HumanDividend.test.ts", "test/NewReserve.test.ts"],
  "contracts/ReserveToken.sol": ["test/ReserveToken.test.ts"],
  "contracts/libraries/FeeMath.sol": ["test/FoundationCoin.test.ts"],
  "contracts/libraries/EmissionSchedule.sol": ["test/Emission.test.ts"],
};

/** The focused mocha files of `files`, each once. */
const focusedTests = (files: string[]) => [...new Set(files.flatMap((file) => FOCUSED_TESTS[file] ?? []))];

/**
 * Builds and tests the scratch copy; returns which step failed first, or undefined if all passed.
 * In stages, cheapest first: the contracts alone are built ("build": a failure there is a
 * stillborn mutant) and the `focused` mocha files run alone; only a mutant they miss pays for
 * building the Solidity tests and running every test. The baseline runs the focused files of
 * every contract measured, so each stage is known to pass unmutated.
 */
async function testScratch(
  dir: string,
  timeoutSeconds: number,
  focused: string[],
): Promise<{ failed?: string; tail: string }> {
  const steps: [string, string[]][] = [
    ["build", [...HARDHAT, "build", "--quiet", "--no-tests"]],
    ...(focused.length === 0
      ? []
      : [
          ["focused mocha tests", [...HARDHAT, "test", "mocha", "--no-compile", "--bail", ...focused]] as [
            string,
            string[],
          ],
        ]),
    ["build of the Solidity tests", [...HARDHAT, "build", "--quiet"]],
    ["solidity tests", [...HARDHAT, "test", "solidity", "--no-compile", "--test-profile", "mutation"]],
    ["mocha tests", [...HARDHAT, "test", "mocha", "--no-compile", "--bail"]],
  ];
  for (const [name, args] of steps) {
    const result = await run(dir, args, timeoutSeconds);
    if (result.code !== 0) return { failed: result.code === "timeout" ? `${name} (timeout)` : name, tail: result.tail };
  }
  return { tail: "" };
}

async function makeScratch(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "foundation-mutation-"));
  await cp(".", dir, {
    recursive: true,
    filter: (source) => !NOT_COPIED.has(path.relative(".", source).split(path.sep)[0] ?? ""),
  });
  await symlink(path.resolve("node_modules"), path.join(dir, "node_modules"), "dir");
  await mkdir(path.join(dir, "reports"), { recursive: true });
  return dir;
}

interface Report {
  killed: number;
  survived: number;
  stillborn: number;
  equivalent: number;
  score: number;
  survivors: Result[];
  equivalents: Result[];
  seed: number;
  sample: number;
  population: number;
  files: string[];
  commit: string;
  done: number;
  durationSeconds: number;
  mutants: Result[];
}

function summarize(unsorted: Result[], options: Options, population: number, started: number, commit: string): Report {
  const results = [...unsorted].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  const count = (outcome: Outcome) => results.filter((r) => r.outcome === outcome).length;
  const killed = count("killed");
  const survived = count("survived");
  return {
    killed,
    survived,
    stillborn: count("stillborn"),
    equivalent: count("equivalent"),
    score: killed + survived === 0 ? 1 : Number((killed / (killed + survived)).toFixed(4)),
    survivors: results.filter((r) => r.outcome === "survived"),
    equivalents: results.filter((r) => r.outcome === "equivalent"),
    seed: options.seed,
    sample: Math.min(options.sample, population),
    population,
    files: options.files,
    commit,
    done: results.length,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    mutants: results,
  };
}

/** Joins the reports of the shards of one run (same seed, sample and files) into `options.out`. */
async function merge(options: Options): Promise<void> {
  const parts = await Promise.all(
    options.merge.map(async (file) => JSON.parse(await readFile(file, "utf8")) as Report),
  );
  const first = parts[0]!;
  for (const part of parts) {
    if (part.seed !== first.seed || part.sample !== first.sample || part.files.join() !== first.files.join()) {
      throw new Error("--merge: the reports are not shards of one run (their seed, sample or files differ)");
    }
  }
  const mutants = parts.flatMap((part) => part.mutants);
  if (new Set(mutants.map((m) => m.id)).size !== mutants.length) throw new Error("--merge: a mutant appears twice");
  const merged = summarize(
    mutants,
    { ...options, seed: first.seed, sample: first.sample, files: first.files },
    first.population,
    Date.now(),
    first.commit,
  );
  merged.durationSeconds = Math.max(...parts.map((part) => part.durationSeconds));
  await writeFile(options.out, JSON.stringify(merged, null, 2) + "\n");
  console.log(
    `Merged ${parts.length} reports: ${merged.done} mutants, killed ${merged.killed}, survived ${merged.survived}, ` +
      `stillborn ${merged.stillborn}, equivalent ${merged.equivalent}: score ${merged.score}. Wrote ${options.out}.`,
  );
}

/** What the committed reports CI re-checks recorded: their mutants, survivors and equivalents. */
type Known = Pick<Report, "mutants" | "survivors" | "equivalents">;

/**
 * Reads the committed reports (comma-separated: each a uniform sample of its own contracts), with
 * a reason in words when one is missing.
 */
async function readKnown(files: string): Promise<Known> {
  const known: Known = { mutants: [], survivors: [], equivalents: [] };
  for (const file of files.split(",").map((f) => f.trim())) {
    let report: Report;
    try {
      report = JSON.parse(await readFile(file, "utf8")) as Report;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "is not a report";
      throw new Error(`--known ${file} ${reason}; produce it with a full run (npm run mutation) and commit it`);
    }
    known.mutants.push(...report.mutants);
    known.survivors.push(...report.survivors);
    known.equivalents.push(...report.equivalents);
  }
  return known;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.merge.length > 0) return merge(options);
  if (options.rerunSurvivors && options.resume) throw new Error("--resume and --rerun-survivors are separate runs");
  // Re-running a report's survivors, or resuming it, keeps its other results (killed stays killed
  // as the suite only grows), its seed, sample size and contracts.
  const previous =
    options.rerunSurvivors || options.resume ? (JSON.parse(await readFile(options.out, "utf8")) as Report) : undefined;
  if (previous !== undefined) {
    options.seed = previous.seed;
    options.sample = previous.sample;
    options.files = previous.files;
  }
  const all: Mutant[] = [];
  for (const file of options.files) all.push(...mutantsOf(file, await readFile(file, "utf8")));
  const rerun = new Set(previous?.survivors.map((r) => r.id));
  const known = options.known === undefined ? undefined : await readKnown(options.known);
  const recorded = new Set(known?.mutants.map((r) => r.id));
  const candidates = known === undefined ? all : all.filter((m) => recorded.has(m.id));
  if (known !== undefined) {
    console.log(
      `${options.known} recorded ${candidates.length} of the ${all.length} current mutants; ` +
        `${all.length - candidates.length} are not yet measured (new or changed lines; run the full report).`,
    );
  }
  const current = new Set(all.map((m) => m.id));
  // Resuming measures again what survived (the suite may have grown to kill it) and what no
  // longer exists as recorded (its line changed).
  const measured = new Set(
    options.resume
      ? previous!.mutants.filter((r) => current.has(r.id) && r.outcome !== "survived").map((r) => r.id)
      : [],
  );
  const chosen = (
    previous === undefined || options.resume
      ? sample(candidates, options.sample, options.seed).filter((m) => !measured.has(m.id))
      : all.filter((m) => rerun.has(m.id))
  ).filter((_, i) => i % options.shard.of === options.shard.index);
  const equivalents = JSON.parse(await readFile(EQUIVALENTS_FILE, "utf8")) as Record<string, string>;
  const kept =
    previous === undefined
      ? []
      : previous.mutants.filter((r) => (options.resume ? measured.has(r.id) : !rerun.has(r.id)));
  const commit = (() => {
    try {
      return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  })();
  console.log(
    `Mutation testing: ${chosen.length} of ${all.length} mutants of ${options.files.length} contracts (seed ${options.seed}).`,
  );

  const dir = await makeScratch();
  // A resumed run's duration includes the sittings before it.
  const started = Date.now() - (options.resume ? previous!.durationSeconds * 1000 : 0);
  const baselineStarted = Date.now();
  try {
    const baseline = await testScratch(dir, options.timeoutSeconds, focusedTests(options.files));
    if (baseline.failed !== undefined) {
      throw new Error(`the unmutated project fails its ${baseline.failed}; fix that first:\n${baseline.tail}`);
    }
    console.log(`Baseline passes (${Math.round((Date.now() - baselineStarted) / 1000)} s).`);
    const results: Result[] = [...kept];
    for (const [i, mutant] of chosen.entries()) {
      const t0 = Date.now();
      const target = path.join(dir, mutant.file);
      const source = await readFile(target, "utf8");
      const lines = source.split("\n");
      lines[mutant.line - 1] = mutant.mutated;
      await writeFile(target, lines.join("\n"));
      let outcome: Outcome;
      let detail: string;
      try {
        const tested = await testScratch(dir, options.timeoutSeconds, focusedTests([mutant.file]));
        // The compiler names the file it cannot compile; a build failing without naming the
        // mutated one means the project around it broke (say, node_modules went away), and every
        // mutant after would be counted stillborn.
        if (tested.failed === "build" && !tested.tail.includes(path.basename(mutant.file))) {
          throw new Error(`the build of ${mutant.file}:${mutant.line}'s mutant failed elsewhere:\n${tested.tail}`);
        }
        if (tested.failed === "build") [outcome, detail] = ["stillborn", "does not compile"];
        else if (tested.failed !== undefined) [outcome, detail] = ["killed", tested.failed];
        else if (equivalents[mutant.id] !== undefined) [outcome, detail] = ["equivalent", equivalents[mutant.id]!];
        else [outcome, detail] = ["survived", "every test passed"];
      } finally {
        await writeFile(target, source);
      }
      const result: Result = { ...mutant, outcome, detail, seconds: Math.round((Date.now() - t0) / 1000) };
      results.push(result);
      console.log(
        `[${i + 1}/${chosen.length}] ${outcome.padEnd(10)} ${mutant.file}:${mutant.line} ${mutant.operator}: ` +
          `${JSON.stringify(mutant.mutated.trim() || "(line deleted)")} (${result.seconds} s${outcome === "killed" ? `, ${detail}` : ""})`,
      );
      await mkdir(path.dirname(options.out), { recursive: true });
      await writeFile(
        options.out,
        JSON.stringify(summarize(results, options, all.length, started, commit), null, 2) + "\n",
      );
    }
    const report = summarize(results, options, all.length, started, commit);
    await mkdir(path.dirname(options.out), { recursive: true });
    await writeFile(options.out, JSON.stringify(report, null, 2) + "\n");
    console.log(
      `\nkilled ${report.killed}, survived ${report.survived}, stillborn ${report.stillborn}, ` +
        `equivalent ${report.equivalent}: score ${report.score} (${report.durationSeconds} s). Wrote ${options.out}.`,
    );
    for (const survivor of report.survivors) {
      console.log(`  survivor ${survivor.id} (line ${survivor.line}): ${JSON.stringify(survivor.mutated.trim())}`);
    }
    if (known !== undefined) {
      const accepted = new Set([...known.survivors, ...known.equivalents].map((r) => r.id));
      const fresh = report.survivors.filter((r) => !accepted.has(r.id));
      if (fresh.length > 0) {
        console.error(`${fresh.length} survivor(s) not in ${options.known}: the suite lets these bugs through.`);
        process.exitCode = 1;
      } else {
        console.log(`No survivor beyond those already listed in ${options.known}.`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`mutation testing failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
