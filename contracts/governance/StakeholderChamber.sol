// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC7786Recipient} from "@openzeppelin/contracts/crosschain/ERC7786Recipient.sol";
import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IStakeholderChamber} from "../interfaces/IStakeholderChamber.sol";
import {ISuanliGovernor} from "../interfaces/ISuanliGovernor.sol";
import {TimelockOwned} from "../hub/governance/TimelockOwned.sol";

/// @title StakeholderChamber
/// @notice The stakeholder chamber (see `IStakeholderChamber`). A credential is the ERC-721 token whose id is
/// the member's address; it can only be minted (`admit`) and burnt (`revoke`) by governance.
/// Regional vetoes arrive as ERC-7786 messages (proposal id, member, the member's EIP-712 signature) from the
/// registered `RegionalChamberRelay` of their chain, through the hub gateway, and are counted exactly like a veto
/// sent here once the signature is checked against the member.
/// @dev Invariant: every credential stays with the account it was issued to; a member vetoes a proposal at most
/// once, whichever chain it comes from; no veto counts after the window closed; no regional veto counts without
/// the member's signature (a bridge validator quorum can delay or drop a veto, not forge one).
contract StakeholderChamber is IStakeholderChamber, ERC721, EIP712, ERC7786Recipient, TimelockOwned {
    bytes32 private constant VETO_TYPEHASH = keccak256("Veto(uint256 proposalId,address member)");

    IGovernor private _governor;
    uint256 private _memberCount;
    uint256 private _vetoThreshold;
    uint48 private _vetoWindow;
    address private _gateway;
    mapping(uint256 chainId => address) private _relays;
    mapping(address member => MemberClass) private _classes;
    mapping(address target => mapping(bytes4 selector => bool)) private _vetoable;
    mapping(address asset => uint256) private _spendThresholds;
    mapping(uint256 proposalId => uint256) private _vetoes;
    mapping(uint256 proposalId => mapping(address member => bool)) private _vetoedBy;

    constructor(
        uint256 vetoThreshold_,
        uint48 vetoWindow_,
        address initialOwner
    )
        ERC721("Suanli Stakeholder", "SUAN-SH")
        EIP712("Suanli Stakeholder Chamber", "1")
        Ownable(initialOwner)
    {
        _setVetoRules(vetoThreshold_, vetoWindow_);
    }

    /// @notice Binds the Governor whose proposals the chamber vetoes (once, by the deployer before the handover).
    function bindGovernor(IGovernor governor_) external onlyOwner {
        if (address(_governor) != address(0)) revert StakeholderChamberGovernorBound();
        _governor = governor_;
    }

    /// @inheritdoc IStakeholderChamber
    function admit(address member, MemberClass category) external onlyOwner {
        if (_ownerOf(_credential(member)) != address(0)) revert StakeholderChamberAlreadyMember(member);
        _classes[member] = category;
        ++_memberCount;
        _mint(member, _credential(member));
        emit MemberAdmitted(member, category);
    }

    /// @inheritdoc IStakeholderChamber
    function revoke(address member) external onlyOwner {
        if (_ownerOf(_credential(member)) == address(0)) revert StakeholderChamberNotMember(member);
        --_memberCount;
        delete _classes[member];
        _burn(_credential(member));
        emit MemberRevoked(member);
    }

    /// @inheritdoc IStakeholderChamber
    function setVetoable(address target, bytes4 selector, bool vetoable_) external onlyOwner {
        _vetoable[target][selector] = vetoable_;
        emit VetoableSet(target, selector, vetoable_);
    }

    /// @inheritdoc IStakeholderChamber
    function setSpendThreshold(address asset, uint256 threshold) external onlyOwner {
        _spendThresholds[asset] = threshold;
        emit SpendThresholdSet(asset, threshold);
    }

    /// @inheritdoc IStakeholderChamber
    function setVetoRules(uint256 threshold, uint48 window) external onlyOwner {
        _setVetoRules(threshold, window);
    }

    /// @inheritdoc IStakeholderChamber
    function veto(uint256 proposalId) external {
        _veto(proposalId, msg.sender);
    }

    /// @inheritdoc IStakeholderChamber
    function vetoDigest(uint256 proposalId, address member) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(VETO_TYPEHASH, proposalId, member)));
    }

    /// @inheritdoc IStakeholderChamber
    function setGateway(address gateway) external onlyOwner {
        _gateway = gateway;
        emit GatewaySet(gateway);
    }

    /// @inheritdoc IStakeholderChamber
    function setRegionRelay(uint256 chainId, address relay) external onlyOwner {
        _relays[chainId] = relay;
        emit RegionRelaySet(chainId, relay);
    }

    /// @inheritdoc IStakeholderChamber
    function regionRelay(uint256 chainId) external view returns (address) {
        return _relays[chainId];
    }

    /// @inheritdoc IStakeholderChamber
    function isVetoable(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external view returns (bool) {
        uint256 ethThreshold = _spendThresholds[address(0)];
        for (uint256 i; i < targets.length; ++i) {
            if (ethThreshold != 0 && values[i] > ethThreshold) return true;
            if (calldatas[i].length < 4) continue;
            bytes4 selector = bytes4(calldatas[i][:4]);
            if (_vetoable[targets[i]][selector]) return true;
            uint256 spendThreshold = _spendThresholds[targets[i]];
            if (spendThreshold != 0 && selector == IERC20.transfer.selector && calldatas[i].length >= 68) {
                (, uint256 amount) = abi.decode(calldatas[i][4:], (address, uint256));
                if (amount > spendThreshold) return true;
            }
        }
        return false;
    }

    /// @inheritdoc IStakeholderChamber
    function vetoed(uint256 proposalId) external view returns (bool) {
        return _vetoes[proposalId] >= _vetoThreshold;
    }

    /// @inheritdoc IStakeholderChamber
    function vetoWindowEnd(uint256 proposalId) public view returns (uint256) {
        return _governor.proposalDeadline(proposalId) + _vetoWindow;
    }

    /// @inheritdoc IStakeholderChamber
    function vetoes(uint256 proposalId) external view returns (uint256) {
        return _vetoes[proposalId];
    }

    /// @inheritdoc IStakeholderChamber
    function memberClass(address account) external view returns (bool isMember, MemberClass category) {
        return (_ownerOf(_credential(account)) != address(0), _classes[account]);
    }

    /// @inheritdoc IStakeholderChamber
    function memberCount() external view returns (uint256) {
        return _memberCount;
    }

    /// @notice The veto threshold and window.
    function vetoRules() external view returns (uint256 threshold, uint48 window) {
        return (_vetoThreshold, _vetoWindow);
    }

    /// @notice The Governor whose proposals are vetoed.
    function governor() external view returns (IGovernor) {
        return _governor;
    }

    /// @dev Only the hub gateway; which sender is allowed is checked in `_processMessage` (with a named error).
    function _isAuthorizedGateway(address gateway, bytes calldata) internal view override returns (bool) {
        return gateway != address(0) && gateway == _gateway;
    }

    /// @dev A member's veto from a region: (proposal id, member, signature), forwarded by the chain's relay.
    function _processMessage(
        address,
        bytes32,
        bytes calldata sender,
        bytes calldata payload
    ) internal override {
        (uint256 chainId, address from) = InteroperableAddress.parseEvmV1Calldata(sender);
        if (from == address(0) || _relays[chainId] != from)
            revert StakeholderChamberUnknownRelay(chainId, from);
        (uint256 proposalId, address member, bytes memory signature) = abi.decode(
            payload,
            (uint256, address, bytes)
        );
        if (!SignatureChecker.isValidSignatureNow(member, vetoDigest(proposalId, member), signature))
            revert StakeholderChamberInvalidVetoSignature(proposalId, member);
        _veto(proposalId, member);
        emit RegionalVetoReceived(proposalId, member, chainId);
    }

    function _veto(uint256 proposalId, address member) private {
        if (_ownerOf(_credential(member)) == address(0)) revert StakeholderChamberNotMember(member);
        if (!ISuanliGovernor(address(_governor)).proposalVetoable(proposalId))
            revert StakeholderChamberNotVetoable(proposalId);
        uint256 closesAt = vetoWindowEnd(proposalId);
        if (block.timestamp > closesAt) revert StakeholderChamberVetoWindowClosed(proposalId, closesAt);
        if (_vetoedBy[proposalId][member]) revert StakeholderChamberAlreadyVetoed(proposalId, member);
        _vetoedBy[proposalId][member] = true;
        uint256 count = ++_vetoes[proposalId];
        emit VetoCast(proposalId, member, count);
    }

    /// @dev Credentials move only by minting and burning.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        address from = _ownerOf(tokenId);
        if (from != address(0) && to != address(0)) revert StakeholderChamberNonTransferable(tokenId);
        return super._update(to, tokenId, auth);
    }

    function _setVetoRules(uint256 threshold, uint48 window) private {
        if (threshold == 0) revert StakeholderChamberInvalidThreshold();
        _vetoThreshold = threshold;
        _vetoWindow = window;
        emit VetoRulesSet(threshold, window);
    }

    function _credential(address member) private pure returns (uint256) {
        return uint256(uint160(member));
    }
}
