/**
 * A realistic load on a deployment, for the transparency report at scale: holders minting and
 * redeeming (amounts that round included, fees named for pools or the commons), FRSV sent to the
 * coin, pools' claims and settlements, verified compute reported, voided, claimed and swept,
 * verified humans and their dividends, and time moving across halvings. Deterministic for a seed.
 */
import { Wallet, type Provider, type Signer, type TransactionResponse } from "ethers";
import type { Foundation } from "../../client/foundation.js";
import { nullifierFor, signCredential } from "../../client/humans.js";
import { signWorkReport, sortBySigner } from "../../client/work-reports.js";
import { units } from "../../client/foundation.js";
import { seededRandom } from "./mutants.js";

export interface LoadOptions {
  /** Roughly how many transactions to send (a few more, to finish what was begun). */
  transactions: number;
  /** Pools proposed and approved in one curation. */
  pools: number;
  /** People an issuer verifies and who register. */
  humans: number;
  seed: number;
  say?: (line: string) => void;
}

/** Who does what, by index among the node's accounts (as ignition/parameters/local.json has them). */
export interface LoadAccounts {
  /** Hold the genesis and hand it out; the first is also the curator and the guardian. */
  genesis: Signer[];
  /** Attesters (a quorum of them signs each work report). */
  attesters: Signer[];
  issuer: Signer;
  /** Mint, redeem and claim. */
  holders: Signer[];
}

