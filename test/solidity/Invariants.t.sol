// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Emission} from "../../contracts/Emission.sol";
import {FoundationCoin} from "../../contracts/FoundationCoin.sol";
import {PoolRegistry} from "../../contracts/PoolRegistry.sol";
import {ReserveToken} from "../../contracts/ReserveToken.sol";
import {FoundationHandler} from "./FoundationHandler.sol";
import {TestBase} from "./Vm.sol";

/// @notice The system's promises, checked after every random sequence of handler actions.
contract FoundationInvariantTest is TestBase {
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

    /// Promise 1: the coin holds at least ceil(supply / RATE) plus the directed fees it owes.
    function invariant_fullBacking() public view {
        uint256 held = reserve.balanceOf(address(coin));
        _assertLe(handler.backingFor(coin.totalSupply()) + coin.directedFeesOwed(), held, "backing");
        _assertEq(
            coin.requiredBacking(),
            handler.backingFor(coin.totalSupply()),
            "required backing is ceil(supply / RATE)"
        );
    }

    /// Promise 4 and the conservation rule: income = claimed + held by the registry + held for pools by the coin.
    function invariant_feeConservation() public view {
        uint256 atCoin = reserve.balanceOf(address(coin)) - coin.requiredBacking();
        _assertEq(
            handler.income(),
            handler.claimed() + reserve.balanceOf(address(registry)) + atCoin,
            "fees in = claimed + held, to the wei"
        );
    }

    /// Claimable amounts never exceed what is owed, and what is not yet assigned to a pool is
    /// either held commons or sub-unit remainders (under one base unit per pool).
    function invariant_claimablesAddUp() public view {
        uint256 owed = handler.income() - handler.claimed();
        uint256 count = registry.poolCount();
        uint256 sum = 0;
        for (uint256 id = 1; id <= count; ++id) sum += registry.claimable(id);
        uint256 held = registry.heldCommons();
        _assertLe(sum + held, owed, "claimable never created");
        _assertLe(owed, sum + held + count + 1, "remainder below one unit per pool");
    }

    /// Promise 5: the reserve never exceeds its cap, and only genesis and emission created it.
    function invariant_capNeverExceeded() public view {
        _assertLe(reserve.totalSupply(), reserve.cap(), "cap");
        _assertEq(reserve.totalSupply(), handler.genesis() + emission.released(), "only emission mints");
        _assertLe(emission.released(), emission.TOTAL_EMISSION(), "schedule total");
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
}
