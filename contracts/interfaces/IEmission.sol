// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IEmission
/// @notice The reserve's halving schedule. New FRSV does not go to miners: what the schedule emits
///         is split, by shares fixed at deployment, between verified public-good compute
///         (ComputeRewards), verified humans (the human dividend) and the public-good pools' commons
///         (the registry). Nothing is minted ahead of its use: each destination is *due* its share
///         of everything emitted so far (a closed form of the time), and new FRSV is minted only
///         when a destination pays it out ({draw}), straight to the payee.
/// @dev Why pull instead of push: a contract that minted whatever had come due in every claim
///      cost 45k gas more in the second after a release than in the same second, so a wallet's
///      estimate could run out of gas; and income that moved only when someone released it was
///      shared by whatever weights were in force at that moment. Here a destination's books follow
///      the closed form, its claims always pay the same way (one mint), and the totals are exact:
///      - the split of a cumulative `emitted`: compute `floor(emitted * COMPUTE_SHARE_BPS / 10000)`;
///        humans `floor((emitted - compute) * HUMAN_SHARE_BPS / (10000 - COMPUTE_SHARE_BPS))`
///        (their share of what compute left: never less than `floor(emitted * HUMAN_SHARE_BPS /
///        10000)`, at most one unit more); the commons the rest. Each of the three never decreases
///        as `emitted` grows, and they add up to `emitted` exactly;
///      - while nobody is registered as a human, the human share is due to the commons instead,
///        second by second: the dividend says when its head count leaves or returns to zero
///        ({setNobodyRegistered}), so no settlement has to move it and it is shared by the pools'
///        weights of the moment it was emitted;
///      - ComputeRewards may assign part of what it is due to the commons (budgets of epochs nobody
///        reported, leftovers) ({assignToCommons});
///      - FRSV that reaches this contract is recycled: burnt, and due to the commons instead, so
///        pools are paid it by the same mint as their new reserve ({recycle}). It comes from the
///        coin (the commons' fees), from the registry (FRSV sent to it), and from ComputeRewards and
///        the dividend (FRSV sent to them, which they forward: `forwardSurplus`);
///      - a destination never draws or assigns more than is available to it: what it is due less
///        what it has spent.
///      So the reserve's supply never exceeds the genesis plus what the schedule emitted by now:
///      every unit minted beyond the schedule replaces one burnt. And everything available to the
///      three destinations together is exactly what the schedule emitted and is not in the supply.
interface IEmission {
    /// @notice Emitted when a destination pays out: `amount` new FRSV minted to `to`.
    event Drawn(address indexed destination, address indexed to, uint256 amount);
    /// @notice Emitted when ComputeRewards hands part of what it is due to the commons.
    /// @param assignedToCommons Everything assigned to the commons so far.
    event AssignedToCommons(address indexed from, uint256 amount, uint256 assignedToCommons);
    /// @notice Emitted when FRSV held here is burnt and becomes due to the commons.
    /// @param recycled Everything recycled so far.
    event Recycled(uint256 amount, uint256 recycled);
    /// @notice Emitted when the human share starts (`toCommons`) or stops going to the commons,
    ///         because the dividend's head count reached or left zero.
    /// @param redirected The human share that went to the commons in all earlier periods with nobody registered.
    event HumanShareRedirected(bool toCommons, uint256 redirected);
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
    /// @notice Thrown when anyone but a destination draws, anyone but ComputeRewards assigns to the
    ///         commons, or anyone but the dividend reports its head count.
    error NotADestination(address caller);
    /// @notice Thrown when a destination would spend more than it is due and has not spent yet.
    error AboveAvailable(address destination, uint256 amount, uint256 available);

    /// @notice When emission starts (the deployment's timestamp).
    function START() external view returns (uint256);

    /// @notice Seconds between halvings.
    function HALVING_PERIOD() external view returns (uint256);

    /// @notice FRSV base units emitted per second in the first period. Derived at deployment as
    ///         `(cap - genesis) / (2 * HALVING_PERIOD)`, so the schedule's infinite total fits the cap.
    function INITIAL_RATE() external view returns (uint256);

