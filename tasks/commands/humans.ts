import { readFile } from "node:fs/promises";
import path from "node:path";
import { getAddress, isAddress, isHexString, verifyTypedData, ZeroAddress, ZeroHash } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import {
  credentialTypedData,
  MIN_SECRET_LENGTH,
  NULLIFIER_SECRET_VARIABLE,
  nullifierFor,
} from "../../client/humans.js";
import { runTask, type Context, type TaskArgs } from "../../client/context.js";
import {
  checkRecipient,
  confirm,
  duration,
  eventArgs,
  fdc,
  fdcJson,
  frsv,
  frsvJson,
  when,
} from "../../client/describe.js";
import { CommandError, explain } from "../../client/errors.js";
import { queryInChunks } from "../../client/events.js";
import { writeNewFile } from "../../client/files.js";
import { parseAddress, parseWhole } from "../../client/input.js";
import { readConfigVariable } from "../../client/secrets.js";

const DAY = 86_400n;
const KIND = "Foundation human credential";

/** What an issuer writes, and `foundation:register` reads back. The person id is never written. */
interface CredentialFile {
  kind: typeof KIND;
  chainId: string;
  humanRegistry: string;
  account: string;
  nullifier: string;
  expiresAt: string;
  issuer: string;
  signature: string;
}

/** Reads the secret all issuers share; undefined when it is not set. */
export type SecretSource = () => Promise<string | undefined>;

async function latestTimestamp(ctx: Context): Promise<bigint> {
  return BigInt((await ctx.signer.provider!.getBlock("latest"))!.timestamp);
}

async function checkIssuer(ctx: Context, account: string, what: string): Promise<void> {
  const registry = ctx.system.humanRegistry;
  if (!(await registry.hasRole(await registry.ISSUER_ROLE(), account))) {
    throw new CommandError(`account ${account} is not an issuer; only issuers ${what}`);
  }
}

/** "N humans share the dividend now (25% of new reserve)." */
async function headCountLine(ctx: Context): Promise<string> {
  const count = await ctx.system.humanRegistry.humanCount();
  const percent = Number(await ctx.system.emission.HUMAN_SHARE_BPS()) / 100;
  const who = count === 1n ? "1 human shares" : `${count} humans share`;
  return `${who} the dividend now (${percent}% of new reserve).`;
}

/** The nullifier a credential will carry: the protocol's own, or derived from the person id. */
async function nullifierOf(args: CredentialArgs, readSecret: SecretSource): Promise<{ value: string; how: string }> {
  const person = args.person.trim();
  const given = args.nullifier.trim();
  if ((person === "") === (given === "")) {
    throw new CommandError(
      "give either --person <id> (the nullifier derives from it and the issuers' shared secret) or " +
        "--nullifier <0x…> (a personhood protocol's own)",
    );
  }
  if (given !== "") {
    if (!isHexString(given, 32) || given === ZeroHash) {
      throw new CommandError(`--nullifier must be 32 non-zero bytes: 0x followed by 64 hex digits, not "${given}"`);
    }
    return { value: given.toLowerCase(), how: "given" };
  }
  const secret = await readSecret();
  if (secret === undefined || secret === "") {
    throw new CommandError(
      `--person needs the secret all issuers share, in the config variable ${NULLIFIER_SECRET_VARIABLE}: ` +
        `set it in the environment or with npx hardhat keystore set ${NULLIFIER_SECRET_VARIABLE}`,
    );
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new CommandError(
      `${NULLIFIER_SECRET_VARIABLE} has ${secret.length} characters; the shared secret needs at least ${MIN_SECRET_LENGTH}`,
    );
  }
  return { value: nullifierFor(secret, person), how: "derived from the person id and the issuers' shared secret" };
}

export interface CredentialArgs {
  account: string;
  person: string;
  nullifier: string;
  days: string;
  out: string;
  /** The issuer's account: an index among the network's accounts, or an address. */
  from?: string;
}

