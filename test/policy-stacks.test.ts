/**
 * The policy rules on the real program: the four stacks pass their mandatory rules, and on the
 * prod stack flipping each secured setting in the recorded resources makes the rule that covers
 * it fail (one table row per setting).
 */
import * as path from "path";
import { parseStackConfig } from "../infra/config";
import { RELEASE_OWNED_FIELDS } from "../infra/guardrails/release-owned";
import { METRIC_ALERTS } from "../infra/platform/alert-table";
import { PolicyEvaluation, PolicyReport, evaluatePolicies, policyEvaluationFromConfig } from "../policy/engine";
import { renderPolicyText } from "../policy/render";
import { RULES } from "../policy/rules";
import { ReleasePathFacts } from "../policy/release-paths/evaluate";
import { planStack, StackPlan } from "../tools/plan/plan";
import { readPipelineRuns } from "../tools/plan/pipeline-runs";
import { RecordedResource } from "../tools/plan/record";
import { loadStack } from "../tools/plan/stack-files";
import { REPO_ROOT } from "./support/harness";
import { reachable, tsFiles } from "./support/imports";

const STACKS = ["dev", "qa", "uat", "prod"] as const;
/** Exemptions are judged on a fixed day so the test does not change with the calendar. */
const TODAY = "2026-06-01";

function evaluationOf(stack: string): PolicyEvaluation {
  const loaded = loadStack(REPO_ROOT, stack);
  const cfg = parseStackConfig({ stackName: stack, project: loaded.project, source: loaded.source, values: loaded.values, secretKeys: loaded.secretKeys });
  return policyEvaluationFromConfig(cfg, TODAY);
}

const plans = new Map<string, readonly RecordedResource[]>();
const fullPlans = new Map<string, StackPlan>();
beforeAll(async () => {
  for (const stack of STACKS) {
    fullPlans.set(stack, await planStack(REPO_ROOT, stack));
    plans.set(stack, fullPlans.get(stack)!.resources);
  }
}, 60_000);

/**
 * Every rule mandatory and no exemption: with the private network in place, every release path of
 * every stack must hold on its own.
 */
function strictOf(stack: string): PolicyEvaluation {
  return { ...evaluationOf(stack), policy: { enforcement: "mandatory", ruleLevels: {}, exemptions: [] } };
}

function summary(report: PolicyReport): string {
  return renderPolicyText(report);
}

