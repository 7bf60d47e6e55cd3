// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEmission} from "./interfaces/IEmission.sol";
import {IReserveToken} from "./interfaces/IReserveToken.sol";
import {EmissionSchedule} from "./libraries/EmissionSchedule.sol";

/// @title Emission
/// @notice Releases the reserve on a halving schedule to the pool registry's commons.
///         See {IEmission} and {EmissionSchedule}.
contract Emission is IEmission {
    /// @inheritdoc IEmission
    uint256 public immutable START;
    /// @inheritdoc IEmission
    uint256 public immutable HALVING_PERIOD;
    /// @inheritdoc IEmission
    uint256 public immutable INITIAL_RATE;
    /// @inheritdoc IEmission
    uint256 public immutable TOTAL_EMISSION;

    IReserveToken private immutable _reserve;
    address private immutable _beneficiary;

    uint256 private _released;

    constructor(IReserveToken reserve_, address beneficiary_, uint256 halvingPeriod) {
        if (address(reserve_) == address(0) || beneficiary_ == address(0)) revert ZeroAddress();
        if (address(reserve_).code.length == 0) revert ReserveNotAContract(address(reserve_));
        if (halvingPeriod == 0) revert InvalidHalvingPeriod(halvingPeriod);
        // The genesis is already minted, so what is left of the cap is the emission budget.
        // Rounding the rate down keeps the infinite total at or below that budget. Dividing twice
        // equals dividing by `2 * halvingPeriod` (nested floors) without overflowing for any
        // period: an absurdly long one yields a zero rate and the custom error below.
        uint256 unissued = reserve_.cap() - reserve_.totalSupply();
        uint256 rate = unissued / 2 / halvingPeriod;
        if (rate == 0) revert NothingToEmit(unissued, halvingPeriod);
        _reserve = reserve_;
        _beneficiary = beneficiary_;
        START = block.timestamp;
        HALVING_PERIOD = halvingPeriod;
        INITIAL_RATE = rate;
        TOTAL_EMISSION = EmissionSchedule.totalEmission(rate, halvingPeriod);
    }

    /// @inheritdoc IEmission
    function release() external returns (uint256 amount) {
        amount = releasable();
        if (amount == 0) return 0;
        uint256 total = _released + amount;
        _released = total;
        _reserve.mint(_beneficiary, amount);
        emit Released(msg.sender, amount, total);
    }

    /// @inheritdoc IEmission
    function releasable() public view returns (uint256) {
        return emittedUntil(block.timestamp) - _released;
    }

    /// @inheritdoc IEmission
    function emittedUntil(uint256 timestamp) public view returns (uint256) {
        if (timestamp <= START) return 0;
        return EmissionSchedule.emittedAfter(INITIAL_RATE, HALVING_PERIOD, timestamp - START);
    }

    /// @inheritdoc IEmission
    function released() external view returns (uint256) {
        return _released;
    }

    /// @inheritdoc IEmission
    function reserve() external view returns (address) {
        return address(_reserve);
    }

    /// @inheritdoc IEmission
    function beneficiary() external view returns (address) {
        return _beneficiary;
    }
}