/**
 * An issuer, having verified that a person controls `account`, signs their credential (EIP-712)
 * and writes it to a file. Refuses, before signing, any credential the registry would refuse.
 */
export async function credential(ctx: Context, args: CredentialArgs, readSecret: SecretSource): Promise<void> {
  const registry = ctx.system.humanRegistry;
  const account = parseAddress(args.account, "account");
  if (await ctx.system.foundationCoin.isSystemContract(account)) {
    throw new CommandError(`--account ${account} is a Foundation contract, not a person's account`);
  }
  const nullifier = await nullifierOf(args, readSecret);
  const days = args.days.trim() === "" ? 365n : parseWhole(args.days, "days", "a number of days");
  if (days === 0n) throw new CommandError("--days must be at least 1");
  await checkIssuer(ctx, ctx.account, "sign credentials");
  const maxValidity = await registry.MAX_VALIDITY();
  if (days * DAY > maxValidity) {
    throw new CommandError(`--days ${days} is beyond the ${duration(maxValidity)} a credential may last`);
  }
  const expiresAt = (await latestTimestamp(ctx)) + days * DAY;

  const [holder, latestAccepted, answering] = await registry.nullifier(nullifier.value);
  if (holder !== ZeroAddress && holder !== account) {
    throw new CommandError(
      `this person is registered as ${holder}; an issuer revokes that registration first (foundation:revoke)`,
    );
  }
  if ((await registry.isRegistered(account)) && (await registry.nullifierOf(account)) !== nullifier.value) {
    throw new CommandError(`${account} is already registered as another person`);
  }
  if (answering !== ZeroAddress && answering !== getAddress(ctx.account)) {
    throw new CommandError(
      `issuer ${answering} answers for this person (it registered them last); only it registers or renews them ` +
        "while it is an issuer, whether or not they are registered now",
    );
  }
  if (expiresAt <= latestAccepted) {
    throw new CommandError(
      `the registry refuses this person's credentials expiring before ${when(latestAccepted + 1n)} ` +
        `(one accepted before, or a revocation); this one would expire at ${when(expiresAt)}: give more --days, ` +
        "or after a revocation sign it later",
    );
  }

  const { domain, types, value } = await credentialTypedData(
    { registry, chainId: ctx.chainId },
    { account, nullifier: nullifier.value, expiresAt },
  );
  const signature = await ctx.signer.signTypedData(domain, types, value);
  const file: CredentialFile = {
    kind: KIND,
    chainId: String(ctx.chainId),
    humanRegistry: await registry.getAddress(),
    account,
    nullifier: nullifier.value,
    expiresAt: String(expiresAt),
    issuer: ctx.account,
    signature,
  };
  const out = args.out.trim() || `credential-${account.slice(2, 10).toLowerCase()}.json`;
  await writeNewFile(out, JSON.stringify(file, null, 2) + "\n");
  ctx.say(
    `Signed a credential: ${account} is a verified person until ${when(expiresAt)} ` +
      `(nullifier ${nullifier.value}, ${nullifier.how}).`,
  );
  ctx.say(
    `Credential written to ${out}. Anyone can register it: ` +
      `npx hardhat foundation:register --credential ${out} --network ${ctx.networkName}`,
  );
  ctx.put("account", account);
  ctx.put("expiresAt", when(expiresAt));
  ctx.put("nullifier", nullifier.value);
  ctx.put("file", out);
}

