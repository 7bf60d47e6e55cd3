import { expect } from "chai";
import { network } from "hardhat";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ContractAttester__factory } from "../typechain-types/index.js";
import { addressesOf } from "../client/foundation.js";
import { nullifierFor, signCredential } from "../client/humans.js";
import {
  claimDividend,
  credential,
  dividendOf,
  humans,
  register,
  removeExpired,
  revoke,
  type CredentialArgs,
  type SecretSource,
} from "../tasks/commands/humans.js";
import { commandContext, expectRefusal, type TestContext, printExactAmounts } from "./helpers/tasks.js";
import { when } from "../client/describe.js";
import { amountJson } from "../client/output.js";
import { foundationFixture } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const base = foundationFixture(connection);

const DAY = 86_400n;
/** The issuers' shared secret in these tests (a real one comes from a config variable). */
const SECRET = "7f3a9c0e51b24d86a1e0c3f5b7d9e2a4c6f8b0d2e4a6c8e0f2b4d6a8c0e2f4b6";
const secret: SecretSource = async () => SECRET;

/** The system, a working folder for files, and a command context for each account. */
async function humansFixture() {
  const f = await base();
  const addresses = await addressesOf(f);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const as = (signer: typeof f.deployer) => commandContext(addresses, signer, chainId);
  const dir = await mkdtemp(path.join(os.tmpdir(), "foundation-humans-"));
  return { ...f, addresses, chainId, as, dir };
}
type Fixture = Awaited<ReturnType<typeof humansFixture>>;

let files = 0;

/** The options of foundation:credential, with `--days 365` and a new file in the fixture's folder. */
function credentialArgs(f: Fixture, account: string, person: string, more: Partial<CredentialArgs> = {}) {
  const out = path.join(f.dir, `credential-${++files}.json`);
  return { account, person, nullifier: "", days: "365", out, ...more };
}

/** The deployer (an issuer) signs `person`'s credential for `account`; returns the file. */
async function issue(f: Fixture, account: string, person: string, more: Partial<CredentialArgs> = {}) {
  const args = credentialArgs(f, account, person, more);
  await credential(f.as(f.deployer), args, secret);
  return args.out;
}

