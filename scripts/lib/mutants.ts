/**
 * Line-level mutants of Solidity sources, for `npm run mutation`. Each mutant changes one line of
 * one contract in one way a real bug would: a comparison flipped, an operator swapped, a rounding
 * direction reversed, a guard, write, call, event or access modifier deleted, a constant moved by
 * one. Comments, imports and declarations of interfaces are never touched.
 */
import { createHash } from "node:crypto";

export type Operator =
  | "comparison"
  | "arithmetic"
  | "rounding"
  | "delete-revert"
  | "delete-write"
  | "delete-call"
  | "delete-emit"
  | "delete-modifier"
  | "constant"
  | "boolean";

export interface Mutant {
  /** Stable across unrelated edits: file, operator, a hash of the original line (and which of its
   *  identical twins it is), and which change on it. */
  id: string;
  file: string;
  /** 1-based. */
  line: number;
  operator: Operator;
  original: string;
  /** The replacement line ("" deletes it). */
  mutated: string;
}

const COMPARISONS: Record<string, string> = { "<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==" };
const ARITHMETIC: Record<string, string> = { "+": "-", "-": "+", "*": "/", "/": "*", "+=": "-=", "-=": "+=" };

/** The code part of a line: without a trailing `//` comment, and "" for comment-only lines. */
export function codeOf(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*")) return "";
  const comment = line.indexOf("//");
  return comment === -1 ? line : line.slice(0, comment);
}