/** A credential file, checked for shape and for this deployment. */
async function readCredential(ctx: Context, file: string): Promise<CredentialFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new CommandError(`cannot read the credential file ${file}`);
  }
  let parsed: Partial<CredentialFile>;
  try {
    parsed = JSON.parse(text) as Partial<CredentialFile>;
  } catch {
    throw new CommandError(`${path.basename(file)} is not a credential written by foundation:credential (not JSON)`);
  }
  const name = path.basename(file);
  const fields = ["chainId", "humanRegistry", "account", "nullifier", "expiresAt", "issuer", "signature"] as const;
  if (parsed.kind !== KIND || fields.some((field) => typeof parsed[field] !== "string")) {
    throw new CommandError(`${name} is not a credential written by foundation:credential`);
  }
  const c = parsed as CredentialFile;
  if (!isAddress(c.account) || !isAddress(c.issuer) || !isAddress(c.humanRegistry) || !/^\d+$/.test(c.expiresAt)) {
    throw new CommandError(`${name} is not a credential written by foundation:credential (a field is malformed)`);
  }
  const registry = await ctx.system.humanRegistry.getAddress();
  if (c.chainId !== String(ctx.chainId) || getAddress(c.humanRegistry) !== registry) {
    throw new CommandError(`${name} is for chain ${c.chainId}, registry ${c.humanRegistry}: not this deployment`);
  }
  return c;
}

export interface RegisterArgs {
  credential: string;
  /** Who pays the gas: the person, or a relayer. */
  from?: string;
}

/** Registers (or renews) a verified human from an issuer's credential file (anyone may submit it). */
export async function register(ctx: Context, args: RegisterArgs): Promise<void> {
  const registry = ctx.system.humanRegistry;
  if (args.credential.trim() === "")
    throw new CommandError("--credential is required: a file foundation:credential wrote");
  const c = await readCredential(ctx, args.credential.trim());
  const name = path.basename(args.credential.trim());
  const account = getAddress(c.account);
  const issuer = getAddress(c.issuer);
  const expiresAt = BigInt(c.expiresAt);
  await checkIssuer(ctx, issuer, "sign credentials, so this one does not count");
  // An account's signature is checked here; a contract issuer (ERC-1271) is asked on chain.
  if ((await ctx.signer.provider!.getCode(issuer)) === "0x") {
    const { domain, types, value } = await credentialTypedData(
      { registry, chainId: ctx.chainId },
      { account, nullifier: c.nullifier, expiresAt },
    );
    let signer: string;
    try {
      signer = verifyTypedData(domain, types, value, c.signature);
    } catch {
      signer = "";
    }
    if (signer !== issuer) {
      throw new CommandError(`${name}: the signature is not ${issuer}'s signature of this credential`);
    }
  }
  const now = await latestTimestamp(ctx);
  if (expiresAt <= now) throw new CommandError(`${name} expired at ${when(expiresAt)}; ask an issuer for a new one`);
  const renewing = (await registry.isRegistered(account)) && (await registry.nullifierOf(account)) === c.nullifier;
  if (renewing && expiresAt <= (await registry.expiresAt(account))) {
    const until = await registry.expiresAt(account);
    throw new CommandError(
      expiresAt === until
        ? `${account} is already registered with this credential, until ${when(until)}; nothing to do`
        : `${account} is registered until ${when(until)}, later than this credential (${when(expiresAt)}); nothing to do`,
    );
  }
  const call = [account, c.nullifier, expiresAt, issuer, c.signature] as const;
  // Anything else the registry would refuse (a nullifier in use, a stale credential) is named now.
  await registry.register.staticCall(...call).catch((error: unknown) => {
    throw new CommandError(
      `nothing was sent: ${explain(error).replace(/^the transaction was refused: /, "the registry refuses it: ")}`,
    );
  });
  const receipt = await confirm(registry.register(...call));
  ctx.say(
    renewing
      ? `Renewed ${account}'s registration until ${when(expiresAt)}, on issuer ${issuer}'s word (transaction ${receipt.hash}).`
      : `Registered ${account} as a verified human until ${when(expiresAt)}, on issuer ${issuer}'s word ` +
          `(transaction ${receipt.hash}).`,
  );
  ctx.say(await headCountLine(ctx));
  ctx.put("account", account);
  ctx.put("renewed", renewing);
  ctx.put("expiresAt", when(expiresAt));
  ctx.put("issuer", issuer);
  ctx.put("humanCount", (await ctx.system.humanRegistry.humanCount()).toString());
}

