// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IHumanDividend} from "../interfaces/IHumanDividend.sol";

/// @title DividendProbe
/// @notice Test only, never deployed: a registered human that is a contract, so a test can read
///         `claimable` and `claim` in one transaction, in the same block.
contract DividendProbe {
    IHumanDividend public immutable dividend;
    uint256 public viewed;
    uint256 public paid;

    constructor(IHumanDividend dividend_) {
        dividend = dividend_;
    }

    /// @notice Reads what this human may claim, then claims it as FRSV to `to`.
    function claimAndCompare(address to) external {
        viewed = dividend.claimable(address(this));
        paid = dividend.claim(to, false);
    }
}
