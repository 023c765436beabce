import { CliError } from "../errors";
import type { Block } from "./budget";
import type { CostFile } from "./cost-file";
import { code, details, inlineText } from "./markdown";

/**
 * The cost section of the PR report: per stack, the monthly estimate of the target branch's offline
 * plan (`--cost-before`) and of the PR's (`--cost-after`), both written by `delivery cost --all
 * --json`. A stack whose estimate rises by more than its costReviewThresholdPerMonth is a cost
 * alert: it counts like a risky change, so the PR thread stays active until a reviewer resolves it.
 * This module compares and renders; cost-file.ts reads the files (JSON only, never the Pulumi program).
 */

type StackEntry = CostFile["stacks"][number];

export interface ResourceDelta {
  readonly resource: string;
  readonly type: string;
  readonly before: number | null;
  readonly after: number | null;
  readonly delta: number;
}

export interface StackCostDelta {
  readonly stack: string;
  /** null: the stack has no estimate on the target branch (new stack, or no --cost-before). */
  readonly before: number | null;
  /** null: the PR removes the stack. */
  readonly after: number | null;
  readonly delta: number;
  readonly threshold: number;
  /** The estimate rises by more than the threshold: a reviewer must look. */
  readonly alert: boolean;
  readonly notPricedAfter: number;
  readonly resources: readonly ResourceDelta[];
}

export interface CostDelta {
  readonly currency: string;
  readonly snapshotBefore: CostFile["snapshot"] | null;
  readonly snapshotAfter: CostFile["snapshot"];
  /** Largest change first. */
  readonly stacks: readonly StackCostDelta[];
  readonly alerts: number;
}

export function buildCostDelta(before: CostFile | null, after: CostFile): CostDelta {
  if (before && before.currency !== after.currency) {
    throw new CliError(`--cost-before is in ${before.currency} but --cost-after in ${after.currency}; expected both estimates in one currency (refresh the price snapshot in the PR's currency).`);
  }
  const names = [...new Set([...(before?.stacks ?? []).map((s) => s.stack), ...after.stacks.map((s) => s.stack)])];
  const stacks = names.map((name): StackCostDelta => {
    const b = before?.stacks.find((s) => s.stack === name);
    const a = after.stacks.find((s) => s.stack === name);
    const delta = (a?.total ?? 0) - (b?.total ?? 0);
    // A PR cannot raise its own bar: the lower of the two thresholds applies.
    const threshold = Math.min(...[a, b].filter((s): s is StackEntry => s !== undefined).map((s) => s.reviewThresholdPerMonth));
    return {
      stack: name,
      before: b ? b.total : null,
      after: a ? a.total : null,
      delta: round(delta),
      threshold,
      // Without any estimate of the target branch there is nothing to measure the change by.
      alert: before !== null && round(delta) > threshold,
      notPricedAfter: a?.notPriced ?? 0,
      resources: resourceDeltas(b, a),
    };
  });
  stacks.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.stack.localeCompare(y.stack));
  return { currency: after.currency, snapshotBefore: before?.snapshot ?? null, snapshotAfter: after.snapshot, stacks, alerts: stacks.filter((s) => s.alert).length };
}

function resourceDeltas(b: StackEntry | undefined, a: StackEntry | undefined): ResourceDelta[] {
  const key = (r: StackEntry["resources"][number]) => `${r.component}/${r.name}|${r.type}`;
  const rb = new Map((b?.resources ?? []).map((r) => [key(r), r]));
  const ra = new Map((a?.resources ?? []).map((r) => [key(r), r]));
  const out: ResourceDelta[] = [];
  for (const k of new Set([...rb.keys(), ...ra.keys()])) {
    const x = rb.get(k);
    const y = ra.get(k);
    const delta = round((y?.monthly ?? 0) - (x?.monthly ?? 0));
    if (delta === 0) continue;
    const r = (y ?? x)!;
    out.push({ resource: `${r.component}/${r.name}`, type: r.type, before: x?.monthly ?? null, after: y?.monthly ?? null, delta });
  }
  return out.sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta) || p.resource.localeCompare(q.resource));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const money = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = (n: number) => `${n > 0 ? "+" : n < 0 ? "−" : "±"}${money(Math.abs(n))}`;
const MAX_RESOURCE_ROWS = 20;

/** The report's cost section: the table (always kept), then each changing stack's resources (trimmable). */
export function costBlocks(c: CostDelta): Block[] {
  const prices =
    c.snapshotBefore && c.snapshotBefore.date !== c.snapshotAfter.date
      ? `prices of ${c.snapshotBefore.date} before and ${c.snapshotAfter.date} after (the PR changes the price snapshot too)`
      : `prices of ${c.snapshotAfter.date}`;
  const rows = c.stacks.map((s) => {
    const note = [
      s.alert ? `**above the review threshold (${money(s.threshold)})**` : "",
      s.before === null ? "no estimate on the target branch" : "",
      s.after === null ? "removed by this PR" : "",
      s.notPricedAfter > 0 ? `${s.notPricedAfter} resource${s.notPricedAfter === 1 ? "" : "s"} not priced` : "",
    ].filter(Boolean).join("; ");
    return `| ${code(s.stack)} | ${s.before === null ? "–" : money(s.before)} | ${s.after === null ? "–" : money(s.after)} | ${signed(s.delta)} | ${note} |`;
  });
  const alertLine = c.alerts > 0 ? `**${c.alerts} stack${c.alerts === 1 ? "'s" : "s'"} monthly estimate rises above the review threshold** (costReviewThresholdPerMonth): a reviewer should confirm the spend.\n\n` : "";
  const blocks: Block[] = [
    {
      text:
        `### Monthly cost (estimate, ${c.currency})\n\n` +
        alertLine +
        (c.snapshotBefore
          ? `Offline plans of the target branch and of this PR, ${inlineText(prices)}; ${inlineText(c.snapshotAfter.source)}. `
          : `Offline plan of this PR only (no estimate of the target branch was given, so no change is judged), ${inlineText(prices)}; ${inlineText(c.snapshotAfter.source)}. `) +
        "Usage-based meters use each stack's cost assumptions; reservations, egress and taxes are not included (README: Cost estimate).\n\n" +
        `| stack | before | after | change | |\n|---|---:|---:|---:|---|\n${rows.join("\n")}\n\n`,
      priority: 0,
      label: "summary",
    },
  ];
  for (const s of c.stacks.filter((x) => x.resources.length > 0)) {
    const shown = s.resources.slice(0, MAX_RESOURCE_ROWS);
    const table =
      "| resource | type | before | after | change |\n|---|---|---:|---:|---:|\n" +
      shown.map((r) => `| ${code(r.resource)} | ${code(r.type)} | ${r.before === null ? "–" : money(r.before)} | ${r.after === null ? "–" : money(r.after)} | ${signed(r.delta)} |`).join("\n") +
      (s.resources.length > shown.length ? `\n\n${s.resources.length - shown.length} more resources not shown.` : "");
    blocks.push({ text: details(`Cost of ${inlineText(s.stack)}: ${s.resources.length} resource${s.resources.length === 1 ? "" : "s"} change (${signed(s.delta)})`, table) + "\n", priority: 1, label: "cost detail", stack: s.stack });
  }
  return blocks;
}

/** Machine form, for `delivery preview-report --json`. */
export function costDeltaJson(c: CostDelta): object {
  return { currency: c.currency, snapshotBefore: c.snapshotBefore, snapshotAfter: c.snapshotAfter, alerts: c.alerts, stacks: c.stacks };
}
