// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What each pool is owed, kept by the invariant handler with its own arithmetic: no
///         accumulator, no `FeeMath`, no registry view. Commons income is shared by the weights in
///         force while it accrued, exactly, at 1e36 precision; emission comes from a period-by-period
///         reference of the schedule, of which the commons gets what the compute and human shares
///         (floors of the running total) leave, and the human share too whenever the dividend is
///         settled with nobody registered (the handler books that as commons income). The registry must agree with it to within one base
///         unit per pool.
/// @dev The rules it encodes are the promises, not the implementation: income (fees, gifts,
///      redemption dust, emission as it comes due) is shared at the weights of the moment it
///      arrived; weights change only at curation, so the ledger shares what is pending at every
///      weight change and holds it while no pool has weight; a retired pool's sub-unit remainder
///      goes back to the commons.
abstract contract GhostLedger {
    uint256 private constant PRECISION = 1e36;

    uint256 public ghostTotalWeight;
    mapping(uint256 poolId => uint256) public ghostWeight;
    /// @dev Each pool's settled share (and directed fees), scaled by PRECISION.
    mapping(uint256 poolId => uint256) private _owed;
    /// @dev Commons income not yet shared, scaled by PRECISION.
    uint256 private _pending;
    /// @dev The commons' emission (per the reference) already counted into `_pending`.
    uint256 private _emissionCounted;
    uint256 private _ghostPools;

    uint256 private _emissionStart;
    uint256 private _emissionRate;
    uint256 private _emissionPeriod;
    uint256 private _computeShareBps;
    uint256 private _humanShareBps;

    function _ghostInit(
        uint256 start,
        uint256 rate,
        uint256 period,
        uint256 computeShareBps,
        uint256 humanShareBps
    ) internal {
        _emissionStart = start;
        _emissionRate = rate;
        _emissionPeriod = period;
        _computeShareBps = computeShareBps;
        _humanShareBps = humanShareBps;
    }

    /// @notice The commons' part of the schedule's emission by `timestamp`: what is left once the
    ///         compute and human shares (each a floor of the running total) are taken.
    function referenceCommons(uint256 timestamp) public view returns (uint256) {
        uint256 emitted = referenceEmitted(timestamp);
        return emitted - (emitted * _computeShareBps) / 10_000 - (emitted * _humanShareBps) / 10_000;
    }

    /// @notice The human share of the schedule's emission by `timestamp` (a floor of the running total).
    function referenceHumans(uint256 timestamp) public view returns (uint256) {
        return (referenceEmitted(timestamp) * _humanShareBps) / 10_000;
    }

    /// @notice What pool `poolId` is owed in all (claimed or not), in whole base units.
    function ghostOwed(uint256 poolId) public view returns (uint256) {
        uint256 owed = _owed[poolId];
        uint256 weight = ghostWeight[poolId];
        if (weight != 0) owed += (_pendingNow() * weight) / ghostTotalWeight;
        return owed / PRECISION;
    }

    /// @notice The schedule's emission by `timestamp`, period by period: rate >> i per second in period i.
    function referenceEmitted(uint256 timestamp) public view returns (uint256 total) {
        if (timestamp <= _emissionStart) return 0;
        uint256 elapsed = timestamp - _emissionStart;
        for (uint256 i = 0; elapsed != 0 && i < 256; ++i) {
            uint256 seconds_ = elapsed < _emissionPeriod ? elapsed : _emissionPeriod;
            total += (_emissionRate >> i) * seconds_;
            elapsed -= seconds_;
        }
    }

    function _ghostCommons(uint256 amount) internal {
        _pending += amount * PRECISION;
    }

    function _ghostDirected(uint256 poolId, uint256 amount) internal {
        _owed[poolId] += amount * PRECISION;
    }

    /// @dev Shares what is pending (emission included) by the weights in force. Call before any
    ///      weight change.
    function _ghostShare() internal {
        uint256 emitted = referenceCommons(block.timestamp);
        _pending += (emitted - _emissionCounted) * PRECISION;
        _emissionCounted = emitted;
        uint256 total = ghostTotalWeight;
        if (total == 0) return;
        uint256 pending = _pending;
        uint256 given;
        for (uint256 poolId = 1; poolId <= _ghostPools; ++poolId) {
            uint256 weight = ghostWeight[poolId];
            if (weight == 0) continue;
            uint256 share = (pending * weight) / total;
            _owed[poolId] += share;
            given += share;
        }
        _pending = pending - given;
    }

    function _ghostAddPool() internal {
        ++_ghostPools;
    }

    /// @dev Call after {_ghostShare}.
    function _ghostSetWeight(uint256 poolId, uint256 weight) internal {
        ghostTotalWeight = ghostTotalWeight - ghostWeight[poolId] + weight;
        ghostWeight[poolId] = weight;
    }

    /// @dev Call after {_ghostShare}: the pool stops earning and its sub-unit remainder returns to the commons.
    function _ghostRetire(uint256 poolId) internal {
        _ghostSetWeight(poolId, 0);
        uint256 fraction = _owed[poolId] % PRECISION;
        _owed[poolId] -= fraction;
        _pending += fraction;
    }

    function _pendingNow() private view returns (uint256) {
        return _pending + (referenceCommons(block.timestamp) - _emissionCounted) * PRECISION;
    }
}
