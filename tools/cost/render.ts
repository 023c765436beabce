import { FIELDS, FieldKey } from "../../infra/stack-config/fields";
import { cents, money, StackCost } from "./estimate";
import { SNAPSHOT_PATH } from "./snapshot";

/** Version of `delivery cost --json`; bump it when a field changes meaning or disappears. */
export const COST_JSON_VERSION = 1;
export const COST_JSON_KIND = "pinecone-delivery/cost";

/** The machine form (documented in README.md; read by `delivery preview-report --cost-before/--cost-after`). Pure. */
export function costsToJson(costs: readonly StackCost[]) {
  const first = costs[0];
  return {
    kind: COST_JSON_KIND,
    version: COST_JSON_VERSION,
    currency: first?.currency ?? null,
    snapshot: first ? { file: SNAPSHOT_PATH, date: first.snapshotDate, source: first.snapshotSource, indicative: first.indicative } : null,
    stacks: costs.map((c) => ({
      stack: c.stack,
      total: cents(c.total),
      notPriced: c.notPriced,
      reviewThresholdPerMonth: c.reviewThresholdPerMonth,
      assumptions: c.assumptions,
      components: c.components.map((x) => ({ name: x.name, total: cents(x.total) })),
      resources: c.resources.map((r) => ({
        name: r.name,
        type: r.type,
        component: r.component,
        status: r.status,
        monthly: r.monthly === null ? null : cents(r.monthly),
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.note ? { note: r.note } : {}),
        lines: r.lines.map((l) => ({
          meter: l.meter,
          quantity: l.quantity,
          quantityText: l.quantityText,
          unitOfMeasure: l.unitOfMeasure,
          retailPrice: l.retailPrice,
          monthly: cents(l.monthly),
          assumptions: l.assumptions,
        })),
      })),
    })),
  };
}

/** The snapshot line every text form starts with: its date, currency and whether it was fetched. */
export function snapshotLine(c: StackCost): string {
  return `Prices: ${SNAPSHOT_PATH} of ${c.snapshotDate}, ${c.currency} (${c.snapshotSource}).`;
}

/** Text form of one stack's estimate. Pure. */
export function renderCostText(c: StackCost): string {
  const out = [
    `Monthly cost estimate of stack ${c.stack} (offline plan: declared resources, not the cloud; usage from the cost assumptions).`,
    snapshotLine(c),
    "",
  ];
  for (const comp of c.components) {
    const priced = c.resources.filter((r) => r.component === comp.name && r.status === "priced");
    if (priced.length === 0) continue;
    out.push(`  ${comp.name}: ${money(comp.total)} ${c.currency}`);
    for (const r of priced) {
      out.push(`    ${r.name} (${r.type}): ${money(r.monthly ?? 0)}`);
      for (const l of r.lines) {
        out.push(`      ${l.description}: ${l.quantityText} at ${l.retailPrice} per ${l.unitOfMeasure} = ${money(l.monthly)}`);
      }
      if (r.note) out.push(`      not included: ${r.note}`);
    }
  }
  const notPriced = c.resources.filter((r) => r.status === "not-priced");
  out.push("", `Not priced (${notPriced.length})${notPriced.length > 0 ? ": the total leaves these out" : ""}:`);
  for (const r of notPriced) out.push(`  ${r.component}/${r.name} (${r.type}): ${r.reason}`);
  const free = new Map<string, string[]>();
  for (const r of c.resources.filter((x) => x.status === "free")) free.set(r.reason ?? "", [...(free.get(r.reason ?? "") ?? []), r.name]);
  out.push("", `Free (${c.resources.filter((x) => x.status === "free").length}):`);
  for (const [reason, names] of free) out.push(`  ${names.length} × ${reason}: ${names.join(", ")}`);
  out.push("", "Assumed usage (config keys of the stack; see README, Cost estimate):");
  const keys = Object.keys(c.assumptions) as FieldKey[];
  if (keys.length === 0) out.push("  none used");
  for (const k of keys) out.push(`  ${k} = ${c.assumptions[k]} (${FIELDS[k].description.replace(/, for `delivery cost`\.$/, "")})`);
  out.push("", `Total: ${money(c.total)} ${c.currency} per month${c.notPriced > 0 ? ` plus ${c.notPriced} resource${c.notPriced === 1 ? "" : "s"} not priced` : ""}.`);
  return `${out.join("\n")}\n`;
}
