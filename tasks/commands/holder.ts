import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import {
  checkFeeDestination,
  checkRecipient,
  confirm,
  fdc,
  fdcJson,
  frsv,
  frsvJson,
  poolLabel,
} from "../../client/describe.js";
import { signPermit } from "../../client/permit.js";
import { workOwed, type WorkOwed } from "../../client/work-reports.js";
import { amountJson, currentOutput, readableAmount, type JsonValue } from "../../client/output.js";
import { CommandError } from "../../client/errors.js";
import { parseAddress, parseAmount, parseBps, parsePoolId } from "../../client/input.js";

/** How long the permit a mint signs stays usable: long enough to be mined, short enough to be dead after. */
const PERMIT_LIFETIME_SECONDS = 20n * 60n;

/**
 * One mint: plain when the allowance covers the deposit; otherwise through a permit the holder
 * signs for exactly this deposit (one transaction instead of approve + mint), valid for a few
 * minutes from now. "Now" is the later of the wall clock and the latest block: an idle local node
 * stamps its next block with the current time, however old its latest block is.
 */
async function mintOnce(ctx: Context, amount: bigint, to: string, poolId: bigint, coinOut: bigint) {
  const { foundationCoin: coin, reserveToken: reserve } = ctx.system;
  const coinAddress = await coin.getAddress();
  const allowance = await reserve.allowance(ctx.account, coinAddress);
  if (allowance >= amount) return confirm(coin.mint(amount, to, poolId, coinOut));
  const latest = BigInt((await ctx.signer.provider!.getBlock("latest"))!.timestamp);
  const clock = BigInt(Math.floor(Date.now() / 1000));
  const deadline = (latest > clock ? latest : clock) + PERMIT_LIFETIME_SECONDS;
  const { v, r, s } = await signPermit(ctx.signer, reserve, coinAddress, amount, deadline);
  return confirm(coin.mintWithPermit(amount, to, poolId, coinOut, deadline, v, r, s));
}

/** What a permit race moves: the holder's permit nonce and allowance to the coin. */
async function permitState(ctx: Context): Promise<{ nonce: bigint; allowance: bigint }> {
  const { foundationCoin: coin, reserveToken: reserve } = ctx.system;
  return {
    nonce: await reserve.nonces(ctx.account),
    allowance: await reserve.allowance(ctx.account, await coin.getAddress()),
  };
}

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

/** Deposits FRSV and mints FDC, in one transaction: through a signed permit when the allowance is short. */
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

  // The preview is the minimum: a fee change landing first makes the mint revert, never cost more.
  const before = await permitState(ctx);
  const receipt = await mintOnce(ctx, amount, to, poolId, coinOut).catch(async (error: unknown) => {
    // Another of the holder's permits used the nonce first (a concurrent mint, or an older permit
    // whose mint failed, submitted by anyone): the nonce, or the allowance, moved. Once more, with
    // what the chain says now; any other failure stands.
    const after = await permitState(ctx);
    const raced = after.nonce !== before.nonce || (after.allowance !== before.allowance && after.allowance >= amount);
    if (!raced) throw error;
    return mintOnce(ctx, amount, to, poolId, coinOut);
  });
  ctx.say(`Minted ${fdc(coinOut)} to ${to} for ${frsv(amount)} (transaction ${receipt.hash}).`);
  ctx.say(`Fee: ${frsv(fee)} to ${await poolLabel(ctx.system, poolId)}.`);
  ctx.put("deposited", frsvJson(amount));
  ctx.put("minted", fdcJson(coinOut));
  ctx.put("fee", frsvJson(fee));
  ctx.put("feePool", poolId.toString());
  ctx.put("to", to);
}

/** Burns FDC and pays out FRSV. Never blocked by a pause. */
export async function redeem(ctx: Context, args: RedeemArgs): Promise<void> {
  const { foundationCoin: coin } = ctx.system;
  const amount = await amountOrAll(args.amount, "FDC", () => coin.balanceOf(ctx.account));
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
  ctx.put("redeemed", fdcJson(amount));
  ctx.put("paid", frsvJson(reserveOut));
  ctx.put("fee", frsvJson(fee));
  ctx.put("feePool", feeTo.toString());
  ctx.put("to", to);
}

/** `--amount all`: everything the account holds of the token (refused when that is nothing); else whole tokens. */
async function amountOrAll(text: string, symbol: string, held: () => Promise<bigint>): Promise<bigint> {
  if (text.trim().toLowerCase() !== "all") return parseAmount(text, symbol);
  const all = await held();
  if (all === 0n) throw new CommandError(`--amount all: the account holds no ${symbol}`);
  return all;
}

export interface SendArgs {
  to: string;
  amount: string;
  token: string;
}

/**
 * Sends FRSV or FDC to a holder. Refuses, before sending, a Foundation contract as the recipient
 * (FRSV sent to the coin or the emission could never be got back), an unknown token and a balance
 * that does not cover the amount.
 */
