// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPoolRegistry} from "../../contracts/interfaces/IPoolRegistry.sol";
import {GhostLedger} from "./GhostLedger.sol";
import {SystemSetup} from "./SystemSetup.sol";

/// @notice Drives the system the way its users do, with bounded random actions, and keeps ghost
///         totals and an independent per-pool ledger ({GhostLedger}) for the invariant tests.
///         It deployed the system, so it is admin, curator and guardian. Six holders mint, redeem
///         and move FDC, amounts biased towards dust; twenty-odd pools are proposed, approved in
///         batches, reweighed up to MAX_WEIGHT, retired and handed over; time passes in realistic
///         steps, often with nothing settled for long stretches; FRSV is given to the coin and the
///         registry. Every action must succeed (failOnRevert): refusals it expects are checked
///         inside, and recorded as flags if they did not happen.
contract FoundationHandler is SystemSetup, GhostLedger {
    uint256 public constant GENESIS_EACH = 1_000_000e18;
    uint256 public constant ACTOR_COUNT = 6;
    /// @dev Long enough that a run spans a few halvings, not hundreds.
    uint256 public constant HALVING_PERIOD = 90 days;
    uint256 private constant START_POOLS = 20;
    uint256 private constant MAX_POOLS = 24;
    uint256 private constant MAX_WEIGHT = 1_000_000;

    address[ACTOR_COUNT] private _actors = [
        address(0xA11CE),
        address(0xB0B),
        address(0xCA401),
        address(0xD0D1E),
        address(0xE7E),
        address(0xF0F0)
    ];

    // Ghost totals.
    /// @notice Fees, gifts, redemption dust and the human share forwarded while nobody is
    ///         registered, that pools are owed (the commons' own emission is added by reference).
    uint256 public incomeBesidesEmission;
    /// @notice The human share the dividend has forwarded to the commons, by the reference.
    uint256 public humansForwarded;
    /// @notice Everything paid to pool recipients, in all and per pool.
    uint256 public claimed;
    mapping(uint256 poolId => uint256) public claimedBy;
    uint256 public lastAccumulator;
    bool public accumulatorDecreased;
    bool public claimMisdirected;
    bool public mintedWhilePaused;
    bool public dustPaidOut;
    bool public systemTransferAccepted;
    /// @dev Pools that have been active, so a retired one among them is a pool a holder could have chosen.
    mapping(uint256 poolId => bool) private _wasActive;

    constructor() {
        address[] memory accounts = new address[](ACTOR_COUNT);
        uint256[] memory amounts = new uint256[](ACTOR_COUNT);
        for (uint256 i = 0; i < ACTOR_COUNT; ++i) {
            accounts[i] = _actors[i];
            amounts[i] = GENESIS_EACH;
        }
        _deploySystem(accounts, amounts, HALVING_PERIOD);
        _ghostInit(emission.START(), emission.INITIAL_RATE(), HALVING_PERIOD, COMPUTE_SHARE_BPS, HUMAN_SHARE_BPS);
        for (uint256 i = 0; i < START_POOLS; ++i) _propose();
        // Fourteen approved in one batch with assorted weights (up to MAX_WEIGHT), four left
        // proposed, one active pool and one proposal retired.
        uint256[] memory ids = new uint256[](14);
        uint256[] memory weights = new uint256[](14);
        for (uint256 i = 0; i < 14; ++i) {
            ids[i] = i + 1;
            weights[i] = _weight(uint256(keccak256(abi.encode("start", i))));
        }
        _curate(ids, weights);
        _retire(14);
        _retire(20);
    }

    /*////////////////////////////// holders //////////////////////////////*/

    function mint(uint256 actorSeed, uint256 amountSeed, uint256 poolSeed) external {
        address actor = _actor(actorSeed);
        uint256 balance = reserve.balanceOf(actor);
        if (balance == 0) return;
        uint256 amount = _amount(amountSeed, balance);
        uint256 poolId = _activePoolOrCommons(poolSeed);
        vm.startPrank(actor);
        reserve.approve(address(coin), amount);
        (uint256 coinOut, uint256 fee) = coin.previewMint(amount);
        if (coin.mintingPaused() || coinOut == 0) {
            // Paused minting and dust that would mint nothing must both be refused.
            try coin.mint(amount, actor, poolId, 0) {
                if (coinOut == 0) dustPaidOut = true;
                else mintedWhilePaused = true;
            } catch {}
            vm.stopPrank();
            return;
        }
        coin.mint(amount, actor, poolId, coinOut);
        vm.stopPrank();
        _book(poolId, fee);
        _after();
    }

    function redeem(uint256 actorSeed, uint256 amountSeed, uint256 poolSeed) external {
        address actor = _actor(actorSeed);
        uint256 balance = coin.balanceOf(actor);
        if (balance == 0) return;
        uint256 amount = _amount(amountSeed, balance);
        // Sometimes the holder names a pool the curator has retired: the redemption must still go
        // through, its fee to the commons.
        uint256 poolId = poolSeed % 5 == 1 ? _retiredPool(poolSeed) : _activePoolOrCommons(poolSeed);
        uint256 supply = coin.totalSupply();
        (uint256 reserveOut, uint256 fee) = coin.previewRedeem(amount);
        vm.prank(actor);
        if (reserveOut == 0) {
            try coin.redeem(amount, actor, poolId, 0) {
                dustPaidOut = true;
            } catch {}
            return;
        }
        coin.redeem(amount, actor, poolId, reserveOut);
        _book(registry.isActive(poolId) ? poolId : 0, fee);
        // The backing the burnt coin released beyond the gross paid (a sub-unit remainder) stays
        // in the coin and belongs to the commons. This handler's own ceiling, not the library's.
        uint256 dust = _ceilDiv(supply, RATE) - _ceilDiv(supply - amount, RATE) - amount / RATE;
        incomeBesidesEmission += dust;
        _ghostCommons(dust);
        _after();
    }

    function transferCoin(uint256 fromSeed, uint256 toSeed, uint256 amountSeed, bool viaAllowance) external {
        address from = _actor(fromSeed);
        uint256 balance = coin.balanceOf(from);
        if (balance == 0) return;
        uint256 amount = _amount(amountSeed, balance);
        if (toSeed % 8 == 0) {
            // FDC sent to a system contract would lock its backing: it must be refused.
            address sink = _systemContract(toSeed >> 3);
            vm.prank(from);
            try coin.transfer(sink, amount) {
                systemTransferAccepted = true;
            } catch {}
            return;
        }
        address to = _actor(toSeed >> 3);
        if (viaAllowance) {
            vm.prank(from);
            coin.approve(to, amount);
            vm.prank(to);
            coin.transferFrom(from, to, amount);
        } else {
            vm.prank(from);
            coin.transfer(to, amount);
        }
        _after();
    }

    function donate(uint256 actorSeed, uint256 amountSeed, bool toRegistry) external {
        address actor = _actor(actorSeed);
        uint256 balance = reserve.balanceOf(actor);
        if (balance == 0) return;
        uint256 amount = _amount(amountSeed, balance);
        vm.prank(actor);
        reserve.transfer(toRegistry ? address(registry) : address(coin), amount);
        incomeBesidesEmission += amount;
        _ghostCommons(amount);
        _after();
    }

    /*////////////////////////////// pools //////////////////////////////*/

    function claim(uint256 poolSeed) external {
        uint256 poolId = 1 + (poolSeed % registry.poolCount());
        address recipient = registry.pool(poolId).recipient;
        uint256 before = reserve.balanceOf(recipient);
        uint256 paid = registry.claim(poolId);
        if (reserve.balanceOf(recipient) - before != paid) claimMisdirected = true;
        claimed += paid;
        claimedBy[poolId] += paid;
        _after();
    }

    function propose() external {
        if (registry.poolCount() >= MAX_POOLS) return;
        _propose();
        _after();
    }

    /// @dev A batch of up to five pools chosen by `seed` (ascending, no retired ones); a batch of
    ///      one uses the one-pool forms `approve` / `setWeight` instead.
    function curate(uint256 seed, uint256 weightSeed) external {
        uint256 count = registry.poolCount();
        uint256[] memory picked = new uint256[](5);
        uint256 n;
        for (uint256 poolId = 1; poolId <= count && n < 5; ++poolId) {
            if ((seed >> poolId) & 1 == 0) continue;
            if (registry.pool(poolId).status == IPoolRegistry.Status.Retired) continue;
            picked[n] = poolId;
            ++n;
        }
        uint256[] memory ids = new uint256[](n);
        uint256[] memory weights = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            ids[i] = picked[i];
            weights[i] = _weight(uint256(keccak256(abi.encode(weightSeed, i))));
        }
        if (n == 1) {
            _ghostShare();
            if (registry.pool(ids[0]).status == IPoolRegistry.Status.Proposed) registry.approve(ids[0], weights[0]);
            else registry.setWeight(ids[0], weights[0]);
            _ghostSetWeight(ids[0], weights[0]);
            _wasActive[ids[0]] = true;
        } else {
            _curate(ids, weights);
        }
        _after();
    }

    function retire(uint256 poolSeed) external {
        uint256 poolId = 1 + (poolSeed % registry.poolCount());
        if (registry.pool(poolId).status == IPoolRegistry.Status.Retired) return;
        _retire(poolId);
        _after();
    }

    /// @dev The recipient proposes another address (or cancels with zero); sometimes it accepts.
    function handOver(uint256 poolSeed, uint256 targetSeed, bool accept) external {
        uint256 poolId = 1 + (poolSeed % registry.poolCount());
        address current = registry.pool(poolId).recipient;
        address target = targetSeed % 5 == 0 ? address(0) : address(uint160(0x3000 + (targetSeed % 8)));
        vm.prank(current);
        registry.setRecipient(poolId, target);
        if (accept && target != address(0)) {
            vm.prank(target);
            registry.acceptRecipient(poolId);
        }
        _after();
    }

    /*////////////////////////////// time and emission //////////////////////////////*/

    /// @dev Time passes with nothing settled: seconds, hours or up to a month at a stretch.
    function warp(uint256 seed) external {
        uint256 kind = seed % 3;
        seed /= 3;
        uint256 jump =
            kind == 0
                ? _bound(seed, 1, 60)
                : kind == 1
                    ? _bound(seed, 60, 1 days)
                    : _bound(seed, 1 days, 30 days);
        vm.warp(block.timestamp + jump);
        _after();
    }

    /// @dev Anyone may release; it changes nobody's share (the ledger counts emission as it comes due).
    function release() external {
        emission.release();
        _after();
    }

    /// @dev Anyone may settle the dividend. Nobody is registered as a human here, so it forwards
    ///      the human share released so far (it releases first) to the commons.
    function settleDividend() external {
        uint256 due = referenceHumans(block.timestamp) - humansForwarded;
        dividend.settle();
        humansForwarded += due;
        incomeBesidesEmission += due;
        _ghostCommons(due);
        _after();
    }

    /*////////////////////////////// governance //////////////////////////////*/

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

    function dividendAddress() external view returns (address) {
        return address(dividend);
    }

    function actorAt(uint256 i) external view returns (address) {
        return _actors[i];
    }

    function genesis() external pure returns (uint256) {
        return ACTOR_COUNT * GENESIS_EACH;
    }

    /// @notice Everything pools are owed so far: fees, gifts, dust and the commons' share of
    ///         emission as it came due (the compute share goes to ComputeRewards, not to pools here).
    function income() external view returns (uint256) {
        return incomeBesidesEmission + referenceCommons(block.timestamp);
    }

    /*////////////////////////////// helpers //////////////////////////////*/

    function _book(uint256 poolId, uint256 fee) private {
        incomeBesidesEmission += fee;
        if (poolId == 0) _ghostCommons(fee);
        else _ghostDirected(poolId, fee);
    }

    /// @dev Pool ids are sequential; the ledger counts them the same way.
    function _propose() private {
        registry.propose("Pool", "ipfs://pool", address(uint160(0x1000 + registry.poolCount() + 1)));
        _ghostAddPool();
    }

    function _curate(uint256[] memory ids, uint256[] memory weights) private {
        _ghostShare();
        registry.curate(ids, weights);
        for (uint256 i = 0; i < ids.length; ++i) {
            _ghostSetWeight(ids[i], weights[i]);
            _wasActive[ids[i]] = true;
        }
    }

    function _retire(uint256 poolId) private {
        bool active = registry.isActive(poolId);
        registry.retire(poolId);
        if (active) {
            _ghostShare();
            _ghostRetire(poolId);
        }
    }

    function _after() private {
        uint256 acc = registry.accumulatedPerWeight();
        if (acc < lastAccumulator) accumulatorDecreased = true;
        lastAccumulator = acc;
    }

    function _actor(uint256 seed) private view returns (address) {
        return _actors[seed % ACTOR_COUNT];
    }

    function _systemContract(uint256 seed) private view returns (address) {
        uint256 pick = seed % 8;
        if (pick == 0) return address(coin);
        if (pick == 1) return address(registry);
        if (pick == 2) return address(reserve);
        if (pick == 3) return address(emission);
        if (pick == 4) return address(compute);
        if (pick == 5) return address(humans);
        if (pick == 6) return address(dividend);
        return address(this); // the admin
    }

    /// @dev A third dust (1 to 2 * RATE base units), a third small, a third anything up to `max`.
    function _amount(uint256 seed, uint256 max) private pure returns (uint256) {
        uint256 kind = seed % 3;
        seed /= 3;
        uint256 cap =
            kind == 0
                ? 2 * RATE
                : kind == 1
                    ? 1e21
                    : max;
        return _bound(seed, 1, cap < max ? cap : max);
    }

    /// @dev Weights biased to the edges: 0, MAX_WEIGHT, small, or anything.
    function _weight(uint256 seed) private pure returns (uint256) {
        uint256 kind = seed % 4;
        seed /= 4;
        if (kind == 0) return 0;
        if (kind == 1) return MAX_WEIGHT;
        return kind == 2 ? _bound(seed, 1, 100) : _bound(seed, 1, MAX_WEIGHT);
    }

    /// @dev An active pool chosen by `seed`, or 0 (the commons) for a third of seeds and
    ///      whenever no pool is active.
    function _activePoolOrCommons(uint256 seed) private view returns (uint256) {
        if (seed % 3 == 0) return 0;
        uint256 count = registry.poolCount();
        for (uint256 i = 0; i < count; ++i) {
            uint256 poolId = 1 + (((seed % count) + i) % count);
            if (registry.isActive(poolId)) return poolId;
        }
        return 0;
    }

    /// @dev A pool that was active and has been retired, chosen by `seed`, or 0 (the commons).
    function _retiredPool(uint256 seed) private view returns (uint256) {
        uint256 count = registry.poolCount();
        for (uint256 i = 0; i < count; ++i) {
            uint256 poolId = 1 + (((seed % count) + i) % count);
            if (_wasActive[poolId] && registry.pool(poolId).status == IPoolRegistry.Status.Retired) return poolId;
        }
        return 0;
    }

    function _ceilDiv(uint256 a, uint256 b) private pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
