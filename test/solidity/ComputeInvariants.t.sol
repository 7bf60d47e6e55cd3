// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ComputeRewards} from "../../contracts/ComputeRewards.sol";
import {Emission} from "../../contracts/Emission.sol";
import {ReserveToken} from "../../contracts/ReserveToken.sol";
import {ComputeHandler} from "./ComputeHandler.sol";
import {TestBase} from "./Vm.sol";

/// @notice Promises 9 and 11, checked after every random action of {ComputeHandler}: each epoch's
///         budget is paid out exactly (claimed + voided shares + swept for an epoch with work;
///         handed to the commons whole for one without), no pool is paid more than its share of
///         all attested units (a void never raises another pool's share), voided shares end in the
///         commons, unreported budgets reach it once final, budgets add up to the compute share
///         the schedule emitted, ComputeRewards holds nothing it owes (it is paid by minting), no
///         claimable view promises more than the claim pays, and what the rules forbid (a report
///         for an epoch before the pool's approval, a correction of a voided report) is refused.
contract ComputeInvariantTest is TestBase {
    uint256 private constant EPOCH = 1 hours;
    uint256 private constant WINDOW_OF_EPOCHS = 48;

    ComputeHandler private handler;
    ReserveToken private reserve;
    Emission private emission;
    ComputeRewards private compute;
    uint256 private pools;

    function setUp() public {
        handler = new ComputeHandler();
        (address r, , address e, address c) = handler.system();
        reserve = ReserveToken(r);
        emission = Emission(e);
        compute = ComputeRewards(c);
        pools = handler.POOLS();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// Per epoch with work: claimed + voided shares handed over + swept = budget once swept, and
    /// every voided report's share reached the commons one way or the other; never more than the
    /// budget before; the units are every report's latest version, voided ones included.
    function invariant_epochBudgetIsClaimedPlusVoidedPlusSwept() public view {
        uint256 last = handler.maxEpochTouched() + WINDOW_OF_EPOCHS;
        for (uint256 epoch = 0; epoch <= last; ++epoch) {
            uint256 budget = compute.epochBudget(epoch);
            uint256 claimed = compute.claimedIn(epoch);
            uint256 voided = compute.voidedToCommonsIn(epoch);
            _assertEq(claimed, handler.ghostClaimed(epoch), "claimed as the handler paid");
            _assertEq(voided, handler.ghostVoidedHanded(epoch), "voided shares handed over");
            _assertEq(compute.totalUnits(epoch), handler.ghostUnits(epoch), "all units, voided included");
            _assertTrue(compute.isReported(epoch) == handler.ghostReported(epoch), "reported as the handler did");
            if (compute.isSwept(epoch)) {
                uint256 swept = compute.sweptIn(epoch);
                _assertEq(claimed + voided + swept, budget, "budget = claimed + voided + swept, to the wei");
                _assertLe(handler.voidedShares(epoch), voided + swept, "voided shares ended in the commons");
            } else {
                _assertLe(claimed + voided, budget, "never more than the budget");
            }
        }
    }

    /// No pool is ever paid more than floor(budget * its units / all units of the epoch), and a
    /// voided report's pool nothing.
    function invariant_noPoolPaidMoreThanItsShare() public view {
        uint256 count = handler.reportedEpochCount();
        for (uint256 i = 0; i < count; ++i) {
            uint256 epoch = handler.reportedEpochAt(i);
            uint256 all = compute.totalUnits(epoch);
            uint256 budget = compute.epochBudget(epoch);
            for (uint256 poolId = 1; poolId <= pools; ++poolId) {
                uint256 paid = handler.ghostPaidTo(poolId, epoch);
                if (compute.isVoided(poolId, epoch)) {
                    _assertEq(paid, 0, "a voided report is paid nothing");
                } else {
                    _assertLe(paid, (budget * compute.reportedUnits(poolId, epoch)) / all, "at most its share");
                }
            }
        }
    }

    /// Epochs nobody reported: their budgets, whole, handed to the commons or due to it, once final.
    function invariant_unreportedBudgetsReachTheCommons() public view {
        _assertEq(
            compute.unreportedToCommons() + compute.dueToCommons(),
            handler.unreportedFinalBudgets(),
            "unreported final budgets = handed over + due, to the wei"
        );
        _assertEq(compute.voidedToCommons(), handler.voidedTotal(), "voided shares handed over, all epochs");
    }

    /// Budgets add up, epoch after epoch, to the compute share of what the schedule emitted, and
    /// the emission contract makes ComputeRewards due exactly that share.
    function invariant_budgetsAddUpToTheComputeShare() public view {
        uint256 start = compute.START();
        uint256 current = (block.timestamp - start) / EPOCH;
        uint256 first = current > WINDOW_OF_EPOCHS ? current - WINDOW_OF_EPOCHS : 0;
        uint256 sum = 0;
        for (uint256 epoch = first; epoch < current; ++epoch) sum += compute.epochBudget(epoch);
        uint256 shareAtEnd = emission.computeShareOf(emission.emittedUntil(start + current * EPOCH));
        uint256 shareAtStart = emission.computeShareOf(emission.emittedUntil(start + first * EPOCH));
        _assertEq(sum, shareAtEnd - shareAtStart, "budgets telescope");
        _assertEq(
            emission.dueTo(address(compute)),
            emission.computeShareOf(emission.emittedUntil(block.timestamp)),
            "compute is due its floored share"
        );
    }

    /// ComputeRewards spent (minted or handed to the commons) exactly what its epochs paid out, and
    /// holds nothing but FRSV sent to it by mistake and not yet forwarded.
    function invariant_spendsWhatTheEpochsPay() public view {
        uint256 unreported = compute.unreportedToCommons();
        _assertEq(emission.spentBy(address(compute)), handler.ghostPaid() + unreported, "spent");
        _assertEq(
            emission.assignedToCommons(),
            handler.sweptTotal() + unreported + compute.voidedToCommons(),
            "assigned: sweeps, unreported budgets, voided shares"
        );
        _assertEq(reserve.balanceOf(address(compute)), handler.ghostStray(), "holds only stray FRSV");
    }

    /// No claimable view promises more than a claim a second later pays.
    function invariant_viewsNeverExceedClaims() public {
        uint256 count = handler.reportedEpochCount();
        for (uint256 i = 0; i < count && i < 8; ++i) {
            uint256 epoch = handler.reportedEpochAt(count - 1 - i);
            for (uint256 poolId = 1; poolId <= pools; ++poolId) {
                uint256 promised = compute.claimable(poolId, epoch);
                if (promised == 0) continue;
                uint256 state = vm.snapshotState();
                vm.warp(block.timestamp + 1);
                uint256[] memory epochs = new uint256[](1);
                epochs[0] = epoch;
                _assertLe(promised, compute.claim(poolId, epochs), "claimable is at most the claim a second later");
                vm.revertToState(state);
            }
        }
    }

    /// Claims pay the pool's registry recipient, every claim and sweep paid what the rules say, and
    /// nothing the rules forbid was accepted.
    function invariant_claimsPayRecipientsTheirShare() public view {
        _assertTrue(!handler.claimMisdirected(), "a claim paid someone else");
        _assertTrue(!handler.shareWrong(), "a claim, sweep or forward paid a wrong amount");
        _assertTrue(
            !handler.forbiddenAccepted(),
            "a report before approval, a report replacing a void, or a hand-over of a live report was accepted"
        );
    }
}
