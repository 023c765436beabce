import { ExitCode } from "../tools/exit-codes";
import { planStack, StackPlan } from "../tools/plan/plan";
import { RecordedResource } from "../tools/plan/record";
import { REPO_ROOT, runCli } from "./support/harness";

const STACKS = ["dev", "qa", "uat", "prod"] as const;
const plans = new Map<string, StackPlan>();

beforeAll(async () => {
  for (const s of STACKS) plans.set(s, await planStack(REPO_ROOT, s));
});

const ofType = (stack: string, type: string) => (plans.get(stack) as StackPlan).resources.filter((r) => r.type === type);
const counts = (stack: string) => {
  const c: Record<string, number> = {};
  for (const r of (plans.get(stack) as StackPlan).resources) c[r.type] = (c[r.type] ?? 0) + 1;
  return c;
};

/** Every stack declares these, once unless noted. */
const COMMON: Record<string, number> = {
  "pulumi:pulumi:Stack": 1,
  "pulumi:providers:azuredevops": 1,
  "pulumi:providers:docker": 1,
  "azure-native:resources:ResourceGroup": 1,
  "pinecone:platform:AppIdentities": 1,
  "azure-native:managedidentity:UserAssignedIdentity": 4, // production, staging, pipeline (deploy), preview
  "pinecone:platform:Observability": 1,
  "azure-native:operationalinsights:Workspace": 1,
  "azure-native:applicationinsights:Component": 1,
  "azure-native:applicationinsights:Workbook": 1,
  "azure-native:monitor:ActionGroup": 2, // notifications, rollback webhook
  "pinecone:platform:Registry": 1,
  "azure-native:containerregistry:Registry": 1,
  "pinecone:platform:Vault": 1,
  "azure-native:keyvault:Vault": 1,
  "azure-native:keyvault:Secret": 3,
  "pinecone:platform:BootstrapImage": 1,
  "docker:index/image:Image": 1,
  "pinecone:platform:AppHosting": 1,
  "azure-native:web:AppServicePlan": 1,
  "azure-native:monitor:AutoscaleSetting": 1,
  "azure-native:web:WebApp": 1,
  "azure-native:web:WebAppSlot": 1,
  "azure-native:web:WebAppSlotConfigurationNames": 1,
  "azure-native:web:WebAppFtpAllowed": 1,
  "azure-native:web:WebAppScmAllowed": 1,
  "azure-native:web:WebAppFtpAllowedSlot": 1,
  "azure-native:web:WebAppScmAllowedSlot": 1,
  // registry, vault, workspace, App Insights, plan, app, slot, autoscale
  "azure-native:monitor:DiagnosticSetting": 8,
  // 7 app identity grants (AcrPull×2, Secrets User×2, Secrets Officer for the deployer, Metrics Publisher×2)
  // + 6 deploy identity grants (Contributor, constrained RBAC Administrator, AcrPush, Data Importer, Secrets
  // Officer, Metrics Publisher) + the preview identity's Reader
  "azure-native:authorization:RoleAssignment": 14,
  "pinecone:platform:AlertRules": 1,
  "azure-native:monitor:MetricAlert": 9, // the 7-row table + one per availability test
  "azure-native:applicationinsights:WebTest": 2, // production and staging slot
  "azure-native:monitor:ActivityLogAlert": 2, // vault delete, slot swap
  "pinecone:delivery:DeliveryEnvironment": 1,
  "azure-native:managedidentity:FederatedIdentityCredential": 2, // deploy and preview connections
  "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM": 2, // azure-pinecone-<env>, azure-pinecone-<env>-preview
  "azuredevops:index/serviceendpointIncomingwebhook:ServiceendpointIncomingwebhook": 1,
  "azuredevops:index/environment:Environment": 1,
  "azuredevops:index/checkBranchControl:CheckBranchControl": 2, // on the environment and on the deploy connection
  "azuredevops:index/checkBusinessHours:CheckBusinessHours": 1,
  "azuredevops:index/checkExclusiveLock:CheckExclusiveLock": 1,
  "azuredevops:index/variableGroup:VariableGroup": 2,
  // 15 for this repository's pipelines + 4 for the application pipeline (devopsApplicationPipelines)
  "azuredevops:index/pipelineAuthorization:PipelineAuthorization": 19,
};

