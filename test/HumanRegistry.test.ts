import { expect } from "chai";
import { network } from "hardhat";
import type { Signer } from "ethers";
import { ContractAttester__factory, HumanDividend__factory, HumanRegistry__factory } from "../typechain-types/index.js";
import { signCredential, type Credential } from "../client/humans.js";
import { foundationFixture } from "./helpers/fixture.js";
import { mined } from "./helpers/books.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);
type Fixture = Awaited<ReturnType<typeof deploy>>;

const DAY = 86_400n;
const ALICE_ID = ethers.id("person: alice");
const BOB_ID = ethers.id("person: bob");

interface Signed extends Credential {
  issuer: string;
  signature: string;
}

async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
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
      // Issuers given: they issue, the deployer does not.
      const [bridge, scorer] = (await ethers.getSigners()).slice(8, 10).map((s) => s.address);
      const listed = await factory.deploy(timelock, [bridge!, scorer!], 400n * DAY);
      const role = await listed.ISSUER_ROLE();
      expect([await listed.hasRole(role, bridge!), await listed.hasRole(role, scorer!)]).to.deep.equal([true, true]);
      expect(await listed.hasRole(role, deployer.address)).to.equal(false);
    });

    it("binds its dividend once, by the deployer, only one that settles this registry", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { deployer, stranger, timelock, emission, humanRegistry, humanDividend } = f;
      await expect(humanRegistry.bindDividend(humanDividend))
        .to.be.revertedWithCustomError(humanRegistry, "BindingClosed")
        .withArgs(deployer.address);
      const fresh = await new HumanRegistry__factory(deployer).deploy(timelock, [], 400n * DAY);
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
      const c = await credential(f, f.alice.address, ALICE_ID);
      await expect(register(f, c))
        .to.emit(f.humanRegistry, "HumanRegistered")
        .withArgs(f.alice.address, ALICE_ID, c.expiresAt, f.deployer.address);
      expect(await recorded(f, f.alice.address, ALICE_ID)).to.deep.equal([
        true,
        c.expiresAt,
        ALICE_ID,
        [f.alice.address, c.expiresAt],
        1n,
      ]);
      expect(await f.humanRegistry.isHuman(f.alice.address)).to.equal(true);
      expect(await f.humanRegistry.isHuman(f.bob.address)).to.equal(false);
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
    });

    it("accepts an issuer that is a contract (ERC-1271), checked through SignatureChecker", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const bridge = await new ContractAttester__factory(f.deployer).deploy(f.carol.address);
      await f.humanRegistry.connect(f.governor).grantRole(await f.humanRegistry.ISSUER_ROLE(), bridge);
      // The bridge "signs" with what its operator signed; it is named as the issuer.
      const signed = await credential(f, f.alice.address, ALICE_ID, 365n, f.carol);
      const c = { ...signed, issuer: await bridge.getAddress() };
      await expect(register(f, c))
        .to.emit(f.humanRegistry, "HumanRegistered")
        .withArgs(f.alice.address, ALICE_ID, c.expiresAt, await bridge.getAddress());
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
      await expect(register(f, longestSigned)).to.emit(r, "HumanRegistered");
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
      expect(await r.nullifier(BOB_ID)).to.deep.equal([ethers.ZeroAddress, 0n]);
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
      await expect(r.revoke(alice.address)).to.emit(r, "HumanRevoked").withArgs(alice.address, deployer.address);
      const floor = (await now()) + 400n * DAY;
      const after = await recorded(f, alice.address, ALICE_ID);
      expect(after).to.deep.equal([false, 0n, ethers.ZeroHash, [ethers.ZeroAddress, floor], 0n]);
      // Neither the used credential, nor the pending renewal, nor an earlier one undoes it.
      await networkHelpers.time.increase(DAY);
      await expect(register(f, first)).to.be.revertedWithCustomError(r, "StaleCredential");
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
      expect(await r.nullifier(ALICE_ID)).to.deep.equal([bob.address, moved.expiresAt]);
    });

    it("keeps a stolen account from holding the person with a renewal signed before the theft", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice, bob } = f;
      await register(f, await credential(f, alice.address, ALICE_ID, 30n));
      const renewal = await credential(f, alice.address, ALICE_ID, 365n); // handed to Alice, unused
      // Alice's key is stolen: the issuer revokes her account and moves her to Bob's.
      await networkHelpers.time.increase(DAY);
      await r.revoke(alice.address);
      await networkHelpers.time.increase(1n);
      const fresh = await credential(f, bob.address, ALICE_ID, 400n);
      // The thief submits the old renewal first: refused, so the person is not stuck on the
      // stolen account, and the credential for the new account goes through.
      await expect(register(f, renewal)).to.be.revertedWithCustomError(r, "StaleCredential");
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
      await r.removeExpired(alice.address);
      expect(await r.nullifier(ALICE_ID)).to.deep.equal([ethers.ZeroAddress, first.expiresAt]);
      const renewed = await credential(f, alice.address, ALICE_ID, 30n);
      await expect(register(f, renewed)).to.emit(r, "HumanRegistered");
    });

    it("lets only an issuer revoke, and only a registered account", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice, stranger } = f;
      await register(f, await credential(f, alice.address, ALICE_ID));
      await expect(r.connect(stranger).revoke(alice.address))
        .to.be.revertedWithCustomError(r, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await r.ISSUER_ROLE());
      await expect(r.revoke(stranger.address))
        .to.be.revertedWithCustomError(r, "NotRegistered")
        .withArgs(stranger.address);
      expect(await r.humanCount()).to.equal(1n);
    });

    it("lets anyone remove a registration in the very second it expires", async function () {
      const f = await networkHelpers.loadFixture(deploy);
      const { humanRegistry: r, alice, stranger } = f;
      const c = await credential(f, alice.address, ALICE_ID, 30n);
      await register(f, c);
      await networkHelpers.time.setNextBlockTimestamp(c.expiresAt);
      const receipt = await mined(r.connect(stranger).removeExpired(alice.address));
      expect(BigInt((await ethers.provider.getBlock(receipt.blockNumber))!.timestamp)).to.equal(c.expiresAt);
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
        [ethers.ZeroAddress, c.expiresAt],
        0n,
      ]);
      await expect(r.removeExpired(alice.address))
        .to.be.revertedWithCustomError(r, "NotRegistered")
        .withArgs(alice.address);
    });
  });
});
