import { FieldKey } from "../../infra/stack-config/fields";
import { compareStacks, ParityReport } from "../plan/compare";
import { StackPlan } from "../plan/plan";
import { cents, money, ResourceCost, StackCost } from "./estimate";
import { PRICED_INPUTS } from "./pricing-table";
import { snapshotLine } from "./render";

/** Why a resource's cost differs: a platform setting (judged against the allowed deviations) or a cost assumption. */
export interface CostReason {
  readonly setting: FieldKey;
  readonly kind: "parity-setting" | "cost-assumption";
  /** Parity settings only: listed in parityAllowedDeviations. */
  readonly allowed?: boolean;
  readonly a: unknown;
  readonly b: unknown;
}

export interface CostDifference {
  /** `<component>/<logical name>` and type. */
  readonly resource: string;
  readonly type: string;
  readonly a: number | null;
  readonly b: number | null;
  readonly delta: number;
  readonly reasons: readonly CostReason[];
}

export interface CostComparison {
  readonly a: StackCost;
  readonly b: StackCost;
  readonly differences: readonly CostDifference[];
}

/**
 * Where stack A's bill differs from stack B's, resource by resource, and why: the parity
 * comparison (tools/plan/compare.ts) says which setting a differing input follows and whether that
 * deviation is allowed; cost assumptions are compared directly. Pure.
 */
export function compareCosts(planA: StackPlan, planB: StackPlan, a: StackCost, b: StackCost): CostComparison {
  const parity = compareStacks(planA, planB);
  const key = (urn: string) => urn.split("::").slice(2).join("::");
  const ra = new Map(a.resources.map((r) => [key(r.urn), r]));
  const rb = new Map(b.resources.map((r) => [key(r.urn), r]));
  const differences: CostDifference[] = [];
  for (const k of [...new Set([...ra.keys(), ...rb.keys()])]) {
    const x = ra.get(k);
    const y = rb.get(k);
    const ca = x?.monthly ?? null;
    const cb = y?.monthly ?? null;
    if (cents(ca ?? 0) === cents(cb ?? 0) && (ca === null) === (cb === null)) continue;
    const r = (x ?? y) as ResourceCost;
    differences.push({
      resource: `${r.component}/${r.name}`,
      type: r.type,
      a: ca,
      b: cb,
      delta: (ca ?? 0) - (cb ?? 0),
      reasons: reasonsFor(r, x, y, parity, planA, planB),
    });
  }
  differences.sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta) || p.resource.localeCompare(q.resource));
  return { a, b, differences };
}

function reasonsFor(r: ResourceCost, x: ResourceCost | undefined, y: ResourceCost | undefined, parity: ParityReport, planA: StackPlan, planB: StackPlan): CostReason[] {
  const reasons: CostReason[] = [];
  const add = (setting: FieldKey, kind: CostReason["kind"]) => {
    if (reasons.some((q) => q.setting === setting)) return;
    const deviation = parity.settings.find((d) => d.path === setting);
    reasons.push({ setting, kind, allowed: kind === "parity-setting" ? deviation?.allowed ?? false : undefined, a: planA.settings[setting], b: planB.settings[setting] });
  };
  // Every differing setting with the same pair of values as a priced input that differs (both
  // autoscaleMinimum and autoscaleDefault when they move together): the parity comparison's
  // `follows` names only the first.
  const settingsLike = (va: unknown, vb: unknown, path: string) =>
    parity.settings.filter(
      (d) => String(d.a) === String(va) && String(d.b) === String(vb) && (typeof va !== "boolean" || path.toLowerCase().includes(d.path.toLowerCase())),
    );
  const priced = [...(PRICED_INPUTS[r.type] ?? []).map((p) => `${r.name}.${p}`)];
  if (r.type === "azure-native:web:AppServicePlan") {
    // The plan's baseline is its autoscale setting's default capacity.
    const autoscale = planA.resources.find((q) => q.type === "azure-native:monitor:AutoscaleSetting" && String(q.inputs.targetResourceUri ?? "").split("/").pop() === planA.resources.find((p) => p.urn === r.urn)?.inputs.name);
    if (autoscale) priced.push(`${autoscale.name}.profiles[0].capacity.default`);
  }
  for (const d of parity.resources) {
    if (d.kind !== "input" || !priced.some((p) => d.path === p || d.path.startsWith(`${p}.`) || d.path.startsWith(`${p}[`))) continue;
    for (const s of settingsLike(d.a, d.b, d.path)) add(s.path, "parity-setting");
  }
  // A resource in one stack only: the setting whose value names it (e.g. a geo-replica's region).
  if (!x || !y) {
    for (const s of parity.settings) {
      const values = [s.a, s.b].flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === "string" && v.length > 2);
      if (values.some((v) => r.name.includes(v))) add(s.path, "parity-setting");
    }
  }
  for (const line of [...(x?.lines ?? []), ...(y?.lines ?? [])]) {
    for (const k of line.assumptions) if (JSON.stringify(planA.settings[k]) !== JSON.stringify(planB.settings[k])) add(k, "cost-assumption");
  }
  return reasons;
}

