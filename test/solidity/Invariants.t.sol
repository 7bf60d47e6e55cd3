// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

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
    uint256 private constant SCALE = 1e18;

    FoundationHandler private handler;
    ReserveToken private reserve;
    FoundationCoin private coin;
    PoolRegistry private registry;
    Emission private emission;

    function setUp() public {
        handler = new FoundationHandler();
        (address r, address c, address g, address e) = handler.system();
        reserve = ReserveToken(r);
        coin = FoundationCoin(c);
        registry = PoolRegistry(g);
        emission = Emission(e);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// Promise 1: the coin holds at least ceil(supply / RATE), plus the directed fees it owes.
    function invariant_fullBacking() public view {
        uint256 supply = coin.totalSupply();
        uint256 required = supply == 0 ? 0 : (supply - 1) / RATE + 1;
        _assertLe(required + coin.directedFeesOwed(), reserve.balanceOf(address(coin)), "backing");
        _assertEq(coin.requiredBacking(), required, "required backing is ceil(supply / RATE)");
    }

    /// Conservation to the wei: everything pools are owed is claimed or still held, by the
    /// registry, by the coin (beyond the backing) or in emission that has come due.
    function invariant_feeConservation() public view {
        uint256 atCoin = reserve.balanceOf(address(coin)) - coin.requiredBacking();
        _assertEq(
            handler.income() - handler.claimed(),
            reserve.balanceOf(address(registry)) + atCoin + emission.releasableTo(address(registry)),
            "income = claimed + held, to the wei"
        );
    }

    /// Conservation to the scaled unit: what the registry owes pools (claimable with each pool's
    /// carried remainder, plus the commons not yet given) is exactly what they are owed.
    function invariant_exactRemainder() public view {
        uint256 count = registry.poolCount();
        uint256 owedScaled = registry.heldCommonsScaled();
        for (uint256 poolId = 1; poolId <= count; ++poolId) {
            uint256 scaled = registry.claimableScaled(poolId);
            _assertEq(registry.claimable(poolId), scaled / SCALE, "claimable is the scaled amount, floored");
            owedScaled += scaled;
        }
        _assertEq(owedScaled, (handler.income() - handler.claimed()) * SCALE, "owed = income - claimed, exactly");
    }

    /// Promise 4 and fair sharing: each pool has been paid or may claim what the independent
    /// ledger says it is owed (fees it was named for, and its weight's share of the commons while
    /// it accrued), to within one base unit.
    function invariant_eachPoolGetsItsShare() public view {
        uint256 count = registry.poolCount();
        for (uint256 poolId = 1; poolId <= count; ++poolId) {
            uint256 got = handler.claimedBy(poolId) + registry.claimable(poolId);
            uint256 owed = handler.ghostOwed(poolId);
            _assertLe(got, owed + 1, "a pool never gets more than its share");
            _assertLe(owed, got + 1, "a pool never gets less than its share");
        }
        _assertEq(handler.ghostTotalWeight(), registry.totalWeight(), "the ledger's weights are the registry's");
    }

    /// Promise 5: the reserve never exceeds its cap, and only genesis and emission created it.
    function invariant_capNeverExceeded() public view {
        _assertLe(reserve.totalSupply(), reserve.cap(), "cap");
        _assertEq(reserve.totalSupply(), handler.genesis() + emission.released(), "only emission mints");
        _assertLe(emission.released(), emission.TOTAL_EMISSION(), "schedule total");
        _assertEq(
            emission.released() + emission.releasable(),
            handler.referenceEmitted(block.timestamp),
            "the schedule matches the period-by-period reference"
        );
        _assertEq(
            emission.releasedTo(address(registry)) + emission.releasableTo(address(registry)),
            handler.referenceCommons(block.timestamp),
            "the commons gets the schedule less the floored compute and human shares"
        );
        address dividend = handler.dividendAddress();
        _assertEq(
            emission.releasedTo(dividend) + emission.releasableTo(dividend),
            handler.referenceHumans(block.timestamp),
            "the dividend gets the floored human share"
        );
    }

    /// With nobody registered, every settlement of the dividend forwards its income to the
    /// commons: what it forwarded is the human share up to the last settlement, and it keeps only
    /// what was released since.
    function invariant_unclaimedDividendReachesTheCommons() public view {
        address dividend = handler.dividendAddress();
        _assertEq(HumanDividend(dividend).forwarded(), handler.humansForwarded(), "forwarded = human share settled");
        _assertEq(
            reserve.balanceOf(dividend),
            emission.releasedTo(dividend) - handler.humansForwarded(),
            "the dividend holds only what was released since its last settlement"
        );
    }

    /// Tokens: FDC's total supply is the sum of its holders' balances (only the six holders hold any).
    function invariant_supplyIsSumOfBalances() public view {
        uint256 sum = 0;
        for (uint256 i = 0; i < handler.ACTOR_COUNT(); ++i) sum += coin.balanceOf(handler.actorAt(i));
        _assertEq(coin.totalSupply(), sum, "supply = sum of balances");
    }

    /// The commons accumulator never decreases.
    function invariant_accumulatorNeverDecreases() public view {
        _assertTrue(!handler.accumulatorDecreased(), "accumulator decreased");
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