/** What differs, and the config that makes it differ. */
const BY_STACK: Record<(typeof STACKS)[number], Record<string, number>> = {
  // ownsSharedDevOpsObjects: true (+ the application pipeline's repository authorisation),
  // registryPromotionTarget: qa (+1 import grant), imageSigningCertificate (+3 vault grants)
  dev: {
    "azure-native:authorization:RoleAssignment": 18,
    "azuredevops:index/pipelineAuthorization:PipelineAuthorization": 20,
    "pinecone:delivery:DeliveryPipelines": 1,
    "azuredevops:index/buildDefinition:BuildDefinition": 5,
    "azuredevops:index/branchPolicyMinReviewers:BranchPolicyMinReviewers": 1,
    "azuredevops:index/branchPolicyBuildValidation:BranchPolicyBuildValidation": 1,
    "azuredevops:index/branchPolicyCommentResolution:BranchPolicyCommentResolution": 1,
    "azuredevops:index/branchPolicyWorkItemLinking:BranchPolicyWorkItemLinking": 1,
  },
  // registryPromotionTarget: uat (+1 import grant)
  qa: { "azure-native:authorization:RoleAssignment": 15 },
  // approvers listed, requireDeliveryTemplate: true
  // registryPromotionTarget: prod (+1 import grant)
  uat: {
    "azuredevops:index/checkApproval:CheckApproval": 1,
    "azuredevops:index/checkRequiredTemplate:CheckRequiredTemplate": 1,
    "azure-native:authorization:RoleAssignment": 15,
  },
  // + protectStatefulResources: true (4 locks; the lock-operator custom role and its grant), registryGeoReplicationLocations: [northeurope]
  prod: {
    "azure-native:authorization:RoleAssignment": 15,
    "azure-native:authorization:RoleDefinition": 1,
    "azuredevops:index/checkApproval:CheckApproval": 1,
    "azuredevops:index/checkRequiredTemplate:CheckRequiredTemplate": 1,
    "azure-native:authorization:ManagementLockByScope": 4,
    "azure-native:containerregistry:Replication": 1,
  },
};

describe.each(STACKS)("stack %s", (stack) => {
  test("declares exactly the expected resources per type", () => {
    expect(counts(stack)).toEqual({ ...COMMON, ...BY_STACK[stack] });
  });
});

const STATEFUL: [string, string][] = [
  ["azure-native:containerregistry:Registry", "registry"],
  ["azure-native:keyvault:Vault", "vault"],
  ["azure-native:operationalinsights:Workspace", "observability-workspace"],
  ["azure-native:applicationinsights:Component", "observability-app-insights"],
];

describe("protection of stateful resources follows protectStatefulResources", () => {
  test.each(STATEFUL)("prod: %s is protected and has a protected CanNotDelete lock on its id", (type, name) => {
    const [resource] = ofType("prod", type);
    expect(resource.name).toBe(name);
    expect(resource.protect).toBe(true);
    const locks = ofType("prod", "azure-native:authorization:ManagementLockByScope").filter((l) => l.name === `${name}-lock`);
    expect(locks).toHaveLength(1);
    expect(locks[0].inputs).toMatchObject({ level: "CanNotDelete", lockName: "do-not-delete" });
    expect(String(locks[0].inputs.scope)).toMatch(/\/subscriptions\/.+\/resourceGroups\/rg-pcpro-prod\//);
    expect(locks[0].protect).toBe(true);
  });

  test.each(["dev", "qa", "uat"])("%s: no protect, no locks (protectStatefulResources: false)", (stack) => {
    for (const [type] of STATEFUL) expect(ofType(stack, type)[0].protect).toBe(false);
    expect(ofType(stack, "azure-native:authorization:ManagementLockByScope")).toEqual([]);
  });
});

/** Security settings that must be identical wherever the platform runs. */
const SECURITY: [string, string][] = [
  ["azure-native:web:WebApp", "httpsOnly"],
  ["azure-native:web:WebApp", "clientAffinityEnabled"],
  ["azure-native:web:WebApp", "siteConfig.minTlsVersion"],
  ["azure-native:web:WebApp", "siteConfig.scmMinTlsVersion"],
  ["azure-native:web:WebApp", "siteConfig.ftpsState"],
  ["azure-native:web:WebApp", "siteConfig.alwaysOn"],
  ["azure-native:web:WebApp", "siteConfig.http20Enabled"],
  ["azure-native:web:WebApp", "siteConfig.acrUseManagedIdentityCreds"],
  ["azure-native:web:WebApp", "siteConfig.healthCheckPath"],
  ["azure-native:web:WebAppSlot", "httpsOnly"],
  ["azure-native:web:WebAppSlot", "siteConfig.minTlsVersion"],
  ["azure-native:web:WebAppSlot", "siteConfig.ftpsState"],
  ["azure-native:web:WebAppFtpAllowed", "allow"],
  ["azure-native:web:WebAppScmAllowed", "allow"],
  ["azure-native:web:WebAppFtpAllowedSlot", "allow"],
  ["azure-native:web:WebAppScmAllowedSlot", "allow"],
  ["azure-native:containerregistry:Registry", "adminUserEnabled"],
  ["azure-native:containerregistry:Registry", "anonymousPullEnabled"],
  ["azure-native:keyvault:Vault", "properties.enableRbacAuthorization"],
  ["azure-native:keyvault:Vault", "properties.enableSoftDelete"],
  ["azure-native:keyvault:Vault", "properties.enablePurgeProtection"],
  ["azure-native:applicationinsights:Component", "disableIpMasking"],
];

const at = (r: RecordedResource, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], r.inputs);

