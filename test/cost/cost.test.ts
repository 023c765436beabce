/**
 * `delivery cost`: every resource of the four stacks' offline plans is priced, free (with a reason)
 * or listed as not priced, from the committed snapshot; the big items match a hand calculation.
 */
import * as fs from "fs";
import * as path from "path";
import * as devcenter from "@pulumi/azure-native/devcenter";
import * as devopsinfrastructure from "@pulumi/azure-native/devopsinfrastructure";
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import { ExitCode } from "../../tools/exit-codes";
import { estimateStack, StackCost } from "../../tools/cost/estimate";
import { parseSnapshot, PriceSnapshot, SNAPSHOT_PATH } from "../../tools/cost/snapshot";
import { planStack, StackPlan } from "../../tools/plan/plan";
import { recordResources, REPO_ROOT, runCli, tempProject, readStackFile } from "../support/harness";

const snapshot: PriceSnapshot = parseSnapshot(fs.readFileSync(path.join(REPO_ROOT, SNAPSHOT_PATH), "utf8"), SNAPSHOT_PATH);
const price = (key: string) => {
  const m = snapshot.meters[key];
  if (!m) throw new Error(`snapshot has no meter ${key}`);
  return m.retailPrice;
};
type CostJson = { kind: string; version: number; currency: string; snapshot: { date: string; source: string; indicative: boolean }; stacks: StackJson[] };
type StackJson = { stack: string; total: number; notPriced: number; reviewThresholdPerMonth: number; assumptions: Record<string, number>; resources: ResourceJson[] };
type ResourceJson = { name: string; type: string; component: string; status: string; monthly: number | null; reason?: string; lines: { meter: string; quantity: number; monthly: number }[] };

