import { expect } from "chai";
import { network } from "hardhat";
import type { Signer } from "ethers";
import {
  ContractAttester__factory,
  DividendProbe__factory,
  HumanDividend__factory,
  HumanRegistry__factory,
} from "../typechain-types/index.js";
import { signCredential, type Credential } from "../client/humans.js";
import { foundationFixture } from "./helpers/fixture.js";
import { eventsIn, mined } from "./helpers/books.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);
type Fixture = Awaited<ReturnType<typeof deploy>>;

const DAY = 86_400n;
const ALICE_ID = ethers.id("person: alice");
const BOB_ID = ethers.id("person: bob");
const CAROL_ID = ethers.id("person: carol");
const SYBIL_ID = ethers.id("person: sybil");

/**
 * The fixture (the deployer is the only issuer, in term 1) plus a second issuer, the scorer, granted
 * by the admin (term 2), and a third account, the rogue, that the admin may make an issuer.
 */
async function deployWithScorerFixture() {
  const f = await deploy();
  const [scorer, rogue] = (await ethers.getSigners()).slice(7, 9);
  if (!scorer || !rogue) throw new Error("the test chain has too few accounts");
  await f.humanRegistry.connect(f.governor).grantRole(await f.humanRegistry.ISSUER_ROLE(), scorer.address);
  return { ...f, scorer, rogue };
}

interface Signed extends Credential {
  issuer: string;
  signature: string;
}

async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

async function timestampOf(receipt: { blockNumber: number }): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock(receipt.blockNumber))!.timestamp);
}

/** `issuer`'s credential for `account` (the deployer, the default issuer, unless given). */
async function credential(
  f: Fixture,
  account: string,
  nullifier: string,
  days = 365n,
  issuer: Signer = f.deployer,
  where: { registry?: string; chainId?: bigint } = {},
): Promise<Signed> {
  const c: Credential = { account, nullifier, expiresAt: (await now()) + days * DAY };
  const chainId = where.chainId ?? (await ethers.provider.getNetwork()).chainId;
  const signature = await signCredential(issuer, { registry: where.registry ?? f.humanRegistry, chainId }, c);
  return { ...c, issuer: await issuer.getAddress(), signature };
}

/** Submitted by a relayer (the stranger), as anyone may. */
function register(f: Fixture, c: Signed, by: Signer = f.stranger) {
  return f.humanRegistry.connect(by).register(c.account, c.nullifier, c.expiresAt, c.issuer, c.signature);
}

/** Everything the registry records about `account` and `nullifier`, to show a refusal changed nothing. */
async function recorded(f: Fixture, account: string, nullifier: string) {
  const r = f.humanRegistry;
  return [
    await r.isRegistered(account),
    await r.expiresAt(account),
    await r.nullifierOf(account),
    [...(await r.nullifier(nullifier))],
    await r.humanCount(),
    await r.issuerOf(account),
    await r.lastNullifierOf(account),
  ];
}

