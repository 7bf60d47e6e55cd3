// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IEmission
/// @notice The reserve's halving schedule. New FRSV does not go to miners: every release is split,
///         by shares fixed at deployment, between verified public-good compute (ComputeRewards),
///         verified humans (the human dividend) and the public-good pools' commons (the registry).
///         Anyone may release what has come due.
/// @dev Running totals, so no order or timing of releases creates or loses a unit: compute has
///      received exactly `floor(released * COMPUTE_SHARE_BPS / 10000)`; humans the same floor of
///      their share, or one unit less until a later release makes it up; the commons the rest.
///      (The rest can shrink by a unit when both floors step up together, as in a release of one
///      base unit in the schedule's tail; it never goes back, so humans wait for that unit.)
interface IEmission {
    /// @notice Emitted when reserve that came due is minted to its destinations.
    /// @param toCompute Sent to ComputeRewards.
    /// @param toHumans Sent to the human dividend.
    /// @param toCommons Sent to the pools' commons (the registry).
    /// @param totalReleased Everything released so far, this amount included.
    event Released(
        address indexed caller,
        uint256 amount,
        uint256 toCompute,
        uint256 toHumans,
        uint256 toCommons,
        uint256 totalReleased
    );
    /// @notice Emitted once, when the deployer binds the destinations of the compute and human shares.
    event DestinationsBound(address indexed computeRewards, address indexed humanDividend);

    /// @notice Thrown when the halving period is zero.
    error InvalidHalvingPeriod(uint256 period);
    /// @notice Thrown when the schedule would emit less than one base unit per second: the genesis
    ///         took (nearly) the whole cap, or the halving period is absurdly long.
    error NothingToEmit(uint256 unissued, uint256 period);
    /// @notice Thrown when a zero address is given.
    error ZeroAddress();
    /// @notice Thrown when the reserve given to the constructor is not a contract.
    error ReserveNotAContract(address reserve);
    /// @notice Thrown when the compute and human shares add up to more than 10,000 basis points.
    error SharesAboveWhole(uint256 computeShareBps, uint256 humanShareBps);
    /// @notice Thrown when binding the destinations a second time, or by someone other than the deployer.
    error BindingClosed(address caller);
    /// @notice Thrown when a destination is neither the zero address for a zero share nor a contract
    ///         that names this emission as its source ({IEmissionDestination}).
    error InvalidDestination(address destination, uint256 shareBps);
    /// @notice Thrown when releasing before the destinations of the shares are bound.
    error DestinationsNotBound();

    /// @notice When emission starts (the deployment's timestamp).
    function START() external view returns (uint256);

    /// @notice Seconds between halvings.
    function HALVING_PERIOD() external view returns (uint256);

    /// @notice FRSV base units emitted per second in the first period. Derived at deployment as
    ///         `(cap - genesis) / (2 * HALVING_PERIOD)`, so the schedule's infinite total fits the cap.
    function INITIAL_RATE() external view returns (uint256);

    /// @notice Everything the schedule will ever emit, over infinite time.
    function TOTAL_EMISSION() external view returns (uint256);

    /// @notice The compute share of every release, in basis points. Immutable.
    function COMPUTE_SHARE_BPS() external view returns (uint256);

    /// @notice The human share of every release, in basis points. Immutable.
    function HUMAN_SHARE_BPS() external view returns (uint256);

    /// @notice The reserve token this contract mints.
    function reserve() external view returns (address);

    /// @notice Where the commons' share goes: the pool registry.
    function commons() external view returns (address);

    /// @notice Where the compute share goes: ComputeRewards (zero until bound).
    function computeRewards() external view returns (address);

    /// @notice Where the human share goes: the human dividend (zero until bound; may stay zero while its share is 0).
    function humanDividend() external view returns (address);

    /// @notice Binds the destinations of the compute and human shares. Once, by the deployer. A
    ///         destination must be a contract whose `emission()` is this contract (not the commons,
    ///         not the reserve); one whose share is 0 may instead be the zero address.
    function bindDestinations(address computeRewards_, address humanDividend_) external;

    /// @notice The schedule's cumulative emission at `timestamp` (closed form, no loops).
    function emittedUntil(uint256 timestamp) external view returns (uint256);

    /// @notice `floor(emitted * COMPUTE_SHARE_BPS / 10000)`: the compute share of a cumulative amount.
    function computeShareOf(uint256 emitted) external view returns (uint256);

    /// @notice Reserve released so far, to all destinations.
    function released() external view returns (uint256);

    /// @notice Reserve released so far to `destination` (0 for any other address): see the running
    ///         totals above.
    function releasedTo(address destination) external view returns (uint256);

    /// @notice Reserve that has come due and not been released yet, to all destinations.
    function releasable() external view returns (uint256);

    /// @notice Reserve that has come due for `destination` and not been released yet.
    function releasableTo(address destination) external view returns (uint256);

    /// @notice Mints what has come due and sends each destination its share. Anyone may call; once
    ///         the destinations are bound it never reverts (nothing due, the schedule over, twice
    ///         in a block: it returns 0).
    /// @return amount The FRSV released (0 if nothing was due).
    function release() external returns (uint256 amount);
}

/// @title IEmissionDestination
/// @notice What a contract receiving a share of the emission declares, so that the emission can
///         check, when it is bound, that the destination was built for it.
interface IEmissionDestination {
    /// @notice The emission contract this destination receives its share from.
    function emission() external view returns (address);
}
