import { access } from "node:fs/promises";
import type { Page } from "playwright-core";

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

/** Every axis label and title whose box is not inside its chart's SVG (clipped, cut off), by section. */
export async function labelsOutsideTheirChart(page: Page): Promise<string[]> {
  // Runs in the page (a string: this project's TypeScript has no DOM types).
  return (await page.evaluate(`(() => {
    const outside = [];
    for (const svg of document.querySelectorAll("section svg")) {
      const frame = svg.getBoundingClientRect();
      for (const text of svg.querySelectorAll(".role-axis-label text, .role-axis-title text, .role-title-text text")) {
        const box = text.getBoundingClientRect();
        const inside =
          box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5 &&
          box.top >= frame.top - 0.5 && box.bottom <= frame.bottom + 0.5;
        if (!inside) outside.push(svg.closest("section").id + ': "' + text.textContent + '"');
      }
    }
    return outside;
  })()`)) as string[];
}
