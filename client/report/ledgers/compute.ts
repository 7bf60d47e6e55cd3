import { sum, type ReportContext } from "../context.js";
import { epochBudget } from "../schedule.js";

export interface ComputeLedger {
  /** Attested units by epoch and pool (voided reports left out). */
  units: { epoch: number; poolId: number; units: bigint }[];
  /** New reserve claimed for verified work, by epoch and pool. */
  rewards: { epoch: number; poolId: number; amount: bigint }[];
  swept: { epoch: number; amount: bigint }[];
}

/**
 * Verified compute: each epoch's budget against what its claims, voided reports and sweep paid,
 * and the budgets of final epochs nobody reported against what reached the commons.
 */
export async function computeLedger(ctx: ReportContext): Promise<ComputeLedger> {
  const { computeRewards: rewards, emission } = ctx.system;
  const { at, timestamp, checks } = ctx;
  const unitsByKey = new Map<string, ComputeLedger["units"][number]>();
  for (const e of ctx.events) {
    if (e.contract !== "computeRewards" || (e.name !== "WorkSubmitted" && e.name !== "ReportVoided")) continue;
    const key = `${e.args[1]}:${e.args[0]}`;
    if (e.name === "WorkSubmitted")
      unitsByKey.set(key, { epoch: Number(e.args[1]), poolId: Number(e.args[0]), units: e.args[2] as bigint });
    else unitsByKey.delete(key);
  }
  // One event per claim: what each listed epoch paid (0 for one that paid nothing).
  const claimed = ctx
    .named("computeRewards", "WorkClaimed")
    .flatMap((e) =>
      (e.args[2] as bigint[])
        .map((epoch, i) => ({ epoch: Number(epoch), poolId: Number(e.args[0]), amount: (e.args[3] as bigint[])[i]! }))
        .filter((r) => r.amount !== 0n),
    );
  const swept = ctx.named("computeRewards", "EpochSwept").map((e) => ({
    epoch: Number(e.args[0]),
    amount: e.args[1] as bigint,
  }));
  const voided = ctx.named("computeRewards", "VoidedToCommons").map((e) => ({
    epoch: Number(e.args[1]),
    amount: e.args[2] as bigint,
  }));
  const epochs = [...new Set([...unitsByKey.values(), ...claimed, ...swept, ...voided].map((x) => x.epoch))].sort(
    (a, b) => a - b,
  );
  /** Amounts summed by epoch, in one pass. */
  const byEpoch = (rows: { epoch: number; amount: bigint }[]) => {
    const totals = new Map<number, bigint>();
    for (const r of rows) totals.set(r.epoch, (totals.get(r.epoch) ?? 0n) + r.amount);
    return (epoch: number) => totals.get(epoch) ?? 0n;
  };
  const [claimedIn, voidedIn, sweptIn] = [byEpoch(claimed), byEpoch(voided), byEpoch(swept)];
  // Every epoch any report names (voided ones too): its budget by the schedule's closed form, not
  // one view per epoch on every run. The views of the first and the last of them hold the closed
  // form to the contract's (a check below); every epoch's own identity would show any other drift.
  const reportedEpochs = new Set(ctx.named("computeRewards", "WorkSubmitted").map((e) => Number(e.args[1])));
  const budgetEpochs = [...new Set([...epochs, ...reportedEpochs])].sort((a, b) => a - b);
  const budgetOf = new Map(budgetEpochs.map((epoch) => [epoch, epochBudget(ctx.schedule, BigInt(epoch))]));
  const spotChecked = [...new Set([budgetEpochs[0], budgetEpochs.at(-1)])].filter((e) => e !== undefined);
  const [viewed, window, review, dueToCommons] = await Promise.all([
    Promise.all(spotChecked.map((epoch) => rewards.epochBudget(epoch, at))),
    rewards.SUBMISSION_WINDOW(at),
    rewards.REVIEW_PERIOD(at),
    rewards.dueToCommons(at),
  ]);
  checks.identityOfEach(
    "epoch budgets: the schedule's closed form (the report's) = epochBudget(), at the first and the last epoch reported",
    spotChecked.map((epoch, i) => ({
      name: `epoch ${epoch}`,
      left: { "closed form": budgetOf.get(epoch)! },
      right: { "epochBudget()": viewed[i]! },
    })),
  );
  const budgets = epochs.map((epoch) => budgetOf.get(epoch)!);
  const sweptEpochs = new Set(swept.map((s) => s.epoch));
  const sweptItems: { name: string; left: Record<string, bigint>; right: Record<string, bigint> }[] = [];
  const openItems: typeof sweptItems = [];
  for (const [i, epoch] of epochs.entries()) {
    const paid = {
      "claimed (WorkClaimed)": claimedIn(epoch),
      "voided reports' shares (VoidedToCommons)": voidedIn(epoch),
    };
    // Swept by its event: then budget = claimed + voided + swept; a sweep without its event would
    // leave the compute share's identity short (emission ledger).
    if (sweptEpochs.has(epoch)) {
      sweptItems.push({
        name: `epoch ${epoch}`,
        left: { ...paid, "swept (EpochSwept)": sweptIn(epoch) },
        right: { "budget (closed form)": budgets[i]! },
      });
    } else {
      openItems.push({ name: `epoch ${epoch}`, left: paid, right: { "budget (closed form)": budgets[i]! } });
    }
  }
  checks.identityOfEach(
    `every swept epoch (${sweptItems.length}): budget = claimed + voided reports' shares handed over + swept (events)`,
    sweptItems,
  );
  checks.boundOfEach(
    `every epoch with reports not swept yet (${openItems.length}): claimed + voided reports' shares handed over (events) ≤ budget`,
    "≤",
    openItems,
  );
  // Every final epoch nobody reported went to the commons whole: the compute share by the end of
  // the last final epoch, less the budgets of the final epochs some pool reported.
  const [startAt, length] = [Number(ctx.schedule.start), Number(ctx.schedule.epochLength)];
  const finalAfter = Number(window + review);
  const finalEpochs =
    timestamp > startAt + finalAfter ? Math.floor((timestamp - startAt - finalAfter - 1) / length) : 0;
  const reportedFinal = sum([...reportedEpochs].filter((e) => e < finalEpochs).map((e) => budgetOf.get(e)!));
  const computeShareAtFinal = await emission.computeShareOf(
    await emission.emittedUntil(startAt + finalEpochs * length, at),
    at,
  );
  checks.identity(
    `compute: budgets of the ${finalEpochs} final epochs that nobody reported = handed to the commons ` +
      "(UnreportedToCommons) + due to it at the next settlement",
    {
      "compute's share by the last final epoch": computeShareAtFinal,
      "budgets of reported final epochs": -reportedFinal,
    },
    {
      "nobody reported (UnreportedToCommons)": sum(
        ctx.named("computeRewards", "UnreportedToCommons").map((e) => e.args[1] as bigint),
      ),
      "dueToCommons()": dueToCommons,
    },
  );
  return { units: [...unitsByKey.values()], rewards: claimed, swept };
}
