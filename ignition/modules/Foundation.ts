import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** Four years of seconds (365.25 days a year), the default halving period. */
export const FOUR_YEARS = 126_230_400n;

/** Anyone may execute a timelocked operation once its delay has passed. */
const ANYONE = "0x0000000000000000000000000000000000000000";

/**
 * The whole Foundation system: reserve, pool registry, coin, emission and the timelock that
 * holds the admin powers, wired together.
 *
 * Parameters (all optional): rate, mintFeeBps, redeemFeeBps, halvingPeriod, timelockDelay
 * (seconds; 0 by default, for local chains), genesisAccounts, genesisAmounts, admin (who may
 * propose timelocked changes), curator, guardian (default: the deployer). A curator of
 * 0x0000000000000000000000000000000000000000 makes the timelock the curator, so every curation
 * waits for its delay: what public networks use.
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
  const timelockDelay = m.getParameter("timelockDelay", 0n);

  // Admin powers (fee changes, role grants, curator and guardian appointment) sit behind the
  // timelock: `admin` proposes and may cancel, anyone executes once the delay has passed, and
  // the timelock administers itself.
  const timelock = m.contract("TimelockController", [timelockDelay, [admin], [ANYONE], ANYONE]);

  const reserveToken = m.contract("ReserveToken", [genesisAccounts, genesisAmounts]);
  const poolRegistry = m.contract("PoolRegistry", [reserveToken, timelock, curator]);
  const emission = m.contract("Emission", [reserveToken, poolRegistry, halvingPeriod]);
  const foundationCoin = m.contract("FoundationCoin", [
    reserveToken,
    poolRegistry,
    emission,
    rate,
    mintFeeBps,
    redeemFeeBps,
    timelock,
    guardian,
  ]);
  m.call(poolRegistry, "bindCoin", [foundationCoin]);
  const minterSet = m.call(reserveToken, "setMinter", [emission]);
  // The registry releases emission in every settlement, so it binds emission only once emission
  // can mint (the registry checks it).
  m.call(poolRegistry, "bindEmission", [emission], { after: [minterSet] });

  return { reserveToken, foundationCoin, poolRegistry, emission, timelock };
});
