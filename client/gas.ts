/**
 * The margin every command adds to a transaction's gas estimate (Hardhat's `gasMultiplier` on the
 * networks the tasks use). An estimate is made against the latest block, and a transaction lands in
 * a later one, where more may have happened: a fee may have arrived that a claim now pays, a storage
 * slot may go from zero to non-zero. Nothing is minted ahead of its use, so what fell due in between
 * changes no path's steps; `npm run bench` shows a claim estimated a block early, sent with this
 * margin, and the largest such gap it measured.
 */
export const GAS_MARGIN = 1.25;
