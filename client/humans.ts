import { createHmac } from "node:crypto";
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

/** The config variable that holds the secret every issuer shares, from which nullifiers derive. */
export const NULLIFIER_SECRET_VARIABLE = "FOUNDATION_NULLIFIER_SECRET";

/** The shortest shared secret accepted: 32 characters (e.g. `openssl rand -hex 32` gives 64). */
export const MIN_SECRET_LENGTH = 32;

/**
 * The nullifier of the person `personId`: HMAC-SHA256 keyed with the issuers' shared secret.
 * It depends only on the person and the secret, never on the issuer, so one person gets one
 * nullifier, and so one share, whoever verifies them; without the secret, a nullifier on chain
 * cannot be traced back to the person id it came from.
 */
export function nullifierFor(secret: string, personId: string): string {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`the shared secret must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  const person = personId.trim();
  if (person === "") throw new RangeError("the person id is empty");
  return "0x" + createHmac("sha256", secret).update(`Foundation person v1\n${person}`).digest("hex");
}
