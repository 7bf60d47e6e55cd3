// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEmissionDestination} from "./IEmission.sol";

/// @title IComputeRewards
/// @notice "Proof of public-good compute": the compute share of new reserve goes, epoch by epoch,
///         to the pools whose GPU work a quorum of attesters signed, in proportion to the units
///         attested. The anchors: Gridcoin (a quorum of independent readers credits science
///         compute), Bittensor (per-epoch emission split by validated scores), Filecoin (a power
///         table turned into rewards).
/// @dev Time: epoch `e` runs from `START + e * EPOCH_LENGTH` to its end, `START + (e + 1) *
///      EPOCH_LENGTH`. Reports are accepted while `end <= now <= end + SUBMISSION_WINDOW`; voids
///      while `end <= now <= end + SUBMISSION_WINDOW + REVIEW_PERIOD`, so a report sent in the
///      window's last second can still be voided; the epoch is final, and claimable, once `now >
///      end + SUBMISSION_WINDOW + REVIEW_PERIOD`; its claim period ends `CLAIM_PERIOD` later. An
///      epoch's budget is the compute share of what the schedule emits during it, with the
///      emission contract's own cumulative rounding, so the budgets of epochs 0..n add up exactly
///      to the compute share emitted by the end of epoch n.
///      A pool's share of an epoch is `floor(budget * units / totalUnits)`, where `totalUnits`
///      counts every report's latest version, voided ones included: a void never raises another
///      pool's share. A report may be replaced, while the submission window is open, by a later
///      version the attesters signed (so attesters can correct a report, and an older signed
///      version submitted first cannot block the correction); a voided report stays void.
///      Nothing is held here: a claim has the emission contract mint the pool's share straight to
///      its recipient ({IEmission-draw}), and what goes to the commons is assigned to it there
///      ({IEmission-assignToCommons}): once an epoch is final, its whole budget if nobody reported
///      ({settleCommons}, for all such epochs at once) and, by anyone's {sweepVoided}, each voided
///      report's share, exactly what its pool would have claimed; after the claim period, whatever
///      is left, rounding dust included ({sweep}).
///      Per epoch, to the wei: budget = claimed + voided shares handed over + swept for an epoch
///      with work, budget = handed to the commons for one without. Nothing loops over pools, nor
///      over epochs except the caller's own list and, in {settleCommons}, the few ended epochs not
///      final yet.
interface IComputeRewards is IEmissionDestination {
    /// @notice Emitted when a pool's work report for an epoch is accepted, first or as a later version
    ///         that replaces the earlier one's units.
    /// @param evidence A commitment to the work, e.g. the Merkle root of the pool's job receipts.
    event WorkSubmitted(
        uint256 indexed poolId,
        uint256 indexed epoch,
        uint256 units,
        bytes32 evidence,
        uint256 version,
        address indexed submitter
    );
    /// @notice Emitted when the guardian voids a report: its units stay in the epoch's total and
    ///         their share goes to the commons once the epoch is final ({sweepVoided}).
    event ReportVoided(uint256 indexed poolId, uint256 indexed epoch, uint256 units);
    /// @notice Emitted when a claim pays: what each listed epoch paid (0 for one that paid nothing:
    ///         already claimed, swept, voided or not reported by the pool), and the total.
    event WorkClaimed(
        uint256 indexed poolId,
        address indexed recipient,
        uint256[] epochs,
        uint256[] amounts,
        uint256 total
    );
    /// @notice Emitted when an epoch with work is swept: what its live reports' pools left unclaimed
    ///         goes to the commons.
    event EpochSwept(uint256 indexed epoch, uint256 amount);
    /// @notice Emitted when the budgets of epochs that became final with no report are handed to the commons.
    /// @param finalEpochs How many epochs are final now (all of 0 .. finalEpochs - 1 are accounted for).
    event UnreportedToCommons(uint256 finalEpochs, uint256 amount);
    /// @notice Emitted when a voided report's share is handed to the commons.
    event VoidedToCommons(uint256 indexed poolId, uint256 indexed epoch, uint256 amount);
    /// @notice Emitted when the admin sets the number of attester signatures a report needs.
    event QuorumSet(uint256 quorum);
    /// @notice Emitted when FRSV that reached this contract other than by emission goes to the commons.
    event SurplusForwarded(uint256 amount);

