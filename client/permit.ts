import { Signature, type Signer } from "ethers";

/**
 * An ERC-2612 permit signed by `owner` (EIP-712, bound to the token's chain and address, with
 * the owner's next nonce), ready for `token.permit(...)` or the coin's `mintWithPermit`. Tests
 * pass `chainId` and `verifyingContract` to sign one for another chain or contract, to show it
 * refused.
 */
export async function signPermit(
  owner: Signer,
  token: { getAddress(): Promise<string>; name(): Promise<string>; nonces(owner: string): Promise<bigint> },
  spender: string,
  value: bigint,
  deadline: bigint,
  chainId?: bigint,
  verifyingContract?: string,
): Promise<{ v: number; r: string; s: string }> {
  const ownerAddress = await owner.getAddress();
  chainId ??= (await owner.provider!.getNetwork()).chainId;
  verifyingContract ??= await token.getAddress();
  const signature = await owner.signTypedData(
    { name: await token.name(), version: "1", chainId, verifyingContract },
    {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    { owner: ownerAddress, spender, value, nonce: await token.nonces(ownerAddress), deadline },
  );
  const { v, r, s } = Signature.from(signature);
  return { v, r, s };
}
