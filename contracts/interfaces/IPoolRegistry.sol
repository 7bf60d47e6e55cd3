// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPoolRegistry
/// @notice The registry of public-good compute pools: curation, the commons' book and claims.
/// @dev What the commons receives, it receives as reserve due to it in the emission contract
///      ({IEmission-dueTo}), minted to a pool's recipient when the pool claims ({IEmission-draw}):
///      the commons' share of new reserve; the human share while nobody is registered (second by
///      second); the budgets of compute epochs nobody reported and compute leftovers (assigned to it
///      by ComputeRewards); and its fees: the coin sends undirected fees, redemption remainders and gifts
///      to the emission contract, which burns them and makes them due here ({IEmission-recycle}),
///      as it does with FRSV sent here. Fees holders name a pool for stay at the coin, which pays
///      them to that pool's recipient on its claim ({IFoundationCoin-payoutPoolFees}).
///      Commons income is shared by the weights in force when it arrived. Every change of weights
///      ({approve}, {setWeight}, {curate}, {retire}) first settles *everything* that has reached
///      the commons by then ({settle}): compute's hand-overs, the fees, the reserve due; and
///      between two changes of weights, counting income later changes nobody's share. A claim counts the reserve due so far (a closed form) and pays with one mint: its
///      cost does not depend on whether emission fell due in the last second.
///      While no pool has weight nothing is counted: income waits, due, until the curation that
///      gives pools weight again, and is shared by that curation's weights ({curate}; a single
///      {approve} or {setWeight} from total weight zero is refused, so no pool approved first takes
///      it all).
///      Every action is O(1) in the number of pools. Shares are tracked scaled by `SCALE`; the
///      sub-unit remainders are carried forward, never dropped, so income is conserved to the wei.
interface IPoolRegistry {
    /// @notice Lifecycle of a pool. `None` means the id does not exist.
    enum Status {
        None,
        Proposed,
        Active,
        Retired
    }

    /// @notice A pool as returned by {pool}.
    struct PoolInfo {
        string name;
        string metadataURI;
        address recipient;
        uint256 weight;
        Status status;
        // When the curator approved it (0 while proposed, or if retired while proposed).
        uint256 approvedAt;
        // When the curator retired it (0 unless retired).
        uint256 retiredAt;
    }

    /// @notice Emitted when anyone proposes a pool.
    event PoolProposed(
        uint256 indexed poolId,
        address indexed proposer,
        address indexed recipient,
        string name,
        string metadataURI
    );
    /// @notice Emitted when the curator approves a pool; it now shares the commons by `weight`.
    /// @param totalWeight The sum of the active pools' weights after this approval.
    event PoolApproved(uint256 indexed poolId, uint256 weight, uint256 totalWeight);
    /// @notice Emitted when the curator changes an active pool's weight.
    /// @param totalWeight The sum of the active pools' weights after this change.
    event WeightSet(uint256 indexed poolId, uint256 weight, uint256 totalWeight);
    /// @notice Emitted when the curator retires a pool. What it accrued stays claimable.
    event PoolRetired(uint256 indexed poolId, uint256 totalWeight);
    /// @notice Emitted when a pool's recipient proposes to hand the role over; a zero
    ///         `pendingRecipient` cancels a pending handover.
    event RecipientProposed(uint256 indexed poolId, address indexed recipient, address indexed pendingRecipient);
    /// @notice Emitted when the proposed recipient accepts; claims now pay `recipient`.
    event RecipientSet(uint256 indexed poolId, address indexed recipient);
    /// @notice Emitted when a pool's reserve is paid to its recipient.
    /// @param amount Everything paid: its share of the commons, plus the fees named for it.
    /// @param fromCommons The part minted by the emission contract: its share of the commons.
    event Claimed(uint256 indexed poolId, address indexed recipient, uint256 amount, uint256 fromCommons);
    /// @notice Emitted once, when the deployer binds the coin whose fees the registry collects.
    event CoinBound(address indexed coin);
    /// @notice Emitted once, when the deployer binds the emission contract that pays the commons.
    event EmissionBound(address indexed emission);

