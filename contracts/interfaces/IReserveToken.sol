// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IReserveToken
/// @notice FRSV, the scarce reserve ("gold"): hard-capped at 21,000,000, minted after
///         deployment only by the emission contract, which may also burn what it holds (the
///         commons' fees it recycles, see {IEmission-recycle}).
interface IReserveToken is IERC20 {
    /// @notice Emitted once, when the deployer fixes the only address that may mint.
    event MinterSet(address indexed minter);

    /// @notice Thrown when `caller` is not the minter, or not the deployer fixing the minter.
    error ReserveUnauthorized(address caller);
    /// @notice Thrown when the minter has already been fixed (it can be set only once).
    error ReserveMinterAlreadySet(address minter);
    /// @notice Thrown when a zero address is given as the minter or as a genesis account.
    error ReserveZeroAddress();
    /// @notice Thrown when the genesis account and amount lists differ in length.
    error ReserveGenesisLengthMismatch(uint256 accounts, uint256 amounts);

    /// @notice The hard cap on total supply: 21,000,000 FRSV (18 decimals).
    function cap() external view returns (uint256);

    /// @notice The only address allowed to mint (the emission contract); zero until fixed.
    function minter() external view returns (address);

    /// @notice Fixes the minter. Callable once, by the deployer only.
    /// @param newMinter The emission contract.
    function setMinter(address newMinter) external;

    /// @notice Mints `amount` to `to`. Minter only; reverts above the cap.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` of the caller's own FRSV. Minter only: it never touches anyone else's.
    function burn(uint256 amount) external;
}