describe("delivery cost --all (the four stacks' offline plans, priced from the committed snapshot)", () => {
  let doc: CostJson;
  let plans: Map<string, StackPlan>;
  beforeAll(async () => {
    const res = await runCli(["cost", "--all", "--json"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(ExitCode.Ok);
    doc = JSON.parse(res.stdout);
    plans = new Map();
    for (const s of ["dev", "qa", "uat", "prod"]) plans.set(s, await planStack(REPO_ROOT, s));
  });
  const stack = (s: string) => doc.stacks.find((x) => x.stack === s) as StackJson;
  const resource = (s: string, type: string, name?: string) => {
    const found = stack(s).resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (found.length !== 1) throw new Error(`${s}: expected one ${type} ${name ?? ""}; found ${found.length}`);
    return found[0];
  };

  test("states the snapshot's date, currency and that its figures are indicative, not fetched", () => {
    expect(doc.kind).toBe("pinecone-delivery/cost");
    expect(doc.currency).toBe(snapshot.currency);
    expect(doc.snapshot).toEqual({ file: SNAPSHOT_PATH, date: snapshot.date, source: snapshot.source, indicative: true });
    expect(snapshot.source).toBe("indicative, not fetched; run delivery prices --refresh");
    expect(doc.stacks.map((s) => s.stack)).toEqual(["dev", "prod", "qa", "uat"]);
  });

  test("every custom resource of every plan is listed exactly once: priced with a figure, or free / not priced with a reason", () => {
    for (const s of doc.stacks) {
      const custom = plans.get(s.stack)!.resources.filter((r) => r.custom);
      expect(s.resources.map((r) => `${r.type}|${r.name}`).sort()).toEqual(custom.map((r) => `${r.type}|${r.name}`).sort());
      for (const r of s.resources) {
        if (r.status === "priced") expect({ name: r.name, monthly: typeof r.monthly, lines: r.lines.length > 0 }).toEqual({ name: r.name, monthly: "number", lines: true });
        else expect({ name: r.name, monthly: r.monthly, reason: typeof r.reason }).toEqual({ name: r.name, monthly: null, reason: "string" });
      }
      // Today's program declares nothing outside the pricing table.
      expect(s.resources.filter((r) => r.status === "not-priced").map((r) => r.type)).toEqual([]);
      expect(s.notPriced).toBe(0);
      const sum = s.resources.reduce((n, r) => n + (r.monthly ?? 0), 0);
      expect(s.total).toBeCloseTo(sum, 1);
    }
  });

  test("App Service plans: instances (the autoscale default) × 730 h × the SKU's hourly price — by hand from the snapshot", () => {
    // dev: S1, autoscaleDefault 1 → 1 × 730 × S1
    expect(resource("dev", "azure-native:web:AppServicePlan").monthly).toBeCloseTo(1 * 730 * price("app-service-plan/linux/S1/westeurope"), 2);
    // qa: P1v3, autoscaleDefault 2 → 2 × 730 × P1v3 (0.178 → 259.88)
    expect(resource("qa", "azure-native:web:AppServicePlan").monthly).toBeCloseTo(2 * 730 * price("app-service-plan/linux/P1v3/westeurope"), 2);
    // uat: P1v3, autoscaleDefault 1 → 1 × 730 × P1v3
    expect(resource("uat", "azure-native:web:AppServicePlan").monthly).toBeCloseTo(1 * 730 * price("app-service-plan/linux/P1v3/westeurope"), 2);
    // prod: P2v3, autoscaleDefault 3 → 3 × 730 × P2v3 (0.356 → 779.64)
    expect(resource("prod", "azure-native:web:AppServicePlan").monthly).toBeCloseTo(3 * 730 * price("app-service-plan/linux/P2v3/westeurope"), 2);
  });

  test("registry: one unit a day × 30.4 days; prod's geo-replica another Premium unit in northeurope — by hand", () => {
    expect(resource("dev", "azure-native:containerregistry:Registry").monthly).toBeCloseTo(30.4 * price("container-registry/Standard/westeurope"), 2);
    expect(resource("qa", "azure-native:containerregistry:Registry").monthly).toBeCloseTo(30.4 * price("container-registry/Premium/westeurope"), 2);
    expect(resource("prod", "azure-native:containerregistry:Registry").monthly).toBeCloseTo(30.4 * price("container-registry/Premium/westeurope"), 2);
    expect(resource("prod", "azure-native:containerregistry:Replication").monthly).toBeCloseTo(30.4 * price("container-registry/Premium/northeurope"), 2);
    expect(stack("qa").resources.some((r) => r.type === "azure-native:containerregistry:Replication")).toBe(false);
  });

  test("usage-based meters take the stack's assumptions: prod's 20 GB of logs, 90 days kept (59 beyond the 31 included)", () => {
    const ws = resource("prod", "azure-native:operationalinsights:Workspace");
    expect(stack("prod").assumptions.costLogIngestionGbPerMonth).toBe(20);
    expect(ws.lines.map((l) => l.meter)).toEqual(["log-analytics/ingestion/westeurope", "log-analytics/retention/westeurope"]);
    const expected = 20 * price("log-analytics/ingestion/westeurope") + ((20 * 59) / 30.4) * price("log-analytics/retention/westeurope");
    expect(ws.monthly).toBeCloseTo(expected, 2);
    // qa keeps 30 days: ingestion only, at the default 5 GB.
    expect(resource("qa", "azure-native:operationalinsights:Workspace").monthly).toBeCloseTo(5 * price("log-analytics/ingestion/westeurope"), 2);
    // Key Vault: 100,000 operations at the price per 10K.
    expect(resource("qa", "azure-native:keyvault:Vault").monthly).toBeCloseTo((100_000 / 10_000) * price("key-vault/operations/standard/westeurope"), 2);
    // Standard availability test: 5 locations, every 300 s.
    expect(resource("qa", "azure-native:applicationinsights:WebTest", "alerts-availability-staging").monthly).toBeCloseTo(((5 * 730 * 3600) / 300) * price("availability-test/standard/westeurope"), 2);
  });

  test("free resources say why; the Azure DevOps objects and the docker image cost nothing on the Azure bill", () => {
    const prod = stack("prod");
    expect(resource("prod", "azure-native:web:WebApp").reason).toBe("billed through its App Service plan");
    expect(resource("prod", "azure-native:monitor:DiagnosticSetting", "app-plan-diagnostics").status).toBe("free");
    const devops = prod.resources.filter((r) => r.type.startsWith("azuredevops:"));
    expect(devops.length).toBeGreaterThan(10);
    expect(new Set(devops.map((r) => r.status))).toEqual(new Set(["free"]));
  });

  test("the text form leads with the snapshot line and ends with the total", async () => {
    const res = await runCli(["cost", "qa"]);
    expect(res.code).toBe(ExitCode.Ok);
    expect(res.stdout).toContain(`Prices: ${SNAPSHOT_PATH} of ${snapshot.date}, USD (indicative, not fetched; run delivery prices --refresh).`);
    expect(res.stdout).toContain("2 instances (autoscale default; may scale out to 6) × 730 h");
    expect(res.stdout).toMatch(new RegExp(`Total: ${stack("qa").total.toLocaleString("en-US", { minimumFractionDigits: 2 })} USD per month\\.`));
  });
});

describe("the private network and Managed DevOps Pool shapes (issue 13), recorded with the real SDK classes", () => {
  let cost: StackCost;
  beforeAll(async () => {
    const base = await planStack(REPO_ROOT, "qa");
    const rec = await recordResources(() => {
      const rg = "rg-pcpro-qa";
      const vnet = new network.VirtualNetwork("net-vnet", { resourceGroupName: rg, location: "westeurope", addressSpace: { addressPrefixes: ["10.0.0.0/16"] } });
      new network.Subnet("net-endpoints", { resourceGroupName: rg, virtualNetworkName: vnet.name, addressPrefix: "10.0.1.0/24" });
      new network.NetworkSecurityGroup("net-nsg", { resourceGroupName: rg, location: "westeurope" });
      for (const target of ["registry", "vault"]) {
        const pe = new network.PrivateEndpoint(`net-pe-${target}`, { resourceGroupName: rg, location: "westeurope", subnet: { id: "/subnets/endpoints" } });
        new network.PrivateDnsZoneGroup(`net-pe-${target}-dns`, { resourceGroupName: rg, privateEndpointName: pe.name, privateDnsZoneConfigs: [] });
      }
      const zone = new privatedns.PrivateZone("net-zone-acr", { resourceGroupName: rg, location: "Global", privateZoneName: "privatelink.azurecr.io" });
      new privatedns.VirtualNetworkLink("net-zone-acr-link", { resourceGroupName: rg, location: "Global", privateZoneName: zone.name, registrationEnabled: false, virtualNetwork: { id: vnet.id } });
      const dc = new devcenter.DevCenter("pool-devcenter", { resourceGroupName: rg, location: "westeurope" });
      const project = new devcenter.Project("pool-project", { resourceGroupName: rg, location: "westeurope", devCenterId: dc.id });
      new devopsinfrastructure.Pool("pool", {
        resourceGroupName: rg,
        location: "westeurope",
        maximumConcurrency: 4,
        devCenterProjectResourceId: project.id,
        agentProfile: { kind: "Stateless" },
        organizationProfile: { kind: "AzureDevOps", organizations: [{ url: "https://dev.azure.com/pinecone-software" }] },
        fabricProfile: { kind: "Vmss", sku: { name: "Standard_D2ads_v5" }, images: [{ wellKnownImageName: "ubuntu-24.04/latest" }] },
      });
    });
    cost = estimateStack({ ...base, resources: rec.resources }, snapshot);
  });
  const of = (type: string) => cost.resources.filter((r) => r.type === type);

  test("each private endpoint: 1 × 730 h × the endpoint's hourly price (0.01 USD → 7.30) — by hand from the snapshot", () => {
    const pes = of("azure-native:network:PrivateEndpoint");
    expect(pes.map((r) => r.name)).toEqual(["net-pe-registry", "net-pe-vault"]);
    for (const pe of pes) expect(pe.monthly).toBeCloseTo(1 * 730 * price("private-endpoint/standard"), 2);
  });

  test("a private DNS zone per zone and month; the pool's agents as VM hours of its SKU × the busy-hours assumption", () => {
    expect(of("azure-native:privatedns:PrivateZone")[0].monthly).toBeCloseTo(1 * price("private-dns/zone"), 2);
    const pool = of("azure-native:devopsinfrastructure:Pool")[0];
    expect(pool.lines.map((l) => l.meter)).toEqual(["virtual-machine/linux/Standard_D2ads_v5/westeurope"]);
    // 4 agents (maximumConcurrency) × 100 busy hours (costPoolBusyHoursPerAgentPerMonth default) × the D2ads v5 hour
    expect(pool.monthly).toBeCloseTo(4 * 100 * price("virtual-machine/linux/Standard_D2ads_v5/westeurope"), 2);
    expect(cost.assumptions.costPoolBusyHoursPerAgentPerMonth).toBe(100);
  });

  test("VNet, subnet, NSG, DNS zone group, VNet link, dev center and project are free, each with its reason", () => {
    for (const type of [
      "azure-native:network:VirtualNetwork", "azure-native:network:Subnet", "azure-native:network:NetworkSecurityGroup",
      "azure-native:network:PrivateDnsZoneGroup", "azure-native:privatedns:VirtualNetworkLink", "azure-native:devcenter:DevCenter", "azure-native:devcenter:Project",
    ]) {
      const found = of(type);
      expect(found.length).toBeGreaterThan(0);
      for (const r of found) expect({ type, status: r.status, reason: (r.reason ?? "").length > 10 }).toEqual({ type, status: "free", reason: true });
    }
    expect(cost.notPriced).toBe(0);
  });
});

describe("never a silent zero", () => {
  let base: StackPlan;
  beforeAll(async () => {
    base = await planStack(REPO_ROOT, "qa");
  });

  test("a type outside the pricing table is listed as not priced, named, and left out of the total", async () => {
    const rec = await recordResources(() => {
      const storage = require("@pulumi/azure-native/storage") as typeof import("@pulumi/azure-native/storage");
      new storage.StorageAccount("logs-archive", { resourceGroupName: "rg", kind: "StorageV2", sku: { name: "Standard_LRS" } });
    });
    const cost = estimateStack({ ...base, resources: rec.resources }, snapshot);
    expect(cost.resources).toHaveLength(1);
    expect(cost.resources[0]).toMatchObject({ name: "logs-archive", status: "not-priced", monthly: null, reason: "no entry for azure-native:storage:StorageAccount in the pricing table (tools/cost/pricing-table.ts)" });
    expect(cost.notPriced).toBe(1);
    expect(cost.total).toBe(0);
  });

  test("a meter missing from the snapshot makes the resource not priced, naming the meter and the refresh", () => {
    const { ["app-service-plan/linux/P1v3/westeurope"]: _gone, ...rest } = snapshot.meters;
    const cost = estimateStack(base, { ...snapshot, meters: rest });
    const plan = cost.resources.find((r) => r.type === "azure-native:web:AppServicePlan")!;
    expect(plan.status).toBe("not-priced");
    expect(plan.reason).toBe(`meter app-service-plan/linux/P1v3/westeurope (App Service P1v3 Linux, one instance hour, westeurope) is not in the price snapshot of ${snapshot.date}; run delivery prices --refresh`);
    expect(cost.notPriced).toBe(1);
  });
});

describe("delivery cost --compare qa prod: where qa's bill differs and which deviation causes it", () => {
  let out: { a: { stack: string }; b: { stack: string }; delta: number; differences: { resource: string; type: string; delta: number; reasons: { setting: string; kind: string; allowed?: boolean }[] }[] };
  beforeAll(async () => {
    const res = await runCli(["cost", "--compare", "qa", "prod", "--json"]);
    expect(res.code).toBe(ExitCode.Ok);
    out = JSON.parse(res.stdout);
  });
  const diff = (resource: string) => out.differences.find((d) => d.resource === resource)!;

  test("the App Service plan follows the allowed SKU and instance-count deviations, not the zone redundancy", () => {
    const plan = diff("app/app-plan");
    expect(plan.delta).toBeCloseTo(2 * 730 * price("app-service-plan/linux/P1v3/westeurope") - 3 * 730 * price("app-service-plan/linux/P2v3/westeurope"), 1);
    expect(plan.reasons.map((r) => [r.setting, r.kind, r.allowed]).sort()).toEqual([
      ["appServiceSku", "parity-setting", true],
      ["autoscaleDefault", "parity-setting", true],
      ["autoscaleMinimum", "parity-setting", true],
    ]);
    expect(out.differences[0].resource).toBe("app/app-plan"); // largest first
  });

  test("prod's geo-replica follows registryGeoReplicationLocations; the workspace follows retention and the ingestion assumption", () => {
    expect(diff("registry/registry-replica-northeurope").reasons.map((r) => r.setting)).toEqual(["registryGeoReplicationLocations"]);
    expect(diff("observability/observability-workspace").reasons.map((r) => [r.setting, r.kind])).toEqual([
      ["logRetentionDays", "parity-setting"],
      ["costLogIngestionGbPerMonth", "cost-assumption"],
    ]);
  });

  test("a deviation that is not allowed is called out", async () => {
    const dir = tempProject({ qa: readStackFile("qa").replace("    - appServiceSku            # P1v3 instead of P2v3: load tests scale out instead of up\n", ""), prod: readStackFile("prod") });
    fs.mkdirSync(path.join(dir, "prices"));
    fs.copyFileSync(path.join(REPO_ROOT, SNAPSHOT_PATH), path.join(dir, SNAPSHOT_PATH));
    const res = await runCli(["cost", "--compare", "qa", "prod"], dir);
    expect(res.code).toBe(ExitCode.Ok);
    expect(res.stdout).toContain('appServiceSku "P1v3" vs "P2v3" (NOT an allowed deviation)');
    expect(res.stdout).toContain("1 setting(s) behind a cost difference are NOT allowed deviations (parityAllowedDeviations in Pulumi.qa.yaml).");
  });
});

describe("bad input: one-paragraph errors, exit 2", () => {
  test("no mode, or a malformed snapshot", async () => {
    const none = await runCli(["cost"]);
    expect(none.code).toBe(ExitCode.BadInput);
    expect(none.stderr).toBe("error: delivery cost: expected exactly one of <stack>, --all or --compare <stackA> <stackB>; found none.\n");
    const dir = tempProject({ qa: readStackFile("qa") });
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ ...snapshot, currency: "usd" }));
    const bad = await runCli(["cost", "qa", "--prices", "bad.json"], dir);
    expect(bad.code).toBe(ExitCode.BadInput);
    expect(bad.stderr).toBe(
      "error: bad.json: currency: an ISO currency code such as USD; expected a pinecone-delivery/retail-prices version 1 document (kind, version, date, currency, apiVersion, source, meters).\n",
    );
    const missing = await runCli(["cost", "qa"], dir);
    expect(missing.code).toBe(ExitCode.BadInput);
    expect(missing.stderr).toContain(`error: ${SNAPSHOT_PATH}: cannot read the price snapshot (ENOENT)`);
  });
});
