import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { termsLine, type Check } from "./checks.js";
import type { ReportData } from "./model.js";
import { exact, isoDate, rounded } from "./format.js";
import { sections } from "./sections/index.js";

export { exact, rounded } from "./format.js";

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A Vega-Lite spec rendered to SVG in Node: the page needs no script to show it. */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile({ ...spec, config: { font: "sans-serif", ...(spec.config ?? {}) } }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** How a check's two numbers read: FRSV/FDC amounts exactly, counts as they are. */
export const checkNumber = (check: Check, value: bigint) => (check.unit === "count" ? String(value) : exact(value));

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return `<p class="empty">Nothing yet.</p>`;
  return (
    `<table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join("")}</tr>`).join("") +
    `</tbody></table>`
  );
}

/** The page: one self-contained HTML file, charts inlined as SVG, no script, no network. */
export async function renderHtml(data: ReportData, networkName: string): Promise<string> {
  const h = data.headline;
  const ratio =
    h.backingRequired === 0n ? "—" : `${(Number((h.backingHeld * 10_000n) / h.backingRequired) / 100).toFixed(2)}%`;
  const headline: [string, string, string, string][] = [
    ["coinSupply", "FDC in circulation", exact(h.coinSupply) + " FDC", String(h.coinSupply)],
    ["backingHeld", "FRSV backing it", exact(h.backingHeld) + " FRSV", String(h.backingHeld)],
    [
      "backingRatio",
      "backing ratio",
      ratio,
      h.backingRequired === 0n ? "" : String((h.backingHeld * 10_000n) / h.backingRequired),
    ],
    [
      "reserveSupply",
      "FRSV in existence (cap " + rounded(h.reserveCap) + ")",
      exact(h.reserveSupply) + " FRSV",
      String(h.reserveSupply),
    ],
    ["feesToDate", "fees to public goods, to date", exact(h.feesToDate) + " FRSV", String(h.feesToDate)],
    [
      "feesNamed",
      "… to the pool the holder named",
      exact(h.feesToDate - data.fees.commons) + " FRSV",
      String(h.feesToDate - data.fees.commons),
    ],
    [
      "feesCommons",
      "… to the commons, shared by weight",
      exact(data.fees.commons) + " FRSV",
      String(data.fees.commons),
    ],
    ["minted", "new reserve minted (paid out), to date", exact(h.minted) + " FRSV", String(h.minted)],
    ["pools", "pools (active)", `${h.pools} (${h.activePools})`, String(h.pools)],
    ["humans", "verified humans", String(h.humans), String(h.humans)],
  ];
  const holds = data.checks.filter((c) => c.holds).length;
  const body: string[] = [];
  body.push(`<h1>Foundation: where every unit went</h1>`);
  body.push(
    `<p class="meta">On ${escape(networkName)} (chain ${data.chainId}), blocks ${data.fromBlock} to ${data.toBlock}, ` +
      `as of ${isoDate(data.timestamp)}. Every number below is rebuilt from the contracts' events and checked against their views.</p>`,
  );
  body.push(
    `<section id="headline"><h2>Headline</h2><table class="headline"><tbody>` +
      headline
        .map(
          ([field, name, shown, value]) =>
            `<tr><th>${escape(name)}</th><td data-field="${field}" data-value="${value}">${escape(shown)}</td></tr>`,
        )
        .join("") +
      `</tbody></table></section>`,
  );
  body.push(
    `<section id="checks"><h2>Checks: ${holds} of ${data.checks.length} hold</h2><table><thead><tr><th>check</th><th>result</th><th>rebuilt from events</th><th></th><th>contracts' view</th></tr></thead><tbody>` +
      data.checks
        .map(
          (c) =>
            `<tr class="check ${c.holds ? "holds" : "fails"}"><td>${escape(c.what)}<div class="terms">${escape(termsLine(c, checkNumber))}</div></td><td class="verdict">${c.holds ? "holds" : "does not hold"}</td>` +
            `<td>${escape(checkNumber(c, c.rebuilt))}</td><td>${c.relation}</td><td>${escape(checkNumber(c, c.onChain))}</td></tr>`,
        )
        .join("") +
      `</tbody></table></section>`,
  );
  for (const section of sections(data)) {
    const chart =
      section.tableOnly === true
        ? ""
        : section.spec === undefined
          ? `<p class="empty nothing-yet">Nothing yet.</p>`
          : `<figure class="chart">${await toSvg(section.spec)}</figure>`;
    body.push(
      `<section id="${section.id}" class="chart-section"><h2>${escape(section.title)}</h2><p>${escape(section.caption)}</p>${chart}` +
        table(section.table.head, section.table.rows) +
        (section.table.note === undefined
          ? ""
          : `<p class="more">${escape(section.table.note.text)} <a href="${section.table.note.csv}">${section.table.note.csv}</a>.</p>`) +
        `</section>`,
    );
  }
  body.push(
    `<section id="contracts"><h2>Contracts</h2>` +
      table(
        ["contract", "address"],
        Object.entries(data.addresses).map(([k, v]) => [k, v]),
      ) +
      `</section>`,
  );
  const style = `body{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left}
td{font-variant-numeric:tabular-nums}.headline th{width:22em}.meta{color:#555}
.holds .verdict{color:#176317;font-weight:bold}.fails .verdict{color:#b00020;font-weight:bold}
.empty{color:#777;font-style:italic}.terms{color:#555;font-size:.9em;margin-top:.2em}figure{margin:0}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Foundation transparency report — chain ${data.chainId}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${style}</style></head>
<body>${body.join("\n")}</body></html>
`;
}