describe("the four real stacks", () => {
  test.each(STACKS)("%s passes its mandatory rules", (stack) => {
    const report = evaluatePolicies(plans.get(stack)!, evaluationOf(stack));
    expect({ stack, mandatory: report.violations.filter((v) => v.level === "mandatory").map((v) => v.message) }).toEqual({ stack, mandatory: [] });
    expect(report.summary.passed).toBe(true);
  });

  test.each(STACKS)("%s has no finding even with every rule mandatory, and nothing left unverified", (stack) => {
    const report = evaluatePolicies(plans.get(stack)!, strictOf(stack));
    expect({ stack, violations: report.violations.map((v) => v.message), unverified: report.unverified.map((v) => v.message) }).toEqual({ stack, violations: [], unverified: [] });
  });

  test("prod runs the production rules as mandatory; dev's are advisory", () => {
    const prod = evaluationOf("prod");
    expect(prod.tier).toBe("production");
    expect(evaluatePolicies(plans.get("prod")!, prod).rules.every((r) => r.level === "mandatory")).toBe(true);
    // Release paths are mandatory everywhere: a broken one stops deliveries to dev as much as to prod.
    const dev = evaluatePolicies(plans.get("dev")!, evaluationOf("dev")).rules;
    expect(dev.filter((r) => !r.id.startsWith("release-path")).every((r) => r.level === "advisory")).toBe(true);
    expect(dev.filter((r) => r.id.startsWith("release-path")).map((r) => r.level)).toEqual(["mandatory", "mandatory", "mandatory"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Mutation check on prod

type Res = RecordedResource & { inputs: Record<string, any>; protect: boolean; ignoreChanges: string[] };

/** A deep copy the mutations may change freely. */
function copy(resources: readonly RecordedResource[]): Res[] {
  return JSON.parse(JSON.stringify(resources)) as Res[];
}

function all(rs: Res[], type: string): Res[] {
  const found = rs.filter((r) => r.type === `azure-native:${type}`);
  if (found.length === 0) throw new Error(`prod declares no ${type}`);
  return found;
}

interface Mutation {
  readonly setting: string;
  readonly rule: string;
  readonly mutate: (rs: Res[]) => Res[] | void;
  /** Stack whose plan is mutated. Default: prod. */
  readonly stack?: (typeof STACKS)[number];
  /** Judge with the pipelines' YAML too (release-path-pipelines). Default: false. */
  readonly withPipelines?: boolean;
}

const each = (rs: Res[], type: string, f: (r: Res) => void) => all(rs, type).forEach(f);
const first = (rs: Res[], type: string) => all(rs, type)[0];
const without = (rs: Res[], pred: (r: Res) => boolean) => {
  const kept = rs.filter((r) => !pred(r));
  if (kept.length === rs.length) throw new Error("mutation removed nothing");
  return kept;
};
const SITES = ["web:WebApp", "web:WebAppSlot"] as const;

const MUTATIONS: readonly Mutation[] = [
  { setting: "deploy identity's RBAC Administrator", rule: "release-path-access", mutate: (rs) => without(rs, (r) => r.name === "delivery-environment-rg-rbac-admin") },
  { setting: "next stage's import grant", rule: "release-path-access", stack: "uat", mutate: (rs) => without(rs, (r) => r.name === "delivery-environment-acr-import-next") },
  { setting: "dev vault firewall Deny (no private path)", rule: "release-path-network", stack: "dev", mutate: (rs) => each(rs, "keyvault:Vault", (r) => void (r.inputs.properties.networkAcls.defaultAction = "Deny")) },
  { setting: "branch control on the deploy connection", rule: "release-path-pipelines", withPipelines: true, mutate: (rs) => without(rs, (r) => r.name === "delivery-environment-service-connection-branch-control") },
  { setting: "pipeline authorisations", rule: "release-path-pipelines", withPipelines: true, mutate: (rs) => without(rs, (r) => r.type === "azuredevops:index/pipelineAuthorization:PipelineAuthorization") },
  ...SITES.flatMap((site): Mutation[] => [
    { setting: `${site} httpsOnly`, rule: "app-https-only", mutate: (rs) => each(rs, site, (r) => void (r.inputs.httpsOnly = false)) },
    { setting: `${site} siteConfig.minTlsVersion`, rule: "app-min-tls-1-2", mutate: (rs) => each(rs, site, (r) => void (r.inputs.siteConfig.minTlsVersion = "1.0")) },
    { setting: `${site} siteConfig.scmMinTlsVersion`, rule: "app-min-tls-1-2", mutate: (rs) => each(rs, site, (r) => void (r.inputs.siteConfig.scmMinTlsVersion = "1.1")) },
    { setting: `${site} siteConfig.ftpsState`, rule: "app-ftps-disabled", mutate: (rs) => each(rs, site, (r) => void (r.inputs.siteConfig.ftpsState = "AllAllowed")) },
    { setting: `${site} siteConfig.acrUseManagedIdentityCreds`, rule: "app-acr-pull-managed-identity", mutate: (rs) => each(rs, site, (r) => void (r.inputs.siteConfig.acrUseManagedIdentityCreds = false)) },
    { setting: `${site} siteConfig.acrUserManagedIdentityID`, rule: "app-acr-pull-managed-identity", mutate: (rs) => each(rs, site, (r) => void delete r.inputs.siteConfig.acrUserManagedIdentityID) },
    {
      setting: `${site} Key Vault references`,
      rule: "app-secrets-from-key-vault",
      mutate: (rs) =>
        each(rs, site, (r) => {
          const kv = (r.inputs.siteConfig.appSettings as { name: string; value: string }[]).filter((s) => s.value.startsWith("@Microsoft.KeyVault("));
          if (kv.length === 0) throw new Error("no Key Vault reference to flip");
          for (const s of kv) s.value = "literal-value";
        }),
    },
    { setting: `${site} siteConfig.healthCheckPath`, rule: "app-health-check", mutate: (rs) => each(rs, site, (r) => void delete r.inputs.siteConfig.healthCheckPath) },
    { setting: `${site} clientAffinityEnabled`, rule: "app-arr-affinity-off", mutate: (rs) => each(rs, site, (r) => void (r.inputs.clientAffinityEnabled = true)) },
    ...RELEASE_OWNED_FIELDS.filter((f) => f.resourceTypes.includes(`azure-native:${site}`)).map((f): Mutation => ({
      setting: `${site} ignoreChanges ${f.path}`,
      rule: "app-release-fields-ignored",
      mutate: (rs) => each(rs, site, (r) => void (r.ignoreChanges = r.ignoreChanges.filter((p) => p !== f.path))),
    })),
  ]),
  ...(["web:WebAppFtpAllowed", "web:WebAppScmAllowed", "web:WebAppFtpAllowedSlot", "web:WebAppScmAllowedSlot"] as const).flatMap((t): Mutation[] => [
    { setting: `${t} allow`, rule: "app-basic-auth-disabled", mutate: (rs) => each(rs, t, (r) => void (r.inputs.allow = true)) },
    { setting: `${t} present`, rule: "app-basic-auth-disabled", mutate: (rs) => without(rs, (r) => r.type === `azure-native:${t}`) },
  ]),
  { setting: "staging slot present", rule: "app-staging-slot", mutate: (rs) => without(rs, (r) => r.type === "azure-native:web:WebAppSlot") },
  { setting: "availability test on the production slot", rule: "app-availability-tests", mutate: (rs) => without(rs, (r) => r.type === "azure-native:applicationinsights:WebTest" && !/-staging\./.test(String(r.inputs.request?.requestUrl))) },
  { setting: "availability test on the staging slot", rule: "app-availability-tests", mutate: (rs) => without(rs, (r) => r.type === "azure-native:applicationinsights:WebTest" && /-staging\./.test(String(r.inputs.request?.requestUrl))) },
  { setting: "standard (not ping) availability tests", rule: "app-availability-tests", mutate: (rs) => each(rs, "applicationinsights:WebTest", (r) => void (r.inputs.webTestKind = "ping")) },
  ...["Http5xx", "HttpResponseTime", "HealthCheckStatus", "CpuPercentage", "MemoryPercentage", "HttpQueueLength", "Availability"].map((metric): Mutation => ({
    setting: `metric alert ${metric}`,
    rule: "app-alert-set",
    mutate: (rs) => without(rs, (r) => r.type === "azure-native:monitor:MetricAlert" && JSON.stringify(r.inputs.criteria?.allOf ?? []).includes(`"metricName":"${metric}"`)),
  })),
  { setting: "metric alerts enabled", rule: "app-alert-set", mutate: (rs) => each(rs, "monitor:MetricAlert", (r) => void (r.inputs.enabled = false)) },
  { setting: "registry adminUserEnabled", rule: "acr-admin-user-disabled", mutate: (rs) => each(rs, "containerregistry:Registry", (r) => void (r.inputs.adminUserEnabled = true)) },
  { setting: "registry anonymousPullEnabled", rule: "acr-anonymous-pull-disabled", mutate: (rs) => each(rs, "containerregistry:Registry", (r) => void (r.inputs.anonymousPullEnabled = true)) },
  { setting: "registry zoneRedundancy", rule: "production-zone-redundant", mutate: (rs) => each(rs, "containerregistry:Registry", (r) => void (r.inputs.zoneRedundancy = "Disabled")) },
  { setting: "vault enableRbacAuthorization", rule: "kv-rbac-authorization", mutate: (rs) => each(rs, "keyvault:Vault", (r) => void (r.inputs.properties.enableRbacAuthorization = false)) },
  { setting: "vault enableSoftDelete", rule: "kv-soft-delete", mutate: (rs) => each(rs, "keyvault:Vault", (r) => void (r.inputs.properties.enableSoftDelete = false)) },
  { setting: "vault softDeleteRetentionInDays", rule: "kv-soft-delete", mutate: (rs) => each(rs, "keyvault:Vault", (r) => void (r.inputs.properties.softDeleteRetentionInDays = 3)) },
  { setting: "vault enablePurgeProtection", rule: "kv-purge-protection", mutate: (rs) => each(rs, "keyvault:Vault", (r) => void delete r.inputs.properties.enablePurgeProtection) },
  { setting: "App Insights workspaceResourceId", rule: "appinsights-workspace-based", mutate: (rs) => each(rs, "applicationinsights:Component", (r) => void delete r.inputs.workspaceResourceId) },
  { setting: "App Insights ingestionMode", rule: "appinsights-workspace-based", mutate: (rs) => each(rs, "applicationinsights:Component", (r) => void (r.inputs.ingestionMode = "ApplicationInsights")) },
  { setting: "role assignment principalType", rule: "role-assignment-service-principal", mutate: (rs) => void (first(rs, "authorization:RoleAssignment").inputs.principalType = "User") },
  { setting: "plan zoneRedundant", rule: "production-zone-redundant", mutate: (rs) => each(rs, "web:AppServicePlan", (r) => void (r.inputs.zoneRedundant = false)) },
  { setting: "plan sku.capacity", rule: "production-min-instances", mutate: (rs) => each(rs, "web:AppServicePlan", (r) => void (r.inputs.sku.capacity = 2)) },
  { setting: "autoscale minimum", rule: "production-min-instances", mutate: (rs) => each(rs, "monitor:AutoscaleSetting", (r) => void ((r.inputs.profiles as { capacity: { minimum: string } }[]).forEach((p) => (p.capacity.minimum = "2")))) },
  ...(["containerregistry:Registry", "keyvault:Vault", "operationalinsights:Workspace", "applicationinsights:Component"] as const).flatMap((t): Mutation[] => [
    { setting: `${t} protect`, rule: "stateful-protect-and-lock", mutate: (rs) => each(rs, t, (r) => void (r.protect = false)) },
    {
      setting: `${t} CanNotDelete lock`,
      rule: "stateful-protect-and-lock",
      mutate: (rs) => {
        const targets = all(rs, t);
        const name = (r: Res) => String(r.inputs.registryName ?? r.inputs.vaultName ?? r.inputs.workspaceName ?? r.inputs.resourceName);
        return without(rs, (r) => r.type === "azure-native:authorization:ManagementLockByScope" && targets.some((x) => String(r.inputs.scope).endsWith(`/${name(x)}`)));
      },
    },
  ]),
  ...["web:WebApp", "web:WebAppSlot", "web:AppServicePlan", "containerregistry:Registry", "keyvault:Vault", "operationalinsights:Workspace", "applicationinsights:Component", "monitor:AutoscaleSetting"].map(
    (t): Mutation => ({
      setting: `diagnostic setting of ${t}`,
      rule: "diagnostic-settings",
      mutate: (rs) => without(rs, (r) => r.type === "azure-native:monitor:DiagnosticSetting" && String(r.inputs.resourceUri).includes(`/Mock.${t.split(":")[0]}/${t.split(":")[1]}/`)),
    }),
  ),
];

/** The private network path of the real prod plan, removed one piece at a time (and all at once). */
const NETWORK_TYPES = ["network:", "privatedns:", "devopsinfrastructure:", "devcenter:"];
const isNetwork = (r: Res) => NETWORK_TYPES.some((t) => r.type.startsWith(`azure-native:${t}`));
const NETWORK_MUTATIONS: readonly (Mutation & { readonly names: string; readonly fix: string })[] = [
  { setting: "the registry's private endpoint", rule: "private-access-has-endpoint", names: "registry (azure-native:containerregistry:Registry)", fix: "add privateEndpoint(", mutate: (rs) => without(rs, (r) => r.name === "registry-private-endpoint") },
  { setting: "the vault's private endpoint", rule: "private-access-has-endpoint", names: "vault (azure-native:keyvault:Vault)", fix: "add privateEndpoint(", mutate: (rs) => without(rs, (r) => r.name === "vault-private-endpoint") },
  { setting: "the registry endpoint's DNS zone group", rule: "private-access-has-endpoint", names: "registry (azure-native:containerregistry:Registry)", fix: "add a PrivateDnsZoneGroup", mutate: (rs) => without(rs, (r) => r.name === "registry-private-dns") },
  { setting: "the vault zone's VNet link", rule: "private-access-has-endpoint", names: "vault (azure-native:keyvault:Vault)", fix: "add a privatedns.VirtualNetworkLink", mutate: (rs) => without(rs, (r) => r.name === "network-dns-vault-link") },
  { setting: "virtualNetworkSubnetId on the slot", rule: "app-pull-over-vnet", names: "app-staging-slot (azure-native:web:WebAppSlot)", fix: "integrate it with the app subnet", mutate: (rs) => void delete all(rs, "web:WebAppSlot")[0].inputs.virtualNetworkSubnetId },
  { setting: "image pull over the VNet on the app", rule: "app-pull-over-vnet", names: "app-app (azure-native:web:WebApp)", fix: "set outboundVnetRouting: { applicationTraffic: true, imagePullTraffic: true }", mutate: (rs) => void (all(rs, "web:WebApp")[0].inputs.outboundVnetRouting = { applicationTraffic: true }) },
  { setting: "the Managed DevOps Pool", rule: "private-stack-own-agents", names: "(stack)", fix: "declare it (AgentPool", mutate: (rs) => without(rs, (r) => r.type === "azure-native:devopsinfrastructure:Pool") },
];

describe("the private network path of the real prod plan", () => {
  const strict = () => ({ ...evaluationOf("prod"), policy: { enforcement: "mandatory" as const, ruleLevels: {}, exemptions: [] } });
  const mandatory = (rs: readonly RecordedResource[], rule: string) => evaluatePolicies(rs, strict()).violations.filter((v) => v.ruleId === rule && v.level === "mandatory");

  test("prod's facts: private, its pipelines on its own pool", () => {
    expect(evaluationOf("prod")).toMatchObject({ privateNetwork: true, pipelineAgentPool: "mdp-pcpro-prod-p2w6" });
    expect(evaluationOf("dev")).toMatchObject({ privateNetwork: false, pipelineAgentPool: "" });
  });

  test("today's prod config minus the network (no VNet resources, no integration) fails all three network rules", () => {
    const rs = without(copy(plans.get("prod")!), isNetwork);
    for (const site of [...all(rs, "web:WebApp"), ...all(rs, "web:WebAppSlot")]) {
      delete site.inputs.virtualNetworkSubnetId;
      delete site.inputs.outboundVnetRouting;
    }
    const failed = new Set(evaluatePolicies(rs, strict()).violations.filter((v) => v.level === "mandatory").map((v) => v.ruleId));
    expect([...failed].filter((id) => ["private-access-has-endpoint", "app-pull-over-vnet", "private-stack-own-agents"].includes(id)).sort()).toEqual(
      ["app-pull-over-vnet", "private-access-has-endpoint", "private-stack-own-agents"],
    );
  });

  test("with the network the three rules pass", () => {
    for (const rule of ["private-access-has-endpoint", "app-pull-over-vnet", "private-stack-own-agents"]) expect(mandatory(plans.get("prod")!, rule)).toEqual([]);
  });

  test.each(NETWORK_MUTATIONS.map((m) => [m.setting, m.rule, m] as const))("removing %s fails %s, naming the resource and the fix", (_s, rule, m) => {
    const rs = copy(plans.get("prod")!);
    const found = mandatory(m.mutate(rs) ?? rs, rule);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((v) => v.message).join("\n")).toContain(m.names);
    expect(found.map((v) => v.message).join("\n")).toContain(m.fix);
  });
});

describe("mutation check on the recorded prod stack", () => {
  const MUTATIONS_AND_NETWORK = [...MUTATIONS, ...NETWORK_MUTATIONS];
  const strict = (m: Mutation): PolicyEvaluation => {
    const stack = m.stack ?? "prod";
    const e = strictOf(stack);
    if (!m.withPipelines) return e;
    const plan = fullPlans.get(stack)!;
    const facts: ReleasePathFacts = { ...e.releasePaths, pipelines: readPipelineRuns(REPO_ROOT, plan.outputs, "pinecone-delivery") };
    return { ...e, releasePaths: facts };
  };

  test("every rule is covered by at least one mutation", () => {
    expect(RULES.map((r) => r.id).filter((id) => !MUTATIONS_AND_NETWORK.some((m) => m.rule === id))).toEqual([]);
  });

  test.each(MUTATIONS.map((m) => [m.setting, m.rule, m] as const))("flipping %s makes %s fail", (_setting, rule, m) => {
    const stack = m.stack ?? "prod";
    const before = evaluatePolicies(plans.get(stack)!, strict(m));
    expect(before.violations.filter((v) => v.ruleId === rule)).toEqual([]);
    const rs = copy(plans.get(stack)!);
    const mutated = m.mutate(rs) ?? rs;
    const after = evaluatePolicies(mutated, strict(m));
    const mine = after.violations.filter((v) => v.ruleId === rule);
    expect(mine.length).toBeGreaterThan(0);
    expect(after.summary.passed).toBe(false);
    // Plain literal values of secret-looking settings never reach the messages.
    expect(summary(after)).not.toContain("literal-value");
  });
});

// ---------------------------------------------------------------------------------------------
// The rules state their requirements themselves: shrinking the program's own table must make the
// rule fail on the real prod plan, not shrink the rule with it.

describe("a rule does not check the program against the program's own table", () => {
  const strict = () => ({ ...evaluationOf("prod"), policy: { enforcement: "mandatory" as const, ruleLevels: {}, exemptions: [] } });

  /** Removes one row from a table of the program for the duration of `body`, then puts it back. */
  async function withoutRow<T>(table: readonly T[], index: number, body: () => Promise<void>): Promise<void> {
    const rows = table as T[];
    const [removed] = rows.splice(index, 1);
    try {
      await body();
    } finally {
      rows.splice(index, 0, removed);
    }
  }

  test.each(METRIC_ALERTS.map((row, i) => [row.key, row.metricName, i] as const))(
    "dropping the %s row (%s) from infra/platform/alert-table.ts makes app-alert-set fail on prod",
    async (_key, metric, index) => {
      await withoutRow(METRIC_ALERTS, index, async () => {
        const { resources } = await planStack(REPO_ROOT, "prod");
        const alerts = resources.filter((r) => r.type === "azure-native:monitor:MetricAlert");
        expect(alerts.some((a) => JSON.stringify(a.inputs.criteria).includes(`"metricName":"${metric}"`))).toBe(false);
        const mine = evaluatePolicies(resources, strict()).violations.filter((v) => v.ruleId === "app-alert-set");
        expect(mine.map((v) => v.message)).toEqual([expect.stringContaining(`has no enabled metric alert for ${metric} on its`)]);
      });
    },
  );

  test.each(RELEASE_OWNED_FIELDS.map((f, i) => [f.path, i] as const))(
    "dropping %s from infra/guardrails/release-owned.ts makes app-release-fields-ignored fail on prod",
    async (p, index) => {
      await withoutRow(RELEASE_OWNED_FIELDS, index, async () => {
        const { resources } = await planStack(REPO_ROOT, "prod");
        const mine = evaluatePolicies(resources, strict()).violations.filter((v) => v.ruleId === "app-release-fields-ignored");
        expect(mine.length).toBeGreaterThan(0);
        expect(mine.every((v) => v.message.includes(`add "${p}"`))).toBe(true);
      });
    },
  );

  test("no policy rule imports the program (infra/), not even through policy/model.ts", () => {
    const rules = tsFiles(path.join(REPO_ROOT, "policy/rules"));
    expect(rules.length).toBeGreaterThanOrEqual(RULES.length);
    const reached = [...reachable(rules)].map((f) => path.relative(REPO_ROOT, f));
    expect(reached.filter((f) => f.startsWith("infra/"))).toEqual([]);
    expect(reached).toContain("policy/model.ts");
  });

  test("no component imports the stack config: components take their own args types", () => {
    const components = ["infra/platform", "infra/delivery", "infra/guardrails"].flatMap((d) => tsFiles(path.join(REPO_ROOT, d), true));
    const reached = [...reachable(components)].map((f) => path.relative(REPO_ROOT, f));
    expect(reached.filter((f) => f === "infra/config.ts" || f.startsWith("infra/stack-config/"))).toEqual([]);
    expect(reached).toContain("infra/azure-catalog.ts");
  });
});
