// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IFoundationCoin} from "../../contracts/interfaces/IFoundationCoin.sol";
import {SystemSetup} from "./SystemSetup.sol";

/// @notice Fuzz tests of mint and redeem arithmetic: formulas, rounding direction, backing, dust.
///         Amounts are biased: half the runs use dust (1 to 2 * RATE base units), half any size.
contract FoundationCoinFuzzTest is SystemSetup {
    uint256 private constant SUPPLY = 20_000_000e18;

    function setUp() public {
        (address[] memory a, uint256[] memory v) = _one(address(this), SUPPLY);
        _deploySystem(a, v);
        reserve.approve(address(coin), type(uint256).max);
        registry.propose("Pool", "", address(0xBEEF));
        _curateOne(1, 1);
    }

    function testFuzz_mint_followsFormulaAndRoundsFeeUp(uint256 reserveIn, uint256 bps, bool directed) public {
        reserveIn = _dustOrAny(reserveIn, SUPPLY);
        bps = _bound(bps, 0, coin.MAX_FEE_BPS());
        coin.setFees(bps, 0);
        uint256 poolId = directed ? 1 : 0;
        (uint256 previewOut, uint256 previewFee) = coin.previewMint(reserveIn);
        uint256 fee = (reserveIn * bps + 9999) / 10_000;
        _assertEq(previewFee, fee, "fee is ceil(in * bps / 10000)");
        _assertTrue(fee * 10_000 >= reserveIn * bps, "fee never rounds down");
        if (reserveIn == fee) {
            // Dust whose fee rounds up to all of it: refused, nothing moves.
            _assertEq(previewOut, 0, "the preview reports 0");
            vm.expectRevert(abi.encodeWithSelector(IFoundationCoin.ZeroOutput.selector, reserveIn, fee));
            coin.mint(reserveIn, address(this), poolId, 0);
            return;
        }

        uint256 coinOut = coin.mint(reserveIn, address(this), poolId, previewOut);

        _assertEq(coinOut, (reserveIn - fee) * RATE, "coin out at the rate");
        _assertEq(coinOut, previewOut, "preview matches execution");
        _assertEq(coin.balanceOf(address(this)), coinOut, "coin credited");
        _assertEq(reserve.balanceOf(address(coin)), reserveIn, "reserve held");
        _assertEq(directed ? coin.poolFeesOwed(1) : coin.commonsFeesOwed(), fee, "fee booked where named");
        _assertLe(coin.requiredBacking() + fee, reserve.balanceOf(address(coin)), "backed");
    }

    function testFuzz_redeem_roundsInFavourOfBacking(uint256 reserveIn, uint256 coinIn, uint256 bps) public {
        reserveIn = _bound(reserveIn, 1e15, SUPPLY);
        bps = _bound(bps, 0, coin.MAX_FEE_BPS());
        coin.setFees(0, bps);
        uint256 minted = coin.mint(reserveIn, address(this), 0, 0);
        coinIn = coinIn % 2 == 0 ? _bound(coinIn, 1, 2 * RATE) : _bound(coinIn, 1, minted);
        uint256 reserveBefore = reserve.balanceOf(address(this));
        uint256 gross = coinIn / RATE;
        uint256 fee = (gross * bps + 9999) / 10_000;
        if (gross == fee) {
            vm.expectRevert(abi.encodeWithSelector(IFoundationCoin.ZeroOutput.selector, coinIn, fee));
            coin.redeem(coinIn, address(this), 0, 0);
            _assertEq(coin.balanceOf(address(this)), minted, "nothing burnt");
            return;
        }

        uint256 reserveOut = coin.redeem(coinIn, address(this), 0, 0);

        _assertEq(reserveOut, gross - fee, "reserve out is floor(coinIn / RATE) minus the fee");
        _assertLe(reserveOut * RATE, coinIn, "never paid more than the coin is worth");
        _assertEq(reserve.balanceOf(address(this)) - reserveBefore, reserveOut, "paid to the recipient");
        // Checked with this test's own ceiling, not the library's: the backing never rounds down.
        uint256 required = (coin.totalSupply() + RATE - 1) / RATE;
        _assertLe(required, reserve.balanceOf(address(coin)), "remaining supply stays fully backed");
        _assertEq(coin.requiredBacking(), required, "required backing is ceil(supply / RATE)");
    }

    function testFuzz_mintThenRedeem_neverProfits(uint256 reserveIn, uint256 mintBps, uint256 redeemBps) public {
        reserveIn = _dustOrAny(reserveIn, SUPPLY);
        coin.setFees(_bound(mintBps, 0, 200), _bound(redeemBps, 0, 200));
        (uint256 minted, ) = coin.previewMint(reserveIn);
        vm.assume(minted != 0);
        uint256 before = reserve.balanceOf(address(this));
        coin.mint(reserveIn, address(this), 0, 0);
        (uint256 out, ) = coin.previewRedeem(minted);
        vm.assume(out != 0);
        coin.redeem(minted, address(this), 1, 0);
        _assertLe(reserve.balanceOf(address(this)), before, "a round trip never gains reserve");
        _assertEq(coin.totalSupply(), 0, "all coin burnt");
        _assertEq(
            reserve.balanceOf(address(coin)),
            coin.commonsFeesOwed() + coin.directedFeesOwed(),
            "what stays behind is exactly the fees"
        );
    }

    /// Splitting one mint into two never pays less fee in total (fees round up).
    function testFuzz_mint_splittingNeverSavesFees(uint256 total, uint256 first, uint256 bps) public {
        total = _dustOrAny(total, SUPPLY);
        first = _bound(first, 0, total);
        bps = _bound(bps, 0, 200);
        coin.setFees(bps, 0);
        (, uint256 whole) = coin.previewMint(total);
        (, uint256 feeA) = coin.previewMint(first);
        (, uint256 feeB) = coin.previewMint(total - first);
        _assertLe(whole, feeA + feeB, "two parts pay at least the fee of the whole");
    }

    /// Splitting one redemption into two never pays out more reserve in total.
    function testFuzz_redeem_splittingNeverPaysMore(uint256 coinIn, uint256 first, uint256 bps) public {
        coinIn = _dustOrAny(coinIn, SUPPLY * RATE);
        first = _bound(first, 0, coinIn);
        bps = _bound(bps, 0, 200);
        coin.setFees(0, bps);
        (uint256 whole, ) = coin.previewRedeem(coinIn);
        (uint256 outA, ) = coin.previewRedeem(first);
        (uint256 outB, ) = coin.previewRedeem(coinIn - first);
        _assertLe(outA + outB, whole, "two parts never pay more than the whole");
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

    /// @dev Half the seeds give dust (1 to 2 * RATE base units), half anything up to `max`.
    function _dustOrAny(uint256 seed, uint256 max) private pure returns (uint256) {
        return seed % 2 == 0 ? _bound(seed >> 1, 1, 2 * RATE) : _bound(seed >> 1, 1, max);
    }
}
