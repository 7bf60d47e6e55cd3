import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { runTask, type Context, type FromArgs } from "../../client/context.js";
import { formatEther } from "ethers";
import { checkFeeDestination, checkRecipient, confirm, fdc, frsv, poolLabel } from "../../client/describe.js";
import { CommandError } from "../../client/errors.js";
import { parseAddress, parseAmount, parseBps, parsePoolId } from "../../client/input.js";

export interface MintArgs {
  amount: string;
  pool: string;
  to: string;
  maxFeeBps: string;
}

export type RedeemArgs = MintArgs;

function checkMaxFee(currentBps: bigint, maxFeeBps: string, kind: string): void {
  if (maxFeeBps.trim() === "") return;
  const max = parseBps(maxFeeBps, "max-fee-bps");
  if (currentBps > max) {
    throw new CommandError(`the ${kind} fee is ${currentBps} bps, above your --max-fee-bps ${max}; nothing was sent`);
  }
}

const ethers = (wei: bigint) => `${formatEther(wei)} ETH`;

/** Deposits FRSV and mints FDC; approves the coin first when the allowance is short. */
export async function mint(ctx: Context, args: MintArgs): Promise<void> {
  const { foundationCoin: coin, reserveToken: reserve } = ctx.system;
  const amount = parseAmount(args.amount, "FRSV");
  const poolId = parsePoolId(args.pool);
  const to = parseAddress(args.to, "to", ctx.account);
  if (await coin.mintingPaused()) {
    throw new CommandError("minting is paused by the guardian (redemption still works); nothing was sent");
  }
  checkMaxFee(await coin.mintFeeBps(), args.maxFeeBps, "mint");
  await checkFeeDestination(ctx.system, poolId);
  await checkRecipient(ctx.system, to);
  const balance = await reserve.balanceOf(ctx.account);
  if (balance < amount) {
    throw new CommandError(`${ctx.account} holds ${frsv(balance)}, less than the ${frsv(amount)} to deposit`);
  }
  const [coinOut, fee] = await coin.previewMint(amount);
  if (coinOut === 0n) {
    throw new CommandError(`${frsv(amount)} is too small: all of it would go to the fee; nothing was sent`);
  }

  const coinAddress = await coin.getAddress();
  if ((await reserve.allowance(ctx.account, coinAddress)) < amount) {
    await confirm(reserve.approve(coinAddress, amount));
    ctx.say(`Approved the coin contract to take ${frsv(amount)} from ${ctx.account}.`);
  }
  // The preview is the minimum: a fee change landing first makes the mint revert, never cost more.
  const receipt = await confirm(coin.mint(amount, to, poolId, coinOut));
  ctx.say(`Minted ${fdc(coinOut)} to ${to} for ${frsv(amount)} (transaction ${receipt.hash}).`);
  ctx.say(`Fee: ${frsv(fee)} to ${await poolLabel(ctx.system, poolId)}.`);
}

/** Burns FDC and pays out FRSV. Never blocked by a pause. */
export async function redeem(ctx: Context, args: RedeemArgs): Promise<void> {
  const { foundationCoin: coin } = ctx.system;
  const amount = parseAmount(args.amount, "FDC");
  const poolId = parsePoolId(args.pool);
  const to = parseAddress(args.to, "to", ctx.account);
  checkMaxFee(await coin.redeemFeeBps(), args.maxFeeBps, "redeem");
  const feeTo = await checkFeeDestination(ctx.system, poolId, true);
  await checkRecipient(ctx.system, to);
  const rate = await coin.RATE();
  if (amount < rate) {
    throw new CommandError(`${fdc(amount)} is worth less than the smallest unit of FRSV (1 FRSV = ${rate} FDC)`);
  }
  const balance = await coin.balanceOf(ctx.account);
  if (balance < amount) {
    throw new CommandError(`${ctx.account} holds ${fdc(balance)}, less than the ${fdc(amount)} to redeem`);
  }
  const [reserveOut, fee] = await coin.previewRedeem(amount);
  if (reserveOut === 0n) {
    throw new CommandError(`${fdc(amount)} is too small: after the fee nothing would be paid; nothing was sent`);
  }
  const receipt = await confirm(coin.redeem(amount, to, poolId, reserveOut));
  ctx.say(`Redeemed ${fdc(amount)}: ${frsv(reserveOut)} sent to ${to} (transaction ${receipt.hash}).`);
  const retired = feeTo !== poolId ? ` (${await poolLabel(ctx.system, poolId)} is retired)` : "";
  ctx.say(`Fee: ${frsv(fee)} to ${await poolLabel(ctx.system, feeTo)}${retired}.`);
}

export interface BalanceArgs {
  address: string;
}

/** What an address holds and may claim: FRSV, FDC, ETH, the coin's allowance, pools, dividend (anyone). */
export async function balance(ctx: Context, args: BalanceArgs): Promise<void> {
  const { reserveToken: reserve, foundationCoin: coin, poolRegistry: registry, humanDividend } = ctx.system;
  const address = parseAddress(args.address, "address", ctx.account);
  const rate = await coin.RATE();
  const held = await coin.balanceOf(address);
  ctx.say(`${address} holds:`);
  ctx.say(`  ${frsv(await reserve.balanceOf(address))}`);
  ctx.say(`  ${fdc(held)} (redeemable for ${frsv(held / rate)} before the redeem fee)`);
  ctx.say(`  ${ethers(await ctx.signer.provider!.getBalance(address))} for gas`);
  ctx.say(`  allows the coin to take ${frsv(await reserve.allowance(address, await coin.getAddress()))} (for minting)`);
  const claims: string[] = [];
  for (let poolId = 1n; poolId <= (await registry.poolCount()); poolId++) {
    if ((await registry.recipientOf(poolId)) !== address) continue;
    claims.push(
      `  ${frsv(await registry.claimable(poolId))} as the recipient of ${await poolLabel(ctx.system, poolId)}`,
    );
  }
  const dividend = await humanDividend.claimable(address);
  if (dividend > 0n) claims.push(`  ${frsv(dividend)} of human dividend (npx hardhat foundation:claim-dividend)`);
  ctx.say(claims.length === 0 ? "Nothing to claim." : "May claim:");
  for (const line of claims) ctx.say(line);
}

export const balanceAction = (args: BalanceArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, (ctx) => balance(ctx, args));
export const mintAction = (args: MintArgs & FromArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, (ctx) => mint(ctx, args), args.from);
export const redeemAction = (args: RedeemArgs & FromArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, (ctx) => redeem(ctx, args), args.from);
