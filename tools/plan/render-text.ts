import { renderPolicyText } from "../../policy/render";
import { StackPlan } from "./plan";
import { RecordedResource } from "./record";

/** Leaf properties shown per resource in the text plan; the rest is in --json. */
const MAX_PROPERTIES = 14;
const MAX_VALUE = 100;

export function planHeadline(plan: StackPlan): string {
  return `Offline plan of stack ${plan.stack} (${plan.source}): the state the program declares, run under Pulumi mocks; not a diff against Azure or Azure DevOps.`;
}

/** The human form of a plan: headline, resource tree by parent, stack outputs. Pure. */
export function renderPlanText(plan: StackPlan): string {
  const lines: string[] = [planHeadline(plan)];
  const custom = plan.resources.filter((r) => r.custom).length;
  lines.push(`Project ${plan.project}: ${plan.resources.length} resources (${custom} cloud resources, ${plan.resources.length - custom} components), ${Object.keys(plan.outputs).length} outputs.`, "");

  const children = new Map<string | undefined, RecordedResource[]>();
  for (const r of plan.resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const visit = (r: RecordedResource, prefix: string, last: boolean, root: boolean) => {
    const branch = root ? "" : last ? "└─ " : "├─ ";
    lines.push(`${prefix}${branch}${r.type}  ${r.name}${options(r)}`);
    const inner = root ? "" : `${prefix}${last ? "   " : "│  "}`;
    const kids = children.get(r.urn) ?? [];
    const bar = kids.length > 0 ? "│  " : "   ";
    for (const p of properties(r)) lines.push(`${inner}${bar}  ${p}`);
    kids.forEach((k, i) => visit(k, inner, i === kids.length - 1, false));
  };
  for (const r of children.get(undefined) ?? []) visit(r, "", true, true);

  lines.push("", "Outputs:");
  for (const [k, v] of Object.entries(plan.outputs)) lines.push(`  ${k}: ${short(v)}`);
  lines.push("", plan.releaseFreezes.length === 0 ? "Release freezes: none." : "Release freezes (no release or infra deploy from start, inclusive, to end, exclusive):");
  for (const f of plan.releaseFreezes) lines.push(`  ${f.start} → ${f.end}  ${f.reason}`);
  lines.push("", ...renderPathsText(plan));
  lines.push("", renderPolicyText(plan.policy).trimEnd());
  return `${lines.join("\n")}\n`;
}

function options(r: RecordedResource): string {
  const o: string[] = [];
  if (r.protect) o.push("protect");
  if (r.ignoreChanges.length > 0) o.push(`ignoreChanges: ${r.ignoreChanges.join(", ")}`);
  if (r.dependsOn.length > 0) {
    // dependsOn on a component expands to all its children; the first few say enough here.
    const names = r.dependsOn.map((u) => u.slice(u.lastIndexOf("::") + 2));
    o.push(`dependsOn: ${names.slice(0, 4).join(", ")}${names.length > 4 ? ` (+${names.length - 4} more)` : ""}`);
  }
  return o.length > 0 ? `  [${o.join("; ")}]` : "";
}

function properties(r: RecordedResource): string[] {
  // Tags are the same stack tags on nearly every resource: one line instead of seven.
  const { tags, ...rest } = r.inputs as { tags?: unknown };
  const tagLine: [string, unknown][] =
    tags !== null && typeof tags === "object" && !Array.isArray(tags)
      ? [["tags", Object.entries(tags as Record<string, unknown>).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(", ")]]
      : tags === undefined ? [] : [["tags", tags]];
  const leaves = [...flatten(rest, ""), ...tagLine];
  const shown = leaves.slice(0, MAX_PROPERTIES).map(([k, v]) => `${k}: ${short(v)}`);
  if (leaves.length > MAX_PROPERTIES) shown.push(`… ${leaves.length - MAX_PROPERTIES} more properties (see --json)`);
  return shown;
}

/** Leaf values by dotted path, in input order. */
export function flatten(value: unknown, path: string): [string, unknown][] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [[path, []]];
    return value.flatMap((v, i) => flatten(v, `${path}[${i}]`));
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return path ? [[path, {}]] : [];
    return entries.flatMap(([k, v]) => flatten(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

function short(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** The release paths, one verdict per line, then what the plan assumed about other stacks. Pure. */
export function renderPathsText(plan: StackPlan): string[] {
  const broken = plan.paths.filter((p) => !p.ok).length;
  const lines = [`Release paths: ${plan.paths.length - broken} ok, ${broken} broken (policy rules release-path-access, -network, -pipelines).`];
  for (const p of plan.paths) {
    const net = p.kind === "azure" ? ` [network: ${p.network.verdict}]` : "";
    lines.push(`  ${p.ok ? "ok" : "!!"}  ${p.from} → ${p.to}: ${p.needs}${net}`);
    if (p.assumed) lines.push(`        assumed: ${p.assumed}`);
    if (!p.ok && p.message) lines.push(`        ${p.message}`);
  }
  for (const a of plan.assumptions) lines.push(`  Assumed ${a.stackReference} ${a.output} = ${typeof a.value === "object" && a.value !== null ? JSON.stringify(a.value) : String(a.value)} (${a.source}).`);
  return lines;
}