/** Alice, Bob and Carol verified as three people, registered by a relayer (the stranger). */
async function threeHumansFixture() {
  const f = await humansFixture();
  const relayer = f.as(f.stranger);
  for (const [who, person] of [
    [f.alice, "alice"],
    [f.bob, "bob"],
    [f.carol, "carol"],
  ] as const) {
    await register(relayer, { credential: await issue(f, who.address, `id:${person}`) });
  }
  return f;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe("Tasks: verified humans and their dividend", function () {
  printExactAmounts();

  describe("foundation:credential", function () {
    it("signs a credential the registry accepts; the nullifier depends on the person, not the issuer", async function () {
      const f = await networkHelpers.loadFixture(humansFixture);
      const issuer = f.as(f.deployer);
      const file = path.join(f.dir, `alice-${++files}.json`);
      await credential(issuer, credentialArgs(f, f.alice.address, "passport:NL-123", { out: file }), secret);
      const written = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
      const nullifier = nullifierFor(SECRET, "passport:NL-123");
      expect(written).to.include({
        kind: "Foundation human credential",
        chainId: String(f.chainId),
        humanRegistry: f.addresses.humanRegistry,
        account: f.alice.address,
        nullifier,
        issuer: f.deployer.address,
      });
      expect(JSON.stringify(written), "the person id is never written").not.to.include("NL-123");
      const now = BigInt(await networkHelpers.time.latest());
      expect(BigInt(written.expiresAt!)).to.equal(now + 365n * DAY);
      expect(issuer.lines[0]).to.include(`${f.alice.address} is a verified person until`);
      expect(issuer.lines[0]).to.include("derived from the person id and the issuers' shared secret");
      expect(issuer.lines[1]).to.include(`foundation:register --credential ${file} --network localhost`);

      // A second issuer who verifies the same person derives the same nullifier.
      await f.humanRegistry.connect(f.governor).grantRole(await f.humanRegistry.ISSUER_ROLE(), f.bob.address);
      const second = path.join(f.dir, `alice-by-bob-${++files}.json`);
      await credential(f.as(f.bob), credentialArgs(f, f.alice.address, " passport:NL-123 ", { out: second }), secret);
      expect(JSON.parse(await readFile(second, "utf8")).nullifier).to.equal(nullifier);
      expect(nullifierFor(SECRET, "passport:NL-124")).not.to.equal(nullifier);

      // The registry accepts what the issuer signed.
      await register(f.as(f.alice), { credential: file });
      expect(await f.humanRegistry.isHuman(f.alice.address)).to.equal(true);
      expect(await f.humanRegistry.nullifierOf(f.alice.address)).to.equal(nullifier);
    });

    it("takes a personhood protocol's own nullifier instead of a person id", async function () {
      const f = await networkHelpers.loadFixture(humansFixture);
      const own = ethers.id("world id nullifier of alice");
      const file = await issue(f, f.alice.address, "", {
        nullifier: own,
        days: "30",
        out: path.join(f.dir, "own.json"),
      });
      await register(f.as(f.alice), { credential: file });
      expect(await f.humanRegistry.nullifierOf(f.alice.address)).to.equal(own);
      expect(await f.humanRegistry.expiresAt(f.alice.address)).to.equal(
        BigInt(JSON.parse(await readFile(file, "utf8")).expiresAt),
      );
    });

    it("refuses, signing nothing, what the registry would refuse and input it cannot use", async function () {
      const f = await networkHelpers.loadFixture(humansFixture);
      const issuer = f.as(f.deployer);
      const out = path.join(f.dir, `refused-${++files}.json`);
      const refuse = (args: Partial<CredentialArgs>, message: string, ctx: TestContext = issuer, read = secret) =>
        expectRefusal(
          ctx,
          () => credential(ctx, credentialArgs(f, f.alice.address, "alice", { out, ...args }), read),
          message,
        );

      await refuse({}, "is not an issuer; only issuers sign credentials", f.as(f.stranger));
      await refuse({ person: "" }, "give either --person <id>");
      await refuse({ nullifier: ethers.id("x") }, "give either --person <id>");
      await refuse({ person: "", nullifier: "0x1234" }, "--nullifier must be 32 non-zero bytes");
      await refuse({ person: "", nullifier: ethers.ZeroHash }, "--nullifier must be 32 non-zero bytes");
      await refuse({}, "FOUNDATION_NULLIFIER_SECRET: set it in the environment", issuer, async () => undefined);
      await refuse({}, "the shared secret needs at least 32", issuer, async () => "too short");
      await refuse({ days: "0" }, "--days must be at least 1");
      await refuse({ days: "401" }, "--days 401 is beyond the 400 days a credential may last");
      await refuse({ days: "1.5" }, "--days must be");
      await refuse({ account: "0x12" }, "--account must be an address");
      await refuse({ account: f.addresses.humanDividend }, "is a Foundation contract, not a person's account");
      // The credential file is new: an existing file is never replaced; a bad path is named.
      await writeFile(out, "someone's earlier credential");
      await refuse({}, `--out ${out} already exists; choose another --out`);
      await refuse({ out: path.join(f.dir, "missing", "c.json") }, "is in a folder that does not exist");
      await refuse({ out: f.dir }, "is a folder; give a file name");
      expect(await readFile(out, "utf8")).to.equal("someone's earlier credential");
      await rm(out);

      // The person is registered as Alice: no credential moves them to Bob while it stands.
      await register(f.as(f.alice), { credential: await issue(f, f.alice.address, "alice") });
      await refuse({ account: f.bob.address }, `this person is registered as ${f.alice.address}`);
      // Alice is registered as one person: no second person for her account.
      await refuse({ person: "someone else" }, `${f.alice.address} is already registered as another person`);
      // After a revocation, re-admission needs a credential signed later that outlasts the
      // revocation's floor (now + the longest validity).
      await f.humanRegistry.revoke(f.alice.address);
      await refuse({ days: "30" }, "the registry refuses this person's credentials expiring before");
      await refuse({ days: "400" }, "give more --days, or after a revocation sign it later");
      expect(await exists(out), "no file was written").to.equal(false);
      await networkHelpers.mine();
      await issue(f, f.alice.address, "alice", { days: "400", out });
      expect(await exists(out)).to.equal(true);
    });
  });

  describe("foundation:register", function () {
    it("registers a person from an issuer's file, sent by a relayer, and renews with a later one", async function () {
      const f = await networkHelpers.loadFixture(humansFixture);
      const relayer = f.as(f.stranger);
      const first = await issue(f, f.alice.address, "alice", { days: "30" });
      await register(relayer, { credential: first });
      expect(relayer.lines[0]).to.match(
        new RegExp(
          `^Registered ${f.alice.address} as a verified human until .* on issuer ${f.deployer.address}'s word`,
        ),
      );
      expect(relayer.lines[1]).to.equal("1 human shares the dividend now (25% of new reserve).");
      const renewal = await issue(f, f.alice.address, "alice", { days: "365", out: path.join(f.dir, "renewal.json") });
      await register(relayer, { credential: renewal });
      expect(relayer.lines[2]).to.match(new RegExp(`^Renewed ${f.alice.address}'s registration until`));
      expect(await f.humanRegistry.humanCount()).to.equal(1n);
      expect(await f.humanRegistry.expiresAt(f.alice.address)).to.equal(
        BigInt(JSON.parse(await readFile(renewal, "utf8")).expiresAt),
      );
      // Submitting a credential again, or an older one, has nothing to do and says so.
      await expectRefusal(
        relayer,
        () => register(relayer, { credential: renewal }),
        "is already registered with this credential, until",
      );
      await expectRefusal(relayer, () => register(relayer, { credential: first }), "later than this credential");
    });

    it("accepts a credential signed by a contract issuer (ERC-1271), checked on chain", async function () {
      const f = await networkHelpers.loadFixture(humansFixture);
      const bridge = await new ContractAttester__factory(f.deployer).deploy(f.carol.address);
      await f.humanRegistry.connect(f.governor).grantRole(await f.humanRegistry.ISSUER_ROLE(), bridge);
      const c = {
        account: f.bob.address,
        nullifier: ethers.id("bridged person"),
        expiresAt: BigInt(await networkHelpers.time.latest()) + 10n * DAY,
      };
      const file = path.join(f.dir, "bridged.json");
      const write = async (signature: string) =>
        writeFile(
          file,
          JSON.stringify({
            kind: "Foundation human credential",
            chainId: String(f.chainId),
            humanRegistry: f.addresses.humanRegistry,
            account: c.account,
            nullifier: c.nullifier,
            expiresAt: String(c.expiresAt),
            issuer: await bridge.getAddress(),
            signature,
          }),
        );
      const where = { registry: f.humanRegistry, chainId: f.chainId };
      // The bridge vouches only for its operator's signatures: a stranger's is refused on chain.
      await write(await signCredential(f.stranger, where, c));
      const relayer = f.as(f.bob);
      await expectRefusal(
        relayer,
        () => register(relayer, { credential: file }),
        `InvalidSignature(${await bridge.getAddress()})`,
      );
      await write(await signCredential(f.carol, where, c));
      await register(relayer, { credential: file });
      expect(await f.humanRegistry.isHuman(f.bob.address)).to.equal(true);
    });

    it("refuses, sending nothing, files that are not this deployment's valid, current credentials", async function () {
      const f = await networkHelpers.loadFixture(humansFixture);
      const relayer = f.as(f.stranger);
      const file = await issue(f, f.alice.address, "alice", { days: "10" });
      const good = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
      const variant = async (name: string, change: Record<string, string>) => {
        const out = path.join(f.dir, name);
        await writeFile(out, JSON.stringify({ ...good, ...change }));
        return out;
      };
      const refuse = async (credentialFile: string, message: string) =>
        expectRefusal(relayer, () => register(relayer, { credential: credentialFile }), message);

      await refuse("", "--credential is required");
      await refuse(path.join(f.dir, "missing.json"), "cannot read the credential file");
      await refuse(
        await variant("work.json", { kind: "Foundation work report signature" }),
        "is not a credential written by foundation:credential",
      );
      await refuse(await variant("bad.json", { expiresAt: "soon" }), "a field is malformed");
      await refuse(await variant("chain.json", { chainId: "11155111" }), "is for chain 11155111");
      await refuse(await variant("registry.json", { humanRegistry: f.addresses.emission }), "not this deployment");
      // A credential for another account (or another expiry) is not the issuer's signature of it.
      await refuse(
        await variant("other.json", { account: f.bob.address }),
        `not ${f.deployer.address}'s signature of this credential`,
      );
      await refuse(
        await variant("later.json", { expiresAt: String(BigInt(good.expiresAt!) + 1n) }),
        "signature of this credential",
      );
      await refuse(await variant("garbage.json", { signature: "0x1234" }), "signature of this credential");
      // Signed by someone who is not an issuer.
      const forged = await signCredential(
        f.stranger,
        { registry: f.humanRegistry, chainId: f.chainId },
        {
          account: f.alice.address,
          nullifier: good.nullifier!,
          expiresAt: BigInt(good.expiresAt!),
        },
      );
      await refuse(
        await variant("forged.json", { issuer: f.stranger.address, signature: forged }),
        `account ${f.stranger.address} is not an issuer`,
      );

      // Signed before Alice registered: Bob's credential as the same person, and Alice's as another.
      const bobs = await issue(f, f.bob.address, "alice", { days: "20", out: path.join(f.dir, "bob-as-alice.json") });
      const second = await issue(f, f.alice.address, "not alice", {
        days: "20",
        out: path.join(f.dir, "alice-2.json"),
      });
      await register(relayer, { credential: file });
      await refuse(bobs, `this person is already registered, as ${f.alice.address}`);
      await refuse(second, `${f.alice.address} is already registered as another person`);
      // Replaying Alice's own credential after a revocation does not undo it.
      await f.humanRegistry.revoke(f.alice.address);
      await refuse(file, "(one accepted before, or a revocation); ask an issuer for a newer one");
      // An expired credential.
      await networkHelpers.time.increase(30n * DAY);
      await refuse(bobs, "expired at");
      expect(await f.humanRegistry.humanCount()).to.equal(0n);
    });
  });

  describe("foundation:humans, foundation:dividend and foundation:claim-dividend", function () {
    it("shows the head count, the dividend per head, the next expiry and who can be removed", async function () {
      const f = await networkHelpers.loadFixture(humansFixture);
      const reader = f.as(f.stranger);
      await humans(reader);
      expect(reader.lines[0]).to.equal("Verified humans: 0 registered; the dividend gets 25% of new reserve.");
      await register(reader, { credential: await issue(f, f.alice.address, "alice", { days: "10" }) });
      await register(reader, { credential: await issue(f, f.bob.address, "bob", { days: "20" }) });
      await networkHelpers.time.increase(5n * DAY);
      await f.humanDividend.settle();
      reader.lines.length = 0;
      await humans(reader);
      expect(reader.lines[0]).to.equal("Verified humans: 2 registered; the dividend gets 25% of new reserve.");
      const perHead = await f.humanDividend.accruedPerHead();
      expect(perHead).to.be.greaterThan(0n);
      expect(reader.lines[1]).to.include(
        `Dividend accrued per head since the deployment (settled): ${ethers.formatUnits(perHead, 18)}`,
      );
      expect(reader.lines[2]).to.include(
        `gone to the commons while nobody was registered: ${ethers.formatUnits(await f.emission.redirectedToCommons(), 18)}`,
      );
      // The deployer is the only issuer (none was listed); it answers for both.
      expect(reader.lines[3]).to.equal(`Issuer ${f.deployer.address}: 2 registrations it answers for`);
      expect(reader.lines[4]).to.match(new RegExp(`^Next expiry: ${f.alice.address} at `));
      await networkHelpers.time.increase(6n * DAY);
      reader.lines.length = 0;
      await humans(reader);
      expect(reader.lines[0]).to.include("2 registered (1 expired, accruing until someone removes them)");
      // What came due since the last settlement is shown per human, as each will get it.
      const due = (await f.emission.dueTo(f.humanDividend)) - (await f.humanDividend.counted());
      expect(reader.lines[1]).to.include(
        `; ${ethers.formatUnits(due, 18)} FRSV has come due since, about ${ethers.formatUnits(due / 2n, 18)} FRSV per human`,
      );
      expect(reader.lines[4]).to.match(new RegExp(`^Next expiry: ${f.bob.address} at `));
      expect(reader.lines[5]).to.include(`foundation:remove-expired --account ${f.alice.address} --network localhost`);
    });

    it("shows each issuer's terms with the registrations it answers for, and who answers for each registration", async function () {
      const f = await networkHelpers.loadFixture(threeHumansFixture);
      const role = await f.humanRegistry.ISSUER_ROLE();
      const [deployer, lab] = [f.deployer.address, f.cancerLab.address];
      await f.humanRegistry.connect(f.governor).grantRole(role, lab);
      const byLab = async (account: string, person: string) => {
        const out = path.join(f.dir, `by-lab-${++files}.json`);
        await credential(f.as(f.cancerLab), credentialArgs(f, account, person, { days: "400", out }), secret);
        return out;
      };
      // The second issuer cannot take over Bob: only the issuer answering for him registers or
      // renews him, so the command refuses to sign the credential at all.
      const lab_ = f.as(f.cancerLab);
      await expectRefusal(
        lab_,
        () => credential(lab_, credentialArgs(f, f.bob.address, "id:bob", { days: "400", out: "" }), secret),
        `issuer ${deployer} answers for this person (it registered them last); only it registers or renews them ` +
          "while it is an issuer, whether or not they are registered now",
      );
      expect(await f.humanRegistry.issuerOf(f.bob.address)).to.equal(deployer);
      const relayer = f.as(f.stranger);
      // It registers a person of its own.
      await register(relayer, { credential: await byLab(f.schoolLab.address, "id:school") });
      const reader = f.as(f.stranger);
      await humans(reader);
      expect(reader.lines[0]).to.equal("Verified humans: 4 registered; the dividend gets 25% of new reserve.");
      expect(reader.lines.slice(3, 5)).to.deep.equal([
        `Issuer ${deployer}: 3 registrations it answers for`,
        `Issuer ${lab}: 1 registration it answers for`,
      ]);
      expect(reader.fields.issuers).to.deep.equal([
        { issuer: deployer, term: "1", registrations: "3", ended: false },
        { issuer: lab, term: "2", registrations: "1", ended: false },
      ]);
      const issuers = (reader.fields.registered as { account: string; issuer: string }[]).map((r) => [
        r.account,
        r.issuer,
      ]);
      expect(issuers).to.deep.equal([
        [f.alice.address, deployer],
        [f.bob.address, deployer],
        [f.carol.address, deployer],
        [f.schoolLab.address, lab],
      ]);
      const school = f.as(f.schoolLab);
      await dividendOf(school, { address: "" });
      expect(school.lines[0]).to.match(
        new RegExp(`^${f.schoolLab.address} is a verified human until .*, on issuer ${lab}'s word\\.$`),
      );
      expect(school.fields.issuer).to.equal(lab);

      // The admin removes the second issuer: every registration it answered for ends with its term.
      await f.humanRegistry.connect(f.governor).revokeRole(role, lab);
      reader.lines.length = 0;
      await humans(reader);
      expect(reader.lines[0]).to.equal("Verified humans: 3 registered; the dividend gets 25% of new reserve.");
      expect(reader.lines.slice(3, 5)).to.deep.equal([
        `Issuer ${deployer}: 3 registrations it answers for`,
        `Issuer ${lab}: 1 registration it answers for; its role was removed, ending it`,
      ]);
      expect(reader.fields.issuers).to.deep.equal([
        { issuer: deployer, term: "1", registrations: "3", ended: false },
        { issuer: lab, term: "2", registrations: "1", ended: true },
      ]);
      expect((reader.fields.registered as { account: string }[]).map((r) => r.account)).to.deep.equal([
        f.alice.address,
        f.bob.address,
        f.carol.address,
      ]);
      school.lines.length = 0;
      await dividendOf(school, { address: "" });
      expect(school.lines[0]).not.to.include("verified human until");
      expect(school.fields).to.deep.include({ human: false, registered: false, issuer: null });

      // Granted again, it starts a new term answering for nobody yet; the ended terms stay shown.
      await f.humanRegistry.connect(f.governor).grantRole(role, lab);
      await f.humanRegistry.connect(f.governor).revokeRole(role, deployer);
      reader.lines.length = 0;
      await humans(reader);
      expect(reader.lines[0]).to.equal("Verified humans: 0 registered; the dividend gets 25% of new reserve.");
      expect(reader.lines.slice(3, 6)).to.deep.equal([
        `Issuer ${deployer}: 3 registrations it answers for; its role was removed, ending them`,
        `Issuer ${lab}: 1 registration it answers for; its role was removed, ending it`,
        `Issuer ${lab}: 0 registrations it answers for`,
      ]);
      expect((reader.fields.issuers as { term: string }[]).map((i) => i.term)).to.deep.equal(["1", "2", "3"]);
    });

    it("pays three people the same dividend as FDC; each line matches the chain", async function () {
      const f = await networkHelpers.loadFixture(threeHumansFixture);
      await networkHelpers.time.increase(30n * DAY);
      // Each sees their standing; the first claims move the rest by at most a unit of rounding.
      const amounts: bigint[] = [];
      for (const human of [f.alice, f.bob, f.carol]) {
        const ctx = f.as(human);
        await dividendOf(ctx, { address: "" });
        expect(ctx.lines[0]).to.match(
          new RegExp(`^${human.address} is a verified human until .*, on issuer ${f.deployer.address}'s word\\.$`),
        );
        expect(ctx.fields.issuer).to.equal(f.deployer.address);
        expect(ctx.lines[1]).to.match(
          /^Claimable: [\d.]+ FRSV, or [\d.]+ FDC as Foundation Coin \(after the [\d.]+ FRSV mint fee/,
        );
        const fdcBefore = await f.foundationCoin.balanceOf(human.address);
        await claimDividend(ctx, { to: "", as: "" });
        const [paid] = ctx.lines[2]!.match(/[\d.]+(?= FRSV minted into)/)!;
        amounts.push(ethers.parseUnits(paid, 18));
        const minted = (await f.foundationCoin.balanceOf(human.address)) - fdcBefore;
        expect(ctx.lines[2]).to.include(`minted into ${ethers.formatUnits(minted, 18)} FDC for ${human.address}`);
        expect(await f.humanDividend.claimable(human.address)).to.equal(0n);
        await dividendOf(ctx, { address: human.address });
        expect(ctx.lines.at(-2)).to.equal("Claimable: nothing now.");
        expect(ctx.lines.at(-1)).to.equal(
          `Claimed so far: ${ethers.formatUnits(amounts.at(-1)!, 18)} FRSV in 1 claim.`,
        );
      }
      // Later claimers gained the seconds between the claims: the same per second of registration.
      expect(amounts[1]! - amounts[0]!).to.be.lessThan(amounts[0]! / 100_000n);
      expect(amounts[2]! - amounts[1]!).to.be.lessThan(amounts[0]! / 100_000n);
      expect(await f.humanDividend.claimed()).to.equal(amounts[0]! + amounts[1]! + amounts[2]!);
      // FDC stays fully backed.
      const rate = await f.foundationCoin.RATE();
      expect(await f.reserveToken.balanceOf(f.foundationCoin)).to.be.greaterThanOrEqual(
        (await f.foundationCoin.totalSupply()) / rate,
      );
    });

    it("pays as FRSV with --as reserve, to another address with --to, also while minting is paused", async function () {
      const f = await networkHelpers.loadFixture(threeHumansFixture);
      await networkHelpers.time.increase(DAY);
      await f.foundationCoin.pauseMinting();
      const alice = f.as(f.alice);
      await expectRefusal(
        alice,
        () => claimDividend(alice, { to: "", as: "coin" }),
        "minting is paused by the guardian; claim as FRSV with --as reserve",
      );
      const before = await f.reserveToken.balanceOf(f.schoolLab.address);
      await claimDividend(alice, { to: f.schoolLab.address, as: "reserve" });
      const paid = (await f.reserveToken.balanceOf(f.schoolLab.address)) - before;
      expect(paid).to.be.greaterThan(0n);
      expect(alice.lines[0]).to.include(
        `Claimed your dividend: ${ethers.formatUnits(paid, 18)} FRSV paid to ${f.schoolLab.address}`,
      );
    });

    it("refuses, sending nothing: nothing to claim, another's share, a system contract, an unknown form", async function () {
      const f = await networkHelpers.loadFixture(threeHumansFixture);
      await networkHelpers.time.increase(DAY);
      const stranger = f.as(f.stranger);
      await expectRefusal(
        stranger,
        () => claimDividend(stranger, { to: "", as: "" }),
        `${f.stranger.address} has no dividend to claim: it is not a registered human`,
      );
      // A stranger cannot claim Alice's dividend: a claim pays only the caller's own.
      await expectRefusal(
        stranger,
        () => claimDividend(stranger, { to: f.alice.address, as: "reserve" }),
        "has no dividend to claim",
      );
      const alice = f.as(f.alice);
      for (const system of [f.addresses.humanDividend, f.addresses.humanRegistry, f.addresses.foundationCoin]) {
        await expectRefusal(alice, () => claimDividend(alice, { to: system, as: "" }), "is a Foundation contract");
      }
      await expectRefusal(
        alice,
        () => claimDividend(alice, { to: "", as: "gold" }),
        '--as must be coin (FDC, the default) or reserve (FRSV), not "gold"',
      );
      await expectRefusal(alice, () => claimDividend(alice, { to: "0x0", as: "" }), "--to must be an address");
      expect(await f.humanDividend.claimed()).to.equal(0n);
    });
  });

  describe("foundation:revoke and foundation:remove-expired", function () {
    /**
     * The line foundation:revoke ends with: credentials for the person must expire after
     * MAX_VALIDITY from now, signed by the issuer that revoked them, or by any issuer after the
     * admin's revocation (which releases the person).
     */
    async function floorLine(f: Fixture, byAdmin = false) {
      const now = BigInt(await networkHelpers.time.latest());
      const floor = now + (await f.humanRegistry.MAX_VALIDITY());
      const who = byAdmin ? "any issuer" : "you (the issuer answering for them)";
      return {
        floor,
        line: `No credential for this person signed before now works again; to re-admit them, ${who} signs one expiring after ${when(floor)}.`,
      };
    }

    it("the person's issuer revokes them at once; what was accrued stays claimable; no earlier credential works again", async function () {
      const f = await networkHelpers.loadFixture(threeHumansFixture);
      await networkHelpers.time.increase(DAY);
      const alice = nullifierFor(SECRET, "id:alice");
      // A longer credential for Alice, signed before the revocation.
      const earlier = await issue(f, f.alice.address, "id:alice", { days: "400" });
      const issuer = f.as(f.deployer);
      await revoke(issuer, { account: f.alice.address, person: "" });
      expect(await f.humanRegistry.isRegistered(f.alice.address)).to.equal(false);
      const kept = await f.humanDividend.claimable(f.alice.address);
      expect(kept).to.be.greaterThan(0n);
      const { floor, line } = await floorLine(f);
      expect(issuer.lines[0]).to.match(
        new RegExp(
          `^Revoked person ${alice}: ${f.alice.address}'s registration ends now \\(transaction 0x[0-9a-f]{64}\\)\\.$`,
        ),
      );
      expect(issuer.lines.slice(1)).to.deep.equal([
        `What it accrued stays claimable: ${ethers.formatUnits(kept, 18)} FRSV.`,
        line,
        "2 humans share the dividend now (25% of new reserve).",
      ]);
      expect(issuer.fields).to.deep.equal({
        person: alice,
        account: f.alice.address,
        stillClaimable: amountJson(kept, "FRSV"),
        credentialsMustExpireAfter: when(floor),
        answeringIssuer: f.deployer.address,
        humanCount: "2",
      });
      const revoked = (await f.humanRegistry.queryFilter(f.humanRegistry.filters.HumanRevoked())).at(-1);
      expect([revoked!.args.account, revoked!.args.nullifier, revoked!.args.by]).to.deep.equal([
        f.alice.address,
        alice,
        f.deployer.address,
      ]);
      expect(await f.humanRegistry.nullifier(alice)).to.deep.equal([ethers.ZeroAddress, floor, f.deployer.address]);
      await networkHelpers.time.increase(DAY);
      expect(await f.humanDividend.claimable(f.alice.address)).to.equal(kept);
      // The credential signed before the revocation does not undo it.
      const relayer = f.as(f.stranger);
      await expectRefusal(
        relayer,
        () => register(relayer, { credential: earlier }),
        "(one accepted before, or a revocation); ask an issuer for a newer one",
      );
      // Revoking her again, not registered now, raises the floor again.
      const again = f.as(f.deployer);
      await revoke(again, { account: f.alice.address, person: "" });
      const later = await floorLine(f);
      expect(again.lines[0]).to.match(
        new RegExp(`^Revoked person ${alice}, who is not registered now \\(transaction 0x[0-9a-f]{64}\\)\\.$`),
      );
      expect(again.lines.slice(1)).to.deep.equal([later.line, "2 humans share the dividend now (25% of new reserve)."]);
      expect(again.fields).to.deep.equal({
        person: alice,
        account: null,
        credentialsMustExpireAfter: when(later.floor),
        answeringIssuer: f.deployer.address,
        humanCount: "2",
      });
      expect((await f.humanRegistry.nullifier(alice))[1]).to.equal(later.floor);
    });

    it("revokes a person not registered now, by account or nullifier: removing an expired one first dodges nothing", async function () {
      const f = await networkHelpers.loadFixture(humansFixture);
      const anyone = f.as(f.stranger);
      const person = nullifierFor(SECRET, "alice");
      await register(anyone, { credential: await issue(f, f.alice.address, "alice", { days: "2" }) });
      // A 30-day credential the person got before the issuer learnt anything against them.
      const renewal = await issue(f, f.alice.address, "alice", { days: "30" });
      await networkHelpers.time.increase(3n * DAY);
      await removeExpired(anyone, { account: f.alice.address });
      expect(await f.humanRegistry.lastNullifierOf(f.alice.address)).to.equal(person);
      const issuer = f.as(f.deployer);
      await revoke(issuer, { account: "", person: person.toUpperCase().replace("0X", "0x") });
      expect(issuer.lines[0]).to.match(
        new RegExp(`^Revoked person ${person}, who is not registered now \\(transaction`),
      );
      expect(issuer.lines[1]).to.equal((await floorLine(f)).line);
      expect(issuer.fields.account).to.equal(null);
      expect(issuer.fields).not.to.have.property("stillClaimable");
      await expectRefusal(
        anyone,
        () => register(anyone, { credential: renewal }),
        "(one accepted before, or a revocation); ask an issuer for a newer one",
      );
      // Her last account names her too.
      await revoke(issuer, { account: f.alice.address, person: "" });
      expect(issuer.lines.at(-3)).to.match(new RegExp(`^Revoked person ${person}, who is not registered now`));
      expect(await f.humanRegistry.humanCount()).to.equal(0n);
    });

    it("refuses, sending nothing, anyone but the person's issuer or the admin, and input that names no person", async function () {
      const f = await networkHelpers.loadFixture(threeHumansFixture);
      const timelock = f.addresses.timelock;
      const stranger = f.as(f.stranger);
      const issuer = f.as(f.deployer);
      const nobody = ethers.id("a person nobody registered");
      await expectRefusal(
        issuer,
        () => revoke(issuer, { account: "", person: "" }),
        "give either --account <addr> (the person's last account) or --person <0x… nullifier>",
      );
      await expectRefusal(
        issuer,
        () => revoke(issuer, { account: f.alice.address, person: nullifierFor(SECRET, "id:alice") }),
        "give either --account <addr> (the person's last account) or --person <0x… nullifier>",
      );
      await expectRefusal(
        issuer,
        () => revoke(issuer, { account: "", person: "0x12" }),
        '--person must be a nullifier: 0x followed by 64 hex digits, not "0x12"',
      );
      await expectRefusal(
        issuer,
        () => revoke(issuer, { account: "", person: ethers.ZeroHash }),
        "--person must be a nullifier",
      );
      await expectRefusal(
        issuer,
        () => revoke(issuer, { account: "alice", person: "" }),
        "--account must be an address",
      );
      await expectRefusal(
        issuer,
        () => revoke(issuer, { account: f.stranger.address, person: "" }),
        `${f.stranger.address} was never registered; there is no person to revoke`,
      );
      const notYours = (caller: string) =>
        `issuer ${f.deployer.address} answers for this person (it registered them last); only it or the admin ` +
        `(the timelock, ${timelock}) may revoke them, not ${caller}`;
      await expectRefusal(
        stranger,
        () => revoke(stranger, { account: f.alice.address, person: "" }),
        notYours(f.stranger.address),
      );
      // Another issuer does not answer for the deployer's registrations.
      await f.humanRegistry.connect(f.governor).grantRole(await f.humanRegistry.ISSUER_ROLE(), f.cancerLab.address);
      const other = f.as(f.cancerLab);
      await expectRefusal(
        other,
        () => revoke(other, { account: "", person: nullifierFor(SECRET, "id:bob") }),
        notYours(f.cancerLab.address),
      );
      // A person no issuer ever registered: the admin's alone.
      await expectRefusal(
        issuer,
        () => revoke(issuer, { account: "", person: nobody }),
        `no issuer answers for this person (none registered them, or its role was removed since); only the admin ` +
          `(the timelock, ${timelock}) may revoke them`,
      );
      expect(await f.humanRegistry.humanCount()).to.equal(3n);

      // The admin (the timelock) may revoke anyone.
      const admin = f.as(f.governor);
      await revoke(admin, { account: f.bob.address, person: "" });
      expect(admin.lines[0]).to.match(
        new RegExp(`^Revoked person 0x[0-9a-f]{64}: ${f.bob.address}'s registration ends now`),
      );
      await revoke(admin, { account: "", person: nobody });
      expect(admin.lines.at(-3)).to.match(new RegExp(`^Revoked person ${nobody}, who is not registered now`));
      const revoked = (await f.humanRegistry.queryFilter(f.humanRegistry.filters.HumanRevoked())).at(-1);
      expect([revoked!.args.account, revoked!.args.nullifier, revoked!.args.by]).to.deep.equal([
        ethers.ZeroAddress,
        nobody,
        timelock,
      ]);
      expect(await f.humanRegistry.humanCount()).to.equal(2n);
    });

    it("an issuer whose role was removed answers for its persons no more; the admin still revokes them", async function () {
      const f = await networkHelpers.loadFixture(humansFixture);
      const role = await f.humanRegistry.ISSUER_ROLE();
      await f.humanRegistry.connect(f.governor).grantRole(role, f.cancerLab.address);
      const out = path.join(f.dir, `by-lab-${++files}.json`);
      await credential(f.as(f.cancerLab), credentialArgs(f, f.carol.address, "carol", { out }), secret);
      await register(f.as(f.carol), { credential: out });
      await f.humanRegistry.connect(f.governor).revokeRole(role, f.cancerLab.address);
      // The term's end ended the registration it answered for.
      expect(await f.humanRegistry.isRegistered(f.carol.address)).to.equal(false);
      const lab = f.as(f.cancerLab);
      await expectRefusal(
        lab,
        () => revoke(lab, { account: f.carol.address, person: "" }),
        `no issuer answers for this person (none registered them, or its role was removed since); only the admin`,
      );
      const admin = f.as(f.governor);
      await revoke(admin, { account: f.carol.address, person: "" });
      expect(admin.lines[0]).to.match(/, who is not registered now \(transaction/);
      expect(admin.lines[1]).to.equal((await floorLine(f, true)).line);
      expect(admin.fields.answeringIssuer).to.equal(null);
      // Nobody answers for her now: another issuer may register her.
      expect((await f.humanRegistry.nullifier(nullifierFor(SECRET, "carol")))[2]).to.equal(ethers.ZeroAddress);
    });

    it("anyone removes a registration once it has expired, not before", async function () {
      const f = await networkHelpers.loadFixture(humansFixture);
      const anyone = f.as(f.stranger);
      await register(anyone, { credential: await issue(f, f.alice.address, "alice", { days: "2" }) });
      await expectRefusal(
        anyone,
        () => removeExpired(anyone, { account: f.alice.address }),
        "it can be removed after that",
      );
      await networkHelpers.time.increase(3n * DAY);
      await removeExpired(anyone, { account: f.alice.address });
      expect(await f.humanRegistry.humanCount()).to.equal(0n);
      expect(anyone.lines.at(-3)).to.match(/^Removed .* expired at .*: it stops accruing now/);
      expect(await f.humanDividend.claimable(f.alice.address)).to.be.greaterThan(0n);
    });
  });
});
