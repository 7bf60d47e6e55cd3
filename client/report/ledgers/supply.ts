import type { ReportContext } from "../context.js";

/** FRSV's supply: every unit minted less every unit burnt, by the transfer events. */
export async function supplyLedger(ctx: ReportContext): Promise<{ reserveSupply: bigint; reserveCap: bigint }> {
  const { reserveToken } = ctx.system;
  const reserveSupply = await reserveToken.totalSupply(ctx.at);
  ctx.checks.identity(
    "FRSV supply: minted − burnt (Transfer events) = totalSupply()",
    { "minted (Transfer from 0)": ctx.outOf(ctx.lower.zero), "burnt (Transfer to 0)": -ctx.into(ctx.lower.zero) },
    { "totalSupply()": reserveSupply },
  );
  return { reserveSupply, reserveCap: await reserveToken.cap(ctx.at) };
}
