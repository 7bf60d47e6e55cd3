// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ComputeRewards} from "../../contracts/ComputeRewards.sol";
import {Emission} from "../../contracts/Emission.sol";
import {ReserveToken} from "../../contracts/ReserveToken.sol";
import {ComputeHandler} from "./ComputeHandler.sol";
import {TestBase} from "./Vm.sol";

/// @notice Promises 9 and 11, checked after every random action of {ComputeHandler}: each epoch's
///         budget is paid out exactly (claimed + swept for an epoch with work; handed to the
///         commons whole for one without), budgets add up to the compute share the schedule
///         emitted, ComputeRewards holds nothing it owes (it is paid by minting), and no claimable
///         view promises more than the claim pays.
contract ComputeInvariantTest is TestBase {
    uint256 private constant EPOCH = 1 hours;
    uint256 private constant WINDOW_OF_EPOCHS = 48;
    uint256 private constant POOLS = 5;

    ComputeHandler private handler;
    ReserveToken private reserve;
    Emission private emission;
    ComputeRewards private compute;

    function setUp() public {
        handler = new ComputeHandler();
        (address r, , address e, address c) = handler.system();
        reserve = ReserveToken(r);
        emission = Emission(e);
        compute = ComputeRewards(c);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// Per epoch with work: claimed + swept = budget once swept; never more than the budget before;
    /// the units standing are the reports less the voided ones.
    function invariant_epochBudgetIsClaimedPlusSwept() public view {
        uint256 last = handler.maxEpochTouched() + WINDOW_OF_EPOCHS;
        for (uint256 epoch = 0; epoch <= last; ++epoch) {
            uint256 budget = compute.epochBudget(epoch);
            uint256 claimed = compute.claimedIn(epoch);
            _assertEq(claimed, handler.ghostClaimed(epoch), "claimed as the handler paid");
            _assertEq(compute.totalUnits(epoch), handler.ghostUnits(epoch), "units standing");
            _assertTrue(compute.isReported(epoch) == handler.ghostReported(epoch), "reported as the handler did");
            if (compute.isSwept(epoch)) {
                _assertEq(claimed + compute.sweptIn(epoch), budget, "budget = claimed + swept, to the wei");
            } else {
                _assertLe(claimed, budget, "never more than the budget");
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
        _assertEq(emission.spentBy(address(compute)), handler.ghostPaid() + compute.unreportedToCommons(), "spent");
        _assertEq(emission.assignedToCommons(), handler.sweptTotal() + compute.unreportedToCommons(), "assigned");
        _assertEq(reserve.balanceOf(address(compute)), handler.ghostStray(), "holds only stray FRSV");
    }

    /// No claimable view promises more than a claim a second later pays.
    function invariant_viewsNeverExceedClaims() public {
        uint256 count = handler.reportedEpochCount();
        for (uint256 i = 0; i < count && i < 8; ++i) {
            uint256 epoch = handler.reportedEpochAt(count - 1 - i);
            for (uint256 poolId = 1; poolId <= POOLS; ++poolId) {
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

    /// Claims pay the pool's registry recipient, and every claim and sweep paid what the rules say.
    function invariant_claimsPayRecipientsTheirShare() public view {
        _assertTrue(!handler.claimMisdirected(), "a claim paid someone else");
        _assertTrue(!handler.shareWrong(), "a claim, sweep or forward paid a wrong amount");
    }
}
