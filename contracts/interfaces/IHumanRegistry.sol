// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IHumanRegistry
/// @notice Who is a verified human, one person one registration. Issuers (a proof-of-personhood
///         bridge, a passport scorer, a KYC partner) hold `ISSUER_ROLE` and sign credentials; anyone
///         may submit one (a relayer can pay the gas). The anchors: Proof of Humanity
///         (registrations expire), World ID (a nullifier per person: one person, one action).
/// @dev A credential is the EIP-712 struct `Credential(address account,bytes32 nullifier,uint64
///      expiresAt)` under the domain "Foundation Humans", version "1", this chain and this
///      contract; it is checked with OpenZeppelin's `SignatureChecker`, so an issuer may be an
///      account or an ERC-1271 contract.
///      Rules, all here: a nullifier belongs to one account at a time, and an account holds one
///      nullifier at a time, while a registration exists (even an expired one). A credential is
///      accepted only if its `expiresAt` is later than every `expiresAt` accepted before for that
///      nullifier: renewal extends, an old credential can never undo a revocation, and an issuer
///      re-admits someone by signing a later expiry. Every change of the head count first settles
///      the dividend (see {IHumanDividend}), so income is shared by the count in force while it
///      arrived.
///      Issuers answer for their own: each registration records the issuer that registered it,
///      and only that issuer renews it, and only that issuer (or the admin, the timelock) may
///      revoke it. An
///      issuer holds its role in terms, from a grant to a revocation or renunciation; when a term
///      ends, every registration made in it ends at once (the dividend drops the term's heads in
///      O(1)), and the people it registered need another issuer's credential to come back. (An
///      address granted the role again starts a new term in which the credentials it signed
///      before are valid again: after a key compromise, grant a new key instead.)
///      A system contract can never be registered: its share could never be claimed.
interface IHumanRegistry {
    /// @notice Emitted when an account becomes a registered human and starts accruing.
    event HumanRegistered(
        address indexed account,
        bytes32 indexed nullifier,
        uint256 expiresAt,
        address indexed issuer
    );
    /// @notice Emitted when a registration's expiry is extended (the count does not change).
    event HumanRenewed(address indexed account, bytes32 indexed nullifier, uint256 expiresAt, address indexed issuer);
    /// @notice Emitted when a person is revoked: `account` (zero if the person was not registered)
    ///         stops accruing, and no credential signed before now works for the person.
    event HumanRevoked(address indexed account, bytes32 indexed nullifier, address indexed by);
    /// @notice Emitted when anyone removes an expired registration; the account stops accruing.
    event HumanRemoved(address indexed account);
    /// @notice Emitted once, when the deployer binds the dividend this registry settles.
    event DividendBound(address dividend);
    /// @notice Emitted when `issuer` is granted `ISSUER_ROLE`: its registrations from now on belong to `term`.
    event IssuerTermStarted(address indexed issuer, uint256 indexed term);
    /// @notice Emitted when `issuer` loses `ISSUER_ROLE`: the `registrations` made in `term` that were
    ///         still accruing end now.
    event IssuerTermEnded(address indexed issuer, uint256 indexed term, uint256 registrations);

    /// @notice Thrown when the constructor is given a zero address or a zero `MAX_VALIDITY`.
    error InvalidSetting();
    /// @notice Thrown when registering the zero address.
    error ZeroAccount();
    /// @notice Thrown when the named issuer does not hold `ISSUER_ROLE`.
    error NotIssuer(address issuer);
    /// @notice Thrown when the signature is not the issuer's over this credential, chain and contract.
    error InvalidSignature(address issuer);
    /// @notice Thrown when a credential's expiry is not in the future.
    error CredentialExpired(uint256 expiresAt, uint256 now_);
    /// @notice Thrown when a credential's expiry is more than `MAX_VALIDITY` ahead.
    error ValidityTooLong(uint256 expiresAt, uint256 latestAllowed);
    /// @notice Thrown when a credential is not later than one accepted before for its nullifier
    ///         (a replay, or a credential older than a renewal or a re-admission).
    error StaleCredential(bytes32 nullifier, uint256 expiresAt, uint256 latestAccepted);
    /// @notice Thrown when the nullifier belongs to another registered account.
    error NullifierInUse(bytes32 nullifier, address holder);
    /// @notice Thrown when the account is registered with a different nullifier.
    error AccountHasNullifier(address account, bytes32 nullifier);
    /// @notice Thrown when revoking or removing an account that is not registered.
    error NotRegistered(address account);
    /// @notice Thrown when the caller may not revoke the person: it is neither the issuer answering
    ///         for them (the one that last registered them, while its term lasts) nor the admin.
    error NotYourPerson(bytes32 nullifier, address caller, address answeringIssuer);
    /// @notice Thrown when registering one of the system's contracts as a human.
    error SystemContractAccount(address account);
    /// @notice Thrown when a credential names a person another issuer answers for: the issuer that
    ///         last registered them, while its term lasts (registered right now or not).
    error AnotherIssuersPerson(bytes32 nullifier, address issuer);
    /// @notice Thrown when a credential carries the zero nullifier.
    error ZeroNullifier();
    /// @notice Thrown when removing a registration that has not expired.
    error NotExpired(address account, uint256 expiresAt);
    /// @notice Thrown when registering, revoking or removing before the dividend is bound.
    error DividendNotBound();
    /// @notice Thrown when binding is attempted by anyone but the deployer, or a second time.
    error BindingClosed(address caller);
    /// @notice Thrown when the dividend to bind does not settle this registry.
    error DividendMismatch(address dividend);