    /// @notice Thrown when asking for the epoch of a time before emission started.
    error BeforeStart(uint256 timestamp, uint256 start);
    /// @notice Thrown when an epoch has not ended yet (or could not end in any realistic time).
    error EpochNotEnded(uint256 epoch);
    /// @notice Thrown when a report comes after the epoch's submission window closed.
    error SubmissionWindowClosed(uint256 epoch, uint256 closedAt);
    /// @notice Thrown when a void comes after the epoch's review period ended.
    error ReviewPeriodOver(uint256 epoch, uint256 endedAt);
    /// @notice Thrown when a report is for an epoch that ended before the pool was approved.
    error EpochBeforeApproval(uint256 poolId, uint256 epoch, uint256 approvedAt);
    /// @notice Thrown when a report is for an epoch that began after the pool was retired.
    error EpochAfterRetirement(uint256 poolId, uint256 epoch, uint256 retiredAt);
    /// @notice Thrown when the epoch is not final yet: its submission window or review period is not over.
    error EpochNotFinal(uint256 epoch);
    /// @notice Thrown when sweeping an epoch with work before its claim period is over.
    error ClaimPeriodNotOver(uint256 epoch, uint256 endsAt);
    /// @notice Thrown when a report names a pool the curator never approved.
    error PoolNotApproved(uint256 poolId);
    /// @notice Thrown when a report claims no units.
    error ZeroUnits();
    /// @notice Thrown when a report claims more units than `MAX_UNITS`.
    error UnitsTooLarge(uint256 units, uint256 max);
    /// @notice Thrown when the lists of signers and signatures differ in length.
    error LengthMismatch(uint256 signers, uint256 signatures);
    /// @notice Thrown when a report carries fewer signatures than the quorum.
    error BelowQuorum(uint256 signatures, uint256 quorum);
    /// @notice Thrown when signers are not strictly ascending (a repeated signer included).
    error SignersNotAscending(address previous, address next);
    /// @notice Thrown when a listed signer does not hold the attester role.
    error NotAttester(address signer);
    /// @notice Thrown when a listed signer's signature does not sign this report on this chain and contract.
    error InvalidSignature(address signer);
    /// @notice Thrown when a report does not have a later version than the one accepted for the
    ///         pool and epoch (a repeat, or an older version submitted after a correction).
    error VersionNotLater(uint256 poolId, uint256 epoch, uint256 version, uint256 accepted);
    /// @notice Thrown when a report would replace one the guardian voided.
    error ReportIsVoid(uint256 poolId, uint256 epoch);
    /// @notice Thrown when handing over the share of a report that was not voided.
    error NotVoided(uint256 poolId, uint256 epoch);
    /// @notice Thrown when voiding a report that does not exist or is already void.
    error NoReport(uint256 poolId, uint256 epoch);
    /// @notice Thrown when a quorum is 0 or above the number of attesters, or revoking an attester
    ///         would leave fewer attesters than the quorum.
    error InvalidQuorum(uint256 quorum, uint256 attesters);
    /// @notice Thrown when the constructor is given a zero address, a zero duration or one above
    ///         `MAX_DURATION`.
    error InvalidSetting();
    /// @notice Thrown when the submission window and the review period together are longer than
    ///         `MAX_WINDOW_EPOCHS` epochs.
    error WindowTooLong(uint256 window, uint256 max);

    /// @notice The most units one report may claim: 2^64 - 1.
    function MAX_UNITS() external view returns (uint256);

    /// @notice The longest epoch, submission window, review period or claim period: 2^32 - 1
    ///         seconds (about 136 years). It keeps every deadline's arithmetic far from overflowing.
    function MAX_DURATION() external view returns (uint256);

