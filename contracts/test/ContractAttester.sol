// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title ContractAttester
/// @notice Test only, never deployed: an attester that is a contract (ERC-1271), as a verifier of
///         TEE quotes or proofs would be. It accepts what its operator signed.
contract ContractAttester is IERC1271 {
    address public immutable operator;

    constructor(address operator_) {
        operator = operator_;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecover(hash, signature);
        return error == ECDSA.RecoverError.NoError && signer == operator ? this.isValidSignature.selector : bytes4(0);
    }
}
