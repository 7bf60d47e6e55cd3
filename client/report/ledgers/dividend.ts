import { sum, type ReportContext } from "../context.js";

export interface DividendLedger {
  claimedAsCoin: bigint;
  claimedAsReserve: bigint;
  /** Every dividend claim: who, paid to whom, how much FRSV, and whether as FDC. */
  claims: { block: number; human: string; to: string; amount: bigint; asCoin: boolean }[];
}

/** The human dividend: every claim, that what is available covers every human's claim, and no FRSV kept. */
export async function dividendLedger(ctx: ReportContext): Promise<DividendLedger> {
  const { humanDividend: dividend, emission, reserveToken: reserve } = ctx.system;
  const claims = ctx.named("humanDividend", "DividendClaimed").map((e) => ({
    block: e.block,
    human: e.args[0] as string,
    to: e.args[1] as string,
    amount: e.args[2] as bigint,
    asCoin: e.args[3] === true,
  }));
  const everRegistered = new Set(ctx.named("humanRegistry", "HumanRegistered").map((e) => e.args[0] as string));
  const owed = sum(await Promise.all([...everRegistered].map((account) => dividend.claimable(account, ctx.at))));
  ctx.checks.bound(
    "dividend: available to it ≥ what every human can claim",
    { "availableTo(dividend)": await emission.availableTo(ctx.addresses.humanDividend, ctx.at) },
    "≥",
    { "Σ claimable(human)": owed },
  );
  const address = ctx.lower.humanDividend;
  ctx.checks.identity(
    "dividend: it holds no FRSV but what was sent to it by mistake (dividends are minted when claimed)",
    { "sent to it (Transfer)": ctx.into(address), "sent from it (Transfer)": -ctx.outOf(address) },
    { "balanceOf(dividend)": await reserve.balanceOf(address, ctx.at) },
  );
  return {
    claimedAsCoin: sum(claims.filter((c) => c.asCoin).map((c) => c.amount)),
    claimedAsReserve: sum(claims.filter((c) => !c.asCoin).map((c) => c.amount)),
    claims,
  };
}
