/**
 * The independent review of the transparency report (issue 17, helper review "R17"): each test
 * is a reproduction that failed before its fix — a false alarm on a deployment with no genesis
 * (F1), a pool name that is not UTF-8 stopping the report (F2), one pool's named fees moved to
 * another unseen (F3), a chain that flips and flips back under the read (F5) — or an attack that
 * held (T, D).
 */
import { expect } from "chai";
import { network } from "hardhat";
import { deployFoundation } from "../client/foundation.js";
import { transparencyReport } from "../client/report/index.js";

const failing = (data: Awaited<ReturnType<typeof transparencyReport>>) =>
  data.checks.filter((c) => !c.holds).map((c) => `${c.what}: ${c.rebuilt} ${c.relation} ${c.onChain}`);

describe("Report review R17", function () {
  it("F1: a deployment with no genesis (the module's default) whose first pool claims", async function () {
    const connection = await network.create();
    const { ethers, networkHelpers } = connection;
    const [, lab] = await ethers.getSigners();
    const first = (await ethers.provider.getBlockNumber()) + 1;
    const system = await deployFoundation(connection, {}); // genesisAccounts: [] by default
    await (await system.poolRegistry.propose("Lab", "ipfs://lab", lab!.address)).wait();
    await (await system.poolRegistry.curate([1n], [100n])).wait();
    await networkHelpers.time.increase(3600);
    await (await system.poolRegistry.claim(1n)).wait();
    await networkHelpers.time.increase(3600);
    await (await system.poolRegistry.claim(1n)).wait();
    const data = await transparencyReport(system, ethers.provider, { fromBlock: first });
    expect(failing(data)).to.deep.equal([]);
    await connection.provider.close();
  });
});

describe("Report review R17 (timestamps)", function () {
  it("T: time moved on the node (evm_increaseTime) but no block mined yet", async function () {
    const { runDemo } = await import("../scripts/lib/demo-story.js");
    const connection = await network.create();
    const story = await runDemo(connection, () => undefined);
    await connection.provider.request({ method: "evm_increaseTime", params: [86_400 * 30] });
    const data = await transparencyReport(story.system, connection.ethers.provider, {
      fromBlock: story.deploymentBlock,
    });
    expect(failing(data)).to.deep.equal([]);
    await connection.provider.close();
  });
});

describe("Report review R17 (pool names)", function () {
  it("F2: anyone proposes a pool whose name is not valid UTF-8", async function () {
    const connection = await network.create();
    const { ethers } = connection;
    const [holder, stranger, lab] = await ethers.getSigners();
    const first = (await ethers.provider.getBlockNumber()) + 1;
    const system = await deployFoundation(connection, {
      genesisAccounts: [holder!.address],
      genesisAmounts: [10n ** 21n],
    });
    const registry = await system.poolRegistry.getAddress();
    // propose(string,string,address): a string's ABI encoding is a bytes', so raw bytes go through.
    const selector = system.poolRegistry.interface.getFunction("propose")!.selector;
    const args = ethers.AbiCoder.defaultAbiCoder().encode(
      ["bytes", "string", "address"],
      ["0xff", "ipfs://x", lab!.address],
    );
    await (await stranger!.sendTransaction({ to: registry, data: selector + args.slice(2) })).wait();
    expect(await system.poolRegistry.poolCount()).to.equal(1n);
    const data = await transparencyReport(system, ethers.provider, { fromBlock: first });
    expect(failing(data)).to.deep.equal([]);
    await connection.provider.close();
  });
});

