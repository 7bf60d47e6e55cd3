import { Interface, toUtf8String, Utf8ErrorFuncs, ZeroAddress, type Provider } from "ethers";
import type { Foundation } from "../foundation.js";
import type { BlockBook, RawLog } from "./cache.js";
import { Checks } from "./checks.js";
import { eventDecoder, type EventArgs, type EventDecoder } from "./decode.js";
import type { Schedule } from "./schedule.js";

/** A decoded event of the system, with where it happened. */
export interface SystemEvent {
  contract: keyof Foundation;
  name: string;
  args: EventArgs;
  block: number;
}

/** An FRSV transfer (mints from, and burns to, the zero address included), addresses lower-case. */
export interface Transfer {
  from: string;
  to: string;
  value: bigint;
  block: number;
}

export interface PoolRow {
  id: number;
  name: string;
  status: string;
  weight: bigint;
}

const STATUS = ["unknown", "proposed", "active", "retired"];

/**
 * `PoolRegistry.pool` with its two strings read as bytes (the same encoding): a name is anyone's
 * text, and bytes that are not UTF-8 would make ethers throw and stop the report; they read as
 * U+FFFD instead. A test holds this layout to the contract's (test/Report.test.ts).
 */
export const POOL_AS_BYTES = new Interface([
  "function pool(uint256 poolId) view returns ((bytes name, bytes metadataURI, address recipient, uint256 weight, uint8 status, uint256 approvedAt, uint256 retiredAt))",
]);

/**
 * What every ledger reads: the system's decoded events up to `toBlock`, its views at `toBlock`
 * (`at`), and the one list of checks they all add to.
 */
export interface ReportContext {
  system: Foundation;
  provider: Provider;
  /**
   * Pass to every view: the report reads the contracts as they were at `toBlock`, by its hash where
   * the provider can say it (else by its number: the hash compared after the report still guards).
   */
  at: { blockTag: string | number };
  toBlock: number;
  /** `toBlock`'s timestamp. */
  timestamp: number;
  addresses: Record<keyof Foundation, string>;
  /** Lower-case addresses, as transfers carry them. */
  lower: Record<keyof Foundation | "zero", string>;
  events: SystemEvent[];
  /** The events `name` of `contract`, oldest first. */
  named(contract: keyof Foundation, name: string): SystemEvent[];
  /** A block's timestamp (read once). */
  timeOf(block: number): Promise<number>;
  transfers: Transfer[];
  /** FRSV sent to / from `address` (lower-case), by the transfer events. */
  into(address: string): bigint;
  outOf(address: string): bigint;
  /** Every pool, as the registry has it at `toBlock`. */
  pools: PoolRow[];
  /** The emission schedule's immutables: its closed form gives budgets and the curve (./schedule.ts). */
  schedule: Schedule;
  checks: Checks;
}

export const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

/** Decodes the system's logs, each event found by its topic (client/report/decode.ts). */
function decode(system: Foundation, addresses: Record<keyof Foundation, string>, logs: RawLog[]): SystemEvent[] {
  const byAddress = new Map<string, [keyof Foundation, Map<string, [string, EventDecoder]>]>();
  for (const key of Object.keys(addresses) as (keyof Foundation)[]) {
    const iface = system[key].interface as Interface;
    const byTopic = new Map<string, [string, EventDecoder]>();
    iface.forEachEvent((fragment) => byTopic.set(fragment.topicHash, [fragment.name, eventDecoder(iface, fragment)]));
    byAddress.set(addresses[key].toLowerCase(), [key, byTopic]);
  }
  const events: SystemEvent[] = [];
  for (const log of logs) {
    const known = byAddress.get(log.address.toLowerCase());
    const event = known?.[1].get(log.topics[0] ?? "");
    if (known === undefined || event === undefined) continue;
    events.push({ contract: known[0], name: event[0], args: event[1](log.data, log.topics), block: log.blockNumber });
  }
  return events;
}

/**
 * Decodes `logs` (oldest first) and reads what every ledger shares at `toBlock`. `book` holds the
 * blocks read before (their timestamps are not asked again) and receives those read now.
 */