export async function send(ctx: Context, args: SendArgs): Promise<void> {
  const symbol = args.token.trim().toUpperCase();
  if (symbol === "") throw new CommandError("--token is required: FRSV (the reserve) or FDC (the coin)");
  if (symbol !== "FRSV" && symbol !== "FDC") {
    throw new CommandError(`--token must be FRSV (the reserve) or FDC (the coin), not "${args.token}"`);
  }
  const to = parseAddress(args.to, "to");
  const { reserveToken, foundationCoin } = ctx.system;
  const amount = await amountOrAll(args.amount, symbol, () =>
    (symbol === "FRSV" ? reserveToken : foundationCoin).balanceOf(ctx.account),
  );
  if (await foundationCoin.isSystemContract(to)) {
    throw new CommandError(`--to ${to} is a Foundation contract, not a holder: send ${symbol} to a holder's address`);
  }
  const token = symbol === "FRSV" ? reserveToken : foundationCoin;
  const show = symbol === "FRSV" ? frsv : fdc;
  const held = await token.balanceOf(ctx.account);
  if (held < amount)
    throw new CommandError(`${ctx.account} holds ${show(held)}, less than the ${show(amount)} to send`);
  const receipt = await confirm(token.transfer(to, amount));
  ctx.say(`Sent ${show(amount)} to ${to} (transaction ${receipt.hash}).`);
  ctx.say(`${ctx.account} now holds ${show(await token.balanceOf(ctx.account))}.`);
  ctx.put("sent", amountJson(amount, symbol));
  ctx.put("from", ctx.account);
  ctx.put("to", to);
}

export interface BalanceArgs {
  address: string;
}

/**
 * What an address holds and may claim: FRSV, FDC, ETH, the coin's allowance, and as a pool's
 * recipient its share of the commons and its verified work, and the dividend (anyone).
 */
export async function balance(ctx: Context, args: BalanceArgs): Promise<void> {
  const { reserveToken: reserve, foundationCoin: coin, poolRegistry: registry, humanDividend } = ctx.system;
  const address = parseAddress(args.address, "address", ctx.account);
  const rate = await coin.RATE();
  const reserveHeld = await reserve.balanceOf(address);
  const coinHeld = await coin.balanceOf(address);
  const gas = await ctx.signer.provider!.getBalance(address);
  const allowance = await reserve.allowance(address, await coin.getAddress());
  ctx.say(`${address} holds:`);
  ctx.say(`  ${frsv(reserveHeld)}`);
  ctx.say(`  ${fdc(coinHeld)} (redeemable for ${frsv(coinHeld / rate)} before the redeem fee)`);
  ctx.say(`  ${readableAmount(gas, currentOutput()?.exact)} ETH for gas`);
  ctx.say(`  allows the coin to take ${frsv(allowance)} (for minting)`);
  const claims: string[] = [];
  const poolClaims: JsonValue[] = [];
  const paid: bigint[] = [];
  for (let poolId = 1n; poolId <= (await registry.poolCount()); poolId++) {
    if ((await registry.recipientOf(poolId)) === address) paid.push(poolId);
  }
  // Both ways a pool is paid: its share of the commons, and its verified work (epoch by epoch).
  const work = paid.length === 0 ? new Map<bigint, WorkOwed>() : await workOwed(ctx.system, paid);
  for (const poolId of paid) {
    const label = await poolLabel(ctx.system, poolId);
    const claimable = await registry.claimable(poolId);
    if (claimable > 0n) claims.push(`  ${frsv(claimable)} as the recipient of ${label}`);
    const owed = work.get(poolId) ?? { amount: 0n, epochs: [] };
    if (owed.amount > 0n) {
      const epochs = `epoch${owed.epochs.length === 1 ? "" : "s"} ${owed.epochs.join(", ")}`;
      claims.push(
        `  ${frsv(owed.amount)} for ${label}'s verified work in ${epochs} ` +
          `(npx hardhat foundation:claim-work --pool ${poolId} --all)`,
      );
    }
    const { name } = await registry.pool(poolId);
    poolClaims.push({
      pool: poolId.toString(),
      name,
      claimable: frsvJson(claimable),
      work: frsvJson(owed.amount),
      workEpochs: owed.epochs.map((epoch) => epoch.toString()),
    });
  }
  const dividend = await humanDividend.claimable(address);
  if (dividend > 0n) claims.push(`  ${frsv(dividend)} of human dividend (npx hardhat foundation:claim-dividend)`);
  ctx.say(claims.length === 0 ? "Nothing to claim." : "May claim:");
  for (const line of claims) ctx.say(line);
  ctx.put("address", address);
  ctx.put("reserve", frsvJson(reserveHeld));
  ctx.put("coin", fdcJson(coinHeld));
  ctx.put("coinRedeemableFor", frsvJson(coinHeld / rate));
  ctx.put("eth", amountJson(gas, "ETH"));
  ctx.put("coinAllowance", frsvJson(allowance));
  ctx.put("pools", poolClaims);
  ctx.put("dividend", frsvJson(dividend));
}

export const balanceAction = (args: BalanceArgs & TaskArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, args, (ctx) => balance(ctx, args));
export const mintAction = (args: MintArgs & TaskArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, args, (ctx) => mint(ctx, args));
export const redeemAction = (args: RedeemArgs & TaskArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, args, (ctx) => redeem(ctx, args));
export const sendAction = (args: SendArgs & TaskArgs, hre: HardhatRuntimeEnvironment) =>
  runTask(hre, args, (ctx) => send(ctx, args));