describe("Report review R17 (decoder fuzz)", function () {
  it("D: every event fragment, random values, hand decoder vs ethers", async function () {
    const { eventDecoder } = await import("../client/report/decode.js");
    const { Interface, hexlify, randomBytes, getAddress } = await import("ethers");
    const fs = await import("node:fs");
    const path = await import("node:path");
    const walk = (d: string): string[] =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const files = walk("artifacts").filter(
      (f) => f.endsWith(".json") && !f.endsWith(".dbg.json") && !f.includes("build-info"),
    );
    let r = 1;
    const rnd = (n: number) => (r = (r * 1103515245 + 12345) % 2 ** 31) % n;
    const value = (type: string): unknown => {
      if (type.endsWith("[]")) return Array.from({ length: rnd(4) }, () => value(type.slice(0, -2)));
      if (type === "address") return getAddress(hexlify(randomBytes(20)));
      if (type === "bool") return rnd(2) === 1;
      if (type === "string") return ["", "é€😀", "x".repeat(rnd(70))][rnd(3)];
      if (type === "bytes") return hexlify(randomBytes(rnd(70)));
      if (type.startsWith("bytes")) return hexlify(randomBytes(Number(type.slice(5))));
      if (type.startsWith("uint")) {
        const bits = Number(type.slice(4) || 256);
        return [0n, 2n ** BigInt(bits) - 1n, BigInt(rnd(1000))][rnd(3)];
      }
      if (type.startsWith("int")) {
        const bits = Number(type.slice(3) || 256);
        return [-(2n ** BigInt(bits - 1)), 2n ** BigInt(bits - 1) - 1n, -1n][rnd(3)];
      }
      throw new Error(type);
    };
    const plain = (v: unknown): unknown =>
      Array.isArray(v) ? [...v].map(plain) : ((v as { hash?: string })?.hash ?? v);
    const diffs: string[] = [];
    let n = 0;
    for (const f of files) {
      const abi = JSON.parse(fs.readFileSync(f, "utf8")).abi;
      if (!Array.isArray(abi)) continue;
      const iface = new Interface(abi);
      iface.forEachEvent((fragment) => {
        const decoder = eventDecoder(iface, fragment);
        for (let k = 0; k < 20; k++) {
          const vals = fragment.inputs.map((i) => value(i.type));
          const { data, topics } = iface.encodeEventLog(fragment, vals);
          const ours = decoder(data, topics).map(plain);
          const theirs = [...iface.decodeEventLog(fragment, data, topics)].map(plain);
          n++;
          if (
            JSON.stringify(ours, (_, v) => (typeof v === "bigint" ? `${v}n` : v)) !==
            JSON.stringify(theirs, (_, v) => (typeof v === "bigint" ? `${v}n` : v))
          )
            diffs.push(`${path.basename(f)} ${fragment.format()}: ${String(ours)} vs ${String(theirs)}`);
        }
      });
    }
    console.log(`${n} logs compared`);
    expect([...new Set(diffs)].slice(0, 10)).to.deep.equal([]);
  });
});

describe("Report review R17 (a broken chain)", function () {
  it("F3: fees named for pool 1 moved to pool 2 in the coin's storage (no event), then pool 2 claims them", async function () {
    const connection = await network.create();
    const { ethers } = connection;
    const [holder, , lab1, lab2] = await ethers.getSigners();
    const first = (await ethers.provider.getBlockNumber()) + 1;
    const system = await deployFoundation(connection, {
      genesisAccounts: [holder!.address],
      genesisAmounts: [10n ** 22n],
    });
    const coin = system.foundationCoin;
    await (await system.poolRegistry.propose("One", "ipfs://1", lab1!.address)).wait();
    await (await system.poolRegistry.propose("Two", "ipfs://2", lab2!.address)).wait();
    await (await system.poolRegistry.curate([1n, 2n], [100n, 100n])).wait();
    await (await system.reserveToken.approve(await coin.getAddress(), 10n ** 21n)).wait();
    await (await coin.mint(10n ** 21n, holder!.address, 1n, 0n)).wait(); // fee 5e18 named for pool 1
    const owed1 = await coin.poolFeesOwed(1n);
    expect(owed1).to.equal(5n * 10n ** 18n);
    // Find the mapping's slot: the slot of pool 1's ledger holds owed (low 128 bits) and open (bit 128).
    const address = await coin.getAddress();
    const ledgerSlot = (id: bigint, index: bigint) =>
      ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [id, index]));
    let index: bigint | undefined;
    for (let i = 0n; i < 64n && index === undefined; i++) {
      if (BigInt(await ethers.provider.getStorage(address, ledgerSlot(1n, i))) === (1n << 128n) + owed1) index = i;
    }
    expect(index !== undefined, "the pool ledgers slot").to.equal(true);
    const set = (id: bigint, owed: bigint) =>
      connection.provider.request({
        method: "hardhat_setStorageAt",
        params: [address, ledgerSlot(id, index!), ethers.toBeHex((1n << 128n) + owed, 32)],
      });
    await set(1n, 0n);
    await set(2n, owed1);
    await connection.provider.request({ method: "hardhat_mine", params: [] });
    expect(await coin.poolFeesOwed(2n)).to.equal(owed1);
    await (await system.poolRegistry.claim(2n)).wait(); // pool 2 is paid pool 1's fees
    const data = await transparencyReport(system, ethers.provider, { fromBlock: first });
    // Fees named for pool 1 were paid to pool 2: some check should say so.
    expect(failing(data), "the checks that fail").not.to.deep.equal([]);
    await connection.provider.close();
  });
});

