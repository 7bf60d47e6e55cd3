// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ComputeRewards} from "../../contracts/ComputeRewards.sol";
import {Emission} from "../../contracts/Emission.sol";
import {ReserveToken} from "../../contracts/ReserveToken.sol";
import {ComputeHandler} from "./ComputeHandler.sol";
import {TestBase} from "./Vm.sol";

/// @notice Promises 9 and 11, checked after every random action of {ComputeHandler}: each epoch's
///         budget is paid out exactly (claimed + swept), budgets add up to the compute share the
///         schedule emitted, and ComputeRewards holds exactly what the epochs still owe.
contract ComputeInvariantTest is TestBase {
    uint256 private constant EPOCH = 1 hours;
    uint256 private constant WINDOW_OF_EPOCHS = 48;

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

    /// Per epoch: claimed + swept = budget once swept; never more than the budget before; the
    /// units standing are the reports less the voided ones.
    function invariant_epochBudgetIsClaimedPlusSwept() public view {
        uint256 last = handler.maxEpochTouched() + WINDOW_OF_EPOCHS;
        for (uint256 epoch = 0; epoch <= last; ++epoch) {
            uint256 budget = compute.epochBudget(epoch);
            uint256 claimed = compute.claimedIn(epoch);
            _assertEq(claimed, handler.ghostClaimed(epoch), "claimed as the handler paid");
            _assertEq(compute.totalUnits(epoch), handler.ghostUnits(epoch), "units standing");
            if (compute.isSwept(epoch)) {
                _assertEq(claimed + compute.sweptIn(epoch), budget, "budget = claimed + swept, to the wei");
            } else {
                _assertLe(claimed, budget, "never more than the budget");
            }
        }
    }

    /// Budgets add up, epoch after epoch, to the compute share of what the schedule emitted, and
    /// emission sends ComputeRewards exactly that share.
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
            emission.releasedTo(address(compute)) + emission.releasableTo(address(compute)),
            emission.computeShareOf(emission.emittedUntil(block.timestamp)),
            "compute receives its floored share"
        );
    }

    /// ComputeRewards holds exactly what emission sent it, less what it paid out, plus FRSV sent
    /// to it by mistake and not yet forwarded.
    function invariant_holdsWhatTheEpochsOwe() public view {
        _assertEq(compute.paidOut(), handler.ghostPaid(), "paid out as the handler saw");
        _assertEq(
            reserve.balanceOf(address(compute)),
            emission.releasedTo(address(compute)) - compute.paidOut() + handler.ghostStray(),
            "balance = released - paid + stray"
        );
    }

    /// Claims pay the pool's registry recipient, and every claim and sweep paid what the rules say.
    function invariant_claimsPayRecipientsTheirShare() public view {
        _assertTrue(!handler.claimMisdirected(), "a claim paid someone else");
        _assertTrue(!handler.shareWrong(), "a claim, sweep or forward paid a wrong amount");
    }
}
