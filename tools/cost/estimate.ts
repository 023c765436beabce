import type { FieldKey } from "../../infra/stack-config/fields";
import type { StackPlan } from "../plan/plan";
import type { RecordedResource } from "../plan/record";
import { unitSize } from "./meters";
import { priceResource, PricingContext } from "./pricing-table";
import { isIndicative, PriceSnapshot } from "./snapshot";

export interface LineCost {
  readonly meter: string;
  readonly description: string;
  readonly quantity: number;
  readonly quantityText: string;
  readonly unitOfMeasure: string;
  readonly retailPrice: number;
  readonly monthly: number;
  readonly assumptions: readonly FieldKey[];
}

export interface ResourceCost {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  /** Logical name of the component resource that holds it ("(stack)" at the top level). */
  readonly component: string;
  readonly status: "priced" | "free" | "not-priced";
  /** Monthly estimate; null unless priced. */
  readonly monthly: number | null;
  readonly lines: readonly LineCost[];
  /** Why it is free or not priced. */
  readonly reason?: string;
  /** What the priced figure leaves out. */
  readonly note?: string;
}

export interface StackCost {
  readonly stack: string;
  readonly currency: string;
  readonly snapshotDate: string;
  readonly snapshotSource: string;
  readonly indicative: boolean;
  readonly total: number;
  readonly resources: readonly ResourceCost[];
  readonly components: readonly { readonly name: string; readonly total: number }[];
  readonly notPriced: number;
  /** Cost assumptions (config) that at least one priced line used, with their values. */
  readonly assumptions: Readonly<Partial<Record<FieldKey, number>>>;
  readonly reviewThresholdPerMonth: number;
}

export const TOP_LEVEL = "(stack)";

/** Prices every custom resource of a plan from the snapshot. Pure. */
export function estimateStack(plan: StackPlan, snapshot: PriceSnapshot): StackCost {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const ctx: PricingContext = { settings: plan.settings as Record<string, unknown>, resources: plan.resources };
  const resources: ResourceCost[] = [];
  const used = new Set<FieldKey>();
  for (const r of plan.resources) {
    if (!r.custom) continue; // component resources group the others; the stack is not billed
    const base = { urn: r.urn, name: r.name, type: r.type, component: componentOf(r, byUrn) };
    const pricing = priceResource(r, ctx);
    if (pricing.kind !== "priced") {
      resources.push({ ...base, status: pricing.kind, monthly: null, lines: [], reason: pricing.reason });
      continue;
    }
    const lines: LineCost[] = [];
    let missing: string | undefined;
    for (const line of pricing.lines) {
      const meter = snapshot.meters[line.meter.key];
      const size = meter && unitSize(meter.unitOfMeasure, line.meter.unit);
      if (!meter || size === undefined) {
        missing = meter
          ? `meter ${line.meter.key} has unit ${JSON.stringify(meter.unitOfMeasure)} in the price snapshot; expected a ${line.meter.unit} unit`
          : `meter ${line.meter.key} (${line.meter.description}) is not in the price snapshot of ${snapshot.date}; run delivery prices --refresh`;
        break;
      }
      lines.push({
        meter: line.meter.key,
        description: line.meter.description,
        quantity: line.quantity,
        quantityText: line.quantityText,
        unitOfMeasure: meter.unitOfMeasure,
        retailPrice: meter.retailPrice,
        monthly: (line.quantity / size) * meter.retailPrice,
        assumptions: line.assumptions,
      });
    }
    if (missing) {
      resources.push({ ...base, status: "not-priced", monthly: null, lines: [], reason: missing });
      continue;
    }
    for (const l of lines) l.assumptions.forEach((k) => used.add(k));
    resources.push({ ...base, status: "priced", monthly: lines.reduce((n, l) => n + l.monthly, 0), lines, note: pricing.note });
  }
  const components = new Map<string, number>();
  for (const r of resources) components.set(r.component, (components.get(r.component) ?? 0) + (r.monthly ?? 0));
  return {
    stack: plan.stack,
    currency: snapshot.currency,
    snapshotDate: snapshot.date,
    snapshotSource: snapshot.source,
    indicative: isIndicative(snapshot),
    total: resources.reduce((n, r) => n + (r.monthly ?? 0), 0),
    resources,
    components: [...components].map(([name, total]) => ({ name, total })).sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
    notPriced: resources.filter((r) => r.status === "not-priced").length,
    assumptions: Object.fromEntries([...used].sort().map((k) => [k, plan.settings[k] as number])),
    reviewThresholdPerMonth: plan.settings.costReviewThresholdPerMonth as number,
  };
}

function componentOf(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): string {
  for (let p = r.parent && byUrn.get(r.parent); p; p = p.parent ? byUrn.get(p.parent) : undefined) {
    if (p.type === "pulumi:pulumi:Stack") break;
    if (!p.custom) return p.name;
  }
  return TOP_LEVEL;
}

/** Money as shown everywhere: two decimals, thousands separated. */
export function money(n: number): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Rounded to cents, for the machine form. */
export function cents(n: number): number {
  return Math.round(n * 100) / 100;
}
