// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ComputeRewards} from "../../contracts/ComputeRewards.sol";
import {Emission} from "../../contracts/Emission.sol";
import {FoundationCoin} from "../../contracts/FoundationCoin.sol";
import {HumanDividend} from "../../contracts/HumanDividend.sol";
import {HumanRegistry} from "../../contracts/HumanRegistry.sol";
import {PoolRegistry} from "../../contracts/PoolRegistry.sol";
import {ReserveToken} from "../../contracts/ReserveToken.sol";
import {TestBase} from "./Vm.sol";

/// @notice Deploys the whole system with this contract as admin, curator, guardian, the one
///         attester (quorum 1) and the one issuer (admin and issuer alike: a test that needs them
///         apart grants other issuers), with the default emission split (half to
///         verified compute, a quarter to verified humans).
abstract contract SystemSetup is TestBase {
    uint256 internal constant RATE = 1000;
    uint256 internal constant HALVING = 1000; // seconds: short, so tests can cross many halvings
    uint256 internal constant COMPUTE_SHARE_BPS = 5000;
    uint256 internal constant HUMAN_SHARE_BPS = 2500;
    uint256 internal constant MAX_VALIDITY = 400 days;
    uint256 internal constant EPOCH = 1 hours;
    uint256 internal constant WINDOW = 30 minutes;
    uint256 internal constant REVIEW = 20 minutes;
    uint256 internal constant CLAIM_PERIOD = 1 days;

    ReserveToken internal reserve;
    PoolRegistry internal registry;
    FoundationCoin internal coin;
    Emission internal emission;
    ComputeRewards internal compute;
    HumanRegistry internal humans;
    HumanDividend internal dividend;

    function _deploySystem(address[] memory accounts, uint256[] memory amounts) internal {
        _deploySystem(accounts, amounts, HALVING);
    }

    function _deploySystem(address[] memory accounts, uint256[] memory amounts, uint256 halving) internal {
        reserve = new ReserveToken(accounts, amounts);
        registry = new PoolRegistry(reserve, address(this), address(this));
        emission = new Emission(reserve, address(registry), halving, COMPUTE_SHARE_BPS, HUMAN_SHARE_BPS);
        compute = new ComputeRewards(
            registry,
            emission,
            EPOCH,
            WINDOW,
            REVIEW,
            CLAIM_PERIOD,
            address(this),
            address(this),
            new address[](0),
            1
        );
        humans = new HumanRegistry(address(this), new address[](0), MAX_VALIDITY);
        dividend = new HumanDividend(emission, humans);
        humans.bindDividend(address(dividend));
        coin = new FoundationCoin(
            reserve,
            address(registry),
            address(emission),
            address(compute),
            address(humans),
            address(dividend),
            RATE,
            50,
            50,
            address(this),
            address(this)
        );
        registry.bindCoin(address(coin));
        reserve.setMinter(address(emission));
        emission.bindDestinations(address(compute), address(dividend));
        registry.bindEmission(address(emission));
    }

    /// @dev Gives pool `poolId` its first weight: from total weight zero that takes a curation batch.
    function _curateOne(uint256 poolId, uint256 weight) internal {
        uint256[] memory ids = new uint256[](1);
        uint256[] memory weights = new uint256[](1);
        ids[0] = poolId;
        weights[0] = weight;
        registry.curate(ids, weights);
    }

    function _one(address account, uint256 amount) internal pure returns (address[] memory a, uint256[] memory v) {
        a = new address[](1);
        v = new uint256[](1);
        a[0] = account;
        v[0] = amount;
    }
}
