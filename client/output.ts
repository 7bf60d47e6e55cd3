import { formatUnits } from "ethers";
import { DECIMALS } from "./foundation.js";
import { jsonSafe, terminalSafe } from "./text.js";

/** A value a command reports under --json. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The options every foundation:* task takes about how it prints. */
export interface OutputArgs {
  /** Print one JSON object on stdout instead of lines of text. */
  json?: boolean;
  /** Print every digit of amounts instead of rounding them for reading. */
  exact?: boolean;
}

/** How many decimals a rounded amount shows: enough for a fee on a small mint, short enough to read. */
export const READABLE_DECIMALS = 6;

/** Groups an integer's digits in thousands: "1234567" → "1,234,567". */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Base units as whole tokens for people: thousands separated, at most `READABLE_DECIMALS`
 * decimals, cut (never rounded up, so nobody is shown more than they have) and marked "…" where
 * digits were cut: "1,234.5", "218,333.347170…", "< 0.000001". With `exact`, every digit and no
 * separator, as --amount takes it back: "218333.347170465010492841".
 */
export function readableAmount(amount: bigint, exact = false): string {
  const plain = formatUnits(amount, DECIMALS).replace(/\.0$/, "");
  if (exact) return plain;
  const negative = amount < 0n;
  const [whole, fraction = ""] = plain.replace(/^-/, "").split(".");
  let shown = fraction;
  let cut = false;
  if (shown.length > READABLE_DECIMALS) {
    shown = shown.slice(0, READABLE_DECIMALS).replace(/0+$/, "");
    cut = true;
  }
  if (cut && whole === "0" && shown === "") return `${negative ? "> -" : "< "}0.${"0".repeat(READABLE_DECIMALS - 1)}1`;
  const text = groupThousands(whole!) + (shown === "" ? "" : `.${shown}`) + (cut ? "…" : "");
  return negative ? `-${text}` : text;
}

/** An amount under --json: base units and whole tokens, both as strings, so no digit is lost. */
export function amountJson(amount: bigint, token: string): JsonValue {
  return { token, baseUnits: amount.toString(), tokens: formatUnits(amount, DECIMALS).replace(/\.0$/, "") };
}

/**
 * Where a command's report goes. Text mode prints each line as it comes; --json collects the
 * command's fields and the transactions it sent and prints them as one object at the end, or
 * `{"error": …}` when it fails, so a script reads exactly one JSON value from stdout.
 */
export class Output {
  readonly json: boolean;
  readonly exact: boolean;
  private readonly fields: Record<string, JsonValue> = {};
  private readonly transactions: string[] = [];

  constructor(
    options: OutputArgs = {},
    private readonly print: (text: string) => void = (text) => console.log(text),
    private readonly printError: (text: string) => void = (text) => console.error(text),
    /** Where "sent 0x…, waiting…" goes: stderr, so stdout stays the report. */
    readonly announce: (text: string) => void = (text) => process.stderr.write(text),
  ) {
    this.json = options.json === true;
    this.exact = options.exact === true;
  }

  /** One line of the human report (not printed under --json). */
  say(line: string): void {
    if (!this.json) this.print(terminalSafe(line));
  }

  /** One field of the JSON report (ignored in text mode, where `say` tells the same). */
  put(key: string, value: JsonValue): void {
    this.fields[key] = value;
  }

  /** A transaction the command sent and saw mined. */
  sent(hash: string): void {
    this.transactions.push(hash);
  }

  /** The JSON report as it stands: the command's fields and the transactions it sent. */
  report(): Record<string, JsonValue> {
    return { ...this.fields, transactions: [...this.transactions] };
  }

  /** Ends a command that succeeded. */
  finish(): void {
    if (this.json) this.print(jsonSafe(JSON.stringify(this.report(), null, 2)));
  }

  /** Ends a command that failed, with its one-line reason. */
  fail(reason: string): void {
    if (this.json)
      this.print(jsonSafe(JSON.stringify({ error: reason, transactions: [...this.transactions] }, null, 2)));
    else this.printError(`Error: ${terminalSafe(reason)}`);
  }
}

/** The output of the command running now, which `confirm` tells of each transaction it sent. */
let current: Output | undefined;

/** Makes `output` the running command's (see `currentOutput`); returns the one it replaces. */
export function useOutput(output: Output | undefined): Output | undefined {
  const previous = current;
  current = output;
  return previous;
}

/** The running command's output, if a command is running. */
export function currentOutput(): Output | undefined {
  return current;
}
