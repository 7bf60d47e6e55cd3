// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title RejectingRecipient
/// @notice Test only, never deployed: a pool recipient that refuses every call and every ether
///         transfer, to show that no recipient can block a claim (FRSV transfers call nothing).
contract RejectingRecipient {
    error Refused();

    fallback() external payable {
        revert Refused();
    }
}
