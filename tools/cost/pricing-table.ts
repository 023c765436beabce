import type { FieldKey } from "../../infra/stack-config/fields";
import type { RecordedResource } from "../plan/record";
import { MeterSpec, METERS } from "./meters";

/**
 * The pricing table, written once: for each resource type the program declares, which meter(s)
 * and which monthly quantity, or why it is free. A type that is not here is "not priced" — never a
 * silent zero. Quantities are per month in the meter's base unit; usage the offline plan cannot
 * know comes from the stack's cost assumptions (config keys `cost*`), and each line names them.
 */

/** Azure's monthly hours (8,760 / 12) and days (as the brief and Azure's calculator use). */
export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = 30.4;
/** Interactive retention included in the ingestion price: workspace tables, and Application Insights tables. */
export const LOG_RETENTION_INCLUDED_DAYS = 31;
export const APP_INSIGHTS_RETENTION_INCLUDED_DAYS = 90;

export interface CostLine {
  readonly meter: MeterSpec;
  /** Monthly quantity in the meter's base unit (hours, days, months, GB, GB-months, or a count). */
  readonly quantity: number;
  /** How the quantity was made, e.g. "3 instances (autoscale default; up to 10) × 730 h". */
  readonly quantityText: string;
  /** Config keys whose assumed usage the quantity comes from. */
  readonly assumptions: readonly FieldKey[];
}

export type Pricing =
  | { readonly kind: "priced"; readonly lines: readonly CostLine[]; readonly note?: string }
  | { readonly kind: "free"; readonly reason: string }
  | { readonly kind: "not-priced"; readonly reason: string };

export interface PricingContext {
  /** The stack's validated config (cost assumptions among them). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Every resource of the plan, for rules that read a neighbour (autoscale of a plan, SKU of a registry). */
  readonly resources: readonly RecordedResource[];
}

type Rule = (r: RecordedResource, ctx: PricingContext) => Pricing;

const free = (reason: string): Rule => () => ({ kind: "free", reason });
const notPriced = (reason: string): Pricing => ({ kind: "not-priced", reason });

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}
function num(v: unknown): number | undefined {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}
function get(o: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((acc, k) => (acc !== null && typeof acc === "object" ? (acc as Record<string, unknown>)[k] : undefined), o);
}
function assumption(ctx: PricingContext, key: FieldKey): number {
  const v = num(ctx.settings[key]);
  if (v === undefined) throw new Error(`cost assumption ${key} is missing from the plan's settings`);
  return v;
}
/** The resource's region; a resource without one (e.g. a pool) is in its resource group's, the stack's location. */
function regionOf(r: RecordedResource, ctx: PricingContext): string | undefined {
  return str(r.inputs.location) ?? str(ctx.settings.location);
}
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 2 });

/** App Service plan: instances × 730 h, the baseline being the autoscale default (the plan's capacity without autoscale). */
const appServicePlan: Rule = (r, ctx) => {
  const sku = str(get(r.inputs, "sku", "name"));
  const tier = str(get(r.inputs, "sku", "tier"));
  const region = str(r.inputs.location);
  if (!sku || !tier || !region) return notPriced("sku.name, sku.tier or location is unknown in the plan");
  if (r.inputs.reserved !== true) return notPriced("only Linux plans (reserved: true) are in the pricing table");
  const planName = str(r.inputs.name);
  const autoscale = ctx.resources.find(
    (x) => x.type === "azure-native:monitor:AutoscaleSetting" && planName !== undefined && String(x.inputs.targetResourceUri ?? "").split("/").pop() === planName,
  );
  // The first profile is the default one (the program declares one: "metrics").
  const capacity = get(autoscale?.inputs, "profiles", "0", "capacity");
  const baseline = num(get(capacity, "default"));
  const maximum = num(get(capacity, "maximum"));
  const instances = baseline ?? num(get(r.inputs, "sku", "capacity")) ?? 1;
  const why = baseline !== undefined ? `autoscale default${maximum !== undefined ? `; may scale out to ${maximum}` : ""}` : "plan capacity; no autoscale";
  return {
    kind: "priced",
    lines: [
      {
        meter: METERS.appServicePlanLinux(sku, tier, region),
        quantity: instances * HOURS_PER_MONTH,
        quantityText: `${instances} instance${instances === 1 ? "" : "s"} (${why}) × ${HOURS_PER_MONTH} h`,
        assumptions: [],
      },
    ],
  };
};

