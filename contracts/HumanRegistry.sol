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

    /// @dev A nullifier's holder (zero while nobody is registered with it) and the latest expiry
    ///      ever accepted for it, which every new credential must exceed (no replay, ever). Every
    ///      accepted credential sets both, so for the holder it is also its registration's expiry:
    ///      one slot per registration besides the account's pointer to it.
    struct Nullifier {
        address holder;
        uint64 latestExpiresAt;
    }

    IHumanDividend private _dividend;
    uint256 private _humanCount;
    /// @dev The nullifier an account last registered with; it is registered while it holds it still.
    mapping(address account => bytes32) private _nullifierOf;
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
        address holder = n.holder;
        if (holder == account) {
            // A renewal: the same person, the same head; the count does not change.
            n.latestExpiresAt = expiresAt_;
            emit HumanRenewed(account, nullifier_, expiresAt_, issuer);
            return;
        }
        if (holder != address(0)) revert NullifierInUse(nullifier_, holder);
        bytes32 current = _nullifierOf[account];
        if (_nullifiers[current].holder == account) revert AccountHasNullifier(account, current);
        _boundDividend().onHeadCountChange(account, true);
        n.holder = account;
        n.latestExpiresAt = expiresAt_;
        _nullifierOf[account] = nullifier_;
        ++_humanCount;
        emit HumanRegistered(account, nullifier_, expiresAt_, issuer);
    }

    /// @inheritdoc IHumanRegistry
    function revoke(address account) external onlyRole(ISSUER_ROLE) {
        _end(account);
        // A revocation also kills the credentials signed before it and not yet used (a renewal
        // handed to the person, say): an issuer never signs an expiry more than MAX_VALIDITY after
        // signing, so none of them expires after now + MAX_VALIDITY. Expiry alone is no verdict
        // on the person, so {removeExpired} leaves the floor where it was.
        Nullifier storage n = _nullifiers[_nullifierOf[account]];
        uint64 floor = uint64(block.timestamp + MAX_VALIDITY);
        if (n.latestExpiresAt < floor) n.latestExpiresAt = floor;
        emit HumanRevoked(account, msg.sender);
    }

    /// @inheritdoc IHumanRegistry
    function removeExpired(address account) external {
        (bool registered, uint256 expiry) = _registration(account);
        // Checked before {_end}, which names an unregistered account.
        if (registered && expiry > block.timestamp) revert NotExpired(account, expiry);
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
        (bool registered, uint256 expiry) = _registration(account);
        return registered && expiry > block.timestamp;
    }

    /// @inheritdoc IHumanRegistry
    function isRegistered(address account) external view returns (bool) {
        (bool registered, ) = _registration(account);
        return registered;
    }

    /// @inheritdoc IHumanRegistry
    function humanCount() external view returns (uint256) {
        return _humanCount;
    }

    /// @inheritdoc IHumanRegistry
    function expiresAt(address account) external view returns (uint256) {
        (, uint256 expiry) = _registration(account);
        return expiry;
    }

    /// @inheritdoc IHumanRegistry
    function nullifierOf(address account) external view returns (bytes32) {
        (bool registered, ) = _registration(account);
        return registered ? _nullifierOf[account] : bytes32(0);
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
        (bool registered, ) = _registration(account);
        if (!registered) revert NotRegistered(account);
        _boundDividend().onHeadCountChange(account, false);
        delete _nullifiers[_nullifierOf[account]].holder;
        --_humanCount;
    }

    /// @dev Whether `account` is registered (it still holds the nullifier it registered with), and
    ///      until when (0 if not).
    function _registration(address account) private view returns (bool registered, uint256 expiry) {
        Nullifier storage n = _nullifiers[_nullifierOf[account]];
        registered = account != address(0) && n.holder == account;
        expiry = registered ? n.latestExpiresAt : 0;
    }

    /// @dev The bound dividend; a head count may not change before it exists.
    function _boundDividend() private view returns (IHumanDividend dividend_) {
        dividend_ = _dividend;
        if (address(dividend_) == address(0)) revert DividendNotBound();
    }
}
