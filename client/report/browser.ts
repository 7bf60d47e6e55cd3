import { access } from "node:fs/promises";

/** Debian's Chromium (`apt-get install chromium`), or the binary CHROMIUM_PATH names. */
export async function findChromium(): Promise<string> {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    (c): c is string => c !== undefined && c !== "",
  );
  for (const candidate of candidates) {
    const found = await access(candidate).then(
      () => true,
      () => false,
    );
    if (found) return candidate;
  }
  throw new Error(
    "the report's browser check needs Chromium: install Debian's package (apt-get install chromium) " +
      "or point CHROMIUM_PATH at a Chromium binary",
  );
}
