/**
 * Anyone's text (a pool's name or URI, anything read from the chain) as the commands print it.
 * A name is chosen by whoever proposes a pool: escape sequences in it could recolour a terminal or
 * set its title, newlines could fake lines, and Unicode's bidi controls reverse what follows them.
 * So every printed line shows such characters as visible escapes (`\u{1b}`), JSON carries them
 * escaped (its value unchanged), and a name is cut to a length that keeps lines readable.
 */

/** C0 controls (ESC, newlines, tabs…), DEL, C1 controls (a CSI among them), and the bidi and line-separator controls. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** The longest name a line shows whole; --json keeps it whole. */
export const NAME_SHOWN = 64;

const codePoint = (c: string) => c.codePointAt(0)!.toString(16);

/** `text` with every character that could rewrite a terminal shown as its escape, `\u{…}`. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${codePoint(c)}}`);
}

/** What JSON.stringify leaves raw inside strings (it escapes those below U+0020 itself). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A JSON text (from JSON.stringify) with the rest of those characters escaped as `\uXXXX`: parsing
 * it gives the same value, printing it rewrites no terminal. Its own line breaks stay.
 */
export function jsonSafe(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${codePoint(c).padStart(4, "0")}`);
}

/** A name as a line shows it: made terminal-safe, then cut to {@link NAME_SHOWN} characters with "…". */
export function shownName(name: string): string {
  const safe = [...terminalSafe(name)];
  return safe.length <= NAME_SHOWN ? safe.join("") : `${safe.slice(0, NAME_SHOWN - 1).join("")}…`;
}
