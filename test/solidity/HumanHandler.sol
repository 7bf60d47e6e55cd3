// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {GhostLedger} from "./GhostLedger.sol";
import {SystemSetup} from "./SystemSetup.sol";

/// @notice Drives the human dividend the way people, issuers and passers-by do: eight people are
///         registered by one of two issuers' signed credentials, renewed by their issuer (the other
///         issuer's renewal must be refused), revoked by their issuer or the admin, revoked as
///         persons after their registration expired or was removed, left to expire and removed,
///         and re-admitted; the second issuer's role is removed mid-run (ending its registrations)
///         and may be granted again; issuers try to revoke the other's people and must be
///         refused; people claim as FDC or FRSV; anyone settles; FRSV is sent to the dividend by
///         mistake and forwarded; time passes in steps of seconds to weeks. It keeps an exact
///         per-head ledger of its own (1e36 precision, from the schedule's reference, no
///         accumulator of the contract's), and the human share of every second with nobody
///         registered, which goes to the commons, for the invariant tests. Every action must
///         succeed (failOnRevert); it only attempts what the rules allow at that moment, and
///         checks with try/catch that what they forbid is refused.
contract HumanHandler is SystemSetup, GhostLedger {
    uint256 private constant PRECISION = 1e36;
    uint256 private constant PEOPLE = 8;
    uint256 private constant ISSUER_KEY = 0x155E7;
    uint256 private constant OTHER_ISSUER_KEY = 0x155E8; // the issuer whose role is removed mid-run
    uint256 private constant ISSUERS = 2;
    address private constant DONOR = address(0xD0);
    // solhint-disable-next-line gas-small-strings
    bytes32 private constant CREDENTIAL_TYPEHASH = keccak256(
        "Credential(address account,bytes32 nullifier,uint64 expiresAt)"
    );

    /// @dev The exact human income shared so far per head, scaled by PRECISION.
    uint256 private _exactPerHead;
    /// @dev The human share of the schedule already counted (shared, or the commons').
    uint256 private _humansCounted;
    uint256 private _heads;
    /// @dev Settlements so far: each may leave each head up to one unit below the exact amount.
    uint256 public settlements;
    /// @dev Head-count drops so far: the remainder held then (below the old count) is shared by
    ///      fewer heads at the next settlement, up to PEOPLE - 1 units each above the exact amount.
    uint256 public drops;
    /// @dev Set when an issuer's removal took the count from several heads to none: the remainder
    ///      held then (below the old count) waits for whoever registers before the next settlement.
    bool private _heldForNewcomers;

    struct Person {
        bool registered;
        bool endedWithIssuer; // its registration ended with its issuer's role, and it has not come back
        bool answered; // an issuer answers for the person: it registered them, and no admin released them since
        uint64 expiresAt;
        uint256 exactSnapshot; // _exactPerHead when last brought up to date
        uint256 exactOwed; // scaled, accrued while registered, claimed or not
        uint256 settlementsSeen; // settlements while registered before: each may cost it a unit
        uint256 dropsSeen; // head-count drops while registered before: each may bring it held units
        uint256 joinedAt; // `settlements` when it last joined
        uint256 dropsAtJoin; // `drops` when it last joined
        uint256 issuer; // 0 or 1: the issuer answering for its registration, or that last did
        uint256 issuerRemovalsAtRegistration; // a removal of issuer 1 since ends its answering
        uint256 frozenClaimable; // what it could claim when that happened, less its claims since
    }

    mapping(uint256 person => Person) private _people;
    /// @notice FRSV sent to the dividend by mistake and not yet forwarded.
    uint256 public gifts;
    uint256 public ghostClaimed;
    /// @notice The human share of every second with nobody registered (the commons'), counted so far.
    uint256 public ghostRedirected;
    mapping(uint256 person => uint256) public claimedBy;
    bool public conservationBroken;
    bool public claimMisdirected;
    /// @dev Set if a credential signed before a revocation brought the person back.
    bool public revocationUndone;
    /// @dev Set if an issuer revoked a registration another issuer answers for, or a removed
    ///      issuer's credential was accepted.
    bool public forbiddenAccepted;
    /// @notice Whether the second issuer holds its role now, and how often it lost it.
    bool public otherIssuerActive = true;
    uint256 public issuerRemovals;

    /// @dev A renewal an issuer handed out before revoking, which the person (or a thief) keeps.
    struct Pending {
        uint64 expiresAt;
        bytes signature;
    }
    mapping(uint256 person => Pending) private _pending;

    constructor() {
        address[] memory accounts = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        accounts[0] = DONOR;
        amounts[0] = 1_000_000e18;
        _deploySystem(accounts, amounts, 60 days);
        _ghostInit(
            emission.START(),
            emission.INITIAL_RATE(),
            60 days,
            COMPUTE_SHARE_BPS,
            HUMAN_SHARE_BPS,
            EPOCH,
            WINDOW + REVIEW
        );
        // Issuers with keys, so credentials are real signatures; this contract admins the role.
        humans.grantRole(humans.ISSUER_ROLE(), vm.addr(ISSUER_KEY));
        humans.grantRole(humans.ISSUER_ROLE(), vm.addr(OTHER_ISSUER_KEY));
    }

    /*////////////////////////////// people and issuers //////////////////////////////*/

    /// @dev An issuer signs a credential for a person (a first registration, a re-admission or a
    ///      renewal) valid for a day to MAX_VALIDITY, later than any before for that person.
    function register(uint256 personSeed, uint256 daysSeed) external {
        uint256 i = personSeed % PEOPLE;
        Person storage p = _people[i];
        (, uint256 latest, ) = humans.nullifier(_nullifier(i));
        uint256 expiresAt = block.timestamp + _bound(daysSeed >> 1, 1 days, MAX_VALIDITY);
        if (expiresAt <= latest) return; // the issuer would have to sign later than its last
        uint256 issuer = daysSeed % ISSUERS;
        bytes memory signature = _sign(issuer, _account(i), _nullifier(i), uint64(expiresAt));
        (bool answered, uint256 answering) = _answering(i);
        if (answered && issuer != answering) {
            // Only the issuer answering for a person registers or renews them, registered now or
            // not: another cannot take the person over.
            try humans.register(_account(i), _nullifier(i), uint64(expiresAt), _issuer(issuer), signature) {
                forbiddenAccepted = true;
            } catch {} // solhint-disable-line no-empty-blocks
            return;
        }
        if (issuer == 1 && !otherIssuerActive) {
            // A removed issuer's credentials stop working.
            try humans.register(_account(i), _nullifier(i), uint64(expiresAt), _issuer(1), signature) {
                forbiddenAccepted = true;
            } catch {} // solhint-disable-line no-empty-blocks
            return;
        }
        if (!p.registered) _ghostSettle();
        humans.register(_account(i), _nullifier(i), uint64(expiresAt), _issuer(issuer), signature);
        p.expiresAt = uint64(expiresAt);
        p.issuer = issuer;
        p.answered = true;
        p.issuerRemovalsAtRegistration = issuerRemovals;
        if (p.registered) return; // a renewal: the same head, nothing settled
        p.registered = true;
        p.endedWithIssuer = false;
        // A newcomer while a remainder waits is owed it like a head that saw the drop.
        p.dropsAtJoin = _heldForNewcomers ? drops - 1 : drops;
        p.exactSnapshot = _exactPerHead;
        p.joinedAt = settlements;
        ++_heads;
    }

    /// @dev The issuer answering for the registration revokes it, or the admin does. Before, the
    ///      issuer had handed the person the longest renewal it may sign now, unused:
    ///      {replayPending} tries it after the revocation.
    function revoke(uint256 personSeed, bool byAdmin) external {
        uint256 i = personSeed % PEOPLE;
        Person storage p = _people[i];
        if (!p.registered) return;
        uint64 longest = uint64(block.timestamp + MAX_VALIDITY);
        _pending[i] = Pending(longest, _sign(p.issuer, _account(i), _nullifier(i), longest));
        _ghostSettle();
        if (!byAdmin) vm.prank(_issuer(p.issuer));
        humans.revoke(_account(i));
        _leave(i, true);
        // The admin's revocation releases the person from its issuer.
        if (byAdmin) p.answered = false;
    }

    /// @dev The issuer answering for a person who is not registered now (expired and removed, or
    ///      revoked) revokes the person: no credential signed before works any more, so the
    ///      renewal the person kept cannot bring them back (see {replayPending}).
    ///      The admin may revoke any person who is not registered now (one an ended term left
    ///      behind included), and releases them: any issuer may re-admit them.
    function revokePerson(uint256 personSeed, bool byAdmin) external {
        uint256 i = personSeed % PEOPLE;
        Person storage p = _people[i];
        (bool answered, uint256 answering) = _answering(i);
        if (p.registered || (!answered && !byAdmin)) return;
        uint64 longest = uint64(block.timestamp + MAX_VALIDITY);
        _pending[i] = Pending(longest, _sign(p.issuer, _account(i), _nullifier(i), longest));
        if (byAdmin) {
            humans.revokePerson(_nullifier(i));
            p.answered = false;
            return;
        }
        vm.prank(_issuer(answering));
        humans.revokePerson(_nullifier(i));
    }

    /// @dev An issuer tries to revoke a person the other issuer answers for, registered now or
    ///      not, by account or by person: refused.
    function revokeOthers(uint256 personSeed, bool byPerson) external {
        uint256 i = personSeed % PEOPLE;
        (bool answered, uint256 answering) = _answering(i);
        if (!answered) return;
        // Revoking by account needs a registration: without one it is refused anyway.
        if (!byPerson && !_people[i].registered) return;
        vm.prank(_issuer(1 - answering));
        if (byPerson) {
            try humans.revokePerson(_nullifier(i)) {
                forbiddenAccepted = true;
            } catch {} // solhint-disable-line no-empty-blocks
        } else {
            try humans.revoke(_account(i)) {
                forbiddenAccepted = true;
            } catch {} // solhint-disable-line no-empty-blocks
        }
    }

    /// @dev The admin removes the second issuer's role: every registration it answers for ends
    ///      now, at once, and none of them accrues after.
    function removeOtherIssuer() external {
        if (!otherIssuerActive) return;
        _ghostSettle();
        humans.revokeRole(humans.ISSUER_ROLE(), _issuer(1));
        otherIssuerActive = false;
        ++issuerRemovals;
        bool dropped;
        for (uint256 i = 0; i < PEOPLE; ++i) {
            Person storage p = _people[i];
            if (!p.registered || p.issuer != 1) continue;
            _leave(i, !dropped);
            dropped = true;
            p.endedWithIssuer = true;
            p.frozenClaimable = dividend.claimable(_account(i));
        }
        if (dropped && _heads == 0) _heldForNewcomers = true;
    }

    /// @dev The admin grants the second issuer its role again: a new term, in which none of its
    ///      old registrations comes back.
    function regrantOtherIssuer() external {
        if (otherIssuerActive) return;
        humans.grantRole(humans.ISSUER_ROLE(), _issuer(1));
        otherIssuerActive = true;
    }

    /// @dev Submits a renewal signed before the person's revocation; the registry must refuse it.
    function replayPending(uint256 personSeed) external {
        uint256 i = personSeed % PEOPLE;
        Pending memory pending = _pending[i];
        if (pending.expiresAt == 0 || _people[i].registered) return;
        try
            humans.register(
                _account(i),
                _nullifier(i),
                pending.expiresAt,
                _issuer(_people[i].issuer),
                pending.signature
            )
        {
            revocationUndone = true;
        } catch {} // solhint-disable-line no-empty-blocks
    }

    function removeExpired(uint256 personSeed) external {
        uint256 i = personSeed % PEOPLE;
        Person storage p = _people[i];
        if (!p.registered || p.expiresAt > block.timestamp) return;
        _ghostSettle();
        humans.removeExpired(_account(i));
        _leave(i, true);
    }

    /// @dev A person claims everything, as FDC when the coin would mint something for it.
    function claim(uint256 personSeed, bool asCoin) external {
        uint256 i = personSeed % PEOPLE;
        address account = _account(i);
        uint256 owed = dividend.claimable(account);
        if (owed == 0) return;
        (uint256 coinOut, ) = coin.previewMint(owed);
        if (coinOut == 0) asCoin = false;
        _ghostSettle();
        uint256 reserveBefore = reserve.balanceOf(account);
        uint256 coinBefore = coin.balanceOf(account);
        vm.prank(account);
        uint256 paid = dividend.claim(account, asCoin);
        bool paidRight =
            asCoin
                ? coin.balanceOf(account) - coinBefore == coinOut
                : reserve.balanceOf(account) - reserveBefore == paid;
        if (!paidRight || paid != owed) claimMisdirected = true;
        ghostClaimed += paid;
        claimedBy[i] += paid;
        _people[i].frozenClaimable = 0;
    }

    /*////////////////////////////// anyone //////////////////////////////*/

    function settle() external {
        _ghostSettle();
        dividend.settle();
    }

    /// @dev Settles, then checks conservation to the wei with everything settled: the human
    ///      share counted is what was claimed, what is owed and what is held, and it is all the
    ///      dividend spent or may still draw.
    function settleAndCheck() external {
        _ghostSettle();
        dividend.settle();
        uint256 owed;
        for (uint256 i = 0; i < PEOPLE; ++i) owed += dividend.claimable(_account(i));
        uint256 counted = dividend.counted();
        if (counted != ghostClaimed + owed + dividend.held()) conservationBroken = true;
        if (emission.spentBy(address(dividend)) != ghostClaimed) conservationBroken = true;
        if (emission.dueTo(address(dividend)) != counted) conservationBroken = true;
    }

    /// @dev FRSV sent to the dividend directly belongs to nobody there (dividends are minted): it
    ///      is forwarded to the emission contract, which recycles it for the commons.
    function gift(uint256 amountSeed, bool forward) external {
        uint256 amount = _bound(amountSeed, 1, 1_000e18);
        vm.prank(DONOR);
        reserve.transfer(address(dividend), amount);
        gifts += amount;
        if (!forward) return;
        if (dividend.forwardSurplus() != gifts) conservationBroken = true;
        gifts = 0;
    }

    /// @dev Time passes, nothing settled: seconds, hours, or up to a fortnight.
    function warp(uint256 seed) external {
        uint256 kind = seed % 3;
        seed /= 3;
        vm.warp(
            block.timestamp +
                (
                    kind == 0
                        ? _bound(seed, 1, 60)
                        : kind == 1
                            ? _bound(seed, 60, 1 days)
                            : _bound(seed, 1 days, 14 days)
                )
        );
    }

    /*////////////////////////////// views for the invariants //////////////////////////////*/

    function system() external view returns (address, address, address, address, address) {
        return (address(reserve), address(coin), address(emission), address(humans), address(dividend));
    }

    function people() external pure returns (uint256) {
        return PEOPLE;
    }

    function accountOf(uint256 i) external pure returns (address) {
        return _account(i);
    }

    function isRegistered(uint256 i) external view returns (bool) {
        return _people[i].registered;
    }

    /// @notice The issuer answering for person `i`'s registration (0 if none).
    function issuerOf(uint256 i) external view returns (address) {
        Person storage p = _people[i];
        return p.registered ? _issuer(p.issuer) : address(0);
    }

    /// @notice The issuer answering for person `i` (registered now or not), or 0 if none does.
    function answeringIssuerOf(uint256 i) external view returns (address) {
        (bool answered, uint256 issuer) = _answering(i);
        return answered ? _issuer(issuer) : address(0);
    }

    function nullifierOf(uint256 i) external pure returns (bytes32) {
        return _nullifier(i);
    }

    /// @notice Whether person `i`'s registration ended with its issuer's role (and it has not come
    ///         back), and what it could claim then, less its claims since: all it may claim now.
    function frozen(uint256 i) external view returns (bool, uint256) {
        Person storage p = _people[i];
        return (p.endedWithIssuer, p.frozenClaimable);
    }

    function heads() external view returns (uint256) {
        return _heads;
    }

    /// @notice What person `i` has earned by the exact ledger, settled or not (income not yet
    ///         settled is shared over the heads now, as a settlement now would), in base units
    ///         (floored), and how far the contract may be from it: below, one unit per settlement
    ///         the person took part in plus one for the settlement now and one for the floor;
    ///         above, one for the floor plus PEOPLE - 1 per head-count drop while it was registered
    ///         (the remainder held at a drop goes to those still registered).
    function exactEarned(uint256 i) external view returns (uint256 earned, uint256 below, uint256 above) {
        Person storage p = _people[i];
        uint256 owed = p.exactOwed;
        uint256 seen = p.settlementsSeen;
        uint256 dropped = p.dropsSeen;
        if (p.registered) {
            uint256 pending = referenceHumans(block.timestamp) - _humansCounted;
            owed += _exactPerHead + (pending * PRECISION) / _heads - p.exactSnapshot;
            seen += settlements - p.joinedAt;
            dropped += drops - p.dropsAtJoin;
        }
        return (owed / PRECISION, seen + 2, 1 + (PEOPLE - 1) * dropped);
    }

    /*////////////////////////////// helpers //////////////////////////////*/

    /// @dev The ledger's own settlement, at the moment the contract settles: the human share of
    ///      the schedule since the last one, shared exactly over the heads now; with no heads, the
    ///      commons' (nobody was registered in any of those seconds).
    function _ghostSettle() private {
        uint256 humansNow = referenceHumans(block.timestamp);
        uint256 income = humansNow - _humansCounted;
        _humansCounted = humansNow;
        ++settlements;
        if (_heads != 0) _heldForNewcomers = false;
        if (_heads == 0) {
            ghostRedirected += income;
            return;
        }
        _exactPerHead += (income * PRECISION) / _heads;
    }

    /// @notice The human share of every second with nobody registered, up to now.
    function redirectedNow() external view returns (uint256) {
        return ghostRedirected + (_heads == 0 ? referenceHumans(block.timestamp) - _humansCounted : 0);
    }

    /// @dev Person `i` stops accruing. `newDrop`: the head count falls in a new step (an issuer's
    ///      removal takes all its heads off in one).
    function _leave(uint256 i, bool newDrop) private {
        Person storage p = _people[i];
        p.exactOwed += _exactPerHead - p.exactSnapshot;
        // The settlements it saw while registered stay its allowance.
        p.settlementsSeen += settlements - p.joinedAt;
        if (newDrop) ++drops;
        p.dropsSeen += drops - p.dropsAtJoin;
        p.registered = false;
        --_heads;
    }

    /// @dev The ghost of the issuer answering for person `i`: the one that last registered them,
    ///      unless that was the second issuer and its role was removed since (a re-grant is a new term).
    function _answering(uint256 i) private view returns (bool answered, uint256 issuer) {
        Person storage p = _people[i];
        if (!p.answered) return (false, 0);
        if (p.issuer == 1 && p.issuerRemovalsAtRegistration != issuerRemovals) return (false, 0);
        return (true, p.issuer);
    }

    function _issuer(uint256 issuer) private pure returns (address) {
        return vm.addr(issuer == 0 ? ISSUER_KEY : OTHER_ISSUER_KEY);
    }

    function _sign(
        uint256 issuer,
        address account,
        bytes32 nullifier,
        uint64 expiresAt
    ) private view returns (bytes memory) {
        bytes32 structHash = keccak256(abi.encode(CREDENTIAL_TYPEHASH, account, nullifier, expiresAt));
        bytes32 digest = MessageHashUtils.toTypedDataHash(_domainSeparator(), structHash);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(issuer == 0 ? ISSUER_KEY : OTHER_ISSUER_KEY, digest);
        return abi.encodePacked(r, s, v);
    }

    function _domainSeparator() private view returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                    keccak256("Foundation Humans"),
                    keccak256("1"),
                    block.chainid,
                    address(humans)
                )
            );
    }

    function _account(uint256 i) private pure returns (address) {
        return address(uint160(0x9000 + i));
    }

    function _nullifier(uint256 i) private pure returns (bytes32) {
        return keccak256(abi.encode("person", i));
    }
}