    /// @notice The longest submission window plus review period, in epochs: 8. It bounds the ended
    ///         epochs that are not final yet, the only ones {settleCommons} reads one by one.
    function MAX_WINDOW_EPOCHS() external view returns (uint256);

    /// @notice Seconds per epoch. Immutable.
    function EPOCH_LENGTH() external view returns (uint256);

    /// @notice Seconds after an epoch's end during which reports are accepted. Immutable.
    function SUBMISSION_WINDOW() external view returns (uint256);

    /// @notice Seconds after the submission window during which the guardian may still void a
    ///         report; the epoch is final after it. Immutable, above 0.
    function REVIEW_PERIOD() external view returns (uint256);

    /// @notice Seconds after an epoch is final before what its pools left unclaimed may be swept to
    ///         the commons. Immutable.
    function CLAIM_PERIOD() external view returns (uint256);

    /// @notice The start of epoch 0: the emission schedule's start.
    function START() external view returns (uint256);

    /// @notice The role whose holders sign work reports.
    function ATTESTER_ROLE() external view returns (bytes32);

    /// @notice The role whose holders may void a report until its epoch's review period is over.
    function GUARDIAN_ROLE() external view returns (bytes32);

    /// @notice How many distinct attesters must sign a report.
    function quorum() external view returns (uint256);

    /// @notice Sets the quorum. Admin only (the timelock); at least 1, at most the number of attesters.
    function setQuorum(uint256 quorum_) external;

    /// @notice The epoch `timestamp` falls in. Reverts `BeforeStart` before emission started.
    function epochAt(uint256 timestamp) external view returns (uint256);

    /// @notice The compute share of what the schedule emits during `epoch`, in FRSV base units.
    function epochBudget(uint256 epoch) external view returns (uint256);

    /// @notice The EIP-712 digest attesters sign for a report (domain "Foundation ComputeRewards", "1").
    function reportDigest(
        uint256 poolId,
        uint256 epoch,
        uint256 units,
        bytes32 evidence,
        uint32 version
    ) external view returns (bytes32);

    /// @notice Records pool `poolId`'s work for `epoch`, or replaces its report with a later version.
    ///         Anyone may submit, after the epoch ended and within its submission window, for a pool
    ///         that was active during part of the epoch (approved before it ended, not retired
    ///         before it began: a retirement in the window takes no work away), with at least `quorum`
    ///         signatures of distinct attesters over `WorkReport(uint256 poolId,uint256 epoch,uint256
    ///         units,bytes32 evidence,uint32 version)`, each checked with OpenZeppelin's
    ///         SignatureChecker (an attester may be an ERC-1271 contract).
    /// @param version Any number for a pool's first report of the epoch (sign 1: a first report at
    ///        the largest version could never be corrected); a replacement must be higher than the
    ///        version accepted, and a voided report cannot be replaced.
    /// @param signers Strictly ascending; each must hold the attester role.
    function submitWork(
        uint256 poolId,
        uint256 epoch,
        uint256 units,
        bytes32 evidence,
        uint32 version,
        address[] calldata signers,
        bytes[] calldata signatures
    ) external;

    /// @notice Voids a report from its epoch's end until its review period is over. Guardian
    ///         only. The report's units stay in the epoch's total, so no other pool's share
    ///         changes; its share goes to the commons once the epoch is final ({sweepVoided}). It
    ///         stays the pool's report for the epoch and cannot be replaced.
    function voidReport(uint256 poolId, uint256 epoch) external;

    /// @notice Units pool `poolId` reported for `epoch` (0 if none, or voided).
    function reportedUnits(uint256 poolId, uint256 epoch) external view returns (uint256);

    /// @notice The version of pool `poolId`'s report for `epoch` (0 if none).
    function reportVersion(uint256 poolId, uint256 epoch) external view returns (uint256);

    /// @notice Whether the guardian voided pool `poolId`'s report for `epoch`.
    function isVoided(uint256 poolId, uint256 epoch) external view returns (bool);