/** Registry: one registry unit a day; each geo-replica another unit of the same SKU in its region. */
const registry: Rule = (r) => {
  const sku = str(get(r.inputs, "sku", "name"));
  const region = str(r.inputs.location);
  if (!sku || !region) return notPriced("sku.name or location is unknown in the plan");
  return {
    kind: "priced",
    lines: [{ meter: METERS.registryUnit(sku, region), quantity: DAYS_PER_MONTH, quantityText: `1 registry unit × ${DAYS_PER_MONTH} days`, assumptions: [] }],
    note: "storage above the SKU's included GB and data transfer are not estimated",
  };
};

const replication: Rule = (r, ctx) => {
  const region = str(r.inputs.location);
  const parent = ctx.resources.find((x) => x.type === "azure-native:containerregistry:Registry" && x.inputs.registryName === r.inputs.registryName);
  const sku = str(get(parent?.inputs, "sku", "name"));
  if (!region || !sku) return notPriced("the replica's region or its registry's SKU is unknown in the plan");
  return {
    kind: "priced",
    lines: [{ meter: METERS.registryUnit(sku, region), quantity: DAYS_PER_MONTH, quantityText: `1 ${sku} registry unit in ${region} × ${DAYS_PER_MONTH} days (geo-replica)`, assumptions: [] }],
  };
};

/** Workspace (PerGB2018): assumed ingestion, plus retention beyond the 31 included days. */
const workspace: Rule = (r, ctx) => {
  const region = str(r.inputs.location);
  const sku = str(get(r.inputs, "sku", "name"));
  if (!region) return notPriced("location is unknown in the plan");
  if (sku !== "PerGB2018") return notPriced(`workspace SKU ${sku ?? "(none)"}: only PerGB2018 (pay-as-you-go) is in the pricing table`);
  const gb = assumption(ctx, "costLogIngestionGbPerMonth");
  const days = num(r.inputs.retentionInDays) ?? LOG_RETENTION_INCLUDED_DAYS;
  return { kind: "priced", lines: ingestionLines(region, gb, days, LOG_RETENTION_INCLUDED_DAYS, "costLogIngestionGbPerMonth") };
};

/** Workspace-based Application Insights: its telemetry is Log Analytics ingestion; 90 days' retention included. */
const appInsights: Rule = (r, ctx) => {
  const region = str(r.inputs.location);
  if (!region) return notPriced("location is unknown in the plan");
  if (!str(r.inputs.workspaceResourceId)) return notPriced("classic (not workspace-based) Application Insights is not in the pricing table");
  const gb = assumption(ctx, "costAppInsightsIngestionGbPerMonth");
  const days = num(r.inputs.retentionInDays) ?? APP_INSIGHTS_RETENTION_INCLUDED_DAYS;
  return { kind: "priced", lines: ingestionLines(region, gb, days, APP_INSIGHTS_RETENTION_INCLUDED_DAYS, "costAppInsightsIngestionGbPerMonth") };
};

function ingestionLines(region: string, gb: number, retentionDays: number, includedDays: number, key: FieldKey): CostLine[] {
  const lines: CostLine[] = [{ meter: METERS.logIngestion(region), quantity: gb, quantityText: `${fmt(gb)} GB ingested (assumed: ${key})`, assumptions: [key] }];
  const extraDays = Math.max(0, retentionDays - includedDays);
  if (extraDays > 0) {
    // Steady state: every day's data is kept extraDays beyond the included period.
    const gbMonths = (gb * extraDays) / DAYS_PER_MONTH;
    lines.push({
      meter: METERS.logRetention(region),
      quantity: gbMonths,
      quantityText: `${fmt(gb)} GB × ${extraDays} days beyond the ${includedDays} included ÷ ${DAYS_PER_MONTH} = ${fmt(gbMonths)} GB-months retained`,
      assumptions: [key],
    });
  }
  return lines;
}

