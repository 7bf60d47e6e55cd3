import { expect } from "chai";
import { makeError } from "ethers";
import { network } from "hardhat";
import { ArgumentType } from "hardhat/types/arguments";
import { withOutput, type Context } from "../client/context.js";
import { CommandError, explain, NothingToDo } from "../client/errors.js";
import { addressesOf, attachFoundation, deployFoundation, resolveDeployer, units } from "../client/foundation.js";
import { parseAmount } from "../client/input.js";
import { amountJson, Output, readableAmount, useOutput, type JsonValue } from "../client/output.js";
import { foundationTasks } from "../tasks/index.js";
import { balance, mint, redeem, send } from "../tasks/commands/holder.js";
import { pools, propose, settle } from "../tasks/commands/operator.js";
import { checkParameters } from "../client/deployment-policy.js";
import { status } from "../tasks/commands/status.js";
import { expectRefusal } from "./helpers/tasks.js";
import { shortened } from "../client/report/sections/common.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** A deployment where the holder has FRSV and one pool is active. */
async function cliFixture() {
  const [operator, holder, recipient, tester] = await ethers.getSigners();
  if (!operator || !holder || !recipient || !tester) throw new Error("too few accounts");
  const system = await deployFoundation(connection, {
    genesisAccounts: [operator.address, holder.address],
    genesisAmounts: [units("1000"), units("123456.789")],
  });
  await system.poolRegistry.propose("Cancer research", "ipfs://cancer", recipient.address);
  await system.poolRegistry.curate([1n], [60n]);
  const { chainId } = await ethers.provider.getNetwork();
  return { system, operator, holder, recipient, tester, chainId, addresses: await addressesOf(system) };
}

type Fixture = Awaited<ReturnType<typeof cliFixture>>;
type Signer = Fixture["operator"];

/**
 * Runs a command the way `runTask` does with the given output options (minus the network
 * lookup): what it prints goes to `printed`, and under --json the one object it prints is parsed.
 */
async function run(
  f: Fixture,
  signer: Signer,
  options: { json?: boolean; exact?: boolean },
  command: (ctx: Context) => Promise<void>,
) {
  const printed: string[] = [];
  const errors: string[] = [];
  const announced: string[] = [];
  const output = new Output(
    options,
    (text) => printed.push(text),
    (text) => errors.push(text),
    (text) => announced.push(text),
  );
  const previous = useOutput(output);
  const ctx: Context = {
    system: attachFoundation(f.addresses, signer),
    signer,
    account: signer.address,
    chainId: f.chainId,
    networkName: "localhost",
    say: (line) => output.say(line),
    put: (key, value) => output.put(key, value),
  };
  try {
    await command(ctx);
    output.finish();
  } catch (error) {
    output.fail(error instanceof Error ? error.message : String(error));
  } finally {
    useOutput(previous);
  }
  const json =
    options.json === true && printed.length > 0 ? (JSON.parse(printed.join("\n")) as Record<string, JsonValue>) : {};
  return { printed, errors, announced, json };
}

/** An amount as --json prints it. */
const amountOf = (value: JsonValue | undefined) => value as { token: string; baseUnits: string; tokens: string };

