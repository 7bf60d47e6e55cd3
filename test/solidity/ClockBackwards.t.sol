// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SystemSetup} from "./SystemSetup.sol";

/// @notice A node whose clock went back (anvil restored from a state dump, say) serves a latest
///         block older than moments the contracts stored: a count, a registration, a report. On
///         0a02faa `foundation:status` then failed with Panic(17). Every view must answer with what
///         it can (nothing more is due), never revert, and no draw may pay what is not available.
contract ClockBackwardsTest is SystemSetup {
    uint256 private constant HOLDER_KEY = 0xB01D;
    uint256 private constant ISSUER_KEY = 0x155E7;
    uint256 private constant ATTESTER_KEY = 0xA77E57;
    // solhint-disable-next-line gas-small-strings
    bytes32 private constant CREDENTIAL_TYPEHASH = keccak256(
        "Credential(address account,bytes32 nullifier,uint64 expiresAt)"
    );
    address private constant HUMAN = address(0x9000);

    uint256 private _start;

    function setUp() public {
        vm.warp(1_000_000);
        (address[] memory a, uint256[] memory v) = _one(vm.addr(HOLDER_KEY), 1_000_000e18);
        _deploySystem(a, v);
        _start = block.timestamp;
        humans.grantRole(humans.ISSUER_ROLE(), vm.addr(ISSUER_KEY));
        compute.grantRole(compute.ATTESTER_ROLE(), vm.addr(ATTESTER_KEY));
        registry.propose("One", "", address(0xA1));
        registry.propose("Two", "", address(0xA2));
        uint256[] memory ids = new uint256[](2);
        uint256[] memory weights = new uint256[](2);
        (ids[0], ids[1], weights[0], weights[1]) = (1, 2, 3, 7);
        registry.curate(ids, weights);
    }

    /// Lives a few days (fees, a human, a report, claims, settlements), then looks at every view
    /// with the clock anywhere earlier, before the deployment included.
    function testFuzz_views_answerWhenTheClockWentBack(uint256 lived, uint256 back) public {
        lived = _bound(lived, 3 hours, 30 days);
        _live(lived);
        uint256 latest = block.timestamp;
        vm.warp(_bound(back, 0, latest - 1));
        _lookAtEverything();
        // Nothing is paid that is not available: a claim at most pays what its view says.
        uint256 promised = registry.claimable(1);
        try registry.claim(1) returns (uint256 paid) {
            _assertLe(paid, promised, "a claim pays at most what was promised");
        } catch {} // refusing is fine; paying what is not there is not
    }

    /// A report of an epoch the clock went back into (it seems not to have ended) is still counted
    /// as reported: what the commons is due is the final epochs' budgets less every report's, so
    /// never more than nobody reported, whichever epoch the reports were for.
    function test_dueToCommons_countsAReportOfAnEpochTheClockWentBackInto() public {
        vm.warp(_start + 6 * EPOCH + 1);
        _report(1, 5);
        // Back into epoch 5: epochs 0 to 3 are final, epoch 5 has not ended (as the clock says).
        vm.warp(_start + 5 * EPOCH + EPOCH / 2);
        uint256 finalEpochs = (block.timestamp - _start - (WINDOW + REVIEW) - 1) / EPOCH;
        _assertEq(finalEpochs, 4, "epochs 0 to 3 are final");
        uint256 finalBudgets;
        for (uint256 epoch = 0; epoch < finalEpochs; ++epoch) finalBudgets += compute.epochBudget(epoch);
        _assertEq(compute.dueToCommons(), finalBudgets - compute.epochBudget(5), "epoch 5's report counts as reported");
    }

    function _live(uint256 lived) private {
        vm.startPrank(vm.addr(HOLDER_KEY));
        reserve.approve(address(coin), type(uint256).max);
        coin.mint(1_000e18, vm.addr(HOLDER_KEY), 1, 0);
        coin.mint(500e18, vm.addr(HOLDER_KEY), 0, 0);
        vm.stopPrank();
        // The human registers an hour in: the human share of that hour went to the commons.
        vm.warp(_start + EPOCH + 1);
        humans.register(
            HUMAN,
            keccak256("person"),
            uint64(block.timestamp + 300 days),
            vm.addr(ISSUER_KEY),
            _credential()
        );
        _report(1, 0);
        _report(2, 0);
        // The guardian voids pool 2's: its share goes to the commons once the epoch is final.
        compute.voidReport(2, 0);
        vm.warp(block.timestamp + WINDOW + REVIEW);
        vm.warp(block.timestamp + lived / 2);
        registry.claim(1);
        dividend.settle();
        vm.prank(HUMAN);
        dividend.claim(HUMAN, false);
        uint256[] memory epochs = new uint256[](1);
        compute.claim(1, epochs);
        compute.settleCommons();
        compute.sweepVoided(2, 0);
        humans.revoke(HUMAN);
        vm.warp(block.timestamp + lived / 2);
        registry.settle();
        registry.claim(2);
    }

    function _lookAtEverything() private view {
        address[3] memory destinations = [address(registry), address(compute), address(dividend)];
        for (uint256 i = 0; i < 3; ++i) {
            emission.dueTo(destinations[i]);
            emission.spentBy(destinations[i]);
            emission.availableTo(destinations[i]);
        }
        emission.emittedUntil(block.timestamp);
        emission.split(emission.emittedUntil(block.timestamp));
        emission.minted();
        emission.redirectedToCommons();
        for (uint256 poolId = 1; poolId <= 2; ++poolId) {
            registry.claimable(poolId);
            registry.owedScaled(poolId);
            compute.claimable(poolId, 0);
        }
        registry.heldScaled();
        registry.countedNotDrawn();
        registry.unsettled();
        compute.dueToCommons();
        compute.epochBudget(0);
        compute.sweptIn(0);
        compute.voidedToCommonsIn(0);
        dividend.claimable(HUMAN);
        dividend.termHeads(humans.termOf(vm.addr(ISSUER_KEY)));
        humans.humanCount();
        humans.isHuman(HUMAN);
        coin.commonsFeesOwed();
        coin.requiredBacking();
    }

    function _report(uint256 poolId, uint256 epoch) private {
        bytes32 digest = compute.reportDigest(poolId, epoch, 100, bytes32(0), 1);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ATTESTER_KEY, digest);
        address[] memory signers = new address[](1);
        bytes[] memory signatures = new bytes[](1);
        signers[0] = vm.addr(ATTESTER_KEY);
        signatures[0] = abi.encodePacked(r, s, v);
        compute.submitWork(poolId, epoch, 100, bytes32(0), 1, signers, signatures);
    }

    function _credential() private view returns (bytes memory) {
        bytes32 structHash = keccak256(
            abi.encode(CREDENTIAL_TYPEHASH, HUMAN, keccak256("person"), uint64(block.timestamp + 300 days))
        );
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
}
