// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IEmission, IEmissionDestination} from "./interfaces/IEmission.sol";
import {IFoundationCoin} from "./interfaces/IFoundationCoin.sol";
import {IHumanDividend} from "./interfaces/IHumanDividend.sol";
import {IHumanRegistry} from "./interfaces/IHumanRegistry.sol";
import {IPoolRegistry} from "./interfaces/IPoolRegistry.sol";

/// @title HumanDividend
/// @notice The human share of new reserve, one share per registered human. See {IHumanDividend}.
contract HumanDividend is IHumanDividend {
    using SafeERC20 for IERC20;

    /*//////////////////////////////////////////////////////////////
                                IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    IEmission private immutable _emission;
    IHumanRegistry private immutable _humans;
    IERC20 private immutable _reserve;
    address private immutable _commons;

    /*//////////////////////////////////////////////////////////////
                                  STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev One slot per human. Amounts are FRSV base units, at most the cap (below 2^75).
    struct Head {
        // The accumulator when the human's accrual was last brought up to date.
        uint128 snapshot;
        // Accrued and not yet claimed, up to `snapshot`.
        uint120 owed;
        // Registered (possibly expired) and not revoked or removed: kept in step by the registry.
        bool accruing;
    }

    mapping(address human => Head) private _heads;
    /// @dev What each head has accrued since deployment.
    uint256 private _accPerHead;
    /// @dev Income not yet shared: the remainder of the last division, below the head count.
    uint256 private _held;
    /// @dev The FRSV here already counted as income and not yet paid out; anything above it is new income.
    uint256 private _accounted;
    uint256 private _claimed;
    uint256 private _forwarded;

    /*//////////////////////////////////////////////////////////////
                                CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param emission_ The emission contract whose human share comes here (its reserve and its
    ///        commons are this dividend's).
    /// @param humans The registry of verified humans whose head count this dividend follows.
    constructor(IEmission emission_, IHumanRegistry humans) {
        if (address(emission_) == address(0) || address(humans) == address(0)) revert InvalidSetting();
        _emission = emission_;
        _humans = humans;
        _reserve = IERC20(emission_.reserve());
        _commons = emission_.commons();
    }

    /*//////////////////////////////////////////////////////////////
                                  ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IHumanDividend
    function settle() external {
        _settle();
    }

    /// @inheritdoc IHumanDividend
    function onHeadCountChange(address account, bool joining) external {
        if (msg.sender != address(_humans)) revert NotHumanRegistry(msg.sender);
        // Settled with the count in force until now (the registry changes it after this call).
        uint256 acc = _settle();
        Head storage head = _heads[account];
        if (joining) {
            // A returning human keeps what it accrued before, and nothing of the time away.
            head.snapshot = uint128(acc);
            head.accruing = true;
        } else {
            _bringUpToDate(head, acc);
            head.accruing = false;
        }
    }

    /// @inheritdoc IHumanDividend
    function claim(address to, bool asCoin) external returns (uint256 amount) {
        IFoundationCoin coin = IFoundationCoin(IPoolRegistry(_commons).coin());
        // The coin keeps the one list of system contracts (this dividend and the human registry
        // among them), for FRSV paid here as for FDC.
        if (to == address(0) || coin.isSystemContract(to)) revert InvalidRecipient(to);
        uint256 acc = _settle();
        Head storage head = _heads[msg.sender];
        if (head.accruing) _bringUpToDate(head, acc);
        amount = head.owed;
        if (amount == 0) revert NothingToClaim(msg.sender);
        head.owed = 0;
        _accounted -= amount;
        _claimed += amount;
        emit DividendClaimed(msg.sender, to, amount, asCoin);
        if (!asCoin) {
            _reserve.safeTransfer(to, amount);
            return amount;
        }
        // The coin is a system contract fixed at deployment: one unlimited approval, given the
        // first time, saves an approval write on every claim.
        if (_reserve.allowance(address(this), address(coin)) < amount) {
            _reserve.forceApprove(address(coin), type(uint256).max);
        }
        // Pool 0: the mint fee goes to the commons. No minimum: the fee is capped and any change
        // to it is timelocked, and a dust amount the coin would mint nothing for is refused there.
        coin.mint(amount, to, 0, 0);
    }

    /*//////////////////////////////////////////////////////////////
                                   VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IEmissionDestination
    function emission() external view returns (address) {
        return address(_emission);
    }

    /// @inheritdoc IHumanDividend
    function humanRegistry() external view returns (address) {
        return address(_humans);
    }

    /// @inheritdoc IHumanDividend
    function reserve() external view returns (address) {
        return address(_reserve);
    }

    /// @inheritdoc IHumanDividend
    function commons() external view returns (address) {
        return _commons;
    }

    /// @inheritdoc IHumanDividend
    function claimable(address human) external view returns (uint256) {
        Head storage head = _heads[human];
        if (!head.accruing) return head.owed;
        uint256 acc = _accPerHead;
        uint256 heads = _humans.humanCount();
        if (heads != 0) {
            uint256 unsettled = _emission.releasableTo(address(this)) + _reserve.balanceOf(address(this)) - _accounted;
            acc += (_held + unsettled) / heads;
        }
        return head.owed + (acc - head.snapshot);
    }

    /// @inheritdoc IHumanDividend
    function accruedPerHead() external view returns (uint256) {
        return _accPerHead;
    }

    /// @inheritdoc IHumanDividend
    function held() external view returns (uint256) {
        return _held;
    }

    /// @inheritdoc IHumanDividend
    function claimed() external view returns (uint256) {
        return _claimed;
    }

    /// @inheritdoc IHumanDividend
    function forwarded() external view returns (uint256) {
        return _forwarded;
    }

    /*//////////////////////////////////////////////////////////////
                                 INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev Releases the emission that has come due, then shares every unit of new income (and
    ///      what was held) equally over the heads registered now, holding the remainder; with
    ///      nobody registered, sends it all to the commons. Returns the accumulator. O(1).
    function _settle() private returns (uint256 acc) {
        // Not wrapped in try/catch on purpose: skipping a release would let the next change of
        // the head count re-price what accrued before it. Once bound, release cannot revert.
        _emission.release();
        uint256 balance = _reserve.balanceOf(address(this));
        uint256 income = balance - _accounted;
        uint256 heads = _humans.humanCount();
        acc = _accPerHead;
        if (heads == 0) {
            uint256 out = income + _held;
            if (out == 0) return acc;
            _held = 0;
            _accounted = balance - out;
            _forwarded += out;
            emit DividendForwarded(out);
            _reserve.safeTransfer(_commons, out);
            return acc;
        }
        if (income != 0) {
            _accounted = balance;
            emit DividendAccrued(income, heads);
        }
        // What is held may reach the head count without new income when the count fell.
        uint256 pending = _held + income;
        if (pending < heads) {
            _held = pending;
            return acc;
        }
        uint256 perHead = pending / heads;
        acc += perHead;
        _accPerHead = acc;
        _held = pending - perHead * heads;
    }

    /// @dev Adds what `head` accrued since its snapshot to what it is owed. Both fit: a head's
    ///      accrual is at most everything ever emitted (below 2^75).
    function _bringUpToDate(Head storage head, uint256 acc) private {
        head.owed += uint120(acc - head.snapshot);
        head.snapshot = uint128(acc);
    }
}