/** Every account that was ever registered, from the registry's events (oldest first). */
async function everRegistered(ctx: Context): Promise<string[]> {
  const registry = ctx.system.humanRegistry;
  const events = await queryInChunks(ctx.system, (from, to) =>
    registry.queryFilter(registry.filters.HumanRegistered(), from, to),
  );
  return [...new Set(events.map((e) => e.args.account))];
}

/** The head count, the dividend per head, where the human share went, and the next expiry (anyone). */
export async function humans(ctx: Context): Promise<void> {
  const { humanRegistry: registry, humanDividend: dividend, emission } = ctx.system;
  const now = await latestTimestamp(ctx);
  const registered: { account: string; expiresAt: bigint; issuer: string }[] = [];
  for (const account of await everRegistered(ctx)) {
    if (await registry.isRegistered(account)) {
      registered.push({
        account,
        expiresAt: await registry.expiresAt(account),
        issuer: await registry.issuerOf(account),
      });
    }
  }
  const expired = registered.filter((r) => r.expiresAt <= now);
  const count = await registry.humanCount();
  ctx.say(
    `Verified humans: ${count} registered` +
      (expired.length === 0 ? "" : ` (${expired.length} expired, accruing until someone removes them)`) +
      `; the dividend gets ${Number(await emission.HUMAN_SHARE_BPS()) / 100}% of new reserve.`,
  );
  const perHead = await dividend.accruedPerHead();
  const dueNow = await emission.dueTo(dividend);
  const counted = await dividend.counted();
  const due = dueNow > counted ? dueNow - counted : 0n;
  const redirected = await emission.redirectedToCommons();
  ctx.say(
    `Dividend accrued per head since the deployment (settled): ${frsv(perHead)}` +
      (count === 0n
        ? "; nobody is registered, so the human share goes to the pools' commons, second by second, until someone registers."
        : due === 0n
          ? "."
          : `; ${frsv(due)} has come due since, about ${frsv(due / count)} per human at the next settlement.`),
  );
  ctx.say(
    `Paid to humans: ${frsv(await dividend.claimed())}; gone to the commons while nobody was registered: ` +
      `${frsv(redirected)}; held for the next settlement (a division's remainder): ${frsv(await dividend.held())}.`,
  );
  const issuers = await issuerTerms(ctx);
  for (const i of issuers) {
    ctx.say(
      `Issuer ${i.issuer}: ${i.heads} registration${i.heads === 1n ? "" : "s"} it answers for` +
        (i.ended ? `; its role was removed, ending ${i.heads === 1n ? "it" : "them"}` : ""),
    );
  }
  const next = registered.filter((r) => r.expiresAt > now).sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : 1))[0];
  if (next !== undefined) ctx.say(`Next expiry: ${next.account} at ${when(next.expiresAt)}.`);
  for (const r of expired) {
    ctx.say(
      `  ${r.account} expired at ${when(r.expiresAt)}; anyone may remove it: ` +
        `npx hardhat foundation:remove-expired --account ${r.account} --network ${ctx.networkName}`,
    );
  }
  ctx.put("humanCount", count.toString());
  ctx.put("humanShareBps", Number(await emission.HUMAN_SHARE_BPS()));
  ctx.put("accruedPerHead", frsvJson(perHead));
  ctx.put("comeDueSince", frsvJson(due));
  ctx.put("claimed", frsvJson(await dividend.claimed()));
  ctx.put("toCommons", frsvJson(redirected));
  ctx.put("held", frsvJson(await dividend.held()));
  ctx.put(
    "registered",
    registered.map((r) => ({
      account: r.account,
      issuer: r.issuer,
      expiresAt: when(r.expiresAt),
      expired: r.expiresAt <= now,
    })),
  );
  ctx.put(
    "issuers",
    issuers.map((i) => ({
      issuer: i.issuer,
      term: i.term.toString(),
      registrations: i.heads.toString(),
      ended: i.ended,
    })),
  );
}

