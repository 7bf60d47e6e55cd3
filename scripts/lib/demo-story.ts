import path from "node:path";
import type { NetworkConnection } from "hardhat/types/network";
import type { ContractTransactionResponse } from "ethers";
import { deployFoundation, tokens, units } from "./foundation.js";
import { evidenceOf, type JobReceipt } from "./receipts.js";

/** One check the demo makes at the end; the demo fails if any is false. */
export interface DemoCheck {
  what: string;
  ok: boolean;
}

/** What the story produced, for the demo's exit code and for tests. */
export interface DemoReport {
  checks: DemoCheck[];
  /** FRSV paid to each pool's recipient from the commons (fees and the commons' emission), by pool id. */
  paidToPool: Map<bigint, bigint>;
  /** FRSV each pool may still claim from the commons at the end. */
  claimableByPool: Map<bigint, bigint>;
  /** Fees each pool was named for, by pool id. */
  directedToPool: Map<bigint, bigint>;
  /** New reserve each pool earned for verified compute, by pool id. */
  computeToPool: Map<bigint, bigint>;
  commonsFees: bigint;
  /** The commons' share of the emission that came due by the end, released or not. */
  emissionToCommons: bigint;
  /** The compute share of the emission that came due by the end, released or not. */
  emissionToCompute: bigint;
  /** Unclaimed epoch budgets swept from ComputeRewards to the commons. */
  sweptToCommons: bigint;
  backingHeld: bigint;
  backingRequired: bigint;
}

const POOLS = [
  { name: "Cancer research", uri: "ipfs://foundation/cancer-research", weight: 50n },
  { name: "Autism education", uri: "ipfs://foundation/autism-education", weight: 30n },
  { name: "Free AI for everyone", uri: "ipfs://foundation/free-ai", weight: 20n },
] as const;

const YEAR = 31_557_600;

/** A day of a pool's GPU jobs in an epoch: `hours` GPU-hours of `workload`. */
function jobsOf(poolId: bigint, epoch: bigint, workload: string, hours: number[]): JobReceipt[] {
  return hours.map((h, i) => ({
    jobId: `pool${poolId}-epoch${epoch}-job${i + 1}`,
    poolId,
    epoch,
    workload,
    gpuSeconds: BigInt(h * 3_600),
    outputHash: `0x${(BigInt(i + 1) * 0x1234567n + poolId).toString(16).padStart(64, "0")}`,
  }));
}

function gpuHours(receipts: JobReceipt[]): bigint {
  return receipts.reduce((sum, r) => sum + r.gpuSeconds, 0n) / 3_600n;
}

/**
 * The whole Foundation story on `connection`: deployment with the local parameters, pools,
 * holders minting and redeeming, GPUs doing public-good work that attesters verify and that
 * earns new reserve, a year of emission, claims, and a final reconciliation of the backing, of
 * every fee and of every unit of new reserve. `say` receives each line of narration.
 */
