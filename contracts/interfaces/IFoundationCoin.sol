// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IFoundationCoin
/// @notice FDC, the circulating coin ("cash"). Minted by depositing FRSV at the immutable
///         `RATE` and always redeemable for it. The contract holds the backing and, until the
///         registry collects them, the fees owed to public-good pools.
/// @dev Fee bookkeeping lives here, where the fee arrives, so that a mint costs one packed
///      config slot and no call into the registry:
///      - a fee directed to pool `p` is added to that pool's ledger slot and to the directed total;
///      - an undirected fee is not written at all: the commons is owed whatever FRSV the
///        contract holds beyond the backing and the directed total. Redemption rounding dust
///        and FRSV sent here directly therefore also go to the commons; nothing is stuck. The
///        registry has the commons' fees sent to the emission contract, which recycles them for
///        the pools ({forwardCommonsFees}), and a pool's directed fees paid to its recipient when
///        it claims ({payoutPoolFees}).
///      Rounding always favours the backing: fees round up, redemptions round down.
///      `transfer` and `transferFrom` refuse system contracts as destinations, like mint and redeem
///      ({isSystemContract}): FDC sent there could never be redeemed, and its backing would be stuck.
interface IFoundationCoin is IERC20 {
    /// @notice Emitted when FDC is minted against deposited FRSV.
    /// @param poolId The pool the fee went to; 0 for the commons.
    event Minted(
        address indexed sender,
        address indexed to,
        uint256 reserveIn,
        uint256 coinOut,
        uint256 fee,
        uint256 indexed poolId
    );
    /// @notice Emitted when FDC is burnt and FRSV paid out.
    /// @param poolId The pool the fee went to; 0 for the commons, also when the pool the holder
    ///        named has been retired since (a retirement never blocks a redemption).
    event Redeemed(
        address indexed sender,
        address indexed to,
        uint256 coinIn,
        uint256 reserveOut,
        uint256 fee,
        uint256 indexed poolId
    );
    /// @notice Emitted when the fees change; they apply to transactions from the next one on.
    event FeesSet(uint256 mintBps, uint256 redeemBps);
    /// @notice Emitted when the guardian pauses minting.
    event MintingPaused(address indexed guardian);
    /// @notice Emitted when the guardian resumes minting.
    event MintingUnpaused(address indexed guardian);
    /// @notice Emitted when the registry opens or closes a pool for directed fees.
    event FeePoolOpenSet(uint256 indexed poolId, bool open);
    /// @notice Emitted when the commons' fees held here go to the emission contract, which recycles
    ///         them for the pools (see {IEmission-recycle}).
    event CommonsFeesForwarded(uint256 amount);

    /// @notice Thrown when an amount of zero is given.
    error ZeroAmount();
    /// @notice Thrown when a mint or redeem would pay nothing: `amountIn` is so small that, after
    ///         rounding and the fee (rounded up), no whole base unit is left to pay out.
    error ZeroOutput(uint256 amountIn, uint256 fee);
    /// @notice Thrown when an amount is so large that its FDC value cannot be represented.
    error AmountTooLarge(uint256 amount, uint256 max);
    /// @notice Thrown when minting while the guardian has paused it.
    error MintingIsPaused();
    /// @notice Thrown when a fee names a pool that is neither 0 (the commons) nor active.
    error PoolNotActive(uint256 poolId);
    /// @notice Thrown when the output is below the caller's accepted minimum.
    error OutputBelowMinimum(uint256 out, uint256 minOut);
    /// @notice Thrown when a fee is set above the immutable cap.
    error FeeAboveCap(uint256 bps, uint256 cap);
    /// @notice Thrown when minted, redeemed or transferred value would go to the zero address or a
    ///         system contract (see {isSystemContract}), where it would be locked or counted twice.
    error InvalidRecipient(address to);
    /// @notice Thrown when a registry-only function is called by anyone else.
    error NotRegistry(address caller);
    /// @notice Thrown when the constructor is given a zero address.
    error ZeroAddress();
    /// @notice Thrown when the constructor is given a rate of zero.
    error InvalidRate(uint256 rate);
    /// @notice Thrown when {mintWithPermit} is sent after its permit's `deadline`: nothing is approved or moved.
    error PermitExpired(uint256 deadline, uint256 timestamp);
    /// @notice Thrown when the reserve refuses {mintWithPermit}'s permit (signed by someone else, for
    ///         another value, spender, chain or contract, already used, its nonce used by another of
    ///         the owner's permits, or a contract wallet's: the reserve's permit takes ECDSA signatures
    ///         only) and `owner`'s allowance to this coin does not cover the `needed` deposit either:
    ///         nothing is approved or moved.
    error PermitRejected(address owner, uint256 allowance, uint256 needed);

