import { expect } from "chai";
import { network } from "hardhat";
import type { Context } from "../client/context.js";
import { deploymentFile, readDeployment } from "../client/context.js";
import { CommandError, decodeRevert, explain } from "../client/errors.js";
import { confirm } from "../client/describe.js";
import { amountJson, useOutput } from "../client/output.js";
import type { ContractTransactionResponse } from "ethers";
import { splitOf } from "./helpers/books.js";
import { commandContext, expectNothingToDo, expectRefusal, printExactAmounts } from "./helpers/tasks.js";
import { parseAddress, parseAmount, parseBps, parseDuration, parsePoolId } from "../client/input.js";
import { time } from "../tasks/commands/time.js";
import { SETTLEMENT_HEADROOM, settlementGasLimit } from "../client/gas.js";
import { signCredential } from "../client/humans.js";
import { signWork } from "./helpers/compute.js";
import { balance, mint, redeem, send } from "../tasks/commands/holder.js";
import {
  approve,
  claim,
  curate,
  pendingCurations,
  pools,
  propose,
  settle,
  retire,
  setPaused,
  setWeight,
} from "../tasks/commands/operator.js";
import { fees, pendingFeeChanges } from "../tasks/commands/governance.js";
import { status } from "../tasks/commands/status.js";
import { parameterFileFor } from "../tasks/commands/deploy.js";
import {
  checkDeployment,
  isLocalDevelopmentChain,
  readFoundationParameters,
  undelayedGovernance,
} from "../client/deployment-policy.js";
import { addressesOf, attachFoundation, deployFoundation, units } from "../client/foundation.js";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** A deployment with a funded holder, one approved pool, and a context per account. */
async function tasksFixture() {
  const [operator, holder, recipient, stranger] = await ethers.getSigners();
  if (!operator || !holder || !recipient || !stranger) throw new Error("too few accounts");
  const system = await deployFoundation(connection, {
    genesisAccounts: [operator.address, holder.address],
    genesisAmounts: [units("1000"), units("1000")],
  });
  await system.poolRegistry.propose("Cancer research", "ipfs://cancer", recipient.address);
  await system.poolRegistry.curate([1n], [60n]);
  const { chainId } = await ethers.provider.getNetwork();
  const addresses = await addressesOf(system);
  return { system, operator, holder, recipient, stranger, chainId, addresses };
}

type Fixture = Awaited<ReturnType<typeof tasksFixture>>;

/** A command context acting as `signer`, collecting what the command prints. */
const contextFor = (f: Fixture, signer: Fixture["operator"]) => commandContext(f.addresses, signer, f.chainId);

const noMint = { pool: "0", to: "", maxFeeBps: "" };

