// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IFoundationCoin} from "./interfaces/IFoundationCoin.sol";
import {IPoolRegistry} from "./interfaces/IPoolRegistry.sol";

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
        string name;
        string metadataURI;
    }

    IFoundationCoin private _coin;
    /// @dev The deployer, allowed to bind the coin once; cleared when it does.
    address private _coinBinder;

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
    constructor(IERC20 reserve_, address admin, address curator) AccessControlDefaultAdminRules(0, admin) {
        // A zero admin is refused by AccessControlDefaultAdminRules itself.
        if (address(reserve_) == address(0) || curator == address(0)) {
            revert ZeroAddress();
        }
        _reserve = reserve_;
        _coinBinder = msg.sender;
        _grantRole(CURATOR_ROLE, curator);
    }

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPoolRegistry
    function bindCoin(address coin_) external {
        if (msg.sender != _coinBinder) revert CoinBindingClosed(msg.sender);
        IFoundationCoin candidate = IFoundationCoin(coin_);
        if (candidate.registry() != address(this) || candidate.reserve() != address(_reserve)) {
            revert CoinMismatch(coin_);
        }
        _coin = candidate;
        delete _coinBinder;
        emit CoinBound(coin_);
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
        if (recipient == address(0)) revert ZeroAddress();
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
        p.accSnapshot = _accPerWeight;
        p.weight = uint64(weight);
        p.status = Status.Active;
        uint256 total = _totalWeight + weight;
        _totalWeight = total;
        _coin.setPoolOpen(poolId, true);
        emit PoolApproved(poolId, weight, total);
    }

    /// @inheritdoc IPoolRegistry
    function setWeight(uint256 poolId, uint256 weight) external onlyRole(CURATOR_ROLE) {
        Pool storage p = _poolWithStatus(poolId, Status.Active);
        _checkWeight(weight);
        _settleCommons();
        _settlePool(p);
        uint256 total = _totalWeight - p.weight + weight;
        _totalWeight = total;
        p.weight = uint64(weight);
        emit WeightSet(poolId, weight, total);
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

    /// @inheritdoc IPoolRegistry
    function setRecipient(uint256 poolId, address recipient) external {
        Pool storage p = _existingPool(poolId);
        if (msg.sender != p.recipient) revert NotRecipient(poolId, msg.sender);
        if (recipient == address(0)) revert ZeroAddress();
        p.recipient = recipient;
        emit RecipientSet(poolId, recipient);
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
    /// @dev Mirrors what {claim} would settle, without writing.
    function claimable(uint256 poolId) external view returns (uint256) {
        Pool storage p = _existingPool(poolId);
        uint256 acc = _accPerWeight;
        uint256 total = _totalWeight;
        if (total != 0) acc += (_heldScaled + _unsettledIncome() * SCALE) / total;
        uint256 owed = p.owedScaled + uint256(p.weight) * (acc - p.accSnapshot);
        if (address(_coin) != address(0)) owed += _coin.poolFeesOwed(poolId) * SCALE;
        return owed / SCALE;
    }

    /// @inheritdoc IPoolRegistry
    function heldCommons() external view returns (uint256) {
        uint256 pending = _heldScaled + _unsettledIncome() * SCALE;
        uint256 total = _totalWeight;
        return (total == 0 ? pending : pending % total) / SCALE;
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

    /*//////////////////////////////////////////////////////////////
                                 INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Collects the coin's commons fees and any FRSV sent here, and shares them over the
    ///      active pools by weight (or holds them while no pool has weight). O(1).
    function _settleCommons() private {
        IFoundationCoin coin_ = _coin;
        if (address(coin_) == address(0)) revert CoinNotBound();
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

    /// @dev Commons income not yet settled: fees still at the coin plus FRSV sent here.
    function _unsettledIncome() private view returns (uint256 income) {
        income = _reserve.balanceOf(address(this)) - _accounted;
        if (address(_coin) != address(0)) income += _coin.commonsFeesOwed();
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
