import { ExitCode } from "../tools/exit-codes";
import { planStack, StackPlan } from "../tools/plan/plan";
import { RecordedResource } from "../tools/plan/record";
import { METRIC_ALERTS } from "../infra/platform/alert-table";
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
  "azure-native:resources:ResourceGroup": 1,
  "pinecone:platform:AppIdentities": 1,
  "azure-native:managedidentity:UserAssignedIdentity": 4, // production, staging, pipeline (deploy), preview
  "pinecone:platform:Observability": 1,
  "azure-native:operationalinsights:Workspace": 1,
  "azure-native:applicationinsights:Component": 1,
  "azure-native:applicationinsights:Workbook": 1,
  "azure-native:monitor:ActionGroup": 2, // notifications, rollback webhook
  "pinecone:platform:ChatRelay": 1, // alerts → Teams/Slack through a Logic App
  "azure-native:logic:Workflow": 1,
  "pinecone:platform:Registry": 1,
  "azure-native:containerregistry:Registry": 1,
  "pinecone:platform:Vault": 1,
  "azure-native:keyvault:Vault": 1,
  "azure-native:keyvault:Secret": 3,
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
  // registry, vault, workspace, App Insights, plan, app, slot, autoscale, chat relay
  "azure-native:monitor:DiagnosticSetting": 9,
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
  "azuredevops:index/checkExclusiveLock:CheckExclusiveLock": 2, // the environment's; the slot-swap lock on the secrets group
  "azuredevops:index/variableGroup:VariableGroup": 2,
  // 15 for this repository's pipelines + 4 for the application pipeline (devopsApplicationPipelines)
  "azuredevops:index/pipelineAuthorization:PipelineAuthorization": 19,
};

/** privateNetwork: true (qa, uat, prod): the Network component, two private endpoints, the agent pool. */
const PRIVATE_NETWORK: Record<string, number> = {
  "pinecone:platform:Network": 1,
  "azure-native:network:VirtualNetwork": 1,
  "azure-native:network:Subnet": 3, // app integration, private endpoints, deployment agents
  "azure-native:network:NetworkSecurityGroup": 3, // one per subnet
  "azure-native:privatedns:PrivateZone": 2, // privatelink.azurecr.io, privatelink.vaultcore.azure.net
  "azure-native:privatedns:VirtualNetworkLink": 2,
  "azure-native:network:PrivateEndpoint": 2, // registry, vault
  "azure-native:network:PrivateDnsZoneGroup": 2,
  "pinecone:delivery:AgentPool": 1,
  "azure-native:devcenter:DevCenter": 1,
  "azure-native:devcenter:Project": 1,
  "azure-native:devopsinfrastructure:Pool": 1,
  // the base 9 + VNet and 3 NSGs
  "azure-native:monitor:DiagnosticSetting": 13,
  // the bootstrap image is imported from the promotion source (registryPromotionSource), not pushed
  "pinecone:platform:ImportedBootstrapImage": 1,
  "command:local:Command": 1,
};