/** Every issuer's term, from the registry's events, with the registrations it answers for (or ended with it). */
async function issuerTerms(ctx: Context) {
  const { humanRegistry: registry, humanDividend: dividend } = ctx.system;
  const started = await queryInChunks(ctx.system, (from, to) =>
    registry.queryFilter(registry.filters.IssuerTermStarted(), from, to),
  );
  const terms = [];
  for (const e of started) {
    const [heads, ended] = await dividend.termHeads(e.args.term);
    terms.push({ issuer: e.args.issuer, term: e.args.term, heads, ended });
  }
  return terms;
}

export interface DividendArgs {
  address: string;
}

/** One account's standing: registered or not, until when, what it can claim, what it claimed (anyone). */
export async function dividendOf(ctx: Context, args: DividendArgs): Promise<void> {
  const { humanRegistry: registry, humanDividend: dividend, foundationCoin: coin } = ctx.system;
  const account = parseAddress(args.address, "address", ctx.account);
  const expiresAt = await registry.expiresAt(account);
  const issuer = await registry.issuerOf(account);
  if (await registry.isHuman(account)) {
    ctx.say(`${account} is a verified human until ${when(expiresAt)}, on issuer ${issuer}'s word.`);
  } else if (await registry.isRegistered(account)) {
    ctx.say(
      `${account}'s credential expired at ${when(expiresAt)}; it accrues until someone removes it, ` +
        "and an issuer can renew it with a new credential.",
    );
  } else ctx.say(`${account} is not a registered human.`);
  const claimable = await dividend.claimable(account);
  if (claimable === 0n) ctx.say("Claimable: nothing now.");
  else {
    const [coinOut, fee] = await coin.previewMint(claimable);
    ctx.say(
      `Claimable: ${frsv(claimable)}, or ${fdc(coinOut)} as Foundation Coin (after the ${frsv(fee)} mint fee to the commons).`,
    );
  }
  const claims = await queryInChunks(ctx.system, (from, to) =>
    dividend.queryFilter(dividend.filters.DividendClaimed(account), from, to),
  );
  const total = claims.reduce((sum, e) => sum + e.args.amount, 0n);
  if (claims.length > 0)
    ctx.say(`Claimed so far: ${frsv(total)} in ${claims.length} claim${claims.length === 1 ? "" : "s"}.`);
  ctx.put("account", account);
  ctx.put("human", await registry.isHuman(account));
  ctx.put("registered", await registry.isRegistered(account));
  ctx.put("expiresAt", expiresAt === 0n ? null : when(expiresAt));
  ctx.put("issuer", issuer === ZeroAddress ? null : issuer);
  ctx.put("claimable", frsvJson(claimable));
  ctx.put("claimedSoFar", frsvJson(total));
  ctx.put("claims", claims.length);
}

export interface ClaimDividendArgs {
  to: string;
  /** "coin" (the default: FDC, minted through the coin) or "reserve" (FRSV). */
  as: string;
  /** The human's account: an index among the network's accounts, or an address. */
  from?: string;
}

