import { expect } from "chai";
import type { Signer } from "ethers";
import { attachFoundation, type Foundation } from "../../client/foundation.js";
import type { Context } from "../../client/context.js";
import { Output, useOutput, type JsonValue } from "../../client/output.js";
import { CommandError, NothingToDo } from "../../client/errors.js";

/** A command's context in a test: what it prints is collected in `lines`, its --json fields in `fields`. */
export type TestContext = Context & { lines: string[]; fields: Record<string, JsonValue> };

/** A command context for the deployment at `addresses`, acting as `signer`, on a "localhost" network. */
export function commandContext(
  addresses: Record<keyof Foundation, string>,
  signer: Signer & { address: string },
  chainId: bigint,
): TestContext {
  const lines: string[] = [];
  const fields: Record<string, JsonValue> = {};
  return {
    system: attachFoundation(addresses, signer),
    signer,
    account: signer.address,
    chainId,
    networkName: "localhost",
    say: (line) => lines.push(line),
    put: (key, value) => {
      fields[key] = value;
    },
    lines,
    fields,
  };
}

/** Runs `run`, which should end with an error; returns it, and checks the account sent nothing. */
async function endedWithoutSending(ctx: Context, run: () => Promise<void>): Promise<unknown> {
  const provider = ctx.signer.provider!;
  const nonce = await provider.getTransactionCount(ctx.account);
  const ended = await run().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(await provider.getTransactionCount(ctx.account), "no transaction was sent").to.equal(nonce);
  return ended;
}

/**
 * Runs a command that finds nothing to do (what was asked already holds, or nothing is waiting):
 * exit code 0, its one-line reason, and nothing sent.
 */
export async function expectNothingToDo(ctx: Context, run: () => Promise<void>, message: string): Promise<void> {
  const ended = await endedWithoutSending(ctx, run);
  expect(ended, "the command should find nothing to do").to.be.instanceOf(NothingToDo);
  expect((ended as NothingToDo).exitCode).to.equal(0);
  expect((ended as Error).message).to.include(message);
  expect((ended as Error).message).not.to.include("\n");
}

/** Runs a command expected to fail; checks its one-line message and that it sent nothing. */
export async function expectRefusal(ctx: Context, run: () => Promise<void>, message: string | RegExp): Promise<void> {
  const failure = await endedWithoutSending(ctx, run);
  expect(failure, "the command should fail").to.be.instanceOf(CommandError);
  expect(failure, "a refusal, not nothing to do").not.to.be.instanceOf(NothingToDo);
  const text = (failure as Error).message;
  if (typeof message === "string") expect(text).to.include(message);
  else expect(text).to.match(message);
  expect(text).not.to.include("\n");
}

/**
 * Makes the commands print every digit of amounts (--exact) for the rest of the enclosing
 * `describe`, so tests can compare what they print with the chain to the base unit; the
 * rounded, human form has its own tests. The "sent 0x…" announcements are dropped: the tests
 * check transactions on the chain, and the announcement has its own test.
 */
export function printExactAmounts(): void {
  let previous: Output | undefined;
  before(() => {
    const quiet = () => undefined;
    previous = useOutput(new Output({ exact: true }, undefined, undefined, quiet));
  });
  after(() => {
    useOutput(previous);
  });
}
