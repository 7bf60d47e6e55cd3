import path from "node:path";
import type { NetworkConnection } from "hardhat/types/network";
import type { ContractTransactionResponse } from "ethers";
import { deployFoundation, tokens, units } from "./foundation.js";

/** One check the demo makes at the end; the demo fails if any is false. */
export interface DemoCheck {
  what: string;
  ok: boolean;
}

/** What the story produced, for the demo's exit code and for tests. */
export interface DemoReport {
  checks: DemoCheck[];
  /** FRSV paid to each pool's recipient, by pool id. */
  paidToPool: Map<bigint, bigint>;
  /** FRSV each pool may still claim at the end (emission that came due after its claim). */
  claimableByPool: Map<bigint, bigint>;
  /** Fees each pool was named for, by pool id. */
  directedToPool: Map<bigint, bigint>;
  commonsFees: bigint;
  /** Emission that came due by the end: released, plus what the next settlement would release. */
  emissionReleased: bigint;
  backingHeld: bigint;
  backingRequired: bigint;
}

const POOLS = [
  { name: "Cancer research", uri: "ipfs://foundation/cancer-research", weight: 50n },
  { name: "Autism education", uri: "ipfs://foundation/autism-education", weight: 30n },
  { name: "Free AI for everyone", uri: "ipfs://foundation/free-ai", weight: 20n },
] as const;

const YEAR = 31_557_600;

/**
 * The whole Foundation story on `connection`: deployment with the local parameters, pools,
 * three holders minting, a redemption, a year of emission, claims, and a final reconciliation
 * of the backing and of every fee. `say` receives each line of narration.
 */
