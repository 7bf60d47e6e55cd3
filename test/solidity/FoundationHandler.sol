// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPoolRegistry} from "../../contracts/interfaces/IPoolRegistry.sol";
import {FeeMath} from "../../contracts/libraries/FeeMath.sol";
import {SystemSetup} from "./SystemSetup.sol";

/// @notice Drives the system with bounded random actions and keeps ghost totals for the
///         invariant tests. It deployed the system, so it is admin, curator and guardian.
contract FoundationHandler is SystemSetup {
    uint256 public constant GENESIS_EACH = 1_000_000e18;
    uint256 private constant MAX_POOLS = 8;

    address[3] private _actors = [address(0xA11CE), address(0xB0B), address(0xCA401)];

    // Ghost totals.
    uint256 public income; // every fee, rounding gift, donation and emission that pools are owed
    uint256 public claimed; // everything paid to pool recipients
    uint256 public lastAccumulator;
    bool public accumulatorDecreased;
    bool public claimMisdirected;
    bool public mintedWhilePaused;
    uint256 public calls;

    constructor() {
        address[] memory accounts = new address[](3);
        uint256[] memory amounts = new uint256[](3);
        for (uint256 i = 0; i < 3; ++i) {
            accounts[i] = _actors[i];
            amounts[i] = GENESIS_EACH;
        }
        _deploySystem(accounts, amounts);
        _addPool(100);
        _addPool(300);
    }

    /*////////////////////////////// actions //////////////////////////////*/

    function mint(uint256 actorSeed, uint256 amount, uint256 poolSeed) external {
        address actor = _actor(actorSeed);
        uint256 balance = reserve.balanceOf(actor);
        if (balance == 0) return;
        if (coin.mintingPaused()) {
            // Paused minting must refuse, and refuse only minting (see `redeem`, which never skips).
            vm.prank(actor);
            try coin.mint(1, actor, 0, 0) {
                mintedWhilePaused = true;
            } catch {}
            return;
        }
        amount = _bound(amount, 1, balance);
        uint256 poolId = _activePoolOrCommons(poolSeed);
        (, uint256 fee) = coin.previewMint(amount);
        vm.startPrank(actor);
        reserve.approve(address(coin), amount);
        coin.mint(amount, actor, poolId, 0);
        vm.stopPrank();
        income += fee;
        _after();
    }

    function redeem(uint256 actorSeed, uint256 amount, uint256 poolSeed) external {
        address actor = _actor(actorSeed);
        uint256 balance = coin.balanceOf(actor);
        if (balance < RATE) return;
        amount = _bound(amount, RATE, balance);
        uint256 poolId = _activePoolOrCommons(poolSeed);
        uint256 backingBefore = coin.requiredBacking();
        (, uint256 fee) = coin.previewRedeem(amount);
        vm.prank(actor);
        coin.redeem(amount, actor, poolId, 0);
        // The backing the burnt coin released beyond the gross paid (a sub-unit remainder)
        // stays in the coin and belongs to the commons.
        income += fee + (backingBefore - coin.requiredBacking()) - amount / RATE;
        _after();
    }

    function claim(uint256 poolSeed) external {
        uint256 count = registry.poolCount();
        uint256 poolId = 1 + (poolSeed % count);
        address recipient = registry.pool(poolId).recipient;
        uint256 before = reserve.balanceOf(recipient);
        uint256 paid = registry.claim(poolId);
        if (reserve.balanceOf(recipient) - before != paid) claimMisdirected = true;
        claimed += paid;
        _after();
    }

    function release(uint256 jump) external {
        vm.warp(block.timestamp + _bound(jump, 0, 50 * HALVING));
        income += emission.release();
        _after();
    }

    function donate(uint256 actorSeed, uint256 amount, bool toRegistry) external {
        address actor = _actor(actorSeed);
        uint256 balance = reserve.balanceOf(actor);
        if (balance == 0) return;
        amount = _bound(amount, 1, balance);
        vm.prank(actor);
        reserve.transfer(toRegistry ? address(registry) : address(coin), amount);
        income += amount;
        _after();
    }

    function setWeight(uint256 poolSeed, uint256 weight) external {
        uint256 poolId = _activePoolOrCommons(poolSeed);
        if (poolId == 0) return;
        registry.setWeight(poolId, _bound(weight, 0, 1000));
        _after();
    }

    function addPool(uint256 weight) external {
        if (registry.poolCount() >= MAX_POOLS) return;
        _addPool(_bound(weight, 0, 1000));
        _after();
    }

    function retire(uint256 poolSeed) external {
        uint256 poolId = 1 + (poolSeed % registry.poolCount());
        if (registry.pool(poolId).status == IPoolRegistry.Status.Retired) return;
        registry.retire(poolId);
        _after();
    }

    /// @dev The guardian's switch. With failOnRevert, every redeem and claim that follows a
    ///      pause must still succeed: redemption and claims can never be paused.
    function togglePause() external {
        if (coin.mintingPaused()) coin.unpauseMinting();
        else coin.pauseMinting();
        _after();
    }

    function setFees(uint256 mintBps, uint256 redeemBps) external {
        coin.setFees(_bound(mintBps, 0, 200), _bound(redeemBps, 0, 200));
        _after();
    }

    /*////////////////////////////// views for the invariants //////////////////////////////*/

    function system() external view returns (address, address, address, address) {
        return (address(reserve), address(coin), address(registry), address(emission));
    }

    function genesis() external pure returns (uint256) {
        return 3 * GENESIS_EACH;
    }

    /*////////////////////////////// helpers //////////////////////////////*/

    function _after() private {
        ++calls;
        uint256 acc = registry.accumulatedPerWeight();
        if (acc < lastAccumulator) accumulatorDecreased = true;
        lastAccumulator = acc;
    }

    function _addPool(uint256 weight) private {
        uint256 poolId = registry.propose("Pool", "ipfs://pool", address(uint160(0x1000 + registry.poolCount() + 1)));
        registry.approve(poolId, weight);
    }

    function _actor(uint256 seed) private view returns (address) {
        return _actors[seed % 3];
    }

    /// @dev Returns an active pool chosen by `seed`, or 0 (the commons) for a third of seeds
    ///      and whenever no pool is active.
    function _activePoolOrCommons(uint256 seed) private view returns (uint256) {
        if (seed % 3 == 0) return 0;
        uint256 count = registry.poolCount();
        for (uint256 i = 0; i < count; ++i) {
            uint256 poolId = 1 + (((seed % count) + i) % count);
            if (registry.isActive(poolId)) return poolId;
        }
        return 0;
    }

    /// @dev Exposed so the invariant contract can reuse the library's rounding.
    function backingFor(uint256 supply) external pure returns (uint256) {
        return FeeMath.backingFor(supply, RATE);
    }
}