describe("Tasks", function () {
  printExactAmounts();

  describe("input parsing", function () {
    it("reads whole-token amounts and rejects anything else with the reason", function () {
      expect(parseAmount("12.5", "FRSV")).to.equal(units("12.5"));
      expect(parseAmount(" 3 ", "FRSV")).to.equal(units("3"));
      expect(() => parseAmount("", "FRSV")).to.throw(CommandError, "--amount is required");
      expect(() => parseAmount("abc", "FRSV")).to.throw(CommandError, 'not "abc"');
      expect(() => parseAmount("-1", "FRSV")).to.throw(CommandError, "must be a number");
      expect(() => parseAmount("1e18", "FRSV")).to.throw(CommandError, "must be a number");
      expect(() => parseAmount("0", "FRSV")).to.throw(CommandError, "more than 0");
      expect(() => parseAmount("0.0000000000000000001", "FRSV")).to.throw(CommandError, "more than 18 decimals");
      expect(parsePoolId("0")).to.equal(0n);
      expect(() => parsePoolId("one")).to.throw(CommandError, "--pool must be a pool id");
      expect(parseBps("200", "mint-bps")).to.equal(200n);
      expect(() => parseBps("10001", "mint-bps")).to.throw(CommandError, "at most 10000");
      expect(() => parseAddress("0x123", "to")).to.throw(CommandError, "--to must be an address");
      // A typo in a checksummed address (last digit changed) is named as such.
      expect(() => parseAddress("0xFABB0ac9d68B0B445fB7357272Ff202C5651694b", "to")).to.throw(
        CommandError,
        "--to 0xFABB0ac9d68B0B445fB7357272Ff202C5651694b has a wrong checksum (its mixed case does not match)",
      );
      // All lower case carries no checksum and is accepted as written.
      expect(parseAddress("0xfabb0ac9d68b0b445fb7357272ff202c5651694a", "to")).to.equal(
        "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a",
      );
      expect(() => parseAddress(ethers.ZeroAddress, "to")).to.throw(CommandError, "zero address");
      expect(parseAddress("", "to", "0xabc")).to.equal("0xabc");
    });

    it("names refused transactions by their custom error", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const data = f.system.foundationCoin.interface.encodeErrorResult("PoolNotActive", [7n]);
      expect(decodeRevert(data)).to.equal("pool 7 is not active (PoolNotActive(7))");
      const raw = f.system.poolRegistry.interface.encodeErrorResult("WrongPoolStatus", [1n, 2n, 1n]);
      expect(decodeRevert(raw)).to.equal("pool 1 is active, not proposed (WrongPoolStatus(1, 2, 1))");
      expect(decodeRevert("0x12345678")).to.equal(undefined);
      const refused = await f.system.foundationCoin
        .connect(f.holder)
        .mint(units("1"), f.holder.address, 7n, 0n)
        .catch((e: unknown) => e);
      expect(explain(refused)).to.equal("the transaction was refused: pool 7 is not active (PoolNotActive(7))");
      expect(explain(new CommandError("plain reason"))).to.equal("plain reason");
      // A reason given on the lines after the first (as Ignition does) is kept, on one line.
      expect(
        explain(new Error("HHE10120: reconciliation errors:\n\n  * Foundation#Emission: parameter changed")),
      ).to.equal("HHE10120: reconciliation errors: * Foundation#Emission: parameter changed");
    });
  });

  describe("deployment lookup", function () {
    it("reads Ignition's deployed_addresses.json and explains a missing deployment", async function () {
      const root = await mkdtemp(path.join(os.tmpdir(), "foundation-"));
      await expect(readDeployment(5n, root)).to.be.rejectedWith(
        CommandError,
        "no Foundation deployment recorded for chain 5",
      );
      const file = deploymentFile(5n, root);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify({ "Foundation#ReserveToken": "0x1" }));
      await expect(readDeployment(5n, root)).to.be.rejectedWith(CommandError, "has no Foundation#FoundationCoin");
      const full = {
        "Foundation#ReserveToken": "0x1",
        "Foundation#FoundationCoin": "0x2",
        "Foundation#PoolRegistry": "0x3",
        "Foundation#Emission": "0x4",
        "Foundation#TimelockController": "0x5",
        "Foundation#ComputeRewards": "0x6",
        "Foundation#HumanRegistry": "0x7",
        "Foundation#HumanDividend": "0x8",
      };
      await writeFile(file, JSON.stringify(full));
      expect(await readDeployment(5n, root)).to.deep.equal({
        reserveToken: "0x1",
        foundationCoin: "0x2",
        poolRegistry: "0x3",
        emission: "0x4",
        timelock: "0x5",
        computeRewards: "0x6",
        humanRegistry: "0x7",
        humanDividend: "0x8",
      });
    });
  });

  describe("foundation:deploy", function () {
    it("picks the network's parameter file, or the one given, or the defaults", async function () {
      const root = await mkdtemp(path.join(os.tmpdir(), "foundation-"));
      expect(await parameterFileFor("sepolia", "", root)).to.equal(undefined);
      await mkdir(path.join(root, "ignition", "parameters"), { recursive: true });
      await writeFile(path.join(root, "ignition", "parameters", "local.json"), "{}");
      await writeFile(path.join(root, "ignition", "parameters", "sepolia.json"), "{}");
      expect(await parameterFileFor("localhost", "", root)).to.equal(
        path.join(root, "ignition", "parameters", "local.json"),
      );
      expect(await parameterFileFor("sepolia", "", root)).to.equal(
        path.join(root, "ignition", "parameters", "sepolia.json"),
      );
      expect(await parameterFileFor("sepolia", "ignition/parameters/local.json", root)).to.equal(
        path.join(root, "ignition", "parameters", "local.json"),
      );
      await expect(parameterFileFor("sepolia", "missing.json", root)).to.be.rejectedWith(
        CommandError,
        "--parameters missing.json does not exist",
      );
    });

    it("tells local development chains from public ones", function () {
      const hardhatNode = "HardhatNetwork/3.0.0/@nomicfoundation/edr/0.12.0";
      expect(isLocalDevelopmentChain({ chainId: 31337n, clientVersion: "" })).to.equal(true);
      expect(isLocalDevelopmentChain({ chainId: 1337n, clientVersion: "Geth/v1.14.0" })).to.equal(true);
      expect(isLocalDevelopmentChain({ chainId: 31338n, clientVersion: hardhatNode })).to.equal(true);
      expect(isLocalDevelopmentChain({ chainId: 5n, clientVersion: "anvil/v1.2.3" })).to.equal(true);
      expect(isLocalDevelopmentChain({ chainId: 11155111n, clientVersion: "Geth/v1.14.0-stable" })).to.equal(false);
      expect(isLocalDevelopmentChain({ chainId: 1n, clientVersion: "" })).to.equal(false);
    });

    it("refuses a public chain without an explicit parameter file, or with undelayed governance", async function () {
      const publicChain = { chainId: 11155111n, clientVersion: "Geth/v1.14.0-stable" };
      const [f0, f1, f2] = [
        "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
        "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
        "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
      ];
      const local = { chainId: 31337n, clientVersion: "" };
      const root = await mkdtemp(path.join(os.tmpdir(), "foundation-"));
      const instant = path.join(root, "instant.json");
      await writeFile(instant, JSON.stringify({ Foundation: { timelockDelay: "3600n" } }));
      const instantParameters = await readFoundationParameters(instant);

      // A local chain deploys with whatever it is given, defaults included.
      expect(checkDeployment({ facts: local, givenFile: undefined, parameters: {}, override: false })).to.deep.equal(
        [],
      );
      expect(() =>
        checkDeployment({ facts: publicChain, givenFile: undefined, parameters: {}, override: false }),
      ).to.throw(CommandError, "chain 11155111 is not a local development chain: give the parameter file explicitly");
      const refusal = (() => {
        try {
          checkDeployment({ facts: publicChain, givenFile: instant, parameters: instantParameters, override: false });
        } catch (error) {
          return error as Error;
        }
        return undefined;
      })();
      expect(refusal).to.be.instanceOf(CommandError);
      expect(refusal!.message).to.include("its timelock delay is 3600 s, under one day (86400 s)");
      expect(refusal!.message).to.include("its curator is the deploying account, not the timelock");
      expect(refusal!.message).to.include(
        "one attester alone can sign work reports and direct the compute share of new reserve " +
          "(quorum 1, the deploying account the only attester; list at least two attesters and set quorum to 2 or more)",
      );
      expect(refusal!.message).to.include(
        "no guardian is named, so the deploying account would be the guardian, who alone voids work reports " +
          "during their review period and pauses minting (name the account or multisig you trust to watch " +
          "reports in guardian)",
      );
      expect(refusal!.message).to.include(
        "no issuers are listed, so the deploying account alone would say who is a verified human",
      );
      expect(refusal!.message).to.include("--i-accept-undelayed-governance");
      expect(refusal!.message).not.to.include("\n");
      // The flag turns the refusal into warnings.
      const warnings = checkDeployment({
        facts: publicChain,
        givenFile: instant,
        parameters: instantParameters,
        override: true,
      });
      expect(warnings).to.have.length(5);
      expect(warnings[0]).to.match(/^Warning: deploying to chain 11155111 although its timelock delay is 3600 s/);
      expect(warnings[3]).to.match(
        /^Warning: deploying to chain 11155111 although no guardian is named, .* \(--i-accept-undelayed-governance\)\.$/,
      );
      // The public parameter file has a two-day delay and the timelock as curator; it names no
      // attesters, guardian or issuers (they are people's keys and the deployer's trust), so it
      // passes once the deployer lists two or more attesters, the guardian and the issuers they trust.
      const sepolia = path.resolve("ignition", "parameters", "sepolia.json");
      const sepoliaParameters = await readFoundationParameters(sepolia);
      const [attesterProblem, guardianProblem, issuerProblem, ...others] = undelayedGovernance(sepoliaParameters);
      expect(attesterProblem).to.equal(
        "one attester alone can sign work reports and direct the compute share of new reserve " +
          "(quorum 1, the deploying account the only attester; list at least two attesters and set quorum to 2 or more)",
      );
      expect(guardianProblem).to.equal(
        "no guardian is named, so the deploying account would be the guardian, who alone voids work reports " +
          "during their review period and pauses minting (name the account or multisig you trust to watch " +
          "reports in guardian)",
      );
      expect(issuerProblem).to.include("no issuers are listed");
      expect(others).to.deep.equal([]);
      const attested = { ...sepoliaParameters, attesters: [f0, f1, f2], quorum: "2n", issuers: [f0], guardian: f1 };
      expect(
        checkDeployment({ facts: publicChain, givenFile: sepolia, parameters: attested, override: false }),
      ).to.deep.equal([]);
      // Without the guardian, that one problem is left.
      const unguarded: Record<string, unknown> = { ...attested };
      delete unguarded.guardian;
      expect(() =>
        checkDeployment({ facts: publicChain, givenFile: sepolia, parameters: unguarded, override: false }),
      ).to.throw(CommandError, /^refusing to deploy to chain 11155111: no guardian is named, .*\. Anyone holding/);
      const safe = {
        timelockDelay: "86400n",
        curator: "0x0000000000000000000000000000000000000000",
        quorum: "2n",
        guardian: f2,
        issuers: [f1],
      };
      expect(undelayedGovernance(safe)).to.deep.equal([]);
      expect(undelayedGovernance({ ...safe, guardian: undefined })).to.deep.equal([guardianProblem]);
      // Issuers chosen by nobody are a problem only where there is a human share to take.
      expect(undelayedGovernance({ ...safe, issuers: [] })).to.have.length(1);
      expect(undelayedGovernance({ ...safe, issuers: undefined, humanShareBps: "0n" })).to.deep.equal([]);
      expect(undelayedGovernance({ ...safe, timelockDelay: 86_399 })).to.have.length(1);
      expect(undelayedGovernance({ ...safe, quorum: "1n", attesters: [f0, f1] })[0]).to.include(
        "(quorum 1; list at least two attesters",
      );
      expect(() => undelayedGovernance({ timelockDelay: "two days" })).to.throw(
        CommandError,
        'parameter timelockDelay must be a whole number, not "two days"',
      );
      await writeFile(instant, "{ not json");
      await expect(readFoundationParameters(instant)).to.be.rejectedWith(
        CommandError,
        "cannot read the parameter file instant.json",
      );
    });
  });

  describe("foundation:mint", function () {
    it("mints in one transaction through a permit, with the preview as minimum, and says where the fee went", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const ctx = contextFor(f, f.holder);
      const nonce = await ethers.provider.getTransactionCount(f.holder.address);
      await mint(ctx, { amount: "100", pool: "1", to: "", maxFeeBps: "50" });
      expect(ctx.lines[0]).to.match(
        new RegExp(`^Minted 99500 FDC to ${f.holder.address} for 100 FRSV \\(transaction 0x`),
      );
      expect(ctx.lines[1]).to.equal('Fee: 0.5 FRSV to pool 1 "Cancer research".');
      expect(await f.system.foundationCoin.balanceOf(f.holder.address)).to.equal(units("99500"));
      expect(await f.system.foundationCoin.poolFeesOwed(1n)).to.equal(units("0.5"));
      // One transaction (mintWithPermit), its permit used up: no allowance is left behind.
      expect(await ethers.provider.getTransactionCount(f.holder.address)).to.equal(nonce + 1);
      const [minted] = await f.system.foundationCoin.queryFilter(f.system.foundationCoin.filters.Minted(), -1);
      const sent = await ethers.provider.getTransaction(minted!.transactionHash);
      expect(f.system.foundationCoin.interface.parseTransaction(sent!)?.name).to.equal("mintWithPermit");
      expect(await f.system.reserveToken.allowance(f.holder.address, f.addresses.foundationCoin)).to.equal(0n);
      expect(await f.system.reserveToken.nonces(f.holder.address)).to.equal(1n);
    });

    it("mints to another address and to the commons without re-approving", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const ctx = contextFor(f, f.holder);
      await f.system.reserveToken.connect(f.holder).approve(f.addresses.foundationCoin, units("1000"));
      await mint(ctx, { amount: "12.5", pool: "0", to: f.stranger.address, maxFeeBps: "" });
      expect(ctx.lines[0]).to.match(/^Minted 12437.5 FDC to 0x/);
      // The allowance covered it: a plain mint, no permit signed.
      expect(await f.system.reserveToken.nonces(f.holder.address)).to.equal(0n);
      expect(ctx.lines[1]).to.equal("Fee: 0.0625 FRSV to the commons (shared by weight over the active pools).");
      expect(await f.system.foundationCoin.balanceOf(f.stranger.address)).to.equal(units("12437.5"));
    });

    it("refuses bad input before sending anything", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const ctx = contextFor(f, f.holder);
      await expectRefusal(
        ctx,
        () => mint(ctx, { ...noMint, amount: "abc" }),
        'must be a number of FRSV like 12.5, not "abc"',
      );
      await expectRefusal(ctx, () => mint(ctx, { ...noMint, amount: "" }), "--amount is required");
      await expectRefusal(ctx, () => mint(ctx, { ...noMint, amount: "1", pool: "9" }), "pool 9 does not exist");
      await f.system.poolRegistry.propose("Later", "", f.recipient.address);
      await expectRefusal(
        ctx,
        () => mint(ctx, { ...noMint, amount: "1", pool: "2" }),
        "pool 2 is proposed, not active",
      );
      await expectRefusal(
        ctx,
        () => mint(ctx, { ...noMint, amount: "5000" }),
        "holds 1000 FRSV, less than the 5000 FRSV",
      );
      await expectRefusal(
        ctx,
        () => mint(ctx, { ...noMint, amount: "1", maxFeeBps: "10" }),
        "the mint fee is 50 bps, above your --max-fee-bps 10",
      );
      await expectRefusal(
        ctx,
        () => mint(ctx, { ...noMint, amount: "1", to: f.addresses.poolRegistry }),
        "is a Foundation contract",
      );
      await expectRefusal(ctx, () => mint(ctx, { ...noMint, amount: "0.000000000000000001" }), "too small");
      await setPaused(contextFor(f, f.operator), true);
      await expectRefusal(ctx, () => mint(ctx, { ...noMint, amount: "1" }), "minting is paused by the guardian");
    });
  });

  describe("foundation:redeem", function () {
    it("redeems with the preview as minimum and says where the fee went", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const ctx = contextFor(f, f.holder);
      await mint(ctx, { ...noMint, amount: "100" });
      ctx.lines.length = 0;
      await redeem(ctx, { amount: "5000", pool: "1", to: "", maxFeeBps: "" });
      expect(ctx.lines[0]).to.match(new RegExp(`^Redeemed 5000 FDC: 4.975 FRSV sent to ${f.holder.address}`));
      expect(ctx.lines[1]).to.equal('Fee: 0.025 FRSV to pool 1 "Cancer research".');
    });

    it("redeems all the holder has with --amount all, and sends all of a token; refuses all of nothing", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const ctx = contextFor(f, f.holder);
      await mint(ctx, { ...noMint, amount: "10" });
      const held = await f.system.foundationCoin.balanceOf(f.holder.address);
      expect(held).to.be.greaterThan(0n);
      ctx.lines.length = 0;
      await redeem(ctx, { ...noMint, amount: "all" });
      expect(ctx.fields.redeemed).to.deep.equal(amountJson(held, "FDC"));
      expect(await f.system.foundationCoin.balanceOf(f.holder.address)).to.equal(0n);
      await expectRefusal(
        ctx,
        () => redeem(ctx, { ...noMint, amount: "ALL" }),
        "--amount all: the account holds no FDC",
      );
      const frsvHeld = await f.system.reserveToken.balanceOf(f.holder.address);
      await send(ctx, { to: f.stranger.address, amount: "all", token: "FRSV" });
      expect(await f.system.reserveToken.balanceOf(f.holder.address)).to.equal(0n);
      expect(await f.system.reserveToken.balanceOf(f.stranger.address)).to.be.at.least(frsvHeld);
      await expectRefusal(
        ctx,
        () => send(ctx, { to: f.stranger.address, amount: "all", token: "FRSV" }),
        "--amount all: the account holds no FRSV",
      );
    });

    it("names a pool retired since the holder chose it: the redemption goes through, its fee to the commons", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const ctx = contextFor(f, f.holder);
      await mint(ctx, { ...noMint, amount: "10" });
      await retire(contextFor(f, f.operator), { pool: "1" });
      ctx.lines.length = 0;
      await redeem(ctx, { ...noMint, amount: "1000", pool: "1" });
      expect(ctx.lines[1]).to.equal(
        'Fee: 0.005 FRSV to the commons (shared by weight over the active pools) (pool 1 "Cancer research" is retired).',
      );
    });

    it("works while minting is paused", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const ctx = contextFor(f, f.holder);
      await mint(ctx, { ...noMint, amount: "10" });
      await setPaused(contextFor(f, f.operator), true);
      ctx.lines.length = 0;
      await redeem(ctx, { ...noMint, amount: "1000" });
      expect(ctx.lines[0]).to.match(/^Redeemed 1000 FDC: 0.995 FRSV sent/);
    });

    it("refuses bad input before sending anything", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const ctx = contextFor(f, f.holder);
      await mint(ctx, { ...noMint, amount: "1" });
      await expectRefusal(ctx, () => redeem(ctx, { ...noMint, amount: "x1" }), "must be a number of FDC");
      await expectRefusal(
        ctx,
        () => redeem(ctx, { ...noMint, amount: "0.0000000000000009" }),
        "worth less than the smallest unit of FRSV",
      );
      await expectRefusal(
        ctx,
        () => redeem(ctx, { ...noMint, amount: "1000" }),
        "holds 995 FDC, less than the 1000 FDC",
      );
      await expectRefusal(ctx, () => redeem(ctx, { ...noMint, amount: "10", pool: "4" }), "pool 4 does not exist");
      await expectRefusal(
        ctx,
        () => redeem(ctx, { ...noMint, amount: "10", maxFeeBps: "0" }),
        "the redeem fee is 50 bps",
      );
      // Worth 1.999 base units of FRSV: the 1-unit fee would take all of the 1 unit paid.
      await expectRefusal(
        ctx,
        () => redeem(ctx, { ...noMint, amount: "0.000000000000001999" }),
        "0.000000000000001999 FDC is too small: after the fee nothing would be paid",
      );
      await expectRefusal(
        ctx,
        () => redeem(ctx, { ...noMint, amount: "1", to: f.addresses.timelock }),
        "is a Foundation contract",
      );
    });
  });

  describe("foundation:propose / approve / weight / retire / pools", function () {
    it("curates pools and lists them", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const anyone = contextFor(f, f.stranger);
      await propose(anyone, { name: "Free AI", uri: "ipfs://ai", recipient: "" });
      expect(anyone.lines[0]).to.equal(
        `Proposed pool 2 "Free AI", paying ${f.stranger.address}. A curator must approve it.`,
      );
      const curator = contextFor(f, f.operator);
      await approve(curator, { pool: "2", weight: "40" });
      expect(curator.lines[0]).to.equal('Approved pool 2 "Free AI" with weight 40 (total weight now 100).');
      await setWeight(curator, { pool: "1", weight: "160" });
      expect(curator.lines[1]).to.equal('Set the weight of pool 1 "Cancer research" to 160 (total weight now 200).');
      await retire(curator, { pool: "2" });
      // It keeps its share of the seconds of emission while it was active.
      expect(curator.lines[2]).to.match(
        /^Retired pool 2 "Free AI"\. It receives nothing new; [\d.]+ FRSV stays claimable by its recipient\.$/,
      );
      expect(await f.system.poolRegistry.claimable(2n)).to.be.gt(0n);
      const list = contextFor(f, f.stranger);
      await pools(list);
      expect(list.lines[0]).to.equal("2 pools, total weight 160:");
      // Its claimable reserve is the new reserve emitted so far (the pool has had all the weight).
      expect(list.lines[1]).to.match(
        /^ {2}1\. "Cancer research" — active, weight 160 \(100\.0% of the commons\), claimable [\d.]+ FRSV, pays 0x/,
      );
      expect(list.lines[2]).to.include('2. "Free AI" — retired, weight 0');
    });

    it("refuses strangers, wrong states and bad values before sending anything", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const stranger = contextFor(f, f.stranger);
      const curator = contextFor(f, f.operator);
      await expectRefusal(
        stranger,
        () => propose(stranger, { name: " ", uri: "", recipient: "" }),
        "--name is required",
      );
      await expectRefusal(
        stranger,
        () => propose(stranger, { name: "x", uri: "ipfs://x", recipient: "nope" }),
        "--recipient must be an address",
      );
      await expectRefusal(
        stranger,
        () => propose(stranger, { name: "x", uri: " ", recipient: "" }),
        "--uri is required: where the pool's description lives",
      );
      await expectRefusal(stranger, () => approve(stranger, { pool: "1", weight: "1" }), "is not the curator");
      await expectRefusal(
        curator,
        () => approve(curator, { pool: "1", weight: "1" }),
        "pool 1 is active; only a proposed pool",
      );
      await expectRefusal(curator, () => approve(curator, { pool: "3", weight: "1" }), "pool 3 does not exist");
      await expectRefusal(
        curator,
        () => setWeight(curator, { pool: "1", weight: "2000000" }),
        "above the maximum of 1000000",
      );
      await expectRefusal(
        curator,
        () => setWeight(curator, { pool: "1", weight: "heavy" }),
        "--weight must be a whole-number weight",
      );
      await expectRefusal(stranger, () => retire(stranger, { pool: "1" }), "is not the curator");
      await retire(curator, { pool: "1" });
      await expectNothingToDo(curator, () => retire(curator, { pool: "1" }), "pool 1 is already retired");
      await expectRefusal(curator, () => setWeight(curator, { pool: "1", weight: "1" }), "pool 1 is retired");
    });

    it("says how to start when there are no pools", async function () {
      const fresh = await network.create();
      const system = await deployFoundation(fresh);
      const [signer] = await fresh.ethers.getSigners();
      const lines: string[] = [];
      await pools({
        system,
        signer: signer!,
        account: signer!.address,
        chainId: 31337n,
        networkName: "localhost",
        say: (l) => lines.push(l),
        put: () => undefined,
      });
      expect(lines[0]).to.match(/^No pools yet\. Propose one with: npx hardhat foundation:propose/);
      await fresh.provider.close();
    });
  });

  describe("foundation:curate", function () {
    it("approves and reweighs a batch at once for the curator, in any order typed", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      await f.system.poolRegistry.propose("Free AI", "", f.stranger.address); // 2
      await f.system.poolRegistry.propose("Education", "", f.stranger.address); // 3
      const curator = contextFor(f, f.operator);
      await curate(curator, { pools: "3, 1,2", weights: "20,100,30", execute: false, cancel: false });
      expect(curator.lines).to.deep.equal([
        "Curated in one batch (total weight now 150):",
        '  pool 1 "Cancer research": weight 60 → 100',
        '  approved pool 2 "Free AI" with weight 30',
        '  approved pool 3 "Education" with weight 20',
      ]);
      expect((await f.system.poolRegistry.pool(3n)).weight).to.equal(20n);
    });

    it("refuses bad lists, unknown, repeated and retired pools, heavy weights and strangers", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const curator = contextFor(f, f.operator);
      const stranger = contextFor(f, f.stranger);
      const refuse = (ctx: typeof curator, pools: string, weights: string, message: string) =>
        expectRefusal(ctx, () => curate(ctx, { pools, weights, execute: false, cancel: false }), message);
      await refuse(curator, "", "1", "--pools is required");
      await refuse(curator, "1,x", "1,1", '--pools must be pool ids like 1,2,3, not "1,x"');
      await refuse(curator, "1", "1,2", "--pools lists 1 pool but --weights 2 weights");
      await refuse(curator, "1,1", "1,2", "pool 1 is listed twice in --pools");
      await refuse(curator, "7", "1", "pool 7 does not exist");
      await refuse(curator, "1", "1000001", "--weights 1000001 is above the maximum of 1000000");
      await refuse(stranger, "1", "5", "is not the curator");
      await retire(curator, { pool: "1" });
      await refuse(curator, "1", "5", "pool 1 is retired; it cannot be given a weight again");
    });

    it("schedules through the timelock where it curates, and executes once the delay has passed", async function () {
      const fresh = await network.create();
      const [proposer, stranger, recipient] = await fresh.ethers.getSigners();
      const system = await deployFoundation(fresh, { timelockDelay: 172_800n, curator: ethers.ZeroAddress });
      await system.poolRegistry.connect(recipient!).propose("Cancer research", "", recipient!.address);
      await system.poolRegistry.connect(recipient!).propose("Free AI", "", recipient!.address);
      const addresses = await addressesOf(system);
      const lines: string[] = [];
      const ctx = (signer: typeof proposer): Context => ({
        system: attachFoundation(addresses, signer!),
        signer: signer!,
        account: signer!.address,
        chainId: 11155111n,
        networkName: "sepolia",
        say: (line) => lines.push(line),
        put: () => undefined,
      });
      const proposerCtx = ctx(proposer);
      const only = { pools: "", weights: "", execute: false, cancel: false };
      await curate(proposerCtx, { ...only, pools: "1,2", weights: "60,40" });
      expect(lines[0]).to.match(
        /^Scheduled through the timelock: curate pools 1, 2 with weights 60, 40 \(operation 0x[0-9a-f]{64}\)\.$/,
      );
      expect(lines[1]).to.match(
        /\(timelock delay 2 days\): npx hardhat foundation:curate --execute --network sepolia$/,
      );
      // While no pool has weight, only a batch may give pools weight (the registry would refuse a
      // single approval at execution): refused before scheduling. A weight of 0 can be scheduled.
      await expectRefusal(
        proposerCtx,
        () => approve(proposerCtx, { pool: "1", weight: "10" }),
        "no pool has weight now, so the weights that end that must be set together: npx hardhat foundation:curate " +
          "--pools 1,… --weights 10,… --network sepolia",
      );
      await approve(proposerCtx, { pool: "1", weight: "0" }); // also scheduled, not done
      expect(lines[2]).to.match(/^Scheduled through the timelock: approve pool 1 with weight 0 \(operation/);
      expect(lines[4]).to.equal(
        "1 earlier curation is still waiting and will run first: curate pools 1, 2 with weights 60, 40.",
      );
      expect(await system.poolRegistry.totalWeight()).to.equal(0n);

      const anyone = ctx(stranger);
      await expectRefusal(
        anyone,
        () => curate(anyone, { ...only, pools: "1", weights: "5" }),
        "on this deployment curation goes through the timelock, and only a timelock proposer may schedule it",
      );
      await expectRefusal(
        anyone,
        () => curate(anyone, { ...only, execute: true }),
        /the curation scheduled first can be executed after .* \(in .+\)/,
      );
      await expectRefusal(
        anyone,
        () => curate(anyone, { ...only, pools: "2", execute: true }),
        "--execute acts on what the timelock holds; it takes no --pools or --weights",
      );
      await expectRefusal(anyone, () => curate(anyone, { ...only, execute: true, cancel: true }), "not both");
      await fresh.networkHelpers.time.increase(172_800);
      lines.length = 0;
      // Executing a curation settles the commons first: it is sent with the settlement's headroom.
      const [batch] = await pendingCurations(anyone);
      const estimated = await system.timelock
        .connect(stranger!)
        .execute.estimateGas(batch!.target, 0n, batch!.data, batch!.predecessor, batch!.salt);
      // In the order scheduled: the batch approves pool 1 first, so the later one-pool approval of
      // the same pool would be refused by the registry: it is skipped and named.
      await curate(anyone, { ...only, execute: true });
      const executed = (await fresh.ethers.provider.getBlock("latest", true))!.prefetchedTransactions;
      expect(executed).to.have.length(1);
      expect(executed[0]!.to).to.equal(addresses.timelock);
      expect(executed[0]!.gasLimit).to.equal(settlementGasLimit(estimated));
      expect(lines).to.deep.equal([
        "Executed the scheduled curation: curate pools 1, 2 with weights 60, 40.",
        "Total weight now 100.",
        "Skipped, the registry would refuse it now: approve pool 1 with weight 0 (the transaction was refused: " +
          "pool 1 is active, not proposed (WrongPoolStatus(1, 2, 1))); a timelock proposer can clear the queue with " +
          "npx hardhat foundation:curate --cancel --network sepolia (it cancels every waiting curation).",
      ]);
      // With only the stale one left, executing fails with one line, until a proposer cancels it.
      await expectRefusal(
        anyone,
        () => curate(anyone, { ...only, execute: true }),
        /^no ready curation can run: approve pool 1 with weight 0/,
      );
      await expectRefusal(anyone, () => curate(anyone, { ...only, cancel: true }), "is not the timelock proposer");
      lines.length = 0;
      await status(anyone);
      expect(lines.join("\n")).to.match(
        /Curation\n {2}through the timelock: every approval, weight change and retirement waits 2 days\n {2}scheduled: approve pool 1 with weight 0, takes effect once executed after \d{4}-/,
      );
      lines.length = 0;
      await curate(proposerCtx, { ...only, cancel: true });
      expect(lines).to.deep.equal(["Cancelled the scheduled curation: approve pool 1 with weight 0."]);
      await expectNothingToDo(anyone, () => curate(anyone, { ...only, execute: true }), "no curation is waiting");
      expect(await system.poolRegistry.totalWeight()).to.equal(100n);
      await fresh.provider.close();
    });
  });

  describe("foundation:settle and foundation:claim", function () {
    it("settles what reached the commons, then claims for one pool or all, paying the recipient", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const anyone = contextFor(f, f.stranger);
      // 200 FRSV naming pool 1 and 200 naming nobody: a 1 FRSV fee each (50 bps).
      await mint(contextFor(f, f.holder), { ...noMint, amount: "200", pool: "1" });
      await mint(contextFor(f, f.holder), { ...noMint, amount: "200", pool: "0" });
      await networkHelpers.time.increase(100);
      await settle(anyone);
      // The commons' fee was recycled; no compute epoch (a day long here) is final yet.
      expect(anyone.lines[0]).to.equal(
        "Settled the commons: 1 FRSV of fees and gifts and 0 FRSV of compute budgets nobody reported are now " +
          "shared by the pools' weights; each pool can claim its share.",
      );
      const before = await f.system.reserveToken.balanceOf(f.recipient.address);
      await claim(anyone, { pool: "", all: true });
      const paid = (await f.system.reserveToken.balanceOf(f.recipient.address)) - before;
      // The only pool takes everything that reached the commons since it was curated (nobody is
      // registered, so the human share too), the recycled fee and its named fee, less at most one
      // base unit of carried remainder.
      const claimedAt = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
      const { toHumans, toCommons } = splitOf(
        await f.system.emission.emittedUntil(claimedAt),
        await f.system.emission.COMPUTE_SHARE_BPS(),
        await f.system.emission.HUMAN_SHARE_BPS(),
      );
      const owed = toCommons + toHumans + units("1") + units("1");
      expect(paid).to.be.within(owed - 1n, owed);
      expect(anyone.lines[1]).to.include(`for pool 1 "Cancer research", paid to ${f.recipient.address}.`);
      await claim(anyone, { pool: "", all: true });
      expect(anyone.lines[2]).to.equal("No pool has anything to claim.");
      await claim(anyone, { pool: "1", all: false });
      expect(anyone.lines[3]).to.equal('pool 1 "Cancer research" has nothing to claim.');
    });

    it("sends every settlement with the measured headroom: the mined gas limit is the estimate × 1.25 + headroom", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const registry = f.system.poolRegistry;
      await registry.propose("Free AI", "", f.stranger.address); // 2
      await registry.propose("Education", "", f.stranger.address); // 3
      await registry.propose("Open data", "", f.stranger.address); // 4
      await mint(contextFor(f, f.holder), { ...noMint, amount: "200", pool: "0" });
      await networkHelpers.time.increase(100);
      const asStranger = registry.connect(f.stranger);
      const asCurator = registry.connect(f.operator);
      // Each command, and an estimate of its call made just before it, in the same state.
      const commands: [string, () => Promise<bigint>, () => Promise<void>][] = [
        ["settle", () => asStranger.settle.estimateGas(), () => settle(contextFor(f, f.stranger))],
        [
          "approve",
          () => asCurator.approve.estimateGas(2n, 10n),
          () => approve(contextFor(f, f.operator), { pool: "2", weight: "10" }),
        ],
        [
          "weight",
          () => asCurator.setWeight.estimateGas(1n, 80n),
          () => setWeight(contextFor(f, f.operator), { pool: "1", weight: "80" }),
        ],
        [
          "curate",
          () => asCurator.curate.estimateGas([1n, 3n, 4n], [70n, 20n, 30n]),
          () =>
            curate(contextFor(f, f.operator), { pools: "4,1,3", weights: "30,70,20", execute: false, cancel: false }),
        ],
        ["retire", () => asCurator.retire.estimateGas(2n), () => retire(contextFor(f, f.operator), { pool: "2" })],
      ];
      for (const [name, estimate, command] of commands) {
        const estimated = await estimate();
        await command();
        const block = await ethers.provider.getBlock("latest", true);
        expect(block!.prefetchedTransactions, name).to.have.length(1);
        const [sent] = block!.prefetchedTransactions;
        expect(sent!.to, name).to.equal(f.addresses.poolRegistry);
        expect(sent!.gasLimit, name).to.equal(settlementGasLimit(estimated));
        // Dropping the headroom would leave the margin alone: 1.25 × the estimate.
        expect(sent!.gasLimit - (estimated * 125n) / 100n, name).to.equal(SETTLEMENT_HEADROOM);
        const receipt = await ethers.provider.getTransactionReceipt(sent!.hash);
        expect(receipt!.status, name).to.equal(1);
        expect(receipt!.gasUsed, name).to.be.lessThanOrEqual(estimated);
      }
      expect(settlementGasLimit(100_000n)).to.equal(245_000n);
      expect(await registry.totalWeight()).to.equal(120n);
    });

    it("says when nothing reached the commons, and refuses an ambiguous or unknown claim", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const anyone = contextFor(f, f.stranger);
      await settle(anyone);
      expect(anyone.lines[0]).to.equal(
        "Nothing has reached the commons since the last settlement: pools can already claim all it holds.",
      );
      expect(anyone.fields.fees).to.deep.equal({ token: "FRSV", baseUnits: "0", tokens: "0" });
      await expectRefusal(anyone, () => claim(anyone, { pool: "", all: false }), "give either --pool <id> or --all");
      await expectRefusal(anyone, () => claim(anyone, { pool: "1", all: true }), "give either --pool <id> or --all");
      await expectRefusal(anyone, () => claim(anyone, { pool: "5", all: false }), "pool 5 does not exist");
    });
  });

  describe("foundation:time", function () {
    it("reads durations with units and refuses anything else with the reason", function () {
      expect(parseDuration("3600", "advance")).to.equal(3_600n);
      expect(parseDuration("30m", "advance")).to.equal(1_800n);
      expect(parseDuration("1d12h", "advance")).to.equal(129_600n);
      expect(parseDuration(" 2W ", "advance")).to.equal(1_209_600n);
      for (const bad of ["", "-10", "1.5h", "1d12", "h", "10 m", "1y"]) {
        expect(() => parseDuration(bad, "advance"), bad).to.throw(CommandError, "--advance");
      }
      expect(() => parseDuration("0h", "advance")).to.throw(CommandError, "more than 0 seconds");
      expect(() => parseDuration("5300w", "advance")).to.throw(CommandError, "at most a century");
    });

    it("shows the chain's time and epoch, moves a local clock, and refuses to move any other", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const ctx = contextFor(f, f.stranger);
      const before = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
      await time(ctx, { advance: "" });
      expect(ctx.fields.advanced).to.equal("0");
      expect(ctx.fields.timestamp).to.equal(before.toString());
      const [start, length] = [await f.system.computeRewards.START(), await f.system.computeRewards.EPOCH_LENGTH()];
      expect(ctx.fields.epoch).to.equal(((before - start) / length).toString());
      expect(ctx.lines[0]).to.match(/^Chain time: .* UTC \(block \d+\); epoch \d+ of verified compute, which ends at /);

      ctx.lines.length = 0;
      await time(ctx, { advance: "1d12h" });
      const after = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
      // The clock moved by the duration, plus the seconds the test itself took (a minute at most).
      expect(after - before).to.be.within(129_600n, 129_660n);
      expect(ctx.lines[0]).to.match(/^Moved the clock 129600 s forward\. Chain time: /);
      expect(ctx.fields.timestamp).to.equal(after.toString());

      // A node that is not a development node (a public chain's id, a client that says so).
      const provider = ethers.provider;
      const publicNode = new Proxy(provider, {
        get(target, key) {
          if (key === "send") {
            return (method: string, params: unknown[]) =>
              method === "web3_clientVersion" ? Promise.resolve("Geth/v1.14.0-stable") : target.send(method, params);
          }
          const value = Reflect.get(target, key) as unknown;
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      const signer = Object.create(f.stranger, { provider: { value: publicNode } }) as typeof f.stranger;
      const onSepolia = { ...contextFor(f, f.stranger), signer, chainId: 11155111n, networkName: "sepolia" };
      await expectRefusal(
        onSepolia,
        () => time(onSepolia, { advance: "1h" }),
        "--advance moves the clock of a local development chain only; sepolia (chain 11155111, Geth/v1.14.0-stable) keeps its own time",
      );
      expect(BigInt((await ethers.provider.getBlock("latest"))!.timestamp)).to.equal(after);
    });
  });

  describe("foundation:pause / unpause", function () {
    it("lets the guardian pause and resume, and refuses anyone else", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const guardian = contextFor(f, f.operator);
      await setPaused(guardian, true);
      await setPaused(guardian, true);
      await setPaused(guardian, false);
      expect(guardian.lines).to.deep.equal([
        "Minting is paused. Redemption and claims keep working.",
        "Minting is already paused.",
        "Minting is open again.",
      ]);
      const stranger = contextFor(f, f.stranger);
      await expectRefusal(stranger, () => setPaused(stranger, true), "is not the guardian");
    });
  });

  describe("foundation:fees", function () {
    it("schedules a change through the timelock and executes it once the delay has passed", async function () {
      const fresh = await network.create();
      const [proposer, stranger] = await fresh.ethers.getSigners();
      const system = await deployFoundation(fresh, { timelockDelay: 172_800n });
      const addresses = await addressesOf(system);
      const lines: string[] = [];
      const ctx = (signer: typeof proposer): Context => ({
        system: attachFoundation(addresses, signer!),
        signer: signer!,
        account: signer!.address,
        chainId: 31337n,
        networkName: "localhost",
        say: (line) => lines.push(line),
        put: () => undefined,
      });
      const proposerCtx = ctx(proposer);
      await fees(proposerCtx, { mintBps: "80", redeemBps: "30", execute: false });
      expect(lines[0]).to.match(
        /^Scheduled a fee change to mint 80 bps, redeem 30 bps \(operation 0x[0-9a-f]{64}\)\.$/,
      );
      expect(lines[1]).to.match(/timelock delay 2 days\): npx hardhat foundation:fees --execute --network localhost$/);
      const pending = await pendingFeeChanges(proposerCtx.system);
      expect(pending.map((p) => [p.mintBps, p.redeemBps])).to.deep.equal([[80n, 30n]]);

      const anyone = ctx(stranger);
      await expectRefusal(
        anyone,
        () => fees(anyone, { mintBps: "", redeemBps: "", execute: true }),
        /the fee change scheduled first can be executed after .* \(in 2 days\)/,
      );
      await expectRefusal(
        anyone,
        () => fees(anyone, { mintBps: "10", redeemBps: "10", execute: false }),
        "is not the timelock proposer",
      );
      await expectRefusal(
        proposerCtx,
        () => fees(proposerCtx, { mintBps: "201", redeemBps: "0", execute: false }),
        "above the fee cap of 200 bps",
      );
      await expectRefusal(
        proposerCtx,
        () => fees(proposerCtx, { mintBps: "", redeemBps: "1", execute: false }),
        "--mint-bps is required",
      );
      await expectRefusal(
        anyone,
        () => fees(anyone, { mintBps: "1", redeemBps: "1", execute: true }),
        "no matching fee change",
      );

      await fresh.networkHelpers.time.increase(172_800);
      await fees(anyone, { mintBps: "", redeemBps: "", execute: true });
      expect(lines.at(-1)).to.equal("Executed the fee change: minting now costs 80 bps, redeeming 30 bps.");
      expect(await system.foundationCoin.mintFeeBps()).to.equal(80n);
      expect(await pendingFeeChanges(proposerCtx.system)).to.deep.equal([]);
      await fresh.provider.close();
    });

    it("cancels a superseded change, so an older decision can never undo a newer one; --cancel clears", async function () {
      const fresh = await network.create();
      const [proposer, stranger] = await fresh.ethers.getSigners();
      const system = await deployFoundation(fresh, { timelockDelay: 172_800n });
      const addresses = await addressesOf(system);
      const ctx = commandContext(addresses, proposer!, 31337n);
      await fees(ctx, { mintBps: "100", redeemBps: "25", execute: false });
      const [older] = await pendingFeeChanges(ctx.system);
      await fees(ctx, { mintBps: "150", redeemBps: "25", execute: false });
      expect(ctx.lines).to.include("Cancelled the waiting fee change to mint 100 bps, redeem 25 bps: superseded.");
      expect((await pendingFeeChanges(ctx.system)).map((p) => [p.mintBps, p.redeemBps])).to.deep.equal([[150n, 25n]]);
      await fresh.networkHelpers.time.increase(172_800);
      const anyone = commandContext(addresses, stranger!, 31337n);
      await fees(anyone, { mintBps: "", redeemBps: "", execute: true });
      expect(await system.foundationCoin.mintFeeBps()).to.equal(150n);
      // Nobody can execute the older decision any more: the timelock no longer holds it.
      await expect(
        system.timelock.connect(stranger!).execute(older!.target, 0n, older!.data, older!.predecessor, older!.salt),
      ).to.be.revertedWithCustomError(system.timelock, "TimelockUnexpectedOperationState");
      expect(await system.foundationCoin.mintFeeBps()).to.equal(150n);

      // A change equal to the fees is warned about; --cancel clears what waits, a proposer only.
      await fees(ctx, { mintBps: "150", redeemBps: "25", execute: false });
      expect(ctx.lines).to.include("Warning: the fees are already mint 150 bps, redeem 25 bps.");
      await expectRefusal(
        anyone,
        () => fees(anyone, { mintBps: "", redeemBps: "", execute: false, cancel: true }),
        "is not the timelock proposer",
      );
      await expectRefusal(
        ctx,
        () => fees(ctx, { mintBps: "1", redeemBps: "", execute: false, cancel: true }),
        "it takes no --mint-bps",
      );
      await expectRefusal(
        ctx,
        () => fees(ctx, { mintBps: "", redeemBps: "", execute: true, cancel: true }),
        "not both",
      );
      await fees(ctx, { mintBps: "", redeemBps: "", execute: false, cancel: true });
      expect(ctx.lines.at(-1)).to.equal("Cancelled the waiting fee change to mint 150 bps, redeem 25 bps.");
      expect(await pendingFeeChanges(ctx.system)).to.deep.equal([]);
      await expectNothingToDo(
        ctx,
        () => fees(ctx, { mintBps: "", redeemBps: "", execute: false, cancel: true }),
        "no fee change is waiting",
      );
      await fresh.provider.close();
    });

    it("still finds a fee change scheduled more than 100,000 blocks ago (no fixed look-back)", async function () {
      const fresh = await network.create();
      const [proposer] = await fresh.ethers.getSigners();
      const system = await deployFoundation(fresh, { timelockDelay: 172_800n });
      const ctx = commandContext(await addressesOf(system), proposer!, 31337n);
      await fees(ctx, { mintBps: "80", redeemBps: "30", execute: false });
      // A slow testnet: 150,000 blocks and the delay pass before anyone executes.
      await fresh.networkHelpers.mine(150_000, { interval: 2 });
      const pending = await pendingFeeChanges(ctx.system);
      expect(pending.map((p) => [p.mintBps, p.redeemBps])).to.deep.equal([[80n, 30n]]);
      await fees(ctx, { mintBps: "", redeemBps: "", execute: true });
      expect(await system.foundationCoin.mintFeeBps()).to.equal(80n);
      await fresh.provider.close();
    });
  });

  describe("sending", function () {
    it("says on stderr that it sent a transaction, with where to follow it on a public chain", async function () {
      const hash = "0x" + "ab".repeat(32);
      const fake = (chainId: bigint) =>
        Promise.resolve({ hash, chainId, wait: async () => ({ hash }) } as unknown as ContractTransactionResponse);
      const written: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      const tty = process.stderr.isTTY;
      process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
      process.stderr.isTTY = false; // as in a script or CI, whatever runs this test
      // As a command run from the command line: no test output in between.
      const testOutput = useOutput(undefined);
      try {
        await confirm(fake(11155111n));
        await confirm(fake(31337n));
      } finally {
        useOutput(testOutput);
        process.stderr.write = write;
        process.stderr.isTTY = tty;
      }
      // Every transaction's hash, also in a script (stdout stays the command's report); Sepolia's
      // with the explorer link.
      expect(written).to.deep.equal([
        `sent ${hash} (https://sepolia.etherscan.io/tx/${hash}), waiting…\n`,
        `sent ${hash}, waiting…\n`,
      ]);
    });
  });

  describe("foundation:balance", function () {
    it("shows what an address holds and may claim, exactly", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      await mint(contextFor(f, f.holder), { ...noMint, amount: "100", pool: "1" });
      const ctx = contextFor(f, f.holder);
      await balance(ctx, { address: "" });
      expect(ctx.lines).to.deep.equal([
        `${f.holder.address} holds:`,
        "  900 FRSV",
        "  99500 FDC (redeemable for 99.5 FRSV before the redeem fee)",
        `  ${ethers.formatEther(await ethers.provider.getBalance(f.holder.address))} ETH for gas`,
        "  allows the coin to take 0 FRSV (for minting)",
        "Nothing to claim.",
      ]);
      const anyone = contextFor(f, f.stranger);
      await balance(anyone, { address: f.recipient.address });
      const claimable = await f.system.poolRegistry.claimable(1n);
      expect(claimable).to.be.greaterThan(units("0.5"));
      expect(anyone.lines.slice(-2)).to.deep.equal([
        "May claim:",
        `  ${ethers.formatUnits(claimable, 18)} FRSV as the recipient of pool 1 "Cancer research"`,
      ]);
      await expectRefusal(anyone, () => balance(anyone, { address: "0x12" }), "--address must be an address");
    });
  });

  describe("foundation:status", function () {
    it("shows addresses, backing, fees, emission and pools", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      await mint(contextFor(f, f.holder), { ...noMint, amount: "100" });
      const ctx = contextFor(f, f.stranger);
      await status(ctx);
      const text = ctx.lines.join("\n");
      expect(text).to.include(`coin (FDC)       ${f.addresses.foundationCoin}`);
      expect(text).to.include("the coin holds 100 FRSV for 99500 FDC in circulation, which needs 99.5 FRSV");
      expect(text).to.include("100.50% of what it needs");
      expect(text).to.include("of which fees waiting for the pools: 0.5 FRSV");
      expect(text).to.include("mint 50 bps, redeem 50 bps (cap 200 bps); minting is open");
      expect(text).to.include("no fee change is scheduled");
      expect(text).to.include("Curation\n  by the accounts holding the curator role, at once");
      expect(text).to.match(/0 halvings so far; the next on \d{4}-\d\d-\d\d/);
      expect(text).to.include('1. "Cancer research" — active, weight 60');
    });

    it("shows verified compute's review period, attesters, guardian and voided shares, and each issuer's registrations", async function () {
      const f = await networkHelpers.loadFixture(tasksFixture);
      const rewards = f.system.computeRewards;
      const operator = f.operator.address;
      // None named: the deploying account is the only attester, the guardian and the issuer.
      const ctx = contextFor(f, f.stranger);
      await status(ctx);
      let text = ctx.lines.join("\n");
      expect(text).to.include(
        "Verified compute\n  epoch 0 (every 1 day); reports need 1 of 1 attesters within 2 days of an epoch's end; " +
          "the guardian may void one for 2 days more, then the epoch is final\n" +
          `  attesters: ${operator}; guardian: ${operator}\n`,
      );
      expect(text).to.include(
        "(claims, and to the commons: leftovers swept, 0 FRSV of epochs nobody reported, 0 FRSV of voided reports); " +
          "npx hardhat foundation:work shows an epoch",
      );
      expect(text).to.include(`\n  issuers (each answers for its own registrations): ${operator} (0)`);
      expect(text).not.to.include("no report can pass");

      // Pool 1 reports epoch 0 (quorum 1); the guardian voids the report; once final, its share
      // (the whole budget: the only report) goes to the commons.
      const [start, length, window, review] = await Promise.all([
        rewards.START(),
        rewards.EPOCH_LENGTH(),
        rewards.SUBMISSION_WINDOW(),
        rewards.REVIEW_PERIOD(),
      ]);
      await networkHelpers.time.increaseTo(start + length);
      const report = { poolId: 1n, epoch: 0n, units: 100n, evidence: ethers.id("receipts"), version: 1n };
      const signature = await signWork(f.operator, rewards, report);
      await rewards.submitWork(1n, 0n, 100n, report.evidence, 1n, [operator], [signature]);
      await rewards.voidReport(1n, 0n);
      await networkHelpers.time.increaseTo(start + length + window + review + 1n);
      await rewards.sweepVoided(1n, 0n);
      const voided = await rewards.voidedToCommons();
      expect(voided).to.equal(await rewards.epochBudget(0n));
      // A person the issuer registered.
      const expiresAt = BigInt(await networkHelpers.time.latest()) + 86_400n;
      const person = { account: f.holder.address, nullifier: ethers.id("holder"), expiresAt };
      const credential = await signCredential(
        f.operator,
        { registry: f.system.humanRegistry, chainId: f.chainId },
        person,
      );
      await f.system.humanRegistry.register(f.holder.address, person.nullifier, expiresAt, operator, credential);
      // The only attester renounces (a leaked key must be able to stop signing): no report can pass.
      await rewards.renounceRole(await rewards.ATTESTER_ROLE(), operator);
      ctx.lines.length = 0;
      await status(ctx);
      text = ctx.lines.join("\n");
      expect(text).to.match(
        /\n {2}epoch 5 \(every 1 day\); reports need 1 of 0 attesters within 2 days of an epoch's end; [^\n]+\n {2}no report can pass: 0 attesters for a quorum of 1 \(the admin must grant or lower it\)\n/,
      );
      expect(text).to.include(`${ethers.formatUnits(voided, 18)} FRSV of voided reports)`);
      expect(text).to.include(`\n  issuers (each answers for its own registrations): ${operator} (1)`);
    });
  });
});