/** Builds the load; returns how many transactions were sent. */
export async function buildLoad(
  provider: Provider & { send(method: string, params: unknown[]): Promise<unknown> },
  system: Foundation,
  accounts: LoadAccounts,
  options: LoadOptions,
): Promise<number> {
  const say = options.say ?? (() => undefined);
  const next = seededRandom(options.seed);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const { reserveToken, foundationCoin: coin, poolRegistry: registry, computeRewards: rewards } = system;
  const { humanRegistry, humanDividend } = system;
  const chainId = (await provider.getNetwork()).chainId;
  const coinAddress = await coin.getAddress();
  const computeAddress = await rewards.getAddress();
  let sent = 0;
  const send = async (tx: Promise<TransactionResponse>) => {
    const receipt = await (await tx).wait();
    if (receipt === null || receipt.status !== 1) throw new Error("a load transaction failed");
    sent++;
    return receipt;
  };
  // The latest block's time, asked of the node itself; time moves by an absolute next-block time
  // (a node's evm_increaseTime is relative to its wall clock, which the blocks outrun here).
  const now = async () =>
    Number(((await provider.send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp);
  const advance = async (seconds: number) => {
    await provider.send("evm_setNextBlockTimestamp", [(await now()) + seconds]);
    await provider.send("evm_mine", []);
  };
  const [curator] = accounts.genesis;

  // Everyone who acts gets FRSV; the coin's allowance is set once per holder.
  for (const [i, holder] of accounts.holders.entries()) {
    await send(
      reserveToken
        .connect(accounts.genesis[i % accounts.genesis.length]!)
        .transfer(await holder.getAddress(), units("1500")),
    );
    await send(reserveToken.connect(holder).approve(coinAddress, units("1000000")));
  }

  // Pools, approved in one curation.
  const poolIds: bigint[] = [];
  for (let i = 0; i < options.pools; i++) {
    const recipient = Wallet.createRandom().address;
    await send(
      registry.connect(curator!).propose(`Load pool ${i + 1}`, `https://example.org/pools/${i + 1}`, recipient),
    );
    poolIds.push(await registry.poolCount());
  }
  await send(
    registry.connect(curator!).curate(
      poolIds,
      poolIds.map((_, i) => BigInt(1 + (i % 5)) * 100n),
    ),
  );
  say(`${poolIds.length} pools approved`);

  // Verified humans: the holders are the people.
  const people = accounts.holders.slice(0, options.humans);
  for (const [i, person] of people.entries()) {
    const account = await person.getAddress();
    const credential = {
      account,
      nullifier: nullifierFor("load-issuers-shared-secret-0123456789abcdef", `person-${i}`),
      expiresAt: BigInt(await now()) + 400n * 86_400n,
    };
    const signature = await signCredential(accounts.issuer, { registry: humanRegistry, chainId }, credential);
    await send(
      humanRegistry
        .connect(person)
        .register(account, credential.nullifier, credential.expiresAt, await accounts.issuer.getAddress(), signature),
    );
  }
  say(`${people.length} humans registered`);

  const epochLength = Number(await rewards.EPOCH_LENGTH());
  const window = Number(await rewards.SUBMISSION_WINDOW());
  const review = Number(await rewards.REVIEW_PERIOD());
  const start = Number(await rewards.START());
  const attesters = accounts.attesters;
  const quorum = Number(await rewards.quorum());

  /** One epoch of verified compute: reports by a few pools, perhaps a void, claims once final. */
  const computeRound = async () => {
    const current = Math.floor(((await now()) - start) / epochLength);
    const end = start + (current + 1) * epochLength;
    await advance(end - (await now()) + 1);
    const reporting = [...new Set([pick(poolIds), pick(poolIds), pick(poolIds)])];
    for (const poolId of reporting) {
      const report = {
        poolId,
        epoch: BigInt(current),
        units: BigInt(between(1, 10_000)) * 3_600n,
        evidence: `0x${between(1, 2 ** 30)
          .toString(16)
          .padStart(64, "0")}`,
        version: 1n,
      };
      const signed = sortBySigner(
        await Promise.all(
          attesters.slice(0, quorum).map(async (a) => ({
            attester: await a.getAddress(),
            signature: await signWorkReport(a, chainId, computeAddress, report),
          })),
        ),
      );
      await send(
        rewards.connect(pick(accounts.holders)).submitWork(
          poolId,
          report.epoch,
          report.units,
          report.evidence,
          report.version,
          signed.map((s) => s.attester),
          signed.map((s) => s.signature),
        ),
      );
    }
    if (reporting.length > 1 && next() < 0.3)
      await send(rewards.connect(curator!).voidReport(reporting[0]!, BigInt(current)));
    await advance(window + review + 1);
    for (const poolId of reporting) {
      if ((await rewards.claimable(poolId, BigInt(current))) > 0n) {
        await send(rewards.connect(pick(accounts.holders)).claim(poolId, [BigInt(current)]));
      }
    }
  };

  let reported = 0;
  while (sent < options.transactions) {
    const holder = pick(accounts.holders);
    const roll = next();
    if (roll < 0.35) {
      // A mint naming a pool, or the commons.
      const poolId = next() < 0.5 ? 0n : pick(poolIds);
      await send(
        coin
          .connect(holder)
          .mint(units(String(between(1, 40))) + BigInt(between(0, 999)), await holder.getAddress(), poolId, 0n),
      );
    } else if (roll < 0.6) {
      // A redemption; often of an amount whose sub-unit remainder is burnt (it rounds).
      const balance = await coin.balanceOf(await holder.getAddress());
      const amount =
        next() < 0.5 ? BigInt(between(2_000, 9_999)) : balance / BigInt(between(2, 20)) + BigInt(between(1, 999));
      if (amount <= balance && amount >= 2_000n) {
        await send(
          coin.connect(holder).redeem(amount, await holder.getAddress(), next() < 0.3 ? pick(poolIds) : 0n, 0n),
        );
      }
    } else if (roll < 0.63) {
      // FRSV sent to the coin outside a mint: the commons' gift.
      await send(reserveToken.connect(holder).transfer(coinAddress, BigInt(between(1, 10 ** 9))));
    } else if (roll < 0.73) {
      await send(registry.connect(holder).claim(pick(poolIds)));
    } else if (roll < 0.76) {
      await send(registry.connect(holder).settle());
    } else if (roll < 0.84) {
      const person = pick(people);
      if ((await humanDividend.claimable(await person.getAddress())) > 0n) {
        await send(humanDividend.connect(person).claim(await person.getAddress(), next() < 0.5));
      }
    } else if (roll < 0.87) {
      await computeRound();
    } else {
      // Time moves: minutes to days, so the load spans halvings.
      await advance(between(60, 3 * 86_400));
    }
    if (sent - reported >= 200) {
      reported = sent;
      say(`${sent} transactions`);
    }
  }
  return sent;
}
