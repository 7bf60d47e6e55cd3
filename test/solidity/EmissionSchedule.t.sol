// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EmissionSchedule} from "../../contracts/libraries/EmissionSchedule.sol";
import {TestBase} from "./Vm.sol";

/// @notice The closed-form schedule against a period-by-period reference.
contract EmissionScheduleTest is TestBase {
    uint256 private constant MAX_RATE = 21_000_000e18;

    /// @dev The simple reference: sum each elapsed period's emission in a loop.
    function _reference(uint256 rate, uint256 period, uint256 elapsed) private pure returns (uint256 total) {
        for (uint256 i = 0; elapsed > 0 && i < 400; ++i) {
            uint256 seconds_ = elapsed < period ? elapsed : period;
            total += (i < 256 ? rate >> i : 0) * seconds_;
            elapsed -= seconds_;
        }
    }

    function _popcountReference(uint256 x) private pure returns (uint256 n) {
        for (; x != 0; x >>= 1) n += x & 1;
    }

    function testFuzz_emittedAfter_matchesReference(uint256 rate, uint256 period, uint256 elapsed) public pure {
        rate = _bound(rate, 1, MAX_RATE);
        period = _bound(period, 1, 1e9);
        elapsed = _bound(elapsed, 0, period * 300);
        vm.assume(rate * period <= MAX_RATE * 1e9);
        _assertEq(
            EmissionSchedule.emittedAfter(rate, period, elapsed),
            _reference(rate, period, elapsed),
            "closed form equals the sum over periods"
        );
    }

    function testFuzz_total_neverExceedsTwiceFirstPeriod(uint256 rate, uint256 period) public pure {
        rate = _bound(rate, 1, MAX_RATE);
        period = _bound(period, 1, 1e9);
        uint256 total = EmissionSchedule.totalEmission(rate, period);
        _assertLe(total, 2 * rate * period - 1, "infinite total below 2 * rate * period");
        _assertEq(EmissionSchedule.emittedAfter(rate, period, type(uint128).max), total, "tail reaches the total");
    }

    function testFuzz_emittedAfter_isMonotonic(uint256 rate, uint256 period, uint256 a, uint256 b) public pure {
        rate = _bound(rate, 1, MAX_RATE);
        period = _bound(period, 1, 1e9);
        a = _bound(a, 0, type(uint64).max);
        b = _bound(b, a, type(uint64).max);
        _assertLe(
            EmissionSchedule.emittedAfter(rate, period, a),
            EmissionSchedule.emittedAfter(rate, period, b),
            "emission never decreases with time"
        );
    }

    function testFuzz_popcount(uint256 x) public pure {
        _assertEq(EmissionSchedule.popcount(x), _popcountReference(x), "popcount");
    }

    function test_popcount_edges() public pure {
        _assertEq(EmissionSchedule.popcount(0), 0, "zero");
        _assertEq(EmissionSchedule.popcount(type(uint256).max), 256, "all bits");
        _assertEq(EmissionSchedule.popcount(1 << 255), 1, "top bit");
    }

    function test_emittedAfter_at0_1_64_255_256_300Halvings() public pure {
        uint256 period = 126_230_400;
        uint256 rate = uint256(21_000_000e18) / (2 * period); // the default rate with no genesis
        uint256[6] memory halvings = [uint256(0), 1, 64, 255, 256, 300];
        for (uint256 i = 0; i < halvings.length; ++i) {
            uint256 elapsed = halvings[i] * period + 777;
            _assertEq(
                EmissionSchedule.emittedAfter(rate, period, elapsed),
                _reference(rate, period, elapsed),
                "after n halvings"
            );
        }
        _assertLe(EmissionSchedule.totalEmission(rate, period), 21_000_000e18, "within the cap");
    }
}