/** What differs, and the config that makes it differ. */
const BY_STACK: Record<(typeof STACKS)[number], Record<string, number>> = {
  // ownsSharedDevOpsObjects: true (+ the application pipeline's repository authorisation),
  // registryPromotionTarget: qa (+1 import grant), imageSigningCertificate (+3 vault grants)
  // privateNetwork: false: the bootstrap image is built and pushed (docker provider and image)
  dev: {
    "pinecone:platform:BootstrapImage": 1,
    "pulumi:providers:docker": 1,
    "docker:index/image:Image": 1,
    "azure-native:authorization:RoleAssignment": 18,
    "azuredevops:index/pipelineAuthorization:PipelineAuthorization": 20,
    "pinecone:delivery:DeliveryPipelines": 1,
    "azuredevops:index/buildDefinition:BuildDefinition": 6,
    "azuredevops:index/branchPolicyMinReviewers:BranchPolicyMinReviewers": 1,
    "azuredevops:index/branchPolicyBuildValidation:BranchPolicyBuildValidation": 1,
    "azuredevops:index/branchPolicyCommentResolution:BranchPolicyCommentResolution": 1,
    "azuredevops:index/branchPolicyWorkItemLinking:BranchPolicyWorkItemLinking": 1,
  },
  // registryPromotionTarget: uat (+1 import grant)
  qa: { ...PRIVATE_NETWORK, "azure-native:authorization:RoleAssignment": 15 },
  // approvers listed, requireDeliveryTemplate: true
  // registryPromotionTarget: prod (+1 import grant)
  uat: {
    ...PRIVATE_NETWORK,
    "azuredevops:index/checkApproval:CheckApproval": 1,
    "azuredevops:index/checkRequiredTemplate:CheckRequiredTemplate": 1,
    "azure-native:authorization:RoleAssignment": 15,
  },
  // + protectStatefulResources: true (4 locks + VNet and 2 DNS zones; the lock-operator custom role and
  // its grant), registryGeoReplicationLocations: [northeurope]
  prod: {
    ...PRIVATE_NETWORK,
    "azure-native:authorization:RoleAssignment": 15,
    "azure-native:authorization:RoleDefinition": 1,
    "azuredevops:index/checkApproval:CheckApproval": 1,
    "azuredevops:index/checkRequiredTemplate:CheckRequiredTemplate": 1,
    "azure-native:authorization:ManagementLockByScope": 7,
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

describe("chat alerts reach Teams/Slack through the relay, never as the raw alert schema", () => {
  const URL_CANARY = "https://pinecone.webhook.office.com/webhookb2/canary-relay-6c1d";

  test.each(STACKS)("%s: the chat action group calls the relay's trigger on the common schema; no receiver posts to the webhook", async (stack) => {
    const r = await runCli(["plan", stack, "--json", "--set-secret", `alertWebhookUrl=${URL_CANARY}`]);
    expect(r.code).toBe(ExitCode.Ok);
    const plan = JSON.parse(r.stdout).plans[0];
    type Res = { type: string; name: string; inputs: Record<string, any>; secretInputs: string[] };
    const workflow = (plan.resources as Res[]).filter((x) => x.type === "azure-native:logic:Workflow");
    expect(workflow.map((w) => [w.name, w.inputs.workflowName, w.inputs.definition.parameters])).toEqual([
      ["observability-chat-relay-workflow", `logic-pcpro-${stack}-chat`, { webhookUrl: { type: "SecureString" } }],
    ]);
    expect(workflow[0].secretInputs).toContain("parameters");
    const chat = (plan.resources as Res[]).find((x) => x.type === "azure-native:monitor:ActionGroup" && x.name === "observability-action-group")!;
    expect(chat.inputs.webhookReceivers).toBeUndefined();
    expect(chat.inputs.logicAppReceivers).toBe("[secret]");
    expect(chat.secretInputs).toContain("logicAppReceivers");
    // Under the mask, the receivers read the relay workflow's outputs (its id and trigger URL) and no other resource's.
    const recorded = ofType(stack, "azure-native:monitor:ActionGroup").find((x) => x.name === "observability-action-group")!;
    const relayWorkflow = ofType(stack, "azure-native:logic:Workflow")[0];
    expect(recorded.secretPaths).toEqual(["logicAppReceivers"]);
    const group = ofType(stack, "azure-native:resources:ResourceGroup")[0];
    expect([...(recorded.references.logicAppReceivers ?? [])].sort()).toEqual([group.urn, relayWorkflow.urn].sort()); // the group: the trigger-URL lookup's scope
    expect(recorded.references.webhookReceivers).toBeUndefined();
    // Plan text and JSON never show the URL, the placeholder of the secure value, or the trigger's signature.
    const text = await runCli(["plan", stack, "--set-secret", `alertWebhookUrl=${URL_CANARY}`]);
    for (const out of [r.stdout, text.stdout, r.stderr, text.stderr]) {
      expect(out).not.toContain("canary-relay-6c1d");
      expect(out).not.toContain("mock-signature-");
    }
  });
});

test("delivery plan prod shows the whole platform grouped by component", async () => {
  const r = await runCli(["plan", "prod"]);
  // Components register asynchronously, so their order may vary; each is a direct child of the stack.
  const components = r.stdout.split("\n").flatMap((l) => /^[├└]─ (pinecone:\S+)  (\S+)/.exec(l)?.slice(1, 3).join(" ") ?? []);
  expect(components.sort()).toEqual([
    "pinecone:delivery:AgentPool agent-pool",
    "pinecone:delivery:DeliveryEnvironment delivery-environment",
    "pinecone:platform:AlertRules alerts",
    "pinecone:platform:AppHosting app",
    "pinecone:platform:AppIdentities app-identities",
    "pinecone:platform:ImportedBootstrapImage bootstrap-image",
    "pinecone:platform:Network network",
    "pinecone:platform:Observability observability",
    "pinecone:platform:Registry registry",
    "pinecone:platform:Vault vault",
  ]);
  expect(r.stdout).toMatch(/\n│  ├─ azure-native:web:WebAppSlot  app-staging-slot  \[ignoreChanges: siteConfig.linuxFxVersion;/);
});

describe("prod's private network path, wired through the plan of Pulumi.prod.yaml", () => {
  const one = (type: string, name: string) => {
    const found = ofType("prod", type).filter((r) => r.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const subnetId = (name: string) => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-pcpro-prod/providers/Mock.network/Subnet/${name}`;

  test("the VNet and its three subnets, delegated as App Service and Managed DevOps Pools require", () => {
    expect(one("azure-native:network:VirtualNetwork", "network-vnet").inputs).toMatchObject({ virtualNetworkName: "vnet-pcpro-prod", addressSpace: { addressPrefixes: ["10.60.0.0/22"] } });
    expect(one("azure-native:network:VirtualNetwork", "network-vnet").protect).toBe(true);
    const subnets = Object.fromEntries(ofType("prod", "azure-native:network:Subnet").map((s) => [s.inputs.subnetName, s.inputs]));
    expect(subnets["snet-app-integration"]).toMatchObject({ addressPrefix: "10.60.0.0/26", virtualNetworkName: "vnet-pcpro-prod", delegations: [{ serviceName: "Microsoft.Web/serverFarms" }] });
    expect(subnets["snet-deployment-agents"]).toMatchObject({ addressPrefix: "10.60.0.128/27", delegations: [{ serviceName: "Microsoft.DevOpsInfrastructure/pools" }] });
    expect(subnets["snet-private-endpoints"]).toMatchObject({ addressPrefix: "10.60.0.64/27", delegations: [], privateEndpointNetworkPolicies: "NetworkSecurityGroupEnabled" });
  });

  test.each([
    ["registry", "Mock.containerregistry/Registry/acrpcproprodp2w6", "privatelink.azurecr.io"],
    ["vault", "Mock.keyvault/Vault/kv-pcpro-prod-p2w6", "privatelink.vaultcore.azure.net"],
  ])("the %s's private endpoint, its zone group and the zone's VNet link", (key, target, zone) => {
    const pe = one("azure-native:network:PrivateEndpoint", `${key}-private-endpoint`);
    // (The SDK adds its SubnetArgs defaults next to the id; ARM reads only the id of a referenced subnet.)
    expect(pe.inputs.subnet).toMatchObject({ id: subnetId("snet-private-endpoints") });
    expect(pe.inputs.privateLinkServiceConnections).toEqual([
      expect.objectContaining({ groupIds: [key], privateLinkServiceId: expect.stringMatching(new RegExp(`/${target}$`)) }),
    ]);
    const group = one("azure-native:network:PrivateDnsZoneGroup", `${key}-private-dns`);
    expect(group.inputs.privateEndpointName).toBe(pe.inputs.privateEndpointName);
    expect(group.inputs.privateDnsZoneConfigs).toEqual([{ name: key, privateDnsZoneId: expect.stringMatching(new RegExp(`/PrivateZone/${zone.replace(/\./g, "\\.")}$`)) }]);
    const link = one("azure-native:privatedns:VirtualNetworkLink", `network-dns-${key}-link`);
    expect(link.inputs).toMatchObject({ privateZoneName: zone, registrationEnabled: false, location: "global", virtualNetwork: { id: expect.stringMatching(/\/VirtualNetwork\/vnet-pcpro-prod$/) } });
    const zoneResource = one("azure-native:privatedns:PrivateZone", `network-dns-${key}`);
    expect(zoneResource.protect).toBe(true);
  });

  test("registry public access is off (Premium); the vault denies by default", () => {
    expect(one("azure-native:containerregistry:Registry", "registry").inputs).toMatchObject({ publicNetworkAccess: "Disabled", sku: { name: "Premium" } });
    expect(one("azure-native:keyvault:Vault", "vault").inputs.properties).toMatchObject({ networkAcls: { defaultAction: "Deny", ipRules: [] } });
  });

  test("the app AND the staging slot are integrated with the app subnet, application traffic and image pull over the VNet", () => {
    for (const [type, name] of [["azure-native:web:WebApp", "app-app"], ["azure-native:web:WebAppSlot", "app-staging-slot"]]) {
      const site = one(type, name);
      expect(site.inputs.virtualNetworkSubnetId).toBe(subnetId("snet-app-integration"));
      expect(site.inputs.outboundVnetRouting).toEqual({ applicationTraffic: true, imagePullTraffic: true });
      expect(at(site, "siteConfig.vnetRouteAllEnabled")).toBeUndefined();
    }
  });

  test("the Managed DevOps Pool runs stateless ubuntu-24.04 agents in the agent subnet, for the project only", () => {
    const pool = one("azure-native:devopsinfrastructure:Pool", "agent-pool-pool");
    expect(pool.inputs).toMatchObject({
      poolName: "mdp-pcpro-prod-p2w6",
      maximumConcurrency: 2,
      agentProfile: { kind: "Stateless" },
      devCenterProjectResourceId: expect.stringMatching(/\/Project\/dcp-pcpro-prod$/),
      fabricProfile: { kind: "Vmss", images: [{ wellKnownImageName: "ubuntu-24.04" }], networkProfile: { subnetId: subnetId("snet-deployment-agents") } },
      organizationProfile: { kind: "AzureDevOps", organizations: [{ url: "https://dev.azure.com/pinecone-software", projects: ["PineCone Pro"], openAccess: false }] },
    });
  });

  test("private stacks keep the secrets group name but no vault link; dev's is vault-linked", () => {
    const group = (stack: string) => ofType(stack, "azuredevops:index/variableGroup:VariableGroup").find((g) => String(g.inputs.name).endsWith("-secrets"));
    expect(group("prod")?.inputs.keyVault).toBeUndefined();
    expect(group("prod")?.inputs.variables).toEqual([expect.objectContaining({ name: "SECRETS_SOURCE" })]);
    expect(group("dev")?.inputs.keyVault).toEqual(expect.objectContaining({ name: "kv-pcpro-dev-k3x9" }));
  });

  test("dev stays public: no network resources at all", () => {
    expect(plans.get("dev")!.resources.filter((r) => /azure-native:(network|privatedns|devopsinfrastructure|devcenter):/.test(r.type))).toEqual([]);
  });
});

describe("ROLLBACK_ALERT_RULES: the release watch and the rollback act on exactly the rules marked triggersRollback", () => {
  test.each(STACKS)("stack %s", (stack) => {
    const group = ofType(stack, "azuredevops:index/variableGroup:VariableGroup").find((g) => g.inputs.name === `pinecone-${stack}-settings`);
    const variables = (group?.inputs.variables ?? []) as { name: string; value: string }[];
    const declared = variables.find((v) => v.name === "ROLLBACK_ALERT_RULES")?.value.split(" ") ?? [];
    const rollbackKeys = new Set(METRIC_ALERTS.filter((row: { triggersRollback: boolean }) => row.triggersRollback).map((row) => row.key));
    const planned = ofType(stack, "azure-native:monitor:MetricAlert")
      .filter((r) => (r.inputs.actions as { webHookProperties?: { alertKey?: string } }[]).some((a) => rollbackKeys.has(a.webHookProperties?.alertKey as never)))
      .map((r) => r.inputs.ruleName as string);
    expect(declared.sort()).toEqual(planned.sort());
    expect(declared.sort()).toEqual([`alert-${stack}-health-check`, `alert-${stack}-http-5xx`]);
  });
});
