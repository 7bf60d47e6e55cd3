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

    /// @dev One slot per human. Amounts are FRSV base units, at most the cap (below 2^85), and so
    ///      is the accumulator (what one head accrued since deployment).
    struct Head {
        // The accumulator when the human's accrual was last brought up to date.
        uint96 snapshot;
        // Accrued and not yet claimed, up to `snapshot`.
        uint96 owed;
        // The issuer's term the registration belongs to; 0 while not registered. The head accrues
        // until the registration ends or the term does.
        uint32 term;
    }

    /// @dev Per issuer's term: the heads registered in it, and, once it ended, the accumulator at
    ///      its end (where each of its heads stopped).
    struct TermBook {
        uint64 heads;
        bool ended;
        uint96 accAtEnd;
    }

    mapping(address human => Head) private _heads;
    mapping(uint256 term => TermBook) private _terms;
    /// @dev What each head has accrued since deployment, and how much of the human share has been
    ///      counted (shared or assigned to the commons): one slot, written when income arrives.
    uint128 private _accPerHead;
    uint128 private _counted;
    /// @dev The remainder held for the next settlement (below the head count it was divided by),
    ///      the head count, and everything claimed: one slot, written by every claim.
    uint64 private _held;
    uint64 private _headCount;
    uint128 private _claimed;

    /*//////////////////////////////////////////////////////////////
                                CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param emission_ The emission contract that is due the human share (its reserve and its
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
    function onJoin(address account, uint256 term) external {
        _onlyRegistry();
        // Settled with the count in force until now.
        uint256 acc = _settle();
        Head storage head = _heads[account];
        // A returning human keeps what it accrued before (up to the end of an issuer's term that
        // ended its last registration), and nothing of the time away.
        _stopIfTermEnded(head);
        head.snapshot = uint96(acc);
        // Fits: the registry numbers terms in 32 bits.
        head.term = uint32(term);
        ++_terms[term].heads;
        uint256 heads_ = _headCount;
        _headCount = uint64(heads_ + 1);
        // The human share comes back here from now on.
        if (heads_ == 0) _emission.setNobodyRegistered(false);
    }

    /// @inheritdoc IHumanDividend
    function onLeave(address account) external {
        _onlyRegistry();
        uint256 acc = _settle();
        Head storage head = _heads[account];
        _bringUpToDate(head, acc);
        --_terms[head.term].heads;
        head.term = 0;
        _dropHeads(1);
    }

    /// @inheritdoc IHumanDividend
    function onTermEnd(uint256 term) external returns (uint256 ended) {
        _onlyRegistry();
        uint256 acc = _settle();
        TermBook storage book = _terms[term];
        ended = book.heads;
        book.ended = true;
        book.accAtEnd = uint96(acc);
        emit TermEnded(term, ended);
        if (ended != 0) _dropHeads(ended);
    }

    /// @inheritdoc IHumanDividend
    function claim(address to, bool asCoin) external returns (uint256 amount) {
        // The coin keeps the one list of system contracts (this dividend and the human registry
        // among them), for FRSV paid here as for FDC. A human paying itself needs no check: no
        // system contract claims.
        if (to != msg.sender && (to == address(0) || _coin().isSystemContract(to))) revert InvalidRecipient(to);
        uint256 acc = _settle();
        Head storage head = _heads[msg.sender];
        if (!_stopIfTermEnded(head) && head.term != 0) _bringUpToDate(head, acc);
        amount = head.owed;
        if (amount == 0) revert NothingToClaim(msg.sender);
        head.owed = 0;
        // Fits: everything claimed is part of the human share, below the cap.
        _claimed += uint128(amount);
        emit DividendClaimed(msg.sender, to, amount, asCoin);
        if (!asCoin) {
            _emission.draw(to, amount);
            return amount;
        }
        _emission.draw(address(this), amount);
        IFoundationCoin coin = _coin();
        // The coin is a system contract fixed at deployment: one unlimited approval, given the
        // first time, saves an approval write on every claim.
        if (_reserve.allowance(address(this), address(coin)) < amount) {
            _reserve.forceApprove(address(coin), type(uint256).max);
        }
        // Pool 0: the mint fee goes to the commons. No minimum: the fee is capped and any change
        // to it is timelocked, and a dust amount the coin would mint nothing for is refused there.
        coin.mint(amount, to, 0, 0);
    }

    /// @inheritdoc IHumanDividend
    function forwardSurplus() external returns (uint256 amount) {
        // Sent to the emission contract, it is recycled for the commons at the registry's next settlement.
        amount = _reserve.balanceOf(address(this));
        if (amount == 0) return 0;
        _reserve.safeTransfer(address(_emission), amount);
        emit SurplusForwarded(amount);
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
        uint256 term = head.term;
        if (term == 0) return head.owed;
        TermBook storage book = _terms[term];
        if (book.ended) return head.owed + (book.accAtEnd - head.snapshot);
        uint256 acc = _accPerHead;
        // A head in a term that has not ended is counted, so the count is not zero here.
        acc += (_held + _incomeNotCounted()) / _headCount;
        return head.owed + (acc - head.snapshot);
    }

    /// @inheritdoc IHumanDividend
    function heads() external view returns (uint256) {
        return _headCount;
    }

    /// @inheritdoc IHumanDividend
    function termHeads(uint256 term) external view returns (uint256 heads_, bool ended) {
        TermBook storage book = _terms[term];
        return (book.heads, book.ended);
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
    function counted() external view returns (uint256) {
        return _counted;
    }

    /*//////////////////////////////////////////////////////////////
                                 INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev Counts the human share that came due since the last settlement and shares it (with
    ///      what was held) equally over the heads registered now, holding the remainder. Returns the
    ///      accumulator. O(1). While nobody is registered nothing comes due here: the emission
    ///      contract makes the human share due to the commons instead.
    function _settle() private returns (uint256 acc) {
        acc = _accPerHead;
        uint256 heads_ = _headCount;
        if (heads_ == 0) return acc;
        uint256 income = _incomeNotCounted();
        uint256 pending = _held + income;
        if (income != 0) {
            // Fits: the human share is below the cap.
            _counted += uint128(income);
            emit DividendAccrued(income, heads_);
        }
        if (pending < heads_) {
            // What is held stays below the count: it fits 64 bits.
            if (income != 0) _held = uint64(pending);
            return acc;
        }
        // What is held may reach the head count without new income when the count fell.
        uint256 perHead = pending / heads_;
        acc += perHead;
        _accPerHead = uint128(acc);
        _held = uint64(pending - perHead * heads_);
    }

    /// @dev Adds what `head` accrued since its snapshot to what it is owed. Both fit: a head's
    ///      accrual is at most everything ever emitted (below 2^85).
    function _bringUpToDate(Head storage head, uint256 acc) private {
        head.owed += uint96(acc - head.snapshot);
        head.snapshot = uint96(acc);
    }

    /// @dev If `head`'s term ended, brings it up to the term's end and stops it; returns whether it did.
    function _stopIfTermEnded(Head storage head) private returns (bool) {
        uint256 term = head.term;
        if (term == 0) return false;
        TermBook storage book = _terms[term];
        if (!book.ended) return false;
        _bringUpToDate(head, book.accAtEnd);
        head.term = 0;
        return true;
    }

    /// @dev Takes `count` heads off the count, after a settlement; when none is left, the human
    ///      share goes to the commons until somebody registers.
    function _dropHeads(uint256 count) private {
        uint256 heads_ = _headCount - count;
        _headCount = uint64(heads_);
        if (heads_ == 0) _emission.setNobodyRegistered(true);
    }

    function _onlyRegistry() private view {
        if (msg.sender != address(_humans)) revert NotHumanRegistry(msg.sender);
    }

    /// @dev The human share that came due and was not counted yet (0 while a node's clock is
    ///      behind the last count).
    function _incomeNotCounted() private view returns (uint256) {
        uint256 due = _emission.dueTo(address(this));
        uint256 counted_ = _counted;
        return due > counted_ ? due - counted_ : 0;
    }

    /// @dev The coin, as the registry (the commons) knows it.
    function _coin() private view returns (IFoundationCoin) {
        return IFoundationCoin(IPoolRegistry(_commons).coin());
    }
}
