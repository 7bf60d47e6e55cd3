// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IHumanDividend} from "./interfaces/IHumanDividend.sol";
import {IHumanRegistry} from "./interfaces/IHumanRegistry.sol";

/// @title HumanRegistry
/// @notice Verified humans, one person one registration. See {IHumanRegistry}.
contract HumanRegistry is AccessControlDefaultAdminRules, EIP712, IHumanRegistry {
    /*//////////////////////////////////////////////////////////////
                          CONSTANTS AND IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IHumanRegistry
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    // The type string is hashed at compile time, so its length costs no gas.
    // solhint-disable-next-line gas-small-strings
    bytes32 private constant CREDENTIAL_TYPEHASH = keccak256(
        "Credential(address account,bytes32 nullifier,uint64 expiresAt)"
    );

    /// @inheritdoc IHumanRegistry
    uint256 public immutable MAX_VALIDITY;

    address private immutable _deployer;

    /*//////////////////////////////////////////////////////////////
                                  STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev An account's registration; `registered` is false after revocation or removal.
    struct Registration {
        bytes32 nullifier;
        uint64 expiresAt;
        bool registered;
    }

    /// @dev A nullifier's holder (zero while nobody is registered with it) and the latest expiry
    ///      ever accepted for it, which every new credential must exceed (no replay, ever).
    struct Nullifier {
        address holder;
        uint64 latestExpiresAt;
    }

    IHumanDividend private _dividend;
    uint256 private _humanCount;
    mapping(address account => Registration) private _registrations;
    mapping(bytes32 nullifier => Nullifier) private _nullifiers;

    /*//////////////////////////////////////////////////////////////
                                CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param admin The admin (the timelock): grants and revokes `ISSUER_ROLE`, in two steps to hand over.
    /// @param issuers Those who sign credentials; an empty list makes the deploying account the issuer.
    /// @param maxValidity The longest a credential may run from its submission, in seconds (above 0).
    constructor(
        address admin,
        address[] memory issuers,
        uint256 maxValidity
    ) AccessControlDefaultAdminRules(0, admin) EIP712("Foundation Humans", "1") {
        // An expiry is a uint64; anything longer than that could never be reached.
        if (maxValidity == 0 || maxValidity > type(uint32).max) revert InvalidSetting();
        MAX_VALIDITY = maxValidity;
        _deployer = msg.sender;
        if (issuers.length == 0) _grantRole(ISSUER_ROLE, msg.sender);
        for (uint256 i = 0; i < issuers.length; ++i) {
            if (issuers[i] == address(0)) revert InvalidSetting();
            _grantRole(ISSUER_ROLE, issuers[i]);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                   SETUP
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IHumanRegistry
    function bindDividend(address dividend_) external {
        if (msg.sender != _deployer || address(_dividend) != address(0)) revert BindingClosed(msg.sender);
        if (dividend_.code.length == 0 || IHumanDividend(dividend_).humanRegistry() != address(this)) {
            revert DividendMismatch(dividend_);
        }
        _dividend = IHumanDividend(dividend_);
        emit DividendBound(dividend_);
    }

    /*//////////////////////////////////////////////////////////////
                               REGISTRATION
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IHumanRegistry
    function register(
        address account,
        bytes32 nullifier_,
        uint64 expiresAt_,
        address issuer,
        bytes calldata signature
    ) external {
        if (account == address(0)) revert ZeroAccount();
        if (expiresAt_ <= block.timestamp) revert CredentialExpired(expiresAt_, block.timestamp);
        uint256 latestAllowed = block.timestamp + MAX_VALIDITY;
        if (expiresAt_ > latestAllowed) revert ValidityTooLong(expiresAt_, latestAllowed);
        if (!hasRole(ISSUER_ROLE, issuer)) revert NotIssuer(issuer);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(CREDENTIAL_TYPEHASH, account, nullifier_, expiresAt_)));
        if (!SignatureChecker.isValidSignatureNow(issuer, digest, signature)) revert InvalidSignature(issuer);

        Nullifier storage n = _nullifiers[nullifier_];
        // Later than everything accepted for this person: a replay, or an old credential used to
        // undo a revocation or a renewal, is refused.
        if (expiresAt_ <= n.latestExpiresAt) revert StaleCredential(nullifier_, expiresAt_, n.latestExpiresAt);
        Registration storage r = _registrations[account];
        if (r.registered) {
            if (r.nullifier != nullifier_) revert AccountHasNullifier(account, r.nullifier);
            // A renewal: the same person, the same head; the count does not change.
            n.latestExpiresAt = expiresAt_;
            r.expiresAt = expiresAt_;
            emit HumanRenewed(account, nullifier_, expiresAt_, issuer);
            return;
        }
        if (n.holder != address(0)) revert NullifierInUse(nullifier_, n.holder);
        _boundDividend().onHeadCountChange(account, true);
        n.holder = account;
        n.latestExpiresAt = expiresAt_;
        _registrations[account] = Registration({nullifier: nullifier_, expiresAt: expiresAt_, registered: true});
        ++_humanCount;
        emit HumanRegistered(account, nullifier_, expiresAt_, issuer);
    }

    /// @inheritdoc IHumanRegistry
    function revoke(address account) external onlyRole(ISSUER_ROLE) {
        _end(account);
        emit HumanRevoked(account, msg.sender);
    }

    /// @inheritdoc IHumanRegistry
    function removeExpired(address account) external {
        Registration storage r = _registrations[account];
        // Checked before {_end}, which names an unregistered account.
        if (r.registered && r.expiresAt > block.timestamp) revert NotExpired(account, r.expiresAt);
        _end(account);
        emit HumanRemoved(account);
    }

    /*//////////////////////////////////////////////////////////////
                                   VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IHumanRegistry
    function dividend() external view returns (address) {
        return address(_dividend);
    }

    /// @inheritdoc IHumanRegistry
    function isHuman(address account) external view returns (bool) {
        Registration storage r = _registrations[account];
        return r.registered && r.expiresAt > block.timestamp;
    }

    /// @inheritdoc IHumanRegistry
    function isRegistered(address account) external view returns (bool) {
        return _registrations[account].registered;
    }

    /// @inheritdoc IHumanRegistry
    function humanCount() external view returns (uint256) {
        return _humanCount;
    }

    /// @inheritdoc IHumanRegistry
    function expiresAt(address account) external view returns (uint256) {
        Registration storage r = _registrations[account];
        return r.registered ? r.expiresAt : 0;
    }

    /// @inheritdoc IHumanRegistry
    function nullifierOf(address account) external view returns (bytes32) {
        Registration storage r = _registrations[account];
        return r.registered ? r.nullifier : bytes32(0);
    }

    /// @inheritdoc IHumanRegistry
    function nullifier(bytes32 nullifier_) external view returns (address holder, uint256 latestExpiresAt) {
        Nullifier storage n = _nullifiers[nullifier_];
        return (n.holder, n.latestExpiresAt);
    }

    /*//////////////////////////////////////////////////////////////
                                 INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev Ends `account`'s registration: the dividend settles with the count in force until now
    ///      and stops its accrual (what it accrued stays claimable); the nullifier is freed, its
    ///      latest expiry kept so no earlier credential can bring the registration back.
    function _end(address account) private {
        Registration storage r = _registrations[account];
        if (!r.registered) revert NotRegistered(account);
        _boundDividend().onHeadCountChange(account, false);
        r.registered = false;
        delete _nullifiers[r.nullifier].holder;
        --_humanCount;
    }

    /// @dev The bound dividend; a head count may not change before it exists.
    function _boundDividend() private view returns (IHumanDividend dividend_) {
        dividend_ = _dividend;
        if (address(dividend_) == address(0)) revert DividendNotBound();
    }
}
