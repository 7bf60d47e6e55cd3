// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ComputeRewards} from "../ComputeRewards.sol";
import {IEmission} from "../interfaces/IEmission.sol";
import {IPoolRegistry} from "../interfaces/IPoolRegistry.sol";

/// @title ComputeRewardsHarness
/// @notice Test only, never deployed: exposes `_setRoleAdmin`, which ComputeRewards must override
///         (two of its OpenZeppelin bases define it) but never calls, so a test can show the
///         override keeps the default-admin rules.
contract ComputeRewardsHarness is ComputeRewards {
    constructor(
        IPoolRegistry registry_,
        IEmission emission_,
        uint256 epochLength,
        uint256 submissionWindow,
        uint256 reviewPeriod,
        uint256 claimPeriod,
        address admin,
        address guardian,
        address[] memory attesters,
        uint256 quorum_
    )
        ComputeRewards(
            registry_,
            emission_,
            epochLength,
            submissionWindow,
            reviewPeriod,
            claimPeriod,
            admin,
            guardian,
            attesters,
            quorum_
        )
    {}

    function exposedSetRoleAdmin(bytes32 role, bytes32 adminRole) external {
        _setRoleAdmin(role, adminRole);
    }
}
