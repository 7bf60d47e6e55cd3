// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {AccessControlEnumerable} from "@openzeppelin/contracts/access/extensions/AccessControlEnumerable.sol";
import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IComputeRewards} from "./interfaces/IComputeRewards.sol";
import {IEmission, IEmissionDestination} from "./interfaces/IEmission.sol";
import {IPoolRegistry} from "./interfaces/IPoolRegistry.sol";
import {EmissionSchedule} from "./libraries/EmissionSchedule.sol";

/// @title ComputeRewards
/// @notice New reserve for verified public-good compute, epoch by epoch. See {IComputeRewards}.
contract ComputeRewards is AccessControlDefaultAdminRules, AccessControlEnumerable, EIP712, IComputeRewards {
    using SafeERC20 for IERC20;

    /*//////////////////////////////////////////////////////////////
                          CONSTANTS AND IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IComputeRewards
    bytes32 public constant ATTESTER_ROLE = keccak256("ATTESTER_ROLE");
    /// @inheritdoc IComputeRewards
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @inheritdoc IComputeRewards
    /// @dev Keeps `budget * units` far below 2^256: a budget is below 2^85.
    uint256 public constant MAX_UNITS = type(uint64).max;
    /// @inheritdoc IComputeRewards
    uint256 public constant MAX_DURATION = type(uint32).max;
    /// @inheritdoc IComputeRewards
    uint256 public constant MAX_WINDOW_EPOCHS = 8;
    // The type string is hashed at compile time, so its length costs no gas.
    // solhint-disable gas-small-strings
    bytes32 private constant WORK_REPORT_TYPEHASH = keccak256(
        "WorkReport(uint256 poolId,uint256 epoch,uint256 units,bytes32 evidence,uint32 version)"
    );
    // solhint-enable gas-small-strings
    uint256 private constant BPS = 10_000;

    /// @inheritdoc IComputeRewards
    uint256 public immutable EPOCH_LENGTH;
    /// @inheritdoc IComputeRewards
    uint256 public immutable SUBMISSION_WINDOW;
    /// @inheritdoc IComputeRewards
    uint256 public immutable REVIEW_PERIOD;
    /// @inheritdoc IComputeRewards
    uint256 public immutable CLAIM_PERIOD;
    /// @inheritdoc IComputeRewards
    uint256 public immutable START;

    IPoolRegistry private immutable _registry;
    IEmission private immutable _emission;
    IERC20 private immutable _reserve;
    // The emission schedule, copied so a budget is pure arithmetic: the same closed form and
    // the same floor of the cumulative compute share that Emission owes it.
    uint256 private immutable _rate;
    uint256 private immutable _period;
    uint256 private immutable _shareBps;
    // An epoch is final this long after its end: its submission window, then its review period.
    uint256 private immutable _finalAfter;

    /*//////////////////////////////////////////////////////////////
                                  STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev One slot per (pool, epoch) report: its latest version. Whether it was claimed is kept
    ///      apart, a bit per epoch (see `_claimedBits`), so a claim of many epochs writes one word,
    ///      not a slot each.
    struct Report {
        uint64 units;
        uint32 version;
        bool exists;
        bool voided;
    }

    /// @dev Per epoch, what claims read in one slot, so that an epoch's first claim writes a slot
    ///      its reports already made non-zero; in a second one, what voided reports handed to the
    ///      commons (only {sweepVoided} writes it). Units: at most 2^64 - 1 per report, one report
    ///      per pool. Budgets are below 2^85, so the amounts fit in 96 bits.
    struct EpochBook {
        // Every report's latest units, voided ones included: a void takes a pool's share to the
        // commons and never raises another pool's.
        uint128 totalUnits;
        uint96 claimed;
        // Some pool reported (even if every report was voided since): its budget is the reports'
        // and the sweeps', never handed to the commons as an unreported epoch's.
        bool reported;
        bool closed;
        uint96 voidedToCommons;
    }

    uint256 private _quorum;
    mapping(uint256 poolId => mapping(uint256 epoch => Report)) private _reports;
    mapping(uint256 epoch => EpochBook) private _epochs;
    /// @dev For each pool, a bit per epoch its claims paid: 256 epochs to a word (epoch / 256).
    mapping(uint256 poolId => mapping(uint256 word => uint256 bits)) private _claimedBits;
    /// @dev The budgets of every epoch some pool reported, and what was handed to the commons for
    ///      the final epochs nobody reported. Both below 2^85.
    uint128 private _reportedBudgets;
    uint128 private _unreportedToCommons;
    /// @dev The voided reports' shares handed to the commons, all epochs. Below 2^85.
    uint256 private _voidedToCommons;

    /*//////////////////////////////////////////////////////////////
                                CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param submissionWindow Seconds after an epoch's end in which its reports are accepted.
    /// @param reviewPeriod Seconds after the submission window in which the guardian may still void.
    /// @param admin The admin (the timelock): sets the quorum and grants roles, in two steps to hand over.
    /// @param guardian May void reports from an epoch's end until its review period is over.
    /// @param attesters Those who sign reports; an empty list makes the deploying account the attester.
    /// @param quorum_ Signatures a report needs: at least 1, at most the number of attesters.
    constructor(
        IPoolRegistry registry_,
        IEmission emission_,
        uint256 epochLength,
        uint256 submissionWindow,
        uint256 reviewPeriod,
        uint256 claimPeriod,
        address admin,
        address guardian,
        address[] memory attesters,
        uint256 quorum_
    ) AccessControlDefaultAdminRules(0, admin) EIP712("Foundation ComputeRewards", "1") {
        if (
            address(registry_) == address(0) ||
            address(emission_) == address(0) ||
            guardian == address(0) ||
            !_isDuration(epochLength) ||
            !_isDuration(submissionWindow) ||
            // A report sent in the window's last second must still be open to a void.
            !_isDuration(reviewPeriod) ||
            // A zero claim period would let anyone sweep an epoch in the block it becomes final,
            // before its pools could claim.
            !_isDuration(claimPeriod)
        ) revert InvalidSetting();
        // Settling the commons looks at every ended epoch that is not final yet: a bounded few.
        if (submissionWindow + reviewPeriod > MAX_WINDOW_EPOCHS * epochLength) {
            revert WindowTooLong(submissionWindow + reviewPeriod, MAX_WINDOW_EPOCHS * epochLength);
        }
        _registry = registry_;
        _emission = emission_;
        _reserve = IERC20(emission_.reserve());
        START = emission_.START();
        _rate = emission_.INITIAL_RATE();
        _period = emission_.HALVING_PERIOD();
        _shareBps = emission_.COMPUTE_SHARE_BPS();
        EPOCH_LENGTH = epochLength;
        SUBMISSION_WINDOW = submissionWindow;
        REVIEW_PERIOD = reviewPeriod;
        _finalAfter = submissionWindow + reviewPeriod;
        CLAIM_PERIOD = claimPeriod;
        _grantRole(GUARDIAN_ROLE, guardian);
        if (attesters.length == 0) _grantRole(ATTESTER_ROLE, msg.sender);
        for (uint256 i = 0; i < attesters.length; ++i) {
            if (attesters[i] == address(0)) revert InvalidSetting();
            _grantRole(ATTESTER_ROLE, attesters[i]);
        }
        _setQuorum(quorum_);
    }

    /*//////////////////////////////////////////////////////////////
                                  REPORTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IComputeRewards
    function submitWork(
        uint256 poolId,
        uint256 epoch,
        uint256 units,
        bytes32 evidence,
        uint32 version,
        address[] calldata signers,
        bytes[] calldata signatures
    ) external {
        _checkPoolMayReport(poolId, epoch);
        if (units == 0) revert ZeroUnits();
        if (units > MAX_UNITS) revert UnitsTooLarge(units, MAX_UNITS);
        Report storage report = _reports[poolId][epoch];
        if (report.exists) {
            // The guardian's void stands; a correction must be a later version the attesters signed.
            if (report.voided) revert ReportIsVoid(poolId, epoch);
            if (version <= report.version) revert VersionNotLater(poolId, epoch, version, report.version);
        }
        _checkAttestations(reportDigest(poolId, epoch, units, evidence, version), signers, signatures);
        _record(report, epoch, units, version);
        emit WorkSubmitted(poolId, epoch, units, evidence, version, msg.sender);
    }

    /// @inheritdoc IComputeRewards
    function voidReport(uint256 poolId, uint256 epoch) external onlyRole(GUARDIAN_ROLE) {
        uint256 end = _endOfEndedEpoch(epoch);
        uint256 reviewEndsAt = end + _finalAfter;
        if (block.timestamp > reviewEndsAt) revert ReviewPeriodOver(epoch, reviewEndsAt);
        Report storage report = _reports[poolId][epoch];
        if (!report.exists || report.voided) revert NoReport(poolId, epoch);
        report.voided = true;
        // Its units stay in the epoch's total: the other pools' shares do not change, and this
        // one's goes to the commons once the epoch is final ({sweepVoided}).
        emit ReportVoided(poolId, epoch, report.units);
    }

    /*//////////////////////////////////////////////////////////////
                              CLAIMS AND SWEEPS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IComputeRewards
    function claim(uint256 poolId, uint256[] calldata epochs) external returns (uint256 amount) {
        address recipient = _registry.recipientOf(poolId);
        uint256 count = epochs.length;
        uint256[] memory amounts = new uint256[](count);
        ClaimCursor memory cursor = ClaimCursor(type(uint256).max, 0, false, type(uint256).max, 0);
        for (uint256 i = 0; i < count; ++i) {
            uint256 epoch = epochs[i];
            _checkFinal(epoch);
            uint256 flag = _loadClaimedWord(cursor, poolId, epoch);
            Report storage report = _reports[poolId][epoch];
            EpochBook storage book = _epochs[epoch];
            if (!report.exists || report.voided || cursor.bits & flag != 0 || book.closed) continue;
            // Cannot overflow: a budget is below 2^85 and units at most 2^64 - 1.
            uint256 share = (_budgetOf(cursor, epoch) * report.units) / book.totalUnits;
            cursor.bits |= flag;
            cursor.dirty = true;
            book.claimed += uint96(share);
            amounts[i] = share;
            amount += share;
        }
        if (cursor.dirty) _claimedBits[poolId][cursor.word] = cursor.bits;
        if (amount == 0) return 0;
        emit WorkClaimed(poolId, recipient, epochs, amounts, amount);
        // Every listed epoch is final, so its budget came due: the emission contract mints it.
        _emission.draw(recipient, amount);
    }

    /// @inheritdoc IComputeRewards
    function sweep(uint256 epoch) external returns (uint256 amount) {
        uint256 end = _checkFinal(epoch);
        EpochBook storage book = _epochs[epoch];
        // An epoch nobody reported goes to the commons as a whole through {settleCommons}.
        if (book.closed || !book.reported) return 0;
        uint256 endsAt = end + _finalAfter + CLAIM_PERIOD;
        if (block.timestamp <= endsAt) revert ClaimPeriodNotOver(epoch, endsAt);
        // Claims and voided shares are each floored below a report's share, so together they are
        // at most the budget; a voided share not handed over yet goes with the rest.
        amount = epochBudget(epoch) - book.claimed - book.voidedToCommons;
        book.closed = true;
        if (amount != 0) _emission.assignToCommons(amount);
        emit EpochSwept(epoch, amount);
    }

    /// @inheritdoc IComputeRewards
    function sweepVoided(uint256 poolId, uint256 epoch) external returns (uint256 amount) {
        _checkFinal(epoch);
        Report storage report = _reports[poolId][epoch];
        if (!report.voided) revert NotVoided(poolId, epoch);
        EpochBook storage book = _epochs[epoch];
        // Handed over already, or with the rest by the epoch's sweep.
        uint256 word = epoch >> 8;
        uint256 flag = 1 << (epoch & 255);
        uint256 bits = _claimedBits[poolId][word];
        if (bits & flag != 0 || book.closed) return 0;
        _claimedBits[poolId][word] = bits | flag;
        // Exactly what the pool's claim would have paid: the epoch's total is final.
        amount = (epochBudget(epoch) * report.units) / book.totalUnits;
        // Fits: at most the budget, below 2^85.
        book.voidedToCommons += uint96(amount);
        _voidedToCommons += amount;
        if (amount != 0) _emission.assignToCommons(amount);
        emit VoidedToCommons(poolId, epoch, amount);
    }

    /// @inheritdoc IComputeRewards
    function settleCommons() external returns (uint256 amount) {
        (uint256 finalEpochs, uint256 unreported) = _unreportedFinal();
        uint256 assigned = _unreportedToCommons;
        // Nothing new, or a node whose clock went back.
        if (unreported <= assigned) return 0;
        amount = unreported - assigned;
        // Fits: below the compute share of the emission, below 2^85.
        _unreportedToCommons = uint128(unreported);
        _emission.assignToCommons(amount);
        emit UnreportedToCommons(finalEpochs, amount);
    }

    /// @inheritdoc IComputeRewards
    function forwardSurplus() external returns (uint256 amount) {
        // Nothing here is owed to anyone: epochs are paid by the emission contract's mint. Sent
        // there, it is recycled for the commons at the registry's next settlement.
        amount = _reserve.balanceOf(address(this));
        if (amount == 0) return 0;
        _reserve.safeTransfer(address(_emission), amount);
        emit SurplusForwarded(amount);
    }

    /*//////////////////////////////////////////////////////////////
                                GOVERNANCE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IComputeRewards
    function setQuorum(uint256 quorum_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setQuorum(quorum_);
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IComputeRewards
    function quorum() external view returns (uint256) {
        return _quorum;
    }

    /// @inheritdoc IComputeRewards
    function epochAt(uint256 timestamp) public view returns (uint256) {
        if (timestamp < START) revert BeforeStart(timestamp, START);
        return (timestamp - START) / EPOCH_LENGTH;
    }

    /// @inheritdoc IComputeRewards
    function epochBudget(uint256 epoch) public view returns (uint256) {
        // An epoch this far out starts long after the schedule's 256th halving: nothing is
        // emitted in it. Returning 0 here keeps the arithmetic below from overflowing.
        if (epoch >= type(uint256).max / EPOCH_LENGTH) return 0;
        return _computeShareAt((epoch + 1) * EPOCH_LENGTH) - _computeShareAt(epoch * EPOCH_LENGTH);
    }

    /// @inheritdoc IComputeRewards
    function reportDigest(
        uint256 poolId,
        uint256 epoch,
        uint256 units,
        bytes32 evidence,
        uint32 version
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(WORK_REPORT_TYPEHASH, poolId, epoch, units, evidence, version)));
    }

    /// @inheritdoc IComputeRewards
    function reportVersion(uint256 poolId, uint256 epoch) external view returns (uint256) {
        return _reports[poolId][epoch].version;
    }

    /// @inheritdoc IComputeRewards
    function isVoided(uint256 poolId, uint256 epoch) external view returns (bool) {
        return _reports[poolId][epoch].voided;
    }

    /// @inheritdoc IComputeRewards
    function reportedUnits(uint256 poolId, uint256 epoch) external view returns (uint256) {
        Report storage report = _reports[poolId][epoch];
        return report.voided ? 0 : report.units;
    }

    /// @inheritdoc IComputeRewards
    function totalUnits(uint256 epoch) external view returns (uint256) {
        return _epochs[epoch].totalUnits;
    }

    /// @inheritdoc IComputeRewards
    function claimable(uint256 poolId, uint256 epoch) external view returns (uint256) {
        if (!_isFinal(epoch)) return 0;
        // Once the claim period is over, anyone's sweep may land before the claim: nothing is promised.
        if (block.timestamp > START + (epoch + 1) * EPOCH_LENGTH + _finalAfter + CLAIM_PERIOD) return 0;
        Report storage report = _reports[poolId][epoch];
        EpochBook storage book = _epochs[epoch];
        if (!report.exists || report.voided || isClaimed(poolId, epoch) || book.closed) return 0;
        return (epochBudget(epoch) * report.units) / book.totalUnits;
    }

    /// @inheritdoc IComputeRewards
    function isClaimed(uint256 poolId, uint256 epoch) public view returns (bool) {
        return _claimedBits[poolId][epoch >> 8] & (1 << (epoch & 255)) != 0;
    }

    /// @inheritdoc IComputeRewards
    function claimedIn(uint256 epoch) external view returns (uint256) {
        return _epochs[epoch].claimed;
    }

    /// @inheritdoc IComputeRewards
    function sweptIn(uint256 epoch) external view returns (uint256) {
        EpochBook storage book = _epochs[epoch];
        return book.closed ? epochBudget(epoch) - book.claimed - book.voidedToCommons : 0;
    }

    /// @inheritdoc IComputeRewards
    function voidedToCommonsIn(uint256 epoch) external view returns (uint256) {
        return _epochs[epoch].voidedToCommons;
    }

    /// @inheritdoc IComputeRewards
    function voidedToCommons() external view returns (uint256) {
        return _voidedToCommons;
    }

    /// @inheritdoc IComputeRewards
    function isReported(uint256 epoch) external view returns (bool) {
        return _epochs[epoch].reported;
    }

    /// @inheritdoc IComputeRewards
    function isSwept(uint256 epoch) external view returns (bool) {
        return _epochs[epoch].closed;
    }

    /// @inheritdoc IComputeRewards
    function reportedBudgets() external view returns (uint256) {
        return _reportedBudgets;
    }

    /// @inheritdoc IComputeRewards
    function unreportedToCommons() external view returns (uint256) {
        return _unreportedToCommons;
    }

    /// @inheritdoc IComputeRewards
    function dueToCommons() external view returns (uint256) {
        (, uint256 unreported) = _unreportedFinal();
        uint256 assigned = _unreportedToCommons;
        return unreported > assigned ? unreported - assigned : 0;
    }

    /// @inheritdoc IComputeRewards
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IEmissionDestination
    function emission() external view returns (address) {
        return address(_emission);
    }

    /// @inheritdoc IComputeRewards
    function reserve() external view returns (address) {
        return address(_reserve);
    }

    /// @inheritdoc AccessControlDefaultAdminRules
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(AccessControlDefaultAdminRules, AccessControlEnumerable) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    /*//////////////////////////////////////////////////////////////
                                 INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _isDuration(uint256 seconds_) private pure returns (bool) {
        return seconds_ != 0 && seconds_ <= MAX_DURATION;
    }

    /// @dev Returns the end of `epoch`, reverting unless it is final.
    function _checkFinal(uint256 epoch) private view returns (uint256 end) {
        if (!_isFinal(epoch)) revert EpochNotFinal(epoch);
        return START + (epoch + 1) * EPOCH_LENGTH;
    }

    function _isFinal(uint256 epoch) private view returns (bool) {
        if (block.timestamp < START || epoch >= (block.timestamp - START) / EPOCH_LENGTH) return false;
        return block.timestamp > START + (epoch + 1) * EPOCH_LENGTH + _finalAfter;
    }

    /// @dev The end of an epoch that has ended; `EpochNotEnded` otherwise, before any arithmetic
    ///      that an absurd epoch number could overflow.
    function _endOfEndedEpoch(uint256 epoch) private view returns (uint256) {
        if (block.timestamp < START || epoch >= (block.timestamp - START) / EPOCH_LENGTH) revert EpochNotEnded(epoch);
        return START + (epoch + 1) * EPOCH_LENGTH;
    }

    /// @dev Reverts unless `epoch` has ended, its submission window is open, and pool `poolId` is
    ///      active and was approved before the epoch ended: work done before the curator approved
    ///      the pool is not the pool's to be paid for.
    function _checkPoolMayReport(uint256 poolId, uint256 epoch) private view {
        uint256 end = _endOfEndedEpoch(epoch);
        uint256 closesAt = end + SUBMISSION_WINDOW;
        if (block.timestamp > closesAt) revert SubmissionWindowClosed(epoch, closesAt);
        (uint256 approvedAt, uint256 retiredAt) = _registry.activePeriod(poolId);
        if (approvedAt == 0) revert PoolNotApproved(poolId);
        if (approvedAt >= end) revert EpochBeforeApproval(poolId, epoch, approvedAt);
        // Work done while the pool was active stays its own: a retirement timed inside the
        // submission window would otherwise hand its share to the pools that reported first.
        if (retiredAt != 0 && retiredAt <= end - EPOCH_LENGTH) revert EpochAfterRetirement(poolId, epoch, retiredAt);
    }

    /// @dev Records `units` as `report`'s latest version, keeping the epoch's books in step.
    function _record(Report storage report, uint256 epoch, uint256 units, uint32 version) private {
        uint256 replaced = report.units;
        report.units = uint64(units);
        report.version = version;
        EpochBook storage book = _epochs[epoch];
        if (!report.exists) {
            report.exists = true;
            if (!book.reported) {
                book.reported = true;
                // Fits: all budgets together are the compute share of the emission, below 2^85.
                _reportedBudgets += uint128(epochBudget(epoch));
            }
        }
        // Fits: at most one report of at most 2^64 - 1 units per pool.
        book.totalUnits = uint128(book.totalUnits - replaced + units);
    }

    /// @dev The compute share of everything the schedule emitted in the first `elapsed` seconds.
    function _computeShareAt(uint256 elapsed) private view returns (uint256) {
        return (EmissionSchedule.emittedAfter(_rate, _period, elapsed) * _shareBps) / BPS;
    }

    /// @dev Where a claim of several epochs stands: the word of claimed bits it holds (written back
    ///      once when it moves to another word, and at the end), and the epoch after the last one
    ///      whose budget it computed, with the compute share at that epoch's start.
    struct ClaimCursor {
        uint256 word;
        uint256 bits;
        bool dirty;
        uint256 nextEpoch;
        uint256 nextStart;
    }

    /// @dev Makes `cursor` hold the word of `epoch`'s claimed bit (writing back the one it held, if
    ///      changed); returns the bit.
    function _loadClaimedWord(ClaimCursor memory cursor, uint256 poolId, uint256 epoch) private returns (uint256) {
        uint256 word = epoch >> 8;
        if (word != cursor.word) {
            mapping(uint256 => uint256) storage bits = _claimedBits[poolId];
            if (cursor.dirty) bits[cursor.word] = cursor.bits;
            cursor.word = word;
            cursor.bits = bits[word];
            cursor.dirty = false;
        }
        return 1 << (epoch & 255);
    }

    /// @dev {epochBudget} of a final `epoch`, reusing the previous epoch's end as this one's start
    ///      when a claim lists consecutive epochs (one closed form instead of two).
    function _budgetOf(ClaimCursor memory cursor, uint256 epoch) private view returns (uint256 budget) {
        uint256 start = epoch == cursor.nextEpoch ? cursor.nextStart : _computeShareAt(epoch * EPOCH_LENGTH);
        // A final epoch is far below any overflow (see {_checkFinal}).
        uint256 end = _computeShareAt((epoch + 1) * EPOCH_LENGTH);
        cursor.nextEpoch = epoch + 1;
        cursor.nextStart = end;
        return end - start;
    }

    /// @dev The budgets of the epochs final by now that nobody reported, and how many epochs are
    ///      final. Reports arrive only before an epoch is final, so of everything reported only the
    ///      ended epochs not final yet must be taken out: at most `MAX_WINDOW_EPOCHS + 2` of them,
    ///      the only loop here.
    function _unreportedFinal() private view returns (uint256 finalEpochs, uint256 amount) {
        uint256 now_ = block.timestamp;
        uint256 finalAfter = _finalAfter;
        if (now_ <= START + finalAfter) return (0, 0);
        // Epoch e is final once now > START + (e + 1) * EPOCH_LENGTH + finalAfter.
        finalEpochs = (now_ - START - finalAfter - 1) / EPOCH_LENGTH;
        uint256 ended = (now_ - START) / EPOCH_LENGTH;
        uint256 reportedFinal = _reportedBudgets;
        for (uint256 epoch = finalEpochs; epoch < ended; ++epoch) {
            if (_epochs[epoch].reported) reportedFinal -= epochBudget(epoch);
        }
        // The budgets of all final epochs telescope to the compute share by the last one's end.
        // (On a node whose clock went back, reports of epochs that seem not to have ended yet
        // could exceed it: nothing is due then.)
        uint256 finalBudgets = _computeShareAt(finalEpochs * EPOCH_LENGTH);
        amount = finalBudgets > reportedFinal ? finalBudgets - reportedFinal : 0;
    }

    function _checkAttestations(bytes32 digest, address[] calldata signers, bytes[] calldata signatures) private view {
        uint256 count = signers.length;
        if (count != signatures.length) revert LengthMismatch(count, signatures.length);
        uint256 needed = _quorum;
        if (count < needed) revert BelowQuorum(count, needed);
        address previous;
        for (uint256 i = 0; i < count; ++i) {
            address signer = signers[i];
            // Strictly ascending: one comparison refuses a repeated signer too.
            if (signer <= previous) revert SignersNotAscending(previous, signer);
            previous = signer;
            if (!hasRole(ATTESTER_ROLE, signer)) revert NotAttester(signer);
            if (!SignatureChecker.isValidSignatureNow(signer, digest, signatures[i])) revert InvalidSignature(signer);
        }
    }

    function _setQuorum(uint256 quorum_) private {
        uint256 attesters = getRoleMemberCount(ATTESTER_ROLE);
        if (quorum_ == 0 || quorum_ > attesters) revert InvalidQuorum(quorum_, attesters);
        _quorum = quorum_;
        emit QuorumSet(quorum_);
    }

    /*//////////////////////////////////////////////////////////////
            ACCESS CONTROL: two-step admin handover, and attesters counted
    //////////////////////////////////////////////////////////////*/

    /// @dev OpenZeppelin's two extensions both refine these; each call goes through both.
    function grantRole(
        bytes32 role,
        address account
    ) public override(AccessControl, AccessControlDefaultAdminRules, IAccessControl) {
        super.grantRole(role, account);
    }

    /// @dev See {grantRole}. The admin may not revoke an attester if that leaves fewer attesters
    ///      than the quorum (lower the quorum first). An attester may always renounce
    ///      ({renounceRole} does not come here): a key that leaked must be able to stop signing at
    ///      once, even if no report can then reach the quorum until the admin acts.
    function revokeRole(
        bytes32 role,
        address account
    ) public override(AccessControl, AccessControlDefaultAdminRules, IAccessControl) {
        bool attester = role == ATTESTER_ROLE && hasRole(role, account);
        super.revokeRole(role, account);
        if (attester) {
            uint256 attesters = getRoleMemberCount(ATTESTER_ROLE);
            if (attesters < _quorum) revert InvalidQuorum(_quorum, attesters);
        }
    }

    /// @dev See {grantRole}.
    function renounceRole(
        bytes32 role,
        address account
    ) public override(AccessControl, AccessControlDefaultAdminRules, IAccessControl) {
        super.renounceRole(role, account);
    }

    /// @dev See {grantRole}.
    function _setRoleAdmin(
        bytes32 role,
        bytes32 adminRole
    ) internal override(AccessControl, AccessControlDefaultAdminRules) {
        super._setRoleAdmin(role, adminRole);
    }

    function _grantRole(
        bytes32 role,
        address account
    ) internal override(AccessControlDefaultAdminRules, AccessControlEnumerable) returns (bool) {
        return super._grantRole(role, account);
    }

    /// @dev See {grantRole}.
    function _revokeRole(
        bytes32 role,
        address account
    ) internal override(AccessControlDefaultAdminRules, AccessControlEnumerable) returns (bool) {
        return super._revokeRole(role, account);
    }
}
