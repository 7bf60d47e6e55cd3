import { expect } from "chai";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Every TypeScript file under `folder`, recursively. */
async function sources(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The relative module specifiers a file imports (static and dynamic), resolved from the project root. */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => path.relative(".", path.resolve(path.dirname(file), specifier)));
}

describe("Layout: tasks, scripts and tests stand on one client library", function () {
  for (const [folder, forbidden] of [
    ["tasks", "scripts"],
    ["scripts", "tasks"],
    ["client", "tasks"],
    ["client", "scripts"],
  ] as const) {
    it(`${folder}/ does not import from ${forbidden}/`, async function () {
      const files = await sources(folder);
      expect(files.length).to.be.greaterThan(0);
      const crossing: string[] = [];
      for (const file of files) {
        for (const target of await importsOf(file)) {
          if (target.split(path.sep)[0] === forbidden) crossing.push(`${file} imports ${target}`);
        }
      }
      expect(crossing).to.deep.equal([]);
    });
  }

  it("the check sees an import that crosses (it is not vacuous)", async function () {
    // A test file imports from both; the scanner must report them.
    const targets = await importsOf(path.join("test", "Tasks.test.ts"));
    expect(targets.some((target) => target.startsWith(`tasks${path.sep}`))).to.equal(true);
    expect(targets.some((target) => target.startsWith(`client${path.sep}`))).to.equal(true);
  });
});
