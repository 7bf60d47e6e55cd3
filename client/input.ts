import { getAddress, isAddress, parseUnits, ZeroAddress } from "ethers";
import { DECIMALS } from "./foundation.js";
import { CommandError } from "./errors.js";

/**
 * A positive amount typed in whole tokens ("12.5", or "99,500" as the commands print it) as base
 * units. Separators must group thousands, so "1,5" (a decimal comma?) is refused, not misread.
 */
export function parseAmount(text: string, symbol: string, option = "amount"): bigint {
  const typed = text.trim();
  if (typed === "")
    throw new CommandError(`--${option} is required: an amount of ${symbol} in whole tokens, like 12.5`);
  if (typed.endsWith("…")) {
    throw new CommandError(
      `--${option} "${text}" is an amount cut for reading (…): print every digit with --exact and use that`,
    );
  }
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(typed);
  if (match === null) throw new CommandError(`--${option} must be a number of ${symbol} like 12.5, not "${text}"`);
  const trimmed = typed.replaceAll(",", "");
  if ((match[2] ?? "").length > DECIMALS) {
    throw new CommandError(`--${option} has more than ${DECIMALS} decimals: "${text}"`);
  }
  const amount = parseUnits(trimmed, DECIMALS);
  if (amount === 0n) throw new CommandError(`--${option} must be more than 0 ${symbol}`);
  return amount;
}

/** A whole number such as a pool id or a weight. */
export function parseWhole(text: string, option: string, what = "a whole number"): bigint {
  const trimmed = text.trim();
  if (trimmed === "") throw new CommandError(`--${option} is required: ${what}`);
  if (!/^\d+$/.test(trimmed)) throw new CommandError(`--${option} must be ${what}, not "${text}"`);
  return BigInt(trimmed);
}

const SECONDS_IN: Record<string, bigint> = { s: 1n, m: 60n, h: 3_600n, d: 86_400n, w: 604_800n };

/** The longest duration a command moves a clock by: a century, far past any schedule's use. */
const MAX_DURATION = 100n * 365n * 86_400n;

/**
 * A duration: seconds, or parts with units s, m, h, d, w ("90", "30m", "1d12h"); more than 0 and at
 * most a century.
 */
export function parseDuration(text: string, option: string): bigint {
  const trimmed = text.trim().toLowerCase();
  const what = "a duration such as 3600, 30m, 2h, 1d12h or 1w";
  if (trimmed === "") throw new CommandError(`--${option} is required: ${what}`);
  // Plain seconds, or every part with its unit.
  if (!/^\d+$/.test(trimmed) && !/^(\d+[smhdw])+$/.test(trimmed)) {
    throw new CommandError(`--${option} must be ${what}, not "${text}"`);
  }
  let seconds = 0n;
  for (const [, count, unit] of trimmed.matchAll(/(\d+)([smhdw]?)/g)) {
    seconds += BigInt(count!) * SECONDS_IN[unit || "s"]!;
  }
  if (seconds === 0n) throw new CommandError(`--${option} must be more than 0 seconds`);
  if (seconds > MAX_DURATION) {
    throw new CommandError(`--${option} must be at most a century (${MAX_DURATION} s), not ${seconds} s`);
  }
  return seconds;
}

/** A comma-separated list of whole numbers, such as pool ids or weights ("1,2,3"). */
export function parseWholeList(text: string, option: string, what: string): bigint[] {
  if (text.trim() === "") throw new CommandError(`--${option} is required: ${what}`);
  return text.split(",").map((item) => {
    const trimmed = item.trim();
    if (!/^\d+$/.test(trimmed)) throw new CommandError(`--${option} must be ${what}, not "${text}"`);
    return BigInt(trimmed);
  });
}

/** A pool id: 0 (the commons) or the id of a pool. */
export function parsePoolId(text: string, option = "pool"): bigint {
  return parseWhole(text, option, "a pool id (0 for the commons)");
}

/** Basis points, 0 to 10,000. */
export function parseBps(text: string, option: string): bigint {
  const bps = parseWhole(text, option, "basis points (100 = 1%)");
  if (bps > 10_000n) throw new CommandError(`--${option} must be at most 10000 basis points, not ${bps}`);
  return bps;
}

/** A non-zero address; `fallback` when the option was left empty. */
export function parseAddress(text: string, option: string, fallback?: string): string {
  const trimmed = text.trim();
  if (trimmed === "") {
    if (fallback !== undefined) return fallback;
    throw new CommandError(`--${option} is required: an address (0x…)`);
  }
  if (!isAddress(trimmed)) {
    // 40 hex digits in mixed case whose checksum does not match: most likely a typo.
    if (/^0x[0-9a-fA-F]{40}$/.test(trimmed)) {
      throw new CommandError(
        `--${option} ${trimmed} has a wrong checksum (its mixed case does not match): check it for a typo`,
      );
    }
    throw new CommandError(`--${option} must be an address (0x followed by 40 hex digits), not "${text}"`);
  }
  const address = getAddress(trimmed);
  if (address === ZeroAddress) throw new CommandError(`--${option} cannot be the zero address`);
  return address;
}
