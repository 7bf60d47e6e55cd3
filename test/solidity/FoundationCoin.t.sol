// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IFoundationCoin} from "../../contracts/interfaces/IFoundationCoin.sol";
import {SystemSetup} from "./SystemSetup.sol";

/// @notice Fuzz tests of mint and redeem arithmetic: formulas, rounding direction, backing.
contract FoundationCoinFuzzTest is SystemSetup {
    uint256 private constant SUPPLY = 20_000_000e18;

    function setUp() public {
        (address[] memory a, uint256[] memory v) = _one(address(this), SUPPLY);
        _deploySystem(a, v);
        reserve.approve(address(coin), type(uint256).max);
        registry.propose("Pool", "", address(0xBEEF));
        registry.approve(1, 1);
    }

    function testFuzz_mint_followsFormulaAndRoundsFeeUp(uint256 reserveIn, uint256 bps, bool directed) public {
        reserveIn = _bound(reserveIn, 1, SUPPLY);
        bps = _bound(bps, 0, coin.MAX_FEE_BPS());
        coin.setFees(bps, 0);
        uint256 poolId = directed ? 1 : 0;
        (uint256 previewOut, uint256 previewFee) = coin.previewMint(reserveIn);

        uint256 coinOut = coin.mint(reserveIn, address(this), poolId, previewOut);

        uint256 fee = (reserveIn * bps + 9999) / 10_000;
        _assertEq(previewFee, fee, "fee is ceil(in * bps / 10000)");
        _assertTrue(fee * 10_000 >= reserveIn * bps, "fee never rounds down");
        _assertEq(coinOut, (reserveIn - fee) * RATE, "coin out at the rate");
        _assertEq(coinOut, previewOut, "preview matches execution");
        _assertEq(coin.balanceOf(address(this)), coinOut, "coin credited");
        _assertEq(reserve.balanceOf(address(coin)), reserveIn, "reserve held");
        _assertEq(directed ? coin.poolFeesOwed(1) : coin.commonsFeesOwed(), fee, "fee booked where named");
        _assertLe(coin.requiredBacking() + fee, reserve.balanceOf(address(coin)), "backed");
    }

    function testFuzz_redeem_roundsInFavourOfBacking(uint256 reserveIn, uint256 coinIn, uint256 bps) public {
        reserveIn = _bound(reserveIn, 1, SUPPLY);
        bps = _bound(bps, 0, coin.MAX_FEE_BPS());
        coin.setFees(0, bps);
        uint256 minted = coin.mint(reserveIn, address(this), 0, 0);
        vm.assume(minted >= RATE);
        coinIn = _bound(coinIn, RATE, minted);
        uint256 reserveBefore = reserve.balanceOf(address(this));

        uint256 reserveOut = coin.redeem(coinIn, address(this), 0, 0);

        uint256 gross = coinIn / RATE;
        uint256 fee = (gross * bps + 9999) / 10_000;
        _assertEq(reserveOut, gross - fee, "reserve out is floor(coinIn / RATE) minus the fee");
        _assertLe(reserveOut * RATE, coinIn, "never paid more than the coin is worth");
        _assertEq(reserve.balanceOf(address(this)) - reserveBefore, reserveOut, "paid to the recipient");
        uint256 held = reserve.balanceOf(address(coin));
        _assertLe(coin.requiredBacking(), held, "remaining supply stays fully backed");
    }

    function testFuzz_mintThenRedeem_neverProfits(uint256 reserveIn, uint256 mintBps, uint256 redeemBps) public {
        reserveIn = _bound(reserveIn, 1, SUPPLY);
        coin.setFees(_bound(mintBps, 0, 200), _bound(redeemBps, 0, 200));
        uint256 before = reserve.balanceOf(address(this));
        uint256 minted = coin.mint(reserveIn, address(this), 0, 0);
        vm.assume(minted >= RATE);
        coin.redeem(minted, address(this), 1, 0);
        _assertLe(reserve.balanceOf(address(this)), before, "a round trip never gains reserve");
        _assertEq(coin.totalSupply(), 0, "all coin burnt");
        _assertEq(
            reserve.balanceOf(address(coin)),
            coin.commonsFeesOwed() + coin.directedFeesOwed(),
            "what stays behind is exactly the fees"
        );
    }

    function testFuzz_mint_refusesInactivePools(uint256 poolId) public {
        vm.assume(poolId != 0 && poolId != 1);
        vm.expectRevert(abi.encodeWithSelector(IFoundationCoin.PoolNotActive.selector, poolId));
        coin.mint(1e18, address(this), poolId, 0);
    }

    function testFuzz_setFees_refusesAboveCap(uint256 bps) public {
        bps = _bound(bps, 201, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IFoundationCoin.FeeAboveCap.selector, bps, 200));
        coin.setFees(bps, 0);
    }

    function test_redeem_worksWhilePaused() public {
        coin.mint(10e18, address(this), 0, 0);
        coin.pauseMinting();
        vm.expectRevert(abi.encodeWithSelector(IFoundationCoin.MintingIsPaused.selector));
        coin.mint(1e18, address(this), 0, 0);
        uint256 out = coin.redeem(1000e18, address(this), 0, 0);
        _assertEq(out, 0.995e18, "redeemed at the normal rate and fee");
    }
}
