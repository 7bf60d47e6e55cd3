import { expect } from "chai";
import { network } from "hardhat";
import FoundationModule, { FOUR_YEARS } from "../ignition/modules/Foundation.js";
import { attachFoundation, deployFoundation, units } from "../client/foundation.js";

const connection = await network.create();
const { ethers, ignition } = connection;

describe("Ignition module Foundation", function () {
  it("deploys the whole system wired together with safe defaults", async function () {
    const [deployer] = await ethers.getSigners();
    expect(FoundationModule.id).to.equal("Foundation");
    const deployed = await ignition.deploy(FoundationModule);
    expect(Object.keys(deployed).sort()).to.deep.equal([
      "computeRewards",
      "emission",
      "foundationCoin",
      "humanDividend",
      "humanRegistry",
      "poolRegistry",
      "reserveToken",
      "timelock",
    ]);
    const {
      reserveToken,
      foundationCoin,
      poolRegistry,
      emission,
      computeRewards,
      humanRegistry,
      humanDividend,
      timelock,
    } = attachFoundation(
      {
        reserveToken: await deployed.reserveToken.getAddress(),
        foundationCoin: await deployed.foundationCoin.getAddress(),
        poolRegistry: await deployed.poolRegistry.getAddress(),
        emission: await deployed.emission.getAddress(),
        computeRewards: await deployed.computeRewards.getAddress(),
        humanRegistry: await deployed.humanRegistry.getAddress(),
        humanDividend: await deployed.humanDividend.getAddress(),
        timelock: await deployed.timelock.getAddress(),
      },
      deployer!,
    );

    expect(await reserveToken.totalSupply()).to.equal(0n); // no genesis unless chosen
    expect(await reserveToken.minter()).to.equal(await emission.getAddress());
    expect(await foundationCoin.RATE()).to.equal(1000n);
    expect(await foundationCoin.mintFeeBps()).to.equal(50n);
    expect(await foundationCoin.redeemFeeBps()).to.equal(50n);
    expect(await foundationCoin.reserve()).to.equal(await reserveToken.getAddress());
    expect(await foundationCoin.registry()).to.equal(await poolRegistry.getAddress());
    expect(await poolRegistry.coin()).to.equal(await foundationCoin.getAddress());
    expect(await poolRegistry.emission()).to.equal(await emission.getAddress());
    expect(await poolRegistry.reserve()).to.equal(await reserveToken.getAddress());
    expect(await emission.commons()).to.equal(await poolRegistry.getAddress());
    expect(await emission.computeRewards()).to.equal(await computeRewards.getAddress());
    expect(await emission.COMPUTE_SHARE_BPS()).to.equal(5_000n);
    expect(await emission.HUMAN_SHARE_BPS()).to.equal(2_500n);
    expect(await emission.humanDividend()).to.equal(await humanDividend.getAddress());
    expect(await foundationCoin.isSystemContract(await computeRewards.getAddress())).to.equal(true);
    expect(await foundationCoin.isSystemContract(await humanRegistry.getAddress())).to.equal(true);
    expect(await foundationCoin.isSystemContract(await humanDividend.getAddress())).to.equal(true);
    expect(await humanDividend.emission()).to.equal(await emission.getAddress());
    expect(await humanDividend.humanRegistry()).to.equal(await humanRegistry.getAddress());
    expect(await humanDividend.commons()).to.equal(await poolRegistry.getAddress());
    expect(await humanRegistry.dividend()).to.equal(await humanDividend.getAddress());
    expect(await humanRegistry.MAX_VALIDITY()).to.equal(400n * 86_400n);
    expect(await humanRegistry.hasRole(await humanRegistry.ISSUER_ROLE(), deployer!.address)).to.equal(true);
    expect(await humanRegistry.defaultAdmin()).to.equal(await timelock.getAddress());
    expect(await computeRewards.registry()).to.equal(await poolRegistry.getAddress());
    expect(await computeRewards.emission()).to.equal(await emission.getAddress());
    expect(await computeRewards.EPOCH_LENGTH()).to.equal(86_400n);
    expect(await computeRewards.SUBMISSION_WINDOW()).to.equal(2n * 86_400n);
    expect(await computeRewards.CLAIM_PERIOD()).to.equal(365n * 86_400n);
    expect(await computeRewards.START()).to.equal(await emission.START());
    expect(await computeRewards.quorum()).to.equal(1n);
    expect(await computeRewards.hasRole(await computeRewards.ATTESTER_ROLE(), deployer!.address)).to.equal(true);
    expect(await computeRewards.getRoleMemberCount(await computeRewards.ATTESTER_ROLE())).to.equal(1n);
    expect(await computeRewards.defaultAdmin()).to.equal(await timelock.getAddress());
    expect(await computeRewards.hasRole(await computeRewards.GUARDIAN_ROLE(), deployer!.address)).to.equal(true);
    expect(await emission.HALVING_PERIOD()).to.equal(FOUR_YEARS);
    expect(await emission.INITIAL_RATE()).to.equal(units("21000000") / (2n * FOUR_YEARS));

    // Admin powers sit behind the timelock (no delay by default, for local chains), which the
    // deployer may propose to; curation and pausing stay with the deployer.
    const timelockAddress = await timelock.getAddress();
    expect(await foundationCoin.defaultAdmin()).to.equal(timelockAddress);
    expect(await poolRegistry.defaultAdmin()).to.equal(timelockAddress);
    expect(await timelock.getMinDelay()).to.equal(0n);
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), deployer!.address)).to.equal(true);
    expect(await timelock.hasRole(await timelock.EXECUTOR_ROLE(), ethers.ZeroAddress)).to.equal(true);
    expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer!.address)).to.equal(false);
    expect(await foundationCoin.hasRole(await foundationCoin.GUARDIAN_ROLE(), deployer!.address)).to.equal(true);
    expect(await poolRegistry.hasRole(await poolRegistry.CURATOR_ROLE(), deployer!.address)).to.equal(true);
  });

  it("honours every parameter", async function () {
    const fresh = await network.create();
    const [, admin, curator, guardian, holder] = await fresh.ethers.getSigners();
    const { reserveToken, foundationCoin, poolRegistry, emission, timelock } = await deployFoundation(fresh, {
      rate: 500n,
      timelockDelay: 172_800n,
      mintFeeBps: 10n,
      redeemFeeBps: 20n,
      halvingPeriod: 3600n,
      genesisAccounts: [holder!.address],
      genesisAmounts: [units("123")],
      admin: admin!.address,
      curator: curator!.address,
      guardian: guardian!.address,
    });
    expect(await foundationCoin.RATE()).to.equal(500n);
    expect(await foundationCoin.mintFeeBps()).to.equal(10n);
    expect(await foundationCoin.redeemFeeBps()).to.equal(20n);
    expect(await emission.HALVING_PERIOD()).to.equal(3600n);
    expect(await reserveToken.balanceOf(holder!.address)).to.equal(units("123"));
    expect(await reserveToken.totalSupply()).to.equal(units("123"));
    expect(await timelock.getMinDelay()).to.equal(172_800n);
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), admin!.address)).to.equal(true);
    expect(await foundationCoin.defaultAdmin()).to.equal(await timelock.getAddress());
    expect(await poolRegistry.defaultAdmin()).to.equal(await timelock.getAddress());
    expect(await foundationCoin.hasRole(await foundationCoin.GUARDIAN_ROLE(), guardian!.address)).to.equal(true);
    expect(await poolRegistry.hasRole(await poolRegistry.CURATOR_ROLE(), curator!.address)).to.equal(true);
    // The deploying account keeps no power it was not given.
    const [deployer] = await fresh.ethers.getSigners();
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), deployer!.address)).to.equal(false);
    expect(await foundationCoin.hasRole(await foundationCoin.GUARDIAN_ROLE(), deployer!.address)).to.equal(false);
    expect(await poolRegistry.hasRole(await poolRegistry.CURATOR_ROLE(), deployer!.address)).to.equal(false);
    await fresh.provider.close();
  });

  it("deploys with the local parameter file, funding the first dev accounts", async function () {
    const fresh = await network.create();
    const signers = await fresh.ethers.getSigners();
    const { reserveToken } = await deployFoundation(fresh, "ignition/parameters/local.json");
    for (const signer of signers.slice(0, 4)) {
      expect(await reserveToken.balanceOf(signer.address)).to.equal(units("10000"));
    }
    expect(await reserveToken.balanceOf(signers[4]!.address)).to.equal(0n);
    await fresh.provider.close();
  });

  it("keeps public-network parameters safe: a real delay, the timelock curates, a small genesis for testers", async function () {
    const fresh = await network.create();
    const [deployer] = await fresh.ethers.getSigners();
    const { reserveToken, timelock, emission, poolRegistry } = await deployFoundation(
      fresh,
      "ignition/parameters/sepolia.json",
    );
    expect(await timelock.getMinDelay()).to.be.gte(2n * 86_400n);
    const curator = await poolRegistry.CURATOR_ROLE();
    expect(await poolRegistry.hasRole(curator, await timelock.getAddress())).to.equal(true);
    expect(await poolRegistry.hasRole(curator, deployer!.address)).to.equal(false);
    // The only FRSV at genesis is what the deployer hands out to testers ("deployer" in the file).
    expect(await reserveToken.totalSupply()).to.equal(units("100000"));
    expect(await reserveToken.balanceOf(deployer!.address)).to.equal(units("100000"));
    expect(await emission.HALVING_PERIOD()).to.equal(2_592_000n);
    await fresh.provider.close();
  });
});
