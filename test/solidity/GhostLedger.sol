// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What each pool is owed of the commons, kept by an invariant handler with its own
///         arithmetic: no accumulator, no registry view, no emission view. It encodes promise 4 as
///         written, not the implementation: every unit that reaches the commons is shared, at 1e36
///         precision, by the weights in force at the moment it was emitted or became final:
///         - the commons' share of the schedule, second by second;
///         - the human share of every second in which nobody was registered;
///         - the budget of every compute epoch nobody reported, when the epoch became final;
///         - fees, redemption remainders, gifts and compute leftovers, when they arrive.
///         Weights change only at curation, so the ledger books everything that arrived by then and
///         shares it at every weight change, and holds it while no pool has weight (the curation
///         that ends that period shares it). A retired pool's sub-unit remainder goes back to the
///         commons. The schedule comes from a period-by-period reference, split as promise 11 says:
///         compute the floor of its share of the running total, humans the floor of their share of
///         what compute left, the commons the rest.
abstract contract GhostLedger {
    uint256 private constant PRECISION = 1e36;
    uint256 private constant BPS = 10_000;

    uint256 public ghostTotalWeight;
    mapping(uint256 poolId => uint256) public ghostWeight;
    /// @dev Each pool's settled share of the commons, scaled by PRECISION.
    mapping(uint256 poolId => uint256) private _owed;
    /// @dev Commons income booked and not yet shared, scaled by PRECISION.
    uint256 private _pending;
    uint256 private _ghostPools;

    uint256 private _start;
    uint256 private _rate;
    uint256 private _period;
    uint256 private _computeShareBps;
    uint256 private _humanShareBps;
    uint256 private _epochLength;
    uint256 private _finalAfter; // an epoch's submission window plus its review period

    /// @dev The schedule's commons and human shares, and final epochs, booked so far.
    uint256 private _commonsBooked;
    uint256 private _humansBooked;
    uint256 private _finalBooked;
    /// @notice Whether nobody is registered as a human (the handler says when that changes).
    bool public ghostNobodyRegistered = true;
    /// @dev The human share of every second with nobody registered, and the budgets of final
    ///      epochs nobody reported, booked so far.
    uint256 private _redirectedBooked;
    uint256 private _unreportedBooked;
    /// @notice Income other than the schedule's: fees, remainders, gifts, leftovers.
    uint256 public ghostOtherIncome;
    mapping(uint256 epoch => bool) private _reported;

    function _ghostInit(
        uint256 start,
        uint256 rate,
        uint256 period,
        uint256 computeShareBps,
        uint256 humanShareBps,
        uint256 epochLength,
        uint256 finalAfter
    ) internal {
        _start = start;
        _rate = rate;
        _period = period;
        _computeShareBps = computeShareBps;
        _humanShareBps = humanShareBps;
        _epochLength = epochLength;
        _finalAfter = finalAfter;
    }

    /*////////////////////////////// the reference schedule //////////////////////////////*/

    /// @notice The schedule's emission by `timestamp`, period by period: rate >> i per second in period i.
    function referenceEmitted(uint256 timestamp) public view returns (uint256 total) {
        if (timestamp <= _start) return 0;
        uint256 elapsed = timestamp - _start;
        for (uint256 i = 0; elapsed != 0 && i < 256; ++i) {
            uint256 seconds_ = elapsed < _period ? elapsed : _period;
            total += (_rate >> i) * seconds_;
            elapsed -= seconds_;
        }
    }

    /// @notice How the schedule's emission by `timestamp` splits, as promise 11 says.
    function referenceSplit(
        uint256 timestamp
    ) public view returns (uint256 toCompute, uint256 toHumans, uint256 toCommons) {
        uint256 emitted = referenceEmitted(timestamp);
        toCompute = (emitted * _computeShareBps) / BPS;
        uint256 left = emitted - toCompute;
        if (_computeShareBps < BPS) toHumans = (left * _humanShareBps) / (BPS - _computeShareBps);
        toCommons = left - toHumans;
    }

    /// @notice The human share of the schedule's emission by `timestamp`.
    function referenceHumans(uint256 timestamp) public view returns (uint256 toHumans) {
        (, toHumans, ) = referenceSplit(timestamp);
    }

    /// @notice The compute budget of `epoch`: its share of what the schedule emitted during it.
    function referenceBudget(uint256 epoch) public view returns (uint256) {
        (uint256 atEnd, , ) = referenceSplit(_start + (epoch + 1) * _epochLength);
        (uint256 atStart, , ) = referenceSplit(_start + epoch * _epochLength);
        return atEnd - atStart;
    }

    /// @notice How many epochs are final at `timestamp` (their end plus the window and the review
    ///         period is in the past).
    function referenceFinalEpochs(uint256 timestamp) public view returns (uint256) {
        if (timestamp <= _start + _finalAfter) return 0;
        return (timestamp - _start - _finalAfter - 1) / _epochLength;
    }

    /*////////////////////////////// what pools are owed //////////////////////////////*/

    /// @notice What pool `poolId` is owed of the commons in all (claimed or not), in whole base units.
    function ghostOwed(uint256 poolId) public view returns (uint256) {
        uint256 owed = _owed[poolId];
        uint256 weight = ghostWeight[poolId];
        if (weight != 0) {
            (uint256 pending, , , , ) = _pendingAt(block.timestamp);
            owed += (pending * weight) / ghostTotalWeight;
        }
        return owed / PRECISION;
    }

    /// @notice Everything that reached the commons so far, in base units: the schedule's paths up
    ///         to now and the other income.
    function ghostCommonsIncome() public view returns (uint256) {
        (, uint256 commons, uint256 redirected, , uint256 unreported) = _pendingAt(block.timestamp);
        return commons + redirected + unreported + ghostOtherIncome;
    }

    /// @notice The human share of every second with nobody registered, up to now.
    function ghostRedirectedNow() public view returns (uint256 redirected) {
        (, , redirected, , ) = _pendingAt(block.timestamp);
    }

    /// @notice The budgets of every epoch final by now that nobody reported.
    function ghostUnreportedNow() public view returns (uint256 unreported) {
        (, , , , unreported) = _pendingAt(block.timestamp);
    }

    /// @dev Income other than the schedule's, arriving now.
    function _ghostCommons(uint256 amount) internal {
        _pending += amount * PRECISION;
        ghostOtherIncome += amount;
    }

    /// @dev Marks `epoch` as reported. Call when its first report lands (before it is final).
    function _ghostReported(uint256 epoch) internal {
        _reported[epoch] = true;
    }

    /// @dev Says whether nobody is registered from now on; the human share until now is booked by
    ///      the state before.
    function _ghostSetNobodyRegistered(bool nobody) internal {
        _ghostBook();
        ghostNobodyRegistered = nobody;
    }

    /// @dev Books everything the schedule brought to the commons by now.
    function _ghostBook() internal {
        (uint256 pending, uint256 commons, uint256 redirected, uint256 finalEpochs, uint256 unreported) = _pendingAt(
            block.timestamp
        );
        _pending = pending;
        _commonsBooked = commons;
        (, _humansBooked, ) = referenceSplit(block.timestamp);
        _redirectedBooked = redirected;
        _finalBooked = finalEpochs;
        _unreportedBooked = unreported;
    }

    /// @dev Shares what is booked by the weights in force. Call before any weight change.
    function _ghostShare() internal {
        _ghostBook();
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

    /// @dev Call after {_ghostShare}: the pool stops earning; it keeps the whole units the registry
    ///      kept for it (`keptWhole`, paid or not) and the rest of its exact share returns to the
    ///      commons. That rest is the registry's sub-unit remainder, which can be almost a whole unit
    ///      more than the exact share's own fraction when the exact share sits just above a whole
    ///      unit and the registry's floored books just below it; taking the registry's keeps each
    ///      pool within one unit of the ledger however many pools retire.
    function _ghostRetire(uint256 poolId, uint256 keptWhole) internal {
        _ghostSetWeight(poolId, 0);
        uint256 kept = keptWhole * PRECISION;
        uint256 owed = _owed[poolId];
        if (owed <= kept) return;
        _owed[poolId] = kept;
        _pending += owed - kept;
    }

    /// @dev What would be pending if everything were booked at `timestamp`, and the running totals
    ///      of each path of the schedule then.
    function _pendingAt(
        uint256 timestamp
    )
        private
        view
        returns (uint256 pending, uint256 commons, uint256 redirected, uint256 finalEpochs, uint256 unreported)
    {
        pending = _pending;
        uint256 humans;
        (, humans, commons) = referenceSplit(timestamp);
        pending += (commons - _commonsBooked) * PRECISION;
        redirected = _redirectedBooked;
        if (ghostNobodyRegistered) {
            redirected += humans - _humansBooked;
            pending += (humans - _humansBooked) * PRECISION;
        }
        unreported = _unreportedBooked;
        finalEpochs = referenceFinalEpochs(timestamp);
        for (uint256 epoch = _finalBooked; epoch < finalEpochs; ++epoch) {
            if (_reported[epoch]) continue;
            uint256 budget = referenceBudget(epoch);
            unreported += budget;
            pending += budget * PRECISION;
        }
    }
}