    /// @notice Everything the schedule will ever emit, over infinite time.
    function TOTAL_EMISSION() external view returns (uint256);

    /// @notice The compute share of what is emitted, in basis points. Immutable.
    function COMPUTE_SHARE_BPS() external view returns (uint256);

    /// @notice The human share of what is emitted, in basis points. Immutable.
    function HUMAN_SHARE_BPS() external view returns (uint256);

    /// @notice The reserve token this contract mints.
    function reserve() external view returns (address);

    /// @notice The commons' destination: the pool registry.
    function commons() external view returns (address);

    /// @notice The compute share's destination: ComputeRewards (zero until bound).
    function computeRewards() external view returns (address);

    /// @notice The human share's destination: the human dividend (zero until bound; may stay zero
    ///         while its share is 0).
    function humanDividend() external view returns (address);

    /// @notice Binds the destinations of the compute and human shares. Once, by the deployer. A
    ///         destination must be a contract whose `emission()` is this contract (not the commons,
    ///         not the reserve); one whose share is 0 may instead be the zero address.
    function bindDestinations(address computeRewards_, address humanDividend_) external;

    /// @notice The schedule's cumulative emission at `timestamp` (closed form, no loops).
    function emittedUntil(uint256 timestamp) external view returns (uint256);

    /// @notice `floor(emitted * COMPUTE_SHARE_BPS / 10000)`: the compute share of a cumulative amount.
    function computeShareOf(uint256 emitted) external view returns (uint256);

    /// @notice How a cumulative `emitted` splits between the three destinations (see the rules above).
    function split(uint256 emitted) external view returns (uint256 toCompute, uint256 toHumans, uint256 toCommons);

    /// @notice Everything `destination` is due so far: its share of what the schedule emitted by
    ///         now (the human share counted for the commons while nobody was registered), and for
    ///         the commons everything assigned and recycled to it. 0 for any other address.
    function dueTo(address destination) external view returns (uint256);

    /// @notice Everything `destination` has drawn or assigned to the commons so far.
    function spentBy(address destination) external view returns (uint256);

    /// @notice What `destination` may still draw or assign now: `dueTo - spentBy`, or 0 should the
    ///         clock have gone back below a moment it already spent at.
    function availableTo(address destination) external view returns (uint256);

    /// @notice Everything ComputeRewards has assigned to the commons.
    function assignedToCommons() external view returns (uint256);

    /// @notice All FRSV burnt here so far and made due to the commons.
    function recycled() external view returns (uint256);

    /// @notice The human share that has gone to the commons because nobody was registered, this
    ///         period included.
    function redirectedToCommons() external view returns (uint256);

    /// @notice Whether nobody is registered as a human now (the human share goes to the commons).
    function nobodyRegistered() external view returns (bool);

    /// @notice All FRSV minted so far (every draw of every destination).
    function minted() external view returns (uint256);

    /// @notice Mints `amount` of what the caller is due to `to`. Destinations only (the registry,
    ///         ComputeRewards, the dividend), each within what it is due and has not spent.
    function draw(address to, uint256 amount) external;

    /// @notice Hands `amount` of what the caller is due to the commons, which becomes due it
    ///         instead. ComputeRewards only, within what it has not spent.
    function assignToCommons(uint256 amount) external;

    /// @notice Says whether nobody is registered as a human: from now on, the human share goes to
    ///         the commons (`nobody`) or back to the dividend. The dividend only, when its head count
    ///         reaches or leaves zero (after settling what it was due until now); repeating the
    ///         current state changes nothing.
    function setNobodyRegistered(bool nobody) external;

    /// @notice Burns all FRSV held here and makes it due to the commons. Anyone may call; the
    ///         registry does in every full settlement, after the coin sent the commons' fees here.
    /// @return amount The FRSV recycled.
    function recycle() external returns (uint256 amount);
}

/// @title IEmissionDestination
/// @notice What a contract receiving a share of the emission declares, so that the emission can
///         check, when it is bound, that the destination was built for it.
interface IEmissionDestination {
    /// @notice The emission contract this destination receives its share from.
    function emission() external view returns (address);
}