export async function reportContext(
  system: Foundation,
  provider: Provider,
  logs: RawLog[],
  toBlock: number,
  toBlockHash: string,
  book: BlockBook,
): Promise<ReportContext> {
  // By hash, not number (EIP-1898): a view can only answer of the chain the logs were read from,
  // or fail if that block is gone. Hardhat's provider sends a hash as `{blockHash}`; a plain
  // ethers JsonRpcProvider sends it bare, which some nodes refuse: then by number.
  const byHash = { blockTag: toBlockHash };
  const at = await system.poolRegistry.poolCount(byHash).then(
    () => byHash,
    async () => {
      // Refused because the block is gone (the chain moved: read again), or because the node
      // takes no hash here (the hash compared after the report then guards what it can).
      if ((await hashOfBlock(provider, toBlock)) !== toBlockHash) {
        throw new ChainMoved(`block ${toBlock} is no longer the block the report began with`);
      }
      return { blockTag: toBlock };
    },
  );
  const addresses = {} as Record<keyof Foundation, string>;
  const lower = { zero: ZeroAddress.toLowerCase() } as Record<keyof Foundation | "zero", string>;
  for (const key of Object.keys(system) as (keyof Foundation)[]) {
    addresses[key] = await system[key].getAddress();
    lower[key] = addresses[key].toLowerCase();
  }
  const events = decode(system, addresses, logs);
  const byName = new Map<string, SystemEvent[]>();
  for (const e of events) {
    const key = `${e.contract}.${e.name}`;
    const list = byName.get(key);
    if (list === undefined) byName.set(key, [e]);
    else list.push(e);
  }
  const named = (contract: keyof Foundation, name: string) => byName.get(`${contract}.${name}`) ?? [];

  // A block's header, read once (or kept from an earlier run); a log of that block must carry the
  // header's hash.
  const logHashes = new Map(logs.map((log) => [log.blockNumber, log.blockHash]));
  if ((logHashes.get(toBlock) ?? toBlockHash) !== toBlockHash) {
    throw new ChainMoved(`block ${toBlock}'s logs are not of the block the report began with`);
  }
  logHashes.set(toBlock, toBlockHash);
  for (const [block, hash] of logHashes) book.hashes.set(block, hash);
  for (const log of logs) if (log.timestamp !== undefined) book.times.set(log.blockNumber, log.timestamp);
  const reading = new Map<number, Promise<number>>();
  const readTime = async (block: number): Promise<number> => {
    const header = await provider.getBlock(block);
    const logged = logHashes.get(block);
    if (header === null || header.hash === null || (logged !== undefined && header.hash !== logged)) {
      throw new ChainMoved(`block ${block} is no longer the block its logs were read from`);
    }
    book.times.set(block, header.timestamp);
    book.hashes.set(block, header.hash);
    return header.timestamp;
  };
  // Ledgers run side by side: a header two of them need is read once.
  const timeOf = async (block: number): Promise<number> => {
    const t = book.times.get(block);
    if (t !== undefined) return t;
    let pending = reading.get(block);
    if (pending === undefined) {
      pending = readTime(block);
      reading.set(block, pending);
    }
    return pending;
  };

  const transfers = named("reserveToken", "Transfer").map((e) => ({
    from: (e.args[0] as string).toLowerCase(),
    to: (e.args[1] as string).toLowerCase(),
    value: e.args[2] as bigint,
    block: e.block,
  }));
  // Totals by address in one pass: each ledger asks for a few of them.
  const [received, sent] = [new Map<string, bigint>(), new Map<string, bigint>()];
  for (const t of transfers) {
    received.set(t.to, (received.get(t.to) ?? 0n) + t.value);
    sent.set(t.from, (sent.get(t.from) ?? 0n) + t.value);
  }
  const into = (address: string) => received.get(address) ?? 0n;
  const outOf = (address: string) => sent.get(address) ?? 0n;

  const { emission, computeRewards } = system;
  const [count, start, rate, period, computeShareBps, epochLength] = await Promise.all([
    system.poolRegistry.poolCount(at),
    emission.START(at),
    emission.INITIAL_RATE(at),
    emission.HALVING_PERIOD(at),
    emission.COMPUTE_SHARE_BPS(at),
    computeRewards.EPOCH_LENGTH(at),
  ]);
  const schedule: Schedule = { start, rate, period, computeShareBps, epochLength };
  const poolCount = Number(count);
  const registry = addresses.poolRegistry;
  const pools: PoolRow[] = await Promise.all(
    Array.from({ length: poolCount }, async (_, i) => {
      const answer = await provider.call({
        to: registry,
        data: POOL_AS_BYTES.encodeFunctionData("pool", [i + 1]),
        ...at,
      });
      const p = POOL_AS_BYTES.decodeFunctionResult("pool", answer)[0] as {
        name: string;
        status: bigint;
        weight: bigint;
      };
      const name = toUtf8String(p.name, Utf8ErrorFuncs.replace);
      return { id: i + 1, name, status: STATUS[Number(p.status)] ?? "unknown", weight: p.weight };
    }),
  );

  return {
    system,
    provider,
    at,
    toBlock,
    timestamp: await timeOf(toBlock),
    addresses,
    lower,
    events,
    named,
    timeOf,
    transfers,
    into,
    outOf,
    pools,
    schedule,
    checks: new Checks(),
  };
}

/**
 * What the node says now: the latest block's number, and the hash of `block` (undefined if it has
 * none). Asked with the provider's `send` where it has one, because ethers' providers answer an
 * identical request made within 250 ms with the first answer: after a reorganisation that would
 * be the hash of a block that is gone, which the report's checks of its chain must never see.
 */
export async function latestBlock(provider: Provider): Promise<number> {
  const send = sendOf(provider);
  return send === undefined ? provider.getBlockNumber() : Number(await send("eth_blockNumber", []));
}

export async function hashOfBlock(provider: Provider, block: number): Promise<string | undefined> {
  const send = sendOf(provider);
  if (send === undefined) return (await provider.getBlock(block).catch(() => null))?.hash ?? undefined;
  const header = (await send("eth_getBlockByNumber", [`0x${block.toString(16)}`, false]).catch(() => null)) as {
    hash?: string;
  } | null;
  return header?.hash ?? undefined;
}

function sendOf(provider: Provider): ((method: string, params: unknown[]) => Promise<unknown>) | undefined {
  const send = (provider as { send?: unknown }).send;
  return typeof send === "function"
    ? (method, params) => (send as (m: string, p: unknown[]) => Promise<unknown>).call(provider, method, params)
    : undefined;
}

/** The chain changed under the report while it read (a reorganisation, or a node reverted). */
export class ChainMoved extends Error {
  override name = "ChainMoved";
}
