import path from "node:path";
import type { NetworkConnection } from "hardhat/types/network";
import type { ContractTransactionResponse } from "ethers";
import { deployFoundation, tokens, units, type Foundation } from "../../client/foundation.js";
import { nullifierFor, signCredential } from "../../client/humans.js";
import { evidenceOf, type JobReceipt } from "../../client/receipts.js";
import { signWorkReport } from "../../client/work-reports.js";

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
  /** The commons' share of the emission that came due by the end (its share of the schedule). */
  emissionToCommons: bigint;
  /** The compute share of the emission that came due by the end. */
  emissionToCompute: bigint;
  /** Budgets of final compute epochs nobody reported, which went to the commons whole. */
  unreportedToCommons: bigint;
  backingHeld: bigint;
  backingRequired: bigint;
  /** FRSV of dividend each verified human claimed, and the FDC it minted, in the order they claimed. */
  dividendClaims: { frsv: bigint; fdc: bigint }[];
  /** The human share of the seconds with nobody registered, which went to the commons. */
  dividendForwarded: bigint;
  /** The deployed system, and the block its deployment began in, for the transparency report. */
  system: Foundation;
  deploymentBlock: number;
}

const POOLS = [
  { name: "Cancer research", uri: "ipfs://foundation/cancer-research", weight: 50n },
  { name: "Autism education", uri: "ipfs://foundation/autism-education", weight: 30n },
  { name: "Free AI for everyone", uri: "ipfs://foundation/free-ai", weight: 20n },
] as const;

const YEAR = 31_557_600;

/** The three people the demo's issuer verifies, with the ids its records know them by. */
const PEOPLE = [
  { name: "Dana", personId: "passport:NL-4471" },
  { name: "Eli", personId: "passport:KE-0925" },
  { name: "Fay", personId: "passport:BR-3310" },
] as const;

