import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** Four years of seconds (365.25 days a year), the default halving period. */
export const FOUR_YEARS = 126_230_400n;

/**
 * The whole Foundation system: reserve, pool registry, coin and emission, wired together.
 *
 * Parameters (all optional): rate, mintFeeBps, redeemFeeBps, halvingPeriod,
 * genesisAccounts, genesisAmounts, admin, curator, guardian (default: the deployer).
 */
export default buildModule("Foundation", (m) => {
  const deployer = m.getAccount(0);
  const rate = m.getParameter("rate", 1000n);
  const mintFeeBps = m.getParameter("mintFeeBps", 50n);
  const redeemFeeBps = m.getParameter("redeemFeeBps", 50n);
  const halvingPeriod = m.getParameter("halvingPeriod", FOUR_YEARS);
  const genesisAccounts = m.getParameter<string[]>("genesisAccounts", []);
  const genesisAmounts = m.getParameter<bigint[]>("genesisAmounts", []);
  const admin = m.getParameter("admin", deployer);
  const curator = m.getParameter("curator", deployer);
  const guardian = m.getParameter("guardian", deployer);

  const reserveToken = m.contract("ReserveToken", [genesisAccounts, genesisAmounts]);
  const poolRegistry = m.contract("PoolRegistry", [reserveToken, admin, curator]);
  const foundationCoin = m.contract("FoundationCoin", [
    reserveToken,
    poolRegistry,
    rate,
    mintFeeBps,
    redeemFeeBps,
    admin,
    guardian,
  ]);
  m.call(poolRegistry, "bindCoin", [foundationCoin]);
  const emission = m.contract("Emission", [reserveToken, poolRegistry, halvingPeriod]);
  m.call(reserveToken, "setMinter", [emission]);

  return { reserveToken, foundationCoin, poolRegistry, emission };
});