    /// @notice FDC base units per FRSV base unit. Immutable.
    function RATE() external view returns (uint256);

    /// @notice The hard cap on each fee, in basis points (200 = 2%). Constant.
    function MAX_FEE_BPS() external view returns (uint256);

    /// @notice The reserve token (FRSV). Immutable.
    function reserve() external view returns (address);

    /// @notice The pool registry, which decides where fees go: a pool's named fees to its recipient
    ///         when it claims, the commons' fees to the emission contract to be recycled. Immutable.
    function registry() external view returns (address);

    /// @notice The mint fee, in basis points of the FRSV deposited.
    function mintFeeBps() external view returns (uint256);

    /// @notice The redeem fee, in basis points of the gross FRSV redeemed.
    function redeemFeeBps() external view returns (uint256);

    /// @notice Whether the guardian has paused minting (redemption is never paused).
    function mintingPaused() external view returns (bool);

    /// @notice What `mint(reserveIn, ...)` would give now. A `coinOut` of 0 means {mint} would refuse it.
    /// @return coinOut FDC minted: `(reserveIn - fee) * RATE`.
    /// @return fee FRSV fee: `ceil(reserveIn * mintFeeBps / 10000)`.
    function previewMint(uint256 reserveIn) external view returns (uint256 coinOut, uint256 fee);

    /// @notice Deposits `reserveIn` FRSV from the caller and mints FDC to `to`. Refuses an amount
    ///         that would mint nothing (`ZeroOutput`): with any fee, the smallest mint is 2 base units.
    /// @param to Not zero and not a system contract.
    /// @param poolId The pool the fee goes to; 0 shares it over active pools by weight.
    /// @param minCoinOut Reverts if fewer FDC would be minted (protects against a fee change).
    /// @return coinOut The FDC minted.
    function mint(uint256 reserveIn, address to, uint256 poolId, uint256 minCoinOut) external returns (uint256 coinOut);

    /// @notice {mint} in one transaction for a holder who has not approved this coin: first applies
    ///         the holder's ERC-2612 permit on the reserve (owner: the caller, spender: this coin,
    ///         value: `reserveIn`), then mints exactly as {mint} does, with the same checks, fee and
    ///         `Minted` event (a refused permit is reported first, so a paused or otherwise refused
    ///         mint whose permit is also unusable reverts with `PermitRejected`). A permit that
    ///         succeeds replaces any earlier allowance to this coin, and the deposit spends it: the
    ///         allowance is 0 afterwards. When the permit is refused and an allowance covers the
    ///         deposit, the deposit spends only `reserveIn` of it.
    /// @dev Why a refused permit is not always an error: a permit in the mempool can be copied and
    ///      submitted to the reserve directly by anyone. That sets the very allowance the holder
    ///      signed and uses their nonce, so a second submission of it fails. Reverting then would let
    ///      anyone block the holder's mint at no cost to them. Following OpenZeppelin's guidance
    ///      (IERC20Permit, "Security Considerations"), the permit is tried and its failure tolerated
    ///      when the caller's allowance to this coin already covers `reserveIn`; otherwise the mint is
    ///      refused with `PermitRejected`. This covers the permit passed in the call; it cannot cover
    ///      an older, still valid permit of the holder's with the same nonce (one whose mint failed,
    ///      so its signature is public): submitted first, it uses the nonce and sets its own value,
    ///      and if that is less than `reserveIn` the mint is refused with `PermitRejected` naming the
    ///      allowance, having cost the holder gas and nothing else; the holder then mints with that
    ///      allowance or a new permit (foundation:mint retries so), and short deadlines keep such
    ///      permits few. The permit's owner is always the caller, so a signature from another
    ///      account never lets the caller deposit that account's reserve, and an existing allowance
    ///      to this coin can only ever be spent by its owner's own mint.
    /// @param to Not zero and not a system contract.
    /// @param poolId The pool the fee goes to; 0 for the commons.
    /// @param minCoinOut Reverts if fewer FDC would be minted.
    /// @param deadline The permit's deadline; reverts with `PermitExpired` after it, before anything else.
    /// @param v The permit signature's recovery byte.
    /// @param r The permit signature's `r`.
    /// @param s The permit signature's `s`.
    /// @return coinOut The FDC minted.
    function mintWithPermit(
        uint256 reserveIn,
        address to,
        uint256 poolId,
        uint256 minCoinOut,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 coinOut);