/** Text form. Pure. */
export function renderCostComparisonText(c: CostComparison): string {
  const { a, b } = c;
  const delta = a.total - b.total;
  const out = [
    `Monthly cost of stack ${a.stack} against ${b.stack} (offline plans; usage from each stack's cost assumptions).`,
    snapshotLine(a),
    "",
    `  ${a.stack}: ${money(a.total)} ${a.currency}   ${b.stack}: ${money(b.total)} ${b.currency}   difference: ${sign(delta)} ${a.currency} (${a.stack} − ${b.stack})`,
    "",
    `Resources whose monthly cost differs (${c.differences.length}), largest first:`,
  ];
  for (const d of c.differences) {
    out.push(`  ${d.resource} (${d.type}): ${a.stack} ${show(d.a)}  ${b.stack} ${show(d.b)}  ${sign(d.delta)}`);
    out.push(`    because: ${d.reasons.length === 0 ? "no setting identified (compare the plans: delivery plan --compare)" : d.reasons.map(reasonText).join("; ")}`);
  }
  const unallowed = c.differences.flatMap((d) => d.reasons).filter((r) => r.kind === "parity-setting" && r.allowed === false);
  if (unallowed.length > 0) out.push("", `${new Set(unallowed.map((r) => r.setting)).size} setting(s) behind a cost difference are NOT allowed deviations (parityAllowedDeviations in Pulumi.${a.stack}.yaml).`);
  return `${out.join("\n")}\n`;
}

function reasonText(r: CostReason): string {
  const values = `${JSON.stringify(r.a)} vs ${JSON.stringify(r.b)}`;
  if (r.kind === "cost-assumption") return `${r.setting} ${values} (cost assumption)`;
  return `${r.setting} ${values} (${r.allowed ? "allowed deviation" : "NOT an allowed deviation"})`;
}

function show(v: number | null): string {
  return v === null ? "(absent or not priced)" : money(v);
}

function sign(n: number): string {
  return `${n > 0 ? "+" : n < 0 ? "−" : "±"}${money(Math.abs(n))}`;
}

/** Machine form of a comparison. */
export function costComparisonJson(c: CostComparison) {
  return {
    kind: "pinecone-delivery/cost-comparison",
    version: 1,
    currency: c.a.currency,
    snapshot: { date: c.a.snapshotDate, source: c.a.snapshotSource, indicative: c.a.indicative },
    a: { stack: c.a.stack, total: cents(c.a.total) },
    b: { stack: c.b.stack, total: cents(c.b.total) },
    delta: cents(c.a.total - c.b.total),
    differences: c.differences.map((d) => ({ ...d, a: d.a === null ? null : cents(d.a), b: d.b === null ? null : cents(d.b), delta: cents(d.delta) })),
  };
}
