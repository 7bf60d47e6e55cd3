import type { NetworkConnection } from "hardhat/types/network";
import { deployFoundation, units, type Foundation, type FoundationParameters } from "../../client/foundation.js";

/** FRSV each holder receives at genesis in the test fixture. */
export const GENESIS = units("10000");

/**
 * Returns a named fixture (loadFixture needs a name) that deploys the system through the
 * Ignition module on `connection`, with three funded holders who approved the coin. `extra`
 * adds module parameters.
 */
export function foundationFixture(connection: NetworkConnection, extra: FoundationParameters = {}) {
  return async function deployFoundationFixture() {
    const { ethers } = connection;
    const [deployer, alice, bob, carol, cancerLab, schoolLab, stranger] = await ethers.getSigners();
    if (!deployer || !alice || !bob || !carol || !cancerLab || !schoolLab || !stranger) {
      throw new Error("the test chain has too few accounts");
    }
    const holders = [alice, bob, carol];
    const system: Foundation = await deployFoundation(connection, {
      genesisAccounts: holders.map((h) => h.address),
      genesisAmounts: holders.map(() => GENESIS),
      ...extra,
    });
    const coinAddress = await system.foundationCoin.getAddress();
    for (const holder of holders) {
      await system.reserveToken.connect(holder).approve(coinAddress, GENESIS);
    }
    // The timelock holds the admin role; unit tests speak as it directly. The scheduled path
    // through the timelock itself is tested in Governance.test.ts.
    const timelockAddress = await system.timelock.getAddress();
    await connection.networkHelpers.setBalance(timelockAddress, 10n ** 18n);
    const governor = await ethers.getImpersonatedSigner(timelockAddress);
    return { ...system, deployer, alice, bob, carol, cancerLab, schoolLab, stranger, governor };
  };
}

/**
 * The fixture plus two pools approved together: 1 (weight 100) and 2 (weight 300). Approved in
 * one batch, they share everything emitted since the deployment 100:300 as well.
 */
export function poolsFixture(connection: NetworkConnection) {
  const base = foundationFixture(connection);
  return async function deployWithPoolsFixture() {
    const f = await base();
    await f.poolRegistry.propose("Cancer research", "ipfs://cancer", f.cancerLab.address);
    await f.poolRegistry.propose("Autism education", "ipfs://school", f.schoolLab.address);
    await f.poolRegistry.curate([1n, 2n], [100n, 300n]);
    return f;
  };
}