    /// @notice Thrown when `poolId` does not exist.
    error UnknownPool(uint256 poolId);
    /// @notice Thrown when an action needs a pool in `expected` status and it is in `actual`.
    error WrongPoolStatus(uint256 poolId, Status actual, Status expected);
    /// @notice Thrown when retiring a pool that is already retired.
    error PoolAlreadyRetired(uint256 poolId);
    /// @notice Thrown when a curation batch names a retired pool, which can never earn again.
    error RetiredPool(uint256 poolId);
    /// @notice Thrown when a curation batch's pool ids are not strictly ascending (a duplicate included).
    error PoolIdsNotAscending(uint256 previous, uint256 next);
    /// @notice Thrown when a curation batch has a different number of pool ids and weights.
    error LengthMismatch(uint256 poolIds, uint256 weights);
    /// @notice Thrown when a weight is above `MAX_WEIGHT`.
    error WeightAboveMax(uint256 weight, uint256 max);
    /// @notice Thrown when a zero address is given where an account is needed.
    error ZeroAddress();
    /// @notice Thrown when a pool's recipient would be a contract of the system (the registry, the coin,
    ///         the reserve, emission, the admin…): reserve paid there would be lost or counted twice.
    error InvalidRecipient(address recipient);
    /// @notice Thrown when a pool is proposed without a name.
    error EmptyName();
    /// @notice Thrown when someone other than the pool's recipient proposes a new recipient.
    error NotRecipient(uint256 poolId, address caller);
    /// @notice Thrown when someone other than the proposed recipient accepts a handover.
    error NotPendingRecipient(uint256 poolId, address caller);
    /// @notice Thrown when binding the coin a second time, or by someone other than the deployer.
    error CoinBindingClosed(address caller);
    /// @notice Thrown when the coin to bind is not a contract, does not point back at this registry
    ///         and its reserve, or does not count the bound emission contract as a system contract.
    error CoinMismatch(address coin);
    /// @notice Thrown when an action needs the coin and it is not bound yet.
    error CoinNotBound();
    /// @notice Thrown when binding emission a second time, or by someone other than the deployer.
    error EmissionBindingClosed(address caller);
    /// @notice Thrown when the emission contract to bind is not a contract, does not pay this
    ///         registry, does not mint this reserve, is not yet the reserve's minter (claims could not
    ///         be paid), has a share without a destination, or is not a system contract to the bound coin.
    error EmissionMismatch(address emission);
    /// @notice Thrown when a settlement needs the emission contract and it is not bound yet.
    error EmissionNotBound();
    /// @notice Thrown when a single {approve} or {setWeight} would give pools weight again while
    ///         the total weight is zero: income held meanwhile is shared by the weights of the
    ///         curation that ends the zero-weight period, so that curation must be one {curate} batch.
    error WeightFromZeroNeedsCurate(uint256 poolId, uint256 weight);

    /// @notice Proposes a pool. Anyone may propose; ids start at 1.
    /// @param recipient The address its claims will pay; not zero and not a system contract.
    function propose(
        string calldata name,
        string calldata metadataURI,
        address recipient
    ) external returns (uint256 poolId);

    /// @notice Approves a proposed pool with a weight, after a full settlement. Curator only. The
    ///         one-pool form of {curate}; refused (`WeightFromZeroNeedsCurate`) with a weight above
    ///         zero while the total weight is zero.
    function approve(uint256 poolId, uint256 weight) external;

    /// @notice Changes an active pool's weight, after a full settlement: income so far is shared at
    ///         the old weights. Curator only. The one-pool form of {curate}; refused like {approve}.
    function setWeight(uint256 poolId, uint256 weight) external;

    /// @notice Approves the listed proposed pools and sets the listed active pools' weights, after
    ///         one full settlement. Curator only. Income that waited while no pool had weight is
    ///         shared at once by the weights in force after the whole batch, so the order of
    ///         approvals favours nobody.
    /// @param poolIds Strictly ascending (so a duplicate is refused); none retired or unknown.
    /// @param weights One per pool, each at most `MAX_WEIGHT`; 0 is allowed. An empty batch does nothing.
    function curate(uint256[] calldata poolIds, uint256[] calldata weights) external;

    /// @notice Retires a proposed or active pool, permanently. Curator only.
    ///         It receives nothing new; what it accrued stays claimable.
    function retire(uint256 poolId) external;

    /// @notice Proposes `newRecipient` as the pool's recipient; it takes over once it calls
    ///         {acceptRecipient}, so a mistyped address cannot lose the pool's income. The current
    ///         recipient only; it may overwrite a pending proposal, or cancel it with the zero address.
    function setRecipient(uint256 poolId, address newRecipient) external;

    /// @notice Completes a handover: the caller, the proposed recipient, becomes the pool's recipient
    ///         (unless it has become a system contract since the proposal).
    function acceptRecipient(uint256 poolId) external;