const keyVault: Rule = (r, ctx) => {
  const region = str(r.inputs.location);
  const sku = str(get(r.inputs, "properties", "sku", "name"));
  if (!region || !sku) return notPriced("location or properties.sku.name is unknown in the plan");
  const ops = assumption(ctx, "costKeyVaultOperationsPerMonth");
  return {
    kind: "priced",
    lines: [{ meter: METERS.keyVaultOperations(sku, region), quantity: ops, quantityText: `${fmt(ops)} operations (assumed: costKeyVaultOperationsPerMonth)`, assumptions: ["costKeyVaultOperationsPerMonth"] }],
    note: sku === "premium" ? "HSM-protected keys are not estimated" : undefined,
  };
};

/** Standard availability test: one execution per location per interval. */
const webTest: Rule = (r) => {
  const kind = str(r.inputs.kind);
  if (kind === "ping") return { kind: "free", reason: "URL ping tests have no charge" };
  if (kind !== "standard") return notPriced(`availability test kind ${kind ?? "(none)"}: only standard tests are in the pricing table`);
  if (r.inputs.enabled === false) return { kind: "free", reason: "disabled: no executions" };
  const region = str(r.inputs.location);
  const frequency = num(r.inputs.frequency) ?? 300;
  const locations = Array.isArray(r.inputs.locations) ? r.inputs.locations.length : 0;
  if (!region || locations === 0) return notPriced("location or test locations are unknown in the plan");
  const runs = (locations * HOURS_PER_MONTH * 3600) / frequency;
  return {
    kind: "priced",
    lines: [{ meter: METERS.standardWebTest(region), quantity: runs, quantityText: `${locations} locations × ${HOURS_PER_MONTH} h × 3600 s ÷ ${frequency} s = ${fmt(runs)} executions`, assumptions: [] }],
  };
};

/** Metric alert rule: priced per monitored time series (one per criterion and scope; dimensions multiply). */
const metricAlert: Rule = (r) => {
  if (r.inputs.enabled === false) return { kind: "free", reason: "disabled rule" };
  const location = str(r.inputs.location) ?? "global";
  const region = location.toLowerCase() === "global" ? "Global" : location;
  const criteria = get(r.inputs, "criteria") as Record<string, unknown> | undefined;
  const odata = str(criteria?.odataType);
  const scopes = Array.isArray(r.inputs.scopes) ? r.inputs.scopes.length : 1;
  let series: number;
  if (odata === "Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria") series = 1;
  else if (Array.isArray(criteria?.allOf)) {
    const perScope = (criteria.allOf as unknown[]).reduce<number>((n, c) => {
      const dims = get(c, "dimensions");
      const values = Array.isArray(dims) ? dims.reduce<number>((m, d) => m * Math.max(1, Array.isArray(get(d, "values")) ? (get(d, "values") as unknown[]).length : 1), 1) : 1;
      return n + values;
    }, 0);
    series = perScope * (odata === "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria" ? 1 : scopes);
  } else return notPriced(`criteria ${odata ?? "(none)"} is not in the pricing table`);
  return {
    kind: "priced",
    lines: [{ meter: METERS.metricAlertTimeSeries(region), quantity: series, quantityText: `${series} monitored time series`, assumptions: [] }],
  };
};

const privateEndpoint: Rule = () => ({
  kind: "priced",
  lines: [{ meter: METERS.privateEndpoint(), quantity: HOURS_PER_MONTH, quantityText: `1 endpoint × ${HOURS_PER_MONTH} h`, assumptions: [] }],
  note: "data processed through the endpoint is not estimated",
});

