// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ComputeRewards} from "../../contracts/ComputeRewards.sol";
import {Emission} from "../../contracts/Emission.sol";
import {FoundationCoin} from "../../contracts/FoundationCoin.sol";
import {HumanDividend} from "../../contracts/HumanDividend.sol";
import {PoolRegistry} from "../../contracts/PoolRegistry.sol";
import {ReserveToken} from "../../contracts/ReserveToken.sol";
import {FoundationHandler} from "./FoundationHandler.sol";
import {TestBase} from "./Vm.sol";

/// @notice The system's promises, checked after every random action of {FoundationHandler}.
///         Every expected value is computed here or in the handler with their own arithmetic.
contract FoundationInvariantTest is TestBase {
    uint256 private constant RATE = 1000;
    uint256 private constant SCALE = 1e12;

    FoundationHandler private handler;
    ReserveToken private reserve;
    FoundationCoin private coin;
    PoolRegistry private registry;
    Emission private emission;
    ComputeRewards private compute;
    HumanDividend private dividend;

    function setUp() public {
        handler = new FoundationHandler();
        (address r, address c, address g, address e, address cr, address d) = handler.system();
        reserve = ReserveToken(r);
        coin = FoundationCoin(c);
        registry = PoolRegistry(g);
        emission = Emission(e);
        compute = ComputeRewards(cr);
        dividend = HumanDividend(d);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// Promise 1: the coin holds at least ceil(supply / RATE), plus the fees it still holds.
    function invariant_fullBacking() public view {
        uint256 supply = coin.totalSupply();
        uint256 required = supply == 0 ? 0 : (supply - 1) / RATE + 1;
        _assertLe(required + coin.directedFeesOwed(), reserve.balanceOf(address(coin)), "backing");
        _assertEq(coin.requiredBacking(), required, "required backing is ceil(supply / RATE)");
    }

    /// Conservation to the wei: everything that reached the commons, by the handler's own books and
    /// the reference schedule, was paid to pools or is still somewhere the commons will get it: due
    /// to it in the emission contract, at the coin, sent to the registry or the emission contract
    /// and not recycled yet, or in compute budgets final and not handed over yet.
    function invariant_commonsConservation() public view {
        _assertEq(
            handler.ghostCommonsIncome(),
            handler.claimedFromCommons() +
                emission.availableTo(address(registry)) +
                coin.commonsFeesOwed() +
                reserve.balanceOf(address(registry)) +
                reserve.balanceOf(address(emission)) +
                compute.dueToCommons(),
            "commons income = paid + available + waiting, to the wei"
        );
    }

    /// Fees named for a pool are that pool's and nobody else's, to the wei.
    function invariant_directedFees() public view {
        for (uint256 poolId = 1; poolId <= registry.poolCount(); ++poolId) {
            _assertEq(
                handler.directedCharged(poolId),
                handler.directedPaid(poolId) + coin.poolFeesOwed(poolId),
                "directed fees = paid + held"
            );
        }
    }

    /// Conservation to the scaled unit: the pools' books and what is held add up to what was
    /// counted and not drawn, which the emission contract has available for the registry.
    function invariant_exactRemainder() public view {
        uint256 count = registry.poolCount();
        uint256 owedScaled = registry.heldScaled();
        for (uint256 poolId = 1; poolId <= count; ++poolId) owedScaled += registry.owedScaled(poolId);
        uint256 counted = registry.countedNotDrawn();
        _assertEq(owedScaled, counted * SCALE, "books = counted and not drawn, exactly");
        _assertLe(counted, emission.availableTo(address(registry)), "never counts more than is available");
    }

    /// Promise 4: once everything that reached the commons is settled, each pool has been paid or
    /// may claim what the independent ledger says it is owed, to within one base unit: its weight's
    /// share of every unit by the weights in force when the unit was emitted or became final.
    function invariant_eachPoolGetsItsShare() public {
        uint256 state = vm.snapshotState();
        registry.settle();
        uint256 count = registry.poolCount();
        for (uint256 poolId = 1; poolId <= count; ++poolId) {
            uint256 got = handler.claimedFromCommonsBy(poolId) + registry.owedScaled(poolId) / SCALE;
            uint256 owed = handler.ghostOwed(poolId);
            _assertLe(got, owed + 1, "a pool never gets more than its share");
            _assertLe(owed, got + 1, "a pool never gets less than its share");
        }
        _assertEq(handler.ghostTotalWeight(), registry.totalWeight(), "the ledger's weights are the registry's");
        vm.revertToState(state);
    }

    /// Promise 4: no view promises more than a claim in the next block pays: every pool's, and every
    /// person's dividend.
    function invariant_viewsNeverExceedClaims() public {
        uint256 count = registry.poolCount();
        for (uint256 poolId = 1; poolId <= count; ++poolId) {
            uint256 promised = registry.claimable(poolId);
            uint256 state = vm.snapshotState();
            vm.warp(block.timestamp + 1);
            _assertLe(promised, registry.claim(poolId), "a pool's claimable is at most its claim a second later");
            vm.revertToState(state);
        }
        for (uint256 i = 0; i < handler.PEOPLE(); ++i) {
            address person = handler.personAt(i);
            uint256 promised = dividend.claimable(person);
            if (promised == 0) continue;
            uint256 state = vm.snapshotState();
            vm.warp(block.timestamp + 1);
            vm.prank(person);
            _assertLe(promised, dividend.claim(person, false), "a dividend is at most its claim a second later");
            vm.revertToState(state);
        }
    }

    /// Promise 5 and 11: the reserve never exceeds the genesis plus what the schedule emitted by now
    /// (every unit minted beyond it replaces one burnt); what is available to the three
    /// destinations is exactly what the schedule emitted and recycled and was not minted yet.
    function invariant_supplyFollowsTheSchedule() public view {
        uint256 supply = reserve.totalSupply();
        uint256 emitted = emission.emittedUntil(block.timestamp);
        _assertLe(supply, reserve.cap(), "cap");
        _assertLe(supply, handler.genesis() + emitted, "supply within genesis + emitted by now");
        _assertEq(supply + emission.recycled(), handler.genesis() + emission.minted(), "only emission mints and burns");
        _assertEq(emitted, handler.referenceEmitted(block.timestamp), "the schedule matches the reference");
        _assertEq(
            emission.availableTo(address(registry)) +
                emission.availableTo(address(compute)) +
                emission.availableTo(address(dividend)),
            emitted + emission.recycled() - emission.minted(),
            "available to all = emitted + recycled - minted"
        );
    }

    /// Promise 11: each destination is due its share of the reference split; the human share of
    /// every second with nobody registered is the commons'.
    function invariant_splitFollowsTheReference() public view {
        (uint256 toCompute, uint256 toHumans, uint256 toCommons) = handler.referenceSplit(block.timestamp);
        _assertEq(emission.dueTo(address(compute)), toCompute, "compute is due its floored share");
        _assertEq(emission.dueTo(address(dividend)) + emission.redirectedToCommons(), toHumans, "humans' share");
        _assertEq(
            emission.dueTo(address(registry)),
            toCommons + emission.redirectedToCommons() + emission.assignedToCommons() + emission.recycled(),
            "the commons' due"
        );
        _assertTrue(emission.nobodyRegistered() == (handler.heads() == 0), "nobody registered as the registry says");
        _assertEq(
            emission.redirectedToCommons(),
            handler.ghostRedirectedNow(),
            "the human share redirected, as booked"
        );
    }

    /// Verified compute: every claim, sweep and forward paid what the handler's own arithmetic
    /// says; the epochs nobody reported reached the commons whole, as the ledger booked them.
    function invariant_computePaysByTheRules() public view {
        _assertTrue(!handler.computePaidWrong(), "a compute claim, sweep or forward paid a wrong amount");
        _assertEq(
            compute.unreportedToCommons() + compute.dueToCommons(),
            handler.ghostUnreportedNow(),
            "unreported final budgets, handed over or due"
        );
    }

    /// Tokens: FDC's total supply is the sum of its holders' balances (only the six holders hold any).
    function invariant_supplyIsSumOfBalances() public view {
        uint256 sum = 0;
        for (uint256 i = 0; i < handler.ACTOR_COUNT(); ++i) sum += coin.balanceOf(handler.actorAt(i));
        _assertEq(coin.totalSupply(), sum, "supply = sum of balances");
    }

    /// Promise 4: income held while no pool had weight goes by the weights of the curation that
    /// ended that period: a single approval could not take it; retiring a pool never lowered what it
    /// could claim.
    function invariant_curationRules() public view {
        _assertTrue(!handler.approvedFromZero(), "a single approval gave weight from total weight zero");
        _assertTrue(!handler.retireLoweredClaimable(), "retiring lowered what a pool could claim");
    }

    /// Promise 6: a claim, whoever triggers it, pays the pool's recipient.
    function invariant_claimsPayRecipients() public view {
        _assertTrue(!handler.claimMisdirected(), "a claim paid someone else");
    }

    /// Promise 2: a pause stops minting only. (With failOnRevert, any redeem or claim that
    /// reverted while paused would already have failed the run.)
    function invariant_pauseStopsOnlyMinting() public view {
        _assertTrue(!handler.mintedWhilePaused(), "minted while paused");
    }

    /// Dust that would pay nothing is refused, never charged a 100% fee.
    function invariant_dustIsRefused() public view {
        _assertTrue(!handler.dustPaidOut(), "a mint or redeem paying nothing went through");
    }

    /// FDC can never be sent to a system contract, where its backing would be locked.
    function invariant_systemContractsRefuseFdc() public view {
        _assertTrue(!handler.systemTransferAccepted(), "FDC went to a system contract");
    }
}