/** The human claims their own dividend, as FDC (default) or FRSV, paid to them or to `to`. */
export async function claimDividend(ctx: Context, args: ClaimDividendArgs): Promise<void> {
  const { humanDividend: dividend, foundationCoin: coin } = ctx.system;
  const as = args.as.trim().toLowerCase();
  if (!["", "coin", "fdc", "reserve", "frsv"].includes(as)) {
    throw new CommandError(`--as must be coin (FDC, the default) or reserve (FRSV), not "${args.as}"`);
  }
  const asCoin = as === "" || as === "coin" || as === "fdc";
  const to = parseAddress(args.to, "to", ctx.account);
  await checkRecipient(ctx.system, to);
  const amount = await dividend.claimable(ctx.account);
  if (amount === 0n) {
    const registered = await ctx.system.humanRegistry.isRegistered(ctx.account);
    throw new CommandError(
      `${ctx.account} has no dividend to claim` + (registered ? " yet" : ": it is not a registered human"),
    );
  }
  if (asCoin) {
    if (await coin.mintingPaused()) {
      throw new CommandError("minting is paused by the guardian; claim as FRSV with --as reserve");
    }
    const [coinOut] = await coin.previewMint(amount);
    if (coinOut === 0n) {
      throw new CommandError(`${frsv(amount)} is too small to mint FDC after the fee; claim it with --as reserve`);
    }
  }
  await dividend.claim.staticCall(to, asCoin).catch((error: unknown) => {
    throw new CommandError(
      `nothing was sent: ${explain(error).replace(/^the transaction was refused: /, "the dividend refuses it: ")}`,
    );
  });
  const receipt = await confirm(dividend.claim(to, asCoin));
  const [, , paid] = eventArgs(receipt, dividend, "DividendClaimed");
  ctx.put("claimed", frsvJson(paid as bigint));
  ctx.put("to", to);
  ctx.put("as", asCoin ? "coin" : "reserve");
  if (!asCoin) {
    ctx.say(`Claimed your dividend: ${frsv(paid as bigint)} paid to ${to} (transaction ${receipt.hash}).`);
    return;
  }
  const [, , , coinOut, fee] = eventArgs(receipt, coin, "Minted");
  ctx.say(
    `Claimed your dividend: ${frsv(paid as bigint)} minted into ${fdc(coinOut as bigint)} for ${to}, ` +
      `fully backed (transaction ${receipt.hash}).`,
  );
  ctx.say(`Mint fee: ${frsv(fee as bigint)} to the commons.`);
  ctx.put("minted", fdcJson(coinOut as bigint));
  ctx.put("fee", frsvJson(fee as bigint));
}

export interface AccountArgs {
  account: string;
  from?: string;
}

/** The registration of `account` as it stands, refusing an account that is not registered. */
async function registration(ctx: Context, args: AccountArgs) {
  const account = parseAddress(args.account, "account");
  if (!(await ctx.system.humanRegistry.isRegistered(account))) {
    throw new CommandError(`${account} is not a registered human`);
  }
  return { account, expiresAt: await ctx.system.humanRegistry.expiresAt(account) };
}

export interface RevokeArgs {
  account: string;
  /** The person's nullifier (0x…), for a person who is not registered now. */
  person: string;
  from?: string;
}

/**
 * Revokes a person, registered now or not (an expired registration someone removed included):
 * ends the registration if there is one (what it accrued stays claimable) and refuses every
 * credential for the person signed before now. Only the issuer that registered (or last
 * registered) the person, or the admin, may; the command says so before sending.
 */
