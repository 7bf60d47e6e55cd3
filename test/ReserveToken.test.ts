import { expect } from "chai";
import { network } from "hardhat";
import { ReserveToken__factory } from "../typechain-types/index.js";
import { units } from "../client/foundation.js";
import { foundationFixture, GENESIS } from "./helpers/fixture.js";
import { signPermit } from "../client/permit.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const deploy = foundationFixture(connection);
const CAP = units("21000000");

describe("ReserveToken", function () {
  describe("deployment", function () {
    it("is FRSV, capped at 21 million, with the genesis counted against the cap", async function () {
      const { reserveToken, emission, alice, bob, carol } = await networkHelpers.loadFixture(deploy);
      expect(await reserveToken.name()).to.equal("Foundation Reserve");
      expect(await reserveToken.symbol()).to.equal("FRSV");
      expect(await reserveToken.cap()).to.equal(CAP);
      expect(await reserveToken.totalSupply()).to.equal(GENESIS * 3n);
      for (const holder of [alice, bob, carol]) expect(await reserveToken.balanceOf(holder.address)).to.equal(GENESIS);
      expect(await reserveToken.minter()).to.equal(await emission.getAddress());
    });

    it("rejects a genesis above the cap, mismatched lists and the zero address", async function () {
      const { deployer, alice } = await networkHelpers.loadFixture(deploy);
      const factory = new ReserveToken__factory(deployer);
      await expect(factory.deploy([alice.address, deployer.address], [CAP, 1n]))
        .to.be.revertedWithCustomError(factory, "ERC20ExceededCap")
        .withArgs(CAP + 1n, CAP);
      await expect(factory.deploy([alice.address], []))
        .to.be.revertedWithCustomError(factory, "ReserveGenesisLengthMismatch")
        .withArgs(1n, 0n);
      await expect(factory.deploy([ethers.ZeroAddress], [1n])).to.be.revertedWithCustomError(
        factory,
        "ReserveZeroAddress",
      );
    });
  });

  describe("setMinter", function () {
    it("is fixed once, by the deployer only, and never to zero", async function () {
      const { deployer, alice, stranger } = await networkHelpers.loadFixture(deploy);
      const token = await new ReserveToken__factory(deployer).deploy([], []);
      await expect(token.connect(stranger).setMinter(stranger.address))
        .to.be.revertedWithCustomError(token, "ReserveUnauthorized")
        .withArgs(stranger.address);
      await expect(token.setMinter(ethers.ZeroAddress)).to.be.revertedWithCustomError(token, "ReserveZeroAddress");
      await expect(token.setMinter(alice.address)).to.emit(token, "MinterSet").withArgs(alice.address);
      await expect(token.setMinter(stranger.address))
        .to.be.revertedWithCustomError(token, "ReserveMinterAlreadySet")
        .withArgs(alice.address);
      expect(await token.minter()).to.equal(alice.address);
    });

    it("is closed on the deployed system: the emission contract is the only minter", async function () {
      const { reserveToken, emission } = await networkHelpers.loadFixture(deploy);
      await expect(reserveToken.setMinter(await reserveToken.getAddress()))
        .to.be.revertedWithCustomError(reserveToken, "ReserveMinterAlreadySet")
        .withArgs(await emission.getAddress());
    });
  });

  describe("mint", function () {
    it("is refused to everyone but the minter: no admin mint", async function () {
      const { reserveToken, deployer, stranger } = await networkHelpers.loadFixture(deploy);
      for (const caller of [deployer, stranger]) {
        await expect(reserveToken.connect(caller).mint(caller.address, 1n))
          .to.be.revertedWithCustomError(reserveToken, "ReserveUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("lets the minter mint up to the cap and not a unit beyond", async function () {
      const { deployer, alice } = await networkHelpers.loadFixture(deploy);
      const token = await new ReserveToken__factory(deployer).deploy([alice.address], [units("1000")]);
      await token.setMinter(deployer.address);
      await expect(token.mint(alice.address, CAP - units("1000") + 1n))
        .to.be.revertedWithCustomError(token, "ERC20ExceededCap")
        .withArgs(CAP + 1n, CAP);
      await token.mint(alice.address, CAP - units("1000"));
      expect(await token.totalSupply()).to.equal(CAP);
      await expect(token.mint(alice.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC20ExceededCap")
        .withArgs(CAP + 1n, CAP);
    });
  });

  describe("burn", function () {
    it("lets the minter burn its own FRSV: a transfer to the zero address, the supply down by the amount", async function () {
      const { deployer, alice } = await networkHelpers.loadFixture(deploy);
      const token = await new ReserveToken__factory(deployer).deploy([alice.address], [units("1000")]);
      await token.setMinter(deployer.address);
      await token.mint(deployer.address, units("40"));
      const burnt = token.burn(units("15"));
      await expect(burnt).to.emit(token, "Transfer").withArgs(deployer.address, ethers.ZeroAddress, units("15"));
      await expect(burnt).to.changeTokenBalances(ethers, token, [deployer, alice], [-units("15"), 0n]);
      expect(await token.totalSupply()).to.equal(units("1040") - units("15"));
      // Not a unit more than it holds.
      await expect(token.burn(units("25") + 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(deployer.address, units("25"), units("25") + 1n);
      await token.burn(units("25"));
      expect(await token.balanceOf(deployer.address)).to.equal(0n);
      expect(await token.totalSupply()).to.equal(units("1000"));
    });

    it("is refused to everyone but the minter: ReserveUnauthorized", async function () {
      const { reserveToken, deployer, alice, stranger } = await networkHelpers.loadFixture(deploy);
      for (const caller of [deployer, alice, stranger]) {
        await expect(reserveToken.connect(caller).burn(1n))
          .to.be.revertedWithCustomError(reserveToken, "ReserveUnauthorized")
          .withArgs(caller.address);
      }
      expect(await reserveToken.balanceOf(alice.address)).to.equal(GENESIS);
      expect(await reserveToken.totalSupply()).to.equal(GENESIS * 3n);
      // Before a minter is fixed, nobody burns either.
      const token = await new ReserveToken__factory(deployer).deploy([deployer.address], [units("1")]);
      await expect(token.burn(1n))
        .to.be.revertedWithCustomError(token, "ReserveUnauthorized")
        .withArgs(deployer.address);
    });

    it("never touches anyone else's FRSV: the minter burns only from its own balance", async function () {
      const { deployer, alice, bob } = await networkHelpers.loadFixture(deploy);
      const token = await new ReserveToken__factory(deployer).deploy([alice.address], [units("1000")]);
      await token.setMinter(deployer.address);
      // Alice holds FRSV and even allows the minter to spend it: a burn still takes only the minter's own.
      await token.connect(alice).approve(deployer.address, units("1000"));
      await expect(token.burn(1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(deployer.address, 0n, 1n);
      await token.connect(alice).transfer(deployer.address, units("10"));
      await expect(token.burn(units("10"))).to.changeTokenBalances(
        ethers,
        token,
        [deployer, alice, bob],
        [-units("10"), 0n, 0n],
      );
      expect(await token.balanceOf(alice.address)).to.equal(units("990"));
      expect(await token.allowance(alice.address, deployer.address)).to.equal(units("1000"));
      expect(await token.totalSupply()).to.equal(units("990"));
    });
  });

  describe("ERC-20", function () {
    it("transfers and supports permit", async function () {
      const { reserveToken, alice, bob } = await networkHelpers.loadFixture(deploy);
      await expect(reserveToken.connect(alice).transfer(bob.address, 5n)).to.changeTokenBalances(
        ethers,
        reserveToken,
        [alice, bob],
        [-5n, 5n],
      );
      const deadline = 2n ** 40n;
      const { v, r, s } = await signPermit(alice, reserveToken, bob.address, 7n, deadline);
      await reserveToken.permit(alice.address, bob.address, 7n, deadline, v, r, s);
      expect(await reserveToken.allowance(alice.address, bob.address)).to.equal(7n);
      // The zero address and the token itself: FRSV sent to either could never move again.
      for (const to of [ethers.ZeroAddress, await reserveToken.getAddress()]) {
        await expect(reserveToken.connect(alice).transfer(to, 1n))
          .to.be.revertedWithCustomError(reserveToken, "ERC20InvalidReceiver")
          .withArgs(to);
      }
    });
  });
});
