import { expect } from "chai";
import { readFile } from "node:fs/promises";

/**
 * The threat cases every money contract here answers (the team's threat-case list has 52), all
 * answered, and the auditors' five questions (A1 to A5), by tests or a stated limit with tests.
 */
const ANSWERED = 52;
const CASES = 52;
/** The auditors' five questions (A1 to A5) are rows AUDITORS_FROM + 1 to + 5. */
const AUDITORS_FROM = 1_000;
const AUDITORS = 5;

interface Reference {
  file: string;
  name: string;
  row: number;
}

/** The table rows of THREATS.md: case number, and the answer cell. */
async function rows(): Promise<Map<number, string>> {
  const text = await readFile("THREATS.md", "utf8");
  const found = new Map<number, string>();
  for (const line of text.split("\n")) {
    // | 12 | the case | the answer |   (the formatter pads the cells)
    const cells = line.split("|").map((cell) => cell.trim());
    if (cells.length !== 5 || !/^A?\d+$/.test(cells[1]!)) continue;
    // The auditors' questions are A1 to A5, after the cases.
    const number = cells[1]!.startsWith("A") ? AUDITORS_FROM + Number(cells[1]!.slice(1)) : Number(cells[1]);
    expect(found.has(number), `case ${number} answered twice`).to.equal(false);
    found.set(number, cells[3]!);
  }
  return found;
}

/** Every `file` › "title" or `file` › `function` named in an answer. */
function referencesOf(row: number, answer: string): Reference[] {
  const pattern = /`([\w./-]+\.(?:ts|sol))` › (?:"([^"]+)"|`([^`]+)`)/g;
  const references: Reference[] = [];
  for (let match = pattern.exec(answer); match !== null; match = pattern.exec(answer)) {
    references.push({ file: match[1]!, name: match[2] ?? match[3]!, row });
  }
  return references;
}

async function exists(reference: Reference): Promise<boolean> {
  const source = await readFile(reference.file, "utf8");
  if (reference.file.endsWith(".sol")) return source.includes(`function ${reference.name}(`);
  // A mocha test or describe title, written as a string or template literal.
  return ['"', "`", "'"].some((quote) => source.includes(`${quote}${reference.name}${quote}`));
}

describe("THREATS.md", function () {
  it("answers every threat case once, with tests or a reason it cannot apply", async function () {
    const answers = await rows();
    const numbers = [...answers.keys()].sort((a, b) => a - b);
    expect(numbers.slice(0, ANSWERED)).to.deep.equal(Array.from({ length: ANSWERED }, (_, i) => i + 1));
    const cases = numbers.filter((n) => n < AUDITORS_FROM);
    expect(
      cases.every((n) => n >= 1 && n <= CASES),
      `cases beyond ${CASES}: ${cases.join(", ")}`,
    ).to.equal(true);
    expect(numbers.filter((n) => n > AUDITORS_FROM)).to.deep.equal(
      Array.from({ length: AUDITORS }, (_, i) => AUDITORS_FROM + i + 1),
    );
    for (const [row, answer] of answers) {
      const cited = referencesOf(row, answer).length > 0;
      expect(cited || answer.startsWith("Cannot apply"), `case ${row} names no test and gives no reason`).to.equal(
        true,
      );
    }
  });

  it("names only tests that exist", async function () {
    const missing: string[] = [];
    let count = 0;
    for (const [row, answer] of await rows()) {
      for (const reference of referencesOf(row, answer)) {
        count++;
        if (!(await exists(reference))) missing.push(`case ${reference.row}: ${reference.file} › ${reference.name}`);
      }
    }
    expect(missing, "tests named in THREATS.md that do not exist").to.deep.equal([]);
    expect(count).to.be.greaterThan(CASES);
  });
});
