// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEmission, IEmissionDestination} from "./interfaces/IEmission.sol";
import {IReserveToken} from "./interfaces/IReserveToken.sol";
import {EmissionSchedule} from "./libraries/EmissionSchedule.sol";

/// @title Emission
/// @notice Releases the reserve on a halving schedule and splits every release between verified
///         compute, verified humans and the pools' commons. See {IEmission} and {EmissionSchedule}.
contract Emission is IEmission {
    uint256 private constant BPS = 10_000;

    /// @inheritdoc IEmission
    uint256 public immutable START;
    /// @inheritdoc IEmission
    uint256 public immutable HALVING_PERIOD;
    /// @inheritdoc IEmission
    uint256 public immutable INITIAL_RATE;
    /// @inheritdoc IEmission
    uint256 public immutable TOTAL_EMISSION;
    /// @inheritdoc IEmission
    uint256 public immutable COMPUTE_SHARE_BPS;
    /// @inheritdoc IEmission
    uint256 public immutable HUMAN_SHARE_BPS;

    IReserveToken private immutable _reserve;
    address private immutable _commons;
    /// @dev The deployer, allowed to bind the destinations once.
    address private immutable _deployer;

    address private _computeRewards;
    address private _humanDividend;
    bool private _bound;
    /// @dev Everything released, and what of it went to humans (one slot: both are below the cap,
    ///      under 2^75). Compute's total follows from `_released`; the commons has the rest.
    uint128 private _released;
    uint128 private _releasedToHumans;

    /// @dev One release: what each destination receives.
    struct Split {
        uint256 toCompute;
        uint256 toHumans;
        uint256 toCommons;
    }

    /// @param commons_ The pool registry, which receives the commons' share.
    /// @param computeShareBps The share of every release that goes to verified compute.
    /// @param humanShareBps The share that goes to verified humans. The commons gets the rest.
    constructor(
        IReserveToken reserve_,
        address commons_,
        uint256 halvingPeriod,
        uint256 computeShareBps,
        uint256 humanShareBps
    ) {
        if (address(reserve_) == address(0) || commons_ == address(0)) revert ZeroAddress();
        if (address(reserve_).code.length == 0) revert ReserveNotAContract(address(reserve_));
        if (halvingPeriod == 0) revert InvalidHalvingPeriod(halvingPeriod);
        if (computeShareBps + humanShareBps > BPS) revert SharesAboveWhole(computeShareBps, humanShareBps);
        // The genesis is already minted, so what is left of the cap is the emission budget.
        // Rounding the rate down keeps the infinite total at or below that budget. Dividing twice
        // equals dividing by `2 * halvingPeriod` (nested floors) without overflowing for any
        // period: an absurdly long one yields a zero rate and the custom error below.
        uint256 unissued = reserve_.cap() - reserve_.totalSupply();
        uint256 rate = unissued / 2 / halvingPeriod;
        if (rate == 0) revert NothingToEmit(unissued, halvingPeriod);
        _reserve = reserve_;
        _commons = commons_;
        _deployer = msg.sender;
        START = block.timestamp;
        HALVING_PERIOD = halvingPeriod;
        INITIAL_RATE = rate;
        TOTAL_EMISSION = EmissionSchedule.totalEmission(rate, halvingPeriod);
        COMPUTE_SHARE_BPS = computeShareBps;
        HUMAN_SHARE_BPS = humanShareBps;
    }

    /// @inheritdoc IEmission
    function bindDestinations(address computeRewards_, address humanDividend_) external {
        if (msg.sender != _deployer || _bound) revert BindingClosed(msg.sender);
        _checkDestination(computeRewards_, COMPUTE_SHARE_BPS);
        _checkDestination(humanDividend_, HUMAN_SHARE_BPS);
        if (computeRewards_ == humanDividend_ && computeRewards_ != address(0)) {
            revert InvalidDestination(humanDividend_, HUMAN_SHARE_BPS);
        }
        _computeRewards = computeRewards_;
        _humanDividend = humanDividend_;
        _bound = true;
        emit DestinationsBound(computeRewards_, humanDividend_);
    }

    /// @inheritdoc IEmission
    function release() external returns (uint256 amount) {
        if (!_bound) revert DestinationsNotBound();
        uint256 emitted = emittedUntil(block.timestamp);
        amount = emitted - _released;
        if (amount == 0) return 0;
        Split memory split = _splitUpTo(emitted);
        // Both fit: they are at most the cap (below 2^75).
        _released = uint128(emitted);
        if (split.toHumans != 0) _releasedToHumans += uint128(split.toHumans);
        if (split.toCompute != 0) _reserve.mint(_computeRewards, split.toCompute);
        if (split.toHumans != 0) _reserve.mint(_humanDividend, split.toHumans);
        if (split.toCommons != 0) _reserve.mint(_commons, split.toCommons);
        emit Released(msg.sender, amount, split.toCompute, split.toHumans, split.toCommons, emitted);
    }

    /// @inheritdoc IEmission
    function releasable() external view returns (uint256) {
        return emittedUntil(block.timestamp) - _released;
    }

    /// @inheritdoc IEmission
    function releasableTo(address destination) external view returns (uint256) {
        Split memory split = _splitUpTo(emittedUntil(block.timestamp));
        if (destination == _commons) return split.toCommons;
        if (destination == address(0)) return 0;
        if (destination == _computeRewards) return split.toCompute;
        if (destination == _humanDividend) return split.toHumans;
        return 0;
    }

    /// @inheritdoc IEmission
    function emittedUntil(uint256 timestamp) public view returns (uint256) {
        if (timestamp <= START) return 0;
        return EmissionSchedule.emittedAfter(INITIAL_RATE, HALVING_PERIOD, timestamp - START);
    }

    /// @inheritdoc IEmission
    function computeShareOf(uint256 emitted) external view returns (uint256) {
        return _shareOf(emitted, COMPUTE_SHARE_BPS);
    }

    /// @inheritdoc IEmission
    function released() external view returns (uint256) {
        return _released;
    }

    /// @inheritdoc IEmission
    function releasedTo(address destination) external view returns (uint256) {
        uint256 toCompute = _shareOf(_released, COMPUTE_SHARE_BPS);
        if (destination == _commons) return _released - toCompute - _releasedToHumans;
        if (destination == address(0)) return 0;
        if (destination == _computeRewards) return toCompute;
        if (destination == _humanDividend) return _releasedToHumans;
        return 0;
    }

    /// @inheritdoc IEmission
    function reserve() external view returns (address) {
        return address(_reserve);
    }

    /// @inheritdoc IEmission
    function commons() external view returns (address) {
        return _commons;
    }

    /// @inheritdoc IEmission
    function computeRewards() external view returns (address) {
        return _computeRewards;
    }

    /// @inheritdoc IEmission
    function humanDividend() external view returns (address) {
        return _humanDividend;
    }

    /// @dev How releasing everything up to a cumulative `emitted` splits. Compute's running total
    ///      is always the floor of its share, which never grows faster than `emitted` does, so it
    ///      fits in any release. Humans get the floor of theirs too, but only from what compute
    ///      left: when both floors step up in a release of a unit or two, the commons' remainder
    ///      would have to shrink, so humans wait (at most one unit) for the next release instead.
    ///      Destinations are checked commons first, then compute, then humans; an unbound (zero)
    ///      destination owns nothing.
    function _splitUpTo(uint256 emitted) private view returns (Split memory split) {
        uint256 before = _released;
        split.toCompute = _shareOf(emitted, COMPUTE_SHARE_BPS) - _shareOf(before, COMPUTE_SHARE_BPS);
        uint256 left = emitted - before - split.toCompute;
        uint256 humansOwed = _shareOf(emitted, HUMAN_SHARE_BPS) - _releasedToHumans;
        split.toHumans = humansOwed < left ? humansOwed : left;
        split.toCommons = left - split.toHumans;
    }

    function _shareOf(uint256 emitted, uint256 shareBps) private pure returns (uint256) {
        // Cannot overflow: emitted is at most the cap (below 2^75), shares at most 10^4.
        return (emitted * shareBps) / BPS;
    }

    /// @dev A share above zero needs somewhere to go; a zero share may have somewhere (it is sent
    ///      nothing), so a deployment can wire every contract whatever its parameters. Somewhere is
    ///      a contract built for this emission (it names it as its source), never the commons or the
    ///      reserve itself (which refuses transfers to itself, and would stop every release).
    function _checkDestination(address destination, uint256 shareBps) private view {
        if (shareBps == 0 && destination == address(0)) return;
        if (destination == _commons || destination == address(_reserve) || !_namesThisEmission(destination))
            revert InvalidDestination(destination, shareBps);
    }

    /// @dev Whether `destination` is a contract whose `emission()` is this contract. A low-level
    ///      call, so an account or a contract without that view is refused with the custom error.
    function _namesThisEmission(address destination) private view returns (bool) {
        if (destination.code.length == 0) return false;
        (bool ok, bytes memory data) = destination.staticcall(abi.encodeCall(IEmissionDestination.emission, ()));
        return ok && data.length == 32 && abi.decode(data, (uint256)) == uint256(uint160(address(this)));
    }
}