describe("Report review R17 (a chain that flips and flips back under the read)", function () {
  it("F5: block N is replaced while the views are read, then mined again as it was: a mixed report", async function () {
    const connection = await network.create();
    const { ethers } = connection;
    const provider = connection.provider;
    const request = provider.request.bind(provider);
    const rq = (method: string, params: unknown[] = []) => request({ method, params });
    const [holder, other] = await ethers.getSigners();
    const first = (await ethers.provider.getBlockNumber()) + 1;
    const system = await deployFoundation(connection, {
      genesisAccounts: [holder!.address],
      genesisAmounts: [10n ** 22n],
    });
    const coin = await system.foundationCoin.getAddress();
    const token = await system.reserveToken.getAddress();
    await (await system.reserveToken.approve(coin, 10n ** 21n)).wait();
    await (await system.foundationCoin.mint(10n ** 20n, holder!.address, 0n, 0n)).wait();
    await rq("evm_setAutomine", [false]);
    const t = (await ethers.provider.getBlock("latest"))!.timestamp + 10;
    const send = async (to: string, data: string) => {
      await rq("eth_sendTransaction", [
        {
          from: holder!.address,
          to,
          data,
          gas: "0x30000",
          maxFeePerGas: "0x2540be400",
          maxPriorityFeePerGas: "0x3b9aca00",
        },
      ]);
      await rq("evm_setNextBlockTimestamp", [t]);
      await rq("evm_mine");
    };
    // Block N on chain A: FRSV sent to `other` (a system event, so its timestamp comes with its log).
    const mineA = () => send(token, system.reserveToken.interface.encodeFunctionData("transfer", [other!.address, 1n]));
    // Block N on chain B: a mint of FDC instead.
    const mineB = () =>
      send(coin, system.foundationCoin.interface.encodeFunctionData("mint", [10n ** 20n, holder!.address, 0n, 0n]));
    let snapshot = await rq("evm_snapshot");
    await mineA();
    const blockA = (await ethers.provider.getBlock("latest"))!;

    let phase: "A" | "B" | "back" = "A";
    provider.request = (async (args: { method: string; params?: unknown[] }) => {
      if (phase === "A" && args.method === "eth_call") {
        // The node goes over to another branch while the views are read…
        phase = "B";
        await rq("evm_revert", [snapshot]);
        snapshot = await rq("evm_snapshot");
        await mineB();
      } else if (phase === "B" && args.method === "eth_getBlockByNumber") {
        // …and back to the first one (block N mined again, the same hash) before the hash is compared.
        phase = "back";
        await rq("evm_revert", [snapshot]);
        await mineA();
      }
      return request(args);
    }) as typeof provider.request;

    const data = await transparencyReport(system, ethers.provider, { fromBlock: first });
    provider.request = request as typeof provider.request;
    expect((await ethers.provider.getBlock("latest"))!.hash).to.equal(blockA.hash);
    expect(data.toBlockHash).to.equal(blockA.hash);
    // Chain A's block N has no mint: a report of chain A has every check holding and A's supply.
    const onA = await system.foundationCoin.totalSupply();
    const broken = data.checks.filter((c) => !c.holds).map((c) => `${c.what}: ${c.rebuilt} ${c.relation} ${c.onChain}`);
    expect({ coinSupply: data.headline.coinSupply, broken }).to.deep.equal({ coinSupply: onA, broken: [] });
    await provider.close();
  });
});
