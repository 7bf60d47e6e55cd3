import { stat, writeFile } from "node:fs/promises";
import { CommandError } from "./errors.js";

/**
 * Writes a file a command produces (a signature, a credential) without ever replacing one: an
 * existing file is someone's earlier output. Failures become one line naming the option.
 */
export async function writeNewFile(file: string, content: string, option = "out"): Promise<void> {
  const isFolder = await stat(file).then(
    (found) => found.isDirectory(),
    () => false,
  );
  if (isFolder) throw new CommandError(`--${option} ${file} is a folder; give a file name`);
  try {
    await writeFile(file, content, { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EEXIST"
        ? "already exists; choose another --" + option + " or move that file away"
        : code === "ENOENT"
          ? "is in a folder that does not exist"
          : `cannot be written (${code ?? String(error)})`;
    throw new CommandError(`--${option} ${file} ${reason}`);
  }
}