const privateDnsZone: Rule = () => ({
  kind: "priced",
  lines: [{ meter: METERS.privateDnsZone(), quantity: 1, quantityText: "1 zone × 1 month", assumptions: [] }],
  note: "DNS queries are not estimated",
});

/** Managed DevOps Pool: its agents are VMs of the fabric SKU, billed while they run. */
const devOpsPool: Rule = (r, ctx) => {
  const region = regionOf(r, ctx);
  const vmSku = str(get(r.inputs, "fabricProfile", "sku", "name"));
  const agents = num(r.inputs.maximumConcurrency);
  if (!region || !vmSku || agents === undefined) return notPriced("location, fabricProfile.sku.name or maximumConcurrency is unknown in the plan");
  const busy = assumption(ctx, "costPoolBusyHoursPerAgentPerMonth");
  return {
    kind: "priced",
    lines: [
      {
        meter: METERS.linuxVmHour(vmSku, region),
        quantity: agents * busy,
        quantityText: `${agents} agents (maximumConcurrency) × ${fmt(busy)} busy h (assumed: costPoolBusyHoursPerAgentPerMonth)`,
        assumptions: ["costPoolBusyHoursPerAgentPerMonth"],
      },
    ],
    note: "agent OS disks and Azure DevOps parallel jobs are not estimated",
  };
};

/** Exact resource types. Free entries say why, so the report can show it. */
export const PRICING_TABLE: Readonly<Record<string, Rule>> = {
  "azure-native:web:AppServicePlan": appServicePlan,
  "azure-native:containerregistry:Registry": registry,
  "azure-native:containerregistry:Replication": replication,
  "azure-native:operationalinsights:Workspace": workspace,
  "azure-native:applicationinsights:Component": appInsights,
  "azure-native:keyvault:Vault": keyVault,
  "azure-native:applicationinsights:WebTest": webTest,
  "azure-native:monitor:MetricAlert": metricAlert,
  "azure-native:network:PrivateEndpoint": privateEndpoint,
  "azure-native:privatedns:PrivateZone": privateDnsZone,
  "azure-native:devopsinfrastructure:Pool": devOpsPool,

  "azure-native:resources:ResourceGroup": free("resource groups have no charge"),
  "azure-native:managedidentity:UserAssignedIdentity": free("managed identities have no charge"),
  "azure-native:managedidentity:FederatedIdentityCredential": free("federated credentials have no charge"),
  "azure-native:authorization:RoleAssignment": free("role assignments have no charge"),
  "azure-native:authorization:RoleDefinition": free("custom role definitions have no charge"),
  "azure-native:authorization:ManagementLockByScope": free("locks have no charge"),
  "azure-native:keyvault:Secret": free("secret operations are counted on the vault (costKeyVaultOperationsPerMonth)"),
  "azure-native:monitor:DiagnosticSetting": free("the setting has no charge; the logs it sends are the workspace's ingestion (costLogIngestionGbPerMonth)"),
  "azure-native:monitor:ActionGroup": free("e-mail and webhook notifications within the free monthly grants (1,000 e-mails, 100,000 webhooks) are not charged"),
  "azure-native:monitor:ActivityLogAlert": free("activity log alert rules have no charge"),
  // The chat relay: a consumption workflow billed per action execution (trigger + one HTTP action per
  // alert); the Logic Apps pricing page grants the first 4,000 actions a month free.
  "azure-native:logic:Workflow": free("a consumption workflow: two actions per alert, within the first 4,000 free actions a month"),
  "azure-native:monitor:AutoscaleSetting": free("autoscale has no charge (its instances are priced on the App Service plan)"),
  "azure-native:applicationinsights:Workbook": free("workbooks have no charge (their queries read data already priced)"),
  "azure-native:web:WebApp": free("billed through its App Service plan"),
  "azure-native:web:WebAppSlot": free("billed through its App Service plan"),
  "azure-native:web:WebAppFtpAllowed": free("a setting of the web app"),
  "azure-native:web:WebAppScmAllowed": free("a setting of the web app"),
  "azure-native:web:WebAppFtpAllowedSlot": free("a setting of the slot"),
  "azure-native:web:WebAppScmAllowedSlot": free("a setting of the slot"),
  "azure-native:web:WebAppSlotConfigurationNames": free("a setting of the web app"),
  "azure-native:network:VirtualNetwork": free("virtual networks have no charge (no peering or gateway is declared)"),
  "azure-native:network:Subnet": free("subnets have no charge"),
  "azure-native:network:NetworkSecurityGroup": free("network security groups have no charge"),
  "azure-native:network:PrivateDnsZoneGroup": free("a setting of the private endpoint"),
  "azure-native:privatedns:VirtualNetworkLink": free("virtual network links have no charge (DNS queries are not estimated)"),
  "azure-native:devcenter:DevCenter": free("the dev center has no charge (the pool's agents are priced)"),
  "azure-native:devcenter:Project": free("dev center projects have no charge"),
  // Free parts of the private network (and likely companions), listed so none is ever "not priced".
  "azure-native:web:WebAppSwiftVirtualNetworkConnection": free("regional VNet integration has no charge"),
  "azure-native:web:WebAppSwiftVirtualNetworkConnectionSlot": free("regional VNet integration has no charge"),
  "azure-native:privatedns:PrivateRecordSet": free("records are included in the private DNS zone's price"),
  "azure-native:devcenter:NetworkConnection": free("dev center network connections have no charge"),
  "azure-native:devcenter:AttachedNetworkByDevCenter": free("attaching a network to a dev center has no charge"),
};

