import { formatUnits } from "ethers";

/** Base units as whole tokens with every digit and thousands separators: "1,234.5". */
export function exact(amount: bigint): string {
  const [whole, fraction] = formatUnits(amount, 18).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === "0" ? grouped : `${grouped}.${fraction}`;
}

/** Base units as whole tokens rounded to two decimals, for reading at a glance: "1,234.57". */
export function rounded(amount: bigint): string {
  const cents = (amount + 5n * 10n ** 15n) / 10n ** 16n;
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${whole}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** A number for a chart's axis only (tables and checks keep the exact bigint). */
export const chartValue = (amount: bigint): number => Number(formatUnits(amount, 18));

export const isoDate = (timestamp: number) => new Date(timestamp * 1000).toISOString();
