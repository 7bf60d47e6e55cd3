// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Emission} from "../../contracts/Emission.sol";
import {FoundationCoin} from "../../contracts/FoundationCoin.sol";
import {HumanDividend} from "../../contracts/HumanDividend.sol";
import {HumanRegistry} from "../../contracts/HumanRegistry.sol";
import {ReserveToken} from "../../contracts/ReserveToken.sol";
import {HumanHandler} from "./HumanHandler.sol";
import {TestBase} from "./Vm.sol";

/// @notice Promises 10 and 11 for people, checked after every random action of {HumanHandler}:
///         every registered human accrues the same for the same registered seconds (the
///         handler's exact ledger, within one unit per settlement), issuers answer only for their
///         own registrations and a removed issuer's stop accruing at once, the human share counted is
///         claimed, owed or held, to the wei, the human share of every second with nobody
///         registered is the commons', to the wei, no view promises more than a claim pays, and FDC
///         paid as dividends is fully backed.
contract HumanInvariantTest is TestBase {
    uint256 private constant RATE = 1000;

    HumanHandler private handler;
    ReserveToken private reserve;
    FoundationCoin private coin;
    Emission private emission;
    HumanRegistry private humans;
    HumanDividend private dividend;

    function setUp() public {
        handler = new HumanHandler();
        (address r, address c, address e, address h, address d) = handler.system();
        reserve = ReserveToken(r);
        coin = FoundationCoin(c);
        emission = Emission(e);
        humans = HumanRegistry(h);
        dividend = HumanDividend(d);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// A revocation sticks: no credential signed before it (a renewal handed out and kept) brings
    /// the person back.
    function invariant_revocationSticks() public view {
        _assertTrue(!handler.revocationUndone(), "a credential signed before a revocation undid it");
    }

    /// Issuers answer for their own: no issuer revoked a registration the other answers for, no
    /// removed issuer's credential was accepted, and each registration names the issuer that made
    /// or last renewed it.
    function invariant_issuersAnswerForTheirOwn() public view {
        _assertTrue(
            !handler.forbiddenAccepted(),
            "an issuer revoked or registered another's person, or a removed one registered"
        );
        for (uint256 i = 0; i < handler.people(); ++i) {
            _assertTrue(humans.issuerOf(handler.accountOf(i)) == handler.issuerOf(i), "the issuer answering for it");
            (, , address answering) = humans.nullifier(handler.nullifierOf(i));
            _assertTrue(answering == handler.answeringIssuerOf(i), "the issuer answering for the person");
        }
    }

    /// After an issuer's removal none of its registrations accrues: each may claim what it could
    /// when the issuer lost its role (less what it claimed since), and nothing more.
    function invariant_removedIssuersRegistrationsDoNotAccrue() public view {
        for (uint256 i = 0; i < handler.people(); ++i) {
            (bool ended, uint256 claimable) = handler.frozen(i);
            if (!ended) continue;
            address person = handler.accountOf(i);
            _assertTrue(!humans.isRegistered(person), "registered after its issuer's removal");
            _assertEq(dividend.claimable(person), claimable, "accrued after its issuer's removal");
        }
    }

    /// One person, one share: what each person has been paid and may claim is what the exact
    /// ledger says they earned for their registered seconds.
    function invariant_equalAccrualPerRegisteredSecond() public view {
        for (uint256 i = 0; i < handler.people(); ++i) {
            uint256 got = handler.claimedBy(i) + dividend.claimable(handler.accountOf(i));
            (uint256 exact, uint256 below, uint256 above) = handler.exactEarned(i);
            _assertLe(got, exact + above, "a human gets the exact share, plus what was held at a head-count drop");
            _assertLe(exact, got + below, "a human gets the exact share, less a unit per settlement");
        }
    }

    /// Checked inside the handler with everything settled: income = claimed + owed + held.
    function invariant_dividendConservation() public view {
        _assertTrue(!handler.conservationBroken(), "dividend income is not claimed + owed + held");
        _assertTrue(!handler.claimMisdirected(), "a claim paid other than what was claimable, or to someone else");
        _assertEq(reserve.balanceOf(address(dividend)), handler.gifts(), "the dividend holds only stray FRSV");
    }

    /// No view promises more than a claim a second later pays.
    function invariant_viewsNeverExceedClaims() public {
        for (uint256 i = 0; i < handler.people(); ++i) {
            address person = handler.accountOf(i);
            uint256 promised = dividend.claimable(person);
            if (promised == 0) continue;
            uint256 state = vm.snapshotState();
            vm.warp(block.timestamp + 1);
            vm.prank(person);
            _assertLe(promised, dividend.claim(person, false), "claimable is at most the claim a second later");
            vm.revertToState(state);
        }
    }

    /// The head count is the registrations that accrue, and the dividend and emission follow it.
    function invariant_headCount() public view {
        _assertEq(humans.humanCount(), handler.heads(), "humanCount = registrations not revoked or removed");
        _assertEq(dividend.heads(), handler.heads(), "the dividend counts the same heads");
        _assertTrue(emission.nobodyRegistered() == (handler.heads() == 0), "emission knows when nobody is registered");
        for (uint256 i = 0; i < handler.people(); ++i) {
            _assertTrue(humans.isRegistered(handler.accountOf(i)) == handler.isRegistered(i), "registered as booked");
        }
    }

    /// Promise 1 after FDC dividends: the coin holds at least ceil(supply / RATE), plus directed fees.
    function invariant_fullBackingAfterDividends() public view {
        uint256 supply = coin.totalSupply();
        uint256 required = supply == 0 ? 0 : (supply - 1) / RATE + 1;
        _assertLe(required + coin.directedFeesOwed(), reserve.balanceOf(address(coin)), "backing");
    }

    /// The dividend is due exactly the human share of the schedule, less the seconds with nobody
    /// registered, whose share is the commons'.
    function invariant_humanShareOfTheSchedule() public view {
        _assertEq(
            emission.dueTo(address(dividend)) + emission.redirectedToCommons(),
            handler.referenceHumans(block.timestamp),
            "the dividend and the commons share the human share"
        );
        _assertEq(emission.redirectedToCommons(), handler.redirectedNow(), "seconds with nobody registered");
    }
}
