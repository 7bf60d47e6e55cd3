// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPoolRegistry
/// @notice The registry of public-good compute pools: curation, fee accrual and claims.
/// @dev Income has two shapes, both settled lazily so no mint or redeem calls in here:
///      - the coin keeps fees where they arrive and hands them over on demand
///        ({IFoundationCoin-forwardCommonsFees}, {IFoundationCoin-forwardPoolFees});
///      - anything else (emission, donations) is sent here as plain FRSV and becomes commons
///        income the next time the registry settles: income is measured as the balance above
///        what the registry already accounts for.
///      Every settlement first releases the emission that has come due, so commons income is
///      always shared by the weights in force while it accrued: a curator's change, or whoever
///      happens to call {IEmission-release}, can never re-price the past.
///      Commons income is shared by weight through a per-weight accumulator, so every action
///      is O(1) in the number of pools. Amounts are tracked scaled by `SCALE`; the sub-unit
///      remainders are carried forward, never dropped, so income is conserved to the wei.
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
    /// @notice Emitted when income reaches the registry: `poolId` 0 is the commons.
    event FeeAccrued(uint256 indexed poolId, uint256 amount);
    /// @notice Emitted when a pool's accrued reserve is paid to its recipient.
    event Claimed(uint256 indexed poolId, address indexed recipient, uint256 amount);
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
    ///         registry, does not mint this reserve, is not yet the reserve's minter (its release
    ///         could revert), or is not a system contract to the bound coin.
    error EmissionMismatch(address emission);
    /// @notice Thrown when a settlement needs the emission contract and it is not bound yet.
    error EmissionNotBound();

    /// @notice Proposes a pool. Anyone may propose; ids start at 1.
    /// @param recipient The address its claims will pay; not zero and not a system contract.
    function propose(
        string calldata name,
        string calldata metadataURI,
        address recipient
    ) external returns (uint256 poolId);

    /// @notice Approves a proposed pool with a weight. Curator only. The one-pool form of {curate}.
    function approve(uint256 poolId, uint256 weight) external;

    /// @notice Changes an active pool's weight; income so far is shared at the old weights.
    ///         Curator only. The one-pool form of {curate}.
    function setWeight(uint256 poolId, uint256 weight) external;

    /// @notice Approves the listed proposed pools and sets the listed active pools' weights, after
    ///         one settlement. Curator only. Income held while no pool had weight is shared by the
    ///         weights in force after the whole batch, so the order of approvals favours nobody.
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

    /// @notice Pays pool `poolId`'s accrued reserve to its recipient. Anyone may call.
    /// @return amount The FRSV paid (0 if nothing was owed).
    function claim(uint256 poolId) external returns (uint256 amount);

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

    /// @notice The FRSV pool `poolId` could claim now, including income not yet settled
    ///         (fees still at the coin, the commons' share of emission that has come due): what
    ///         {claim} would pay.
    function claimable(uint256 poolId) external view returns (uint256);

    /// @notice {claimable} in `SCALE` units, with the sub-unit remainder the pool carries.
    ///         Σ claimableScaled + heldCommonsScaled = everything owed to pools, to the last scaled unit.
    function claimableScaled(uint256 poolId) external view returns (uint256);

    /// @notice Commons income held because no pool had weight, in whole FRSV base units
    ///         (emission that has come due included); it joins the next distribution.
    function heldCommons() external view returns (uint256);

    /// @notice Commons income not yet given to any pool, in `SCALE` units: all of it while no
    ///         pool has weight, otherwise the remainder of the last division.
    function heldCommonsScaled() external view returns (uint256);

    /// @notice The commons accumulator: income per unit of weight so far, scaled by `SCALE`.
    ///         It never decreases.
    function accumulatedPerWeight() external view returns (uint256);

    /// @notice The reserve token (FRSV).
    function reserve() external view returns (address);

    /// @notice The coin whose fees this registry collects.
    function coin() external view returns (address);

    /// @notice The emission contract whose release every settlement triggers.
    function emission() external view returns (address);

    /// @notice The largest weight a pool may have.
    function MAX_WEIGHT() external view returns (uint256);

    /// @notice The fixed-point scale of the accumulator and of the carried remainders.
    function SCALE() external view returns (uint256);
}