export async function revoke(ctx: Context, args: RevokeArgs): Promise<void> {
  const registry = ctx.system.humanRegistry;
  const byAccount = args.account.trim() !== "";
  if (byAccount === (args.person.trim() !== "")) {
    throw new CommandError("give either --account <addr> (the person's last account) or --person <0x… nullifier>");
  }
  let nullifier: string;
  if (byAccount) {
    const account = parseAddress(args.account, "account");
    nullifier = await registry.lastNullifierOf(account);
    if (nullifier === ZeroHash) throw new CommandError(`${account} was never registered; there is no person to revoke`);
  } else {
    nullifier = args.person.trim().toLowerCase();
    if (!isHexString(nullifier, 32) || nullifier === ZeroHash) {
      throw new CommandError(`--person must be a nullifier: 0x followed by 64 hex digits, not "${args.person}"`);
    }
  }
  const [holder, , answering] = await registry.nullifier(nullifier);
  const admin = await registry.owner();
  if (getAddress(ctx.account) !== getAddress(admin) && answering !== getAddress(ctx.account)) {
    throw new CommandError(
      answering === ZeroAddress
        ? `no issuer answers for this person (none registered them, or its role was removed since); only the admin ` +
            `(the timelock, ${admin}) may revoke them`
        : `issuer ${answering} answers for this person (it registered them last); only it or the admin ` +
            `(the timelock, ${admin}) may revoke them, not ${ctx.account}`,
    );
  }
  const receipt = await confirm(registry.revokePerson(nullifier));
  const floor =
    BigInt((await ctx.signer.provider!.getBlock(receipt.blockNumber))!.timestamp) + (await registry.MAX_VALIDITY());
  if (holder === ZeroAddress) {
    ctx.say(`Revoked person ${nullifier}, who is not registered now (transaction ${receipt.hash}).`);
  } else {
    ctx.say(`Revoked person ${nullifier}: ${holder}'s registration ends now (transaction ${receipt.hash}).`);
    ctx.say(`What it accrued stays claimable: ${frsv(await ctx.system.humanDividend.claimable(holder))}.`);
  }
  // The admin's revocation releases the person from the issuer answering for them.
  const released = getAddress(ctx.account) !== answering;
  ctx.say(
    `No credential for this person signed before now works again; to re-admit them, ` +
      `${released ? "any issuer" : "you (the issuer answering for them)"} signs one expiring after ${when(floor)}.`,
  );
  ctx.say(await headCountLine(ctx));
  ctx.put("person", nullifier);
  ctx.put("account", holder === ZeroAddress ? null : holder);
  if (holder !== ZeroAddress) ctx.put("stillClaimable", frsvJson(await ctx.system.humanDividend.claimable(holder)));
  ctx.put("credentialsMustExpireAfter", when(floor));
  ctx.put("answeringIssuer", released ? null : answering);
  ctx.put("humanCount", (await registry.humanCount()).toString());
}

/** Anyone removes a registration whose credential has expired; what it accrued stays claimable. */
export async function removeExpired(ctx: Context, args: AccountArgs): Promise<void> {
  const { account, expiresAt } = await registration(ctx, args);
  if (expiresAt > (await latestTimestamp(ctx))) {
    throw new CommandError(`${account}'s credential is valid until ${when(expiresAt)}; it can be removed after that`);
  }
  const receipt = await confirm(ctx.system.humanRegistry.removeExpired(account));
  ctx.say(
    `Removed ${account}'s registration, expired at ${when(expiresAt)}: it stops accruing now (transaction ${receipt.hash}).`,
  );
  ctx.say(`What it accrued stays claimable: ${frsv(await ctx.system.humanDividend.claimable(account))}.`);
  ctx.say(await headCountLine(ctx));
  ctx.put("account", account);
  ctx.put("stillClaimable", frsvJson(await ctx.system.humanDividend.claimable(account)));
  ctx.put("humanCount", (await ctx.system.humanRegistry.humanCount()).toString());
}

type Hre = HardhatRuntimeEnvironment;
export const credentialAction = (args: CredentialArgs & TaskArgs, hre: Hre) =>
  runTask(hre, args, (ctx) => credential(ctx, args, () => readConfigVariable(hre, NULLIFIER_SECRET_VARIABLE)));
export const registerAction = (args: RegisterArgs & TaskArgs, hre: Hre) =>
  runTask(hre, args, (ctx) => register(ctx, args));
export const humansAction = (args: TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => humans(ctx));
export const dividendAction = (args: DividendArgs & TaskArgs, hre: Hre) =>
  runTask(hre, args, (ctx) => dividendOf(ctx, args));
export const claimDividendAction = (args: ClaimDividendArgs & TaskArgs, hre: Hre) =>
  runTask(hre, args, (ctx) => claimDividend(ctx, args));
export const revokeAction = (args: RevokeArgs & TaskArgs, hre: Hre) => runTask(hre, args, (ctx) => revoke(ctx, args));
export const removeExpiredAction = (args: AccountArgs & TaskArgs, hre: Hre) =>
  runTask(hre, args, (ctx) => removeExpired(ctx, args));
