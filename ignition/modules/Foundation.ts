import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** Four years of seconds (365.25 days a year), the default halving period. */
export const FOUR_YEARS = 126_230_400n;

/** Anyone may execute a timelocked operation once its delay has passed. */
const ANYONE = "0x0000000000000000000000000000000000000000";

/** One day, the default epoch of verified compute. */
export const DAY = 86_400n;

/**
 * The whole Foundation system: reserve, pool registry, coin, emission, compute rewards and the
 * timelock that holds the admin powers, wired together.
 *
 * Parameters (all optional): rate, mintFeeBps, redeemFeeBps, halvingPeriod, timelockDelay
 * (seconds; 0 by default, for local chains), genesisAccounts, genesisAmounts, admin (who may
 * propose timelocked changes), curator, guardian (who may void a work report during its review
 * period and pause minting; default: the deployer, which `foundation:deploy` refuses on a public
 * chain). A curator of 0x0000000000000000000000000000000000000000 makes the timelock the curator,
 * so every curation waits for its delay: what public networks use. The emission split:
 * computeShareBps (5000), humanShareBps (2500; the commons gets the rest). Verified compute:
 * epochLength (1 day), submissionWindow (2 days), reviewPeriod (2 days: the guardian's time to
 * look at the last reports before an epoch is final; above 0), claimPeriod (365 days), attesters
 * (default: the deployer), quorum (1). Verified humans: issuers (default: the deployer),
 * maxValidity (400 days).
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
  const computeShareBps = m.getParameter("computeShareBps", 5_000n);
  const humanShareBps = m.getParameter("humanShareBps", 2_500n);
  const epochLength = m.getParameter("epochLength", DAY);
  const submissionWindow = m.getParameter("submissionWindow", 2n * DAY);
  const reviewPeriod = m.getParameter("reviewPeriod", 2n * DAY);
  const claimPeriod = m.getParameter("claimPeriod", 365n * DAY);
  // An empty list makes the deploying account the attester (a parameter cannot default to it).
  const attesters = m.getParameter<string[]>("attesters", []);
  const quorum = m.getParameter("quorum", 1n);
  // An empty list makes the deploying account the issuer.
  const issuers = m.getParameter<string[]>("issuers", []);
  const maxValidity = m.getParameter("maxValidity", 400n * DAY);

  // Admin powers (fee changes, role grants, curator and guardian appointment) sit behind the
  // timelock: `admin` proposes and may cancel, anyone executes once the delay has passed, and
  // the timelock administers itself.
  const timelock = m.contract("TimelockController", [timelockDelay, [admin], [ANYONE], ANYONE]);

  const reserveToken = m.contract("ReserveToken", [genesisAccounts, genesisAmounts]);
  const poolRegistry = m.contract("PoolRegistry", [reserveToken, timelock, curator]);
  const emission = m.contract("Emission", [reserveToken, poolRegistry, halvingPeriod, computeShareBps, humanShareBps]);
  const computeRewards = m.contract("ComputeRewards", [
    poolRegistry,
    emission,
    epochLength,
    submissionWindow,
    reviewPeriod,
    claimPeriod,
    timelock,
    guardian,
    attesters,
    quorum,
  ]);
  const humanRegistry = m.contract("HumanRegistry", [timelock, issuers, maxValidity]);
  const humanDividend = m.contract("HumanDividend", [emission, humanRegistry]);
  m.call(humanRegistry, "bindDividend", [humanDividend]);
  const foundationCoin = m.contract("FoundationCoin", [
    reserveToken,
    poolRegistry,
    emission,
    computeRewards,
    humanRegistry,
    humanDividend,
    rate,
    mintFeeBps,
    redeemFeeBps,
    timelock,
    guardian,
  ]);
  m.call(poolRegistry, "bindCoin", [foundationCoin]);
  const minterSet = m.call(reserveToken, "setMinter", [emission]);
  const destinationsBound = m.call(emission, "bindDestinations", [computeRewards, humanDividend]);
  // The registry releases emission in every settlement, so it binds emission only once emission
  // can mint and knows where each share goes (the registry checks the first).
  m.call(poolRegistry, "bindEmission", [emission], { after: [minterSet, destinationsBound] });

  return {
    reserveToken,
    foundationCoin,
    poolRegistry,
    emission,
    computeRewards,
    humanRegistry,
    humanDividend,
    timelock,
  };
});
