import type { NetworkConnection } from "hardhat/types/network";
import type { Signer } from "ethers";
import type { ComputeRewards } from "../../typechain-types/index.js";
import { WORK_REPORT_TYPES, workReportDomain, type WorkReport } from "../../client/work-reports.js";
import { foundationFixture } from "./fixture.js";

export type { WorkReport };

/** One hour epochs, a 30-minute window, a 30-minute review and a one-day claim period, as local.json has them. */
export const EPOCH = 3_600n;
export const WINDOW = 1_800n;
export const REVIEW = 1_800n;
export const CLAIM_PERIOD = 86_400n;

/** The EIP-712 typed data of a work report for `computeRewards` (on `chainId` unless given). */
export async function workReportTypedData(computeRewards: ComputeRewards, report: WorkReport, chainId?: bigint) {
  const network = await computeRewards.runner!.provider!.getNetwork();
  return {
    domain: workReportDomain(chainId ?? network.chainId, await computeRewards.getAddress()),
    types: WORK_REPORT_TYPES,
    value: report,
  };
}

/** `signer`'s EIP-712 signature of `report`. */
export async function signWork(
  signer: Signer,
  computeRewards: ComputeRewards,
  report: WorkReport,
  chainId?: bigint,
): Promise<string> {
  const { domain, types, value } = await workReportTypedData(computeRewards, report, chainId);
  return signer.signTypedData(domain, types, value);
}

/** Signers sorted by address, as `submitWork` wants them, with their signatures of `report`. */
export async function attest(computeRewards: ComputeRewards, report: WorkReport, signers: Signer[]) {
  const signed = await Promise.all(
    signers.map(async (s) => ({ address: await s.getAddress(), signature: await signWork(s, computeRewards, report) })),
  );
  signed.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  return { signers: signed.map((s) => s.address), signatures: signed.map((s) => s.signature) };
}

/**
 * The system with three attesters (quorum 2), hour-long epochs, pools 1 and 2 active (weights
 * 100 and 300) and pool 3 only proposed.
 */
export function computeFixture(connection: NetworkConnection) {
  return async function deployComputeFixture() {
    const { ethers } = connection;
    const signers = await ethers.getSigners();
    const [attesterA, attesterB, attesterC, guardian] = signers.slice(10, 14);
    if (!attesterA || !attesterB || !attesterC || !guardian) throw new Error("the test chain has too few accounts");
    const base = await foundationFixture(connection, {
      attesters: [attesterA.address, attesterB.address, attesterC.address],
      quorum: 2n,
      epochLength: EPOCH,
      submissionWindow: WINDOW,
      reviewPeriod: REVIEW,
      claimPeriod: CLAIM_PERIOD,
      guardian: guardian.address,
    })();
    const { poolRegistry } = base;
    await poolRegistry.propose("Cancer research", "ipfs://cancer", base.cancerLab.address);
    await poolRegistry.propose("Autism education", "ipfs://school", base.schoolLab.address);
    await poolRegistry.propose("Proposed only", "", base.stranger.address);
    await poolRegistry.curate([1n, 2n], [100n, 300n]);
    return { ...base, attesters: [attesterA, attesterB, attesterC], guardian };
  };
}