/** The demo's stand-in for the secret all issuers share (a real one lives in a config variable). */
const DEMO_ISSUERS_SECRET = "demo only: the secret every issuer shares, never this in production";

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
  // Accounts 4, 5 and 6 are local.json's attesters, 10 its issuer; the pools' recipients and the
  // verified people are others.
  const [operator, alice, bob, carol, attesterA, attesterB] = signers;
  const recipients = signers.slice(7, 7 + POOLS.length);
  const issuer = signers[10];
  const people = signers.slice(11, 11 + PEOPLE.length);
  if (!operator || !alice || !bob || !carol || !attesterA || !attesterB || !issuer || people.length < PEOPLE.length) {
    throw new Error("the chain needs at least 14 accounts for the demo");
  }
  /** Sends one transaction from each of `sends` into a single block, so they happen at the same second. */
  const inOneBlock = async (sends: (() => Promise<ContractTransactionResponse>)[]) => {
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      const sent = [];
      for (const tx of sends) sent.push(await tx());
      await networkHelpers.mine();
      return await Promise.all(sent.map(async (tx) => (await tx.wait())!));
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
  };
  const frsv = (amount: bigint): string => tokens(amount, "FRSV");
  const fdc = (amount: bigint): string => tokens(amount, "FDC");
  const send = async (tx: Promise<ContractTransactionResponse>) => {
    const receipt = await (await tx).wait();
    if (receipt === null) throw new Error("a transaction was not mined");
    return receipt;
  };

  say("== 1. Deploy ==");
  const parameterFile = path.resolve("ignition", "parameters", "local.json");
  const deploymentBlock = (await ethers.provider.getBlockNumber()) + 1;
  const system = await deployFoundation(connection, parameterFile);
  const { reserveToken, foundationCoin, poolRegistry, emission, computeRewards, humanRegistry, humanDividend } = system;
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
      `compute (ComputeRewards ${computeAddress}), ${Number(await emission.HUMAN_SHARE_BPS()) / 100}% is a dividend ` +
      `to verified humans (HumanDividend ${await humanDividend.getAddress()}), the rest the pools' commons ` +
      `(registry ${registryAddress}).`,
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
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const attestedUnits = new Map<bigint, bigint>();
  const attesters = [attesterA, attesterB].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  for (const receipts of work) {
    const poolId = receipts[0]!.poolId;
    const { evidence, units: workUnits } = evidenceOf(receipts);
    attestedUnits.set(poolId, workUnits);
    const report = { poolId, epoch: 0n, units: workUnits, evidence, version: 1n };
    const signatures = await Promise.all(attesters.map((a) => signWorkReport(a, chainId, computeAddress, report)));
    await send(
      computeRewards.connect(operator).submitWork(
        poolId,
        0n,
        workUnits,
        evidence,
        report.version,
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
  await networkHelpers.time.increaseTo(
    endOf(0n) + (await computeRewards.SUBMISSION_WINDOW()) + (await computeRewards.REVIEW_PERIOD()) + 1n,
  );
  say(
    "The submission window closes, then the review period in which the guardian could void a report: " +
      `epoch 0 is final. Its budget is ${frsv(budget0)} of new reserve.`,
  );
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
  await networkHelpers.time.increaseTo(
    endOf(1n) + (await computeRewards.SUBMISSION_WINDOW()) + (await computeRewards.REVIEW_PERIOD()) + 1n,
  );
  await send(poolRegistry.connect(carol).settle());
  const epoch1ToCommons = await computeRewards.unreportedToCommons();
  say(
    `Epoch 1 had no verified work: once final, its ${frsv(budget1)} belongs to the commons, shared by the ` +
      "weights in force at that moment; no transaction per epoch: any settlement of the commons (every curation " +
      "makes one; Carol makes one here) hands over every such epoch at once.",
  );

  say("");
  say("== 5. Money for people: verified humans ==");
  const registrations = await Promise.all(
    PEOPLE.map(async (person, i) => {
      const account = people[i]!.address;
      const credential = {
        account,
        nullifier: nullifierFor(DEMO_ISSUERS_SECRET, person.personId),
        expiresAt: BigInt(await networkHelpers.time.latest()) + 400n * 86_400n,
      };
      const signature = await signCredential(issuer, { registry: humanRegistry, chainId }, credential);
      return { person, account, credential, signature };
    }),
  );
  say(
    `An issuer (${issuer.address}) checks three people's documents and that each controls an account; for each it ` +
      "signs a credential (EIP-712): this account is the person with this nullifier until a date. The nullifier is " +
      "derived from the person's id and a secret all issuers share, so one person is one registration whoever " +
      "verifies them, and the id never goes on chain.",
  );
  // They register in one block: from the same second on, the three accrue the same dividend.
  const [registered] = await inOneBlock(
    registrations.map(
      ({ account, credential, signature }, i) =>
        () =>
          humanRegistry
            .connect(people[i]!)
            .register(account, credential.nullifier, credential.expiresAt, issuer.address, signature),
    ),
  );
  const dividendForwarded = await emission.redirectedToCommons();
  say(
    `${registrations.map((r) => r.person.name).join(", ")} register (${await humanRegistry.humanCount()} verified ` +
      `humans). The human share of every second before anyone was registered, ${frsv(dividendForwarded)}, went to ` +
      "the commons as it was emitted, shared by the pools' weights of that second.",
  );

  say("");
  say("== 6. A year passes: emission ==");
  await networkHelpers.time.increase(YEAR);
  const emittedByNow = await emission.emittedUntil(await networkHelpers.time.latest());
  say(
    `The schedule has emitted ${frsv(emittedByNow)} of new reserve so far; none of it was minted ahead of its use. ` +
      `Each destination is due its share: ${frsv(await emission.dueTo(computeAddress))} to verified compute (each ` +
      `epoch's budget waits for its pools to claim it), ${frsv(await emission.dueTo(humanDividend))} to the human ` +
      `dividend and ${frsv(await emission.dueTo(registryAddress))} to the commons. A claim mints what it pays, so it ` +
      "costs the same whenever it lands.",
  );

  say("");
  say("== 7. Each person claims the same dividend, as fully backed FDC ==");
  const claimReceipts = await inOneBlock(
    people.map((person) => () => humanDividend.connect(person).claim(person.address, true)),
  );
  // The claims settled the dividend in their block: its books at that moment.
  const dividendIncome = await humanDividend.counted();
  const dividendHeld = await humanDividend.held();
  const dividendClaims = claimReceipts.map((receipt) => {
    const minted = receipt.logs
      .map((log) => {
        try {
          return foundationCoin.interface.parseLog(log);
        } catch {
          return null;
        }
      })
      .find((parsed) => parsed?.name === "Minted")!;
    return {
      frsv: minted.args.reserveIn as bigint,
      fdc: minted.args.coinOut as bigint,
      fee: minted.args.fee as bigint,
    };
  });
  for (const [i, claim] of dividendClaims.entries()) {
    commonsFees += claim.fee;
    say(
      `${PEOPLE[i]!.name} claims ${frsv(claim.frsv)} of dividend as ${fdc(claim.fdc)}, minted against that reserve ` +
        `(the ${frsv(claim.fee)} mint fee to the commons). It can be redeemed for FRSV at any time.`,
    );
  }

  say("");
  say("== 8. Pools claim their share of the commons ==");
  await send(poolRegistry.connect(carol).settle());
  say(
    "Carol settles the commons (anyone may; every curation does): the fees that reached the coin since the last " +
      "settlement, the dividend claims' mint fees among them, are recycled into what the pools are due, shared by " +
      "the weights in force.",
  );
  const paidToPool = new Map<bigint, bigint>();
  for (const [id, p] of pool) {
    const recipient = recipients[Number(id) - 1]!;
    const before = await reserveToken.balanceOf(recipient.address);
    await send(poolRegistry.connect(alice).claim(id));
    const paid = (await reserveToken.balanceOf(recipient.address)) - before;
    paidToPool.set(id, paid);
    say(`Pool ${id} "${p.name}" claimed (Alice pressed the button): ${frsv(paid)} paid to its recipient.`);
  }
  // Each claim counted the seconds of emission since the one before; those stay claimable.
  const claimableByPool = new Map<bigint, bigint>();
  for (const id of pool.keys()) claimableByPool.set(id, await poolRegistry.claimable(id));
  const [, , emissionToCommons] = await emission.split(await emission.emittedUntil(await networkHelpers.time.latest()));
  const emissionToCompute = await emission.dueTo(computeAddress);

  say("");
  say("== 9. The books ==");
  const backingHeld = await reserveToken.balanceOf(coinAddress);
  const supply = await foundationCoin.totalSupply();
  const backingRequired = await foundationCoin.requiredBacking();
  const feesStillAtCoin = backingHeld - backingRequired;
  say(
    `Backing: the coin holds ${frsv(backingHeld)} for ${fdc(supply)} in circulation, ` +
      `which needs ${frsv(backingRequired)} (supply / ${rate}, rounded up).`,
  );
  const unreported = await computeRewards.unreportedToCommons();
  const totalWeight = await poolRegistry.totalWeight();
  const commonsIncome = commonsFees + emissionToCommons + unreported + dividendForwarded;
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
  // Not paid yet: what is available to the commons in the emission contract (what pools may claim,
  // and rounding remainders) and the fees still at the coin (the next settlement recycles them).
  const leftover = (await emission.availableTo(registryAddress)) + feesStillAtCoin - claimableTotal;
  const income = commonsIncome + [...directedToPool.values()].reduce((a, b) => a + b, 0n);
  say(
    `Every fee and every unit of the commons' new reserve: ${frsv(income)} in, ${frsv(paidTotal)} paid to pools, ` +
      `${frsv(claimableTotal)} claimable, ${leftover} base unit${leftover === 1n ? "" : "s"} of rounding remainder held for the next distribution.`,
  );
  const claimedByWork = [...computeToPool.values()].reduce((a, b) => a + b, 0n);
  const heldForEpochs = emissionToCompute - claimedByWork - unreported;
  say(
    `Verified compute: ${frsv(emissionToCompute)} of new reserve, ${frsv(claimedByWork)} paid for attested work, ` +
      `${frsv(unreported)} of epochs nobody reported to the commons, ${frsv(heldForEpochs)} still due to the ` +
      "epochs not yet final, claimed or swept.",
  );
  const dividendPaid = dividendClaims.reduce((sum, claim) => sum + claim.frsv, 0n);
  say(
    `Human dividend, when the three claimed: ${frsv(dividendIncome)} of new reserve shared while people were ` +
      `registered (and ${frsv(dividendForwarded)} to the commons before anyone was), ${frsv(dividendPaid)} claimed ` +
      `by ${dividendClaims.length} people as FDC, ${dividendHeld} base unit${dividendHeld === 1n ? "" : "s"} held ` +
      "for the next division.",
  );
  checks.push({
    what: "each verified human was paid the same dividend, to the base unit",
    ok: dividendClaims.every((claim) => claim.frsv === dividendClaims[0]!.frsv) && dividendPaid > 0n,
  });
  checks.push({
    what: "dividend income = claimed + held, to the wei",
    ok: dividendIncome === dividendPaid + dividendHeld,
  });
  // Independently of the dividend's books: the human share of what the schedule emitted between
  // the registrations and the claims, from emission's closed form.
  const timeOf = async (blockNumber: number) => BigInt((await ethers.provider.getBlock(blockNumber))!.timestamp);
  const humansAt = async (blockNumber: number) =>
    (await emission.split(await emission.emittedUntil(await timeOf(blockNumber))))[1];
  const scheduleShare = (await humansAt(claimReceipts[0]!.blockNumber)) - (await humansAt(registered!.blockNumber));
  checks.push({
    what: "the three were paid the human share the schedule emitted while they were registered, to the wei",
    ok: scheduleShare === dividendPaid + dividendHeld,
  });
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
    what: "epoch 1, which nobody reported, went to the commons whole (and so did every later epoch nobody reported)",
    ok: epoch1ToCommons === budget1 && unreported >= budget1,
  });
  checks.push({
    what: "FRSV supply ≤ genesis + what the schedule emitted by now (new reserve minted, less the fees burnt to recycle)",
    ok:
      (await emission.minted()) - (await emission.recycled()) <=
      (await emission.emittedUntil(await networkHelpers.time.latest())),
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
    unreportedToCommons: unreported,
    backingHeld,
    backingRequired,
    dividendClaims: dividendClaims.map(({ frsv: paid, fdc: minted }) => ({ frsv: paid, fdc: minted })),
    dividendForwarded,
    system,
    deploymentBlock,
  };
}
