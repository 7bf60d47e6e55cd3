import { expect } from "chai";
import { network } from "hardhat";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Filter, FilterByBlockHash, Interface, Log } from "ethers";
import { addressesOf, deployFoundation, units } from "../client/foundation.js";
import { report } from "../tasks/commands/report.js";
import { commandContext, expectRefusal } from "./helpers/tasks.js";
import { deploymentBlock, deploymentTransactions, readLogs, type LogSource } from "../client/report/logs.js";
import {
  ChainMoved,
  csvTables,
  exact,
  renderHtml,
  reportJson,
  transparencyReport,
  writeReport,
} from "../client/report/index.js";
import { downsample, MAX_POINTS, timeAxis } from "../client/report/shape.js";
import { eventDecoder } from "../client/report/decode.js";
import { POOL_AS_BYTES, reportContext } from "../client/report/context.js";
import { Checks } from "../client/report/checks.js";
import { emissionLedger } from "../client/report/ledgers/emission.js";
import { emittedUntil as emittedUntilByForm, epochBudget } from "../client/report/schedule.js";
import { syntheticReport } from "./helpers/synthetic-report.js";
import { CommandError } from "../client/errors.js";

describe("Transparency report", function () {
  describe("the event reader", function () {
    it("reads a long history through a provider with a small log-range limit, splitting and retrying", async function () {
      const connection = await network.create();
      const { ethers, networkHelpers } = connection;
      const [deployer, holder] = await ethers.getSigners();
      const first = (await ethers.provider.getBlockNumber()) + 1;
      const system = await deployFoundation(connection, {
        genesisAccounts: [holder!.address],
        genesisAmounts: [units("1000")],
      });
      const coin = system.foundationCoin.connect(holder!);
      await system.reserveToken.connect(holder!).approve(coin, units("1000"));
      // Mints spread over 600 blocks, so events fall in many ranges.
      for (let i = 0; i < 12; i++) {
        await coin.mint(units("1"), holder!.address, 0n, 0n);
        await networkHelpers.mine(50);
      }
      const latest = await ethers.provider.getBlockNumber();
      const addresses = await Promise.all(Object.values(system).map((c) => c.getAddress()));
      const all = await ethers.provider.getLogs({ address: addresses, fromBlock: first, toBlock: latest });
      expect(all.length).to.be.greaterThan(12);

      // A provider that refuses any query wider than 7 blocks, like a free RPC tier.
      let refused = 0;
      let asked = 0;
      const limited: LogSource = {
        getBlockNumber: () => ethers.provider.getBlockNumber(),
        getLogs: async (filter: Filter | FilterByBlockHash): Promise<Log[]> => {
          asked++;
          const { fromBlock, toBlock } = filter as { fromBlock: number; toBlock: number };
          if (toBlock - fromBlock + 1 > 7) {
            refused++;
            throw new Error("query returned more than 10000 results / block range too large");
          }
          return ethers.provider.getLogs(filter);
        },
      };
      const progress: number[] = [];
      const read = await readLogs(limited, addresses, first, latest, {
        maxRange: 100,
        onProgress: (done, total) => {
          expect(total).to.equal(latest - first + 1);
          progress.push(done);
        },
      });
      expect(read.map((l) => `${l.blockNumber}:${l.index}`)).to.deep.equal(
        all.map((l) => `${l.blockNumber}:${l.index}`),
      );
      expect(refused, "ranges the provider refused were split").to.be.greaterThan(0);
      expect(asked).to.be.greaterThan(refused);
      expect(progress.at(-1)).to.equal(latest - first + 1);
      expect([...progress].sort((a, b) => a - b)).to.deep.equal(progress);

      // A block the node refuses even alone is an error, not a gap.
      const broken: LogSource = {
        getBlockNumber: limited.getBlockNumber,
        getLogs: async () => {
          throw new Error("node unavailable");
        },
      };
      await expect(readLogs(broken, addresses, first, first + 3)).to.be.rejectedWith("node unavailable");
      expect(deployer).to.not.equal(undefined);
      await connection.provider.close();
    });

    it("finds the deployment block in Ignition's journal, and says when there is none", async function () {
      const root = await mkdtemp(path.join(os.tmpdir(), "foundation-journal-"));
      expect(await deploymentBlock(31337n, root)).to.equal(undefined);
      const dir = path.join(root, "ignition", "deployments", "chain-31337");
      const { mkdir, writeFile } = await import("node:fs/promises");
      await mkdir(dir, { recursive: true });
      const line = (type: string, blockNumber?: number) =>
        JSON.stringify({
          type,
          futureId: "x",
          ...(blockNumber === undefined ? {} : { hash: `0x${blockNumber}`, receipt: { blockNumber } }),
        });
      await writeFile(
        path.join(dir, "journal.jsonl"),
        [
          line("RUN_START"),
          line("TRANSACTION_CONFIRM", 12),
          line("TRANSACTION_CONFIRM", 9),
          line("TRANSACTION_CONFIRM", 30),
        ].join("\n"),
      );
      expect(await deploymentBlock(31337n, root)).to.equal(9);
      // What the deployment sent, in the journal's order (deploy --json lists those of its run).
      expect(await deploymentTransactions(31337n, root)).to.deep.equal(["0x12", "0x9", "0x30"]);
      expect(await deploymentTransactions(1n, root)).to.deep.equal([]);
    });
  });

  describe("the event decoder", function () {
    it("decodes every event of the demo's story exactly as ethers does", async function () {
      const { runDemo } = await import("../scripts/lib/demo-story.js");
      const connection = await network.create();
      const story = await runDemo(connection, () => undefined);
      const provider = connection.ethers.provider;
      const logs = await readLogs(
        provider,
        await Promise.all(Object.values(story.system).map((c: { getAddress(): Promise<string> }) => c.getAddress())),
        story.deploymentBlock,
        await provider.getBlockNumber(),
      );
      const plain = (value: unknown): unknown => (Array.isArray(value) ? [...value].map(plain) : value);
      const seen = new Set<string>();
      for (const contract of Object.values(story.system)) {
        const iface = contract.interface as Interface;
        const address = (await contract.getAddress()).toLowerCase();
        iface.forEachEvent((fragment) => {
          const decoder = eventDecoder(iface, fragment);
          for (const log of logs.filter(
            (l) => l.address.toLowerCase() === address && l.topics[0] === fragment.topicHash,
          )) {
            expect(decoder(log.data, log.topics), fragment.format()).to.deep.equal(
              plain(iface.decodeEventLog(fragment, log.data, log.topics)),
            );
            seen.add(fragment.name);
          }
        });
      }
      // The story's events cover every kind of argument: numbers, addresses, booleans, strings, arrays.
      for (const name of ["Minted", "PoolProposed", "WorkClaimed", "DividendClaimed", "HumanRegistered"]) {
        expect(seen, name).to.include(name);
      }
      await connection.provider.close();
    });
  });

  describe("pool names read as bytes", function () {
    it("reads PoolRegistry.pool with the contract's own layout, its two strings as bytes", async function () {
      const { PoolRegistry__factory } = await import("../typechain-types/index.js");
      const outputs = (iface: Interface) =>
        iface
          .getFunction("pool")!
          .outputs.map((o) => o.format("full"))
          .join();
      const contract = outputs(PoolRegistry__factory.createInterface() as unknown as Interface);
      expect(outputs(POOL_AS_BYTES)).to.equal(contract.replace(/\bstring\b/g, "bytes"));
      expect(contract).to.include("string name");
    });
  });

  describe("amounts", function () {
    it("formats 18-decimal amounts exactly, from bigint, with no floating point anywhere in a total", function () {
      expect(exact(1n)).to.equal("0.000000000000000001");
      expect(exact(123_456_789n * 10n ** 18n + 123_456_789_012_345_678n)).to.equal("123,456,789.123456789012345678");
      expect(exact(21_000_000n * 10n ** 18n)).to.equal("21,000,000");
      // 2^64 + 1 base units: a float would round the last digit away.
      expect(exact(2n ** 64n + 1n)).to.equal("18.446744073709551617");
    });
  });

  describe("a deployment with nothing happened yet", function () {
    it("builds: every check holds, each chart says nothing yet, the numbers are the views'", async function () {
      const connection = await network.create();
      const { ethers } = connection;
      const first = (await ethers.provider.getBlockNumber()) + 1;
      const system = await deployFoundation(connection, {});
      const data = await transparencyReport(system, ethers.provider, { fromBlock: first });
      for (const check of data.checks) expect(check.holds, check.what).to.equal(true);
      expect(data.headline.coinSupply).to.equal(0n);
      expect(data.headline.feesToDate).to.equal(0n);
      const html = await renderHtml(data, "test");
      for (const id of ["backing", "fees", "compute", "humans", "claims"]) {
        const section = html.slice(html.indexOf(`<section id="${id}"`));
        expect(section.slice(0, section.indexOf("</section>")), id).to.include("Nothing yet.");
      }
      expect(html).not.to.include("<script");
      expect(html).not.to.match(/(src|href)="https?:/);
      const json = JSON.parse(reportJson(data)) as { headline: Record<string, string> };
      expect(json.headline.reserveSupply).to.equal(String(await system.reserveToken.totalSupply()));
      await connection.provider.close();
    });
  });

  describe("the schedule's closed form", function () {
    it("gives emittedUntil() and epochBudget() to the wei, across hundreds of halvings, as the report reads them", async function () {
      const connection = await network.create();
      const { ethers } = connection;
      // A 7-hour halving period and 1-hour epochs: 400 samples reach past the 256th halving.
      const system = await deployFoundation(connection, {
        halvingPeriod: 25_200n,
        epochLength: 3_600n,
        submissionWindow: 1_800n,
        reviewPeriod: 1_800n,
      });
      const block = (await ethers.provider.getBlock("latest"))!;
      const ctx = await reportContext(system, ethers.provider, [], block.number, block.hash!, {
        times: new Map(),
        hashes: new Map(),
      });
      const { schedule } = ctx;
      expect(schedule.start).to.equal(await system.emission.START());
      expect(schedule.epochLength).to.equal(3_600n);
      const epochs = [
        ...Array.from({ length: 200 }, (_, i) => BigInt(i)),
        ...Array.from({ length: 200 }, (_, i) => 13n * BigInt(i) + 200n),
      ];
      const [budgets, emitted] = await Promise.all([
        Promise.all(epochs.map((e) => system.computeRewards.epochBudget(e))),
        Promise.all(epochs.map((e) => system.emission.emittedUntil(schedule.start + e * 25_200n + (e % 7n) * 997n))),
      ]);
      let positive = 0;
      epochs.forEach((e, i) => {
        expect(epochBudget(schedule, e), `epoch ${e}`).to.equal(budgets[i]);
        expect(emittedUntilByForm(schedule, schedule.start + e * 25_200n + (e % 7n) * 997n), `time ${e}`).to.equal(
          emitted[i],
        );
        if (budgets[i]! > 0n) positive++;
      });
      // Both the halving periods that still emit and the tail after the last one were compared.
      expect(positive).to.be.greaterThan(100);
      expect(budgets.at(-1)).to.equal(0n);
      expect(emittedUntilByForm(schedule, schedule.start - 1n)).to.equal(0n);

      // A closed form that drifted from the contract's shows as the checks that tie them.
      const drifted = { ...ctx, schedule: { ...schedule, rate: schedule.rate + 1n }, checks: new Checks() };
      await emissionLedger(drifted);
      const failing = drifted.checks.list.filter((c) => !c.holds).map((c) => c.what);
      expect(failing.some((what) => what.startsWith("the schedule: its closed form"))).to.equal(true);
      await connection.provider.close();
    });
  });

  describe("foundation:report", function () {
    it("builds from --from-block, prints each check, and refuses what it cannot use, writing nothing", async function () {
      const connection = await network.create();
      const { ethers } = connection;
      const [signer] = await ethers.getSigners();
      const first = (await ethers.provider.getBlockNumber()) + 1;
      const system = await deployFoundation(connection, {
        genesisAccounts: [signer!.address],
        genesisAmounts: [units("100")],
      });
      const deployed = await ethers.provider.getBlockNumber();
      const chainId = (await ethers.provider.getNetwork()).chainId;
      const ctx = commandContext(await addressesOf(system), signer!, chainId);
      const root = await mkdtemp(path.join(os.tmpdir(), "foundation-task-report-"));
      const out = path.join(root, "out");
      // No deployment journal in this root: the history's start must be given.
      await expectRefusal(ctx, () => report(ctx, { out, fromBlock: "" }, root), "give --from-block");
      await expectRefusal(
        ctx,
        () => report(ctx, { out, fromBlock: "abc" }, root),
        "--from-block must be a block number",
      );
      await expectRefusal(ctx, () => report(ctx, { out, fromBlock: "99999999" }, root), "is after the latest block");
      expect(await readdir(root)).to.deep.equal([]);
      await report(ctx, { out, fromBlock: String(first) }, root);
      expect(ctx.lines[0]).to.equal(
        `Transparency report of chain ${chainId}, blocks ${first} to ${await ethers.provider.getBlockNumber()}: ${path.join(out, "index.html")}`,
      );
      expect(ctx.lines.filter((l) => l.startsWith("  holds  ")).length).to.be.greaterThan(10);
      expect(ctx.lines.at(-1)).to.match(/^(\d+) of \1 checks hold; report.json and CSV tables are beside the page\.$/);
      // From a block after the deployment (and its genesis), the history is incomplete: the
      // command says so and fails.
      await expectRefusal(
        ctx,
        () => report(ctx, { out: path.join(root, "late"), fromBlock: String(deployed) }, root),
        /check\(s\) do not hold: see /,
      );
      await connection.provider.close();
    });
  });

  describe("checks that are identities", function () {
    /** A deployment where redemptions round and FRSV is sent to the coin outside a mint. */
    async function roundingAndGifts() {
      const connection = await network.create();
      const { ethers } = connection;
      const [holder] = await ethers.getSigners();
      const first = (await ethers.provider.getBlockNumber()) + 1;
      const system = await deployFoundation(connection, {
        genesisAccounts: [holder!.address],
        genesisAmounts: [units("100")],
      });
      const coin = system.foundationCoin;
      await (await system.reserveToken.approve(await coin.getAddress(), units("1"))).wait();
      await (await coin.mint(units("1"), holder!.address, 0n, 0n)).wait();
      // RATE is 1000: 2999 FDC base units pay 2 FRSV base units and leave 999 behind; 2500 pay 2
      // and leave 500. Together the remainders keep one FRSV unit beyond the backing's round-up:
      // the false alarm of a check that left the rounding out.
      await (await coin.redeem(2999n, holder!.address, 0n, 0n)).wait();
      await (await coin.redeem(2500n, holder!.address, 0n, 0n)).wait();
      await (await system.reserveToken.transfer(await coin.getAddress(), 7n)).wait();
      return { connection, system, first };
    }

    const find = (data: Awaited<ReturnType<typeof transparencyReport>>, start: string) => {
      const found = data.checks.find((c) => c.what.startsWith(start));
      expect(found, start).not.to.equal(undefined);
      return found!;
    };
    const term = (terms: { label: string; value: bigint }[], label: string) =>
      terms.find((t) => t.label === label)?.value;

    it("hold to the wei after redemptions that round and FRSV sent to the coin, with every term named", async function () {
      const { connection, system, first } = await roundingAndGifts();
      const data = await transparencyReport(system, connection.ethers.provider, { fromBlock: first });
      for (const check of data.checks) {
        expect(check.holds, `${check.what}: ${check.rebuilt} ${check.relation} ${check.onChain}`).to.equal(true);
        expect(check.left.length + check.right.length, check.what).to.be.greaterThanOrEqual(2);
      }
      const commons = find(data, "the commons' fees:");
      expect(commons.kind).to.equal("identity");
      expect(term(commons.left, "redemption rounding kept (Redeemed)")).to.equal(1n);
      expect(term(commons.left, "sent to the coin outside a mint (Transfer − Minted)")).to.equal(7n);
      expect(term(commons.right, "commonsFeesOwed()")).to.equal(await system.foundationCoin.commonsFeesOwed());
      // The fees themselves: 0.5% of the mint, and one unit of each redemption's gross of 2 (a
      // fee rounds up, in the commons' favour).
      expect(term(commons.left, "commons fees charged (Minted, Redeemed)")).to.equal(units("1") / 200n + 2n);
      await connection.provider.close();
    });

    it("show which term moved when one FRSV unit leaves the coin without an event", async function () {
      const { connection, system, first } = await roundingAndGifts();
      const { ethers } = connection;
      const coin = await system.foundationCoin.getAddress();
      const token = await system.reserveToken.getAddress();
      const held = await system.reserveToken.balanceOf(coin);
      // Find the balance's storage slot (ERC20's mapping) and take one unit out behind the events' back.
      let slot: string | undefined;
      for (let index = 0n; index < 16n && slot === undefined; index++) {
        const candidate = ethers.keccak256(
          ethers.AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [coin, index]),
        );
        if (BigInt(await ethers.provider.getStorage(token, candidate)) === held) slot = candidate;
      }
      expect(slot, "the balance's slot").not.to.equal(undefined);
      await connection.provider.request({
        method: "hardhat_setStorageAt",
        params: [token, slot, ethers.toBeHex(held - 1n, 32)],
      });
      await connection.provider.request({ method: "hardhat_mine", params: [] });
      const data = await transparencyReport(system, ethers.provider, { fromBlock: first });
      const failing = data.checks.filter((c) => !c.holds);
      // The supply still holds (no unit was burnt); the two ledgers of the coin's FRSV do not.
      expect(failing.map((c) => c.what)).to.deep.equal([
        "FRSV held by the coin: transfers in − out (events) = balanceOf(coin)",
        find(data, "the commons' fees:").what,
      ]);
      const heldCheck = failing[0]!;
      expect(term(heldCheck.right, "balanceOf(coin)")).to.equal(held - 1n);
      expect(heldCheck.rebuilt - heldCheck.onChain).to.equal(1n);
      // The page and the command show the terms, so the moved one can be read off.
      const html = await renderHtml(data, "test");
      expect(html).to.include(`balanceOf(coin) ${exact(held - 1n)}`);
      await connection.provider.close();
    });
  });

  describe("incremental reading", function () {
    it("asks the node only for blocks after the last run, drops what a reorganisation replaced, and builds the same report", async function () {
      const { runDemo } = await import("../scripts/lib/demo-story.js");
      const connection = await network.create();
      const { ethers } = connection;
      const story = await runDemo(connection, () => undefined);
      const cacheFile = path.join(await mkdtemp(path.join(os.tmpdir(), "foundation-scan-")), "scan.json");
      const options = { fromBlock: story.deploymentBlock, cacheFile };
      /** The report without its scan figures, which say how it was read, not what. */
      const content = (data: Awaited<ReturnType<typeof transparencyReport>>) =>
        reportJson({ ...data, scan: { fromBlock: 0, toBlock: 0, logs: 0, fetchedFromBlock: 0 } });
      const asked: [number, number][] = [];
      const counting = { ...options, onProgress: undefined, maxRange: 10_000 };
      // The reader asks through `send` (eth_getLogs), to keep the node's block timestamps.
      const send = ethers.provider.send.bind(ethers.provider);
      ethers.provider.send = async (method: string, params?: unknown[]) => {
        if (method === "eth_getLogs") {
          const f = params![0] as { fromBlock: string; toBlock: string };
          asked.push([Number(f.fromBlock), Number(f.toBlock)]);
        }
        return send(method, params) as Promise<never>;
      };
      const first = await transparencyReport(story.system, ethers.provider, counting);
      expect(first.scan.fetchedFromBlock).to.equal(story.deploymentBlock);
      expect(asked[0]![0]).to.equal(story.deploymentBlock);

      // 100 new blocks, one of them a mint that rounds nothing and one a redemption that does.
      const snapshot = (await connection.provider.request({ method: "evm_snapshot", params: [] })) as string;
      const [, alice] = await ethers.getSigners();
      const coin = story.system.foundationCoin.connect(alice!);
      await (await story.system.reserveToken.connect(alice!).approve(await coin.getAddress(), units("1"))).wait();
      await (await coin.mint(units("1"), alice!.address, 0n, 0n)).wait();
      await connection.provider.request({ method: "hardhat_mine", params: ["0x61"] });
      await (await coin.redeem(2_999n, alice!.address, 0n, 0n)).wait();
      asked.length = 0;
      const second = await transparencyReport(story.system, ethers.provider, counting);
      expect(second.toBlock).to.equal(first.toBlock + 100);
      expect(second.scan).to.deep.equal({
        fromBlock: story.deploymentBlock,
        toBlock: first.toBlock + 100,
        logs: second.scan.logs,
        fetchedFromBlock: first.toBlock + 1,
      });
      expect(asked).to.deep.equal([[first.toBlock + 1, first.toBlock + 100]]);
      for (const check of second.checks) expect(check.holds, check.what).to.equal(true);
      expect(content(second)).to.equal(
        content(await transparencyReport(story.system, ethers.provider, { fromBlock: story.deploymentBlock })),
      );

      // The node goes back to before those blocks and takes another branch: the kept blocks after
      // the branch point are dropped, and the report is the new branch's.
      await connection.provider.request({ method: "evm_revert", params: [snapshot] });
      await connection.provider.request({ method: "hardhat_mine", params: ["0x20", "0x7"] });
      await (await coin.redeem(2_500n, alice!.address, 0n, 0n)).wait();
      const third = await transparencyReport(story.system, ethers.provider, counting);
      expect(third.scan.fetchedFromBlock).to.equal(first.toBlock + 1);
      for (const check of third.checks) expect(check.holds, check.what).to.equal(true);
      expect(content(third)).to.equal(
        content(await transparencyReport(story.system, ethers.provider, { fromBlock: story.deploymentBlock })),
      );
      ethers.provider.send = send;
      await connection.provider.close();
    });
  });

  describe("a page that stays one screenful per section", function () {
    it("keeps a busy deployment's page under 400 table rows and 1 MB, with the worst backing moment shown", async function () {
      const data = syntheticReport();
      const html = await renderHtml(data, "load");
      const rows = html.match(/<tr[ >]/g)?.length ?? 0;
      expect(rows, "table rows").to.be.lessThan(400);
      expect(Buffer.byteLength(html), "bytes").to.be.lessThan(1_000_000);
      // The worst moment is the table's first row, and every chart's series is cut to its limit.
      const backing = html.slice(html.indexOf('<section id="backing"'));
      expect(backing).to.match(
        new RegExp(`<tr><td>${data.worstBlock}</td>(<td>[^<]*</td>){4}<td>the lowest backing</td>`),
      );
      expect(backing).to.include('<a href="backing.csv">backing.csv</a>');
      for (const [id, csv] of [
        ["fees-by-holder", "fees-by-holder.csv"],
        ["emission", "emission.csv"],
        ["compute", "compute.csv"],
        ["humans", "dividends.csv"],
        ["fees", "fees-by-pool.csv"],
        ["claims", "claims.csv"],
      ]) {
        const section = html.slice(
          html.indexOf(`<section id="${id}"`),
          html.indexOf("</section>", html.indexOf(`<section id="${id}"`)),
        );
        expect(section, id).to.include(`<a href="${csv}">${csv}</a>`);
        expect(section.match(/<tbody>[\s\S]*<\/tbody>/)![0].match(/<tr>/g)!.length, id).to.be.at.most(25);
      }
      // Pools beyond the top ten are one group in every chart; the full data is in the CSVs.
      expect(html).to.include("12 other pools");
      // A long name is cut on the page (its columns stay put) and whole in the CSV.
      expect(html).not.to.include("x".repeat(60));
      expect(html).to.include(`Pool with a long name ${"x".repeat(17)}…`);
      const tables = csvTables(data);
      expect(tables["backing.csv"]!.trim().split("\n")).to.have.length(2_001);
      expect(tables["fees-by-holder.csv"]!.trim().split("\n")).to.have.length(801);
      expect(tables["fees-by-pool.csv"]).to.include("x".repeat(200));
    });

    it("cuts a series to at most 200 points, keeping the lowest backing of each span", function () {
      const data = syntheticReport();
      const points = data.backing.map((p) => ({ ...p }));
      const kept = downsample(points, (a, b) => (b.held * a.required < a.held * b.required ? b : a));
      expect(kept.length).to.be.at.most(MAX_POINTS);
      expect(kept.map((p) => p.block)).to.include(data.worstBlock);
      expect(downsample(points.slice(0, 150), (a) => a)).to.have.length(150);
    });

    it("labels time axes as times at every span, and large quantities in magnitudes", function () {
      expect(timeAxis([0, 5]).format).to.equal("%H:%M:%S");
      expect(timeAxis([0, 3_600]).format).to.equal("%d %b %H:%M");
      expect(timeAxis([0, 30 * 86_400]).format).to.equal("%d %b %Y");
      expect(timeAxis([0, 3 * 365 * 86_400]).format).to.equal("%b %Y");
    });
  });

  describe("a chain that moves under the report", function () {
    /** The demo's chain, 40 blocks more, and a snapshot taken before them. */
    async function withSnapshot() {
      const { runDemo } = await import("../scripts/lib/demo-story.js");
      const connection = await network.create();
      const story = await runDemo(connection, () => undefined);
      const snapshot = (await connection.provider.request({ method: "evm_snapshot", params: [] })) as string;
      const before = await connection.ethers.provider.getBlockNumber();
      await connection.provider.request({ method: "hardhat_mine", params: ["0x28"] });
      return { connection, story, snapshot, before };
    }

    it("reads again up to the new head when blocks it read are dropped, and never mixes two chains", async function () {
      const { connection, story, snapshot, before } = await withSnapshot();
      let reverted = false;
      const data = await transparencyReport(story.system, connection.ethers.provider, {
        fromBlock: story.deploymentBlock,
        maxRange: 5,
        onProgress: () => {
          if (reverted) return;
          reverted = true;
          // Fire and forget, as a node would: the revert lands while the reader is at work.
          void connection.provider.request({ method: "evm_revert", params: [snapshot] });
        },
      });
      expect(reverted).to.equal(true);
      expect(data.toBlock).to.equal(before);
      expect(data.toBlockHash).to.equal((await connection.ethers.provider.getBlock(before))!.hash);
      for (const check of data.checks) expect(check.holds, check.what).to.equal(true);
      await connection.provider.close();
    });

    it("stops with one line, exit code 2, when the chain keeps moving", async function () {
      const { connection, story, snapshot } = await withSnapshot();
      const { ethers } = connection;
      const [signer] = await ethers.getSigners();
      let moves = 0;
      let base = snapshot;
      // Every read finds its last block replaced: back to the snapshot (a snapshot serves once,
      // so take it again), then a new branch of 40 blocks, each branch's blocks further apart (the
      // same blocks again would be the same chain).
      const move = async () => {
        moves++;
        await connection.provider.request({ method: "evm_revert", params: [base] });
        base = (await connection.provider.request({ method: "evm_snapshot", params: [] })) as string;
        await connection.provider.request({
          method: "hardhat_mine",
          params: ["0x28", `0x${(moves + 1).toString(16)}`],
        });
      };
      let failure: unknown;
      try {
        await transparencyReport(story.system, ethers.provider, {
          fromBlock: story.deploymentBlock,
          maxRange: 1_000_000,
          onProgress: () => void move(),
        });
      } catch (error) {
        failure = error;
      }
      expect(failure).to.be.instanceOf(ChainMoved);
      expect(moves).to.equal(3);
      // The command says it in one line, with exit code 2, and writes nothing.
      const chainId = (await ethers.provider.getNetwork()).chainId;
      const ctx = commandContext(await addressesOf(story.system), signer!, chainId);
      const root = await mkdtemp(path.join(os.tmpdir(), "foundation-report-moving-"));
      // The command reads through the signer's provider: each read of logs moves the chain.
      const provider = ctx.signer.provider!;
      const send = (provider as typeof ethers.provider).send.bind(provider);
      (provider as typeof ethers.provider).send = async (method: string, params?: unknown[]) => {
        const answer = (await send(method, params)) as never;
        if (method === "eth_getLogs") await move();
        return answer;
      };
      const refusal = await report(
        ctx,
        { out: path.join(root, "out"), fromBlock: String(story.deploymentBlock) },
        root,
      ).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).to.be.instanceOf(CommandError);
      expect((refusal as CommandError).exitCode).to.equal(2);
      expect((refusal as Error).message).to.match(/^the chain changed under the report 3 times .*nothing was written/);
      expect(await readdir(root)).to.deep.equal([]);
      await connection.provider.close();
    });
  });

  describe("the demo's story", function () {
    it("reconciles every total and writes the page, report.json and the CSV tables", async function () {
      const { runDemo } = await import("../scripts/lib/demo-story.js");
      const connection = await network.create();
      const story = await runDemo(connection, () => undefined);
      const provider = connection.ethers.provider;
      const data = await transparencyReport(story.system, provider, { fromBlock: story.deploymentBlock });
      for (const check of data.checks)
        expect(check.holds, `${check.what}: ${check.rebuilt} vs ${check.onChain}`).to.equal(true);
      expect(data.checks.length).to.be.greaterThanOrEqual(20);
      // The report's totals are the demo's own books.
      expect(data.fees.directedByPool.get(1)).to.equal(story.directedToPool.get(1n));
      expect(data.fees.commons).to.equal(story.commonsFees);
      expect(data.humans.claims.map((c) => c.amount)).to.deep.equal(story.dividendClaims.map((c) => c.frsv));
      expect(data.humans.toCommons).to.equal(story.dividendForwarded);
      for (const [poolId, paid] of story.paidToPool) {
        expect(data.claims.find((c) => c.poolId === Number(poolId))!.commons).to.equal(paid);
      }
      expect(data.headline.backingHeld).to.equal(story.backingHeld);
      const dir = await mkdtemp(path.join(os.tmpdir(), "foundation-report-"));
      const page = await writeReport(data, dir, "demo");
      expect(path.basename(page)).to.equal("index.html");
      expect((await readdir(dir)).sort()).to.deep.equal(
        [
          "backing.csv",
          "checks.csv",
          "claims.csv",
          "compute.csv",
          "dividends.csv",
          "emission.csv",
          "fees-by-holder.csv",
          "fees-by-pool.csv",
          "index.html",
          "report.json",
        ].sort(),
      );
      // Alice named pool 1 for her fee; the report says so, with the amount.
      const alice = (await connection.ethers.getSigners())[1]!.address;
      expect(data.fees.byPayer.filter((r) => r.payer === alice)).to.deep.equal([
        { payer: alice, poolId: 1, fees: story.directedToPool.get(1n)!, transactions: 1 },
      ]);
      const fees = await readFile(path.join(dir, "fees-by-pool.csv"), "utf8");
      expect(fees).to.include(`1,Cancer research,${story.directedToPool.get(1n)},50`);
      const json = JSON.parse(await readFile(path.join(dir, "report.json"), "utf8")) as {
        checks: { holds: boolean }[];
      };
      expect(json.checks.every((c) => c.holds)).to.equal(true);
      await connection.provider.close();
    });

    it("says a check does not hold when the events and the views disagree", async function () {
      const { runDemo } = await import("../scripts/lib/demo-story.js");
      const connection = await network.create();
      const story = await runDemo(connection, () => undefined);
      // Reading from after the deployment misses the genesis and the first mints.
      const data = await transparencyReport(story.system, connection.ethers.provider, {
        fromBlock: story.deploymentBlock + 40,
      });
      const failing = data.checks.filter((c) => !c.holds).map((c) => c.what);
      expect(failing).to.include("FRSV supply: minted − burnt (Transfer events) = totalSupply()");
      const html = await renderHtml(data, "demo");
      expect(html).to.include("does not hold");
      await connection.provider.close();
    });
  });
});
