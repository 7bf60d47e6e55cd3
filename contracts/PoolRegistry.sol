// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IEmission} from "./interfaces/IEmission.sol";
import {IFoundationCoin} from "./interfaces/IFoundationCoin.sol";
import {IPoolRegistry} from "./interfaces/IPoolRegistry.sol";
import {IReserveToken} from "./interfaces/IReserveToken.sol";

/// @title PoolRegistry
/// @notice Public-good compute pools: curation, fee accrual and claims. See {IPoolRegistry}.
contract PoolRegistry is AccessControlDefaultAdminRules, IPoolRegistry {
    using SafeERC20 for IERC20;

    /*//////////////////////////////////////////////////////////////
                          CONSTANTS AND IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    /// @notice Curators approve, weigh and retire pools.
    bytes32 public constant CURATOR_ROLE = keccak256("CURATOR_ROLE");
    /// @inheritdoc IPoolRegistry
    /// @dev Keeps `weight * accumulator` far from overflow for any realistic income.
    uint256 public constant MAX_WEIGHT = 1_000_000;
    /// @inheritdoc IPoolRegistry
    uint256 public constant SCALE = 1e18;

    IERC20 private immutable _reserve;
    /// @dev The deployer, allowed to bind the coin and the emission contract, once each.
    address private immutable _deployer;

    /*//////////////////////////////////////////////////////////////
                                  STORAGE
    //////////////////////////////////////////////////////////////*/

    struct Pool {
        address recipient;
        uint64 weight;
        Status status;
        // `_accPerWeight` when this pool was last settled.
        uint256 accSnapshot;
        // Settled, unclaimed income, scaled by SCALE; the sub-unit part waits for more.
        uint256 owedScaled;
        // Proposed by the recipient, in charge once it accepts.
        address pendingRecipient;
        string name;
        string metadataURI;
    }

    IFoundationCoin private _coin;
    IEmission private _emission;

    uint256 private _poolCount;
    mapping(uint256 poolId => Pool) private _pools;
    uint256 private _totalWeight;
    /// @dev Commons income per unit of weight, scaled by SCALE. Only ever increases.
    uint256 private _accPerWeight;
    /// @dev Commons income (scaled) not yet given to any pool: all of it while no pool has
    ///      weight, otherwise the remainder of the last division.
    uint256 private _heldScaled;
    /// @dev FRSV held here that is already accounted for; anything above it is new income.
    uint256 private _accounted;

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
        // Every settlement releases emission, so binding one whose release could revert (it does
        // not pay here, may not mint, or has a share with no destination yet) would stop claims
        // and curation. The coin (if bound first) must know it and its destinations as system
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
        // Income that arrived before approval belongs to the pools active before it.
        _settleCommons();
        _totalWeight = _activate(p, poolId, weight, _totalWeight);
    }

    /// @inheritdoc IPoolRegistry
    function setWeight(uint256 poolId, uint256 weight) external onlyRole(CURATOR_ROLE) {
        Pool storage p = _poolWithStatus(poolId, Status.Active);
        _checkWeight(weight);
        _settleCommons();
        _totalWeight = _reweigh(p, poolId, weight, _totalWeight);
    }

    /// @inheritdoc IPoolRegistry
    function curate(uint256[] calldata poolIds, uint256[] calldata weights) external onlyRole(CURATOR_ROLE) {
        uint256 count = poolIds.length;
        if (count != weights.length) revert LengthMismatch(count, weights.length);
        if (count == 0) return;
        // One settlement for the whole batch: income so far is shared by the weights before it,
        // and income held while no pool had weight waits for the next settlement, which will
        // find the weights after it.
        _settleCommons();
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
        _totalWeight = total;
    }

    /// @inheritdoc IPoolRegistry
    function retire(uint256 poolId) external onlyRole(CURATOR_ROLE) {
        Pool storage p = _existingPool(poolId);
        Status status = p.status;
        if (status == Status.Retired) revert PoolAlreadyRetired(poolId);
        uint256 total = _totalWeight;
        if (status == Status.Active) {
            _settleCommons();
            _settlePool(p);
            total -= p.weight;
            _totalWeight = total;
            p.weight = 0;
            // A retired pool will never earn again, so its sub-unit remainder could never
            // become claimable: it goes back to the commons instead of being stranded.
            uint256 fraction = p.owedScaled % SCALE;
            p.owedScaled -= fraction;
            _heldScaled += fraction;
            _coin.setPoolOpen(poolId, false);
        }
        p.status = Status.Retired;
        emit PoolRetired(poolId, total);
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
    function claim(uint256 poolId) external returns (uint256 amount) {
        Pool storage p = _existingPool(poolId);
        _settleCommons();
        _settlePool(p);
        // Collected after the commons settled, so this transfer is not mistaken for commons income.
        uint256 directed = _coin.forwardPoolFees(poolId);
        if (directed != 0) {
            _accounted += directed;
            p.owedScaled += directed * SCALE;
            emit FeeAccrued(poolId, directed);
        }
        amount = p.owedScaled / SCALE;
        if (amount == 0) return 0;
        p.owedScaled -= amount * SCALE;
        _accounted -= amount;
        address recipient = p.recipient;
        _reserve.safeTransfer(recipient, amount);
        emit Claimed(poolId, recipient, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPoolRegistry
    function pool(uint256 poolId) external view returns (PoolInfo memory) {
        Pool storage p = _existingPool(poolId);
        return PoolInfo(p.name, p.metadataURI, p.recipient, p.weight, p.status);
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
    function claimable(uint256 poolId) external view returns (uint256) {
        return claimableScaled(poolId) / SCALE;
    }

    /// @inheritdoc IPoolRegistry
    /// @dev Mirrors what {claim} would settle, without writing.
    function claimableScaled(uint256 poolId) public view returns (uint256 owed) {
        Pool storage p = _existingPool(poolId);
        uint256 acc = _accPerWeight;
        uint256 total = _totalWeight;
        if (total != 0) acc += (_heldScaled + _unsettledIncome() * SCALE) / total;
        owed = p.owedScaled + uint256(p.weight) * (acc - p.accSnapshot);
        if (address(_coin) != address(0)) owed += _coin.poolFeesOwed(poolId) * SCALE;
    }

    /// @inheritdoc IPoolRegistry
    function heldCommons() external view returns (uint256) {
        return heldCommonsScaled() / SCALE;
    }

    /// @inheritdoc IPoolRegistry
    function heldCommonsScaled() public view returns (uint256) {
        uint256 pending = _heldScaled + _unsettledIncome() * SCALE;
        uint256 total = _totalWeight;
        return total == 0 ? pending : pending % total;
    }

    /// @inheritdoc IPoolRegistry
    function accumulatedPerWeight() external view returns (uint256) {
        return _accPerWeight;
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

    /// @dev Releases the emission that has come due (every destination's share; the commons' comes
    ///      here), collects the coin's commons fees and any
    ///      FRSV sent here, and shares them over the active pools by weight (or holds them while
    ///      no pool has weight). O(1). Every change of weights calls this first, so income is
    ///      always shared by the weights in force while it accrued.
    ///      Every settlement concerns a pool, and a pool can exist only once the coin is bound
    ///      ({propose} checks it), so the coin is known here; emission may not be bound yet.
    function _settleCommons() private {
        IFoundationCoin coin_ = _coin;
        IEmission emission_ = _emission;
        if (address(emission_) == address(0)) revert EmissionNotBound();
        // Not wrapped in try/catch on purpose: skipping a release would let the next weight
        // change re-price what accrued before it. Once bound, release cannot revert.
        emission_.release();
        coin_.forwardCommonsFees();
        uint256 balance = _reserve.balanceOf(address(this));
        uint256 income = balance - _accounted;
        uint256 pending = _heldScaled;
        if (income != 0) {
            _accounted = balance;
            pending += income * SCALE;
            emit FeeAccrued(0, income);
        }
        uint256 total = _totalWeight;
        if (total == 0 || pending < total) {
            _heldScaled = pending;
            return;
        }
        uint256 perWeight = pending / total;
        _accPerWeight += perWeight;
        _heldScaled = pending - perWeight * total;
    }

    /// @dev Brings `p` up to the accumulator. Call after {_settleCommons}.
    function _settlePool(Pool storage p) private {
        uint256 acc = _accPerWeight;
        p.owedScaled += uint256(p.weight) * (acc - p.accSnapshot);
        p.accSnapshot = acc;
    }

    /// @dev Makes a proposed pool active with `weight`; returns the new total weight. Call after
    ///      {_settleCommons}: the pool starts at the current accumulator, with nothing of the past.
    function _activate(Pool storage p, uint256 poolId, uint256 weight, uint256 total) private returns (uint256) {
        p.accSnapshot = _accPerWeight;
        p.weight = uint64(weight); // at most MAX_WEIGHT
        p.status = Status.Active;
        total += weight;
        _coin.setPoolOpen(poolId, true);
        emit PoolApproved(poolId, weight, total);
        return total;
    }

    /// @dev Changes an active pool's weight; returns the new total weight. Call after {_settleCommons}.
    function _reweigh(Pool storage p, uint256 poolId, uint256 weight, uint256 total) private returns (uint256) {
        _settlePool(p);
        total = total - p.weight + weight;
        p.weight = uint64(weight); // at most MAX_WEIGHT
        emit WeightSet(poolId, weight, total);
        return total;
    }

    /// @dev Commons income not yet settled: emission that has come due, fees still at the coin,
    ///      and FRSV sent here.
    function _unsettledIncome() private view returns (uint256 income) {
        income = _reserve.balanceOf(address(this)) - _accounted;
        if (address(_coin) != address(0)) income += _coin.commonsFeesOwed();
        if (address(_emission) != address(0)) income += _emission.releasableTo(address(this));
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
}