    /// @notice Pays pool `poolId`'s reserve to its recipient: its share of what is due to the commons
    ///         so far (minted), and the fees named for it (paid by the coin). Anyone may call.
    /// @return amount The FRSV paid (0 if nothing was owed).
    function claim(uint256 poolId) external returns (uint256 amount);

    /// @notice Settles everything that has reached the commons by now and shares it by the weights
    ///         in force: the budgets of compute epochs that became final with no report are handed
    ///         over, the commons' fees at the coin and FRSV sent here or to the emission contract
    ///         recycled, and all that is due counted. (The human share while nobody is registered
    ///         needs no settlement: it is due to the commons second by second.) Anyone may call;
    ///         every change of weights calls it first. O(1).
    function settle() external;

    /// @notice Binds the coin whose fees this registry collects. Once, by the deployer.
    function bindCoin(address coin) external;

    /// @notice Binds the emission contract that pays the commons. Once, by the deployer, after the
    ///         reserve has made it its minter.
    function bindEmission(address emission) external;

    /// @notice The pool's name, metadata, recipient, weight and status.
    function pool(uint256 poolId) external view returns (PoolInfo memory);

    /// @notice Who the pool's claims pay (here and in ComputeRewards). Reverts `UnknownPool`.
    function recipientOf(uint256 poolId) external view returns (address);

    /// @notice The recipient proposed by {setRecipient} and not yet accepted (zero if none).
    function pendingRecipient(uint256 poolId) external view returns (address);

    /// @notice The number of pools ever proposed (the highest id).
    function poolCount() external view returns (uint256);

    /// @notice The sum of the active pools' weights.
    function totalWeight() external view returns (uint256);

    /// @notice Whether `poolId` is active (shares the commons and may be named by holders).
    function isActive(uint256 poolId) external view returns (bool);

    /// @notice When pool `poolId` was approved (0 if never) and retired (0 if not). Verified work
    ///         of an epoch that overlaps this span is the pool's, whenever it is reported; of any
    ///         other epoch it is not ({IComputeRewards-submitWork}).
    function activePeriod(uint256 poolId) external view returns (uint256 approvedAt, uint256 retiredAt);

    /// @notice Exactly what {claim} would pay pool `poolId` now: its share of everything due to the
    ///         commons by now, and the fees named for it. Never more than a claim in a later block
    ///         pays. (What has not reached the commons yet joins at the next {settle}: {unsettled}.)
    function claimable(uint256 poolId) external view returns (uint256);

    /// @notice Pool `poolId`'s share of the commons, in `SCALE` units with its sub-unit remainder,
    ///         counting what is due now (the fees named for it excluded). Σ over pools + {heldScaled}
    ///         = {countedNotDrawn} × `SCALE`, to the scaled unit.
    function owedScaled(uint256 poolId) external view returns (uint256);

    /// @notice Counted income given to no pool yet, in `SCALE` units: the remainder of the last
    ///         division and the sub-unit remainders of retired pools.
    function heldScaled() external view returns (uint256);

    /// @notice What has been counted (shared by weight) and not yet drawn by a claim, counting what is
    ///         due now: what the pools' books and {heldScaled} add up to. What is available to the
    ///         registry in the emission contract beyond it is counted at the next claim or
    ///         settlement, or, while no pool has weight, by the curation that gives pools weight again.
    function countedNotDrawn() external view returns (uint256);

    /// @notice Commons income that has arrived and is not due to the commons yet: it joins at {settle}.
    /// @return fees Fees and gifts at the coin, and FRSV sent here or to the emission contract.
    /// @return handOvers Budgets of compute epochs final without a report, not handed over yet
    ///         ({IComputeRewards-settleCommons}).
    function unsettled() external view returns (uint256 fees, uint256 handOvers);

    /// @notice The accumulator: income per unit of weight so far, scaled by `SCALE`. It never decreases.
    function accumulatedPerWeight() external view returns (uint256);

    /// @notice The reserve token (FRSV).
    function reserve() external view returns (address);

    /// @notice The coin whose fees this registry collects.
    function coin() external view returns (address);

    /// @notice The emission contract that mints the pools' new reserve when they claim.
    function emission() external view returns (address);

    /// @notice The largest weight a pool may have.
    function MAX_WEIGHT() external view returns (uint256);

    /// @notice The fixed-point scale of the accumulator and of the carried remainders.
    function SCALE() external view returns (uint256);
}
