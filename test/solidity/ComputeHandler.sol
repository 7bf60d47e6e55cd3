// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPoolRegistry} from "../../contracts/interfaces/IPoolRegistry.sol";
import {SystemSetup} from "./SystemSetup.sol";

/// @notice Drives verified compute the way pools, attesters, the guardian and passers-by do:
///         reports signed by two or three of three attesters (quorum 2) in each epoch's window,
///         corrections by a later version, voids until the review period is over, claims of any
///         mix of epochs, sweeps, hand-overs to the commons, a pool approved late (whose reports
///         for epochs that ended before its approval must be refused), time passing in steps of
///         minutes to hours, FRSV sent to ComputeRewards by mistake and forwarded. It keeps its
///         own books of what each epoch paid and to whom, for the invariant tests. Every action
///         must succeed (failOnRevert); it only attempts what the rules allow at that moment, and
///         checks with try/catch that what they forbid is refused.
contract ComputeHandler is SystemSetup {
    uint256 private constant ATTESTERS = 3;
    uint256 public constant POOLS = 6; // pool 6 is approved late, by {approveLatePool}
    uint256 private constant RECENT = 48; // the epochs a claim or sweep picks among (two claim periods)
    address private constant DONOR = address(0xD0);

    uint256[ATTESTERS] private _keys = [uint256(0xA77E5701), 0xA77E5702, 0xA77E5703];

    // Ghost books.
    mapping(uint256 epoch => uint256) public ghostUnits; // every report's latest units, voided ones included
    mapping(uint256 epoch => uint256) public ghostVoided; // the voided reports' units
    mapping(uint256 epoch => uint256) public ghostVoidedShares; // sum of each voided report's floor(b * u / T), once final
    mapping(uint256 epoch => uint256) public ghostVoidedHanded; // voided shares handed to the commons
    mapping(uint256 epoch => uint256) public ghostClaimed;
    mapping(uint256 epoch => uint256) public ghostSwept;
    mapping(uint256 epoch => bool) public ghostIsSwept;
    mapping(uint256 epoch => bool) public ghostReported; // some pool reported (voided or not)
    mapping(uint256 poolId => mapping(uint256 epoch => uint256)) public ghostUnitsOf; // the pool's latest report
    mapping(uint256 poolId => mapping(uint256 epoch => bool)) public ghostIsVoided;
    mapping(uint256 poolId => mapping(uint256 epoch => uint256)) public ghostPaidTo;
    uint256 public ghostPaid; // claims and sweeps, all epochs
    uint256 public sweptTotal; // sweeps, all epochs
    uint256 public voidedTotal; // voided shares handed over, all epochs

    uint256 public ghostStray; // FRSV sent here by mistake and not yet forwarded
    uint256 public maxEpochTouched;
    uint256 public corrections; // reports replaced by a later version
    uint256 public voids;
    uint256 public lateRefusals; // reports for epochs outside a pool's active span, refused
    bool public claimMisdirected;
    bool public shareWrong;
    bool public forbiddenAccepted;

    constructor() {
        address[] memory accounts = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        accounts[0] = DONOR;
        amounts[0] = 1_000_000e18;
        _deploySystem(accounts, amounts, 30 days);
        bytes32 role = compute.ATTESTER_ROLE();
        for (uint256 i = 0; i < ATTESTERS; ++i) compute.grantRole(role, vm.addr(_keys[i]));
        compute.revokeRole(role, address(this));
        compute.setQuorum(2);
        uint256[] memory ids = new uint256[](POOLS - 1);
        uint256[] memory weights = new uint256[](POOLS - 1);
        for (uint256 i = 0; i < POOLS; ++i) {
            registry.propose("Pool", "", address(uint160(0x5000 + i + 1)));
            if (i < POOLS - 1) {
                ids[i] = i + 1;
                weights[i] = 1;
            }
        }
        registry.curate(ids, weights);
    }

    /*////////////////////////////// actions //////////////////////////////*/

    /// @dev Time passes, nothing settled: minutes to hours, now and then most of a day.
    function warp(uint256 seed) external {
        vm.warp(
            block.timestamp + (seed % 4 == 0 ? _bound(seed >> 2, 3 hours, 20 hours) : _bound(seed >> 2, 60, 3 hours))
        );
    }

    /// @dev The curator approves the last pool, once, some time after the start.
    function approveLatePool() external {
        if (registry.isActive(POOLS) || registry.pool(POOLS).status == IPoolRegistry.Status.Retired) return;
        if (registry.totalWeight() == 0) _curateOne(POOLS, 1);
        else registry.approve(POOLS, 1);
    }

    /// @dev A pool reports the last ended epoch while its window is open: a first report, or a
    ///      correction (a later version) of one that is not void. A report for an epoch that ended
    ///      before the pool's approval, or began after its retirement, must be refused; one for an
    ///      epoch it was active in must be accepted, even after a retirement in the window.
    function submit(uint256 poolSeed, uint256 units, uint256 signersSeed, bytes32 evidence) external {
        (bool open, uint256 epoch) = _epochInWindow();
        if (!open) return;
        uint256 poolId = 1 + (poolSeed % POOLS);
        (bool approved, bool outsideSpan) = _span(poolId, epoch);
        if (!approved || ghostIsVoided[poolId][epoch]) return;
        units = units % 3 == 0 ? _bound(units, 1, 10) : _bound(units, 1, type(uint64).max);
        uint256 count = 2 + (signersSeed % 2); // quorum 2, sometimes all three
        uint32 version = uint32(compute.reportVersion(poolId, epoch) + 1 + (signersSeed % 5));
        (address[] memory signers, bytes[] memory signatures) = _sign(poolId, epoch, units, evidence, version, count);
        if (outsideSpan) {
            try compute.submitWork(poolId, epoch, units, evidence, version, signers, signatures) {
                forbiddenAccepted = true;
            } catch {
                ++lateRefusals;
            }
            return;
        }
        compute.submitWork(poolId, epoch, units, evidence, version, signers, signatures);
        if (!_listed[epoch]) {
            _reportedEpochs.push(epoch);
            _listed[epoch] = true;
        }
        uint256 replaced = ghostUnitsOf[poolId][epoch];
        if (replaced != 0) ++corrections;
        ghostReported[epoch] = true;
        ghostUnits[epoch] = ghostUnits[epoch] - replaced + units;
        ghostUnitsOf[poolId][epoch] = units;
        if (epoch > maxEpochTouched) maxEpochTouched = epoch;
    }

    /// @dev The guardian voids a report of an epoch whose review period is not over; a correction
    ///      of a voided report is refused.
    function voidReport(uint256 poolSeed, uint256 back) external {
        (bool open, uint256 epoch) = _epochInReview(back % 3);
        if (!open) return;
        uint256 poolId = 1 + (poolSeed % POOLS);
        uint256 units = ghostUnitsOf[poolId][epoch];
        if (units == 0 || ghostIsVoided[poolId][epoch]) return;
        compute.voidReport(poolId, epoch);
        ++voids;
        ghostIsVoided[poolId][epoch] = true;
        ghostVoided[epoch] += units;
        (bool inWindow, uint256 windowEpoch) = _epochInWindow();
        if (inWindow && windowEpoch == epoch) {
            uint32 version = uint32(compute.reportVersion(poolId, epoch) + 1);
            (address[] memory signers, bytes[] memory signatures) = _sign(poolId, epoch, 7, bytes32(0), version, 2);
            try compute.submitWork(poolId, epoch, 7, bytes32(0), version, signers, signatures) {
                forbiddenAccepted = true;
            } catch {}
        }
    }

    /// @dev Anyone claims for a pool, for up to three recent final epochs (repeats included).
    function claim(uint256 poolSeed, uint256 epochSeed) external {
        uint256 poolId = 1 + (poolSeed % POOLS);
        uint256[] memory epochs = new uint256[](1 + (epochSeed % 3));
        for (uint256 i = 0; i < epochs.length; ++i) {
            (bool found, uint256 epoch) = _pickEpoch(uint256(keccak256(abi.encode(epochSeed, i))));
            if (!found) return;
            epochs[i] = epoch;
        }
        address recipient = registry.recipientOf(poolId);
        uint256 before = reserve.balanceOf(recipient);
        uint256 expectedTotal;
        for (uint256 i = 0; i < epochs.length; ++i) {
            uint256 epoch = epochs[i];
            uint256 units = ghostUnitsOf[poolId][epoch];
            if (units == 0 || ghostIsVoided[poolId][epoch] || _claimed[poolId][epoch] || ghostIsSwept[epoch]) {
                continue;
            }
            uint256 share = (compute.epochBudget(epoch) * units) / ghostUnits[epoch];
            _claimed[poolId][epoch] = true;
            ghostClaimed[epoch] += share;
            ghostPaidTo[poolId][epoch] += share;
            expectedTotal += share;
        }
        uint256 paid = compute.claim(poolId, epochs);
        if (paid != expectedTotal) shareWrong = true;
        if (reserve.balanceOf(recipient) - before != paid) claimMisdirected = true;
        ghostPaid += paid;
    }

    /// @dev Anyone hands a voided report's share of a recent final epoch to the commons: exactly
    ///      what the pool's claim would have paid, once; a report that is not void is refused.
    function sweepVoided(uint256 poolSeed, uint256 epochSeed) external {
        (bool found, uint256 epoch) = _pickEpoch(epochSeed);
        if (!found) return;
        uint256 poolId = 1 + (poolSeed % POOLS);
        if (!ghostIsVoided[poolId][epoch]) {
            try compute.sweepVoided(poolId, epoch) {
                forbiddenAccepted = true;
            } catch {} // solhint-disable-line no-empty-blocks
            return;
        }
        uint256 expected;
        if (!_claimed[poolId][epoch] && !ghostIsSwept[epoch]) {
            expected = (compute.epochBudget(epoch) * ghostUnitsOf[poolId][epoch]) / ghostUnits[epoch];
            _claimed[poolId][epoch] = true;
            ghostVoidedHanded[epoch] += expected;
            voidedTotal += expected;
        }
        uint256 amount = compute.sweepVoided(poolId, epoch);
        if (amount != expected) shareWrong = true;
        ghostPaid += amount;
    }

    /// @dev Anyone sweeps a recent final epoch after its claim period; one nobody reported pays
    ///      nothing (its budget is handed over by {settleCommons}).
    function sweep(uint256 epochSeed) external {
        (bool found, uint256 epoch) = _pickEpoch(epochSeed);
        if (!found || ghostIsSwept[epoch]) return;
        uint256 end = compute.START() + (epoch + 1) * EPOCH;
        if (block.timestamp <= end + WINDOW + REVIEW + CLAIM_PERIOD) return;
        uint256 amount = compute.sweep(epoch);
        if (!ghostReported[epoch]) {
            if (amount != 0 || compute.isSwept(epoch)) shareWrong = true;
            return;
        }
        if (amount != compute.epochBudget(epoch) - ghostVoidedHanded[epoch] - ghostClaimed[epoch]) shareWrong = true;
        ghostIsSwept[epoch] = true;
        ghostSwept[epoch] = amount;
        ghostPaid += amount;
        sweptTotal += amount;
        if (epoch > maxEpochTouched) maxEpochTouched = epoch;
    }

    /// @dev Anyone hands the budgets of epochs final with no report to the commons: exactly those
    ///      not handed over before (the registry's settlements hand them over too), by the
    ///      handler's own walk over the epochs.
    function settleCommons() external {
        uint256 expected = unreportedFinalBudgets() - compute.unreportedToCommons();
        if (compute.settleCommons() != expected) shareWrong = true;
    }

    /// @notice The budgets of every epoch final by now that no pool reported, by walking the epochs.
    function unreportedFinalBudgets() public view returns (uint256 total) {
        uint256 start = compute.START();
        if (block.timestamp <= start + WINDOW + REVIEW) return 0;
        uint256 finalEpochs = (block.timestamp - start - WINDOW - REVIEW - 1) / EPOCH;
        for (uint256 epoch = 0; epoch < finalEpochs; ++epoch) {
            if (!ghostReported[epoch]) total += compute.epochBudget(epoch);
        }
    }

    /// @notice What `epoch`'s voided reports would have been paid: each one's floor(b * u / T).
    function voidedShares(uint256 epoch) public view returns (uint256 total) {
        uint256 all = ghostUnits[epoch];
        if (all == 0) return 0;
        uint256 budget = compute.epochBudget(epoch);
        for (uint256 poolId = 1; poolId <= POOLS; ++poolId) {
            if (ghostIsVoided[poolId][epoch]) total += (budget * ghostUnitsOf[poolId][epoch]) / all;
        }
    }

    /// @dev FRSV sent to ComputeRewards by mistake, then (sometimes) forwarded to the commons.
    function strayAndForward(uint256 amount, bool forward) external {
        amount = _bound(amount, 1, 1_000e18);
        vm.prank(DONOR);
        reserve.transfer(address(compute), amount);
        ghostStray += amount;
        if (forward) {
            uint256 sent = compute.forwardSurplus();
            if (sent != ghostStray || reserve.balanceOf(address(emission)) < sent) shareWrong = true;
            ghostStray = 0;
        }
    }

    /// @dev The curator retires a pool; it may still claim what it reported before.
    function retire(uint256 poolSeed) external {
        uint256 poolId = 1 + (poolSeed % POOLS);
        if (!registry.isActive(poolId)) return;
        registry.retire(poolId);
    }

    /*////////////////////////////// views //////////////////////////////*/

    function reportedEpochCount() external view returns (uint256) {
        return _reportedEpochs.length;
    }

    function reportedEpochAt(uint256 i) external view returns (uint256) {
        return _reportedEpochs[i];
    }

    function system() external view returns (address, address, address, address) {
        return (address(reserve), address(registry), address(emission), address(compute));
    }

    /*////////////////////////////// helpers //////////////////////////////*/

    mapping(uint256 poolId => mapping(uint256 epoch => bool)) private _claimed;
    uint256[] private _reportedEpochs;
    mapping(uint256 epoch => bool) private _listed;

    /// @dev Half the time an epoch some pool reported (once final), else any recent final epoch.
    /// @dev Whether the pool was ever approved, and whether `epoch` lies outside its active span.
    function _span(uint256 poolId, uint256 epoch) private view returns (bool approved, bool outsideSpan) {
        (uint256 approvedAt, uint256 retiredAt) = registry.activePeriod(poolId);
        uint256 begin = compute.START() + epoch * EPOCH;
        approved = approvedAt != 0;
        outsideSpan = approvedAt >= begin + EPOCH || (retiredAt != 0 && retiredAt <= begin);
    }

    function _pickEpoch(uint256 seed) private view returns (bool, uint256) {
        uint256 reported = _reportedEpochs.length;
        if (seed % 2 == 0 && reported != 0) {
            uint256 epoch = _reportedEpochs[(seed >> 1) % reported];
            uint256 end = compute.START() + (epoch + 1) * EPOCH;
            if (block.timestamp > end + WINDOW + REVIEW) return (true, epoch);
        }
        return _finalEpoch(seed >> 1);
    }

    /// @dev The last ended epoch, if its submission window is open now.
    function _epochInWindow() private view returns (bool, uint256) {
        uint256 start = compute.START();
        uint256 current = (block.timestamp - start) / EPOCH;
        if (current == 0) return (false, 0);
        uint256 epoch = current - 1;
        return (block.timestamp <= start + (epoch + 1) * EPOCH + WINDOW, epoch);
    }

    /// @dev The ended epoch `back` epochs before the last, if its review period is not over.
    function _epochInReview(uint256 back) private view returns (bool, uint256) {
        uint256 start = compute.START();
        uint256 current = (block.timestamp - start) / EPOCH;
        if (current <= back) return (false, 0);
        uint256 epoch = current - 1 - back;
        return (block.timestamp <= start + (epoch + 1) * EPOCH + WINDOW + REVIEW, epoch);
    }

    /// @dev One of the recent final epochs, chosen by `seed`.
    function _finalEpoch(uint256 seed) private view returns (bool, uint256) {
        uint256 start = compute.START();
        if (block.timestamp <= start + EPOCH + WINDOW + REVIEW) return (false, 0);
        // The newest final epoch: its end plus the window and the review is in the past.
        uint256 newest = (block.timestamp - WINDOW - REVIEW - 1 - start) / EPOCH - 1;
        uint256 back = seed % RECENT;
        return (true, back > newest ? 0 : newest - back);
    }

    function _sign(
        uint256 poolId,
        uint256 epoch,
        uint256 units,
        bytes32 evidence,
        uint32 version,
        uint256 count
    ) private view returns (address[] memory signers, bytes[] memory signatures) {
        bytes32 digest = compute.reportDigest(poolId, epoch, units, evidence, version);
        signers = new address[](count);
        signatures = new bytes[](count);
        for (uint256 i = 0; i < count; ++i) {
            signers[i] = vm.addr(_keys[i]);
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keys[i], digest);
            signatures[i] = abi.encodePacked(r, s, v);
        }
        // Ascending by address (insertion sort of at most three).
        for (uint256 i = 1; i < count; ++i) {
            for (uint256 j = i; j > 0 && signers[j] < signers[j - 1]; --j) {
                (signers[j], signers[j - 1]) = (signers[j - 1], signers[j]);
                (signatures[j], signatures[j - 1]) = (signatures[j - 1], signatures[j]);
            }
        }
    }
}
