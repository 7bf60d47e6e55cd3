// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IFoundationCoin} from "../../contracts/interfaces/IFoundationCoin.sol";
import {SystemSetup} from "./SystemSetup.sol";

/// @notice Fuzz tests of mintWithPermit: for any amount, fee, pool and whether the permit was
///         front-run, it mints what {mint} would; permits from another key or past their deadline
///         are refused with nothing moved.
contract MintWithPermitFuzzTest is SystemSetup {
    uint256 private constant SUPPLY = 20_000_000e18;
    uint256 private constant HOLDER_KEY = 0xA11CE;
    bytes32 private constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    address private holder;

    function setUp() public {
        holder = vm.addr(HOLDER_KEY);
        (address[] memory a, uint256[] memory v) = _one(holder, SUPPLY);
        _deploySystem(a, v);
        registry.propose("Pool", "", address(0xBEEF));
        _curateOne(1, 1);
        vm.warp(1_000_000);
    }

    function testFuzz_mintWithPermit_mintsAsMintWould(
        uint256 reserveIn,
        uint256 bps,
        bool directed,
        bool frontRun
    ) public {
        reserveIn = _bound(reserveIn, 2, SUPPLY);
        coin.setFees(_bound(bps, 0, coin.MAX_FEE_BPS()), 0);
        uint256 poolId = directed ? 1 : 0;
        uint256 deadline = block.timestamp; // the last second it is valid
        (uint8 v, bytes32 r, bytes32 s) = _sign(HOLDER_KEY, reserveIn, deadline);
        (uint256 previewOut, uint256 fee) = coin.previewMint(reserveIn);
        // Anyone may submit the permit to the reserve first; the mint must go through all the same.
        if (frontRun) reserve.permit(holder, address(coin), reserveIn, deadline, v, r, s);

        vm.prank(holder);
        uint256 coinOut = coin.mintWithPermit(reserveIn, holder, poolId, previewOut, deadline, v, r, s);

        _assertEq(coinOut, previewOut, "mints what previewMint quoted");
        _assertEq(coinOut, (reserveIn - fee) * RATE, "coin out at the rate");
        _assertEq(coin.balanceOf(holder), coinOut, "coin credited");
        _assertEq(reserve.balanceOf(holder), SUPPLY - reserveIn, "reserve taken from the holder");
        _assertEq(reserve.balanceOf(address(coin)), reserveIn, "reserve held");
        _assertEq(directed ? coin.poolFeesOwed(1) : coin.commonsFeesOwed(), fee, "fee booked where named");
        _assertEq(reserve.nonces(holder), 1, "the permit's nonce is used once");
        _assertEq(reserve.allowance(holder, address(coin)), 0, "no allowance left over");
    }

    function testFuzz_mintWithPermit_refusesAnotherKey(uint256 key, uint256 reserveIn) public {
        // Any valid secp256k1 key other than the holder's.
        key = _bound(key, 1, 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140);
        vm.assume(key != HOLDER_KEY);
        reserveIn = _bound(reserveIn, 2, SUPPLY);
        (uint8 v, bytes32 r, bytes32 s) = _sign(key, reserveIn, block.timestamp);

        vm.prank(holder);
        vm.expectRevert(abi.encodeWithSelector(IFoundationCoin.PermitRejected.selector, holder, 0, reserveIn));
        coin.mintWithPermit(reserveIn, holder, 0, 0, block.timestamp, v, r, s);

        _assertEq(reserve.balanceOf(holder), SUPPLY, "nothing taken");
        _assertEq(reserve.nonces(holder), 0, "no nonce used");
    }

    function testFuzz_mintWithPermit_refusesAfterDeadline(uint256 deadline, uint256 reserveIn) public {
        deadline = _bound(deadline, 0, block.timestamp - 1);
        reserveIn = _bound(reserveIn, 2, SUPPLY);
        (uint8 v, bytes32 r, bytes32 s) = _sign(HOLDER_KEY, reserveIn, deadline);

        vm.prank(holder);
        vm.expectRevert(abi.encodeWithSelector(IFoundationCoin.PermitExpired.selector, deadline, block.timestamp));
        coin.mintWithPermit(reserveIn, holder, 0, 0, deadline, v, r, s);

        _assertEq(reserve.balanceOf(holder), SUPPLY, "nothing taken");
        _assertEq(reserve.nonces(holder), 0, "no nonce used");
    }

    /// @dev A permit for the holder's reserve, spender the coin, signed with `key`.
    function _sign(uint256 key, uint256 value, uint256 deadline) private view returns (uint8, bytes32, bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, holder, address(coin), value, reserve.nonces(holder), deadline)
        );
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", reserve.DOMAIN_SEPARATOR(), structHash)));
    }
}

/// @notice A contract wallet (ERC-1271) that vouches for any signature and does what its owner asks.
contract VouchingWallet {
    function isValidSignature(bytes32, bytes calldata) external pure returns (bytes4) {
        return 0x1626ba7e;
    }

    function approve(IERC20 token, address spender, uint256 amount) external {
        token.approve(spender, amount);
    }

    function mintWithPermit(IFoundationCoin coin, uint256 reserveIn) external {
        coin.mintWithPermit(reserveIn, address(this), 0, 0, block.timestamp, 27, bytes32(0), bytes32(0));
    }
}

/// @notice A contract wallet cannot mint with a permit (the reserve's permit takes ECDSA signatures
///         only, whatever the wallet's ERC-1271 answer); it is refused with nothing moved, and mints
///         once it has approved, as {mint} would.
contract MintWithPermitContractWalletTest is SystemSetup {
    VouchingWallet private wallet;

    function setUp() public {
        wallet = new VouchingWallet();
        (address[] memory a, uint256[] memory v) = _one(address(wallet), 1_000e18);
        _deploySystem(a, v);
        vm.warp(1_000_000);
    }

    function test_contractWallet_isRefusedUntilItApproves() public {
        IFoundationCoin mintingCoin = IFoundationCoin(address(coin));
        vm.expectRevert(abi.encodeWithSelector(IFoundationCoin.PermitRejected.selector, address(wallet), 0, 100e18));
        wallet.mintWithPermit(mintingCoin, 100e18);
        _assertEq(reserve.balanceOf(address(wallet)), 1_000e18, "nothing moved");

        wallet.approve(IERC20(address(reserve)), address(coin), 100e18);
        wallet.mintWithPermit(mintingCoin, 100e18);
        _assertEq(reserve.allowance(address(wallet), address(coin)), 0, "the allowance is spent");
        _assertEq(reserve.balanceOf(address(coin)), coin.requiredBacking() + coin.commonsFeesOwed(), "fully backed");
        _assertEq(coin.balanceOf(address(wallet)), 99_500e18, "minted as mint would");
    }
}
