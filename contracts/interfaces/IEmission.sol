// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IEmission
/// @notice The reserve's halving schedule. New FRSV goes to the public-good pools' commons,
///         not to miners. Anyone may release what has come due.
interface IEmission {
    /// @notice Emitted when reserve that came due is minted to the pools' commons.
    /// @param totalReleased Everything released so far, this amount included.
    event Released(address indexed caller, uint256 amount, uint256 totalReleased);

    /// @notice Thrown when the halving period is zero.
    error InvalidHalvingPeriod(uint256 period);
    /// @notice Thrown when the schedule would emit less than one base unit per second: the genesis
    ///         took (nearly) the whole cap, or the halving period is absurdly long.
    error NothingToEmit(uint256 unissued, uint256 period);
    /// @notice Thrown when a zero address is given.
    error ZeroAddress();
    /// @notice Thrown when the reserve given to the constructor is not a contract.
    error ReserveNotAContract(address reserve);

    /// @notice When emission starts (the deployment's timestamp).
    function START() external view returns (uint256);

    /// @notice Seconds between halvings.
    function HALVING_PERIOD() external view returns (uint256);

    /// @notice FRSV base units emitted per second in the first period. Derived at deployment as
    ///         `(cap - genesis) / (2 * HALVING_PERIOD)`, so the schedule's infinite total fits the cap.
    function INITIAL_RATE() external view returns (uint256);

    /// @notice Everything the schedule will ever emit, over infinite time.
    function TOTAL_EMISSION() external view returns (uint256);

    /// @notice The reserve token this contract mints.
    function reserve() external view returns (address);

    /// @notice Where released reserve goes: the pool registry's commons.
    function beneficiary() external view returns (address);

    /// @notice The schedule's cumulative emission at `timestamp` (closed form, no loops).
    function emittedUntil(uint256 timestamp) external view returns (uint256);

    /// @notice Reserve released so far.
    function released() external view returns (uint256);

    /// @notice Reserve that has come due and not been released yet.
    function releasable() external view returns (uint256);

    /// @notice Mints what has come due to the beneficiary. Anyone may call.
    /// @return amount The FRSV released (0 if nothing was due).
    function release() external returns (uint256 amount);
}
