import type { ReportData } from "../model.js";
import { exact } from "../format.js";
import { capRows } from "../shape.js";
import { type PoolLabels, type Section } from "./common.js";

/** The "fees-by-holder" section of the page. */
export function feesByHolderSection(data: ReportData, { label }: PoolLabels): Section {
  const byHolder = capRows(
    [...data.fees.byPayer]
      .sort((a, b) => (a.fees === b.fees ? 0 : a.fees > b.fees ? -1 : 1))
      .map((r) => [
        r.payer,
        r.poolId === 0 ? "the commons (shared by weight)" : label(r.poolId),
        String(r.transactions),
        exact(r.fees),
      ]),
    "holders and pools, most fees first",
    "fees-by-holder.csv",
  );
  return {
    id: "fees-by-holder",
    tableOnly: true,
    title: "Where did my fee go?",
    caption:
      "Every holder's fees, by where they went: the pool the holder named, or the commons, which the active pools share by weight.",
    spec: undefined,
    table: { head: ["holder", "fee went to", "transactions", "fees (FRSV)"], ...byHolder },
  };
}
