import { FieldKey } from "../../infra/stack-config/fields";
import { PARITY_SETTINGS } from "../../infra/stack-config/parity";
import { StackPlan } from "./plan";
import { RecordedResource } from "./record";
import { flatten } from "./render-text";

/** A platform setting that differs: judged against the allowed deviations. */
export interface SettingDeviation {
  readonly path: FieldKey;
  readonly a: unknown;
  readonly b: unknown;
  readonly allowed: boolean;
}

/**
 * A declared resource that differs. Not judged on its own: the program never branches on the
 * stack's name, so every resource difference follows from a config difference — an allowed
 * setting (`follows`), or a per-stack setting outside the parity set (identity, release process).
 */
export interface ResourceDifference {
  readonly kind: "input" | "only-in-one";
  /** `<logical name>` or `<logical name>.<input path>`. */
  readonly path: string;
  readonly a: unknown;
  readonly b: unknown;
  /** The differing setting with the same pair of values, when there is one. */
  readonly follows?: FieldKey;
}

export interface ParityReport {
  readonly a: string;
  readonly b: string;
  readonly settings: readonly SettingDeviation[];
  readonly resources: readonly ResourceDifference[];
}

/** Compares two stacks' plans: settings key by key (judged), resources by type and logical name (listed). Pure. */
export function compareStacks(a: StackPlan, b: StackPlan): ParityReport {
  const allowed = new Set([...a.allowedDeviations, ...b.allowedDeviations]);
  const settings: SettingDeviation[] = PARITY_SETTINGS.filter((k) => !same(a.settings[k], b.settings[k])).map((k) => ({
    path: k,
    a: a.settings[k],
    b: b.settings[k],
    allowed: allowed.has(k),
  }));
  // A value pair identifies a setting well, except for booleans (many settings are true/false):
  // those must also share the setting's name, as `app-plan.zoneRedundant` does.
  const follows = (path: string, va: unknown, vb: unknown) =>
    settings.find(
      (d) =>
        String(d.a) === String(va) &&
        String(d.b) === String(vb) &&
        (typeof va !== "boolean" || path.toLowerCase().includes(d.path.toLowerCase())),
    )?.path;

  const resources: ResourceDifference[] = [];
  const ra = byKey(a);
  const rb = byKey(b);
  for (const key of [...new Set([...ra.keys(), ...rb.keys()])].sort()) {
    const x = ra.get(key);
    const y = rb.get(key);
    if (!x || !y) {
      const r = (x ?? y) as RecordedResource;
      resources.push({ kind: "only-in-one", path: r.name, a: x ? r.type : null, b: y ? r.type : null });
      continue;
    }
    const fa = new Map(flatten(normalize(x.inputs, a), ""));
    const fb = new Map(flatten(normalize(y.inputs, b), ""));
    for (const p of [...new Set([...fa.keys(), ...fb.keys()])]) {
      const va = fa.get(p);
      const vb = fb.get(p);
      if (same(va, vb)) continue;
      resources.push({ kind: "input", path: `${x.name}.${p}`, a: va ?? null, b: vb ?? null, follows: follows(p, va, vb) });
    }
  }
  return { a: a.stack, b: b.stack, settings, resources };
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
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const DIGEST = /sha256:[0-9a-f]{64}/g;

/**
 * Replaces what is per-stack by construction with placeholders, in keys and values: the stack's
 * derived names, suffix, stack name, environment code, identity tags, and generated GUIDs and
 * image digests (ids of identities, role assignments, workbooks differ in every stack).
 */
function normalize(value: unknown, plan: StackPlan): unknown {
  const tokens = [
    ...Object.entries(plan.derivedNames).map(([kind, name]): [string, string] => [name, `<${kind}>`]),
    [plan.uniqueSuffix, "<suffix>"],
    [plan.stack, "<stack>"],
    [plan.environment, "<environment>"],
    ...IDENTITY_VALUES.map((k): [string, string] => [String(plan.settings[k]), `<${k}>`]),
  ].sort((p, q) => q[0].length - p[0].length) as [string, string][];
  const fix = (s: string) =>
    tokens
      .reduce((acc, [from, to]) => acc.replace(new RegExp(`(?<![A-Za-z0-9])${escape(from)}(?![A-Za-z0-9])`, "g"), to), s)
      .replace(GUID, "<guid>")
      .replace(DIGEST, "<digest>");
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return fix(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [fix(k), walk(x)]));
    return v;
  };
  return walk(value);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const MAX_VALUE = 60;

/** Text form of a parity report. Pure. */
export function renderParityText(report: ParityReport): string {
  const { a, b } = report;
  const lines = [`Parity of stack ${a} against ${b} (offline plans: declared state under mocks, not the cloud).`, "", "Settings:"];
  const bad = report.settings.filter((d) => !d.allowed);
  if (report.settings.length === 0) lines.push("  none differ");
  for (const d of report.settings) {
    lines.push(`  ${d.allowed ? "ok " : "!! "} ${d.path}: ${a}=${show(d.a)} ${b}=${show(d.b)}  ${d.allowed ? "allowed" : "NOT ALLOWED"}`);
  }
  lines.push(
    "",
    `Resources: ${report.resources.length} declared properties or resources differ. The program never branches on the stack's name, ` +
      "so each follows from a setting above or from a per-stack setting outside the parity set (names, release process, Azure DevOps):",
  );
  for (const r of report.resources) {
    lines.push(`  ${r.path}: ${a}=${show(r.a)} ${b}=${show(r.b)}${r.follows ? `  (follows ${r.follows})` : ""}`);
  }
  lines.push(
    "",
    `${report.settings.length} setting deviation${report.settings.length === 1 ? "" : "s"}, ${bad.length} not allowed.` +
      (bad.length > 0 ? ` List intended ones under pinecone-delivery:parityAllowedDeviations in Pulumi.${a}.yaml.` : ""),
  );
  return `${lines.join("\n")}\n`;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "(absent)";
  const s = JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}