/**
 * The inputs each priced type's rule reads, so `delivery cost --compare` names only the settings
 * that move the bill (a plan's zoneRedundant differs between qa and prod, but costs nothing itself).
 */
export const PRICED_INPUTS: Readonly<Record<string, readonly string[]>> = {
  "azure-native:web:AppServicePlan": ["sku.name", "sku.tier", "sku.capacity", "location", "reserved"],
  "azure-native:containerregistry:Registry": ["sku.name", "location"],
  "azure-native:containerregistry:Replication": ["location"],
  "azure-native:operationalinsights:Workspace": ["sku.name", "retentionInDays", "location"],
  "azure-native:applicationinsights:Component": ["retentionInDays", "location", "workspaceResourceId"],
  "azure-native:keyvault:Vault": ["properties.sku.name", "location"],
  "azure-native:applicationinsights:WebTest": ["kind", "enabled", "frequency", "locations", "location"],
  "azure-native:monitor:MetricAlert": ["enabled", "criteria", "scopes", "location"],
  "azure-native:devopsinfrastructure:Pool": ["maximumConcurrency", "fabricProfile.sku.name", "location"],
};

/** Whole providers that put nothing on the Azure bill. */
const FREE_PREFIXES: readonly { prefix: string; reason: string }[] = [
  { prefix: "azuredevops:", reason: "Azure DevOps object: no Azure charge (Azure DevOps bills users and parallel jobs, outside this estimate)" },
  { prefix: "docker:", reason: "built on the pipeline agent; the image is stored in the registry (within its included storage)" },
  { prefix: "pulumi:providers:", reason: "Pulumi provider, not a cloud resource" },
  { prefix: "command:", reason: "a command `pulumi up` runs on its own machine (a private stack's bootstrap image import: one ARM call; the image is stored in the registry within its included storage)" },
];

/** How one recorded resource is priced. Component resources are groups, not priced themselves. */
export function priceResource(r: RecordedResource, ctx: PricingContext): Pricing {
  const rule = PRICING_TABLE[r.type];
  if (rule) return rule(r, ctx);
  const prefix = FREE_PREFIXES.find((p) => r.type.startsWith(p.prefix));
  if (prefix) return { kind: "free", reason: prefix.reason };
  return notPriced(`no entry for ${r.type} in the pricing table (tools/cost/pricing-table.ts)`);
}
