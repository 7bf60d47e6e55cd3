// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IReserveToken} from "./interfaces/IReserveToken.sol";

/// @title ReserveToken (FRSV)
/// @notice The reserve: a capped ERC-20 with permit. The genesis allocation is minted at
///         construction and counted against the cap; afterwards only the minter mints, and burns
///         only what it holds itself.
contract ReserveToken is ERC20Capped, ERC20Permit, IReserveToken {
    uint256 private constant _CAP = 21_000_000e18;

    /// @dev The account allowed to fix the minter, cleared once it has done so.
    address private _minterSetter;
    address private _minter;

    constructor(
        address[] memory genesisAccounts,
        uint256[] memory genesisAmounts
    ) ERC20("Foundation Reserve", "FRSV") ERC20Capped(_CAP) ERC20Permit("Foundation Reserve") {
        if (genesisAccounts.length != genesisAmounts.length) {
            revert ReserveGenesisLengthMismatch(genesisAccounts.length, genesisAmounts.length);
        }
        for (uint256 i = 0; i < genesisAccounts.length; ++i) {
            if (genesisAccounts[i] == address(0)) revert ReserveZeroAddress();
            // ERC20Capped checks the cap on every mint, genesis included.
            _mint(genesisAccounts[i], genesisAmounts[i]);
        }
        _minterSetter = msg.sender;
    }

    /// @inheritdoc IReserveToken
    function setMinter(address newMinter) external {
        if (_minter != address(0)) revert ReserveMinterAlreadySet(_minter);
        if (msg.sender != _minterSetter) revert ReserveUnauthorized(msg.sender);
        if (newMinter == address(0)) revert ReserveZeroAddress();
        _minter = newMinter;
        delete _minterSetter;
        emit MinterSet(newMinter);
    }

    /// @inheritdoc IReserveToken
    function mint(address to, uint256 amount) external {
        // `_minter` is zero until fixed, and no caller is the zero address.
        if (msg.sender != _minter) revert ReserveUnauthorized(msg.sender);
        _mint(to, amount);
    }

    /// @inheritdoc IReserveToken
    function burn(uint256 amount) external {
        if (msg.sender != _minter) revert ReserveUnauthorized(msg.sender);
        _burn(msg.sender, amount);
    }

    /// @inheritdoc IReserveToken
    function minter() external view returns (address) {
        return _minter;
    }

    /// @inheritdoc IReserveToken
    function cap() public view override(ERC20Capped, IReserveToken) returns (uint256) {
        return super.cap();
    }

    /// @dev Both parents hook `_update`; ERC20Capped's version enforces the cap. FRSV sent to this
    ///      contract could never leave, so it is refused like the zero address.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Capped) {
        if (to == address(this)) revert ERC20InvalidReceiver(to);
        super._update(from, to, value);
    }
}
