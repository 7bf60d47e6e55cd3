import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { NewTaskDefinition, TaskArguments } from "hardhat/types/tasks";

/*
 * Holder and operator commands. Every one works with --network <name>, finds the deployment
 * Ignition recorded for that chain, prints what it did in whole tokens, and on bad input
 * prints a one-line reason and exits with code 1, before sending anything it can check.
 * Options are plain strings on purpose: the commands validate them and say what is wrong.
 */

/**
 * A text option without a default, so help shows none (a default of "" would print as
 * "(default: )"); the command says itself what is missing or wrong. The action still receives a
 * string: `givenAsText` passes "" for an option not given, which is why the type says STRING.
 */
const text = <NameT extends string>(name: NameT, description: string) => ({
  name,
  description,
  type: ArgumentType.STRING_WITHOUT_DEFAULT as unknown as ArgumentType.STRING,
  defaultValue: undefined as unknown as string,
});

/** A text option with a default, which help shows. */
const textWithDefault = <NameT extends string>(name: NameT, description: string, defaultValue: string) => ({
  name,
  description,
  type: ArgumentType.STRING as const,
  defaultValue,
});

/** An option the command cannot do without (unless a flag says otherwise: see its description). */
const required = <NameT extends string>(name: NameT, description: string) => text(name, `${description} (required)`);

/** Every task can print one JSON object instead of text, for scripts and CI. */
const JSON_FLAG = {
  name: "json",
  description:
    'Print one JSON object on stdout: amounts as base units and whole tokens, the transactions sent; {"error": …} and exit code 1 on failure',
};

/** Every task that prints amounts can print every digit of them. */
const EXACT_FLAG = {
  name: "exact",
  description: "Print every digit of amounts (by default they are cut to 6 decimals, marked …)",
};

/** A foundation:* task: every one but deploy prints JSON with --json and every digit with --exact. */
const foundationTask = (id: string, description: string) =>
  task(id, description).addFlag(JSON_FLAG).addFlag(EXACT_FLAG);

/** Every task that sends a transaction can send it as any of the network's accounts. */
const from = () =>
  text("from", "Send as this account: its index among the network's accounts, or its address (default: the first)");

const holder = () => import("./commands/holder.js");
const operator = () => import("./commands/operator.js");
const compute = () => import("./commands/compute.js");
const humans = () => import("./commands/humans.js");