    /// @notice All units reported for `epoch`, voided reports included: each share's denominator.
    function totalUnits(uint256 epoch) external view returns (uint256);

    /// @notice What `epoch`'s voided reports handed to the commons ({sweepVoided}).
    function voidedToCommonsIn(uint256 epoch) external view returns (uint256);

    /// @notice What a claim for `epoch` would pay pool `poolId` now, and at least what it pays in
    ///         any later block: 0 until the epoch is final, after it was claimed or swept, and once
    ///         its claim period is over (a claim may still pay then, until someone sweeps).
    function claimable(uint256 poolId, uint256 epoch) external view returns (uint256);

    /// @notice Pays pool `poolId`'s recipient (in the registry) its share of each listed epoch:
    ///         `floor(budget * units / totalUnits)`, minted by the emission contract. Anyone may call.
    ///         Reverts if the pool is unknown or any epoch is not final; epochs already claimed,
    ///         swept, voided or unreported pay 0.
    /// @return amount The FRSV paid.
    function claim(uint256 poolId, uint256[] calldata epochs) external returns (uint256 amount);

    /// @notice For a final epoch with work, after its claim period, hands what is left of its budget
    ///         (what pools did not claim, voided shares not handed over, rounding dust) to the
    ///         commons. Anyone may call; a second sweep, or a sweep of an epoch nobody reported
    ///         (whose budget {settleCommons} hands over), returns 0.
    function sweep(uint256 epoch) external returns (uint256 amount);

    /// @notice Hands pool `poolId`'s voided report's share of final `epoch` to the commons:
    ///         `floor(budget * units / totalUnits)`, what its claim would have paid. Anyone may
    ///         call, once the epoch is final; again, or after the epoch's sweep, it returns 0.
    ///         Reverts `NotVoided` for a report the guardian did not void.
    function sweepVoided(uint256 poolId, uint256 epoch) external returns (uint256 amount);

    /// @notice Hands the commons the budgets of every epoch that became final with no report since
    ///         the last call, at once (no transaction per epoch). Anyone may call; the registry calls
    ///         it before every change of weights, so those budgets are shared by the weights in force
    ///         when each epoch became final.
    /// @return amount The budgets handed over.
    function settleCommons() external returns (uint256 amount);

    /// @notice What {settleCommons} would hand the commons now.
    function dueToCommons() external view returns (uint256);

    /// @notice Sends any FRSV held here to the emission contract, which recycles it for the commons
    ///         (it belongs to nobody here: epochs are paid by minting). Anyone may call.
    function forwardSurplus() external returns (uint256 amount);

    /// @notice FRSV claimed from `epoch` so far.
    function claimedIn(uint256 epoch) external view returns (uint256);

    /// @notice FRSV swept from `epoch` to the commons (0 until swept): its budget less what was
    ///         claimed and less the voided shares handed over before.
    function sweptIn(uint256 epoch) external view returns (uint256);

    /// @notice Whether pool `poolId`'s share of `epoch` was paid out: claimed by the pool or, for a
    ///         voided report, handed to the commons ({sweepVoided}).
    function isClaimed(uint256 poolId, uint256 epoch) external view returns (bool);

    /// @notice Whether `epoch` has been swept (after which its claims pay 0).
    function isSwept(uint256 epoch) external view returns (bool);

    /// @notice Whether any pool reported work for `epoch` (voided reports included).
    function isReported(uint256 epoch) external view returns (bool);

    /// @notice The budgets of all epochs some pool reported.
    function reportedBudgets() external view returns (uint256);

    /// @notice The budgets of final epochs nobody reported, handed to the commons so far.
    function unreportedToCommons() external view returns (uint256);

    /// @notice The voided reports' shares handed to the commons so far, all epochs.
    function voidedToCommons() external view returns (uint256);

    /// @notice The pool registry whose pools report work, and whose recipients claims pay.
    function registry() external view returns (address);

    /// @notice The reserve token (FRSV).
    function reserve() external view returns (address);
}
