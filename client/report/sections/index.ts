import { backingSection } from "./backing.js";
import { feesSection } from "./fees.js";
import { feesByHolderSection } from "./fees-by-holder.js";
import { emissionSection } from "./emission.js";
import { splitSection } from "./split.js";
import { computeSection } from "./compute.js";
import { humansSection } from "./humans.js";
import { claimsSection } from "./claims.js";
import { poolLabels, type Section } from "./common.js";
import type { ReportData } from "../model.js";

export type { Section } from "./common.js";

/**
 * The page's sections in order, one file each: a new ledger's section is a new file here, not an
 * edit in the middle of the page.
 */
export function sections(data: ReportData): Section[] {
  const pools = poolLabels(data);
  return [
    backingSection(data, pools),
    feesSection(data, pools),
    feesByHolderSection(data, pools),
    emissionSection(data, pools),
    splitSection(data, pools),
    computeSection(data, pools),
    humansSection(data, pools),
    claimsSection(data, pools),
  ];
}
