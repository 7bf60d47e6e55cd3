// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEmissionDestination} from "./IEmission.sol";

/// @title IHumanDividend
/// @notice Money issued for people, not as debt: the human share of new reserve, shared equally by
///         every registered human per second of registration, claimed by each human as fully
///         backed FDC (minted through the coin) or as FRSV. The anchors: Proof of Humanity's UBI
///         (a stream per registered human), GoodDollar (a daily claim), Circles (an income per
///         person) — whose incomes are new tokens with nothing behind them.
/// @dev An O(1) per-head accumulator: every settlement first releases emission, then adds
///      `floor((income + held) / heads)` to the amount each head has accrued and holds the
///      remainder (below `heads` base units) for the next settlement. The registry settles before
///      every change of the head count, and claims settle first, so `claimable(h)` equals what
///      `claim` pays in the same block, and humans registered at the same moments accrue exactly
///      the same. Against the exact per-second share, each settlement's floor costs a head less
///      than one unit, and what it holds back is shared at the next settlement by the heads
///      registered then (after the count fell, that can be a few units more each, never more
///      than the old count). FRSV sent here directly is income too:
///      it is shared by those registered at the next settlement. While nobody is registered,
///      income goes to the commons (the pool registry), with its own event.
///      Conservation, to the wei: income = claimed + claimable + forwarded to the commons + held.
interface IHumanDividend is IEmissionDestination {
    /// @notice Emitted when a settlement shares new income over `humanCount` heads.
    event DividendAccrued(uint256 amount, uint256 humanCount);
    /// @notice Emitted when a settlement finds nobody registered and sends the income to the commons.
    event DividendForwarded(uint256 amount);
    /// @notice Emitted when a human claims. `amount` is in FRSV base units, whichever way it is paid.
    event DividendClaimed(address indexed human, address indexed to, uint256 amount, bool asCoin);

    /// @notice Thrown when the constructor is given a zero address.
    error InvalidSetting();
    /// @notice Thrown when anyone but the human registry reports a change of the head count.
    error NotHumanRegistry(address caller);
    /// @notice Thrown when the caller has nothing to claim.
    error NothingToClaim(address human);
    /// @notice Thrown when a claim would pay the zero address or a system contract.
    error InvalidRecipient(address to);

    /// @notice The human registry whose head count this dividend follows. Immutable.
    function humanRegistry() external view returns (address);

    /// @notice The reserve token (FRSV) paid out. Immutable.
    function reserve() external view returns (address);

    /// @notice The commons (the pool registry), which receives income while nobody is registered. Immutable.
    function commons() external view returns (address);

    /// @notice What `human` would be paid by claiming now, in FRSV base units, including income not
    ///         yet settled (emission that has come due, FRSV sent here).
    function claimable(address human) external view returns (uint256);

    /// @notice The amount each head has accrued since deployment, settled income only.
    function accruedPerHead() external view returns (uint256);

    /// @notice Income held for the next settlement: the remainder of the last division, below the
    ///         head count it was divided by.
    function held() external view returns (uint256);

    /// @notice Everything claimed so far, in FRSV base units.
    function claimed() external view returns (uint256);

    /// @notice Everything sent to the commons while nobody was registered.
    function forwarded() external view returns (uint256);

    /// @notice Releases emission and shares new income over the heads registered now (or sends it
    ///         to the commons while nobody is registered). Anyone may call it; O(1).
    function settle() external;

    /// @notice Pays the caller everything it has accrued, to `to`: as FDC minted through the coin
    ///         (the normal mint fee goes to the commons) or as FRSV. Revoked and removed humans
    ///         claim what they accrued while registered. While minting is paused, FRSV still works.
    /// @param to Not zero and not a system contract.
    /// @param asCoin Whether to pay FDC (true) or FRSV (false).
    /// @return amount The FRSV base units claimed (before the mint fee, if paid as FDC).
    function claim(address to, bool asCoin) external returns (uint256 amount);

    /// @notice Called by the human registry before `account` joins (`joining`) or leaves the
    ///         heads that accrue: settles with the count in force until now, then starts or stops
    ///         the account's accrual.
    function onHeadCountChange(address account, bool joining) external;
}