    /// @notice What `redeem(coinIn, ...)` would pay now. A `reserveOut` of 0 means {redeem} would refuse it.
    /// @return reserveOut FRSV paid: `floor(coinIn / RATE) - fee`.
    /// @return fee FRSV fee: `ceil(floor(coinIn / RATE) * redeemFeeBps / 10000)`.
    function previewRedeem(uint256 coinIn) external view returns (uint256 reserveOut, uint256 fee);

    /// @notice Burns `coinIn` FDC from the caller and sends FRSV to `to`. Never pausable. Refuses an
    ///         amount that would pay nothing (`ZeroOutput`): with any fee, the smallest redemption is
    ///         `2 * RATE` base units, and a balance worth less cannot be redeemed on its own.
    /// @param to Not zero and not a system contract.
    /// @param poolId The pool the fee goes to; 0 shares it over active pools by weight. A pool
    ///        retired since the holder chose it is not an error: the fee goes to the commons.
    /// @param minReserveOut Reverts if less FRSV would be paid.
    /// @return reserveOut The FRSV paid to `to`.
    function redeem(
        uint256 coinIn,
        address to,
        uint256 poolId,
        uint256 minReserveOut
    ) external returns (uint256 reserveOut);

    /// @notice Sets both fees. Admin only (the timelock on live networks); each at most `MAX_FEE_BPS`.
    function setFees(uint256 mintBps, uint256 redeemBps) external;

    /// @notice Pauses minting. Guardian only.
    function pauseMinting() external;

    /// @notice Resumes minting. Guardian only.
    function unpauseMinting() external;

    /// @notice Whether `account` is one of the system's contracts, which may not receive FDC or
    ///         reserve paid out (FDC there would lock its backing forever): this coin, the registry,
    ///         the reserve token, the emission contract, ComputeRewards, the human registry, the
    ///         human dividend, and the current admin (the timelock).
    ///         Pool recipients and dividend claims are held to the same list.
    function isSystemContract(address account) external view returns (bool);

    /// @notice FRSV the backing requires now: `ceil(totalSupply / RATE)`.
    function requiredBacking() external view returns (uint256);

    /// @notice FRSV held here for the commons (undirected fees, redemption remainders, gifts), not
    ///         yet sent to be recycled (see {forwardCommonsFees}).
    function commonsFeesOwed() external view returns (uint256);

    /// @notice FRSV held here for pool `poolId`'s directed fees, not yet paid out.
    function poolFeesOwed(uint256 poolId) external view returns (uint256);

    /// @notice FRSV held here for all pools' directed fees, not yet paid out.
    function directedFeesOwed() external view returns (uint256);

    /// @notice Whether fees may be directed to `poolId` (mirrors the registry's active set).
    function isPoolOpen(uint256 poolId) external view returns (bool);

    /// @notice Opens or closes a pool for directed fees. Registry only: it opens a pool when it is
    ///         approved and closes it, for good, when it is retired. A redemption naming a closed
    ///         pool is not refused: its fee goes to the commons.
    function setPoolOpen(uint256 poolId, bool open) external;

    /// @notice Sends the commons' fees held here to the emission contract, which recycles them for
    ///         the pools. Registry only.
    /// @return amount The FRSV sent.
    function forwardCommonsFees() external returns (uint256 amount);

    /// @notice Pays the fees holders named pool `poolId` for to `to`, its recipient. Registry only,
    ///         on the pool's claim, whose `Claimed` event reports them (see {IPoolRegistry-claim}).
    /// @return amount The FRSV paid.
    function payoutPoolFees(uint256 poolId, address to) external returns (uint256 amount);
}