export const foundationTasks = (
  [
    task("foundation:deploy", "Deploy the whole system with Ignition and record it for the other tasks")
      .addOption(
        text(
          "parameters",
          "Parameter file (on a local development chain, default: ignition/parameters/<network>.json if it exists, local.json for localhost; " +
            "required on any other chain)",
        ),
      )
      .addFlag({
        name: "iAcceptUndelayedGovernance",
        description:
          "Deploy to a public chain even though its parameters let one key redirect new reserve at once (a timelock delay under one day, a curator other than the timelock, a quorum under 2, no issuers listed, or no guardian named)",
      })
      .addFlag({
        name: "verify",
        description:
          "Once deployed, verify every contract's source on the chain's block explorers (hardhat-verify; needs ETHERSCAN_API_KEY)",
      })
      .addFlag(JSON_FLAG)
      .setAction(async () => ({ default: (await import("./commands/deploy.js")).deployAction }))
      .build(),

    foundationTask("foundation:status", "Show addresses, backing, fees, scheduled fee changes, emission and pools")
      .setAction(async () => ({ default: (await import("./commands/status.js")).statusAction }))
      .build(),

    foundationTask(
      "foundation:balance",
      "Show what an address holds (FRSV, FDC, ETH, the coin's allowance) and may claim",
    )
      .addOption(text("address", "The address (default: you)"))
      .setAction(async () => ({ default: (await holder()).balanceAction }))
      .build(),

    foundationTask(
      "foundation:send",
      "Send FRSV or FDC to an address (e.g. a tester's first FRSV from a testnet genesis)",
    )
      .addOption(required("to", "Who receives it"))
      .addOption(required("amount", "How much, in whole tokens (e.g. 250), or all of it: all"))
      .addOption(required("token", "FRSV (the reserve) or FDC (the coin)"))
      .addOption(from())
      .setAction(async () => ({ default: (await holder()).sendAction }))
      .build(),

    foundationTask("foundation:mint", "Deposit FRSV and mint FDC; the fee goes to the pool you name, or to the commons")
      .addOption(required("amount", "FRSV to deposit, in whole tokens (e.g. 12.5)"))
      .addOption(textWithDefault("pool", "Pool to receive the fee; 0 shares it over all active pools", "0"))
      .addOption(text("to", "Who receives the FDC (default: you)"))
      .addOption(text("maxFeeBps", "Refuse to mint if the mint fee is above this many basis points"))
      .addOption(from())
      .setAction(async () => ({ default: (await holder()).mintAction }))
      .build(),

    foundationTask(
      "foundation:redeem",
      "Burn FDC and receive FRSV; the fee goes to the pool you name, or to the commons",
    )
      .addOption(required("amount", "FDC to redeem, in whole tokens (e.g. 12500), or all you hold: all"))
      .addOption(textWithDefault("pool", "Pool to receive the fee; 0 shares it over all active pools", "0"))
      .addOption(text("to", "Who receives the FRSV (default: you)"))
      .addOption(text("maxFeeBps", "Refuse to redeem if the redeem fee is above this many basis points"))
      .addOption(from())
      .setAction(async () => ({ default: (await holder()).redeemAction }))
      .build(),

    foundationTask(
      "foundation:pools",
      "List the pools with status, weight, share, claimable reserve and verified work owed",
    )
      .setAction(async () => ({ default: (await operator()).poolsAction }))
      .build(),

    foundationTask("foundation:propose", "Propose a public-good compute pool (anyone may)")
      .addOption(required("name", "The pool's name"))
      .addOption(required("uri", "Where its description lives (e.g. ipfs://…)"))
      .addOption(text("recipient", "Who its claims pay (default: you)"))
      .addOption(from())
      .setAction(async () => ({ default: (await operator()).proposeAction }))
      .build(),

    foundationTask("foundation:approve", "Approve a proposed pool with a weight (curator)")
      .addOption(required("pool", "The pool id"))
      .addOption(required("weight", "Its weight in the commons (at most 1,000,000)"))
      .addOption(from())
      .setAction(async () => ({ default: (await operator()).approveAction }))
      .build(),

    foundationTask("foundation:weight", "Change an active pool's weight (curator)")
      .addOption(required("pool", "The pool id"))
      .addOption(required("weight", "Its new weight (at most 1,000,000)"))
      .addOption(from())
      .setAction(async () => ({ default: (await operator()).weightAction }))
      .build(),

    foundationTask(
      "foundation:curate",
      "Approve and reweigh several pools in one batch (curator; scheduled through the timelock where it curates)",
    )
      .addOption(
        text("pools", "Pool ids, comma-separated, in any order (e.g. 1,2,3) (required unless --execute or --cancel)"),
      )
      .addOption(
        text(
          "weights",
          "Their weights, in the same order, each at most 1,000,000 (e.g. 50,30,20) (required unless --execute or --cancel)",
        ),
      )
      .addFlag({
        name: "execute",
        description: "Execute the curations scheduled in the timelock whose delay has passed",
      })
      .addFlag({ name: "cancel", description: "Cancel every curation waiting in the timelock (a timelock proposer)" })
      .addOption(from())
      .setAction(async () => ({ default: (await operator()).curateAction }))
      .build(),

    foundationTask("foundation:retire", "Retire a pool for good (curator); what it accrued stays claimable")
      .addOption(required("pool", "The pool id"))
      .addOption(from())
      .setAction(async () => ({ default: (await operator()).retireAction }))
      .build(),

    foundationTask("foundation:claim", "Pay a pool's accrued reserve to its recipient (anyone may)")
      .addOption(text("pool", "The pool id (required unless --all)"))
      .addFlag({ name: "all", description: "Claim for every pool that has something to claim" })
      .addOption(from())
      .setAction(async () => ({ default: (await operator()).claimAction }))
      .build(),

    foundationTask(
      "foundation:settle",
      "Share what reached the pools' commons (fees, gifts, unreported compute budgets) by weight (anyone may)",
    )
      .addOption(from())
      .setAction(async () => ({ default: (await operator()).settleAction }))
      .build(),

    foundationTask(
      "foundation:attest",
      "Check a pool's job receipts for an ended epoch and sign its work report (attester)",
    )
      .addOption(required("pool", "The pool id"))
      .addOption(required("epoch", "The epoch the work was done in"))
      .addOption(required("receipts", "The pool's job receipts for that epoch (a JSON file)"))
      .addOption(
        text(
          "reportVersion",
          "The report's version: a correction signs a later one than the version on chain (default: the next)",
        ),
      )
      .addOption(
        text("out", "Where to write the signature (default: signature-pool<id>-epoch<n>-v<version>-<you>.json)"),
      )
      .addOption(
        text(
          "from",
          "The attester's account: its index among the network's accounts, or its address (default: the first)",
        ),
      )
      .setAction(async () => ({ default: (await compute()).attestAction }))
      .build(),

    foundationTask(
      "foundation:submit-work",
      "Submit a pool's work report with a quorum of attesters' signatures (anyone may)",
    )
      .addOption(required("pool", "The pool id"))
      .addOption(required("epoch", "The epoch the work was done in"))
      .addOption(required("receipts", "The pool's job receipts for that epoch (a JSON file)"))
      .addOption(required("signatures", "The attesters' signature files, comma-separated"))
      .addOption(from())
      .setAction(async () => ({ default: (await compute()).submitWorkAction }))
      .build(),

    foundationTask("foundation:work", "Show an epoch of verified compute: budget, reports, shares, what is claimable")
      .addOption(text("epoch", "The epoch (default: the last one that ended)"))
      .setAction(async () => ({ default: (await compute()).workAction }))
      .build(),

    foundationTask("foundation:claim-work", "Pay a pool's new reserve for verified work to its recipient (anyone may)")
      .addOption(required("pool", "The pool id"))
      .addOption(text("epochs", "Final epochs, comma-separated (e.g. 3,4) (required unless --all)"))
      .addFlag({ name: "all", description: "Every final epoch the pool has something to claim in" })
      .addOption(from())
      .setAction(async () => ({ default: (await compute()).claimWorkAction }))
      .build(),

    foundationTask("foundation:sweep", "Send an epoch's unclaimed compute budget to the pools' commons (anyone may)")
      .addOption(required("epoch", "The epoch"))
      .addOption(from())
      .setAction(async () => ({ default: (await compute()).sweepAction }))
      .build(),

    foundationTask(
      "foundation:void",
      "Void a pool's work report during its epoch's review period: its share goes to the commons (guardian)",
    )
      .addOption(required("pool", "The pool id"))
      .addOption(required("epoch", "The epoch of the report"))
      .addOption(
        text(
          "from",
          "The guardian's account: its index among the network's accounts, or its address (default: the first)",
        ),
      )
      .setAction(async () => ({ default: (await compute()).voidAction }))
      .build(),

    foundationTask(
      "foundation:credential",
      "Sign a verified person's credential for their account (issuer); writes a JSON file",
    )
      .addOption(required("account", "The person's account, which they proved they control"))
      .addOption(
        text(
          "person",
          "The person's id in your verification records; the nullifier derives from it and the issuers' shared " +
            "secret (config variable FOUNDATION_NULLIFIER_SECRET) (required unless --nullifier)",
        ),
      )
      .addOption(text("nullifier", "Instead of --person: a personhood protocol's own nullifier (0x + 64 hex digits)"))
      .addOption(textWithDefault("days", "How many days the credential lasts", "365"))
      .addOption(
        text("out", "A new file to write the credential to (default: credential-<account's first 8 hex digits>.json)"),
      )
      .addOption(
        text(
          "from",
          "The issuer's account: its index among the network's accounts, or its address (default: the first)",
        ),
      )
      .setAction(async () => ({ default: (await humans()).credentialAction }))
      .build(),

    foundationTask(
      "foundation:register",
      "Register (or renew) a verified human from an issuer's credential (anyone may submit)",
    )
      .addOption(required("credential", "The credential file foundation:credential wrote"))
      .addOption(
        text(
          "from",
          "Who sends it and pays the gas: an index among the network's accounts, or an address (default: the first)",
        ),
      )
      .setAction(async () => ({ default: (await humans()).registerAction }))
      .build(),

    foundationTask(
      "foundation:humans",
      "Show the verified humans: head count, dividend per head, where the human share went",
    )
      .setAction(async () => ({ default: (await humans()).humansAction }))
      .build(),

    foundationTask("foundation:dividend", "Show an account's registration and the dividend it can claim")
      .addOption(text("address", "The account (default: you)"))
      .setAction(async () => ({ default: (await humans()).dividendAction }))
      .build(),

    foundationTask(
      "foundation:claim-dividend",
      "Claim your human dividend as fully backed FDC, or as FRSV with --as reserve",
    )
      .addOption(text("to", "Who receives it (default: you)"))
      .addOption({
        ...text("as", "coin (FDC, minted through the coin; the mint fee goes to the commons) or reserve (FRSV)"),
        defaultValue: "coin",
      })
      .addOption(
        text("from", "Your account: its index among the network's accounts, or its address (default: the first)"),
      )
      .setAction(async () => ({ default: (await humans()).claimDividendAction }))
      .build(),

    foundationTask(
      "foundation:revoke",
      "Revoke a person, registered now or not: no credential signed before works again (their issuer, or the admin)",
    )
      .addOption(text("account", "The person's account, registered now or last (required unless --person)"))
      .addOption(text("person", "The person's nullifier, 0x… (required unless --account)"))
      .addOption(
        text(
          "from",
          "The issuer's account: its index among the network's accounts, or its address (default: the first)",
        ),
      )
      .setAction(async () => ({ default: (await humans()).revokeAction }))
      .build(),

    foundationTask("foundation:remove-expired", "Remove a registration whose credential has expired (anyone may)")
      .addOption(required("account", "The registered account"))
      .addOption(
        text("from", "Who sends it: an index among the network's accounts, or an address (default: the first)"),
      )
      .setAction(async () => ({ default: (await humans()).removeExpiredAction }))
      .build(),

    foundationTask(
      "foundation:report",
      "Build the transparency report from the chain's events: a page with charts, JSON and CSV",
    )
      .addOption(text("out", "The folder to write it to (default: reports/transparency/<network>/)"))
      .addOption(
        text("fromBlock", "Where the history starts (default: the deployment's first block, from Ignition's record)"),
      )
      .setAction(async () => ({ default: (await import("./commands/report.js")).reportAction }))
      .build(),

    foundationTask(
      "foundation:time",
      "Show the chain's time and epoch; on a local development node, --advance moves the clock (refused elsewhere)",
    )
      .addOption(text("advance", "Move the clock forward first: 3600, 30m, 2h, 1d12h, 1w (local nodes only)"))
      .setAction(async () => ({ default: (await import("./commands/time.js")).timeAction }))
      .build(),

    foundationTask("foundation:pause", "Pause minting at once (guardian); redemption and claims keep working")
      .addOption(from())
      .setAction(async () => ({ default: (await operator()).pauseAction }))
      .build(),

    foundationTask("foundation:unpause", "Resume minting (guardian)")
      .addOption(from())
      .setAction(async () => ({ default: (await operator()).unpauseAction }))
      .build(),

    foundationTask(
      "foundation:fees",
      "Schedule a fee change through the timelock (cancelling any still waiting), --execute it once due, or --cancel",
    )
      .addOption(text("mintBps", "New mint fee in basis points (100 = 1%) (required unless --execute or --cancel)"))
      .addOption(text("redeemBps", "New redeem fee in basis points (required unless --execute or --cancel)"))
      .addFlag({ name: "execute", description: "Execute the scheduled fee change once its delay has passed" })
      .addFlag({ name: "cancel", description: "Cancel every fee change waiting in the timelock (a timelock proposer)" })
      .addOption(from())
      .setAction(async () => ({ default: (await import("./commands/governance.js")).feesAction }))
      .build(),
  ] as NewTaskDefinition[]
).map(givenAsText);

/**
 * The commands read an option that was not given as "" (and name what is missing themselves);
 * Hardhat passes `undefined` for a text option without a default, so this fills it in.
 */
function givenAsText(definition: NewTaskDefinition): NewTaskDefinition {
  const withoutDefault = Object.keys(definition.options).filter(
    (name) => definition.options[name]!.type === ArgumentType.STRING_WITHOUT_DEFAULT,
  );
  if (withoutDefault.length === 0 || definition.action === undefined) return definition;
  const load = definition.action;
  return {
    ...definition,
    action: async () => {
      const { default: run } = await load();
      return {
        default: (args: TaskArguments, hre: Parameters<typeof run>[1]) => {
          const filled: TaskArguments = { ...args };
          for (const name of withoutDefault) filled[name] ??= "";
          return run(filled, hre);
        },
      };
    },
  };
}