export async function runDemo(connection: NetworkConnection, say: (line: string) => void): Promise<DemoReport> {
  const { ethers, networkHelpers } = connection;
  const signers = await ethers.getSigners();
  const [operator, alice, bob, carol, ...recipients] = signers;
  if (!operator || !alice || !bob || !carol || recipients.length < POOLS.length) {
    throw new Error("the chain needs at least 7 accounts for the demo");
  }
  const frsv = (amount: bigint): string => tokens(amount, "FRSV");
  const fdc = (amount: bigint): string => tokens(amount, "FDC");
  const send = async (tx: Promise<ContractTransactionResponse>) => {
    const receipt = await (await tx).wait();
    if (receipt === null) throw new Error("a transaction was not mined");
    return receipt;
  };

  say("== 1. Deploy ==");
  const parameterFile = path.resolve("ignition", "parameters", "local.json");
  const { reserveToken, foundationCoin, poolRegistry, emission } = await deployFoundation(connection, parameterFile);
  const rate = await foundationCoin.RATE();
  const coinAddress = await foundationCoin.getAddress();
  const registryAddress = await poolRegistry.getAddress();
  say(
    `Reserve (FRSV) ${await reserveToken.getAddress()}: cap ${frsv(await reserveToken.cap())}, ` +
      `genesis ${frsv(await reserveToken.totalSupply())} to the first dev accounts.`,
  );
  say(
    `Foundation Coin (FDC) ${coinAddress}: 1 FRSV = ${rate} FDC, ` +
      `fees ${await foundationCoin.mintFeeBps()} bps to mint and ${await foundationCoin.redeemFeeBps()} bps to redeem.`,
  );
  say(
    `Pool registry ${registryAddress}; emission ${await emission.getAddress()} ` +
      `(${frsv((await emission.INITIAL_RATE()) * BigInt(YEAR))} in the first year, halving every four years).`,
  );

  say("");
  say("== 2. Public-good compute pools ==");
  const pool = new Map<bigint, (typeof POOLS)[number]>();
  for (const [i, p] of POOLS.entries()) {
    const recipient = recipients[i]!;
    await send(poolRegistry.connect(recipient).propose(p.name, p.uri, recipient.address));
    const id = await poolRegistry.poolCount();
    pool.set(id, p);
    say(`Pool ${id} "${p.name}" proposed by its recipient ${recipient.address}.`);
  }
  // One batch: the reserve emitted since deployment (held while no pool had weight) is shared by
  // all three weights, not handed to whichever pool happened to be approved first.
  await send(
    poolRegistry.connect(operator).curate(
      [...pool.keys()],
      [...pool.values()].map((p) => p.weight),
    ),
  );
  say(
    `The curator approves all three in one batch with weights ${[...pool.values()].map((p) => p.weight).join(":")}; ` +
      "the new reserve emitted since deployment is shared by those weights too.",
  );

  say("");
  say("== 3. Holders mint and redeem ==");
  const directedToPool = new Map<bigint, bigint>([...pool.keys()].map((id) => [id, 0n]));
  let commonsFees = 0n;
  const book = (poolId: bigint, fee: bigint): string => {
    if (poolId === 0n) {
      commonsFees += fee;
      return "the commons (shared by weight)";
    }
    directedToPool.set(poolId, directedToPool.get(poolId)! + fee);
    return `pool ${poolId} "${pool.get(poolId)!.name}"`;
  };
  const mints: [typeof alice, string, bigint, string][] = [
    [alice, "Alice", units("1000"), "names Cancer research"],
    [bob, "Bob", units("2000"), "names no pool"],
    [carol, "Carol", units("500"), "names Free AI for everyone"],
  ];
  const poolFor = [1n, 0n, 3n];
  for (const [i, [holder, name, amount, choice]] of mints.entries()) {
    const poolId = poolFor[i]!;
    const [coinOut, fee] = await foundationCoin.previewMint(amount);
    await send(reserveToken.connect(holder).approve(coinAddress, amount));
    await send(foundationCoin.connect(holder).mint(amount, holder.address, poolId, coinOut));
    say(
      `${name} deposits ${frsv(amount)} and ${choice}: receives ${fdc(coinOut)}; fee ${frsv(fee)} to ${book(poolId, fee)}.`,
    );
  }
  const redeemCoin = units("500") * rate;
  const [reserveOut, redeemFee] = await foundationCoin.previewRedeem(redeemCoin);
  await send(foundationCoin.connect(bob).redeem(redeemCoin, bob.address, 0n, reserveOut));
  say(
    `Bob redeems ${fdc(redeemCoin)}: receives ${frsv(reserveOut)}; fee ${frsv(redeemFee)} to ${book(0n, redeemFee)}.`,
  );

  say("");
  say("== 4. A year passes: emission ==");
  await networkHelpers.time.increase(YEAR);
  await send(emission.connect(carol).release());
  say(
    `Anyone may release emission; Carol does: ${frsv(await emission.released())} of new reserve so far goes to ` +
      "the pools' commons. Every claim or curation releases what came due since, so nobody has to.",
  );

  say("");
  say("== 5. Pools claim ==");
  const paidToPool = new Map<bigint, bigint>();
  for (const [id, p] of pool) {
    const recipient = recipients[Number(id) - 1]!;
    const before = await reserveToken.balanceOf(recipient.address);
    await send(poolRegistry.connect(alice).claim(id));
    const paid = (await reserveToken.balanceOf(recipient.address)) - before;
    paidToPool.set(id, paid);
    say(`Pool ${id} "${p.name}" claimed (Alice pressed the button): ${frsv(paid)} paid to its recipient.`);
  }
  // Each claim released the seconds of emission since the one before; those stay claimable.
  const claimableByPool = new Map<bigint, bigint>();
  for (const id of pool.keys()) claimableByPool.set(id, await poolRegistry.claimable(id));
  const emissionReleased = (await emission.released()) + (await emission.releasable());

  say("");
  say("== 6. The books ==");
  const backingHeld = await reserveToken.balanceOf(coinAddress);
  const supply = await foundationCoin.totalSupply();
  const backingRequired = await foundationCoin.requiredBacking();
  const feesStillAtCoin = backingHeld - backingRequired;
  say(
    `Backing: the coin holds ${frsv(backingHeld)} for ${fdc(supply)} in circulation, ` +
      `which needs ${frsv(backingRequired)} (supply / ${rate}, rounded up).`,
  );
  const totalWeight = await poolRegistry.totalWeight();
  const commonsIncome = commonsFees + emissionReleased;
  const checks: DemoCheck[] = [];
  let paidTotal = 0n;
  let claimableTotal = 0n;
  for (const [id, p] of pool) {
    const directed = directedToPool.get(id)!;
    const share = (commonsIncome * p.weight) / totalWeight;
    const expected = directed + share;
    const paid = paidToPool.get(id)!;
    const claimable = claimableByPool.get(id)!;
    paidTotal += paid;
    claimableTotal += claimable;
    say(
      `Pool ${id} "${p.name}": ${frsv(directed)} named fees + ${frsv(share)} of the commons ` +
        `(${p.weight}/${totalWeight} of ${frsv(commonsIncome)}) = ${frsv(paid)} paid + ${frsv(claimable)} still claimable.`,
    );
    // The accumulator carries sub-unit remainders forward, so each pool may be at most one
    // base unit short of its exact share, never over it.
    const owed = paid + claimable;
    checks.push({
      what: `pool ${id} was paid its exact share, to the base unit`,
      ok: owed <= expected && expected - owed <= 1n,
    });
  }
  // Still at the registry or the coin: what pools may claim, the emission the next settlement
  // releases, and rounding remainders.
  const leftover =
    (await reserveToken.balanceOf(registryAddress)) + feesStillAtCoin + (await emission.releasable()) - claimableTotal;
  const income = commonsIncome + [...directedToPool.values()].reduce((a, b) => a + b, 0n);
  say(
    `Every fee and every unit of emission: ${frsv(income)} in, ${frsv(paidTotal)} paid to pools, ` +
      `${frsv(claimableTotal)} claimable, ${leftover} base units of rounding remainder held for the next distribution.`,
  );
  checks.push({ what: "the coin holds at least ceil(FDC supply / RATE) in FRSV", ok: backingHeld >= backingRequired });
  checks.push({
    what: "income = paid + claimable + remainder, to the wei",
    ok: income === paidTotal + claimableTotal + leftover,
  });
  checks.push({ what: "the remainder is under one base unit per pool", ok: leftover <= BigInt(pool.size) });
  checks.push({
    what: "FRSV supply is within the cap",
    ok: (await reserveToken.totalSupply()) <= (await reserveToken.cap()),
  });
  let accounted = backingHeld + (await reserveToken.balanceOf(registryAddress));
  for (const signer of signers) accounted += await reserveToken.balanceOf(signer.address);
  checks.push({
    what: "every FRSV in existence is accounted for",
    ok: accounted === (await reserveToken.totalSupply()),
  });

  say("");
  for (const check of checks) say(`${check.ok ? "ok  " : "FAIL"} ${check.what}`);
  return {
    checks,
    paidToPool,
    claimableByPool,
    directedToPool,
    commonsFees,
    emissionReleased,
    backingHeld,
    backingRequired,
  };
}
