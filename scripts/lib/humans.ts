import type { Addressable, Signer } from "ethers";

/** A credential as an issuer signs it: this account is the person with this nullifier until then. */
export interface Credential {
  account: string;
  nullifier: string;
  expiresAt: bigint;
}

/** Where a credential is valid: the human registry's address, on one chain. */
export interface CredentialDomain {
  registry: string | Addressable;
  chainId: bigint;
}

/** The EIP-712 typed data of `credential` for the human registry in `where`. */
export async function credentialTypedData(where: CredentialDomain, credential: Credential) {
  const verifyingContract = typeof where.registry === "string" ? where.registry : await where.registry.getAddress();
  return {
    domain: { name: "Foundation Humans", version: "1", chainId: where.chainId, verifyingContract },
    types: {
      Credential: [
        { name: "account", type: "address" },
        { name: "nullifier", type: "bytes32" },
        { name: "expiresAt", type: "uint64" },
      ],
    },
    value: credential,
  };
}

/** `issuer`'s EIP-712 signature of `credential` for the registry in `where`. */
export async function signCredential(issuer: Signer, where: CredentialDomain, credential: Credential): Promise<string> {
  const { domain, types, value } = await credentialTypedData(where, credential);
  return issuer.signTypedData(domain, types, value);
}
