// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEmissionDestination} from "../interfaces/IEmission.sol";

/// @title EmissionDestinationStub
/// @notice Test only, never deployed: a contract that names an emission as its source, standing in
///         for a destination of a share (the human dividend, before it exists).
contract EmissionDestinationStub is IEmissionDestination {
    /// @inheritdoc IEmissionDestination
    address public immutable emission;

    constructor(address emission_) {
        emission = emission_;
    }
}