export async function runDemo(connection: NetworkConnection, say: (line: string) => void): Promise<DemoReport> {
  const { ethers, networkHelpers } = connection;
  const signers = await ethers.getSigners();
  // Accounts 4, 5 and 6 are local.json's attesters; the pools' recipients are others.
  const [operator, alice, bob, carol, attesterA, attesterB] = signers;
  const recipients = signers.slice(7, 7 + POOLS.length);
  if (!operator || !alice || !bob || !carol || !attesterA || !attesterB || recipients.length < POOLS.length) {
    throw new Error("the chain needs at least 10 accounts for the demo");
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
  const system = await deployFoundation(connection, parameterFile);
  const { reserveToken, foundationCoin, poolRegistry, emission, computeRewards } = system;
  const rate = await foundationCoin.RATE();
  const coinAddress = await foundationCoin.getAddress();
  const registryAddress = await poolRegistry.getAddress();
  const computeAddress = await computeRewards.getAddress();
  const computeBps = await emission.COMPUTE_SHARE_BPS();
  say(
    `Reserve (FRSV) ${await reserveToken.getAddress()}: cap ${frsv(await reserveToken.cap())}, ` +
      `genesis ${frsv(await reserveToken.totalSupply())} to the first dev accounts.`,
  );
  say(
    `Foundation Coin (FDC) ${coinAddress}: 1 FRSV = ${rate} FDC, ` +
      `fees ${await foundationCoin.mintFeeBps()} bps to mint and ${await foundationCoin.redeemFeeBps()} bps to redeem.`,
  );
  say(
    `Emission ${await emission.getAddress()}: ${frsv((await emission.INITIAL_RATE()) * BigInt(YEAR))} of new reserve ` +
      `in the first year, halving every four years; ${Number(computeBps) / 100}% of it pays verified public-good ` +
      `compute (ComputeRewards ${computeAddress}), the rest the pools' commons (registry ${registryAddress}).`,
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
      "the commons' share of the reserve emitted since deployment is shared by those weights too.",
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
  say("== 4. Mining by useful work ==");
  const epochLength = await computeRewards.EPOCH_LENGTH();
  const start = await computeRewards.START();
  const endOf = (epoch: bigint) => start + (epoch + 1n) * epochLength;
  const work = [
    jobsOf(1n, 0n, "protein folding, tumour suppressor batch", [8, 8, 6]),
    jobsOf(3n, 0n, "free open-model inference", [4, 4, 4, 4, 2]),
  ];
  say(
    `Epoch 0 runs for ${epochLength / 3_600n} hour: pool 1's GPUs fold proteins in ${work[0]!.length} jobs ` +
      `(${gpuHours(work[0]!)} GPU-hours), pool 3's serve free AI in ${work[1]!.length} (${gpuHours(work[1]!)} GPU-hours). Each job leaves a receipt (job, pool, epoch, workload, ` +
      "GPU-seconds, output hash).",
  );
  await networkHelpers.time.increaseTo(endOf(0n));
  say("Epoch 0 ends.");
  const domain = {
    name: "Foundation ComputeRewards",
    version: "1",
    chainId: (await ethers.provider.getNetwork()).chainId,
    verifyingContract: computeAddress,
  };
  const types = {
    WorkReport: [
      { name: "poolId", type: "uint256" },
      { name: "epoch", type: "uint256" },
      { name: "units", type: "uint256" },
      { name: "evidence", type: "bytes32" },
    ],
  };
  const attestedUnits = new Map<bigint, bigint>();
  const attesters = [attesterA, attesterB].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  for (const receipts of work) {
    const poolId = receipts[0]!.poolId;
    const { evidence, units: workUnits } = evidenceOf(receipts);
    attestedUnits.set(poolId, workUnits);
    const value = { poolId, epoch: 0n, units: workUnits, evidence };
    const signatures = await Promise.all(attesters.map((a) => a.signTypedData(domain, types, value)));
    await send(
      computeRewards.connect(operator).submitWork(
        poolId,
        0n,
        workUnits,
        evidence,
        attesters.map((a) => a.address),
        signatures,
      ),
    );
    say(
      `Two of the three attesters check pool ${poolId}'s receipts, recompute their Merkle root ` +
        `${evidence.slice(0, 10)}… and ${workUnits} GPU-seconds, and sign; anyone submits the report.`,
    );
  }
  const budget0 = await computeRewards.epochBudget(0n);
  await networkHelpers.time.increaseTo(endOf(0n) + (await computeRewards.SUBMISSION_WINDOW()) + 1n);
  say(`The submission window closes: epoch 0 is final. Its budget is ${frsv(budget0)} of new reserve.`);
  const computeToPool = new Map<bigint, bigint>([...pool.keys()].map((id) => [id, 0n]));
  for (const poolId of [1n, 3n]) {
    const recipient = recipients[Number(poolId) - 1]!;
    const before = await reserveToken.balanceOf(recipient.address);
    await send(computeRewards.connect(alice).claim(poolId, [0n]));
    const paid = (await reserveToken.balanceOf(recipient.address)) - before;
    computeToPool.set(poolId, paid);
    say(
      `Pool ${poolId} "${pool.get(poolId)!.name}" claims its share, in proportion to the units attested: ${frsv(paid)}.`,
    );
  }
  const budget1 = await computeRewards.epochBudget(1n);
  await networkHelpers.time.increaseTo(endOf(1n) + (await computeRewards.SUBMISSION_WINDOW()) + 1n);
  await send(computeRewards.connect(carol).sweep(1n));
  say(
    `Epoch 1 had no verified work: once final, Carol sweeps its ${frsv(budget1)} to the commons, where every ` +
      "active pool shares it by weight.",
  );

  say("");
  say("== 5. A year passes: emission ==");
  await networkHelpers.time.increase(YEAR);
  await send(emission.connect(carol).release());
  say(
    `Anyone may release emission; Carol does: ${frsv(await emission.released())} of new reserve so far, ` +
      `${frsv(await emission.releasedTo(computeAddress))} of it for verified compute (each epoch's budget waits ` +
      `for its pools to claim it, or is swept to the commons) and ${frsv(await emission.releasedTo(registryAddress))} ` +
      "for the commons. Every claim or curation releases what came due since, so nobody has to.",
  );

  say("");
  say("== 6. Pools claim their share of the commons ==");
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
  const emissionToCommons =
    (await emission.releasedTo(registryAddress)) + (await emission.releasableTo(registryAddress));
  const emissionToCompute = (await emission.releasedTo(computeAddress)) + (await emission.releasableTo(computeAddress));

  say("");
  say("== 7. The books ==");
  const backingHeld = await reserveToken.balanceOf(coinAddress);
  const supply = await foundationCoin.totalSupply();
  const backingRequired = await foundationCoin.requiredBacking();
  const feesStillAtCoin = backingHeld - backingRequired;
  say(
    `Backing: the coin holds ${frsv(backingHeld)} for ${fdc(supply)} in circulation, ` +
      `which needs ${frsv(backingRequired)} (supply / ${rate}, rounded up).`,
  );
  const swept = await computeRewards.sweptIn(1n);
  const totalWeight = await poolRegistry.totalWeight();
  const commonsIncome = commonsFees + emissionToCommons + swept;
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
        `(${p.weight}/${totalWeight} of ${frsv(commonsIncome)}) = ${frsv(paid)} paid + ${frsv(claimable)} still claimable; ` +
        `and ${frsv(computeToPool.get(id)!)} for verified compute.`,
    );
    // The accumulator carries sub-unit remainders forward, so each pool may be at most one
    // base unit short of its exact share, never over it.
    const owed = paid + claimable;
    checks.push({
      what: `pool ${id} was paid its exact share of fees and the commons, to the base unit`,
      ok: owed <= expected && expected - owed <= 1n,
    });
  }
  // Still at the registry or the coin: what pools may claim, the commons' emission the next
  // settlement releases, and rounding remainders.
  const leftover =
    (await reserveToken.balanceOf(registryAddress)) +
    feesStillAtCoin +
    (await emission.releasableTo(registryAddress)) -
    claimableTotal;
  const income = commonsIncome + [...directedToPool.values()].reduce((a, b) => a + b, 0n);
  say(
    `Every fee and every unit of the commons' new reserve: ${frsv(income)} in, ${frsv(paidTotal)} paid to pools, ` +
      `${frsv(claimableTotal)} claimable, ${leftover} base unit${leftover === 1n ? "" : "s"} of rounding remainder held for the next distribution.`,
  );
  const claimedByWork = [...computeToPool.values()].reduce((a, b) => a + b, 0n);
  const heldForEpochs = emissionToCompute - claimedByWork - swept;
  say(
    `Verified compute: ${frsv(emissionToCompute)} of new reserve, ${frsv(claimedByWork)} paid for attested work, ` +
      `${frsv(swept)} swept to the commons, ${frsv(heldForEpochs)} held for the epochs not yet claimed or swept.`,
  );
  checks.push({ what: "the coin holds at least ceil(FDC supply / RATE) in FRSV", ok: backingHeld >= backingRequired });
  checks.push({
    what: "income = paid + claimable + remainder, to the wei",
    ok: income === paidTotal + claimableTotal + leftover,
  });
  checks.push({ what: "the remainder is under one base unit per pool", ok: leftover <= BigInt(pool.size) });
  checks.push({
    what: "epoch 0's budget went to its workers by their units (a unit of rounding at most)",
    ok:
      budget0 - claimedByWork <= 1n &&
      [...attestedUnits].every(([poolId, poolUnits]) => {
        const exact = (budget0 * poolUnits) / [...attestedUnits.values()].reduce((a, b) => a + b, 0n);
        const paid = computeToPool.get(poolId)!;
        return paid <= exact && exact - paid <= 1n;
      }),
  });
  checks.push({
    what: "ComputeRewards holds exactly what the epochs still owe",
    ok:
      (await reserveToken.balanceOf(computeAddress)) ===
      (await emission.releasedTo(computeAddress)) - (await computeRewards.paidOut()),
  });
  checks.push({
    what: "FRSV supply is within the cap",
    ok: (await reserveToken.totalSupply()) <= (await reserveToken.cap()),
  });
  let accounted =
    backingHeld +
    (await reserveToken.balanceOf(registryAddress)) +
    (await reserveToken.balanceOf(computeAddress)) +
    (await reserveToken.balanceOf(system.humanDividend));
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
    computeToPool,
    commonsFees,
    emissionToCommons,
    emissionToCompute,
    sweptToCommons: swept,
    backingHeld,
    backingRequired,
  };
}
