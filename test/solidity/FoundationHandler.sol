// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IPoolRegistry} from "../../contracts/interfaces/IPoolRegistry.sol";
import {GhostLedger} from "./GhostLedger.sol";
import {SystemSetup} from "./SystemSetup.sol";

/// @notice Drives the whole system the way its users do, with bounded random actions, and keeps
///         ghost totals and an independent per-pool ledger ({GhostLedger}) for the invariant tests.
///         It deployed the system, so it is admin, curator and guardian. Six holders mint, redeem
///         and move FDC, amounts biased towards dust; twenty-odd pools are proposed, curated in
///         batches or one at a time, reweighed up to MAX_WEIGHT, retired and handed over; four
///         people register and leave (so the human share goes to the commons and back); pools
///         report work for some epochs (so other epochs' budgets reach the commons when final),
///         claim it and see leftovers swept; time passes in realistic steps, often with nothing
///         settled for long stretches; FRSV is given to every contract of the commons; anyone
///         settles at any moment. Every action must succeed (failOnRevert): refusals it expects
///         are checked inside, and recorded as flags if they did not happen.
contract FoundationHandler is SystemSetup, GhostLedger {
    uint256 public constant GENESIS_EACH = 1_000_000e18;
    uint256 public constant ACTOR_COUNT = 6;
    uint256 public constant PEOPLE = 4;
    /// @dev Long enough that a run spans a few halvings, not hundreds.
    uint256 public constant HALVING_PERIOD = 90 days;
    uint256 private constant START_POOLS = 20;
    uint256 private constant MAX_POOLS = 24;
    uint256 private constant MAX_WEIGHT = 1_000_000;
    uint256 private constant SCALE = 1e12;
    uint256 private constant ISSUER_KEY = 0x155E7;
    uint256 private constant ATTESTER_KEY = 0xA77E57;
    // solhint-disable-next-line gas-small-strings
    bytes32 private constant CREDENTIAL_TYPEHASH = keccak256(
        "Credential(address account,bytes32 nullifier,uint64 expiresAt)"
    );

    address[ACTOR_COUNT] private _actors = [
        address(0xA11CE),
        address(0xB0B),
        address(0xCA401),
        address(0xD0D1E),
        address(0xE7E),
        address(0xF0F0)
    ];

    // Ghost totals.
    /// @notice What pools were paid from the commons (minted), in all and per pool.
    uint256 public claimedFromCommons;
    mapping(uint256 poolId => uint256) public claimedFromCommonsBy;
    /// @notice Fees named for each pool, charged and paid.
    mapping(uint256 poolId => uint256) public directedCharged;
    mapping(uint256 poolId => uint256) public directedPaid;
    /// @notice FRSV given to ComputeRewards or the dividend and not yet forwarded.
    uint256 public giftsWaiting;
    /// @notice Registered people now.
    uint256 public heads;
    mapping(uint256 person => bool) public registered;
    /// @notice Compute: what each epoch's claims paid, per the handler's own arithmetic.
    mapping(uint256 epoch => uint256) public computeClaimed;
    mapping(uint256 epoch => uint256) public epochUnits;
    mapping(uint256 poolId => mapping(uint256 epoch => uint256)) private _units;
    mapping(uint256 poolId => mapping(uint256 epoch => bool)) private _computeClaimed;
    mapping(uint256 epoch => bool) public swept;
    uint256[] private _reportedEpochs;

    bool public claimMisdirected;
    bool public mintedWhilePaused;
    bool public dustPaidOut;
    bool public systemTransferAccepted;
    bool public retireLoweredClaimable;
    bool public approvedFromZero;
    bool public computePaidWrong;
    bool private _tryingSingle;
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
        _ghostInit(
            emission.START(),
            emission.INITIAL_RATE(),
            HALVING_PERIOD,
            COMPUTE_SHARE_BPS,
            HUMAN_SHARE_BPS,
            EPOCH,
            WINDOW + REVIEW
        );
        humans.grantRole(humans.ISSUER_ROLE(), vm.addr(ISSUER_KEY));
        compute.grantRole(compute.ATTESTER_ROLE(), vm.addr(ATTESTER_KEY));
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
        _bookFee(poolId, fee);
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
        _bookFee(registry.isActive(poolId) ? poolId : 0, fee);
        // The backing the burnt coin released beyond the gross paid (a sub-unit remainder) stays
        // in the coin and belongs to the commons. This handler's own ceiling, not the library's.
        _ghostCommons(_ceilDiv(supply, RATE) - _ceilDiv(supply - amount, RATE) - amount / RATE);
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
    }

    /// @dev FRSV given to a contract of the commons: to the registry, the coin or the emission
    ///      contract it is commons income at once; to ComputeRewards or the dividend, once forwarded.
    function donate(uint256 actorSeed, uint256 amountSeed, uint256 targetSeed) external {
        address actor = _actor(actorSeed);
        uint256 balance = reserve.balanceOf(actor);
        if (balance == 0) return;
        uint256 amount = _amount(amountSeed, balance);
        uint256 target = targetSeed % 5;
        address to =
            target == 0
                ? address(registry)
                : target == 1
                    ? address(coin)
                    : target == 2
                        ? address(emission)
                        : target == 3
                            ? address(compute)
                            : address(dividend);
        vm.prank(actor);
        reserve.transfer(to, amount);
        if (target <= 2) _ghostCommons(amount);
        else giftsWaiting += amount;
    }

    /// @dev Anyone forwards what was given to ComputeRewards and the dividend.
    function forwardSurplus() external {
        uint256 sent = compute.forwardSurplus() + dividend.forwardSurplus();
        if (sent != giftsWaiting) computePaidWrong = true;
        giftsWaiting = 0;
        _ghostCommons(sent);
    }

    /*////////////////////////////// pools //////////////////////////////*/

    function claim(uint256 poolSeed) external {
        uint256 poolId = 1 + (poolSeed % registry.poolCount());
        address recipient = registry.pool(poolId).recipient;
        uint256 before = reserve.balanceOf(recipient);
        uint256 directed = coin.poolFeesOwed(poolId);
        uint256 paid = registry.claim(poolId);
        if (reserve.balanceOf(recipient) - before != paid) claimMisdirected = true;
        directedPaid[poolId] += directed;
        claimedFromCommons += paid - directed;
        claimedFromCommonsBy[poolId] += paid - directed;
    }

    function propose() external {
        if (registry.poolCount() >= MAX_POOLS) return;
        _propose();
    }

    /// @dev A batch of up to five pools chosen by `seed` (ascending, no retired ones); a batch of
    ///      one uses the one-pool forms `approve` / `setWeight` instead, which must refuse to give
    ///      weight while the total weight is zero (a batch of one is curated then).
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
        if (n == 1 && (registry.totalWeight() != 0 || weights[0] == 0)) {
            _ghostShare();
            if (registry.pool(ids[0]).status == IPoolRegistry.Status.Proposed) registry.approve(ids[0], weights[0]);
            else registry.setWeight(ids[0], weights[0]);
            _ghostSetWeight(ids[0], weights[0]);
            _wasActive[ids[0]] = true;
            return;
        }
        if (n == 1) {
            // From total weight zero one pool approved alone would take everything held.
            bool proposed = registry.pool(ids[0]).status == IPoolRegistry.Status.Proposed;
            _tryingSingle = true;
            try this.singleCuration(ids[0], weights[0], proposed) {
                approvedFromZero = true;
            } catch {}
            _tryingSingle = false;
        }
        _curate(ids, weights);
    }

    /// @dev External so {curate} can try it (this contract is the curator); the fuzzer's own calls,
    ///      whatever sender it picks, do nothing.
    function singleCuration(uint256 poolId, uint256 weight, bool proposed) external {
        if (!_tryingSingle) return;
        if (proposed) registry.approve(poolId, weight);
        else registry.setWeight(poolId, weight);
    }

    /// @dev Retiring never lowers what the pool can claim.
    function retire(uint256 poolSeed) external {
        uint256 poolId = 1 + (poolSeed % registry.poolCount());
        if (registry.pool(poolId).status == IPoolRegistry.Status.Retired) return;
        uint256 before = registry.claimable(poolId);
        _retire(poolId);
        if (registry.claimable(poolId) < before) retireLoweredClaimable = true;
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
    }

    /// @dev Anyone settles the commons: it moves nobody's share (the ledger books income as it arrives).
    function settle() external {
        registry.settle();
    }

    /// @dev Anyone hands compute's unreported final budgets to the commons.
    function settleCompute() external {
        compute.settleCommons();
    }

    /*////////////////////////////// people //////////////////////////////*/

    /// @dev An issuer registers a person (or renews them); the human share comes back from the
    ///      commons when the first one registers.
    function register(uint256 personSeed) external {
        uint256 i = personSeed % PEOPLE;
        (, uint256 latest, ) = humans.nullifier(_nullifier(i));
        uint256 expiresAt = block.timestamp + 300 days;
        if (expiresAt <= latest) return;
        if (!registered[i] && heads == 0) _ghostSetNobodyRegistered(false);
        humans.register(_person(i), _nullifier(i), uint64(expiresAt), vm.addr(ISSUER_KEY), _sign(i, expiresAt));
        if (registered[i]) return;
        registered[i] = true;
        ++heads;
    }

    /// @dev The issuer revokes a person; when the last one leaves, the human share goes to the commons.
    function revoke(uint256 personSeed) external {
        uint256 i = personSeed % PEOPLE;
        if (!registered[i]) return;
        vm.prank(vm.addr(ISSUER_KEY));
        humans.revoke(_person(i));
        registered[i] = false;
        --heads;
        if (heads == 0) _ghostSetNobodyRegistered(true);
    }

    /// @dev A person claims their dividend as FRSV (it is not the commons': nothing to book).
    function claimDividend(uint256 personSeed) external {
        address person = _person(personSeed % PEOPLE);
        if (dividend.claimable(person) == 0) return;
        vm.prank(person);
        dividend.claim(person, false);
    }

    /*////////////////////////////// verified compute //////////////////////////////*/

    /// @dev A pool reports the last ended epoch, if its window is open, it has not reported, and
    ///      it was approved before the epoch ended (a report for an earlier epoch is refused).
    function report(uint256 poolSeed, uint256 unitsSeed) external {
        uint256 start = compute.START();
        uint256 current = (block.timestamp - start) / EPOCH;
        if (current == 0) return;
        uint256 epoch = current - 1;
        if (block.timestamp > start + current * EPOCH + WINDOW) return;
        uint256 poolId = 1 + (poolSeed % registry.poolCount());
        if (!registry.isActive(poolId) || _units[poolId][epoch] != 0) return;
        (uint256 approvedAt, ) = registry.activePeriod(poolId);
        if (approvedAt >= start + current * EPOCH) return;
        uint256 units = _bound(unitsSeed, 1, 1e9);
        bytes32 digest = compute.reportDigest(poolId, epoch, units, bytes32(0), 1);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ATTESTER_KEY, digest);
        address[] memory signers = new address[](1);
        bytes[] memory signatures = new bytes[](1);
        signers[0] = vm.addr(ATTESTER_KEY);
        signatures[0] = abi.encodePacked(r, s, v);
        compute.submitWork(poolId, epoch, units, bytes32(0), 1, signers, signatures);
        if (epochUnits[epoch] == 0) {
            _reportedEpochs.push(epoch);
            _ghostReported(epoch);
        }
        _units[poolId][epoch] = units;
        epochUnits[epoch] += units;
    }

    /// @dev Anyone claims a pool's reward for a reported epoch, once final.
    function claimCompute(uint256 poolSeed, uint256 epochSeed) external {
        (bool found, uint256 epoch) = _reportedFinalEpoch(epochSeed);
        if (!found) return;
        uint256 poolId = 1 + (poolSeed % registry.poolCount());
        uint256[] memory epochs = new uint256[](1);
        epochs[0] = epoch;
        uint256 expected;
        uint256 units = _units[poolId][epoch];
        if (units != 0 && !_computeClaimed[poolId][epoch] && !swept[epoch]) {
            expected = (referenceBudget(epoch) * units) / epochUnits[epoch];
            _computeClaimed[poolId][epoch] = true;
            computeClaimed[epoch] += expected;
        }
        if (compute.claim(poolId, epochs) != expected) computePaidWrong = true;
    }

    /// @dev Anyone sweeps a reported epoch after its claim period: the leftover reaches the commons now.
    function sweep(uint256 epochSeed) external {
        (bool found, uint256 epoch) = _reportedFinalEpoch(epochSeed);
        if (!found || swept[epoch]) return;
        if (block.timestamp <= compute.START() + (epoch + 1) * EPOCH + WINDOW + REVIEW + CLAIM_PERIOD) return;
        uint256 leftover = referenceBudget(epoch) - computeClaimed[epoch];
        if (compute.sweep(epoch) != leftover) computePaidWrong = true;
        swept[epoch] = true;
        _ghostCommons(leftover);
    }

    /*////////////////////////////// time //////////////////////////////*/

    /// @dev Time passes with nothing settled: seconds, hours or up to a month at a stretch. The
    ///      ledger books what the schedule brought meanwhile (it shares nothing).
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
        _ghostBook();
    }

    /*////////////////////////////// governance //////////////////////////////*/

    /// @dev The guardian's switch. With failOnRevert, every redeem and claim that follows a
    ///      pause must still succeed: redemption and claims can never be paused.
    function togglePause() external {
        if (coin.mintingPaused()) coin.unpauseMinting();
        else coin.pauseMinting();
    }

    function setFees(uint256 mintBps, uint256 redeemBps) external {
        coin.setFees(_bound(mintBps, 0, 200), _bound(redeemBps, 0, 200));
    }

    /*////////////////////////////// views for the invariants //////////////////////////////*/

    function system() external view returns (address, address, address, address, address, address) {
        return (
            address(reserve),
            address(coin),
            address(registry),
            address(emission),
            address(compute),
            address(dividend)
        );
    }

    function actorAt(uint256 i) external view returns (address) {
        return _actors[i];
    }

    function personAt(uint256 i) external pure returns (address) {
        return _person(i);
    }

    function genesis() external pure returns (uint256) {
        return ACTOR_COUNT * GENESIS_EACH;
    }

    function reportedEpochCount() external view returns (uint256) {
        return _reportedEpochs.length;
    }

    function reportedEpochAt(uint256 i) external view returns (uint256) {
        return _reportedEpochs[i];
    }

    function unitsOf(uint256 poolId, uint256 epoch) external view returns (uint256) {
        return _units[poolId][epoch];
    }

    /*////////////////////////////// helpers //////////////////////////////*/

    function _bookFee(uint256 poolId, uint256 fee) private {
        if (poolId == 0) {
            _ghostCommons(fee);
        } else {
            // Named fees are the pool's alone: {invariant_directedFees} follows them.
            directedCharged[poolId] += fee;
        }
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
        // What waited while no pool had weight goes by this batch's weights.
        _ghostShare();
    }

    function _retire(uint256 poolId) private {
        bool active = registry.isActive(poolId);
        if (active) _ghostShare();
        registry.retire(poolId);
        if (active) _ghostRetire(poolId, claimedFromCommonsBy[poolId] + registry.owedScaled(poolId) / SCALE);
    }

    /// @dev A reported epoch that is final, chosen by `seed`.
    function _reportedFinalEpoch(uint256 seed) private view returns (bool, uint256) {
        uint256 count = _reportedEpochs.length;
        if (count == 0) return (false, 0);
        uint256 epoch = _reportedEpochs[seed % count];
        return (block.timestamp > compute.START() + (epoch + 1) * EPOCH + WINDOW + REVIEW, epoch);
    }

    function _sign(uint256 i, uint256 expiresAt) private view returns (bytes memory) {
        bytes32 structHash = keccak256(abi.encode(CREDENTIAL_TYPEHASH, _person(i), _nullifier(i), uint64(expiresAt)));
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Foundation Humans"),
                keccak256("1"),
                block.chainid,
                address(humans)
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ISSUER_KEY, MessageHashUtils.toTypedDataHash(domain, structHash));
        return abi.encodePacked(r, s, v);
    }

    function _person(uint256 i) private pure returns (address) {
        return address(uint160(0x9000 + i));
    }

    function _nullifier(uint256 i) private pure returns (bytes32) {
        return keccak256(abi.encode("person", i));
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
