/** One named quantity of a check: rebuilt from events, or read from a view at the report's block. */
export interface Term {
  label: string;
  value: bigint;
}

/**
 * One reconciliation. An identity is a conservation law that holds to the wei on any healthy
 * chain: the terms of its left side (mostly rebuilt from events) sum to those of its right side
 * (mostly the contracts' views). A bound is a promise that is an inequality by nature (the backing
 * never fell below 100%; what every pool can claim is covered). When one does not hold, the terms
 * show which quantity moved: each quantity appears in more than one check.
 */
export interface Check {
  what: string;
  kind: "identity" | "bound";
  holds: boolean;
  /** The sum of the left side's terms. */
  rebuilt: bigint;
  /** The sum of the right side's terms. */
  onChain: bigint;
  /** How the two sides must relate: "=" for an identity, "≤" or "≥" for a bound. */
  relation: "=" | "≤" | "≥";
  left: Term[];
  right: Term[];
  /** Counts (humans) rather than FRSV/FDC base units. */
  unit: "amount" | "count";
}

/** Terms as `{ label: value }`, in the order they read. */
export type Terms = Record<string, bigint>;

const toTerms = (terms: Terms): Term[] => Object.entries(terms).map(([label, value]) => ({ label, value }));
const total = (terms: Term[]) => terms.reduce((sum, term) => sum + term.value, 0n);

/** The checks of one report, in the order they were stated. */
export class Checks {
  readonly list: Check[] = [];

  /** States `what`: the left terms sum to the right terms, to the wei. */
  identity(what: string, left: Terms, right: Terms, unit: Check["unit"] = "amount"): void {
    this.add(what, "identity", "=", left, right, unit);
  }

  /** States `what`: the left terms' sum relates to the right terms' sum as `relation` says. */
  bound(what: string, left: Terms, relation: "≤" | "≥", right: Terms): void {
    this.add(what, "bound", relation, left, right, "amount");
  }

  /**
   * States `what` of every item (every pool, every epoch…) as one check, so the list stays short
   * at any size: each item's left terms sum to its right terms, the shown terms are the items'
   * totals, and the check names the items for which it does not hold (the first ten).
   */
  identityOfEach(
    what: string,
    items: { name: string; left: Terms; right: Terms }[],
    unit: Check["unit"] = "amount",
  ): void {
    this.ofEach(what, "=", items, unit);
  }

  /** As {@link identityOfEach}, for a bound that holds item by item. */
  boundOfEach(what: string, relation: "≤" | "≥", items: { name: string; left: Terms; right: Terms }[]): void {
    this.ofEach(what, relation, items, "amount");
  }

  private ofEach(
    what: string,
    relation: Check["relation"],
    items: { name: string; left: Terms; right: Terms }[],
    unit: Check["unit"],
  ): void {
    // No items, nothing to state (a check that cannot fail is not one).
    if (items.length === 0) return;
    const failing = items.filter((item) => {
      const [l, r] = [total(toTerms(item.left)), total(toTerms(item.right))];
      return relation === "=" ? l !== r : relation === "≤" ? l > r : l < r;
    });
    const added = (pick: (item: (typeof items)[number]) => Terms) => {
      const sums: Terms = {};
      for (const item of items)
        for (const [label, value] of Object.entries(pick(item))) sums[label] = (sums[label] ?? 0n) + value;
      return sums;
    };
    const named =
      failing.length === 0
        ? what
        : `${what}; not for ${failing
            .slice(0, 10)
            .map((item) => item.name)
            .join(", ")}${failing.length > 10 ? ` and ${failing.length - 10} more` : ""}`;
    this.add(
      named,
      relation === "=" ? "identity" : "bound",
      relation,
      added((i) => i.left),
      added((i) => i.right),
      unit,
    );
    // The totals may balance while items do not (one pool's gain another's loss): the items decide.
    if (failing.length > 0) this.list[this.list.length - 1]!.holds = false;
  }

  private add(
    what: string,
    kind: Check["kind"],
    relation: Check["relation"],
    leftTerms: Terms,
    rightTerms: Terms,
    unit: Check["unit"],
  ): void {
    const [left, right] = [toTerms(leftTerms), toTerms(rightTerms)];
    const [rebuilt, onChain] = [total(left), total(right)];
    const holds = relation === "=" ? rebuilt === onChain : relation === "≤" ? rebuilt <= onChain : rebuilt >= onChain;
    this.list.push({ what, kind, holds, rebuilt, onChain, relation, left, right, unit });
  }
}

/**
 * A check's terms in one line, each value through `format` (amounts in tokens, counts as they
 * are): `a 1 + b 2 − c 3 = d 0`, the relation between the sides.
 */
export function termsLine(check: Check, format: (check: Check, value: bigint) => string): string {
  const side = (terms: Term[]) =>
    terms
      .map((t, i) => {
        const shown = `${t.label} ${format(check, t.value < 0n ? -t.value : t.value)}`;
        return t.value < 0n ? `− ${shown}` : i === 0 ? shown : `+ ${shown}`;
      })
      .join(" ")
      .replace(/^− /, "−");
  return `${side(check.left)} ${check.relation} ${side(check.right)}`;
}
