import { expect } from "chai";
import { network } from "hardhat";
import { PoolRegistry__factory } from "../typechain-types/index.js";
import { units } from "../scripts/lib/foundation.js";
import { foundationFixture, poolsFixture } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);
const deployWithPools = poolsFixture(connection);

const Status = { None: 0n, Proposed: 1n, Active: 2n, Retired: 3n } as const;

describe("PoolRegistry", function () {
  describe("propose", function () {
    it("lets anyone propose; ids start at 1", async function () {
      const { poolRegistry, stranger, cancerLab } = await networkHelpers.loadFixture(deploy);
      await expect(poolRegistry.connect(stranger).propose("Free AI", "ipfs://ai", cancerLab.address))
        .to.emit(poolRegistry, "PoolProposed")
        .withArgs(1n, stranger.address, cancerLab.address, "Free AI", "ipfs://ai");
      expect(await poolRegistry.poolCount()).to.equal(1n);
      const pool = await poolRegistry.pool(1n);
      expect(pool.name).to.equal("Free AI");
      expect(pool.metadataURI).to.equal("ipfs://ai");
      expect(pool.recipient).to.equal(cancerLab.address);
      expect(pool.weight).to.equal(0n);
      expect(pool.status).to.equal(Status.Proposed);
      expect(await poolRegistry.isActive(1n)).to.equal(false);
    });

    it("rejects an empty name and a zero recipient", async function () {
      const { poolRegistry, cancerLab } = await networkHelpers.loadFixture(deploy);
      await expect(poolRegistry.propose("", "", cancerLab.address)).to.be.revertedWithCustomError(
        poolRegistry,
        "EmptyName",
      );
      await expect(poolRegistry.propose("x", "", ethers.ZeroAddress)).to.be.revertedWithCustomError(
        poolRegistry,
        "ZeroAddress",
      );
      expect(await poolRegistry.poolCount()).to.equal(0n);
    });
  });

  describe("approve", function () {
    it("activates a proposed pool with its weight and opens it for directed fees", async function () {
      const { poolRegistry, foundationCoin, cancerLab } = await networkHelpers.loadFixture(deploy);
      await poolRegistry.propose("Cancer research", "", cancerLab.address);
      await expect(poolRegistry.approve(1n, 250n)).to.emit(poolRegistry, "PoolApproved").withArgs(1n, 250n, 250n);
      expect(await poolRegistry.isActive(1n)).to.equal(true);
      expect(await poolRegistry.totalWeight()).to.equal(250n);
      expect((await poolRegistry.pool(1n)).status).to.equal(Status.Active);
      expect(await foundationCoin.isPoolOpen(1n)).to.equal(true);
    });

    it("rejects unknown, active and retired pools and weights above the maximum", async function () {
      const { poolRegistry } = await networkHelpers.loadFixture(deployWithPools);
      await expect(poolRegistry.approve(9n, 1n))
        .to.be.revertedWithCustomError(poolRegistry, "UnknownPool")
        .withArgs(9n);
      await expect(poolRegistry.approve(1n, 1n))
        .to.be.revertedWithCustomError(poolRegistry, "WrongPoolStatus")
        .withArgs(1n, Status.Active, Status.Proposed);
      await poolRegistry.retire(2n);
      await expect(poolRegistry.approve(2n, 1n))
        .to.be.revertedWithCustomError(poolRegistry, "WrongPoolStatus")
        .withArgs(2n, Status.Retired, Status.Proposed);
      await poolRegistry.propose("New", "", (await ethers.getSigners())[5]!.address);
      await expect(poolRegistry.approve(3n, 1_000_001n))
        .to.be.revertedWithCustomError(poolRegistry, "WeightAboveMax")
        .withArgs(1_000_001n, 1_000_000n);
    });

    it("does not give the new pool income that arrived before it was approved", async function () {
      const { poolRegistry, foundationCoin, alice, stranger } = await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // fee 2 FRSV
      await poolRegistry.propose("Late", "", stranger.address);
      await poolRegistry.approve(3n, 400n);
      expect(await poolRegistry.claimable(3n)).to.equal(0n);
      expect(await poolRegistry.claimable(1n)).to.equal(units("0.5"));
      expect(await poolRegistry.claimable(2n)).to.equal(units("1.5"));
    });
  });

  describe("setWeight", function () {
    it("changes the share of income arriving afterwards only", async function () {
      const { poolRegistry, foundationCoin, alice } = await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV at 100:300
      await expect(poolRegistry.setWeight(1n, 300n)).to.emit(poolRegistry, "WeightSet").withArgs(1n, 300n, 600n);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV at 300:300
      // 2 FRSV over 600 weight does not divide evenly: each pool is a wei short and the
      // 2 wei wait in the registry as carried remainder.
      expect(await poolRegistry.claimable(1n)).to.equal(units("1.5") - 1n);
      expect(await poolRegistry.claimable(2n)).to.equal(units("2.5") - 1n);
      expect(await poolRegistry.totalWeight()).to.equal(600n);
    });

    it("rejects pools that are not active and weights above the maximum", async function () {
      const { poolRegistry, cancerLab } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Proposed", "", cancerLab.address);
      await expect(poolRegistry.setWeight(3n, 1n))
        .to.be.revertedWithCustomError(poolRegistry, "WrongPoolStatus")
        .withArgs(3n, Status.Proposed, Status.Active);
      await expect(poolRegistry.setWeight(1n, 2_000_000n))
        .to.be.revertedWithCustomError(poolRegistry, "WeightAboveMax")
        .withArgs(2_000_000n, 1_000_000n);
      await expect(poolRegistry.setWeight(8n, 1n))
        .to.be.revertedWithCustomError(poolRegistry, "UnknownPool")
        .withArgs(8n);
    });
  });

  describe("retire", function () {
    it("stops new income but keeps what the pool accrued claimable by its recipient", async function () {
      const { poolRegistry, foundationCoin, reserveToken, alice, cancerLab } =
        await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 0.5 to pool 1
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 1n, 0n); // 1 directed to pool 1
      await expect(poolRegistry.retire(1n)).to.emit(poolRegistry, "PoolRetired").withArgs(1n, 300n);
      expect(await poolRegistry.isActive(1n)).to.equal(false);
      expect(await poolRegistry.totalWeight()).to.equal(300n);
      expect((await poolRegistry.pool(1n)).weight).to.equal(0n);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // all 2 to pool 2
      expect(await poolRegistry.claimable(1n)).to.equal(units("1.5"));
      await expect(poolRegistry.claim(1n)).to.changeTokenBalance(ethers, reserveToken, cancerLab, units("1.5"));
      // 2 FRSV over weight 300 leaves a wei of carried remainder.
      expect(await poolRegistry.claimable(2n)).to.equal(units("3.5") - 1n);
    });

    it("can reject a proposal, and cannot retire twice", async function () {
      const { poolRegistry, cancerLab } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.propose("Spam", "", cancerLab.address);
      await expect(poolRegistry.retire(3n)).to.emit(poolRegistry, "PoolRetired").withArgs(3n, 400n);
      await expect(poolRegistry.retire(3n))
        .to.be.revertedWithCustomError(poolRegistry, "PoolAlreadyRetired")
        .withArgs(3n);
      await expect(poolRegistry.retire(4n)).to.be.revertedWithCustomError(poolRegistry, "UnknownPool").withArgs(4n);
    });
  });

  describe("curator-only functions", function () {
    it("refuse approve, setWeight and retire to anyone but the curator", async function () {
      const { poolRegistry, stranger } = await networkHelpers.loadFixture(deployWithPools);
      const role = await poolRegistry.CURATOR_ROLE();
      const registry = poolRegistry.connect(stranger);
      for (const call of [
        () => registry.approve(1n, 1n),
        () => registry.setWeight(1n, 1n),
        () => registry.retire(1n),
      ]) {
        await expect(call())
          .to.be.revertedWithCustomError(poolRegistry, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, role);
      }
    });
  });

  describe("setRecipient", function () {
    it("lets the current recipient hand over; claims then pay the new recipient", async function () {
      const { poolRegistry, foundationCoin, reserveToken, alice, cancerLab, carol } =
        await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 1n, 0n);
      await expect(poolRegistry.connect(cancerLab).setRecipient(1n, carol.address))
        .to.emit(poolRegistry, "RecipientSet")
        .withArgs(1n, carol.address);
      await expect(poolRegistry.claim(1n)).to.changeTokenBalances(
        ethers,
        reserveToken,
        [carol, cancerLab],
        [units("1"), 0n],
      );
    });

    it("rejects anyone but the recipient, and the zero address", async function () {
      const { poolRegistry, deployer, cancerLab } = await networkHelpers.loadFixture(deployWithPools);
      await expect(poolRegistry.setRecipient(1n, deployer.address))
        .to.be.revertedWithCustomError(poolRegistry, "NotRecipient")
        .withArgs(1n, deployer.address);
      await expect(poolRegistry.connect(cancerLab).setRecipient(1n, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        poolRegistry,
        "ZeroAddress",
      );
      await expect(poolRegistry.setRecipient(5n, deployer.address))
        .to.be.revertedWithCustomError(poolRegistry, "UnknownPool")
        .withArgs(5n);
    });
  });

  describe("claim", function () {
    it("can be triggered by a stranger and always pays the pool's recipient", async function () {
      const { poolRegistry, foundationCoin, reserveToken, alice, stranger, cancerLab } =
        await networkHelpers.loadFixture(deployWithPools);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 0.5 to pool 1
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 1n, 0n); // 1 to pool 1
      expect(await poolRegistry.claimable(1n)).to.equal(units("1.5"));
      const tx = poolRegistry.connect(stranger).claim(1n);
      await expect(tx).to.emit(poolRegistry, "Claimed").withArgs(1n, cancerLab.address, units("1.5"));
      await expect(tx).to.emit(poolRegistry, "FeeAccrued").withArgs(0n, units("2"));
      await expect(tx).to.emit(poolRegistry, "FeeAccrued").withArgs(1n, units("1"));
      await expect(tx).to.changeTokenBalances(ethers, reserveToken, [cancerLab, stranger], [units("1.5"), 0n]);
      expect(await poolRegistry.claimable(1n)).to.equal(0n);
      expect(await poolRegistry.claimable(2n)).to.equal(units("1.5"));
    });

    it("returns 0 and pays nothing when nothing is owed", async function () {
      const { poolRegistry } = await networkHelpers.loadFixture(deployWithPools);
      expect(await poolRegistry.claim.staticCall(1n)).to.equal(0n);
      await expect(poolRegistry.claim(1n)).not.to.emit(poolRegistry, "Claimed");
    });

    it("rejects an unknown pool", async function () {
      const { poolRegistry } = await networkHelpers.loadFixture(deployWithPools);
      await expect(poolRegistry.claim(0n)).to.be.revertedWithCustomError(poolRegistry, "UnknownPool").withArgs(0n);
      await expect(poolRegistry.claimable(3n)).to.be.revertedWithCustomError(poolRegistry, "UnknownPool").withArgs(3n);
    });

    it("conserves odd amounts to the wei: shares, remainders and later income add up", async function () {
      const { poolRegistry, reserveToken, alice, cancerLab, schoolLab } =
        await networkHelpers.loadFixture(deployWithPools);
      const registry = await poolRegistry.getAddress();
      // 7 wei over weights 100:300 → 1.75 and 5.25: 1 and 5 claimable now, 1 wei held as remainders.
      await reserveToken.connect(alice).transfer(registry, 7n);
      expect(await poolRegistry.claimable(1n)).to.equal(1n);
      expect(await poolRegistry.claimable(2n)).to.equal(5n);
      await poolRegistry.claim(1n);
      await poolRegistry.claim(2n);
      expect(await reserveToken.balanceOf(registry)).to.equal(1n);
      // 1 more wei: the remainders (0.75 + 0.25 + 1.0 = 2 wei in all) become whole.
      await reserveToken.connect(alice).transfer(registry, 1n);
      const paid1 = await poolRegistry.claim.staticCall(1n);
      const paid2 = await poolRegistry.claim.staticCall(2n);
      expect(paid1).to.equal(1n); // 0.75 + 0.25
      expect(paid2).to.equal(1n); // 0.25 + 0.75
      await poolRegistry.claim(1n);
      await poolRegistry.claim(2n);
      expect(
        (await reserveToken.balanceOf(cancerLab.address)) + (await reserveToken.balanceOf(schoolLab.address)),
      ).to.equal(8n);
      expect(await reserveToken.balanceOf(registry)).to.equal(0n);
    });
  });

  describe("accumulatedPerWeight", function () {
    it("grows by each settled commons income per unit of weight, scaled by SCALE", async function () {
      const { poolRegistry, foundationCoin, alice } = await networkHelpers.loadFixture(deployWithPools);
      expect(await poolRegistry.SCALE()).to.equal(10n ** 18n);
      expect(await poolRegistry.MAX_WEIGHT()).to.equal(1_000_000n);
      expect(await poolRegistry.accumulatedPerWeight()).to.equal(0n);
      await foundationCoin.connect(alice).mint(units("400"), alice.address, 0n, 0n); // 2 FRSV of commons
      await poolRegistry.claim(1n); // settles
      // 2 FRSV over a total weight of 400.
      expect(await poolRegistry.accumulatedPerWeight()).to.equal((units("2") * 10n ** 18n) / 400n);
    });
  });

  describe("remainders", function () {
    it("carries the division remainder forward so uneven income is never lost", async function () {
      const { poolRegistry, reserveToken, alice } = await networkHelpers.loadFixture(deployWithPools);
      await poolRegistry.setWeight(1n, 1n);
      await poolRegistry.setWeight(2n, 2n);
      const registry = await poolRegistry.getAddress();
      // Three separate wei, each settled on its own over a total weight of 3: no single
      // settlement divides evenly, but the carried remainders make the sum exact.
      for (let i = 0; i < 3; i++) {
        await reserveToken.connect(alice).transfer(registry, 1n);
        await poolRegistry.claim(2n);
      }
      expect(await poolRegistry.claimable(1n)).to.equal(1n);
      expect(await reserveToken.balanceOf(registry)).to.equal(1n);
      expect(await poolRegistry.heldCommons()).to.equal(0n);
    });
  });

  describe("commons with no active pool", function () {
    it("holds undirected fees and shares them once a pool becomes active", async function () {
      const { poolRegistry, foundationCoin, alice, cancerLab, schoolLab } = await networkHelpers.loadFixture(deploy);
      await foundationCoin.connect(alice).mint(units("200"), alice.address, 0n, 0n); // 1 FRSV, no pools
      expect(await poolRegistry.heldCommons()).to.equal(units("1"));
      await poolRegistry.propose("Cancer research", "", cancerLab.address);
      await poolRegistry.propose("Education", "", schoolLab.address);
      await poolRegistry.approve(1n, 1n); // settles first: the fee stays held (no weight yet)
      expect(await poolRegistry.heldCommons()).to.equal(0n);
      expect(await poolRegistry.claimable(1n)).to.equal(units("1"));
      await poolRegistry.approve(2n, 1n); // settles: pool 1 already received the held fee
      expect(await poolRegistry.claimable(1n)).to.equal(units("1"));
      expect(await poolRegistry.claimable(2n)).to.equal(0n);
    });
  });

  describe("emission income", function () {
    it("counts reserve released by emission as commons income", async function () {
      const { poolRegistry, emission } = await networkHelpers.loadFixture(deployWithPools);
      await networkHelpers.time.increase(1000);
      await emission.release();
      const released = await emission.released();
      expect(released).to.be.greaterThan(0n);
      const sum = (await poolRegistry.claimable(1n)) + (await poolRegistry.claimable(2n));
      expect(sum).to.be.lte(released);
      expect(released - sum).to.be.lte(2n); // at most a wei of remainder per pool
      expect(await poolRegistry.claimable(2n)).to.equal((released * 3n) / 4n);
    });
  });

  describe("bindCoin", function () {
    it("can be called once, by the deployer, with a coin that points back at the registry", async function () {
      const { poolRegistry, foundationCoin, reserveToken, deployer, stranger } =
        await networkHelpers.loadFixture(deploy);
      expect(await poolRegistry.coin()).to.equal(await foundationCoin.getAddress());
      expect(await poolRegistry.reserve()).to.equal(await reserveToken.getAddress());
      await expect(poolRegistry.bindCoin(await foundationCoin.getAddress()))
        .to.be.revertedWithCustomError(poolRegistry, "CoinBindingClosed")
        .withArgs(deployer.address);

      const fresh = await new PoolRegistry__factory(deployer).deploy(
        await reserveToken.getAddress(),
        deployer.address,
        deployer.address,
      );
      await expect(fresh.connect(stranger).bindCoin(await foundationCoin.getAddress()))
        .to.be.revertedWithCustomError(fresh, "CoinBindingClosed")
        .withArgs(stranger.address);
      await expect(fresh.bindCoin(await foundationCoin.getAddress()))
        .to.be.revertedWithCustomError(fresh, "CoinMismatch")
        .withArgs(await foundationCoin.getAddress());
      await fresh.propose("Pool", "", stranger.address);
      await expect(fresh.approve(1n, 1n)).to.be.revertedWithCustomError(fresh, "CoinNotBound");
      await expect(
        new PoolRegistry__factory(deployer).deploy(ethers.ZeroAddress, deployer.address, deployer.address),
      ).to.be.revertedWithCustomError(fresh, "ZeroAddress");
      await expect(
        new PoolRegistry__factory(deployer).deploy(
          await reserveToken.getAddress(),
          deployer.address,
          ethers.ZeroAddress,
        ),
      ).to.be.revertedWithCustomError(fresh, "ZeroAddress");
      await expect(
        new PoolRegistry__factory(deployer).deploy(
          await reserveToken.getAddress(),
          ethers.ZeroAddress,
          deployer.address,
        ),
      )
        .to.be.revertedWithCustomError(fresh, "AccessControlInvalidDefaultAdmin")
        .withArgs(ethers.ZeroAddress);
    });

    it("emits CoinBound", async function () {
      const { reserveToken, emission, deployer } = await networkHelpers.loadFixture(deploy);
      const { FoundationCoin__factory } = await import("../typechain-types/index.js");
      const registry = await new PoolRegistry__factory(deployer).deploy(
        await reserveToken.getAddress(),
        deployer.address,
        deployer.address,
      );
      const coin = await new FoundationCoin__factory(deployer).deploy(
        await reserveToken.getAddress(),
        await registry.getAddress(),
        await emission.getAddress(),
        1000n,
        0n,
        0n,
        deployer.address,
        deployer.address,
      );
      await expect(registry.bindCoin(await coin.getAddress()))
        .to.emit(registry, "CoinBound")
        .withArgs(await coin.getAddress());
    });
  });
});