describe("parity qa ↔ prod", () => {
  test("the same resource types, except those that follow allowed or per-stack settings", () => {
    const types = (s: string) => new Set((plans.get(s) as StackPlan).resources.map((r) => r.type));
    const onlyProd = [...types("prod")].filter((t) => !types("qa").has(t)).sort();
    const onlyQa = [...types("qa")].filter((t) => !types("prod").has(t));
    expect(onlyQa).toEqual([]);
    expect(onlyProd).toEqual([
      "azure-native:authorization:ManagementLockByScope", // protectStatefulResources (allowed in qa)
      "azure-native:authorization:RoleDefinition", // the lock-operator role follows protectStatefulResources
      "azure-native:containerregistry:Replication", // registryGeoReplicationLocations (allowed in qa)
      "azuredevops:index/checkApproval:CheckApproval", // approvers: release process
      "azuredevops:index/checkRequiredTemplate:CheckRequiredTemplate", // requireDeliveryTemplate: release process
    ]);
  });

  test.each(SECURITY)("%s %s is the same in qa and prod", (type, path) => {
    const qa = at(ofType("qa", type)[0], path);
    expect(qa).toBeDefined();
    expect(at(ofType("prod", type)[0], path)).toEqual(qa);
  });
});

describe("secrets never leave as plain text", () => {
  const CANARIES = {
    erpDatabaseConnectionString: "Server=tcp:canary-db-4f1e;Password=canary-pw-9b2c",
    erpJwtSigningKey: "canary-jwt-key-7d3a",
    alertWebhookUrl: "https://hooks.example.invalid/canary-hook-2e8f",
  };
  const args = Object.entries(CANARIES).flatMap(([k, v]) => ["--set-secret", `${k}=${v}`]);
  const leaks = (text: string) => Object.values(CANARIES).filter((c) => text.includes(c) || text.includes(c.split("/").pop() as string));

  test.each([[["--json"]], [[]]])("plan --all %j: no canary in resources, outputs or text", async (extra) => {
    const r = await runCli(["plan", "--all", ...extra, ...args]);
    expect(r.code).toBe(ExitCode.Ok);
    expect(leaks(r.stdout)).toEqual([]);
    expect(leaks(r.stderr)).toEqual([]);
  });

  test("the vault secrets carry the values as secrets, and no stack output is secret", async () => {
    const r = await runCli(["plan", "prod", "--json", ...args]);
    const plan = JSON.parse(r.stdout).plans[0];
    const secrets = plan.resources.filter((x: { type: string }) => x.type === "azure-native:keyvault:Secret");
    expect(secrets.map((s: { inputs: { secretName: string } }) => s.inputs.secretName).sort()).toEqual(["Auth--JwtSigningKey", "ConnectionStrings--Erp", "Notifications--WebhookUrl"]);
    for (const s of secrets) expect(s.secretInputs).toContain("properties");
    expect(plan.secretOutputs).toEqual([]);
  });
});

test("delivery plan prod shows the whole platform grouped by component", async () => {
  const r = await runCli(["plan", "prod"]);
  // Components register asynchronously, so their order may vary; each is a direct child of the stack.
  const components = r.stdout.split("\n").flatMap((l) => /^[├└]─ (pinecone:\S+)  (\S+)/.exec(l)?.slice(1, 3).join(" ") ?? []);
  expect(components.sort()).toEqual([
    "pinecone:delivery:DeliveryEnvironment delivery-environment",
    "pinecone:platform:AlertRules alerts",
    "pinecone:platform:AppHosting app",
    "pinecone:platform:AppIdentities app-identities",
    "pinecone:platform:BootstrapImage bootstrap-image",
    "pinecone:platform:Observability observability",
    "pinecone:platform:Registry registry",
    "pinecone:platform:Vault vault",
  ]);
  expect(r.stdout).toMatch(/\n│  ├─ azure-native:web:WebAppSlot  app-staging-slot  \[ignoreChanges: siteConfig.linuxFxVersion;/);
});
