// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title FeeMath
/// @notice Fee and backing arithmetic. Every rounding favours the backing: fees round up.
library FeeMath {
    /// @notice Basis points in a whole.
    uint256 internal constant BPS = 10_000;

    /// @notice The largest reserve amount the math accepts. No real amount comes near it (the
    ///         FRSV cap is below 2^75), and bounding inputs here lets the fee math skip `mulDiv`.
    uint256 internal constant MAX_AMOUNT = type(uint128).max;

    /// @notice `ceil(amount * bps / 10000)`. Exact for `amount <= MAX_AMOUNT` and `bps <= 10000`.
    function feeOf(uint256 amount, uint256 bps) internal pure returns (uint256) {
        // Cannot overflow: 2^128 * 10^4 is far below 2^256.
        unchecked {
            return (amount * bps + (BPS - 1)) / BPS;
        }
    }

    /// @notice FRSV the backing of `coinSupply` FDC requires: `ceil(coinSupply / rate)`.
    function backingFor(uint256 coinSupply, uint256 rate) internal pure returns (uint256) {
        return Math.ceilDiv(coinSupply, rate);
    }
}
