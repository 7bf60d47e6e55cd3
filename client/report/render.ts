import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatUnits } from "ethers";
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { termsLine, type Check } from "./checks.js";
import type { BackingPoint, ReportData } from "./model.js";
import {
  capRows,
  downsample,
  MAGNITUDE_FORMAT,
  MAX_POINTS,
  TABLE_ROWS,
  timeAxis,
  TOP_POOLS,
  topPools,
} from "./shape.js";

/** Base units as whole tokens with every digit and thousands separators: "1,234.5". */
export function exact(amount: bigint): string {
  const [whole, fraction] = formatUnits(amount, 18).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === "0" ? grouped : `${grouped}.${fraction}`;
}

/** Base units as whole tokens rounded to two decimals, for reading at a glance: "1,234.57". */
export function rounded(amount: bigint): string {
  const cents = (amount + 5n * 10n ** 15n) / 10n ** 16n;
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${whole}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** A number for a chart's axis only (tables and checks keep the exact bigint). */
const chartValue = (amount: bigint): number => Number(formatUnits(amount, 18));

const isoDate = (timestamp: number) => new Date(timestamp * 1000).toISOString();

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

interface Section {
  id: string;
  /** A section of numbers only (no chart). */
  tableOnly?: boolean;
  title: string;
  /** What the chart answers, in one sentence. */
  caption: string;
  spec: TopLevelSpec | undefined;
  /** At most TABLE_ROWS rows; `note` says what was left out and which CSV has all of it. */
  table: { head: string[]; rows: string[][]; note?: { text: string; csv: string } };
}

/** The longest pool name the page shows whole. */
const NAME_LENGTH = 40;
const shortened = (name: string) =>
  [...name].length > NAME_LENGTH ? `${[...name].slice(0, NAME_LENGTH - 1).join("")}…` : name;

/** What a chart calls the pools beyond its top ten, together. */
const OTHER_POOLS = "other pools";
/** Epochs in the compute chart, at most; more are summed in groups of consecutive epochs. */
const MAX_EPOCH_GROUPS = Math.floor(MAX_POINTS / 5);
const MAGNITUDE_AXIS = { format: MAGNITUDE_FORMAT };

/** The x encoding of a time series whose ticks read as times at its span. */
const timeEncoding = (points: { timestamp: number }[]) => ({
  field: "time",
  type: "temporal" as const,
  title: "time (UTC)",
  axis: { ...timeAxis(points.map((p) => p.timestamp)), labelOverlap: true },
  scale: { type: "utc" as const },
});

const WIDTH = 560;
const HEIGHT = 220;

/** Horizontal bars, one per row of `values`: `y` names the bar, `x` is its length, `color` its kind. */
function barChart(
  title: string,
  values: Record<string, string | number>[],
  y: { field: string; title: string },
  x: { field: string; title: string },
  color?: { field: string; title: string },
  height = HEIGHT,
): TopLevelSpec {
  return {
    width: WIDTH,
    height,
    title,
    data: { values },
    mark: "bar",
    encoding: {
      y: { ...y, type: "nominal", sort: null },
      x: { ...x, type: "quantitative", axis: MAGNITUDE_AXIS },
      ...(color === undefined ? {} : { color: { ...color, type: "nominal" } }),
    },
  };
}

function sections(data: ReportData): Section[] {
  // A name is anyone's text: cut to a length the page's columns can hold (the CSVs have it whole).
  const poolName = (id: number) => shortened(data.pools.find((p) => p.id === id)?.name ?? `pool ${id}`);
  const label = (id: number) => `${id}. ${poolName(id)}`;
  const list: Section[] = [];
  const sumOf = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
  /** A pool's name in a chart: by name for the top ten, else grouped. */
  const grouped = (top: Set<number>) => (id: number) => (top.has(id) ? label(id) : OTHER_POOLS);

  // Backing: the worst moment of each span of time stays visible.
  const backing = data.backing.filter((p) => p.required > 0n);
  const lower = (a: BackingPoint, b: BackingPoint) => (b.held * a.required < a.held * b.required ? b : a);
  const backingShown = downsample(backing, lower);
  const worst = backing.reduce<BackingPoint | undefined>((w, p) => (w === undefined ? p : lower(w, p)), undefined);
  const recentFirst = [...data.backing].reverse();
  const backingRows = [
    ...(worst === undefined ? [] : [worst]),
    ...recentFirst.filter((p) => p !== worst).slice(0, TABLE_ROWS - 1),
  ].map((p) => [
    String(p.block),
    isoDate(p.timestamp),
    exact(p.supply),
    exact(p.required),
    exact(p.held),
    p === worst ? "the lowest backing" : "",
  ]);
  list.push({
    id: "backing",
    title: "Backing over time",
    caption:
      "FRSV the coin holds for each FDC in circulation, after the blocks that changed either (100% = fully backed)" +
      (backingShown.length < backing.length
        ? `: the lowest backing of each of ${backingShown.length} equal spans of time (${backing.length} blocks).`
        : "."),
    spec:
      backing.length === 0
        ? undefined
        : {
            width: WIDTH,
            height: HEIGHT,
            title: "Backing ratio (FRSV held ÷ FDC supply / RATE)",
            data: {
              values: backingShown.map((p) => ({
                time: isoDate(p.timestamp),
                ratio: Number((p.held * 100_000n) / p.required) / 1000,
              })),
            },
            layer: [
              {
                mark: { type: "line", point: true },
                encoding: {
                  x: timeEncoding(backingShown),
                  y: { field: "ratio", type: "quantitative", title: "backing (%)", scale: { zero: false } },
                },
              },
              {
                data: { values: [{ full: 100 }] },
                mark: { type: "rule", strokeDash: [4, 4] },
                encoding: { y: { field: "full", type: "quantitative" } },
              },
            ],
          },
    table: {
      head: ["block", "time (UTC)", "FDC supply", "FRSV required", "FRSV held", ""],
      rows: backingRows,
      ...(data.backing.length > backingRows.length
        ? {
            note: {
              text: `The lowest backing and the most recent blocks: ${backingRows.length} of ${data.backing.length.toLocaleString("en-US")}; all of them in`,
              csv: "backing.csv",
            },
          }
        : {}),
    },
  });

  const feesTop = topPools(data.fees.directedByPool);
  const feeGroup = grouped(feesTop);
  const feeRows = new Map<string, bigint>();
  for (const p of data.pools) {
    const fee = data.fees.directedByPool.get(p.id) ?? 0n;
    if (feesTop.has(p.id) || fee > 0n) feeRows.set(feeGroup(p.id), (feeRows.get(feeGroup(p.id)) ?? 0n) + fee);
  }
  const others = data.pools.filter((p) => !feesTop.has(p.id));
  list.push({
    id: "fees",
    title: "Fees by pool",
    caption:
      "Where every mint and redeem fee went: the pool the holder named, or the commons, shared by the pools' weights" +
      (others.length > 0 ? `; the ten pools named most by name, the ${others.length} others together.` : "."),
    spec:
      data.headline.feesToDate === 0n
        ? undefined
        : barChart(
            "Fees received (FRSV)",
            [
              ...[...feeRows].map(([pool, fee]) => ({ pool, kind: "named by the holder", fee: chartValue(fee) })),
              { pool: "the commons (shared by weight)", kind: "to the commons", fee: chartValue(data.fees.commons) },
            ],
            { field: "pool", title: "pool" },
            { field: "fee", title: "fees (FRSV)" },
            { field: "kind", title: "fee" },
          ),
    table: {
      head: ["pool", "fees (FRSV)", "weight now"],
      rows: [
        ...data.pools
          .filter((p) => feesTop.has(p.id))
          .map((p) => [label(p.id), exact(data.fees.directedByPool.get(p.id) ?? 0n), String(p.weight)]),
        ...(others.length === 0
          ? []
          : [
              [
                `${others.length} other pools`,
                exact(sumOf(others.map((p) => data.fees.directedByPool.get(p.id) ?? 0n))),
                String(sumOf(others.map((p) => p.weight))),
              ],
            ]),
        ["the commons", exact(data.fees.commons), String(sumOf(data.pools.map((p) => p.weight)))],
      ],
      ...(others.length === 0 ? {} : { note: { text: "Every pool in", csv: "fees-by-pool.csv" } }),
    },
  });

  const byHolder = capRows(
    [...data.fees.byPayer]
      .sort((a, b) => (a.fees === b.fees ? 0 : a.fees > b.fees ? -1 : 1))
      .map((r) => [
        r.payer,
        r.poolId === 0 ? "the commons (shared by weight)" : label(r.poolId),
        String(r.transactions),
        exact(r.fees),
      ]),
    "holders and pools, most fees first",
    "fees-by-holder.csv",
  );
  list.push({
    id: "fees-by-holder",
    tableOnly: true,
    title: "Where did my fee go?",
    caption:
      "Every holder's fees, by where they went: the pool the holder named, or the commons, which the active pools share by weight.",
    spec: undefined,
    table: { head: ["holder", "fee went to", "transactions", "fees (FRSV)"], ...byHolder },
  });

  const mintedShown = downsample(data.emission.minted, (_, later) => later);
  list.push({
    id: "emission",
    title: "New reserve: emitted by the schedule, minted as it is paid out",
    caption:
      "The schedule's own curve (what it had emitted by each time) and the new reserve minted so far: nothing is " +
      "minted ahead of its use; each claim mints what it pays. Minted can exceed emitted by what was recycled " +
      "(the commons' fees, burnt and re-issued to the pools).",
    spec:
      data.emission.schedule.length === 0
        ? undefined
        : {
            width: WIDTH,
            height: HEIGHT,
            title: "Cumulative new reserve (FRSV)",
            layer: [
              {
                data: {
                  values: data.emission.schedule.map((s) => ({
                    time: isoDate(s.timestamp),
                    frsv: chartValue(s.emitted),
                    series: "schedule",
                  })),
                },
                mark: "line",
                encoding: {
                  x: timeEncoding(data.emission.schedule),
                  y: { field: "frsv", type: "quantitative", title: "cumulative (FRSV)", axis: MAGNITUDE_AXIS },
                  color: { field: "series", type: "nominal", title: "" },
                },
              },
              {
                data: {
                  values: mintedShown.map((r) => ({
                    time: isoDate(r.timestamp),
                    frsv: chartValue(r.total),
                    series: "minted",
                  })),
                },
                mark: { type: "point", filled: true },
                encoding: {
                  x: { field: "time", type: "temporal" },
                  y: { field: "frsv", type: "quantitative" },
                  color: { field: "series", type: "nominal", title: "" },
                },
              },
            ],
          },
    table: {
      head: ["time (UTC)", "minted so far (FRSV)"],
      ...capRows(
        [...data.emission.minted].reverse().map((r) => [isoDate(r.timestamp), exact(r.total)]),
        "times new reserve was minted, most recent first",
        "emission.csv",
      ),
    },
  });

  const destinations = data.emission.destinations;
  list.push({
    id: "split",
    title: "New reserve by destination",
    caption:
      "What each destination is due by now (its share of the schedule; the commons also what was handed or " +
      `recycled to it, and the human share of the seconds with nobody registered: ${exact(data.emission.redirected)} ` +
      "FRSV), what it paid out and what it may still.",
    spec: destinations.every((d) => d.due === 0n)
      ? undefined
      : barChart(
          "Due by destination (FRSV)",
          destinations.map((r) => ({ destination: r.destination, frsv: chartValue(r.due) })),
          { field: "destination", title: "destination" },
          { field: "frsv", title: "due (FRSV)" },
          undefined,
          120,
        ),
    table: {
      head: ["destination", "due (FRSV)", "paid out", "available"],
      rows: destinations.map((d) => [d.destination, exact(d.due), exact(d.paid), exact(d.available)]),
    },
  });

  // Verified compute: the top pools by units by name, epochs grouped when there are many.
  const unitsByPool = new Map<number, bigint>();
  for (const u of data.compute.units) unitsByPool.set(u.poolId, (unitsByPool.get(u.poolId) ?? 0n) + u.units);
  const computeGroup = grouped(topPools(unitsByPool));
  const epochs = [...new Set(data.compute.units.map((u) => u.epoch))].sort((a, b) => a - b);
  const perGroup = Math.max(1, Math.ceil(epochs.length / MAX_EPOCH_GROUPS));
  const points = new Map<string, { epoch: number; pool: string; units: bigint }>();
  for (const u of data.compute.units) {
    const epoch = epochs[Math.floor(epochs.indexOf(u.epoch) / perGroup) * perGroup]!;
    const pool = computeGroup(u.poolId);
    const point = points.get(`${epoch}:${pool}`) ?? { epoch, pool, units: 0n };
    points.set(`${epoch}:${pool}`, { ...point, units: point.units + u.units });
  }
  const rewardOf = (epoch: number, poolId: number) =>
    sumOf(data.compute.rewards.filter((r) => r.epoch === epoch && r.poolId === poolId).map((r) => r.amount));
  list.push({
    id: "compute",
    title: "Verified compute by pool and epoch",
    caption:
      "GPU-seconds a quorum of attesters verified for each pool in each epoch; each point is one pool's report" +
      (perGroup > 1 ? `, summed over ${perGroup} epochs at a time (from the epoch shown)` : "") +
      (unitsByPool.size > TOP_POOLS ? `; the ten pools with the most units by name, the others together.` : "."),
    spec:
      data.compute.units.length === 0
        ? undefined
        : {
            width: WIDTH,
            height: HEIGHT,
            title: "Attested units per epoch",
            data: { values: [...points.values()].map((p) => ({ ...p, units: Number(p.units) })) },
            mark: { type: "point", filled: true, size: 80 },
            encoding: {
              x: { field: "epoch", type: "quantitative", title: "epoch", axis: { tickMinStep: 1, format: "d" } },
              y: { field: "units", type: "quantitative", title: "units (GPU-seconds)", axis: MAGNITUDE_AXIS },
              color: { field: "pool", type: "nominal", title: "pool", scale: { scheme: "tableau20" } },
            },
          },
    table: {
      head: ["epoch", "pool", "units (GPU-seconds)", "reward claimed (FRSV)"],
      ...capRows(
        [
          ...[...data.compute.units]
            .sort((a, b) => b.epoch - a.epoch || a.poolId - b.poolId)
            .map((u) => [String(u.epoch), label(u.poolId), String(u.units), exact(rewardOf(u.epoch, u.poolId))]),
          ...[...data.compute.swept]
            .reverse()
            .map((s) => [String(s.epoch), "swept to the commons", "", exact(s.amount)]),
        ],
        "reports, most recent epoch first",
        "compute.csv",
      ),
    },
  });

  const countShown = downsample(data.humans.count, (_, later) => later);
  list.push({
    id: "humans",
    title: "Verified humans and their dividend",
    caption: "How many people were registered over time; the dividend each claimed is in the table.",
    spec:
      data.humans.count.length === 0
        ? undefined
        : {
            width: WIDTH,
            height: 160,
            title: "Registered humans",
            data: { values: countShown.map((c) => ({ time: isoDate(c.timestamp), humans: c.count })) },
            mark: { type: "line", interpolate: "step-after", point: true },
            encoding: {
              x: timeEncoding(countShown),
              y: { field: "humans", type: "quantitative", title: "humans", axis: { tickMinStep: 1, format: "d" } },
            },
          },
    table: {
      head: ["block", "human", "paid to", "dividend (FRSV)", "as"],
      ...capRows(
        [...data.humans.claims]
          .reverse()
          .map((c) => [String(c.block), c.human, c.to, exact(c.amount), c.asCoin ? "FDC" : "FRSV"]),
        "dividend claims, most recent first",
        "dividends.csv",
      ),
    },
  });

  const paidByPool = new Map(data.claims.map((c) => [c.poolId, c.commons + c.compute]));
  const claimsTop = topPools(paidByPool);
  const claimGroup = grouped(claimsTop);
  const claimTotals = new Map<string, { commons: bigint; compute: bigint }>();
  for (const c of data.claims) {
    if (c.commons === 0n && c.compute === 0n && !claimsTop.has(c.poolId)) continue;
    const row = claimTotals.get(claimGroup(c.poolId)) ?? { commons: 0n, compute: 0n };
    claimTotals.set(claimGroup(c.poolId), { commons: row.commons + c.commons, compute: row.compute + c.compute });
  }
  list.push({
    id: "claims",
    title: "Claims by pool",
    caption:
      "FRSV each pool's recipient was paid: its share of the commons, and new reserve for its verified work" +
      (claimTotals.has(OTHER_POOLS) ? "; the ten pools paid most by name, the others together." : "."),
    spec: data.claims.every((c) => c.commons === 0n && c.compute === 0n)
      ? undefined
      : barChart(
          "Paid to pools (FRSV)",
          [...claimTotals].flatMap(([pool, c]) => [
            { pool, source: "the commons (fees and emission)", frsv: chartValue(c.commons) },
            { pool, source: "verified compute", frsv: chartValue(c.compute) },
          ]),
          { field: "pool", title: "pool" },
          { field: "frsv", title: "paid (FRSV)" },
          { field: "source", title: "source" },
        ),
    table: {
      head: ["pool", "from the commons (FRSV)", "for verified compute (FRSV)"],
      rows: data.claims.every((c) => c.commons === 0n && c.compute === 0n)
        ? []
        : [...claimTotals].map(([pool, c]) => [pool, exact(c.commons), exact(c.compute)]),
      ...(claimTotals.has(OTHER_POOLS) ? { note: { text: "Every pool in", csv: "claims.csv" } } : {}),
    },
  });
  return list;
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