describe("The command line: readable numbers, --exact, --json, send, help", function () {
  describe("readable amounts", function () {
    it("separates thousands and cuts to 6 decimals, marking the cut", function () {
      expect(readableAmount(units("99500"))).to.equal("99,500");
      expect(readableAmount(units("1234567.5"))).to.equal("1,234,567.5");
      expect(readableAmount(units("0.5"))).to.equal("0.5");
      expect(readableAmount(units("218333.347170465010492841"))).to.equal("218,333.34717…");
      expect(readableAmount(units("1.000000001"))).to.equal("1…");
      expect(readableAmount(units("0.123456"))).to.equal("0.123456");
      expect(readableAmount(1n)).to.equal("< 0.000001");
      expect(readableAmount(0n)).to.equal("0");
      // Cut, never rounded up: nobody is shown more than they have.
      expect(readableAmount(units("0.9999999"))).to.equal("0.999999…");
    });

    it("--exact keeps every digit, without separators, as --amount takes it back", function () {
      expect(readableAmount(units("218333.347170465010492841"), true)).to.equal("218333.347170465010492841");
      expect(readableAmount(1n, true)).to.equal("0.000000000000000001");
      expect(parseAmount(readableAmount(units("99500.25"), true), "FDC")).to.equal(units("99500.25"));
    });

    it("--amount takes thousands separators as printed, and refuses ones that do not group thousands", function () {
      expect(parseAmount("99,500", "FDC")).to.equal(units("99500"));
      expect(parseAmount("1,234,567.5", "FDC")).to.equal(units("1234567.5"));
      expect(() => parseAmount("1,5", "FRSV")).to.throw(CommandError, 'not "1,5"');
      expect(() => parseAmount("12,34,567", "FRSV")).to.throw(CommandError, "must be a number");
      expect(() => parseAmount("1,000.5,0", "FRSV")).to.throw(CommandError, "must be a number");
    });

    it("a command prints rounded amounts by default and every digit with --exact", async function () {
      const f = await networkHelpers.loadFixture(cliFixture);
      const readable = await run(f, f.holder, {}, (ctx) => balance(ctx, { address: "" }));
      expect(readable.printed[1]).to.equal("  123,456.789 FRSV");
      expect(readable.printed[3]).to.equal("  10,000 ETH for gas"); // the holder has sent nothing yet
      const exact = await run(f, f.holder, { exact: true }, (ctx) => balance(ctx, { address: "" }));
      expect(exact.printed[1]).to.equal("  123456.789 FRSV");
      const eth = await ethers.provider.getBalance(f.holder.address);
      expect(exact.printed[3]).to.equal(`  ${ethers.formatEther(eth).replace(/\.0$/, "")} ETH for gas`);
    });
  });

  describe("--json", function () {
    it("mint prints one object: amounts in base units and whole tokens, and the transactions sent", async function () {
      const f = await networkHelpers.loadFixture(cliFixture);
      const coinBefore = await f.system.foundationCoin.balanceOf(f.holder.address);
      const { printed, announced, json } = await run(f, f.holder, { json: true }, (ctx) =>
        mint(ctx, { amount: "100", pool: "1", to: "", maxFeeBps: "" }),
      );
      expect(printed).to.have.length(1); // one JSON value, no text lines
      const minted = (await f.system.foundationCoin.balanceOf(f.holder.address)) - coinBefore;
      expect(amountOf(json.minted)).to.deep.equal({ token: "FDC", baseUnits: minted.toString(), tokens: "99500" });
      expect(amountOf(json.deposited)).to.deep.equal(amountJson(units("100"), "FRSV"));
      expect(amountOf(json.fee).baseUnits).to.equal((await f.system.foundationCoin.poolFeesOwed(1n)).toString());
      expect(json.feePool).to.equal("1");
      expect(json.to).to.equal(f.holder.address);
      // One mined transaction of the holder's: the mint, through a permit, announced on stderr.
      const transactions = json.transactions as string[];
      expect(transactions).to.have.length(1);
      expect(announced).to.deep.equal([`sent ${transactions[0]}, waiting…\n`]);
      for (const hash of transactions) {
        const receipt = await ethers.provider.getTransactionReceipt(hash);
        expect(receipt?.from).to.equal(f.holder.address);
        expect(receipt?.status).to.equal(1);
      }
    });

    it('a failure prints {"error": …} alone, and nothing was sent', async function () {
      const f = await networkHelpers.loadFixture(cliFixture);
      const nonce = await ethers.provider.getTransactionCount(f.holder.address);
      const { printed, errors, json } = await run(f, f.holder, { json: true }, (ctx) =>
        redeem(ctx, { amount: "99999999", pool: "0", to: "", maxFeeBps: "" }),
      );
      expect(printed).to.have.length(1);
      expect(errors).to.deep.equal([]);
      expect(json.error).to.match(/holds 0 FDC, less than the 99,999,999 FDC to redeem$/);
      expect(json.transactions).to.deep.equal([]);
      expect(await ethers.provider.getTransactionCount(f.holder.address)).to.equal(nonce);
      // In text mode the same failure is one line on stderr.
      const text = await run(f, f.holder, {}, (ctx) =>
        redeem(ctx, { amount: "99999999", pool: "0", to: "", maxFeeBps: "" }),
      );
      expect(text.printed).to.deep.equal([]);
      expect(text.errors).to.have.length(1);
      expect(text.errors[0]).to.match(/^Error: .*less than the 99,999,999 FDC to redeem$/);
    });

    it("balance, pools, settle and status report what the chain says", async function () {
      const f = await networkHelpers.loadFixture(cliFixture);
      const { json: held } = await run(f, f.recipient, { json: true }, (ctx) => balance(ctx, { address: "" }));
      expect(held.address).to.equal(f.recipient.address);
      expect(amountOf(held.reserve).baseUnits).to.equal("0");
      expect(held.pools).to.deep.equal([
        {
          pool: "1",
          name: "Cancer research",
          claimable: amountJson(await f.system.poolRegistry.claimable(1n), "FRSV"),
          work: amountJson(0n, "FRSV"),
          workEpochs: [],
        },
      ]);

      const { json: listed } = await run(f, f.operator, { json: true }, (ctx) => pools(ctx));
      expect(listed.totalWeight).to.equal("60");
      expect((listed.pools as { name: string; status: string }[]).map((p) => [p.name, p.status])).to.deep.equal([
        ["Cancer research", "active"],
      ]);

      // Thirty days: 28 one-day epochs become final with no report, and a holder pays a commons fee.
      await f.system.reserveToken.connect(f.holder).approve(f.addresses.foundationCoin, units("100"));
      await f.system.foundationCoin.connect(f.holder).mint(units("100"), f.holder.address, 0n, 0n);
      await networkHelpers.time.increase(30 * 86_400);
      const { json: settled } = await run(f, f.operator, { json: true }, (ctx) => settle(ctx));
      const [recycled] = await f.system.emission.queryFilter(f.system.emission.filters.Recycled(), -1);
      expect(amountOf(settled.fees).baseUnits).to.equal(recycled!.args.amount.toString());
      expect(amountOf(settled.fees).baseUnits).to.equal(units("0.5").toString());
      const [handed] = await f.system.computeRewards.queryFilter(
        f.system.computeRewards.filters.UnreportedToCommons(),
        -1,
      );
      expect(amountOf(settled.unreportedBudgets).baseUnits).to.equal(handed!.args.amount.toString());
      let budgets = 0n;
      for (let epoch = 0n; epoch < handed!.args.finalEpochs; epoch++) {
        budgets += await f.system.computeRewards.epochBudget(epoch);
      }
      expect(handed!.args.amount).to.equal(budgets);

      const { json: seen } = await run(f, f.operator, { json: true }, (ctx) => status(ctx));
      expect((seen.addresses as Record<string, string>).foundationCoin).to.equal(f.addresses.foundationCoin);
      const backing = seen.backing as Record<string, JsonValue>;
      expect(amountOf(backing.coinSupply).baseUnits).to.equal((await f.system.foundationCoin.totalSupply()).toString());
      expect((seen.fees as { mintBps: number }).mintBps).to.equal(50);
      expect(seen.pools).to.have.length(1);
      // Verified compute: who attests and who guards, the window and the review period, and where
      // the budgets went; verified humans: each issuer and the registrations it answers for.
      const compute = seen.compute as Record<string, JsonValue>;
      expect(compute).to.deep.include({
        quorum: "1",
        attesters: [f.operator.address],
        guardians: [f.operator.address],
        submissionWindow: "172800",
        reviewPeriod: "172800",
        unreportedToCommons: amountJson(await f.system.computeRewards.unreportedToCommons(), "FRSV"),
        voidedToCommons: amountJson(0n, "FRSV"),
      });
      expect((seen.humans as Record<string, JsonValue>).issuers).to.deep.equal([
        { issuer: f.operator.address, registrations: "0" },
      ]);
    });
  });

  describe("foundation:settle", function () {
    it("settles what reached the commons by now on a node that mined nothing since (an idle node)", async function () {
      const f = await networkHelpers.loadFixture(cliFixture);
      const start = await f.system.computeRewards.START();
      // Epoch 0 is final after its submission window and its review period.
      const final =
        start +
        (await f.system.computeRewards.EPOCH_LENGTH()) +
        (await f.system.computeRewards.SUBMISSION_WINDOW()) +
        (await f.system.computeRewards.REVIEW_PERIOD());
      await networkHelpers.time.increaseTo(final);
      // Epoch 0 becomes final a second later, with no block: the latest block says nothing has reached
      // the commons, the next one will have its budget.
      await ethers.provider.send("evm_increaseTime", [60]);
      const { printed, json } = await run(f, f.operator, { json: true }, (ctx) => settle(ctx));
      expect(printed).to.have.length(1);
      expect(amountOf(json.unreportedBudgets).baseUnits).to.equal(
        (await f.system.computeRewards.epochBudget(0n)).toString(),
      );
      expect(json.transactions).to.have.length(1);
    });
  });

  describe("foundation:send", function () {
    it("hands out FRSV and FDC, and says what is left", async function () {
      const f = await networkHelpers.loadFixture(cliFixture);
      const { printed, json } = await run(f, f.holder, { json: true }, (ctx) =>
        send(ctx, { to: f.tester.address, amount: "250", token: "frsv" }),
      );
      expect(printed).to.have.length(1);
      expect(await f.system.reserveToken.balanceOf(f.tester.address)).to.equal(units("250"));
      expect(json.sent).to.deep.equal(amountJson(units("250"), "FRSV"));
      expect(json.to).to.equal(f.tester.address);
      expect(json.transactions).to.have.length(1);

      await f.system.reserveToken.connect(f.holder).approve(f.addresses.foundationCoin, units("10"));
      await f.system.foundationCoin.connect(f.holder).mint(units("10"), f.holder.address, 0n, 0n);
      const text = await run(f, f.holder, {}, (ctx) =>
        send(ctx, { to: f.tester.address, amount: "1,000", token: "FDC" }),
      );
      expect(await f.system.foundationCoin.balanceOf(f.tester.address)).to.equal(units("1000"));
      expect(text.printed[0]).to.match(
        new RegExp(`^Sent 1,000 FDC to ${f.tester.address} \\(transaction 0x[0-9a-f]{64}\\)\\.$`),
      );
      expect(text.printed[1]).to.equal(`${f.holder.address} now holds 8,950 FDC.`);
    });

    it("refuses, sending nothing: a Foundation contract, an unknown token, too little, no --to", async function () {
      const f = await networkHelpers.loadFixture(cliFixture);
      const ctx = { ...(await run(f, f.holder, {}, async () => undefined)), ...contextOf(f, f.holder) };
      await expectRefusal(
        ctx,
        () => send(ctx, { to: f.addresses.foundationCoin, amount: "1", token: "FRSV" }),
        "is a Foundation contract",
      );
      await expectRefusal(
        ctx,
        () => send(ctx, { to: f.addresses.emission, amount: "1", token: "FRSV" }),
        "is a Foundation contract, not a holder",
      );
      await expectRefusal(
        ctx,
        () => send(ctx, { to: f.tester.address, amount: "1", token: "ETH" }),
        '--token must be FRSV (the reserve) or FDC (the coin), not "ETH"',
      );
      await expectRefusal(
        ctx,
        () => send(ctx, { to: f.tester.address, amount: "1", token: "" }),
        "--token is required",
      );
      await expectRefusal(
        ctx,
        () => send(ctx, { to: f.tester.address, amount: "200000", token: "FRSV" }),
        "less than the 200,000 FRSV to send",
      );
      await expectRefusal(ctx, () => send(ctx, { to: "", amount: "1", token: "FRSV" }), "--to is required");
    });
  });

  describe("refusals a first-time user met", function () {
    it("a cut amount pasted back is named as cut, with the way to every digit", function () {
      expect(() => parseAmount("122.839505…", "FDC")).to.throw(
        CommandError,
        "is an amount cut for reading (…): print every digit with --exact",
      );
    });

    it("a config variable a network needs is named, with how to set it", function () {
      const hardhatError = new Error(
        'HHE7: Configuration Variable "SEPOLIA_RPC_URL" not found. You can define it using a plugin like hardhat-keystore, or set it as an environment variable.',
      );
      expect(explain(hardhatError)).to.equal(
        "the config variable SEPOLIA_RPC_URL is not set (every command on this network needs it, also those that " +
          "only read): export SEPOLIA_RPC_URL=… or npx hardhat keystore set SEPOLIA_RPC_URL",
      );
    });

    it("a pool recipient that is a Foundation contract is refused before proposing", async function () {
      const f = await networkHelpers.loadFixture(cliFixture);
      const ctx = contextOf(f, f.holder);
      await expectRefusal(
        ctx,
        () => propose(ctx, { name: "Stuck", uri: "ipfs://x", recipient: f.addresses.foundationCoin }),
        `--recipient ${f.addresses.foundationCoin} is a Foundation contract`,
      );
    });

    it("a quorum the attesters cannot meet is refused before anything is deployed, on any chain", function () {
      expect(() => checkParameters({ quorum: "2n" })).to.throw(
        CommandError,
        "quorum 2 cannot be met by 1 attester (none listed",
      );
      expect(() => checkParameters({ quorum: "3n", attesters: ["0x1", "0x2"] })).to.throw(
        CommandError,
        "quorum 3 cannot be met by 2 attesters",
      );
      expect(() => checkParameters({ quorum: "0n", attesters: ["0x1"] })).to.throw(
        CommandError,
        "quorum 0 cannot be met",
      );
      expect(() => checkParameters({ quorum: "2n", attesters: ["0x1", "0x2"] })).not.to.throw();
      expect(() => checkParameters({})).not.to.throw();
    });

    it("a zero guardian, a zero review period and too long a window are refused before anything is deployed", function () {
      const zero = "0x0000000000000000000000000000000000000000";
      expect(() => checkParameters({ guardian: zero })).to.throw(
        CommandError,
        "guardian is the zero address; name the account that may void reports; nothing was deployed",
      );
      expect(() => checkParameters({ guardian: ` ${zero} ` })).to.throw(CommandError, "guardian is the zero address");
      expect(() => checkParameters({ guardian: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" })).not.to.throw();
      expect(() => checkParameters({ reviewPeriod: "0n" })).to.throw(
        CommandError,
        "reviewPeriod is 0: a report sent in the submission window's last second could never be voided; " +
          "give the guardian time to look (e.g. 172800n, two days); nothing was deployed",
      );
      expect(() => checkParameters({ reviewPeriod: 0 })).to.throw(CommandError, "reviewPeriod is 0");
      expect(() => checkParameters({ reviewPeriod: "soon" })).to.throw(
        CommandError,
        'parameter reviewPeriod must be a whole number, not "soon"',
      );
      // The window and the review together: at most 8 epochs, the defaults (2 days + 2 days) counted.
      const hourly = { epochLength: "3600n", submissionWindow: "1800n" };
      expect(() => checkParameters({ ...hourly, reviewPeriod: "27000n" })).not.to.throw();
      expect(() => checkParameters({ ...hourly, reviewPeriod: "27001n" })).to.throw(
        CommandError,
        "submissionWindow + reviewPeriod is 28801 s, above 8 epochs (28800 s); shorten them or lengthen " +
          "epochLength; nothing was deployed",
      );
      expect(() => checkParameters({ epochLength: "3600n" })).to.throw(
        CommandError,
        "submissionWindow + reviewPeriod is 345600 s, above 8 epochs (28800 s)",
      );
      expect(() => checkParameters({ epochLength: "43200n" })).not.to.throw();
      expect(() => checkParameters({ epochLength: "43199n" })).to.throw(CommandError, "above 8 epochs (345592 s)");
      // The local parameters pass.
      expect(() =>
        checkParameters({ ...hourly, reviewPeriod: "1800n", quorum: "2n", attesters: ["0x1", "0x2", "0x3"] }),
      ).not.to.throw();
    });
  });

  describe("help and deployment parameters", function () {
    it("no option shows an empty default, and the options a command needs say so", function () {
      const requiredByTask: Record<string, string[]> = {};
      for (const definition of foundationTasks) {
        for (const [name, option] of Object.entries(definition.options)) {
          expect(option.defaultValue, `${definition.id.join(" ")} --${name}`).not.to.equal("");
          if (option.type === ArgumentType.STRING_WITHOUT_DEFAULT && option.description.endsWith("(required)")) {
            (requiredByTask[definition.id[0]!] ??= []).push(name);
          }
        }
        expect(Object.keys(definition.options), definition.id[0]).to.include("json");
      }
      expect(requiredByTask["foundation:mint"]).to.deep.equal(["amount"]);
      expect(requiredByTask["foundation:send"]).to.deep.equal(["to", "amount", "token"]);
      expect(requiredByTask["foundation:propose"]).to.deep.equal(["name", "uri"]);
      expect(requiredByTask["foundation:status"]).to.equal(undefined);
      expect(requiredByTask["foundation:void"]).to.deep.equal(["pool", "epoch"]);
      expect(requiredByTask["foundation:attest"]).to.deep.equal(["pool", "epoch", "receipts"]);
      // A person is named by their account or their nullifier: one of the two, each saying so.
      expect(requiredByTask["foundation:revoke"]).to.equal(undefined);
      const options = (id: string) => foundationTasks.find((definition) => definition.id[0] === id)!.options;
      expect(options("foundation:revoke").account!.description).to.match(/\(required unless --person\)$/);
      expect(options("foundation:revoke").person!.description).to.match(/\(required unless --account\)$/);
      expect(Object.keys(options("foundation:void"))).to.include("from");
      expect(options("foundation:attest").reportVersion!.description).to.include("(default: the next)");
    });

    it('a testnet genesis for "deployer" goes to the deploying account', function () {
      const deployer = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
      const parameters = {
        genesisAccounts: ["deployer"],
        genesisAmounts: ["100000000000000000000000n"],
        timelockDelay: "172800n",
      };
      expect(resolveDeployer(parameters, deployer)).to.deep.equal({
        genesisAccounts: [deployer],
        genesisAmounts: [100_000n * 10n ** 18n],
        timelockDelay: 172_800n,
      });
      // Without the word, the file is used as it is.
      const plain = { genesisAccounts: [deployer], genesisAmounts: ["1n"] };
      expect(resolveDeployer(plain, deployer)).to.equal(plain);
    });
  });
  describe("hostile names (B4, B5)", function () {
    /** What could rewrite a terminal or reverse text: C0, DEL, C1, bidi and line-separator controls. */
    const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

    it("prints anyone's pool names and URIs with no control or bidi character, cut to 64, whole in JSON", async function () {
      const f = await networkHelpers.loadFixture(cliFixture);
      const hostile = "\u001b[31mRed\nFake\u202eexe\u009b2J\u0007";
      const long = "L".repeat(3_000);
      const registry = f.system.poolRegistry.connect(f.tester);
      await registry.propose(hostile, "ipfs://\u001b[2J", f.tester.address);
      await registry.propose(long, "", f.tester.address);

      const text = await run(f, f.tester, {}, (ctx) => pools(ctx));
      for (const line of text.printed) expect(line, line).not.to.match(UNSAFE);
      expect(text.printed.find((l) => l.startsWith("  2. "))).to.include(
        '"\\u{1b}[31mRed\\u{a}Fake\\u{202e}exe\\u{9b}2J\\u{7}"',
      );
      expect(text.printed.find((l) => l.startsWith("  2. "))).to.include("ipfs://\\u{1b}[2J");
      expect(text.printed.find((l) => l.startsWith("  3. "))).to.include(`"${"L".repeat(63)}…"`);

      // JSON: printed with the same characters escaped, parsed back whole.
      const json = await run(f, f.tester, { json: true }, (ctx) => pools(ctx));
      // (its own line breaks aside: JSON.stringify escapes any inside a string)
      expect(json.printed.join("").replace(/\n/g, "")).not.to.match(UNSAFE);
      const listed = json.json.pools as { name: string; uri: string }[];
      expect([listed[1]!.name, listed[1]!.uri, listed[2]!.name]).to.deep.equal([hostile, "ipfs://\u001b[2J", long]);

      // A refusal that carries such text prints it escaped, on one line, as text and as JSON.
      const refusal = (ctx: Context) => Promise.reject(new CommandError(`pool 2 "${hostile}" is not active`));
      const refused = await run(f, f.tester, {}, refusal);
      expect(refused.errors).to.have.length(1);
      expect(refused.errors[0]).not.to.match(UNSAFE);
      const refusedJson = await run(f, f.tester, { json: true }, refusal);
      expect(refusedJson.printed.join("").replace(/\n/g, "")).not.to.match(UNSAFE);
      expect(refusedJson.json.error).to.equal(`pool 2 "${hostile}" is not active`);

      // The report's page shows the name escaped and cut to its 40 characters.
      expect(shortened(hostile)).not.to.match(UNSAFE);
      expect([...shortened(long)]).to.have.length(40);
    });
  });
  describe("the exit-code rule (B3, B11)", function () {
    it("0 done or nothing to do, 1 refused, 2 the node: one rule for every command, as text and as --json", async function () {
      const cases: { what: string; error?: Error; code: number; line?: RegExp; field?: [string, string] }[] = [
        { what: "done", code: 0 },
        {
          what: "nothing to do",
          error: new NothingToDo("pool 1 is already retired"),
          code: 0,
          line: /^Nothing to do: pool 1 is already retired\.$/,
          field: ["nothingToDo", "pool 1 is already retired"],
        },
        {
          what: "refused",
          error: new CommandError("--amount must be a number"),
          code: 1,
          line: /^Error: --amount must be a number$/,
          field: ["error", "--amount must be a number"],
        },
        {
          what: "the node cannot be reached",
          error: new CommandError('cannot reach network "localhost": HHE703', 2),
          code: 2,
          line: /^Error: cannot reach network "localhost": HHE703$/,
        },
        { what: "the node stopped answering", error: makeError("the request timed out", "TIMEOUT"), code: 2 },
        { what: "anything else", error: new Error("unexpected"), code: 1, line: /^Error: unexpected$/ },
      ];
      const [log, error] = [console.log, console.error];
      try {
        for (const c of cases) {
          for (const json of [false, true]) {
            const printed: string[] = [];
            console.log = (text: string) => printed.push(text);
            console.error = (text: string) => printed.push(text);
            process.exitCode = undefined;
            const result = await withOutput({ json }, () =>
              c.error === undefined ? Promise.resolve() : Promise.reject(c.error),
            );
            const code = result.success ? (process.exitCode ?? 0) : 1;
            process.exitCode = undefined;
            expect(code, `${c.what}${json ? " --json" : ""}`).to.equal(c.code);
            if (json) {
              const parsed = JSON.parse(printed.join("\n")) as Record<string, unknown>;
              if (c.field !== undefined) expect(parsed[c.field[0]], c.what).to.equal(c.field[1]);
              if (c.code !== 0) expect(parsed.error, c.what).to.be.a("string");
            } else {
              expect(printed, c.what).to.have.length(c.error === undefined ? 0 : 1);
              if (c.line !== undefined) expect(printed[0], c.what).to.match(c.line);
            }
          }
        }
      } finally {
        [console.log, console.error] = [log, error];
        process.exitCode = undefined;
      }
    });
  });
});

/** A plain command context (text output collected by the caller) for refusals. */
function contextOf(f: Fixture, signer: Signer): Context {
  return {
    system: attachFoundation(f.addresses, signer),
    signer,
    account: signer.address,
    chainId: f.chainId,
    networkName: "localhost",
    say: () => undefined,
    put: () => undefined,
  };
}
