// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEmissionDestination} from "./IEmission.sol";

/// @title IHumanDividend
/// @notice Money issued for people, not as debt: the human share of new reserve, shared equally by
///         every registered human per second of registration, claimed by each human as fully
///         backed FDC (minted through the coin) or as FRSV. The anchors: Proof of Humanity's UBI
///         (a stream per registered human), GoodDollar (a daily claim), Circles (an income per
///         person) — whose incomes are new tokens with nothing behind them.
/// @dev An O(1) per-head accumulator over the human share that has come due in the emission
///      contract ({IEmission-dueTo}): every settlement adds `floor((income + held) / heads)` to
///      what each head has accrued and holds the remainder (below `heads` base units) for the
///      next settlement. Nothing is held here: a claim has the emission contract mint the human's
///      FRSV ({IEmission-draw}). The registry settles before every change of the head count, and
///      claims settle first, so `claimable(h)` equals what `claim` pays in the same block, and
///      humans registered at the same moments accrue exactly the same. Against the exact
///      per-second share, each settlement's floor costs a head less than one unit, and what it
///      holds back is shared at the next settlement by the heads registered then (after the count
///      fell, that can be a few units more each, never more than the old count).
///      While nobody is registered nothing comes due here: the dividend tells the emission contract
///      when its head count reaches or leaves zero ({IEmission-setNobodyRegistered}), and in
///      between the human share is due to the commons, second by second, shared by the pools'
///      weights of the moment it was emitted.
///      Each head belongs to the issuer's term that answers for its registration; when a term
///      ends (the issuer lost its role), its heads leave the count at once and each stops at the
///      accumulator of that moment: no loop over them, and none accrues after. (If that takes the
///      count to zero, the remainder held, below the heads that left, waits for whoever registers
///      before the next settlement.)
///      Conservation, to the wei: income counted = claimed + claimable + held.
interface IHumanDividend is IEmissionDestination {
    /// @notice Emitted when a settlement shares new income over `humanCount` heads.
    event DividendAccrued(uint256 amount, uint256 humanCount);
    /// @notice Emitted when FRSV sent here (it belongs to nobody: dividends are minted) goes to the
    ///         emission contract, which recycles it for the commons.
    event SurplusForwarded(uint256 amount);
    /// @notice Emitted when a human claims. `amount` is in FRSV base units, whichever way it is paid.
    event DividendClaimed(address indexed human, address indexed to, uint256 amount, bool asCoin);
    /// @notice Emitted when an issuer's term ends: its `heads` leave the count and stop accruing.
    event TermEnded(uint256 indexed term, uint256 heads);

    /// @notice Thrown when the constructor is given a zero address.
    error InvalidSetting();
    /// @notice Thrown when anyone but the human registry reports a change of the heads.
    error NotHumanRegistry(address caller);
    /// @notice Thrown when the caller has nothing to claim.
    error NothingToClaim(address human);
    /// @notice Thrown when a claim would pay the zero address or a system contract.
    error InvalidRecipient(address to);

    /// @notice The human registry whose head count this dividend follows. Immutable.
    function humanRegistry() external view returns (address);

    /// @notice The reserve token (FRSV) paid out. Immutable.
    function reserve() external view returns (address);

    /// @notice The commons (the pool registry), whose coin mints the FDC paid as dividends. Immutable.
    function commons() external view returns (address);

    /// @notice What `human` would be paid by claiming now, in FRSV base units, including the human
    ///         share that came due since the last settlement.
    function claimable(address human) external view returns (uint256);

    /// @notice The number of heads that accrue: registered humans, kept in step by the registry.
    function heads() external view returns (uint256);

    /// @notice The heads registered in issuer's term `term` (at its end, if it `ended`).
    function termHeads(uint256 term) external view returns (uint256 heads, bool ended);

    /// @notice The amount each head has accrued since deployment, settled income only.
    function accruedPerHead() external view returns (uint256);

    /// @notice Income held for the next settlement: the remainder of the last division, below the
    ///         head count it was divided by.
    function held() external view returns (uint256);

    /// @notice Everything claimed so far, in FRSV base units.
    function claimed() external view returns (uint256);

    /// @notice The human share counted so far (shared over the heads registered at the time).
    function counted() external view returns (uint256);

    /// @notice Shares the human share that came due since the last settlement over the heads
    ///         registered now. Anyone may call it; O(1).
    function settle() external;

    /// @notice Sends any FRSV held here to the emission contract, which recycles it for the commons
    ///         (it belongs to nobody here: dividends are minted when claimed). Anyone may call.
    function forwardSurplus() external returns (uint256 amount);

    /// @notice Pays the caller everything it has accrued, to `to`: as FDC minted through the coin
    ///         (the normal mint fee goes to the commons) or as FRSV. Revoked and removed humans
    ///         claim what they accrued while registered. While minting is paused, FRSV still works.
    /// @param to Not zero and not a system contract.
    /// @param asCoin Whether to pay FDC (true) or FRSV (false).
    /// @return amount The FRSV base units claimed (before the mint fee, if paid as FDC).
    function claim(address to, bool asCoin) external returns (uint256 amount);

    /// @notice Called by the human registry when `account` registers in issuer's term `term`:
    ///         settles with the count in force until now, then starts the account's accrual (and,
    ///         when the count leaves zero, says so to the emission contract).
    function onJoin(address account, uint256 term) external;

    /// @notice Called by the human registry when `account`'s registration ends (revoked or
    ///         removed): settles, then stops its accrual (and, when the count reaches zero, says so
    ///         to the emission contract). What it accrued stays claimable.
    function onLeave(address account) external;

    /// @notice Called by the human registry when issuer's term `term` ends: settles, then takes
    ///         the term's heads off the count; each stops accruing now.
    /// @return heads How many heads left the count.
    function onTermEnd(uint256 term) external returns (uint256 heads);
}