    /// @notice The role of those who sign credentials and may revoke the registrations they answer for.
    function ISSUER_ROLE() external view returns (bytes32);

    /// @notice The longest a credential may run from the moment it is submitted, in seconds. Immutable.
    function MAX_VALIDITY() external view returns (uint256);

    /// @notice The dividend this registry settles before every change of the head count.
    function dividend() external view returns (address);

    /// @notice Binds the dividend, once, by the deployer; it must name this registry.
    function bindDividend(address dividend_) external;

    /// @notice Registers `account` or renews its registration with an issuer's credential. An issuer
    ///         must not sign an `expiresAt` more than MAX_VALIDITY after signing: {revoke} relies on it.
    ///         The issuer answers for the person from then on, and alone registers or renews them
    ///         while its term lasts (another issuer's credential is refused, even after the
    ///         registration lapsed, until that term ends). `account` may not be a system contract,
    ///         the nullifier not zero.
    /// @param issuer Holds `ISSUER_ROLE` and signed the credential (an account or an ERC-1271 contract).
    /// @param signature The issuer's signature over `Credential(account, nullifier, expiresAt)`.
    function register(
        address account,
        bytes32 nullifier,
        uint64 expiresAt,
        address issuer,
        bytes calldata signature
    ) external;

    /// @notice Revokes `account`'s registration as {revokePerson} revokes its person; reverts
    ///         `NotRegistered` if it has none.
    function revoke(address account) external;

    /// @notice Revokes a person, registered now or not: ends the registration if there is one (the
    ///         account stops accruing from now; what it accrued stays claimable), and refuses from
    ///         then on every credential for the person expiring before now + MAX_VALIDITY, so none
    ///         signed before the revocation can undo it (issuers never sign an expiry more than
    ///         MAX_VALIDITY ahead) — a person whose registration expired or was removed cannot
    ///         dodge it. To re-admit the person, on this account or another, an issuer signs a
    ///         credential expiring later than that, from the next block on.
    ///         Only the issuer answering for the person (the one that registered them last, while its
    ///         term lasts) or the admin (the timelock) may; the admin's revocation also releases the
    ///         person from that issuer, so any issuer may re-admit them.
    function revokePerson(bytes32 nullifier) external;

    /// @notice Anyone ends a registration that has expired: the account stops accruing from now.
    function removeExpired(address account) external;

    /// @notice Whether `account` is registered and its credential has not expired.
    function isHuman(address account) external view returns (bool);

    /// @notice The registrations that accrue: registered, not revoked, not removed, their issuer's
    ///         term not ended (an expired one counts until someone removes it, as in Proof of
    ///         Humanity). The dividend's head count.
    function humanCount() external view returns (uint256);

    /// @notice When `account`'s registration expires (0 if it has none).
    function expiresAt(address account) external view returns (uint256);

    /// @notice The nullifier `account` is registered with (0 if it has none).
    function nullifierOf(address account) external view returns (bytes32);

    /// @notice The nullifier `account` last registered with, registered still or not (0 if never):
    ///         the person to revoke after a registration expired or was removed.
    function lastNullifierOf(address account) external view returns (bytes32);

    /// @notice The issuer answering for `account`'s registration (0 if it has none).
    function issuerOf(address account) external view returns (address);

    /// @notice The account registered with `nullifier` (0 if none), the latest expiry ever accepted
    ///         for it (a credential must be later to be accepted), and the issuer answering for the
    ///         person: the one that last registered them, while its term lasts (0 if never, or once
    ///         that term ended). Only it registers, renews or revokes the person; the admin revokes.
    function nullifier(
        bytes32 nullifier_
    ) external view returns (address holder, uint256 latestExpiresAt, address answeringIssuer);

    /// @notice `issuer`'s current term (0 if it does not hold `ISSUER_ROLE`).
    function termOf(address issuer) external view returns (uint256);

    /// @notice Whose term `term` is, and whether it ended.
    function termInfo(uint256 term) external view returns (address issuer, bool ended);

    /// @notice Whether `account` has a registration, possibly expired, not revoked or removed: it
    ///         accrues the dividend and holds its nullifier.
    function isRegistered(address account) external view returns (bool);
}
