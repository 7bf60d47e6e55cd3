// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Wrapper} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Wrapper.sol";

/// @title BaselineWrapper
/// @notice Test only, never deployed: OpenZeppelin's fee-less 1:1 wrapper, the least a peg can
///         cost. The gas benchmark measures `mint` and `redeem` against its `depositFor` / `withdrawTo`.
contract BaselineWrapper is ERC20Wrapper {
    constructor(IERC20 underlying) ERC20("Baseline Wrapped Reserve", "wFRSV") ERC20Wrapper(underlying) {}
}
