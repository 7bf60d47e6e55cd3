// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title EmissionSchedule
/// @notice Closed-form halving schedule. In period `i` (each `period` seconds long) the
///         schedule emits `rate >> i` base units per second, so period amounts halve and round
///         down, and after 256 halvings nothing more is emitted.
/// @dev The sum of `x >> i` over all `i >= 0` is `2x - popcount(x)`, which turns the sum over
///      elapsed periods into two evaluations, whatever the number of halvings.
library EmissionSchedule {
    /// @notice Everything emitted `elapsed` seconds after the start.
    function emittedAfter(uint256 rate, uint256 period, uint256 elapsed) internal pure returns (uint256) {
        uint256 halvings = elapsed / period;
        // In Solidity a shift by 256 or more yields 0, which is exactly the schedule's tail.
        uint256 currentRate = rate >> halvings;
        uint256 fullPeriods = period * (_sumOfHalvings(rate) - _sumOfHalvings(currentRate));
        return fullPeriods + currentRate * (elapsed % period);
    }

    /// @notice Everything the schedule will ever emit: `period * (2 * rate - popcount(rate))`,
    ///         strictly less than `2 * rate * period` for any non-zero rate.
    function totalEmission(uint256 rate, uint256 period) internal pure returns (uint256) {
        return period * _sumOfHalvings(rate);
    }

    /// @dev `x + (x >> 1) + (x >> 2) + ...`.
    function _sumOfHalvings(uint256 x) private pure returns (uint256) {
        return 2 * x - popcount(x);
    }

    /// @notice The number of set bits in `x` (SWAR, constant time).
    function popcount(uint256 x) internal pure returns (uint256) {
        unchecked {
            x -= (x >> 1) & 0x5555555555555555555555555555555555555555555555555555555555555555;
            x =
                (x & 0x3333333333333333333333333333333333333333333333333333333333333333) +
                ((x >> 2) & 0x3333333333333333333333333333333333333333333333333333333333333333);
            x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f;
            // Bytes now hold counts of at most 8; widen to 16-bit lanes so the final sum (up to 256)
            // cannot overflow a lane, then add every lane into the top one.
            x = (x + (x >> 8)) & 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff;
            return (x * 0x0001000100010001000100010001000100010001000100010001000100010001) >> 240;
        }
    }
}
