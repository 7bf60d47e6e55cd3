// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IComputeRewards} from "./interfaces/IComputeRewards.sol";
import {IEmission} from "./interfaces/IEmission.sol";
import {IFoundationCoin} from "./interfaces/IFoundationCoin.sol";
import {IPoolRegistry} from "./interfaces/IPoolRegistry.sol";
import {IReserveToken} from "./interfaces/IReserveToken.sol";

/// @title PoolRegistry
/// @notice Public-good compute pools: curation, the commons' books and claims. See {IPoolRegistry}.
contract PoolRegistry is AccessControlDefaultAdminRules, IPoolRegistry {
    using SafeERC20 for IERC20;

    /*//////////////////////////////////////////////////////////////
                          CONSTANTS AND IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    /// @notice Curators approve, weigh and retire pools.
    bytes32 public constant CURATOR_ROLE = keccak256("CURATOR_ROLE");
    /// @inheritdoc IPoolRegistry
    uint256 public constant MAX_WEIGHT = 1_000_000;
    /// @inheritdoc IPoolRegistry
    /// @dev Fine enough that a pool's floor against its exact share is far below a base unit (a
    ///      weight of at most 10^6 over 10^12), coarse enough that the new-reserve book fits 128
    ///      bits: everything ever emitted (below 2^85) times SCALE stays below 2^125.
    uint256 public constant SCALE = 1e12;

    IERC20 private immutable _reserve;
    /// @dev The deployer, allowed to bind the coin and the emission contract, once each.
    address private immutable _deployer;

    /*//////////////////////////////////////////////////////////////
                                  STORAGE
    //////////////////////////////////////////////////////////////*/

    struct Pool {
        address recipient;
        uint32 weight;
        Status status;
        // When the curator approved it: verified work of epochs that ended before is not its own.
        uint48 approvedAt;
        // The accumulator when this pool was last settled (it wraps, see {_shareSince}), and its
        // settled, unclaimed share (scaled; the sub-unit part waits for more), in one slot: what is
        // counted and not drawn is below 2^85, so the share times SCALE is below 2^125.
        uint128 snapshot;
        uint128 owedScaled;
        // Proposed by the recipient, in charge once it accepts.
        address pendingRecipient;
        // When the curator retired it (in the same slot, read only for a retired pool): verified
        // work of epochs that began before is still its own, whenever it is reported.
        uint48 retiredAt;
        string name;
        string metadataURI;
    }

    /// @dev Read by every claim and settlement, beside the total weight.
    IEmission private _emission;
    uint64 private _totalWeight;
    /// @dev Read by every claim, beside the counted income given to no pool yet (scaled): the
    ///      remainder of the last division (below the total weight) and retired pools' sub-unit
    ///      remainders (below SCALE each) until the next division.
    IFoundationCoin private _coin;
    uint96 private _heldScaled;
    /// @dev The book, written by every claim, in one slot: income per unit of weight (scaled; it
    ///      wraps, see {_shareSince}), and what has been counted and not yet drawn, which the
    ///      emission contract has available for the registry (the rest of what is available to it
    ///      is new income). Everything available to the registry is below 2^85.
    uint128 private _perWeight;
    uint128 private _countedNotDrawn;
    /// @dev Known once emission is bound, so every full settlement can call it without asking.
    IComputeRewards private _compute;

    uint256 private _poolCount;
    mapping(uint256 poolId => Pool) private _pools;

    /*//////////////////////////////////////////////////////////////
                                CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @dev The admin role changes hands in two steps (see {FoundationCoin}'s constructor).
    /// @param admin The admin (the timelock on live networks): grants roles, and curates when
    ///        `curator` is zero.
    /// @param curator Who curates at once. The zero address makes the admin the curator, so on
    ///        live networks every curation waits for the timelock's delay (as OpenZeppelin's
    ///        TimelockController lets a zero admin mean "none").
    constructor(IERC20 reserve_, address admin, address curator) AccessControlDefaultAdminRules(0, admin) {
        // A zero admin is refused by AccessControlDefaultAdminRules itself.
        if (address(reserve_) == address(0)) revert ZeroAddress();
        _reserve = reserve_;
        _deployer = msg.sender;
        _grantRole(CURATOR_ROLE, curator == address(0) ? admin : curator);
    }

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPoolRegistry
    function bindCoin(address coin_) external {
        if (msg.sender != _deployer || address(_coin) != address(0)) revert CoinBindingClosed(msg.sender);
        IFoundationCoin candidate = IFoundationCoin(coin_);
        // The coin must point back here and at this reserve, and know the emission contract and
        // its destinations (if bound first) as the system's, so FDC can never be sent there.
        if (
            coin_.code.length == 0 ||
            candidate.registry() != address(this) ||
            candidate.reserve() != address(_reserve) ||
            !_knowsEmission(candidate, _emission)
        ) revert CoinMismatch(coin_);
        _coin = candidate;
        emit CoinBound(coin_);
    }

    /// @inheritdoc IPoolRegistry
    function bindEmission(address emission_) external {
        if (msg.sender != _deployer || address(_emission) != address(0)) revert EmissionBindingClosed(msg.sender);
        IEmission candidate = IEmission(emission_);
        // Claims are paid by its mint and every full settlement calls its destinations, so binding
        // one that could not mint, or has a share with no destination yet, would stop claims and
        // curation. The coin (if bound first) must know it and its destinations as system
        // contracts, so FDC can never be sent where its backing would be stuck.
        if (
            emission_.code.length == 0 ||
            candidate.commons() != address(this) ||
            candidate.reserve() != address(_reserve) ||
            IReserveToken(address(_reserve)).minter() != emission_ ||
            !_hasDestination(candidate.computeRewards(), candidate.COMPUTE_SHARE_BPS()) ||
            !_hasDestination(candidate.humanDividend(), candidate.HUMAN_SHARE_BPS()) ||
            !_knowsEmission(_coin, candidate)
        ) revert EmissionMismatch(emission_);
        _emission = candidate;
        _compute = IComputeRewards(candidate.computeRewards());
        emit EmissionBound(emission_);
    }

    /*//////////////////////////////////////////////////////////////
                                 CURATION
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPoolRegistry
    function propose(
        string calldata name,
        string calldata metadataURI,
        address recipient
    ) external returns (uint256 poolId) {
        if (bytes(name).length == 0) revert EmptyName();
        _checkRecipient(recipient);
        poolId = ++_poolCount;
        Pool storage p = _pools[poolId];
        p.recipient = recipient;
        p.status = Status.Proposed;
        p.name = name;
        p.metadataURI = metadataURI;
        emit PoolProposed(poolId, msg.sender, recipient, name, metadataURI);
    }

    /// @inheritdoc IPoolRegistry
    function approve(uint256 poolId, uint256 weight) external onlyRole(CURATOR_ROLE) {
        Pool storage p = _poolWithStatus(poolId, Status.Proposed);
        _checkWeight(weight);
        _checkNotFromZero(poolId, weight);
        // Income that arrived before approval belongs to the pools active before it.
        _settleAll();
        _totalWeight = uint64(_activate(p, poolId, weight, _totalWeight));
    }

    /// @inheritdoc IPoolRegistry
    function setWeight(uint256 poolId, uint256 weight) external onlyRole(CURATOR_ROLE) {
        Pool storage p = _poolWithStatus(poolId, Status.Active);
        _checkWeight(weight);
        _checkNotFromZero(poolId, weight);
        _settleAll();
        _totalWeight = uint64(_reweigh(p, poolId, weight, _totalWeight));
    }

    /// @inheritdoc IPoolRegistry
    function curate(uint256[] calldata poolIds, uint256[] calldata weights) external onlyRole(CURATOR_ROLE) {
        uint256 count = poolIds.length;
        if (count != weights.length) revert LengthMismatch(count, weights.length);
        if (count == 0) return;
        // One settlement for the whole batch: income so far is shared by the weights before it.
        _settleAll();
        uint256 total = _totalWeight;
        uint256 previous;
        for (uint256 i = 0; i < count; ++i) {
            uint256 poolId = poolIds[i];
            if (i != 0 && poolId <= previous) revert PoolIdsNotAscending(previous, poolId);
            previous = poolId;
            uint256 weight = weights[i];
            _checkWeight(weight);
            Pool storage p = _existingPool(poolId);
            Status status = p.status;
            if (status == Status.Proposed) total = _activate(p, poolId, weight, total);
            else if (status == Status.Active) total = _reweigh(p, poolId, weight, total);
            else revert RetiredPool(poolId);
        }
        // At most MAX_WEIGHT per pool, and no chain could hold 2^44 pools.
        _totalWeight = uint64(total);
        // Income that waited while no pool had weight is shared by this batch's weights, all at
        // once (when the batch left the total at zero, it keeps waiting).
        _count(_emission);
    }

    /// @inheritdoc IPoolRegistry
    function retire(uint256 poolId) external onlyRole(CURATOR_ROLE) {
        Pool storage p = _existingPool(poolId);
        Status status = p.status;
        if (status == Status.Retired) revert PoolAlreadyRetired(poolId);
        uint256 total = _totalWeight;
        if (status == Status.Active) {
            _settleAll();
            _settlePool(p);
            total -= p.weight;
            _totalWeight = uint64(total);
            p.weight = 0;
            // A retired pool will never earn again, so its sub-unit remainder could never become
            // claimable: it goes back to the commons instead of being stranded. Its whole units
            // stay claimable: retiring never lowers what a pool can claim.
            uint256 fraction = p.owedScaled % SCALE;
            p.owedScaled -= uint128(fraction);
            // Fits: below the total weight plus SCALE per retirement since the last division.
            _heldScaled += uint96(fraction);
            _coin.setPoolOpen(poolId, false);
        }
        p.status = Status.Retired;
        p.retiredAt = uint48(block.timestamp);
        emit PoolRetired(poolId, total);
    }

    /// @inheritdoc IPoolRegistry
    function settle() external {
        _settleAll();
    }

    /*//////////////////////////////////////////////////////////////
                                RECIPIENTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPoolRegistry
    function setRecipient(uint256 poolId, address newRecipient) external {
        Pool storage p = _existingPool(poolId);
        address recipient = p.recipient;
        if (msg.sender != recipient) revert NotRecipient(poolId, msg.sender);
        // The zero address cancels a pending handover.
        if (newRecipient != address(0)) _checkRecipient(newRecipient);
        p.pendingRecipient = newRecipient;
        emit RecipientProposed(poolId, recipient, newRecipient);
    }

    /// @inheritdoc IPoolRegistry
    function acceptRecipient(uint256 poolId) external {
        Pool storage p = _existingPool(poolId);
        // No caller is the zero address, so an empty proposal can never be accepted.
        if (msg.sender != p.pendingRecipient) revert NotPendingRecipient(poolId, msg.sender);
        // Checked again: since the proposal, the address may have become a system contract's
        // (the admin role changes hands).
        _checkRecipient(msg.sender);
        p.recipient = msg.sender;
        delete p.pendingRecipient;
        emit RecipientSet(poolId, msg.sender);
    }

    /*//////////////////////////////////////////////////////////////
                                  CLAIMS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPoolRegistry
    /// @dev Always the same steps, whatever came due since the last block: count what is due (a
    ///      closed form), settle the pool, have the emission contract mint its share and the coin
    ///      pay the fees named for it. The book is written before either pays; neither token calls back.
    function claim(uint256 poolId) external returns (uint256 amount) {
        Pool storage p = _existingPool(poolId);
        IEmission emission_ = _boundEmission();
        (uint128 perWeight, uint256 notDrawn, uint256 held) = _counting(emission_);
        uint256 owed = p.owedScaled + _shareSince(p.weight, perWeight, p.snapshot);
        uint256 fromCommons = owed / SCALE;
        // One write each: the book (what this pool is paid was counted, and is drawn now) and the
        // pool's slot. All fit (see {Pool} and the book's storage).
        _perWeight = perWeight;
        _countedNotDrawn = uint128(notDrawn - fromCommons);
        _heldScaled = uint96(held);
        p.snapshot = perWeight;
        p.owedScaled = uint128(owed % SCALE);
        address recipient = p.recipient;
        // Minted first, so the coin's transfer finds the recipient's balance already written.
        if (fromCommons != 0) emission_.draw(recipient, fromCommons);
        amount = fromCommons + _coin.payoutPoolFees(poolId, recipient);
        if (amount != 0) emit Claimed(poolId, recipient, amount, fromCommons);
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPoolRegistry
    function pool(uint256 poolId) external view returns (PoolInfo memory) {
        Pool storage p = _existingPool(poolId);
        return PoolInfo(p.name, p.metadataURI, p.recipient, p.weight, p.status, p.approvedAt, p.retiredAt);
    }

    /// @inheritdoc IPoolRegistry
    function recipientOf(uint256 poolId) external view returns (address) {
        return _existingPool(poolId).recipient;
    }

    /// @inheritdoc IPoolRegistry
    function pendingRecipient(uint256 poolId) external view returns (address) {
        return _existingPool(poolId).pendingRecipient;
    }

    /// @inheritdoc IPoolRegistry
    function poolCount() external view returns (uint256) {
        return _poolCount;
    }

    /// @inheritdoc IPoolRegistry
    function totalWeight() external view returns (uint256) {
        return _totalWeight;
    }

    /// @inheritdoc IPoolRegistry
    function isActive(uint256 poolId) external view returns (bool) {
        return _pools[poolId].status == Status.Active;
    }

    /// @inheritdoc IPoolRegistry
    function activePeriod(uint256 poolId) external view returns (uint256 approvedAt, uint256 retiredAt) {
        Pool storage p = _pools[poolId];
        approvedAt = p.approvedAt;
        if (p.status == Status.Retired) retiredAt = p.retiredAt;
    }

    /// @inheritdoc IPoolRegistry
    function claimable(uint256 poolId) external view returns (uint256 amount) {
        amount = owedScaled(poolId) / SCALE;
        if (address(_coin) != address(0)) amount += _coin.poolFeesOwed(poolId);
    }

    /// @inheritdoc IPoolRegistry
    /// @dev Mirrors what {claim} would settle, without writing.
    function owedScaled(uint256 poolId) public view returns (uint256) {
        Pool storage p = _existingPool(poolId);
        uint128 perWeight = _perWeight;
        uint256 total = _totalWeight;
        // Wraps like the stored accumulator (see {_shareSince}).
        if (total != 0) {
            unchecked {
                perWeight += uint128((_heldScaled + _dueNotCounted() * SCALE) / total);
            }
        }
        return p.owedScaled + _shareSince(p.weight, perWeight, p.snapshot);
    }

    /// @inheritdoc IPoolRegistry
    function heldScaled() external view returns (uint256) {
        uint256 total = _totalWeight;
        // While no pool has weight, what is due waits uncounted (see {counted}).
        if (total == 0) return _heldScaled;
        return (_heldScaled + _dueNotCounted() * SCALE) % total;
    }

    /// @inheritdoc IPoolRegistry
    function countedNotDrawn() external view returns (uint256) {
        uint256 total = _totalWeight;
        return total == 0 ? _countedNotDrawn : _countedNotDrawn + _dueNotCounted();
    }

    /// @inheritdoc IPoolRegistry
    function unsettled() external view returns (uint256 fees, uint256 handOvers) {
        IFoundationCoin coin_ = _coin;
        if (address(coin_) != address(0)) fees = coin_.commonsFeesOwed();
        fees += _reserve.balanceOf(address(this));
        IEmission emission_ = _emission;
        if (address(emission_) != address(0)) fees += _reserve.balanceOf(address(emission_));
        if (address(_compute) != address(0)) handOvers = _compute.dueToCommons();
    }

    /// @inheritdoc IPoolRegistry
    function accumulatedPerWeight() external view returns (uint256) {
        return _perWeight;
    }

    /// @inheritdoc IPoolRegistry
    function reserve() external view returns (address) {
        return address(_reserve);
    }

    /// @inheritdoc IPoolRegistry
    function coin() external view returns (address) {
        return address(_coin);
    }

    /// @inheritdoc IPoolRegistry
    function emission() external view returns (address) {
        return address(_emission);
    }

    /*//////////////////////////////////////////////////////////////
                                 INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Settles everything that has reached the commons by now, by the weights in force: the
    ///      budgets of compute epochs final without a report and the fees (the coin's commons fees
    ///      and FRSV sent here, recycled by the emission contract) become due here; then all that is
    ///      due is counted. (The human share while nobody is registered needs nothing: the emission
    ///      contract makes it due here second by second.) Every change of weights calls this first,
    ///      so income is always shared by the weights in force when it arrived, whoever calls what
    ///      in whatever order.
    function _settleAll() private {
        IEmission emission_ = _boundEmission();
        IComputeRewards compute_ = _compute;
        if (address(compute_) != address(0)) compute_.settleCommons();
        _coin.forwardCommonsFees();
        uint256 stray = _reserve.balanceOf(address(this));
        if (stray != 0) _reserve.safeTransfer(address(emission_), stray);
        emission_.recycle();
        _count(emission_);
    }

    /// @dev Counts what came due here since the last count and shares it by weight. While no pool
    ///      has weight nothing is counted: it waits, due, for the curation that gives pools weight
    ///      again.
    function _count(IEmission emission_) private {
        (uint128 perWeight, uint256 notDrawn, uint256 held) = _counting(emission_);
        _perWeight = perWeight;
        _countedNotDrawn = uint128(notDrawn);
        _heldScaled = uint96(held);
    }

    /// @dev The accumulator, what is counted and not drawn, and what is held, once what came due
    ///      since the last count is counted and what is held (a remainder, or a retired pool's
    ///      sub-unit remainder) is shared. A closed form and two slots: what every claim does,
    ///      whatever the time.
    function _counting(IEmission emission_) private view returns (uint128 perWeight, uint256 notDrawn, uint256 held) {
        perWeight = _perWeight;
        notDrawn = _countedNotDrawn;
        held = _heldScaled;
        uint256 total = _totalWeight;
        if (total == 0) return (perWeight, notDrawn, held);
        uint256 available = emission_.availableTo(address(this));
        // Nothing new, or a node whose clock went back: count nothing until the schedule passes the count.
        if (available > notDrawn) {
            held += (available - notDrawn) * SCALE;
            notDrawn = available;
        }
        // The accumulator wraps (see {_shareSince}); what is available is below 2^85; the
        // remainder is below the total weight.
        unchecked {
            perWeight += uint128(held / total);
        }
        held %= total;
    }

    /// @dev A pool's share of the commons between its snapshot and the accumulator `perWeight`.
    ///      The accumulator counts income per unit of weight forever and may pass 2^128 (fees are
    ///      recycled and counted again), so it wraps, and so does the difference: it is exact,
    ///      because a pool of weight at least 1 could only gain 2^128 / SCALE base units (more than
    ///      the whole emission) between two settlements if that much had been counted and not
    ///      drawn, which the emission contract never makes available.
    function _shareSince(uint256 weight, uint128 perWeight, uint128 snapshot) private pure returns (uint256) {
        unchecked {
            return weight * (perWeight - snapshot);
        }
    }

    /// @dev Brings `p` up to the accumulator. Call after {_settleAll}.
    function _settlePool(Pool storage p) private {
        uint128 perWeight = _perWeight;
        // Fits: a pool's unclaimed share times SCALE is below 2^125 (see {Pool}).
        p.owedScaled += uint128(_shareSince(p.weight, perWeight, p.snapshot));
        p.snapshot = perWeight;
    }

    /// @dev Makes a proposed pool active with `weight`; returns the new total weight. Call after
    ///      {_settleAll}: the pool starts at the current accumulator, with nothing of the past.
    function _activate(Pool storage p, uint256 poolId, uint256 weight, uint256 total) private returns (uint256) {
        p.snapshot = _perWeight;
        p.weight = uint32(weight); // at most MAX_WEIGHT
        p.status = Status.Active;
        // Fits until the year 8.9 million.
        p.approvedAt = uint48(block.timestamp);
        total += weight;
        _coin.setPoolOpen(poolId, true);
        emit PoolApproved(poolId, weight, total);
        return total;
    }

    /// @dev Changes an active pool's weight; returns the new total weight. Call after {_settleAll}.
    function _reweigh(Pool storage p, uint256 poolId, uint256 weight, uint256 total) private returns (uint256) {
        _settlePool(p);
        total = total - p.weight + weight;
        p.weight = uint32(weight); // at most MAX_WEIGHT
        emit WeightSet(poolId, weight, total);
        return total;
    }

    /// @dev What is due here and not counted yet (0 while a node's clock is behind the last count).
    ///      Read only while some pool has weight, which takes a settlement, so emission is bound.
    function _dueNotCounted() private view returns (uint256) {
        uint256 available = _emission.availableTo(address(this));
        uint256 counted_ = _countedNotDrawn;
        return available > counted_ ? available - counted_ : 0;
    }

    function _boundEmission() private view returns (IEmission emission_) {
        emission_ = _emission;
        if (address(emission_) == address(0)) revert EmissionNotBound();
    }

    /// @dev A share above zero needs a destination (the emission contract refuses to bind one of
    ///      zero, or a destination without a share, so this is all that is left to check).
    function _hasDestination(address destination, uint256 shareBps) private pure returns (bool) {
        return shareBps == 0 || destination != address(0);
    }

    /// @dev Whether `coin_` refuses FDC sent to `emission_` and to the destinations of its shares
    ///      (trivially true while either is unbound; the second binding makes the check).
    function _knowsEmission(IFoundationCoin coin_, IEmission emission_) private view returns (bool) {
        if (address(coin_) == address(0) || address(emission_) == address(0)) return true;
        return
            coin_.isSystemContract(address(emission_)) &&
            (emission_.COMPUTE_SHARE_BPS() == 0 || coin_.isSystemContract(emission_.computeRewards())) &&
            (emission_.HUMAN_SHARE_BPS() == 0 || coin_.isSystemContract(emission_.humanDividend()));
    }

    /// @dev A pool's recipient must be able to receive and keep reserve: not zero, and none of the
    ///      system's contracts (the coin keeps that list, see {IFoundationCoin-isSystemContract}),
    ///      nor this registry's own admin, should it ever differ from the coin's.
    function _checkRecipient(address recipient) private view {
        if (recipient == address(0)) revert ZeroAddress();
        IFoundationCoin coin_ = _coin;
        if (address(coin_) == address(0)) revert CoinNotBound();
        if (coin_.isSystemContract(recipient) || recipient == defaultAdmin()) revert InvalidRecipient(recipient);
    }

    function _existingPool(uint256 poolId) private view returns (Pool storage p) {
        p = _pools[poolId];
        if (p.status == Status.None) revert UnknownPool(poolId);
    }

    function _poolWithStatus(uint256 poolId, Status expected) private view returns (Pool storage p) {
        p = _existingPool(poolId);
        if (p.status != expected) revert WrongPoolStatus(poolId, p.status, expected);
    }

    function _checkWeight(uint256 weight) private pure {
        if (weight > MAX_WEIGHT) revert WeightAboveMax(weight, MAX_WEIGHT);
    }

    /// @dev Income held while no pool had weight goes by the weights of the curation that ends that
    ///      period: one pool approved (or reweighed) first would otherwise take all of it.
    function _checkNotFromZero(uint256 poolId, uint256 weight) private view {
        if (weight != 0 && _totalWeight == 0) revert WeightFromZeroNeedsCurate(poolId, weight);
    }
}
