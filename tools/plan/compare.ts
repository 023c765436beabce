import { Field } from "../../infra/stack-config/field";
import { FIELDS, FieldKey } from "../../infra/stack-config/fields";
import { StackPlan } from "./plan";
import { RecordedResource } from "./record";
import { flatten } from "./render-text";

/**
 * Settings that describe the platform's shape and so must match the parity reference unless a
 * deviation is allowed. Identity (names, tier), release process (approvers, windows), Azure
 * DevOps wiring, policy and secrets differ per stack by nature and are not compared.
 */
const PARITY_GROUPS = new Set(["App Service", "Registry", "Key Vault", "Monitoring"]);
const PARITY_EXTRA: readonly FieldKey[] = ["location", "protectStatefulResources"];
/** Who is told, not what runs: per-environment contacts. */
const PARITY_EXCLUDED: readonly FieldKey[] = ["alertEmails"];

export const PARITY_SETTINGS: readonly FieldKey[] = (Object.keys(FIELDS) as FieldKey[]).filter((k) => {
  const f: Field = FIELDS[k];
  return !f.secret && !PARITY_EXCLUDED.includes(k) && (PARITY_GROUPS.has(f.group) || PARITY_EXTRA.includes(k));
});

export interface Deviation {
  readonly kind: "setting" | "resource-input" | "resource-only-in-one";
  /** `autoscaleMinimum`, or `resource:<logical name>.<input path>`, as allowedDeviations lists them. */
  readonly path: string;
  readonly a: unknown;
  readonly b: unknown;
  readonly allowed: boolean;
  /** The allowedDeviations entry that allows it. */
  readonly allowedBy?: string;
}

export interface ParityReport {
  readonly a: string;
  readonly b: string;
  readonly deviations: readonly Deviation[];
}

/** Compares two stacks' plans: settings key by key, resources by type and logical name. Pure. */
export function compareStacks(a: StackPlan, b: StackPlan): ParityReport {
  const allowed = [...new Set([...a.allowedDeviations, ...b.allowedDeviations])];
  const deviations: Deviation[] = [];

  for (const key of PARITY_SETTINGS) {
    if (same(a.settings[key], b.settings[key])) continue;
    const entry = allowed.find((e) => covers(e, key));
    deviations.push({ kind: "setting", path: key, a: a.settings[key], b: b.settings[key], allowed: !!entry, allowedBy: entry });
  }

  const allowedSettings = deviations.filter((d) => d.kind === "setting" && d.allowed);
  const explainedBy = (va: unknown, vb: unknown) =>
    allowedSettings.find((d) => same(d.a, va) && same(d.b, vb))?.allowedBy;

  const ra = byKey(a);
  const rb = byKey(b);
  for (const key of [...new Set([...ra.keys(), ...rb.keys()])].sort()) {
    const x = ra.get(key);
    const y = rb.get(key);
    if (!x || !y) {
      const r = (x ?? y) as RecordedResource;
      const path = `resource:${r.name}`;
      const entry = allowed.find((e) => covers(e, path));
      deviations.push({ kind: "resource-only-in-one", path, a: x ? r.type : null, b: y ? r.type : null, allowed: !!entry, allowedBy: entry });
      continue;
    }
    const fa = new Map(flatten(normalize(x.inputs, a), ""));
    const fb = new Map(flatten(normalize(y.inputs, b), ""));
    for (const p of [...new Set([...fa.keys(), ...fb.keys()])]) {
      const va = fa.get(p);
      const vb = fb.get(p);
      if (same(va, vb)) continue;
      const path = `resource:${x.name}.${p}`;
      const entry = allowed.find((e) => covers(e, path)) ?? explainedBy(va, vb);
      deviations.push({ kind: "resource-input", path, a: va ?? null, b: vb ?? null, allowed: !!entry, allowedBy: entry });
    }
  }
  return { a: a.stack, b: b.stack, deviations };
}

/** An allowedDeviations entry covers its own path and everything below it. */
function covers(entry: string, path: string): boolean {
  return path === entry || path.startsWith(`${entry}.`) || path.startsWith(`${entry}[`);
}

function same(x: unknown, y: unknown): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

/** Resources keyed by parent-type chain and logical name: the URN without stack and project. */
function byKey(plan: StackPlan): Map<string, RecordedResource> {
  return new Map(
    plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => [r.urn.split("::").slice(2).join("::"), r]),
  );
}

/** Per-stack values that reach resources (as tags) and are identity, not shape. */
const IDENTITY_VALUES: readonly FieldKey[] = ["costCenter", "owner"];

/** Replaces a stack's own names, suffix, stack name and environment code with placeholders. */
function normalize(value: unknown, plan: StackPlan): unknown {
  const tokens: [string, string][] = [
    ...Object.entries(plan.derivedNames).map(([kind, name]): [string, string] => [name, `<${kind}>`]),
    [plan.uniqueSuffix, "<suffix>"],
    ...IDENTITY_VALUES.map((k): [string, string] => [String(plan.settings[k]), `<${k}>`]),
    [plan.stack, "<stack>"],
    [plan.environment, "<environment>"],
  ].sort((p, q) => q[0].length - p[0].length) as [string, string][];
  const fix = (s: string) =>
    tokens.reduce((acc, [from, to]) => acc.replace(new RegExp(`(?<![A-Za-z0-9])${escape(from)}(?![A-Za-z0-9])`, "g"), to), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return fix(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Text form of a parity report. Pure. */
export function renderParityText(report: ParityReport): string {
  const lines = [
    `Parity of stack ${report.a} against ${report.b} (offline plans: declared state under mocks, not the cloud).`,
  ];
  const bad = report.deviations.filter((d) => !d.allowed);
  if (report.deviations.length === 0) lines.push("No deviations: the stacks declare the same platform.");
  for (const d of report.deviations) {
    const mark = d.allowed ? `allowed (${d.allowedBy})` : "NOT ALLOWED";
    lines.push(`  ${d.allowed ? "ok " : "!! "} ${d.path}: ${report.a}=${show(d.a)} ${report.b}=${show(d.b)}  ${mark}`);
  }
  lines.push(
    `${report.deviations.length} deviation${report.deviations.length === 1 ? "" : "s"}, ${bad.length} not allowed.` +
      (bad.length > 0 ? ` List intended ones under pinecone-delivery:parityAllowedDeviations in Pulumi.${report.a}.yaml.` : ""),
  );
  return `${lines.join("\n")}\n`;
}

function show(v: unknown): string {
  return v === null || v === undefined ? "(absent)" : JSON.stringify(v);
}