describe("HumanRegistry", function () {
  describe("deployment", function () {
    it("refuses a zero or overlong validity and a zero issuer; no issuers given makes the deployer one", async function () {
      const { deployer, timelock } = await networkHelpers.loadFixture(deploy);
      const factory = new HumanRegistry__factory(deployer);
      for (const [issuers, validity] of [
        [[], 0n],
        [[], 2n ** 32n],
        [[ethers.ZeroAddress], 400n * DAY],
      ] as const) {
        await expect(factory.deploy(timelock, [...issuers], validity)).to.be.revertedWithCustomError(
          factory,
          "InvalidSetting",
        );
      }
      const registry = await factory.deploy(timelock, [], 2n ** 32n - 1n);
      expect(await registry.MAX_VALIDITY()).to.equal(2n ** 32n - 1n);
      expect(await registry.hasRole(await registry.ISSUER_ROLE(), deployer.address)).to.equal(true);
      // The deployer, made the issuer, holds term 1.
      await expect(registry.deploymentTransaction()!)
        .to.emit(registry, "IssuerTermStarted")
        .withArgs(deployer.address, 1n);
      expect(await registry.termOf(deployer.address)).to.equal(1n);
      // Issuers given: they issue, the deployer does not.
      const [bridge, scorer] = (await ethers.getSigners()).slice(8, 10).map((s) => s.address);
      const listed = await factory.deploy(timelock, [bridge!, scorer!], 400n * DAY);
      const role = await listed.ISSUER_ROLE();
      expect([await listed.hasRole(role, bridge!), await listed.hasRole(role, scorer!)]).to.deep.equal([true, true]);
      expect(await listed.hasRole(role, deployer.address)).to.equal(false);
      expect(await listed.termOf(deployer.address)).to.equal(0n);
    });

    it("gives the constructor's issuers terms 1 to n in order, and a term to each later grant", async function () {
      const { deployer, timelock, governor } = await networkHelpers.loadFixture(deploy);
      const [bridge, scorer, late] = (await ethers.getSigners()).slice(7, 10).map((s) => s.address);
      // Listed twice, the bridge holds one role and so one term.
      const registry = await new HumanRegistry__factory(deployer).deploy(
        timelock,
        [bridge!, scorer!, bridge!],
        400n * DAY,
      );
      const started = eventsIn((await registry.deploymentTransaction()!.wait())!, registry, "IssuerTermStarted");
      expect(started.map((a) => [...a])).to.deep.equal([
        [bridge, 1n],
        [scorer, 2n],
      ]);
      expect([
        await registry.termOf(bridge!),
        await registry.termOf(scorer!),
        await registry.termOf(late!),
      ]).to.deep.equal([1n, 2n, 0n]);
      expect([...(await registry.termInfo(1n))]).to.deep.equal([bridge, false]);
      expect([...(await registry.termInfo(2n))]).to.deep.equal([scorer, false]);
      // No term 0, and none beyond the last granted.
      expect([...(await registry.termInfo(0n))]).to.deep.equal([ethers.ZeroAddress, false]);
      expect([...(await registry.termInfo(3n))]).to.deep.equal([ethers.ZeroAddress, false]);
      // The admin (the timelock) grants the role: the next term.
      const role = await registry.ISSUER_ROLE();
      await expect(registry.connect(governor).grantRole(role, late!))
        .to.emit(registry, "IssuerTermStarted")
        .withArgs(late!, 3n);
      expect([...(await registry.termInfo(3n))]).to.deep.equal([late, false]);
      // Granting a current issuer again starts nothing.
      await expect(registry.connect(governor).grantRole(role, late!)).not.to.emit(registry, "IssuerTermStarted");
      expect(await registry.termOf(late!)).to.equal(3n);
      // Before a dividend is bound nobody can be registered: a term ends with none.
      await expect(registry.connect(governor).revokeRole(role, scorer!))
        .to.emit(registry, "IssuerTermEnded")
        .withArgs(scorer!, 2n, 0n);
      expect([...(await registry.termInfo(2n))]).to.deep.equal([scorer, true]);
      expect(await registry.termOf(scorer!)).to.equal(0n);
      // Revoking a role nobody holds ends no term.
      await expect(registry.connect(governor).revokeRole(role, scorer!)).not.to.emit(registry, "IssuerTermEnded");
      // Only the admin grants.
      await expect(registry.connect(await ethers.getSigner(bridge!)).grantRole(role, scorer!))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(bridge!, await registry.DEFAULT_ADMIN_ROLE());
    });

    it("binds its dividend once, by the deployer, only one that settles this registry", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { deployer, stranger, timelock, emission, humanRegistry, humanDividend } = f;
      await expect(humanRegistry.bindDividend(humanDividend))
        .to.be.revertedWithCustomError(humanRegistry, "BindingClosed")
        .withArgs(deployer.address);
      const fresh = await new HumanRegistry__factory(deployer).deploy(timelock, [], 400n * DAY);
      expect(await fresh.humanCount()).to.equal(0n);
      await expect(fresh.connect(stranger).bindDividend(humanDividend))
        .to.be.revertedWithCustomError(fresh, "BindingClosed")
        .withArgs(stranger.address);
      // Another registry's dividend, and an account, are refused by name.
      for (const wrong of [await humanDividend.getAddress(), stranger.address]) {
        await expect(fresh.bindDividend(wrong))
          .to.be.revertedWithCustomError(fresh, "DividendMismatch")
          .withArgs(wrong);
      }
      // Nobody can join before the dividend exists: the count would change unsettled.
      const c = await credential(f, f.alice.address, ALICE_ID, 365n, deployer, { registry: await fresh.getAddress() });
      await expect(
        fresh.register(c.account, c.nullifier, c.expiresAt, c.issuer, c.signature),
      ).to.be.revertedWithCustomError(fresh, "DividendNotBound");
      const own = await new HumanDividend__factory(deployer).deploy(emission, fresh);
      await expect(fresh.bindDividend(own))
        .to.emit(fresh, "DividendBound")
        .withArgs(await own.getAddress());
      expect(await fresh.dividend()).to.equal(await own.getAddress());
    });
  });

  describe("register", function () {
    it("registers a human with an issuer's credential, submitted by anyone", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      expect(await f.humanRegistry.lastNullifierOf(f.alice.address)).to.equal(ethers.ZeroHash);
      const c = await credential(f, f.alice.address, ALICE_ID);
      await expect(register(f, c))
        .to.emit(f.humanRegistry, "HumanRegistered")
        .withArgs(f.alice.address, ALICE_ID, c.expiresAt, f.deployer.address);
      expect(await recorded(f, f.alice.address, ALICE_ID)).to.deep.equal([
        true,
        c.expiresAt,
        ALICE_ID,
        [f.alice.address, c.expiresAt, f.deployer.address],
        1n,
        f.deployer.address,
        ALICE_ID,
      ]);
      expect(await f.humanRegistry.isHuman(f.alice.address)).to.equal(true);
      expect(await f.humanRegistry.isHuman(f.bob.address)).to.equal(false);
      expect(await f.humanRegistry.issuerOf(f.bob.address)).to.equal(ethers.ZeroAddress);
      // The registry's count is the dividend's.
      expect(await f.humanDividend.heads()).to.equal(1n);
      expect([...(await f.humanDividend.termHeads(1n))]).to.deep.equal([1n, false]);
    });

    it("renews with the same nullifier: a later expiry extends, the count stays", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      await register(f, await credential(f, f.alice.address, ALICE_ID, 30n));
      const later = await credential(f, f.alice.address, ALICE_ID, 400n);
      await expect(register(f, later))
        .to.emit(f.humanRegistry, "HumanRenewed")
        .withArgs(f.alice.address, ALICE_ID, later.expiresAt, f.deployer.address);
      expect(await f.humanRegistry.expiresAt(f.alice.address)).to.equal(later.expiresAt);
      expect(await f.humanRegistry.humanCount()).to.equal(1n);
      expect(await f.humanRegistry.issuerOf(f.alice.address)).to.equal(f.deployer.address);
      expect([...(await f.humanDividend.termHeads(1n))]).to.deep.equal([1n, false]);
    });

    it("refuses another issuer's credential for a person the first answers for (AnotherIssuersPerson), registered or lapsed, and changes nothing", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, humanDividend: d, alice, bob, deployer, scorer } = f;
      const first = await credential(f, alice.address, ALICE_ID, 30n);
      await register(f, first);
      await register(f, await credential(f, bob.address, BOB_ID, 30n));
      const before = await recorded(f, alice.address, ALICE_ID);
      // The scorer's credential is good in every other way (a later expiry, its own signature).
      const renewal = await credential(f, alice.address, ALICE_ID, 365n, scorer);
      await expect(register(f, renewal))
        .to.be.revertedWithCustomError(r, "AnotherIssuersPerson")
        .withArgs(ALICE_ID, deployer.address);
      expect(await recorded(f, alice.address, ALICE_ID)).to.deep.equal(before);
      expect(await r.issuerOf(alice.address)).to.equal(deployer.address);
      expect([...(await d.termHeads(1n))]).to.deep.equal([2n, false]);
      expect([...(await d.termHeads(2n))]).to.deep.equal([0n, false]);
      // The deployer, which answers for her, renews her; the scorer's later credential is refused still.
      const own = await credential(f, alice.address, ALICE_ID, 60n);
      await expect(register(f, own))
        .to.emit(r, "HumanRenewed")
        .withArgs(alice.address, ALICE_ID, own.expiresAt, deployer.address);
      await expect(register(f, renewal))
        .to.be.revertedWithCustomError(r, "AnotherIssuersPerson")
        .withArgs(ALICE_ID, deployer.address);
      expect([...(await r.nullifier(ALICE_ID))]).to.deep.equal([alice.address, own.expiresAt, deployer.address]);
      expect(await r.humanCount()).to.equal(2n);
      // Her registration expires and anyone removes it: she is still the deployer's person, and the
      // scorer's credential is refused still (review 16, R16-2: no takeover of a lapsed person).
      await networkHelpers.time.increaseTo(own.expiresAt);
      await expect(r.removeExpired(alice.address)).to.emit(r, "HumanRemoved").withArgs(alice.address);
      const lapsed = await recorded(f, alice.address, ALICE_ID);
      expect(lapsed[3]).to.deep.equal([ethers.ZeroAddress, own.expiresAt, deployer.address]);
      await expect(register(f, renewal))
        .to.be.revertedWithCustomError(r, "AnotherIssuersPerson")
        .withArgs(ALICE_ID, deployer.address);
      expect(await recorded(f, alice.address, ALICE_ID)).to.deep.equal(lapsed);
      // The deployer re-admits her.
      const again = await credential(f, alice.address, ALICE_ID, 400n);
      await expect(register(f, again))
        .to.emit(r, "HumanRegistered")
        .withArgs(alice.address, ALICE_ID, again.expiresAt, deployer.address);
      expect([...(await d.termHeads(1n))]).to.deep.equal([2n, false]);
      expect([...(await d.termHeads(2n))]).to.deep.equal([0n, false]);
    });

    it("refuses the zero nullifier (ZeroNullifier), which every view reads as none", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice } = f;
      const before = await recorded(f, alice.address, ethers.ZeroHash);
      // Signed by the issuer, good in every other way.
      await expect(register(f, await credential(f, alice.address, ethers.ZeroHash)))
        .to.be.revertedWithCustomError(r, "ZeroNullifier")
        .withArgs();
      expect(await recorded(f, alice.address, ethers.ZeroHash)).to.deep.equal(before);
      expect(await r.humanCount()).to.equal(0n);
    });

    it("accepts an issuer that is a contract (ERC-1271), checked through SignatureChecker", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const bridge = await new ContractAttester__factory(f.deployer).deploy(f.carol.address);
      await expect(f.humanRegistry.connect(f.governor).grantRole(await f.humanRegistry.ISSUER_ROLE(), bridge))
        .to.emit(f.humanRegistry, "IssuerTermStarted")
        .withArgs(await bridge.getAddress(), 2n);
      // The bridge "signs" with what its operator signed; it is named as the issuer.
      const signed = await credential(f, f.alice.address, ALICE_ID, 365n, f.carol);
      const c = { ...signed, issuer: await bridge.getAddress() };
      await expect(register(f, c))
        .to.emit(f.humanRegistry, "HumanRegistered")
        .withArgs(f.alice.address, ALICE_ID, c.expiresAt, await bridge.getAddress());
      expect(await f.humanRegistry.issuerOf(f.alice.address)).to.equal(await bridge.getAddress());
      // A contract issuer whose operator did not sign is refused like any bad signature.
      const forged = {
        ...(await credential(f, f.bob.address, BOB_ID, 365n, f.bob)),
        issuer: await bridge.getAddress(),
      };
      await expect(register(f, forged))
        .to.be.revertedWithCustomError(f.humanRegistry, "InvalidSignature")
        .withArgs(await bridge.getAddress());
    });

    it("refuses bad credentials and changes nothing", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice, bob, deployer } = f;
      const chainId = (await ethers.provider.getNetwork()).chainId;
      const before = await recorded(f, alice.address, ALICE_ID);
      const good = await credential(f, alice.address, ALICE_ID);
      const cases: [string, Signed, string, unknown[]][] = [
        [
          "a signer without the issuer role",
          await credential(f, alice.address, ALICE_ID, 365n, bob),
          "NotIssuer",
          [bob.address],
        ],
        [
          "an issuer named who did not sign",
          { ...(await credential(f, alice.address, ALICE_ID, 365n, bob)), issuer: deployer.address },
          "InvalidSignature",
          [deployer.address],
        ],
        ["a credential for another account", { ...good, account: bob.address }, "InvalidSignature", [deployer.address]],
        ["another nullifier than signed", { ...good, nullifier: BOB_ID }, "InvalidSignature", [deployer.address]],
        [
          "a later expiry than signed",
          { ...good, expiresAt: good.expiresAt + 1n },
          "InvalidSignature",
          [deployer.address],
        ],
        [
          "a credential for another chain",
          await credential(f, alice.address, ALICE_ID, 365n, deployer, { chainId: chainId + 1n }),
          "InvalidSignature",
          [deployer.address],
        ],
        [
          "a credential for another contract",
          await credential(f, alice.address, ALICE_ID, 365n, deployer, {
            registry: await f.humanDividend.getAddress(),
          }),
          "InvalidSignature",
          [deployer.address],
        ],
      ];
      for (const [what, c, error, args] of cases) {
        await expect(register(f, c), what)
          .to.be.revertedWithCustomError(r, error)
          .withArgs(...args);
      }
      // Expiry: in the future, and at most MAX_VALIDITY ahead of the block that registers.
      const t = (await now()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(t);
      const past = { account: alice.address, nullifier: ALICE_ID, expiresAt: t };
      const pastSigned = {
        ...past,
        issuer: deployer.address,
        signature: await signCredential(deployer, { registry: r, chainId }, past),
      };
      await expect(register(f, pastSigned)).to.be.revertedWithCustomError(r, "CredentialExpired").withArgs(t, t);
      const max = await r.MAX_VALIDITY();
      const far = { account: alice.address, nullifier: ALICE_ID, expiresAt: t + 1n + max + 1n };
      await networkHelpers.time.setNextBlockTimestamp(t + 1n);
      const farSigned = {
        ...far,
        issuer: deployer.address,
        signature: await signCredential(deployer, { registry: r, chainId }, far),
      };
      await expect(register(f, farSigned))
        .to.be.revertedWithCustomError(r, "ValidityTooLong")
        .withArgs(far.expiresAt, t + 1n + max);
      const zero = await credential(f, ethers.ZeroAddress, ALICE_ID);
      await expect(register(f, zero)).to.be.revertedWithCustomError(r, "ZeroAccount");
      expect(await recorded(f, alice.address, ALICE_ID)).to.deep.equal(before);
      // The longest validity allowed, exactly, is accepted.
      const longest = { account: alice.address, nullifier: ALICE_ID, expiresAt: t + 2n + max };
      await networkHelpers.time.setNextBlockTimestamp(t + 2n);
      const longestSigned = {
        ...longest,
        issuer: deployer.address,
        signature: await signCredential(deployer, { registry: r, chainId }, longest),
      };
      await expect(register(f, longestSigned))
        .to.emit(r, "HumanRegistered")
        .withArgs(alice.address, ALICE_ID, longest.expiresAt, deployer.address);
    });

    it("refuses itself and its dividend as the account even where the coin does not list them (a pair deployed apart)", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { deployer, timelock, emission, foundationCoin } = f;
      const fresh = await new HumanRegistry__factory(deployer).deploy(timelock, [deployer.address], 400n * DAY);
      const own = await new HumanDividend__factory(deployer).deploy(emission, fresh);
      await fresh.bindDividend(own);
      const pair = [await fresh.getAddress(), await own.getAddress()];
      // The coin's list knows the module's pair only: the registry's own test is all there is here.
      for (const account of pair) expect(await foundationCoin.isSystemContract(account)).to.equal(false);
      for (const [i, account] of pair.entries()) {
        const c = await credential(f, account, ethers.id(`person: apart ${i}`), 365n, deployer, {
          registry: pair[0]!,
        });
        await expect(fresh.register(c.account, c.nullifier, c.expiresAt, c.issuer, c.signature), account)
          .to.be.revertedWithCustomError(fresh, "SystemContractAccount")
          .withArgs(account);
      }
      expect(await fresh.humanCount()).to.equal(0n);
    });

    it("refuses every system contract as the account: its share could never be claimed (A3-I5)", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, foundationCoin, timelock } = f;
      // The timelock is listed as the coin's admin.
      expect(await foundationCoin.defaultAdmin()).to.equal(await timelock.getAddress());
      const system = await Promise.all(
        [
          f.humanRegistry,
          f.humanDividend,
          f.foundationCoin,
          f.poolRegistry,
          f.reserveToken,
          f.emission,
          f.computeRewards,
          f.timelock,
        ].map((c) => c.getAddress()),
      );
      for (const [i, account] of system.entries()) {
        const person = ethers.id(`person: system ${i}`);
        const before = await recorded(f, account, person);
        await expect(register(f, await credential(f, account, person)), account)
          .to.be.revertedWithCustomError(r, "SystemContractAccount")
          .withArgs(account);
        expect(await recorded(f, account, person)).to.deep.equal(before);
      }
      expect(await r.humanCount()).to.equal(0n);
      // Any other contract may be a human (it claims for itself).
      const probe = await new DividendProbe__factory(f.deployer).deploy(f.humanDividend);
      const c = await credential(f, await probe.getAddress(), ALICE_ID);
      await expect(register(f, c))
        .to.emit(r, "HumanRegistered")
        .withArgs(await probe.getAddress(), ALICE_ID, c.expiresAt, f.deployer.address);
    });

    it("keeps one account per person and one person per account", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice, bob } = f;
      await register(f, await credential(f, alice.address, ALICE_ID));
      const bobBefore = await recorded(f, bob.address, ALICE_ID);
      // Alice's nullifier on a second account, even with a later expiry.
      await expect(register(f, await credential(f, bob.address, ALICE_ID, 400n)))
        .to.be.revertedWithCustomError(r, "NullifierInUse")
        .withArgs(ALICE_ID, alice.address);
      expect(await recorded(f, bob.address, ALICE_ID)).to.deep.equal(bobBefore);
      // A second nullifier for Alice's account.
      await expect(register(f, await credential(f, alice.address, BOB_ID)))
        .to.be.revertedWithCustomError(r, "AccountHasNullifier")
        .withArgs(alice.address, ALICE_ID);
      expect([...(await r.nullifier(BOB_ID))]).to.deep.equal([ethers.ZeroAddress, 0n, ethers.ZeroAddress]);
      // The same holds while the registration has expired but was not removed.
      await networkHelpers.time.increase(366n * DAY);
      expect(await r.isHuman(alice.address)).to.equal(false);
      await expect(register(f, await credential(f, bob.address, ALICE_ID, 400n)))
        .to.be.revertedWithCustomError(r, "NullifierInUse")
        .withArgs(ALICE_ID, alice.address);
    });

    it("refuses a replayed or older credential, so a revocation cannot be undone with one", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice, bob, deployer } = f;
      const first = await credential(f, alice.address, ALICE_ID, 365n);
      await register(f, first);
      await expect(register(f, first))
        .to.be.revertedWithCustomError(r, "StaleCredential")
        .withArgs(ALICE_ID, first.expiresAt, first.expiresAt);
      // A renewal the issuer handed out and nobody used yet, then evidence of fraud: revoked.
      await networkHelpers.time.increase(DAY);
      const pending = await credential(f, alice.address, ALICE_ID, 400n);
      await networkHelpers.time.increase(DAY);
      await expect(r.revoke(alice.address))
        .to.emit(r, "HumanRevoked")
        .withArgs(alice.address, ALICE_ID, deployer.address);
      const floor = (await now()) + 400n * DAY;
      const after = await recorded(f, alice.address, ALICE_ID);
      expect(after).to.deep.equal([
        false,
        0n,
        ethers.ZeroHash,
        [ethers.ZeroAddress, floor, deployer.address],
        0n,
        ethers.ZeroAddress,
        ALICE_ID,
      ]);
      // Neither the used credential, nor the pending renewal, nor an earlier one undoes it.
      await networkHelpers.time.increase(DAY);
      await expect(register(f, first))
        .to.be.revertedWithCustomError(r, "StaleCredential")
        .withArgs(ALICE_ID, first.expiresAt, floor);
      await expect(register(f, pending))
        .to.be.revertedWithCustomError(r, "StaleCredential")
        .withArgs(ALICE_ID, pending.expiresAt, floor);
      const earlier = await credential(f, alice.address, ALICE_ID, 30n);
      await expect(register(f, earlier))
        .to.be.revertedWithCustomError(r, "StaleCredential")
        .withArgs(ALICE_ID, earlier.expiresAt, floor);
      expect(await recorded(f, alice.address, ALICE_ID)).to.deep.equal(after);
      // An issuer re-admits the person, on the same or another account, with a credential signed
      // after the revocation and expiring after the floor.
      const moved = await credential(f, bob.address, ALICE_ID, 400n);
      expect(moved.expiresAt).to.be.greaterThan(floor);
      await expect(register(f, moved))
        .to.emit(r, "HumanRegistered")
        .withArgs(bob.address, ALICE_ID, moved.expiresAt, deployer.address);
      expect([...(await r.nullifier(ALICE_ID))]).to.deep.equal([bob.address, moved.expiresAt, deployer.address]);
      // Alice's account remembers the person it held.
      expect(await r.lastNullifierOf(alice.address)).to.equal(ALICE_ID);
      expect(await r.lastNullifierOf(bob.address)).to.equal(ALICE_ID);
    });

    it("keeps a stolen account from holding the person with a renewal signed before the theft", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice, bob } = f;
      await register(f, await credential(f, alice.address, ALICE_ID, 30n));
      const renewal = await credential(f, alice.address, ALICE_ID, 365n); // handed to Alice, unused
      // Alice's key is stolen: the issuer revokes her account and moves her to Bob's.
      await networkHelpers.time.increase(DAY);
      await expect(r.revoke(alice.address))
        .to.emit(r, "HumanRevoked")
        .withArgs(alice.address, ALICE_ID, f.deployer.address);
      const floor = (await now()) + (await r.MAX_VALIDITY());
      await networkHelpers.time.increase(1n);
      const fresh = await credential(f, bob.address, ALICE_ID, 400n);
      // The thief submits the old renewal first: refused, so the person is not stuck on the
      // stolen account, and the credential for the new account goes through.
      await expect(register(f, renewal))
        .to.be.revertedWithCustomError(r, "StaleCredential")
        .withArgs(ALICE_ID, renewal.expiresAt, floor);
      await register(f, fresh);
      expect(await r.isHuman(bob.address)).to.equal(true);
      expect(await r.isRegistered(alice.address)).to.equal(false);
      expect(await r.humanCount()).to.equal(1n);
    });

    it("leaves a person whose credential merely expired free to renew with any later one", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice } = f;
      const first = await credential(f, alice.address, ALICE_ID, 10n);
      await register(f, first);
      await networkHelpers.time.increase(11n * DAY);
      await expect(r.removeExpired(alice.address)).to.emit(r, "HumanRemoved").withArgs(alice.address);
      expect([...(await r.nullifier(ALICE_ID))]).to.deep.equal([
        ethers.ZeroAddress,
        first.expiresAt,
        f.deployer.address,
      ]);
      expect(await r.lastNullifierOf(alice.address)).to.equal(ALICE_ID);
      const renewed = await credential(f, alice.address, ALICE_ID, 30n);
      await expect(register(f, renewed))
        .to.emit(r, "HumanRegistered")
        .withArgs(alice.address, ALICE_ID, renewed.expiresAt, f.deployer.address);
    });

    it("lets anyone remove a registration in the very second it expires", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice, stranger } = f;
      const c = await credential(f, alice.address, ALICE_ID, 30n);
      await register(f, c);
      await networkHelpers.time.setNextBlockTimestamp(c.expiresAt);
      const receipt = await mined(r.connect(stranger).removeExpired(alice.address));
      await expect(receipt).to.emit(r, "HumanRemoved").withArgs(alice.address);
      expect(await timestampOf(receipt)).to.equal(c.expiresAt);
      expect(await r.humanCount()).to.equal(0n);
    });

    it("counts an expired registration until anyone removes it", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice, stranger } = f;
      const c = await credential(f, alice.address, ALICE_ID, 30n);
      await register(f, c);
      await networkHelpers.time.setNextBlockTimestamp(c.expiresAt - 1n);
      await expect(r.connect(stranger).removeExpired(alice.address))
        .to.be.revertedWithCustomError(r, "NotExpired")
        .withArgs(alice.address, c.expiresAt);
      // From expiresAt on, not a human, but still counted (and accruing) until removed.
      await networkHelpers.time.increaseTo(c.expiresAt);
      expect(await r.isHuman(alice.address)).to.equal(false);
      expect(await r.isRegistered(alice.address)).to.equal(true);
      expect(await r.humanCount()).to.equal(1n);
      await expect(r.connect(stranger).removeExpired(alice.address)).to.emit(r, "HumanRemoved").withArgs(alice.address);
      expect(await recorded(f, alice.address, ALICE_ID)).to.deep.equal([
        false,
        0n,
        ethers.ZeroHash,
        [ethers.ZeroAddress, c.expiresAt, f.deployer.address],
        0n,
        ethers.ZeroAddress,
        ALICE_ID,
      ]);
      await expect(r.removeExpired(alice.address))
        .to.be.revertedWithCustomError(r, "NotRegistered")
        .withArgs(alice.address);
      await expect(r.removeExpired(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(r, "NotRegistered")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("revoke", function () {
    it("refuses an issuer revoking the humans another issuer verified (A3-L1)", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, alice, bob, deployer, governor, rogue, stranger } = f;
      await register(f, await credential(f, alice.address, ALICE_ID));
      await register(f, await credential(f, bob.address, BOB_ID));
      // The rogue becomes an issuer (term 3) and registers its Sybil.
      await expect(r.connect(governor).grantRole(await r.ISSUER_ROLE(), rogue.address))
        .to.emit(r, "IssuerTermStarted")
        .withArgs(rogue.address, 3n);
      await register(f, await credential(f, rogue.address, SYBIL_ID, 365n, rogue));
      const before = [await recorded(f, alice.address, ALICE_ID), await recorded(f, bob.address, BOB_ID)];
      // The rogue cannot evict the deployer's humans, by account or by person; nor can anyone else.
      for (const [account, person] of [
        [alice.address, ALICE_ID],
        [bob.address, BOB_ID],
      ] as const) {
        for (const caller of [rogue, f.scorer, stranger]) {
          await expect(r.connect(caller).revoke(account))
            .to.be.revertedWithCustomError(r, "NotYourPerson")
            .withArgs(person, caller.address, deployer.address);
          await expect(r.connect(caller).revokePerson(person))
            .to.be.revertedWithCustomError(r, "NotYourPerson")
            .withArgs(person, caller.address, deployer.address);
        }
      }
      expect([await recorded(f, alice.address, ALICE_ID), await recorded(f, bob.address, BOB_ID)]).to.deep.equal(
        before,
      );
      expect(await r.humanCount()).to.equal(3n);
      // Nor can the deployer touch the rogue's Sybil: the timelock removes the rogue, and the
      // Sybil stops with its term, while the deployer's humans stay.
      await expect(r.revoke(rogue.address))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(SYBIL_ID, deployer.address, rogue.address);
      await expect(r.connect(governor).revokeRole(await r.ISSUER_ROLE(), rogue.address))
        .to.emit(r, "IssuerTermEnded")
        .withArgs(rogue.address, 3n, 1n);
      expect(await r.isRegistered(rogue.address)).to.equal(false);
      expect([await r.isRegistered(alice.address), await r.isRegistered(bob.address)]).to.deep.equal([true, true]);
      expect(await r.humanCount()).to.equal(2n);
    });

    it("lets the issuer that registered a person revoke it, and only a registered account", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, humanDividend: d, alice, bob, deployer, scorer, stranger } = f;
      await register(f, await credential(f, alice.address, ALICE_ID));
      await register(f, await credential(f, bob.address, BOB_ID, 365n, scorer));
      await expect(r.connect(stranger).revoke(alice.address))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(ALICE_ID, stranger.address, deployer.address);
      await expect(r.revoke(stranger.address))
        .to.be.revertedWithCustomError(r, "NotRegistered")
        .withArgs(stranger.address);
      await expect(r.revoke(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(r, "NotRegistered")
        .withArgs(ethers.ZeroAddress);
      expect(await r.humanCount()).to.equal(2n);
      const receipt = await mined(r.revoke(alice.address));
      await expect(receipt).to.emit(r, "HumanRevoked").withArgs(alice.address, ALICE_ID, deployer.address);
      const floor = (await timestampOf(receipt)) + (await r.MAX_VALIDITY());
      expect(await recorded(f, alice.address, ALICE_ID)).to.deep.equal([
        false,
        0n,
        ethers.ZeroHash,
        [ethers.ZeroAddress, floor, deployer.address],
        1n,
        ethers.ZeroAddress,
        ALICE_ID,
      ]);
      expect(await d.heads()).to.equal(1n);
      expect([...(await d.termHeads(1n))]).to.deep.equal([0n, false]);
      // Revoked, the account is no longer registered.
      await expect(r.revoke(alice.address)).to.be.revertedWithCustomError(r, "NotRegistered").withArgs(alice.address);
      // The scorer revokes its own.
      await expect(r.connect(scorer).revoke(bob.address))
        .to.emit(r, "HumanRevoked")
        .withArgs(bob.address, BOB_ID, scorer.address);
      expect(await r.humanCount()).to.equal(0n);
    });

    it("lets the admin (the timelock) revoke anyone", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, alice, bob, governor, scorer } = f;
      expect(await r.owner()).to.equal(governor.address);
      await register(f, await credential(f, alice.address, ALICE_ID));
      await register(f, await credential(f, bob.address, BOB_ID, 365n, scorer));
      await expect(r.connect(governor).revoke(alice.address))
        .to.emit(r, "HumanRevoked")
        .withArgs(alice.address, ALICE_ID, governor.address);
      const receipt = await mined(r.connect(governor).revokePerson(BOB_ID));
      await expect(receipt).to.emit(r, "HumanRevoked").withArgs(bob.address, BOB_ID, governor.address);
      const floor = (await timestampOf(receipt)) + (await r.MAX_VALIDITY());
      // The admin's revocation releases the person: no issuer answers for them any more.
      expect([...(await r.nullifier(BOB_ID))]).to.deep.equal([ethers.ZeroAddress, floor, ethers.ZeroAddress]);
      expect([...(await r.nullifier(ALICE_ID))][2]).to.equal(ethers.ZeroAddress);
      expect(await r.humanCount()).to.equal(0n);
    });

    it("after another issuer's renewal was refused, lets only the issuer answering for it or the admin revoke; the admin's revocation releases the person to any issuer", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, alice, bob, deployer, governor, scorer } = f;
      await register(f, await credential(f, alice.address, ALICE_ID, 30n));
      await register(f, await credential(f, bob.address, BOB_ID, 30n));
      for (const [account, person] of [
        [alice.address, ALICE_ID],
        [bob.address, BOB_ID],
      ] as const) {
        await expect(register(f, await credential(f, account, person, 365n, scorer)))
          .to.be.revertedWithCustomError(r, "AnotherIssuersPerson")
          .withArgs(person, deployer.address);
        // The scorer answers for neither: it may not revoke them.
        await expect(r.connect(scorer).revoke(account))
          .to.be.revertedWithCustomError(r, "NotYourPerson")
          .withArgs(person, scorer.address, deployer.address);
        await expect(r.connect(scorer).revokePerson(person))
          .to.be.revertedWithCustomError(r, "NotYourPerson")
          .withArgs(person, scorer.address, deployer.address);
      }
      expect([await r.issuerOf(alice.address), await r.issuerOf(bob.address)]).to.deep.equal([
        deployer.address,
        deployer.address,
      ]);
      expect(await r.humanCount()).to.equal(2n);
      await expect(r.revoke(alice.address))
        .to.emit(r, "HumanRevoked")
        .withArgs(alice.address, ALICE_ID, deployer.address);
      const receipt = await mined(r.connect(governor).revoke(bob.address));
      await expect(receipt).to.emit(r, "HumanRevoked").withArgs(bob.address, BOB_ID, governor.address);
      expect(await r.humanCount()).to.equal(0n);
      // Revoked by its issuer, Alice is still the deployer's: the scorer's credential is refused.
      await networkHelpers.time.increase(1n);
      const forAlice = await credential(f, alice.address, ALICE_ID, 400n, scorer);
      await expect(register(f, forAlice))
        .to.be.revertedWithCustomError(r, "AnotherIssuersPerson")
        .withArgs(ALICE_ID, deployer.address);
      // Revoked by the admin, Bob is released: the scorer's credential expiring after the floor
      // registers him, and the scorer answers for him from then on.
      const floor = (await timestampOf(receipt)) + (await r.MAX_VALIDITY());
      expect([...(await r.nullifier(BOB_ID))]).to.deep.equal([ethers.ZeroAddress, floor, ethers.ZeroAddress]);
      const back = await credential(f, bob.address, BOB_ID, 400n, scorer);
      expect(back.expiresAt).to.be.greaterThan(floor);
      await expect(register(f, back))
        .to.emit(r, "HumanRegistered")
        .withArgs(bob.address, BOB_ID, back.expiresAt, scorer.address);
      expect(await r.issuerOf(bob.address)).to.equal(scorer.address);
      await expect(r.revoke(bob.address))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(BOB_ID, deployer.address, scorer.address);
      await expect(r.connect(scorer).revoke(bob.address))
        .to.emit(r, "HumanRevoked")
        .withArgs(bob.address, BOB_ID, scorer.address);
    });

    it("refuses a rogue issuer's takeover by renewal: it can neither revoke the deployer's people nor end them with its own term", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, humanDividend: d, alice, bob, deployer, governor, rogue } = f;
      // The deployer registered Alice and Bob; the governor makes the rogue an issuer (term 3).
      await register(f, await credential(f, alice.address, ALICE_ID));
      await register(f, await credential(f, bob.address, BOB_ID));
      await expect(r.connect(governor).grantRole(await r.ISSUER_ROLE(), rogue.address))
        .to.emit(r, "IssuerTermStarted")
        .withArgs(rogue.address, 3n);
      const before = [await recorded(f, alice.address, ALICE_ID), await recorded(f, bob.address, BOB_ID)];
      // The rogue cannot revoke Alice: she is not its person.
      await expect(r.connect(rogue).revoke(alice.address))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(ALICE_ID, rogue.address, deployer.address);
      // It signs a "renewal" of Alice to answer for her (the takeover): refused.
      await expect(register(f, await credential(f, alice.address, ALICE_ID, 400n, rogue)))
        .to.be.revertedWithCustomError(r, "AnotherIssuersPerson")
        .withArgs(ALICE_ID, deployer.address);
      // So it still cannot revoke her, by account or by person.
      await expect(r.connect(rogue).revoke(alice.address))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(ALICE_ID, rogue.address, deployer.address);
      await expect(r.connect(rogue).revokePerson(ALICE_ID))
        .to.be.revertedWithCustomError(r, "NotYourPerson")
        .withArgs(ALICE_ID, rogue.address, deployer.address);
      expect([await recorded(f, alice.address, ALICE_ID), await recorded(f, bob.address, BOB_ID)]).to.deep.equal(
        before,
      );
      // Renouncing its role ends its term, and none of the deployer's people with it.
      const renounced = await mined(r.connect(rogue).renounceRole(await r.ISSUER_ROLE(), rogue.address));
      await expect(renounced).to.emit(r, "IssuerTermEnded").withArgs(rogue.address, 3n, 0n);
      await expect(renounced).to.emit(d, "TermEnded").withArgs(3n, 0n);
      expect(await r.humanCount()).to.equal(2n);
      expect([await r.isRegistered(alice.address), await r.isRegistered(bob.address)]).to.deep.equal([true, true]);
      expect([await r.issuerOf(alice.address), await r.issuerOf(bob.address)]).to.deep.equal([
        deployer.address,
        deployer.address,
      ]);
      expect([...(await d.termHeads(1n))]).to.deep.equal([2n, false]);
      expect([...(await d.termHeads(3n))]).to.deep.equal([0n, true]);
    });
  });

  describe("revokePerson", function () {
    it("revokes a person whose expired registration was removed first, so the kept renewal fails (A3-L3)", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice, bob, deployer } = f;
      const first = await credential(f, alice.address, ALICE_ID, 30n);
      await register(f, first);
      await networkHelpers.time.increase(DAY);
      const renewal = await credential(f, alice.address, ALICE_ID, 365n); // handed to Alice, kept
      const elsewhere = await credential(f, bob.address, ALICE_ID, 365n); // for another account
      await networkHelpers.time.increaseTo(first.expiresAt + 1n);
      // Evidence of fraud reaches the issuer; Alice sees its revoke coming and removes herself first.
      await expect(r.connect(alice).removeExpired(alice.address)).to.emit(r, "HumanRemoved").withArgs(alice.address);
      await expect(r.revoke(alice.address)).to.be.revertedWithCustomError(r, "NotRegistered").withArgs(alice.address);
      // Without a revocation by person, the renewal she kept would bring her straight back.
      const dodge = await networkHelpers.takeSnapshot();
      await expect(register(f, renewal))
        .to.emit(r, "HumanRegistered")
        .withArgs(alice.address, ALICE_ID, renewal.expiresAt, deployer.address);
      await dodge.restore();
      // The issuer revokes the person she was, found through her account.
      const person = await r.lastNullifierOf(alice.address);
      expect(person).to.equal(ALICE_ID);
      const receipt = await mined(r.revokePerson(person));
      await expect(receipt).to.emit(r, "HumanRevoked").withArgs(ethers.ZeroAddress, ALICE_ID, deployer.address);
      const floor = (await timestampOf(receipt)) + (await r.MAX_VALIDITY());
      expect([...(await r.nullifier(ALICE_ID))]).to.deep.equal([ethers.ZeroAddress, floor, deployer.address]);
      await expect(register(f, renewal))
        .to.be.revertedWithCustomError(r, "StaleCredential")
        .withArgs(ALICE_ID, renewal.expiresAt, floor);
      await expect(register(f, elsewhere))
        .to.be.revertedWithCustomError(r, "StaleCredential")
        .withArgs(ALICE_ID, elsewhere.expiresAt, floor);
      expect(await r.humanCount()).to.equal(0n);
      // A credential signed after the revocation, expiring after the floor, re-admits her.
      await networkHelpers.time.increase(1n);
      const readmit = await credential(f, alice.address, ALICE_ID, 400n);
      expect(readmit.expiresAt).to.be.greaterThan(floor);
      await expect(register(f, readmit))
        .to.emit(r, "HumanRegistered")
        .withArgs(alice.address, ALICE_ID, readmit.expiresAt, deployer.address);
    });

    it("ends a registered person's registration and sets the floor to now + MAX_VALIDITY", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, humanDividend: d, alice, bob, deployer } = f;
      const c = await credential(f, alice.address, ALICE_ID, 30n);
      await register(f, c);
      await register(f, await credential(f, bob.address, BOB_ID, 30n));
      await networkHelpers.time.increase(DAY);
      const receipt = await mined(r.revokePerson(ALICE_ID));
      await expect(receipt).to.emit(r, "HumanRevoked").withArgs(alice.address, ALICE_ID, deployer.address);
      const floor = (await timestampOf(receipt)) + (await r.MAX_VALIDITY());
      expect(floor).to.be.greaterThan(c.expiresAt);
      expect(await recorded(f, alice.address, ALICE_ID)).to.deep.equal([
        false,
        0n,
        ethers.ZeroHash,
        [ethers.ZeroAddress, floor, deployer.address],
        1n,
        ethers.ZeroAddress,
        ALICE_ID,
      ]);
      expect(await d.heads()).to.equal(1n);
      // Revoked again a day later: the floor rises with the clock.
      await networkHelpers.time.increase(DAY);
      const again = await mined(r.revokePerson(ALICE_ID));
      await expect(again).to.emit(r, "HumanRevoked").withArgs(ethers.ZeroAddress, ALICE_ID, deployer.address);
      const later = (await timestampOf(again)) + (await r.MAX_VALIDITY());
      expect([...(await r.nullifier(ALICE_ID))]).to.deep.equal([ethers.ZeroAddress, later, deployer.address]);
      expect(await r.humanCount()).to.equal(1n);
    });

    it("lets only the admin revoke a nullifier nobody registered", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice, deployer, governor, stranger } = f;
      // Signed before the revocation, kept for later.
      const early = await credential(f, alice.address, CAROL_ID, 365n);
      for (const caller of [deployer, stranger]) {
        await expect(r.connect(caller).revokePerson(CAROL_ID))
          .to.be.revertedWithCustomError(r, "NotYourPerson")
          .withArgs(CAROL_ID, caller.address, ethers.ZeroAddress);
      }
      expect([...(await r.nullifier(CAROL_ID))]).to.deep.equal([ethers.ZeroAddress, 0n, ethers.ZeroAddress]);
      const receipt = await mined(r.connect(governor).revokePerson(CAROL_ID));
      await expect(receipt).to.emit(r, "HumanRevoked").withArgs(ethers.ZeroAddress, CAROL_ID, governor.address);
      const floor = (await timestampOf(receipt)) + (await r.MAX_VALIDITY());
      expect([...(await r.nullifier(CAROL_ID))]).to.deep.equal([ethers.ZeroAddress, floor, ethers.ZeroAddress]);
      await expect(register(f, early))
        .to.be.revertedWithCustomError(r, "StaleCredential")
        .withArgs(CAROL_ID, early.expiresAt, floor);
      expect(await r.humanCount()).to.equal(0n);
    });

    it("refuses an issuer that lost its role, even for the persons it registered", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, alice, bob, governor, scorer } = f;
      const c = await credential(f, alice.address, ALICE_ID, 30n, scorer);
      await register(f, c);
      await register(f, await credential(f, bob.address, BOB_ID, 365n, scorer));
      // Alice's registration expired and was removed; the scorer is still her person's last issuer.
      await networkHelpers.time.increaseTo(c.expiresAt);
      await expect(r.removeExpired(alice.address)).to.emit(r, "HumanRemoved").withArgs(alice.address);
      await expect(r.connect(governor).revokeRole(await r.ISSUER_ROLE(), scorer.address))
        .to.emit(r, "IssuerTermEnded")
        .withArgs(scorer.address, 2n, 1n);
      for (const person of [ALICE_ID, BOB_ID]) {
        await expect(r.connect(scorer).revokePerson(person))
          .to.be.revertedWithCustomError(r, "NotYourPerson")
          .withArgs(person, scorer.address, ethers.ZeroAddress);
      }
      // Bob's registration ended with the term: not registered, nothing to revoke by account.
      await expect(r.connect(scorer).revoke(bob.address))
        .to.be.revertedWithCustomError(r, "NotRegistered")
        .withArgs(bob.address);
      expect([...(await r.nullifier(ALICE_ID))]).to.deep.equal([ethers.ZeroAddress, c.expiresAt, ethers.ZeroAddress]);
      // The admin still can.
      await expect(r.connect(governor).revokePerson(BOB_ID))
        .to.emit(r, "HumanRevoked")
        .withArgs(ethers.ZeroAddress, BOB_ID, governor.address);
    });
  });

  describe("issuer terms", function () {
    it("numbers the deployment's issuer term 1 and each grant by the admin the next", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, deployer, governor } = f;
      const [scorer, rogue] = (await ethers.getSigners()).slice(7, 9);
      expect(await r.termOf(deployer.address)).to.equal(1n);
      expect([...(await r.termInfo(1n))]).to.deep.equal([deployer.address, false]);
      const role = await r.ISSUER_ROLE();
      await expect(r.connect(governor).grantRole(role, scorer!.address))
        .to.emit(r, "IssuerTermStarted")
        .withArgs(scorer!.address, 2n);
      await expect(r.connect(governor).grantRole(role, rogue!.address))
        .to.emit(r, "IssuerTermStarted")
        .withArgs(rogue!.address, 3n);
      expect([await r.termOf(scorer!.address), await r.termOf(rogue!.address)]).to.deep.equal([2n, 3n]);
      expect([...(await r.termInfo(3n))]).to.deep.equal([rogue!.address, false]);
    });

    it("ends every registration of a revoked issuer's term at once, and only those", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, humanDividend: d, alice, bob, carol, deployer, governor, scorer } = f;
      const a = await credential(f, alice.address, ALICE_ID);
      await register(f, a);
      await register(f, await credential(f, bob.address, BOB_ID));
      const c = await credential(f, carol.address, CAROL_ID, 365n, scorer);
      await register(f, c);
      expect(await r.humanCount()).to.equal(3n);
      await networkHelpers.time.increase(DAY);
      const receipt = await mined(r.connect(governor).revokeRole(await r.ISSUER_ROLE(), deployer.address));
      await expect(receipt).to.emit(r, "IssuerTermEnded").withArgs(deployer.address, 1n, 2n);
      await expect(receipt).to.emit(d, "TermEnded").withArgs(1n, 2n);
      expect(await r.termOf(deployer.address)).to.equal(0n);
      expect([...(await r.termInfo(1n))]).to.deep.equal([deployer.address, true]);
      expect([...(await d.termHeads(1n))]).to.deep.equal([2n, true]);
      expect([...(await d.termHeads(2n))]).to.deep.equal([1n, false]);
      for (const [account, person] of [
        [alice.address, ALICE_ID],
        [bob.address, BOB_ID],
      ] as const) {
        const latest = (await r.nullifier(person))[1];
        expect(await recorded(f, account, person)).to.deep.equal([
          false,
          0n,
          ethers.ZeroHash,
          [ethers.ZeroAddress, latest, ethers.ZeroAddress], // nobody answers for them now
          1n,
          ethers.ZeroAddress,
          person,
        ]);
        expect(await r.isHuman(account)).to.equal(false);
        await expect(r.revoke(account)).to.be.revertedWithCustomError(r, "NotRegistered").withArgs(account);
        await expect(r.removeExpired(account)).to.be.revertedWithCustomError(r, "NotRegistered").withArgs(account);
      }
      expect((await r.nullifier(ALICE_ID))[1]).to.equal(a.expiresAt);
      // The scorer's human is untouched.
      expect(await recorded(f, carol.address, CAROL_ID)).to.deep.equal([
        true,
        c.expiresAt,
        CAROL_ID,
        [carol.address, c.expiresAt, scorer.address],
        1n,
        scorer.address,
        CAROL_ID,
      ]);
      expect(await d.heads()).to.equal(1n);
    });

    it("ends an issuer's term when it renounces its role", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, humanDividend: d, alice, bob, scorer } = f;
      await register(f, await credential(f, alice.address, ALICE_ID));
      await register(f, await credential(f, bob.address, BOB_ID, 365n, scorer));
      const receipt = await mined(r.connect(scorer).renounceRole(await r.ISSUER_ROLE(), scorer.address));
      await expect(receipt).to.emit(r, "IssuerTermEnded").withArgs(scorer.address, 2n, 1n);
      await expect(receipt).to.emit(d, "TermEnded").withArgs(2n, 1n);
      expect(await r.isRegistered(bob.address)).to.equal(false);
      expect(await r.isRegistered(alice.address)).to.equal(true);
      expect(await r.termOf(scorer.address)).to.equal(0n);
      expect([...(await r.termInfo(2n))]).to.deep.equal([scorer.address, true]);
      expect(await r.humanCount()).to.equal(1n);
    });

    it("ends a term with no registrations: nothing leaves the count", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, humanDividend: d, alice, governor, scorer } = f;
      await register(f, await credential(f, alice.address, ALICE_ID));
      const receipt = await mined(r.connect(governor).revokeRole(await r.ISSUER_ROLE(), scorer.address));
      await expect(receipt).to.emit(r, "IssuerTermEnded").withArgs(scorer.address, 2n, 0n);
      await expect(receipt).to.emit(d, "TermEnded").withArgs(2n, 0n);
      expect([...(await d.termHeads(2n))]).to.deep.equal([0n, true]);
      expect(await r.humanCount()).to.equal(1n);
    });

    it("ends with the first issuer's term a registration another issuer tried to renew; then the other issuer may register the person", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, humanDividend: d, alice, bob, deployer, governor, scorer } = f;
      const first = await credential(f, alice.address, ALICE_ID, 30n);
      await register(f, first);
      await register(f, await credential(f, bob.address, BOB_ID, 30n));
      const renewal = await credential(f, alice.address, ALICE_ID, 365n, scorer);
      await expect(register(f, renewal))
        .to.be.revertedWithCustomError(r, "AnotherIssuersPerson")
        .withArgs(ALICE_ID, deployer.address);
      // The deployer's term ends: both its registrations end with it, Alice's included.
      await expect(r.connect(governor).revokeRole(await r.ISSUER_ROLE(), deployer.address))
        .to.emit(r, "IssuerTermEnded")
        .withArgs(deployer.address, 1n, 2n);
      expect([await r.isRegistered(alice.address), await r.isRegistered(bob.address)]).to.deep.equal([false, false]);
      expect(await r.issuerOf(alice.address)).to.equal(ethers.ZeroAddress);
      expect([...(await r.nullifier(ALICE_ID))]).to.deep.equal([
        ethers.ZeroAddress,
        first.expiresAt,
        ethers.ZeroAddress,
      ]);
      expect([...(await d.termHeads(1n))]).to.deep.equal([2n, true]);
      expect(await r.humanCount()).to.equal(0n);
      // Her registration ended: the scorer's credential, refused before, now registers her anew.
      await expect(register(f, renewal))
        .to.emit(r, "HumanRegistered")
        .withArgs(alice.address, ALICE_ID, renewal.expiresAt, scorer.address);
      expect(await r.issuerOf(alice.address)).to.equal(scorer.address);
      expect(await r.expiresAt(alice.address)).to.equal(renewal.expiresAt);
      expect([...(await d.termHeads(1n))]).to.deep.equal([2n, true]);
      expect([...(await d.termHeads(2n))]).to.deep.equal([1n, false]);
      expect(await r.humanCount()).to.equal(1n);
    });

    it("refuses a removed issuer's credentials, even those signed while it held the role", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, alice, bob, governor, scorer } = f;
      await register(f, await credential(f, alice.address, ALICE_ID, 30n, scorer));
      const renewal = await credential(f, alice.address, ALICE_ID, 365n, scorer);
      const unused = await credential(f, bob.address, BOB_ID, 365n, scorer);
      await r.connect(governor).revokeRole(await r.ISSUER_ROLE(), scorer.address);
      for (const c of [renewal, unused]) {
        await expect(register(f, c)).to.be.revertedWithCustomError(r, "NotIssuer").withArgs(scorer.address);
      }
      expect(await r.humanCount()).to.equal(0n);
      // Another issuer's credential brings the person back: a new registration, answered for by it.
      const other = await credential(f, alice.address, ALICE_ID, 366n);
      await expect(register(f, other))
        .to.emit(r, "HumanRegistered")
        .withArgs(alice.address, ALICE_ID, other.expiresAt, f.deployer.address);
      expect(await r.issuerOf(alice.address)).to.equal(f.deployer.address);
      expect(await r.humanCount()).to.equal(1n);
    });

    it("gives a regranted issuer a new term; its old people do not come back", async function () {
      const f = await networkHelpers.loadFixture(deployWithScorerFixture);
      const { humanRegistry: r, humanDividend: d, alice, bob, governor, scorer } = f;
      const role = await r.ISSUER_ROLE();
      const a = await credential(f, alice.address, ALICE_ID, 365n, scorer);
      await register(f, a);
      await register(f, await credential(f, bob.address, BOB_ID, 365n, scorer));
      await r.connect(governor).revokeRole(role, scorer.address);
      await expect(r.connect(governor).grantRole(role, scorer.address))
        .to.emit(r, "IssuerTermStarted")
        .withArgs(scorer.address, 3n);
      expect(await r.termOf(scorer.address)).to.equal(3n);
      expect([...(await r.termInfo(2n))]).to.deep.equal([scorer.address, true]);
      expect([...(await r.termInfo(3n))]).to.deep.equal([scorer.address, false]);
      expect([await r.isRegistered(alice.address), await r.isRegistered(bob.address)]).to.deep.equal([false, false]);
      expect(await r.humanCount()).to.equal(0n);
      expect([...(await d.termHeads(3n))]).to.deep.equal([0n, false]);
      // The scorer may re-admit them, each with a new credential: a new registration in term 3.
      const back = await credential(f, alice.address, ALICE_ID, 366n, scorer);
      await expect(register(f, back))
        .to.emit(r, "HumanRegistered")
        .withArgs(alice.address, ALICE_ID, back.expiresAt, scorer.address);
      expect([...(await d.termHeads(3n))]).to.deep.equal([1n, false]);
      expect([...(await d.termHeads(2n))]).to.deep.equal([2n, true]);
      expect(await r.humanCount()).to.equal(1n);
      expect(await r.isRegistered(bob.address)).to.equal(false);
    });
  });
});
