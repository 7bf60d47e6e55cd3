// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEmission, IEmissionDestination} from "./interfaces/IEmission.sol";
import {IReserveToken} from "./interfaces/IReserveToken.sol";
import {EmissionSchedule} from "./libraries/EmissionSchedule.sol";

/// @title Emission
/// @notice The reserve's halving schedule, split between verified compute, verified humans and the
///         pools' commons, and minted only when a destination pays out. See {IEmission} and
///         {EmissionSchedule}.
contract Emission is IEmission {
    uint256 private constant BPS = 10_000;

    /// @inheritdoc IEmission
    uint256 public immutable START;
    /// @inheritdoc IEmission
    uint256 public immutable HALVING_PERIOD;
    /// @inheritdoc IEmission
    uint256 public immutable INITIAL_RATE;
    /// @inheritdoc IEmission
    uint256 public immutable TOTAL_EMISSION;
    /// @inheritdoc IEmission
    uint256 public immutable COMPUTE_SHARE_BPS;
    /// @inheritdoc IEmission
    uint256 public immutable HUMAN_SHARE_BPS;

    IReserveToken private immutable _reserve;
    address private immutable _commons;
    /// @dev The deployer, allowed to bind the destinations once.
    address private immutable _deployer;

    /// @dev The genesis: everything minted before this contract (cap less the emission budget).
    uint256 private immutable _genesis;

    address private _computeRewards;
    address private _humanDividend;
    bool private _bound;

    /// @dev The commons' state, read and written by every pool's claim, in one slot:
    ///      - `_commonsOffset`: what was handed to the commons (assigned, recycled, and the human
    ///        share of finished periods with nobody registered) less what it drew. What is
    ///        available to the commons is its share of the schedule, plus the human share of the
    ///        current period with nobody registered, plus this offset. Its magnitude stays below
    ///        everything ever emitted (2^85): what is available to all destinations together is at
    ///        most that, and what the commons' share could have paid at most that too;
    ///      - `_vacancyStart`: the human share emitted when the current period with nobody
    ///        registered began (below 2^85);
    ///      - `_nobodyRegistered`: whether such a period is going on.
    int96 private _commonsOffset;
    uint88 private _vacancyStart;
    bool private _nobodyRegistered;
    /// @dev What compute and the dividend spent (drawn, and for compute assigned).
    uint128 private _spentByCompute;
    uint128 private _spentByHumans;
    /// @dev Reporting totals; the second is also what the commons drew beyond its own offset.
    uint128 private _assignedToCommons;
    uint128 private _recycled;
    /// @dev The human share of finished periods with nobody registered.
    uint128 private _redirected;

    /// @param commons_ The pool registry, which is due the commons' share.
    /// @param computeShareBps The share of what is emitted that goes to verified compute.
    /// @param humanShareBps The share that goes to verified humans. The commons gets the rest.
    constructor(
        IReserveToken reserve_,
        address commons_,
        uint256 halvingPeriod,
        uint256 computeShareBps,
        uint256 humanShareBps
    ) {
        if (address(reserve_) == address(0) || commons_ == address(0)) revert ZeroAddress();
        if (address(reserve_).code.length == 0) revert ReserveNotAContract(address(reserve_));
        if (halvingPeriod == 0) revert InvalidHalvingPeriod(halvingPeriod);
        if (computeShareBps + humanShareBps > BPS) revert SharesAboveWhole(computeShareBps, humanShareBps);
        // The genesis is already minted, so what is left of the cap is the emission budget.
        // Rounding the rate down keeps the infinite total at or below that budget. Dividing twice
        // equals dividing by `2 * halvingPeriod` (nested floors) without overflowing for any
        // period: an absurdly long one yields a zero rate and the custom error below.
        uint256 unissued = reserve_.cap() - reserve_.totalSupply();
        uint256 rate = unissued / 2 / halvingPeriod;
        if (rate == 0) revert NothingToEmit(unissued, halvingPeriod);
        _reserve = reserve_;
        _commons = commons_;
        _deployer = msg.sender;
        START = block.timestamp;
        HALVING_PERIOD = halvingPeriod;
        INITIAL_RATE = rate;
        TOTAL_EMISSION = EmissionSchedule.totalEmission(rate, halvingPeriod);
        COMPUTE_SHARE_BPS = computeShareBps;
        HUMAN_SHARE_BPS = humanShareBps;
        _genesis = reserve_.totalSupply();
        // Nobody is registered before the first human registers.
        _nobodyRegistered = true;
    }

    /// @inheritdoc IEmission
    function bindDestinations(address computeRewards_, address humanDividend_) external {
        if (msg.sender != _deployer || _bound) revert BindingClosed(msg.sender);
        _checkDestination(computeRewards_, COMPUTE_SHARE_BPS);
        _checkDestination(humanDividend_, HUMAN_SHARE_BPS);
        if (computeRewards_ == humanDividend_ && computeRewards_ != address(0)) {
            revert InvalidDestination(humanDividend_, HUMAN_SHARE_BPS);
        }
        _computeRewards = computeRewards_;
        _humanDividend = humanDividend_;
        _bound = true;
        emit DestinationsBound(computeRewards_, humanDividend_);
    }

    /*//////////////////////////////////////////////////////////////
                                  PAYING OUT
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IEmission
    function draw(address to, uint256 amount) external {
        address destination = msg.sender;
        if (destination == _commons) {
            int256 offset = _commonsOffset;
            _checkAvailable(destination, amount, _commonsAvailable(offset));
            // Fits: the offset stays within +-2^86 (see {_commonsOffset}).
            _commonsOffset = int96(offset - int256(amount));
        } else {
            _spendShare(destination, amount);
        }
        // Minting is the last step: the reserve checks the cap, and `to` is the payee the caller chose.
        _reserve.mint(to, amount);
        emit Drawn(destination, to, amount);
    }

    /// @inheritdoc IEmission
    function assignToCommons(uint256 amount) external {
        // An unbound destination is the zero address, which no caller is.
        if (msg.sender != _computeRewards) revert NotADestination(msg.sender);
        _spendShare(msg.sender, amount);
        _commonsOffset += int96(int256(amount));
        // Fits: assignments are spent from the compute share, below the cap.
        uint256 assigned = _assignedToCommons + amount;
        _assignedToCommons = uint128(assigned);
        emit AssignedToCommons(msg.sender, amount, assigned);
    }

    /// @inheritdoc IEmission
    function recycle() external returns (uint256 amount) {
        amount = _reserve.balanceOf(address(this));
        if (amount == 0) return 0;
        _reserve.burn(amount);
        // Fits: what is burnt is owed to pools, so the offset stays within its bound; the total
        // recycled counts every fee ever paid to the commons, far below 2^128.
        _commonsOffset += int96(int256(amount));
        uint256 total = _recycled + amount;
        _recycled = uint128(total);
        emit Recycled(amount, total);
    }

    /// @inheritdoc IEmission
    function setNobodyRegistered(bool nobody) external {
        if (msg.sender != _humanDividend) revert NotADestination(msg.sender);
        if (nobody == _nobodyRegistered) return;
        (, uint256 toHumans, ) = split(emittedUntil(block.timestamp));
        uint256 redirected = _redirected;
        if (nobody) {
            // Fits: a human share is below the cap.
            _vacancyStart = uint88(toHumans);
        } else {
            // The period ends: what the commons was due from it becomes part of its offset.
            uint256 period = _vacancy(toHumans);
            redirected += period;
            _redirected = uint128(redirected);
            _commonsOffset += int96(int256(period));
        }
        _nobodyRegistered = nobody;
        emit HumanShareRedirected(nobody, redirected);
    }

    /*//////////////////////////////////////////////////////////////
                                    VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IEmission
    function emittedUntil(uint256 timestamp) public view returns (uint256) {
        if (timestamp <= START) return 0;
        return EmissionSchedule.emittedAfter(INITIAL_RATE, HALVING_PERIOD, timestamp - START);
    }

    /// @inheritdoc IEmission
    function computeShareOf(uint256 emitted) public view returns (uint256) {
        // Cannot overflow: emitted is at most the cap (below 2^85), shares at most 10^4.
        return (emitted * COMPUTE_SHARE_BPS) / BPS;
    }

    /// @inheritdoc IEmission
    /// @dev Humans share what compute left, at their share of it, so that each running total is a
    ///      non-decreasing function of `emitted`: with both taken as floors of `emitted`, the
    ///      commons' remainder would shrink by a unit whenever both floors stepped up at once, and a
    ///      destination that had counted it could be due less than it had already been credited.
    function split(uint256 emitted) public view returns (uint256 toCompute, uint256 toHumans, uint256 toCommons) {
        toCompute = computeShareOf(emitted);
        uint256 left = emitted - toCompute;
        // With the whole emission for compute, nothing is left and the human share is 0.
        if (COMPUTE_SHARE_BPS != BPS) toHumans = (left * HUMAN_SHARE_BPS) / (BPS - COMPUTE_SHARE_BPS);
        toCommons = left - toHumans;
    }

    /// @inheritdoc IEmission
    function dueTo(address destination) public view returns (uint256) {
        (uint256 toCompute, uint256 toHumans, uint256 toCommons) = split(emittedUntil(block.timestamp));
        if (destination == _commons)
            return toCommons + _vacancy(toHumans) + _redirected + _assignedToCommons + _recycled;
        if (destination == address(0)) return 0;
        if (destination == _computeRewards) return toCompute;
        if (destination == _humanDividend) {
            // What went to the commons is never more than the human share, but a node whose clock
            // went back can put `now` before the moment it was counted: nothing is due then.
            uint256 redirected = _vacancy(toHumans) + _redirected;
            return toHumans > redirected ? toHumans - redirected : 0;
        }
        return 0;
    }

    /// @inheritdoc IEmission
    function spentBy(address destination) public view returns (uint256) {
        if (destination == _commons) {
            // The offset is everything handed over less everything drawn.
            int256 handed = int256(uint256(_redirected) + _assignedToCommons + _recycled);
            return uint256(handed - _commonsOffset);
        }
        if (destination == address(0)) return 0;
        if (destination == _computeRewards) return _spentByCompute;
        if (destination == _humanDividend) return _spentByHumans;
        return 0;
    }

    /// @inheritdoc IEmission
    function availableTo(address destination) public view returns (uint256) {
        if (destination == _commons) return _commonsAvailable(_commonsOffset);
        uint256 due = dueTo(destination);
        uint256 spent = spentBy(destination);
        // A node whose clock went back can put `now` before a moment something was spent at.
        return due > spent ? due - spent : 0;
    }

    /// @inheritdoc IEmission
    function assignedToCommons() external view returns (uint256) {
        return _assignedToCommons;
    }

    /// @inheritdoc IEmission
    function recycled() external view returns (uint256) {
        return _recycled;
    }

    /// @inheritdoc IEmission
    function redirectedToCommons() external view returns (uint256) {
        (, uint256 toHumans, ) = split(emittedUntil(block.timestamp));
        return _redirected + _vacancy(toHumans);
    }

    /// @inheritdoc IEmission
    function nobodyRegistered() external view returns (bool) {
        return _nobodyRegistered;
    }

    /// @inheritdoc IEmission
    function minted() external view returns (uint256) {
        // Every unit in the supply beyond the genesis was minted here, less those burnt here.
        return _reserve.totalSupply() + _recycled - _genesis;
    }

    /// @inheritdoc IEmission
    function reserve() external view returns (address) {
        return address(_reserve);
    }

    /// @inheritdoc IEmission
    function commons() external view returns (address) {
        return _commons;
    }

    /// @inheritdoc IEmission
    function computeRewards() external view returns (address) {
        return _computeRewards;
    }

    /// @inheritdoc IEmission
    function humanDividend() external view returns (address) {
        return _humanDividend;
    }

    /*//////////////////////////////////////////////////////////////
                                   INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev What is available to the commons: its share, the human share of the current period
    ///      with nobody registered, and the offset (0 on a node whose clock went back below them).
    function _commonsAvailable(int256 offset) private view returns (uint256) {
        (, uint256 toHumans, uint256 toCommons) = split(emittedUntil(block.timestamp));
        int256 available = int256(toCommons + _vacancy(toHumans)) + offset;
        return available > 0 ? uint256(available) : 0;
    }

    /// @dev The human share of the current period with nobody registered, given the human share
    ///      emitted by now (0 if somebody is registered, or the clock went back).
    function _vacancy(uint256 toHumans) private view returns (uint256) {
        if (!_nobodyRegistered) return 0;
        uint256 start = _vacancyStart;
        return toHumans > start ? toHumans - start : 0;
    }

    /// @dev Books `amount` as spent by compute or the dividend, after checking it is available.
    ///      Refuses anyone else (unbound destinations are the zero address, which no caller is).
    function _spendShare(address destination, uint256 amount) private {
        bool compute = destination == _computeRewards;
        if (!compute && destination != _humanDividend) revert NotADestination(destination);
        uint256 spent = compute ? _spentByCompute : _spentByHumans;
        uint256 due = dueTo(destination);
        _checkAvailable(destination, amount, due > spent ? due - spent : 0);
        spent += amount;
        // Fits: a destination spends at most what it is due, below the cap.
        if (compute) _spentByCompute = uint128(spent);
        else _spentByHumans = uint128(spent);
    }

    function _checkAvailable(address destination, uint256 amount, uint256 available) private pure {
        if (amount > available) revert AboveAvailable(destination, amount, available);
    }

    /// @dev A share above zero needs somewhere to go; a zero share may have somewhere (it is due
    ///      nothing), so a deployment can wire every contract whatever its parameters. Somewhere is
    ///      a contract built for this emission (it names it as its source), never the commons or the
    ///      reserve itself (which refuses transfers to itself).
    function _checkDestination(address destination, uint256 shareBps) private view {
        if (shareBps == 0 && destination == address(0)) return;
        if (destination == _commons || destination == address(_reserve) || !_namesThisEmission(destination))
            revert InvalidDestination(destination, shareBps);
    }

    /// @dev Whether `destination` is a contract whose `emission()` is this contract. A low-level
    ///      call, so an account or a contract without that view is refused with the custom error.
    function _namesThisEmission(address destination) private view returns (bool) {
        if (destination.code.length == 0) return false;
        (bool ok, bytes memory data) = destination.staticcall(abi.encodeCall(IEmissionDestination.emission, ()));
        return ok && data.length == 32 && abi.decode(data, (uint256)) == uint256(uint160(address(this)));
    }
}
