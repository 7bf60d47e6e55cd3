/**
 * The emission schedule's closed form (contracts/libraries/EmissionSchedule.sol), in bigint, from
 * the immutables the contracts read it with. The report computes per-epoch budgets and the
 * schedule's curve with it instead of one view per epoch and per sample: views that would grow
 * with the history on every run. Checks tie it to the contracts' own views (client/report/ledgers/compute.ts,
 * emission.ts), so a formula that drifted from the contract's shows as a check that does not hold.
 */
export interface Schedule {
  /** Emission's START (ComputeRewards copies it). */
  start: bigint;
  /** INITIAL_RATE: base units per second in the first halving period. */
  rate: bigint;
  /** HALVING_PERIOD, in seconds. */
  period: bigint;
  /** COMPUTE_SHARE_BPS. */
  computeShareBps: bigint;
  /** ComputeRewards' EPOCH_LENGTH. */
  epochLength: bigint;
}

const BPS = 10_000n;

/** The number of set bits of `x` (x ≥ 0). */
function popcount(x: bigint): bigint {
  let count = 0n;
  for (let rest = x; rest > 0n; rest >>= 1n) count += rest & 1n;
  return count;
}

/** `x + (x >> 1) + (x >> 2) + …` = `2x − popcount(x)`. */
const sumOfHalvings = (x: bigint) => 2n * x - popcount(x);

/** Everything emitted `elapsed` seconds after the start: `rate >> i` per second in period `i`. */
export function emittedAfter(schedule: Schedule, elapsed: bigint): bigint {
  const halvings = elapsed / schedule.period;
  // A shift by 256 or more is 0 in Solidity, the schedule's tail; so it is here for any rate < 2^256.
  const currentRate = halvings >= 256n ? 0n : schedule.rate >> halvings;
  const fullPeriods = schedule.period * (sumOfHalvings(schedule.rate) - sumOfHalvings(currentRate));
  return fullPeriods + currentRate * (elapsed % schedule.period);
}

/** `Emission.emittedUntil(timestamp)`. */
export function emittedUntil(schedule: Schedule, timestamp: bigint): bigint {
  return timestamp <= schedule.start ? 0n : emittedAfter(schedule, timestamp - schedule.start);
}

/** `ComputeRewards.epochBudget(epoch)`: the compute share emitted during `epoch`. */
export function epochBudget(schedule: Schedule, epoch: bigint): bigint {
  const shareAt = (elapsed: bigint) => (emittedAfter(schedule, elapsed) * schedule.computeShareBps) / BPS;
  return shareAt((epoch + 1n) * schedule.epochLength) - shareAt(epoch * schedule.epochLength);
}
