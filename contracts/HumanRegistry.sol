// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IFoundationCoin} from "./interfaces/IFoundationCoin.sol";
import {IHumanDividend} from "./interfaces/IHumanDividend.sol";
import {IHumanRegistry} from "./interfaces/IHumanRegistry.sol";
import {IPoolRegistry} from "./interfaces/IPoolRegistry.sol";

/// @title HumanRegistry
/// @notice Verified humans, one person one registration, each answered for by its issuer. See {IHumanRegistry}.
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

    /// @dev A person (a nullifier): the account registered with it (zero once the registration
    ///      ended; a holder whose issuer's term ended is no longer registered either), the latest
    ///      expiry ever accepted for it, which every new credential must exceed (no replay, ever),
    ///      and the issuer's term that registered it last (and alone renews it). Every accepted credential
    ///      sets all three, so for the holder the expiry is its registration's: one slot per
    ///      registration besides the account's pointer to it.
    struct Nullifier {
        address holder;
        uint64 latestExpiresAt;
        uint32 term;
    }

    /// @dev An issuer's term: from the grant of its role to its revocation or renunciation. Its
    ///      end ends every registration made in it, at once (the dividend drops the term's heads).
    struct Term {
        address issuer;
        bool ended;
    }

    IHumanDividend private _dividend;
    uint32 private _termCount;
    /// @dev The nullifier an account last registered with; it is registered while it holds it still.
    mapping(address account => bytes32) private _nullifierOf;
    mapping(bytes32 nullifier => Nullifier) private _nullifiers;
    mapping(uint256 term => Term) private _terms;
    /// @dev The current term of each issuer: non-zero exactly while it holds `ISSUER_ROLE`.
    mapping(address issuer => uint32) private _termOf;

    /*//////////////////////////////////////////////////////////////
                                CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param admin The admin (the timelock): grants and revokes `ISSUER_ROLE`, and revokes any
    ///        registration; in two steps to hand over.
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
        // Zero means "none" in every view that names a person.
        if (nullifier_ == bytes32(0)) revert ZeroNullifier();
        if (expiresAt_ <= block.timestamp) revert CredentialExpired(expiresAt_, block.timestamp);
        uint256 latestAllowed = block.timestamp + MAX_VALIDITY;
        if (expiresAt_ > latestAllowed) revert ValidityTooLong(expiresAt_, latestAllowed);
        uint32 term = _termOf[issuer];
        if (term == 0) revert NotIssuer(issuer);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(CREDENTIAL_TYPEHASH, account, nullifier_, expiresAt_)));
        if (!SignatureChecker.isValidSignatureNow(issuer, digest, signature)) revert InvalidSignature(issuer);
        IHumanDividend dividend_ = _boundDividend();

        Nullifier storage n = _nullifiers[nullifier_];
        // Later than everything accepted for this person: a replay, or an old credential used to
        // undo a revocation or a renewal, is refused.
        if (expiresAt_ <= n.latestExpiresAt) revert StaleCredential(nullifier_, expiresAt_, n.latestExpiresAt);
        _checkNotAnotherIssuers(n, nullifier_, term);
        address holder = _holder(n);
        if (holder == account) {
            // A renewal: the same person, the same head; the count does not change.
            n.latestExpiresAt = expiresAt_;
            emit HumanRenewed(account, nullifier_, expiresAt_, issuer);
            return;
        }
        if (holder != address(0)) revert NullifierInUse(nullifier_, holder);
        bytes32 current = _nullifierOf[account];
        if (_holder(_nullifiers[current]) == account) revert AccountHasNullifier(account, current);
        // A system contract's share could never be claimed: it would only dilute everyone else's.
        if (_isSystemContract(dividend_, account)) revert SystemContractAccount(account);
        dividend_.onJoin(account, term);
        n.holder = account;
        n.latestExpiresAt = expiresAt_;
        n.term = term;
        _nullifierOf[account] = nullifier_;
        emit HumanRegistered(account, nullifier_, expiresAt_, issuer);
    }

    /// @inheritdoc IHumanRegistry
    function revoke(address account) external {
        bytes32 nullifier_ = _nullifierOf[account];
        Nullifier storage n = _nullifiers[nullifier_];
        if (account == address(0) || _holder(n) != account) revert NotRegistered(account);
        _revoke(nullifier_, n);
    }

    /// @inheritdoc IHumanRegistry
    function revokePerson(bytes32 nullifier_) external {
        _revoke(nullifier_, _nullifiers[nullifier_]);
    }

    /// @inheritdoc IHumanRegistry
    function removeExpired(address account) external {
        Nullifier storage n = _nullifiers[_nullifierOf[account]];
        if (account == address(0) || _holder(n) != account) revert NotRegistered(account);
        if (n.latestExpiresAt > block.timestamp) revert NotExpired(account, n.latestExpiresAt);
        _end(account, n);
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
        (bool registered, uint256 expiry, ) = _registration(account);
        return registered && expiry > block.timestamp;
    }

    /// @inheritdoc IHumanRegistry
    function isRegistered(address account) external view returns (bool) {
        (bool registered, , ) = _registration(account);
        return registered;
    }

    /// @inheritdoc IHumanRegistry
    function humanCount() external view returns (uint256) {
        IHumanDividend dividend_ = _dividend;
        return address(dividend_) == address(0) ? 0 : dividend_.heads();
    }

    /// @inheritdoc IHumanRegistry
    function expiresAt(address account) external view returns (uint256) {
        (, uint256 expiry, ) = _registration(account);
        return expiry;
    }

    /// @inheritdoc IHumanRegistry
    function nullifierOf(address account) external view returns (bytes32) {
        (bool registered, , ) = _registration(account);
        return registered ? _nullifierOf[account] : bytes32(0);
    }

    /// @inheritdoc IHumanRegistry
    function lastNullifierOf(address account) external view returns (bytes32) {
        return _nullifierOf[account];
    }

    /// @inheritdoc IHumanRegistry
    function issuerOf(address account) external view returns (address) {
        (bool registered, , address issuer) = _registration(account);
        return registered ? issuer : address(0);
    }

    /// @inheritdoc IHumanRegistry
    function nullifier(
        bytes32 nullifier_
    ) external view returns (address holder, uint256 latestExpiresAt, address answeringIssuer) {
        Nullifier storage n = _nullifiers[nullifier_];
        return (_holder(n), n.latestExpiresAt, _answering(n));
    }

    /// @inheritdoc IHumanRegistry
    function termOf(address issuer) external view returns (uint256) {
        return _termOf[issuer];
    }

    /// @inheritdoc IHumanRegistry
    function termInfo(uint256 term_) external view returns (address issuer, bool ended) {
        Term storage t = _terms[term_];
        return (t.issuer, t.ended);
    }

    /*//////////////////////////////////////////////////////////////
                   ACCESS CONTROL: an issuer's term follows its role
    //////////////////////////////////////////////////////////////*/

    /// @dev Granting `ISSUER_ROLE` starts a new term for the issuer.
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (granted && role == ISSUER_ROLE) {
            // Fits: a term per grant, and four billion grants are beyond any governance.
            uint32 term = ++_termCount;
            _terms[term].issuer = account;
            _termOf[account] = term;
            emit IssuerTermStarted(account, term);
        }
    }

    /// @dev Revoking or renouncing `ISSUER_ROLE` ends the issuer's term, and with it every
    ///      registration it answers for: the dividend stops their accrual at once, no loop.
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked && role == ISSUER_ROLE) {
            uint32 term = _termOf[account];
            delete _termOf[account];
            _terms[term].ended = true;
            IHumanDividend dividend_ = _dividend;
            // Before the dividend is bound nobody can have registered.
            uint256 ended = address(dividend_) == address(0) ? 0 : dividend_.onTermEnd(term);
            emit IssuerTermEnded(account, term, ended);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev Revokes person `nullifier_`: ends its registration if there is one, and refuses every
    ///      credential for it expiring before now + MAX_VALIDITY, so none signed before the
    ///      revocation can undo it (issuers never sign an expiry more than MAX_VALIDITY ahead),
    ///      whether or not the person is registered now. The issuer answering for the person may;
    ///      the admin may for anyone, and releases them from their issuer: any issuer may then
    ///      register them (with a credential signed after the floor), so an issuer that took a
    ///      person first, or stopped answering, cannot keep them from being verified by another.
    function _revoke(bytes32 nullifier_, Nullifier storage n) private {
        address answering = _answering(n);
        bool release = msg.sender != answering;
        if (release && msg.sender != owner()) revert NotYourPerson(nullifier_, msg.sender, answering);
        address holder = _holder(n);
        if (holder != address(0)) _end(holder, n);
        if (release) {
            // Nobody answers for the person now. The holder an ended term left behind is cleared
            // with it, or term 0 (which never ends) would register it again.
            n.term = 0;
            delete n.holder;
        }
        // Expiry alone is no verdict on the person, so {removeExpired} leaves the floor where it was.
        uint64 floor = uint64(block.timestamp + MAX_VALIDITY);
        if (n.latestExpiresAt < floor) n.latestExpiresAt = floor;
        emit HumanRevoked(holder, nullifier_, msg.sender);
    }

    /// @dev Ends `account`'s registration (person `n`): the dividend settles with the count in
    ///      force until now and stops its accrual (what it accrued stays claimable); the nullifier
    ///      is freed, its latest expiry and answering issuer kept.
    function _end(address account, Nullifier storage n) private {
        _boundDividend().onLeave(account);
        delete n.holder;
    }

    /// @dev The issuer that last registered a person answers for them until its term ends, whether
    ///      they are registered right now or not: another could otherwise take the person over (by
    ///      renewing, or after the registration lapsed), then keep their share or revoke them.
    function _checkNotAnotherIssuers(Nullifier storage n, bytes32 nullifier_, uint32 term) private view {
        uint32 lastTerm = n.term;
        // The common cases (a new person, or the answering issuer's own) read no term.
        if (lastTerm == term || lastTerm == 0) return;
        address answering = _answering(n);
        if (answering != address(0)) revert AnotherIssuersPerson(nullifier_, answering);
    }

    /// @dev The issuer answering for person `n`: the one that last registered them, while that
    ///      term lasts (0 if never registered, or once the term ended: a re-granted issuer starts a
    ///      new term and answers only for whom it registers in it).
    function _answering(Nullifier storage n) private view returns (address) {
        Term storage t = _terms[n.term];
        return t.ended ? address(0) : t.issuer;
    }

    /// @dev Who is registered as person `n`: its holder, unless the term that registered it ended.
    function _holder(Nullifier storage n) private view returns (address holder) {
        holder = n.holder;
        if (holder != address(0) && _terms[n.term].ended) holder = address(0);
    }

    /// @dev Whether `account` is registered, until when (0 if not), and the issuer answering for it.
    function _registration(address account) private view returns (bool registered, uint256 expiry, address issuer) {
        Nullifier storage n = _nullifiers[_nullifierOf[account]];
        registered = account != address(0) && _holder(n) == account;
        if (registered) (expiry, issuer) = (n.latestExpiresAt, _terms[n.term].issuer);
    }

    /// @dev Whether `account` is one of the system's contracts (the coin keeps the one list).
    function _isSystemContract(IHumanDividend dividend_, address account) private view returns (bool) {
        if (account == address(this) || account == address(dividend_)) return true;
        address coin = IPoolRegistry(dividend_.commons()).coin();
        // Until the coin is bound (within the deployment) the two checked above are all there is.
        return coin != address(0) && IFoundationCoin(coin).isSystemContract(account);
    }

    /// @dev The bound dividend; a head count may not change before it exists.
    function _boundDividend() private view returns (IHumanDividend dividend_) {
        dividend_ = _dividend;
        if (address(dividend_) == address(0)) revert DividendNotBound();
    }
}