/** Ranges of string literals in `code`, so operators inside them are left alone. */
function stringRanges(code: string): [number, number][] {
  const ranges: [number, number][] = [];
  const pattern = /"(?:[^"\\]|\\.)*"/g;
  for (let match = pattern.exec(code); match !== null; match = pattern.exec(code)) {
    ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

const inRanges = (index: number, ranges: [number, number][]) => ranges.some(([a, b]) => index >= a && index < b);

function hashOf(text: string): string {
  return createHash("sha1").update(text.trim()).digest("hex").slice(0, 10);
}

/** Lines that declare rather than compute: mutating them only makes code that does not compile. */
function isDeclarationOnly(code: string): boolean {
  return /^\s*(pragma|import|using|error|event|interface|contract|library|abstract|struct|enum)\b/.test(code);
}

/** Every mutant of `source` (the text of `file`). */
export function mutantsOf(file: string, source: string): Mutant[] {
  const mutants: Mutant[] = [];
  const lines = source.split("\n");
  // Identical lines (the same guard in two functions) are told apart by their order.
  const seen = new Map<string, number>();
  const occurrence = lines.map((line) => {
    const n = seen.get(line.trim()) ?? 0;
    seen.set(line.trim(), n + 1);
    return n;
  });
  const add = (index: number, operator: Operator, mutated: string, which: number) => {
    const original = lines[index]!;
    if (mutated === original) return;
    const twin = occurrence[index] === 0 ? "" : `#${occurrence[index]}`;
    mutants.push({
      id: `${file}:${operator}:${hashOf(original)}${twin}:${which}`,
      file,
      line: index + 1,
      operator,
      original,
      mutated,
    });
  };
  lines.forEach((line, index) => {
    const code = codeOf(line);
    if (code.trim() === "" || isDeclarationOnly(code)) return;
    const strings = stringRanges(code);
    const isStatement = /;\s*$/.test(code);

    // Comparisons: flip each one (not shifts, arrows or mapping declarations).
    let which = 0;
    const comparison = /(?<![<>=!])(<=|>=|==|!=|<|>)(?![<>=])/g;
    for (let m = comparison.exec(code); m !== null; m = comparison.exec(code)) {
      if (inRanges(m.index, strings) || /mapping\s*\(/.test(code)) continue;
      const swapped = COMPARISONS[m[1]!]!;
      add(index, "comparison", line.slice(0, m.index) + swapped + line.slice(m.index + m[1]!.length), which++);
    }

    // Arithmetic: swap binary and compound operators (not ++, --, ** or a unary minus).
    which = 0;
    const arithmetic = /\+\+|--|\*\*|\+=|-=|\+|-|\*|\//g;
    for (let m = arithmetic.exec(code); m !== null; m = arithmetic.exec(code)) {
      const token = m[0];
      const swapped = ARITHMETIC[token];
      if (swapped === undefined || inRanges(m.index, strings)) continue;
      if (!/[\w)\]]\s*$/.test(code.slice(0, m.index))) continue; // unary, or the start of an expression
      add(index, "arithmetic", line.slice(0, m.index) + swapped + line.slice(m.index + token.length), which++);
    }

    // Rounding: a ceiling becomes a floor.
    which = 0;
    const ceil = /Math\.ceilDiv\(([^,()]+),\s*([^()]+)\)/.exec(line);
    if (ceil !== null) add(index, "rounding", line.replace(ceil[0], `(${ceil[1]}) / (${ceil[2]})`), which++);
    if (/\+ \(BPS - 1\)/.test(line)) add(index, "rounding", line.replace(/ \+ \(BPS - 1\)/, ""), which++);

    // Deleted guards: a whole `if (...) revert ...;` or `revert ...;` statement.
    if (/^\s*(if \(.*\) )?revert \w+\(.*\);\s*$/.test(code)) add(index, "delete-revert", "", 0);

    // Deleted writes: assignments and deletes (not declarations, which would not compile).
    const declaration = /^\s*(uint\d*|int\d*|address|bool|bytes\d*|string|I[A-Z]\w*|[A-Z]\w*(\s+(storage|memory)))\b/;
    if (
      isStatement &&
      !declaration.test(code) &&
      /^\s*(delete\s+[\w.[\]]+|[\w.[\]]+\s*(=|\+=|-=|\*=)(?!=).*)\s*;\s*$/.test(code) &&
      !/^\s*return\b/.test(code)
    ) {
      add(index, "delete-write", "", 0);
    }

    // Deleted calls: a statement that is only a call (external or internal).
    if (isStatement && /^\s*[\w.]+\(.*\);\s*$/.test(code) && !/^\s*(require|revert|return)\b/.test(code)) {
      add(index, "delete-call", "", 0);
    }

    // Deleted events.
    if (/^\s*emit \w+\(.*\);\s*$/.test(code)) add(index, "delete-emit", "", 0);

    // Deleted access modifiers.
    const modifier = / onlyRole\([A-Z_]+\)/.exec(code);
    if (modifier !== null) add(index, "delete-modifier", line.replace(modifier[0], ""), 0);

    // Constants moved by one.
    const constant = /\bconstant\s+\w+\s*=\s*([\d_]+)\s*;/.exec(code);
    if (constant !== null) {
      const value = BigInt(constant[1]!.replace(/_/g, ""));
      add(index, "constant", line.replace(constant[1]!, String(value + 1n)), 0);
      if (value > 0n) add(index, "constant", line.replace(constant[1]!, String(value - 1n)), 1);
    }

    // Logic: && and || swapped, a negation dropped.
    which = 0;
    const logic = /&&|\|\||!(?=[\w(])/g;
    for (let m = logic.exec(code); m !== null; m = logic.exec(code)) {
      if (inRanges(m.index, strings)) continue;
      const token = m[0];
      const swapped = token === "&&" ? "||" : token === "||" ? "&&" : "";
      add(index, "comparison", line.slice(0, m.index) + swapped + line.slice(m.index + token.length), 100 + which++);
    }

    // Booleans.
    which = 0;
    const boolean = /\b(true|false)\b/g;
    for (let m = boolean.exec(code); m !== null; m = boolean.exec(code)) {
      if (inRanges(m.index, strings)) continue;
      const swapped = m[1] === "true" ? "false" : "true";
      add(index, "boolean", line.slice(0, m.index) + swapped + line.slice(m.index + m[1]!.length), which++);
    }
  });
  return mutants;
}

/** A small seeded generator (mulberry32): the same seed always picks the same sample. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A uniform sample of `size` mutants (all of them if `size` is larger), in a seeded random order:
 * every prefix of it is a uniform sample too, so a run cut short still measures the population
 * without bias (source order would measure only the first contracts).
 */
export function sample(mutants: Mutant[], size: number, seed: number): Mutant[] {
  const random = seededRandom(seed);
  const pool = [...mutants.keys()];
  const count = Math.min(size, pool.length);
  // Partial Fisher–Yates: the first `count` slots are a uniform sample without replacement, in
  // the order drawn.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count).map((i) => mutants[i]!);
}
