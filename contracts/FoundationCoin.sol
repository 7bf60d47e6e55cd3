// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IFoundationCoin} from "./interfaces/IFoundationCoin.sol";
import {FeeMath} from "./libraries/FeeMath.sol";

/// @title FoundationCoin (FDC)
/// @notice The fully backed coin. See {IFoundationCoin} for the rules and the fee bookkeeping.
contract FoundationCoin is ERC20Permit, AccessControlDefaultAdminRules, IFoundationCoin {
    using SafeERC20 for IERC20;

    /*//////////////////////////////////////////////////////////////
                          CONSTANTS AND IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    /// @notice Guardians may pause and resume minting, nothing else.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @inheritdoc IFoundationCoin
    uint256 public constant MAX_FEE_BPS = 200;
    /// @inheritdoc IFoundationCoin
    uint256 public immutable RATE;
    /// @notice The largest rate the constructor accepts, so that `FeeMath.MAX_AMOUNT * RATE` fits.
    uint256 public constant MAX_RATE = type(uint64).max;

    IERC20 private immutable _reserve;
    address private immutable _registry;
    // Known to refuse them as recipients (FDC sent there could never leave) and, for the emission
    // contract, to send it the commons' fees, which it recycles for the pools.
    address private immutable _emission;
    address private immutable _computeRewards;
    address private immutable _humanRegistry;
    address private immutable _humanDividend;

    /*//////////////////////////////////////////////////////////////
                                  STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev Everything a mint or redeem reads, in one slot: one cold read per call.
    struct Config {
        uint16 mintFeeBps;
        uint16 redeemFeeBps;
        bool mintingPaused;
        // Directed fees held here and not yet paid out. Kept here (not summed over pools)
        // so the commons' share can be derived from the balance in O(1).
        uint128 directedFeesOwed;
    }

    /// @dev One slot per pool. `open` keeps the slot non-zero while the pool is active, so
    ///      crediting a pool whose owed amount was just paid out is not a zero-to-non-zero write.
    ///      `closed` marks a pool that was open and was retired.
    struct PoolLedger {
        uint128 owed;
        bool open;
        bool closed;
    }

    Config private _config;
    mapping(uint256 poolId => PoolLedger) private _poolLedgers;

    /*//////////////////////////////////////////////////////////////
                                CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    constructor(
        IERC20 reserve_,
        address registry_,
        address emission_,
        address computeRewards_,
        address humanRegistry_,
        address humanDividend_,
        uint256 rate,
        uint256 mintBps,
        uint256 redeemBps,
        address admin,
        address guardian
    )
        ERC20("Foundation Coin", "FDC")
        ERC20Permit("Foundation Coin")
        // Handing the admin role over takes two steps (begin, then accept by the new admin).
        // No extra delay here: on live networks the admin is a timelock, which already delays.
        AccessControlDefaultAdminRules(0, admin)
    {
        // A zero admin is refused by AccessControlDefaultAdminRules itself.
        if (
            address(reserve_) == address(0) ||
            registry_ == address(0) ||
            emission_ == address(0) ||
            computeRewards_ == address(0) ||
            humanRegistry_ == address(0) ||
            humanDividend_ == address(0) ||
            guardian == address(0)
        ) revert ZeroAddress();
        if (rate == 0 || rate > MAX_RATE) revert InvalidRate(rate);
        _reserve = reserve_;
        _registry = registry_;
        _emission = emission_;
        _computeRewards = computeRewards_;
        _humanRegistry = humanRegistry_;
        _humanDividend = humanDividend_;
        RATE = rate;
        _grantRole(GUARDIAN_ROLE, guardian);
        _setFees(mintBps, redeemBps);
    }

    /*//////////////////////////////////////////////////////////////
                              MINT AND REDEEM
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IFoundationCoin
    function mint(uint256 reserveIn, address to, uint256 poolId, uint256 minCoinOut) external returns (uint256) {
        return _mintFrom(reserveIn, to, poolId, minCoinOut);
    }

    /// @inheritdoc IFoundationCoin
    function mintWithPermit(
        uint256 reserveIn,
        address to,
        uint256 poolId,
        uint256 minCoinOut,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256) {
        if (block.timestamp > deadline) revert PermitExpired(deadline, block.timestamp);
        // The owner is always the caller. A refused permit is tolerated only when the allowance it
        // would have set is already there (a front-run permit); see {IFoundationCoin-mintWithPermit}.
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(address(_reserve)).permit(msg.sender, address(this), reserveIn, deadline, v, r, s) {} catch {
            uint256 allowed = _reserve.allowance(msg.sender, address(this));
            if (allowed < reserveIn) revert PermitRejected(msg.sender, allowed, reserveIn);
        }
        return _mintFrom(reserveIn, to, poolId, minCoinOut);
    }

    /// @inheritdoc IFoundationCoin
    /// @dev Deliberately has no pause check: redemption is always open.
    function redeem(
        uint256 coinIn,
        address to,
        uint256 poolId,
        uint256 minReserveOut
    ) external returns (uint256 reserveOut) {
        _checkRecipient(to);
        uint256 fee;
        (reserveOut, fee) = _quoteRedeem(coinIn, _config.redeemFeeBps);
        if (reserveOut == 0) _refuseZeroOutput(coinIn, fee);
        if (reserveOut < minReserveOut) revert OutputBelowMinimum(reserveOut, minReserveOut);
        poolId = _creditFee(poolId, fee, true);

        _burn(msg.sender, coinIn);
        _reserve.safeTransfer(to, reserveOut);
        emit Redeemed(msg.sender, to, coinIn, reserveOut, fee, poolId);
    }

    /*//////////////////////////////////////////////////////////////
                                 TRANSFERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Checked here rather than in `_update`, so that mint and redeem (which check their own
    ///      recipient) do not pay for it twice.
    function transfer(address to, uint256 value) public override(ERC20, IERC20) returns (bool) {
        _checkRecipient(to);
        return super.transfer(to, value);
    }

    /// @dev See {transfer}.
    function transferFrom(address from, address to, uint256 value) public override(ERC20, IERC20) returns (bool) {
        _checkRecipient(to);
        return super.transferFrom(from, to, value);
    }

    /*//////////////////////////////////////////////////////////////
                               GOVERNANCE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IFoundationCoin
    function setFees(uint256 mintBps, uint256 redeemBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFees(mintBps, redeemBps);
    }

    /// @inheritdoc IFoundationCoin
    function pauseMinting() external onlyRole(GUARDIAN_ROLE) {
        _config.mintingPaused = true;
        emit MintingPaused(msg.sender);
    }

    /// @inheritdoc IFoundationCoin
    function unpauseMinting() external onlyRole(GUARDIAN_ROLE) {
        _config.mintingPaused = false;
        emit MintingUnpaused(msg.sender);
    }

    /*//////////////////////////////////////////////////////////////
                           REGISTRY FEE INTAKE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IFoundationCoin
    function setPoolOpen(uint256 poolId, bool open) external {
        _checkRegistry();
        PoolLedger storage ledger = _poolLedgers[poolId];
        ledger.open = open;
        if (!open) ledger.closed = true;
        emit FeePoolOpenSet(poolId, open);
    }

    /// @inheritdoc IFoundationCoin
    function forwardCommonsFees() external returns (uint256 amount) {
        _checkRegistry();
        amount = commonsFeesOwed();
        if (amount != 0) {
            _reserve.safeTransfer(_emission, amount);
            emit CommonsFeesForwarded(amount);
        }
    }

    /// @inheritdoc IFoundationCoin
    function payoutPoolFees(uint256 poolId, address to) external returns (uint256 amount) {
        _checkRegistry();
        PoolLedger storage ledger = _poolLedgers[poolId];
        amount = ledger.owed;
        if (amount == 0) return 0;
        ledger.owed = 0;
        // Cannot underflow: the directed total is the sum of every pool's `owed`.
        _config.directedFeesOwed -= uint128(amount);
        // No event of its own: the registry's `Claimed` reports these fees with the pool's claim.
        _reserve.safeTransfer(to, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IFoundationCoin
    function reserve() external view returns (address) {
        return address(_reserve);
    }

    /// @inheritdoc IFoundationCoin
    function registry() external view returns (address) {
        return _registry;
    }

    /// @inheritdoc IFoundationCoin
    function mintFeeBps() external view returns (uint256) {
        return _config.mintFeeBps;
    }

    /// @inheritdoc IFoundationCoin
    function redeemFeeBps() external view returns (uint256) {
        return _config.redeemFeeBps;
    }

    /// @inheritdoc IFoundationCoin
    function mintingPaused() external view returns (bool) {
        return _config.mintingPaused;
    }

    /// @inheritdoc IFoundationCoin
    function previewMint(uint256 reserveIn) external view returns (uint256 coinOut, uint256 fee) {
        return _quoteMint(reserveIn, _config.mintFeeBps);
    }

    /// @inheritdoc IFoundationCoin
    function previewRedeem(uint256 coinIn) external view returns (uint256 reserveOut, uint256 fee) {
        return _quoteRedeem(coinIn, _config.redeemFeeBps);
    }

    /// @inheritdoc IFoundationCoin
    /// @dev The deployment's contracts are immutables (free to compare); the admin can change
    ///      hands, so it is read from storage, last.
    function isSystemContract(address account) public view returns (bool) {
        return
            account == address(this) ||
            account == _registry ||
            account == address(_reserve) ||
            account == _emission ||
            account == _computeRewards ||
            account == _humanRegistry ||
            account == _humanDividend ||
            account == defaultAdmin();
    }

    /// @inheritdoc IFoundationCoin
    function requiredBacking() public view returns (uint256) {
        return FeeMath.backingFor(totalSupply(), RATE);
    }

    /// @inheritdoc IFoundationCoin
    /// @dev Checked arithmetic: should the backing ever be short, this view reverts instead
    ///      of reporting fees, and so does every fee collection that relies on it.
    function commonsFeesOwed() public view returns (uint256) {
        return _reserve.balanceOf(address(this)) - requiredBacking() - _config.directedFeesOwed;
    }

    /// @inheritdoc IFoundationCoin
    function poolFeesOwed(uint256 poolId) external view returns (uint256) {
        return _poolLedgers[poolId].owed;
    }

    /// @inheritdoc IFoundationCoin
    function directedFeesOwed() external view returns (uint256) {
        return _config.directedFeesOwed;
    }

    /// @inheritdoc IFoundationCoin
    function isPoolOpen(uint256 poolId) external view returns (bool) {
        return _poolLedgers[poolId].open;
    }

    /*//////////////////////////////////////////////////////////////
                                 INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev The whole of {mint}, for both entry points: deposits `reserveIn` FRSV from the caller.
    function _mintFrom(
        uint256 reserveIn,
        address to,
        uint256 poolId,
        uint256 minCoinOut
    ) private returns (uint256 coinOut) {
        Config storage config = _config;
        if (config.mintingPaused) revert MintingIsPaused();
        _checkRecipient(to);
        uint256 fee;
        (coinOut, fee) = _quoteMint(reserveIn, config.mintFeeBps);
        // One branch on the normal path covers a zero amount and dust that would mint nothing.
        if (coinOut == 0) _refuseZeroOutput(reserveIn, fee);
        if (coinOut < minCoinOut) revert OutputBelowMinimum(coinOut, minCoinOut);
        _creditFee(poolId, fee, false);

        _reserve.safeTransferFrom(msg.sender, address(this), reserveIn);
        _mint(to, coinOut);
        emit Minted(msg.sender, to, reserveIn, coinOut, fee, poolId);
    }

    /// @dev Returns `coinOut == 0` for a zero amount or dust (previews report it; {mint} refuses it).
    function _quoteMint(uint256 reserveIn, uint256 feeBps) private view returns (uint256 coinOut, uint256 fee) {
        if (reserveIn > FeeMath.MAX_AMOUNT) revert AmountTooLarge(reserveIn, FeeMath.MAX_AMOUNT);
        fee = FeeMath.feeOf(reserveIn, feeBps);
        // Cannot overflow: both factors are bounded (MAX_AMOUNT, MAX_RATE); fee <= reserveIn.
        unchecked {
            coinOut = (reserveIn - fee) * RATE;
        }
    }

    /// @dev Returns `reserveOut == 0` for a zero amount or dust (previews report it; {redeem} refuses it).
    function _quoteRedeem(uint256 coinIn, uint256 feeBps) private view returns (uint256 reserveOut, uint256 fee) {
        // Floor: the sub-unit remainder of `coinIn` is burnt and its backing stays behind.
        uint256 gross = coinIn / RATE;
        if (gross > FeeMath.MAX_AMOUNT) revert AmountTooLarge(gross, FeeMath.MAX_AMOUNT);
        fee = FeeMath.feeOf(gross, feeBps);
        unchecked {
            reserveOut = gross - fee; // fee <= gross since feeBps <= MAX_FEE_BPS < 10000
        }
    }

    /// @dev Names why a mint or redeem would pay nothing. Only reached off the normal path.
    function _refuseZeroOutput(uint256 amountIn, uint256 fee) private pure {
        if (amountIn == 0) revert ZeroAmount();
        revert ZeroOutput(amountIn, fee);
    }

    /// @dev Books `fee` for `poolId` and returns the pool it went to (0: the commons). A commons
    ///      fee needs no write: it is the FRSV left over once backing and directed fees are
    ///      counted (see {commonsFeesOwed}). A pool that is not active is refused, with one
    ///      exception: nothing governance does may block a redemption (promise 2), so a
    ///      redemption naming a pool the curator has since retired pays its fee to the commons.
    function _creditFee(uint256 poolId, uint256 fee, bool redeeming) private returns (uint256) {
        if (poolId == 0) return 0;
        PoolLedger storage ledger = _poolLedgers[poolId];
        if (!ledger.open) {
            if (redeeming && ledger.closed) return 0;
            revert PoolNotActive(poolId);
        }
        if (fee == 0) return poolId;
        // Fees are bounded by FeeMath.MAX_AMOUNT, and the directed total by the FRSV held here,
        // so these casts cannot truncate.
        ledger.owed += uint128(fee);
        _config.directedFeesOwed += uint128(fee);
        return poolId;
    }

    function _setFees(uint256 mintBps, uint256 redeemBps) private {
        if (mintBps > MAX_FEE_BPS) revert FeeAboveCap(mintBps, MAX_FEE_BPS);
        if (redeemBps > MAX_FEE_BPS) revert FeeAboveCap(redeemBps, MAX_FEE_BPS);
        _config.mintFeeBps = uint16(mintBps);
        _config.redeemFeeBps = uint16(redeemBps);
        emit FeesSet(mintBps, redeemBps);
    }

    /// @dev Refuses the zero address and system contracts as the destination of FDC or reserve.
    ///      Value a caller sends to itself needs no check, which keeps the list (and the admin's
    ///      storage slot) off the common path of a holder minting, redeeming or moving their own:
    ///      no system contract mints, redeems or transfers FDC to itself, and the admin acting for
    ///      itself acts deliberately and can move what it holds again.
    function _checkRecipient(address to) private view {
        if (to != msg.sender && (to == address(0) || isSystemContract(to))) revert InvalidRecipient(to);
    }

    function _checkRegistry() private view {
        if (msg.sender != _registry) revert NotRegistry(msg.sender);
    }
}