/** report.json: every total and series, amounts as base-unit strings. */
export function reportJson(data: ReportData): string {
  return (
    JSON.stringify(
      data,
      (_key, value: unknown) =>
        typeof value === "bigint" ? value.toString() : value instanceof Map ? Object.fromEntries(value) : value,
      2,
    ) + "\n"
  );
}

const csv = (head: string[], rows: (string | number | bigint | boolean)[][]) =>
  [head, ...rows]
    .map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(","))
    .join("\n") + "\n";

/** The CSV tables, amounts in base units. */
export function csvTables(data: ReportData): Record<string, string> {
  return {
    "fees-by-holder.csv": csv(
      ["holder", "pool", "transactions", "fees"],
      data.fees.byPayer.map((r) => [r.payer, r.poolId, r.transactions, r.fees]),
    ),
    "fees-by-pool.csv": csv(
      ["pool", "name", "directed_fees", "weight"],
      [
        ...data.pools.map((p) => [p.id, p.name, data.fees.directedByPool.get(p.id) ?? 0n, p.weight]),
        [0, "the commons", data.fees.commons, ""],
      ],
    ),
    "claims.csv": csv(
      ["pool", "from_commons", "for_compute"],
      data.claims.map((c) => [c.poolId, c.commons, c.compute]),
    ),
    "backing.csv": csv(
      ["block", "timestamp", "fdc_supply", "frsv_required", "frsv_held"],
      data.backing.map((p) => [p.block, p.timestamp, p.supply, p.required, p.held]),
    ),
    "emission.csv": csv(
      ["timestamp", "minted_total"],
      data.emission.minted.map((r) => [r.timestamp, r.total]),
    ),
    "compute.csv": csv(
      ["epoch", "pool", "units", "reward_claimed"],
      data.compute.units.map((u) => [
        u.epoch,
        u.poolId,
        u.units,
        data.compute.rewards
          .filter((r) => r.epoch === u.epoch && r.poolId === u.poolId)
          .reduce((a, r) => a + r.amount, 0n),
      ]),
    ),
    "dividends.csv": csv(
      ["block", "human", "to", "amount", "as"],
      data.humans.claims.map((c) => [c.block, c.human, c.to, c.amount, c.asCoin ? "FDC" : "FRSV"]),
    ),
    "checks.csv": csv(
      ["check", "kind", "holds", "rebuilt", "relation", "on_chain", "terms"],
      data.checks.map((c) => [
        c.what,
        c.kind,
        c.holds,
        c.rebuilt,
        c.relation,
        c.onChain,
        termsLine(c, (_, value) => String(value)),
      ]),
    ),
  };
}

/** Writes index.html, report.json and the CSV tables to `dir`; returns the page's path. */
export async function writeReport(data: ReportData, dir: string, networkName: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const page = path.join(dir, "index.html");
  await writeFile(page, await renderHtml(data, networkName));
  await writeFile(path.join(dir, "report.json"), reportJson(data));
  for (const [name, content] of Object.entries(csvTables(data))) await writeFile(path.join(dir, name), content);
  return page;
}
