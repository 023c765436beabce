/**
 * Policy pack: every rule passes on a compliant stack and fails on one mutation of it (table
 * below, one row per rule at least); the engine's levels and exemptions; the text report; the
 * CrossGuard adapter and its config file. Pure data: no Pulumi program runs here.
 */
import * as fs from "fs";
import * as path from "path";
import type { PolicyExemption, StackConfig } from "../infra/config";
import { buildPolicies, contextFrom, fromStackResource, plainProps, policyPackConfig } from "../policy/crossguard";
import { PolicyEvaluation, evaluatePolicies } from "../policy/engine";
import { PolicyResource, UNKNOWN, idRefersTo, read } from "../policy/model";
import { renderPolicyMarkdown, renderPolicyText } from "../policy/render";
import { RULES } from "../policy/rules";
import { REPO_ROOT } from "./support/harness";

// ---------------------------------------------------------------------------------------------
// A compliant production stack, written by hand with real ARM ids.

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const RG = "rg-pcpro-prod";
const id = (provider: string, name: string) => `${SUB}/resourceGroups/${RG}/providers/${provider}/${name}`;
const IDS = {
  plan: id("Microsoft.Web/serverfarms", "asp-pcpro-prod"),
  app: id("Microsoft.Web/sites", "app-pcpro-prod"),
  slot: id("Microsoft.Web/sites", "app-pcpro-prod/slots/staging"),
  autoscale: id("Microsoft.Insights/autoscalesettings", "asp-pcpro-prod-autoscale"),
  registry: id("Microsoft.ContainerRegistry/registries", "acrpcproprod"),
  vault: id("Microsoft.KeyVault/vaults", "kv-pcpro-prod"),
  workspace: id("Microsoft.OperationalInsights/workspaces", "log-pcpro-prod"),
  component: id("Microsoft.Insights/components", "appi-pcpro-prod"),
  webtestProd: id("Microsoft.Insights/webtests", "avail-prod"),
};

type Mutable = { -readonly [K in keyof PolicyResource]: PolicyResource[K] } & { inputs: Record<string, any> };

function res(type: string, name: string, inputs: Record<string, unknown>, opts: Partial<Mutable> = {}): Mutable {
  return { urn: `urn:pulumi:prod::pinecone-delivery::${type}::${name}`, type, name, inputs, protect: false, ignoreChanges: [], ...opts };
}

const KV_REF = "@Microsoft.KeyVault(SecretUri=https://kv-pcpro-prod.vault.azure.net/secrets/erp-db/)";

function siteConfig() {
  return {
    acrUseManagedIdentityCreds: true,
    acrUserManagedIdentityID: "3f1c2d4e-0000-4000-8000-000000000001",
    alwaysOn: true,
    ftpsState: "Disabled",
    minTlsVersion: "1.2",
    scmMinTlsVersion: "1.2",
    healthCheckPath: "/health",
    linuxFxVersion: "DOCKER|acrpcproprod.azurecr.io/pinecone-pro@sha256:" + "a".repeat(64),
    appSettings: [
      { name: "APPLICATIONINSIGHTS_CONNECTION_STRING", value: "[secret]" },
      { name: "AZURE_CLIENT_ID", value: "3f1c2d4e-0000-4000-8000-000000000001" },
      { name: "ConnectionStrings__Erp", value: KV_REF },
      { name: "WEBSITE_SWAP_WARMUP_PING_PATH", value: "/health" },
    ],
  };
}

function site(type: "WebApp" | "WebAppSlot", name: string, extra: Record<string, unknown>): Mutable {
  const t = `azure-native:web:${type}`;
  return res(
    t,
    name,
    { resourceGroupName: RG, name: "app-pcpro-prod", serverFarmId: IDS.plan, httpsOnly: true, clientAffinityEnabled: false, siteConfig: siteConfig(), ...extra },
    { ignoreChanges: type === "WebApp" ? ["siteConfig.linuxFxVersion", "siteConfig.experiments"] : ["siteConfig.linuxFxVersion"] },
  );
}

function metricAlert(key: string, metricName: string, scope: string): Mutable {
  return res("azure-native:monitor:MetricAlert", `alerts-${key}`, {
    ruleName: key,
    enabled: true,
    scopes: [scope],
    criteria: { odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", allOf: [{ criterionType: "StaticThresholdCriterion", metricName }] },
  });
}

function goodStack(): Mutable[] {
  const diag = (name: string, target: string) =>
    res("azure-native:monitor:DiagnosticSetting", `${name}-diagnostics`, { name: "send-to-log-analytics", resourceUri: target, workspaceId: IDS.workspace });
  const lock = (name: string, target: string) =>
    res("azure-native:authorization:ManagementLockByScope", `${name}-lock`, { scope: target, level: "CanNotDelete", lockName: "do-not-delete" }, { protect: true });
  const basic = (kind: string, name: string, slot?: string) =>
    res(`azure-native:web:${kind}`, name, { resourceGroupName: RG, name: "app-pcpro-prod", ...(slot ? { slot } : {}), allow: false });
  const webTest = (name: string, host: string) =>
    res("azure-native:applicationinsights:WebTest", name, {
      kind: "standard",
      webTestKind: "standard",
      enabled: true,
      request: { requestUrl: `https://${host}/health`, httpVerb: "GET" },
    });
  const targets = { site: IDS.app, plan: IDS.plan, vault: IDS.vault } as const;
  return [
    res("azure-native:web:AppServicePlan", "app-plan", { resourceGroupName: RG, name: "asp-pcpro-prod", kind: "linux", reserved: true, sku: { name: "P1v3", capacity: 3 }, zoneRedundant: true }, { ignoreChanges: ["sku.capacity"] }),
    res("azure-native:monitor:AutoscaleSetting", "app-autoscale", {
      resourceGroupName: RG,
      autoscaleSettingName: "asp-pcpro-prod-autoscale",
      enabled: true,
      targetResourceUri: IDS.plan,
      profiles: [{ name: "default", capacity: { minimum: "3", maximum: "6", default: "3" }, rules: [] }],
    }),
    site("WebApp", "app-app", {}),
    site("WebAppSlot", "app-staging-slot", { slot: "staging" }),
    basic("WebAppFtpAllowed", "app-app-ftp-basic-auth"),
    basic("WebAppScmAllowed", "app-app-scm-basic-auth"),
    basic("WebAppFtpAllowedSlot", "app-staging-ftp-basic-auth", "staging"),
    basic("WebAppScmAllowedSlot", "app-staging-scm-basic-auth", "staging"),
    res("azure-native:containerregistry:Registry", "registry", { resourceGroupName: RG, registryName: "acrpcproprod", sku: { name: "Premium" }, adminUserEnabled: false, anonymousPullEnabled: false, zoneRedundancy: "Enabled" }, { protect: true }),
    res("azure-native:keyvault:Vault", "vault", {
      resourceGroupName: RG,
      vaultName: "kv-pcpro-prod",
      properties: { enableRbacAuthorization: true, enableSoftDelete: true, softDeleteRetentionInDays: 90, enablePurgeProtection: true },
    }, { protect: true }),
    res("azure-native:operationalinsights:Workspace", "observability-workspace", { resourceGroupName: RG, workspaceName: "log-pcpro-prod" }, { protect: true }),
    res("azure-native:applicationinsights:Component", "observability-app-insights", {
      resourceGroupName: RG,
      resourceName: "appi-pcpro-prod",
      workspaceResourceId: IDS.workspace,
      ingestionMode: "LogAnalytics",
    }, { protect: true }),
    res("azure-native:authorization:RoleAssignment", "registry-acrpull-production", { scope: IDS.registry, principalId: "p-1", principalType: "ServicePrincipal" }),
    diag("app-plan", IDS.plan),
    diag("app-app", IDS.app),
    diag("app-staging-slot", IDS.slot),
    diag("app-autoscale", IDS.autoscale),
    diag("registry", IDS.registry),
    diag("vault", IDS.vault),
    diag("observability-workspace", IDS.workspace),
    diag("observability-app-insights", IDS.component),
    lock("registry", IDS.registry),
    lock("vault", IDS.vault),
    lock("observability-workspace", IDS.workspace),
    lock("observability-app-insights", IDS.component),
    webTest("alerts-availability-production", "app-pcpro-prod.azurewebsites.net"),
    webTest("alerts-availability-staging", "app-pcpro-prod-staging.azurewebsites.net"),
    ...([
      ["http-5xx", "Http5xx", "site"], ["response-time", "HttpResponseTime", "site"], ["health-check", "HealthCheckStatus", "site"],
      ["cpu", "CpuPercentage", "plan"], ["memory", "MemoryPercentage", "plan"], ["http-queue", "HttpQueueLength", "plan"],
      ["key-vault-availability", "Availability", "vault"],
    ] as const).map(([key, metric, on]) => metricAlert(key, metric, targets[on])),
  ];
}

const PROD: PolicyEvaluation = {
  tier: "production",
  protectStatefulResources: true,
  purgeProtectionRequired: true,
  stagingSlotName: "staging",
  productionMinimumInstances: 3,
  privateNetwork: false,
  pipelineAgentPool: "",
  policy: { enforcement: "mandatory", ruleLevels: {}, exemptions: [] },
  today: "2026-06-01",
};

function find(rs: Mutable[], type: string, name?: string): Mutable {
  const found = rs.filter((r) => r.type === `azure-native:${type}` && (name === undefined || r.name === name));
  if (found.length !== 1) throw new Error(`fixture: ${found.length} ${type} ${name ?? ""}`);
  return found[0];
}
const drop = (rs: Mutable[], pred: (r: Mutable) => boolean) => rs.filter((r) => !pred(r));

interface Case {
  readonly rule: string;
  readonly what: string;
  readonly mutate: (rs: Mutable[]) => Mutable[] | void;
  /** Text the message must contain (the offending value and the fix). */
  readonly says: string;
  readonly evaluation?: Partial<PolicyEvaluation>;
}

const app = (rs: Mutable[]) => find(rs, "web:WebApp");
/** The deploy service connection the release-path rules start from (none in the hand-written stack). */
const CONNECTION = (references: Record<string, string[]> = {}) =>
  res("azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM", "deploy-connection", { serviceEndpointName: "azure-pinecone-prod" }, { references });
const slot = (rs: Mutable[]) => find(rs, "web:WebAppSlot");

/** The private network path on the hand-written stack: endpoints, zone groups, links, VNet integration, pool. */
const SUBNET = (n: string) => `${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet-pcpro-prod/subnets/${n}`;
const ZONE = (z: string) => `${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/${z}`;
const POOL = "mdp-pcpro-prod-p2w6";
const PRIVATE_FACTS: Partial<PolicyEvaluation> = { privateNetwork: true, pipelineAgentPool: POOL };
function privatePath(rs: Mutable[], which: readonly ("registry" | "vault")[] = ["registry", "vault"]): Mutable[] {
  const zones = { registry: "privatelink.azurecr.io", vault: "privatelink.vaultcore.azure.net" };
  const out = [...rs];
  for (const w of which) {
    if (w === "registry") find(out, "containerregistry:Registry").inputs.publicNetworkAccess = "Disabled";
    else find(out, "keyvault:Vault").inputs.properties.networkAcls = { defaultAction: "Deny", bypass: "AzureServices", ipRules: [] };
    out.push(
      res("azure-native:network:PrivateEndpoint", `${w}-private-endpoint`, {
        resourceGroupName: RG, privateEndpointName: `pe-${w}`, subnet: { id: SUBNET("snet-private-endpoints") },
        privateLinkServiceConnections: [{ name: `pe-${w}`, privateLinkServiceId: IDS[w], groupIds: [w] }],
      }),
      res("azure-native:network:PrivateDnsZoneGroup", `${w}-private-dns`, { resourceGroupName: RG, privateEndpointName: `pe-${w}`, privateDnsZoneGroupName: "default", privateDnsZoneConfigs: [{ name: w, privateDnsZoneId: ZONE(zones[w]) }] }),
      res("azure-native:privatedns:VirtualNetworkLink", `network-dns-${w}-link`, { resourceGroupName: RG, privateZoneName: zones[w], registrationEnabled: false, virtualNetwork: { id: "vnet-id" } }),
    );
  }
  for (const site of [app(out), slot(out)]) {
    site.inputs.virtualNetworkSubnetId = SUBNET("snet-app-integration");
    site.inputs.outboundVnetRouting = { applicationTraffic: true, imagePullTraffic: true };
  }
  out.push(res("azure-native:devopsinfrastructure:Pool", "agent-pool-pool", { resourceGroupName: RG, poolName: POOL, fabricProfile: { kind: "Vmss", networkProfile: { subnetId: SUBNET("snet-deployment-agents") } } }));
  return out;
}

const CASES: readonly Case[] = [
  { rule: "private-access-has-endpoint", what: "Deny vault without a private endpoint", mutate: (rs) => void (find(rs, "keyvault:Vault").inputs.properties.networkAcls = { defaultAction: "Deny" }), says: 'properties.networkAcls.defaultAction is "Deny" but no private endpoint reaches it; add privateEndpoint(' },
  { rule: "private-access-has-endpoint", what: "vault endpoint without a zone group", mutate: (rs) => drop(privatePath(rs, ["vault"]), (r) => r.name === "vault-private-dns"), evaluation: PRIVATE_FACTS, says: "its private endpoint vault-private-endpoint has no DNS zone group" },
  { rule: "private-access-has-endpoint", what: "vault zone not linked", mutate: (rs) => drop(privatePath(rs, ["vault"]), (r) => r.name === "network-dns-vault-link"), evaluation: PRIVATE_FACTS, says: "privatelink.vaultcore.azure.net of its endpoint is linked to no VNet" },
  { rule: "app-pull-over-vnet", what: "slot without VNet integration", mutate: (rs) => { const out = privatePath(rs); delete slot(out).inputs.virtualNetworkSubnetId; return out; }, evaluation: PRIVATE_FACTS, says: 'slot "staging" pulls from a registry with public access disabled but virtualNetworkSubnetId is not set' },
  { rule: "app-pull-over-vnet", what: "app pulls over the public route", mutate: (rs) => { const out = privatePath(rs); app(out).inputs.outboundVnetRouting = { applicationTraffic: true }; return out; }, evaluation: PRIVATE_FACTS, says: "the app pulls from a registry with public access disabled but outboundVnetRouting.imagePullTraffic is not set" },
  { rule: "private-stack-own-agents", what: "private stack on Microsoft-hosted agents", mutate: (rs) => privatePath(rs), evaluation: { privateNetwork: true, pipelineAgentPool: "" }, says: "its pipelines target Microsoft-hosted agents" },
  { rule: "private-stack-own-agents", what: "pool not declared", mutate: (rs) => drop(privatePath(rs), (r) => r.type === "azure-native:devopsinfrastructure:Pool"), evaluation: PRIVATE_FACTS, says: `target the pool "${POOL}" but the stack declares no Managed DevOps Pool` },
  { rule: "private-stack-own-agents", what: "pool outside the VNet", mutate: (rs) => { const out = privatePath(rs); delete find(out, "devopsinfrastructure:Pool").inputs.fabricProfile.networkProfile; return out; }, evaluation: PRIVATE_FACTS, says: "fabricProfile.networkProfile.subnetId is not set" },
  { rule: "app-https-only", what: "app httpsOnly false", mutate: (rs) => void (app(rs).inputs.httpsOnly = false), says: "httpsOnly is false; set it to true" },
  { rule: "app-https-only", what: "slot httpsOnly missing", mutate: (rs) => void delete slot(rs).inputs.httpsOnly, says: "httpsOnly is not set" },
  { rule: "app-min-tls-1-2", what: "minTlsVersion 1.0", mutate: (rs) => void (app(rs).inputs.siteConfig.minTlsVersion = "1.0"), says: 'siteConfig.minTlsVersion is "1.0"; set it to "1.2" (ASB DP-3, ASB NS-8, CKV_AZURE_15, CKV_AZURE_154)' },
  { rule: "app-min-tls-1-2", what: "scmMinTlsVersion 1.1 on the slot", mutate: (rs) => void (slot(rs).inputs.siteConfig.scmMinTlsVersion = "1.1"), says: 'siteConfig.scmMinTlsVersion is "1.1"' },
  { rule: "app-ftps-disabled", what: "ftpsState FtpsOnly", mutate: (rs) => void (slot(rs).inputs.siteConfig.ftpsState = "FtpsOnly"), says: 'siteConfig.ftpsState is "FtpsOnly"; set it to "Disabled"' },
  { rule: "app-basic-auth-disabled", what: "FTP basic auth allowed", mutate: (rs) => void (find(rs, "web:WebAppFtpAllowed").inputs.allow = true), says: "allow is true; set it to false" },
  { rule: "app-basic-auth-disabled", what: "slot SCM policy missing", mutate: (rs) => drop(rs, (r) => r.type === "azure-native:web:WebAppScmAllowedSlot"), says: "has no WebAppScmAllowedSlot" },
  { rule: "app-acr-pull-managed-identity", what: "acrUseManagedIdentityCreds false", mutate: (rs) => void (app(rs).inputs.siteConfig.acrUseManagedIdentityCreds = false), says: "siteConfig.acrUseManagedIdentityCreds is false; set it to true" },
  { rule: "app-acr-pull-managed-identity", what: "registry password setting", mutate: (rs) => void slot(rs).inputs.siteConfig.appSettings.push({ name: "DOCKER_REGISTRY_SERVER_PASSWORD", value: KV_REF }), says: "DOCKER_REGISTRY_SERVER_PASSWORD" },
  { rule: "app-secrets-from-key-vault", what: "plain password setting", mutate: (rs) => void app(rs).inputs.siteConfig.appSettings.push({ name: "Erp__DbPassword", value: "hunter2" }), says: '"Erp__DbPassword" has a literal value (not shown); make it a Key Vault reference' },
  { rule: "app-secrets-from-key-vault", what: "secret-masked signing key", mutate: (rs) => void app(rs).inputs.siteConfig.appSettings.push({ name: "Auth__JwtSigningKey", value: "[secret]" }), says: "has a secret literal value (not shown)" },
  { rule: "app-secrets-from-key-vault", what: "literal connection string", mutate: (rs) => void (app(rs).inputs.siteConfig.connectionStrings = [{ name: "Erp", connectionString: "Server=x", type: "SQLAzure" }]), says: 'siteConfig.connectionStrings "Erp"' },
  { rule: "app-health-check", what: "no health check path", mutate: (rs) => void delete slot(rs).inputs.siteConfig.healthCheckPath, says: "siteConfig.healthCheckPath is not set; set it to the app's health endpoint" },
  { rule: "app-arr-affinity-off", what: "ARR affinity on", mutate: (rs) => void (app(rs).inputs.clientAffinityEnabled = true), says: "clientAffinityEnabled is true; set it to false" },
  { rule: "app-release-fields-ignored", what: "slot ignores nothing", mutate: (rs) => void (slot(rs).ignoreChanges = []), says: 'add "siteConfig.linuxFxVersion"' },
  { rule: "app-release-fields-ignored", what: "app misses experiments", mutate: (rs) => void (app(rs).ignoreChanges = ["siteConfig.linuxFxVersion"]), says: 'add "siteConfig.experiments"' },
  { rule: "app-staging-slot", what: "no slot", mutate: (rs) => drop(rs, (r) => r.type === "azure-native:web:WebAppSlot"), says: 'has no slot named "staging"' },
  { rule: "app-staging-slot", what: "slot with another name", mutate: () => undefined, evaluation: { stagingSlotName: "blue" }, says: 'has slots "staging" but none named "blue"' },
  { rule: "app-availability-tests", what: "no staging test", mutate: (rs) => drop(rs, (r) => r.name === "alerts-availability-staging"), says: "has no availability test on https://app-pcpro-prod-staging.azurewebsites.net" },
  { rule: "app-availability-tests", what: "ping test", mutate: (rs) => void (find(rs, "applicationinsights:WebTest", "alerts-availability-production").inputs.webTestKind = "ping"), says: 'webTestKind "ping"' },
  { rule: "app-alert-set", what: "no 5xx alert", mutate: (rs) => drop(rs, (r) => r.name === "alerts-http-5xx"), says: "has no enabled metric alert for Http5xx on its site; add a metric alert on that metric scoped to the site" },
  { rule: "app-alert-set", what: "CPU alert disabled", mutate: (rs) => void (find(rs, "monitor:MetricAlert", "alerts-cpu").inputs.enabled = false), says: "has no enabled metric alert for CpuPercentage on its plan;" },
  { rule: "acr-admin-user-disabled", what: "admin user on", mutate: (rs) => void (find(rs, "containerregistry:Registry").inputs.adminUserEnabled = true), says: "adminUserEnabled is true; set it to false (ASB IM-1, ASB PA-1, CKV_AZURE_137)" },
  { rule: "acr-anonymous-pull-disabled", what: "anonymous pull on", mutate: (rs) => void (find(rs, "containerregistry:Registry").inputs.anonymousPullEnabled = true), says: "anonymousPullEnabled is true; set it to false (CKV_AZURE_138)" },
  { rule: "kv-rbac-authorization", what: "access policies", mutate: (rs) => void (find(rs, "keyvault:Vault").inputs.properties.enableRbacAuthorization = false), says: "properties.enableRbacAuthorization is false; set it to true (ASB PA-7)" },
  { rule: "kv-soft-delete", what: "soft delete off", mutate: (rs) => void (find(rs, "keyvault:Vault").inputs.properties.enableSoftDelete = false), says: "properties.enableSoftDelete is false" },
  { rule: "kv-soft-delete", what: "retention 365", mutate: (rs) => void (find(rs, "keyvault:Vault").inputs.properties.softDeleteRetentionInDays = 365), says: "properties.softDeleteRetentionInDays is 365" },
  { rule: "kv-purge-protection", what: "purge protection missing", mutate: (rs) => void delete find(rs, "keyvault:Vault").inputs.properties.enablePurgeProtection, says: "properties.enablePurgeProtection is not set; set it to true" },
  { rule: "appinsights-workspace-based", what: "classic component", mutate: (rs) => void delete find(rs, "applicationinsights:Component").inputs.workspaceResourceId, says: "workspaceResourceId is not set" },
  { rule: "role-assignment-service-principal", what: "SDK default User", mutate: (rs) => void (find(rs, "authorization:RoleAssignment").inputs.principalType = "User"), says: 'principalType is "User"; set it to "ServicePrincipal"' },
  { rule: "diagnostic-settings", what: "slot without setting", mutate: (rs) => drop(rs, (r) => r.name === "app-staging-slot-diagnostics"), says: "app-staging-slot (azure-native:web:WebAppSlot): has no diagnostic setting; add a monitor.DiagnosticSetting with resourceUri: <its id>" },
  { rule: "diagnostic-settings", what: "setting without destination", mutate: (rs) => void delete find(rs, "monitor:DiagnosticSetting", "vault-diagnostics").inputs.workspaceId, says: "vault (azure-native:keyvault:Vault): has no diagnostic setting" },
  { rule: "stateful-protect-and-lock", what: "vault not protected", mutate: (rs) => void (find(rs, "keyvault:Vault").protect = false), says: "vault (azure-native:keyvault:Vault): protect is false" },
  { rule: "stateful-protect-and-lock", what: "registry lock missing", mutate: (rs) => drop(rs, (r) => r.name === "registry-lock"), says: "registry (azure-native:containerregistry:Registry): has no management lock" },
  { rule: "stateful-protect-and-lock", what: "ReadOnly lock only", mutate: (rs) => void (find(rs, "authorization:ManagementLockByScope", "vault-lock").inputs.level = "ReadOnly"), says: 'has only "ReadOnly" locks' },
  { rule: "production-zone-redundant", what: "plan not zone redundant", mutate: (rs) => void (find(rs, "web:AppServicePlan").inputs.zoneRedundant = false), says: "zoneRedundant is false; set it to true" },
  { rule: "production-zone-redundant", what: "registry not zone redundant", mutate: (rs) => void (find(rs, "containerregistry:Registry").inputs.zoneRedundancy = "Disabled"), says: 'zoneRedundancy is "Disabled"; set it to "Enabled"' },
  { rule: "production-min-instances", what: "plan capacity 2", mutate: (rs) => void (find(rs, "web:AppServicePlan").inputs.sku.capacity = 2), says: "sku.capacity is 2; set it to 3 or more" },
  {
    rule: "release-path-access",
    what: "a deploy connection with no identity behind it",
    mutate: (rs) => [...rs, CONNECTION()],
    says: "deploy identity → registry (deploy-pushes-image): missing the deploy identity",
  },
  {
    rule: "release-path-network",
    what: "registry closed to the public with no private endpoint",
    mutate: (rs) => {
      find(rs, "containerregistry:Registry").inputs.publicNetworkAccess = "Disabled";
      const identity = res("azure-native:managedidentity:UserAssignedIdentity", "deploy-identity", { resourceGroupName: RG, resourceName: "id-pcpro-prod-pipeline" });
      const push = res(
        "azure-native:authorization:RoleAssignment",
        "deploy-acr-push",
        { scope: IDS.registry, principalId: "p-9", principalType: "ServicePrincipal", roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8311e382-0749-4cb8-b61a-304f252e45ec` },
        { references: { principalId: [identity.urn] } },
      );
      return [...rs, identity, CONNECTION({ credentials: [identity.urn] }), push];
    },
    says: 'deploy identity → registry (deploy-pushes-image): missing a private endpoint to acrpcproprod (groupIds ["registry"])',
  },
  {
    rule: "release-path-pipelines",
    what: "a pipeline bound to an environment it is not authorised on",
    mutate: (rs) => [...rs, CONNECTION(), res("azuredevops:index/environment:Environment", "env", { name: "pinecone-prod" })],
    evaluation: { releasePaths: { pipelines: [{ file: "pipelines/x.yml", pipelineId: 7, runRef: "refs/heads/main", bindings: [{ environment: "pinecone-prod" }] }] } },
    says: "pipelines/x.yml → environment pinecone-prod: missing a pipeline authorisation of definition 7 on environment pinecone-prod",
  },
  { rule: "production-min-instances", what: "autoscale minimum 1", mutate: (rs) => void (find(rs, "monitor:AutoscaleSetting").inputs.profiles[0].capacity.minimum = "1"), says: 'profiles[0].capacity.minimum is "1"' },
];

function evaluate(rs: readonly PolicyResource[], over: Partial<PolicyEvaluation> = {}) {
  return evaluatePolicies(rs, { ...PROD, ...over });
}

describe("rules on a compliant production stack and one mutation each", () => {
  test("the compliant stack has no finding at all", () => {
    const report = evaluate(goodStack());
    expect(report.violations).toEqual([]);
    expect(report.unverified).toEqual([]);
    expect(report.summary.passed).toBe(true);
  });

  test("every rule has at least one failing case below", () => {
    expect(RULES.map((r) => r.id).filter((id) => !CASES.some((c) => c.rule === id))).toEqual([]);
  });

  test.each(CASES.map((c) => [c.rule, c.what, c] as const))("%s fails: %s", (_rule, _what, c) => {
    const rs = goodStack();
    const mutated = c.mutate(rs) ?? rs;
    const report = evaluate(mutated, c.evaluation);
    const mine = report.violations.filter((v) => v.ruleId === c.rule);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((v) => v.message).join("\n")).toContain(c.says);
    // The mutation trips its rule and nothing unrelated to it (the release-path rules share one
    // evaluator: a half-built delivery setup trips its siblings too).
    // A closed registry without its private path is also what the per-resource network rules judge.
    const NETWORK_RULES = ["private-access-has-endpoint", "app-pull-over-vnet"];
    const related = (id: string) =>
      id === c.rule || (c.rule.startsWith("release-path-") && id.startsWith("release-path-")) || (c.rule === "release-path-network" && NETWORK_RULES.includes(id));
    expect(report.violations.filter((v) => !related(v.ruleId))).toEqual([]);
  });
});

describe("the private network path on the hand-written stack", () => {
  test("registry and vault behind endpoints, app and slot integrated, own pool: the three network rules pass", () => {
    const report = evaluate(privatePath(goodStack()), PRIVATE_FACTS);
    expect(report.violations).toEqual([]);
    expect(report.rules.filter((r) => ["private-access-has-endpoint", "app-pull-over-vnet", "private-stack-own-agents"].includes(r.id)).map((r) => r.violations)).toEqual([0, 0, 0]);
  });
  test("a public stack with public registry and vault needs none of it", () => {
    expect(evaluate(goodStack()).violations).toEqual([]);
  });
});

describe("rules that depend on the stack's facts", () => {
  test("nonproduction: no zone redundancy, instance or purge protection demands; no protect/lock demand", () => {
    const rs = goodStack();
    find(rs, "web:AppServicePlan").inputs.zoneRedundant = false;
    find(rs, "web:AppServicePlan").inputs.sku.capacity = 1;
    delete find(rs, "keyvault:Vault").inputs.properties.enablePurgeProtection;
    const unlocked = drop(rs, (r) => r.type === "azure-native:authorization:ManagementLockByScope").map((r) => ({ ...r, protect: false }));
    const dev = { tier: "nonproduction", protectStatefulResources: false, purgeProtectionRequired: false } as const;
    expect(evaluate(unlocked, dev).violations).toEqual([]);
    expect(evaluate(unlocked).violations.map((v) => v.ruleId).sort()).toEqual(
      expect.arrayContaining(["kv-purge-protection", "production-min-instances", "production-zone-redundant", "stateful-protect-and-lock"]),
    );
  });

  test("the staging slot name comes from the context", () => {
    expect(evaluate(goodStack(), { stagingSlotName: "preprod" }).violations.map((v) => v.ruleId)).toEqual(["app-staging-slot"]);
  });

  test("a value hidden by a secret container is reported as unverified, not as a pass or a violation", () => {
    const rs = goodStack();
    app(rs).inputs.siteConfig = "[secret]";
    const report = evaluate(rs);
    expect(report.violations).toEqual([]);
    expect(report.unverified.map((v) => v.ruleId)).toEqual(
      expect.arrayContaining(["app-min-tls-1-2", "app-ftps-disabled", "app-health-check", "app-secrets-from-key-vault", "app-acr-pull-managed-identity"]),
    );
    expect(report.unverified[0].message).toContain("secret in the recorded inputs");
  });

  test("links also follow the engine's property dependencies and mock ids", () => {
    const rs = goodStack();
    const diag = find(rs, "monitor:DiagnosticSetting", "app-app-diagnostics");
    diag.inputs.resourceUri = UNKNOWN;
    expect(evaluate(rs).violations.map((v) => v.ruleId)).toEqual(["diagnostic-settings"]);
    diag.references = { resourceUri: [app(rs).urn] };
    expect(evaluate(rs).violations).toEqual([]);
    // delivery plan's mocks: …/providers/Mock.<module>/<Type>/<azure name>
    const mockSlotId = `${SUB}/resourceGroups/${RG}/providers/Mock.web/WebAppSlot/app-pcpro-prod`;
    expect(idRefersTo(mockSlotId, slot(rs))).toBe(true);
    expect(idRefersTo(mockSlotId, app(rs))).toBe(false);
    expect(idRefersTo(`${SUB}/resourceGroups/other-rg/providers/Microsoft.Web/sites/app-pcpro-prod`, app(rs))).toBe(false);
  });

  test("read() tells missing from hidden", () => {
    expect(read({ a: { b: [1, { c: 2 }] } }, "a.b[1].c")).toEqual({ state: "value", value: 2 });
    expect(read({ a: {} }, "a.b.c")).toEqual({ state: "missing" });
    expect(read({ a: "[secret]" }, "a.b")).toEqual({ state: "hidden", why: "secret", at: "a" });
  });
});

describe("engine: levels and exemptions", () => {
  const broken = () => {
    const rs = goodStack();
    app(rs).inputs.siteConfig.minTlsVersion = "1.0";
    delete slot(rs).inputs.siteConfig.healthCheckPath;
    return rs;
  };
  const exemption = (over: Partial<PolicyExemption> = {}): PolicyExemption => ({
    id: "EX-1",
    ruleId: "app-health-check",
    resource: "app-staging-slot",
    expires: "2026-06-30",
    reason: "health endpoint ships in 4.13",
    ...over,
  });

  test("levels come from ruleLevels, else the stack's enforcement; disabled rules do not run", () => {
    const report = evaluate(broken(), {
      policy: { enforcement: "advisory", ruleLevels: { "app-min-tls-1-2": "mandatory", "app-health-check": "disabled" }, exemptions: [] },
    });
    expect(report.violations.map((v) => [v.ruleId, v.level])).toEqual([["app-min-tls-1-2", "mandatory"]]);
    expect(report.rules.find((r) => r.id === "app-health-check")?.level).toBe("disabled");
    expect(report.summary).toMatchObject({ mandatory: 1, advisory: 0, passed: false });
    const advisory = evaluate(broken(), { policy: { enforcement: "advisory", ruleLevels: {}, exemptions: [] } });
    expect(advisory.summary).toMatchObject({ mandatory: 0, advisory: 2, passed: true });
  });

  test("an exemption applies through its expiry day (UTC, inclusive), then the violation counts again", () => {
    const on = (today: string) => evaluate(broken(), { today, policy: { enforcement: "mandatory", ruleLevels: {}, exemptions: [exemption()] } });
    const last = on("2026-06-30");
    expect(last.violations.map((v) => v.ruleId)).toEqual(["app-min-tls-1-2"]);
    expect(last.exempted).toEqual([expect.objectContaining({ ruleId: "app-health-check", exemptionId: "EX-1" })]);
    expect(last.exemptions).toEqual([expect.objectContaining({ id: "EX-1", status: "active", matched: 1 })]);
    const after = on("2026-07-01");
    expect(after.exempted).toEqual([]);
    expect(after.violations.find((v) => v.ruleId === "app-health-check")).toMatchObject({ level: "mandatory", expiredExemptionIds: ["EX-1"] });
    expect(after.exemptions).toEqual([expect.objectContaining({ id: "EX-1", status: "expired" })]);
    expect(after.summary).toMatchObject({ mandatory: 2, expiredExemptions: 1 });
  });

  test("an exemption covers only its rule and resource ('*' covers every resource); unused ones are still listed", () => {
    const exemptions = [exemption({ id: "EX-2", resource: "app-app" }), exemption({ id: "EX-3", ruleId: "app-min-tls-1-2", resource: "*" })];
    const report = evaluate(broken(), { policy: { enforcement: "mandatory", ruleLevels: {}, exemptions } });
    expect(report.violations.map((v) => v.ruleId)).toEqual(["app-health-check"]);
    expect(report.exempted.map((v) => v.exemptionId)).toEqual(["EX-3"]);
    expect(report.exemptions.map((e) => [e.id, e.matched])).toEqual([["EX-2", 0], ["EX-3", 1]]);
  });

  test("an exemption without a reason or a valid date never applies; unknown rule ids are warned about", () => {
    const report = evaluate(broken(), {
      policy: { enforcement: "mandatory", ruleLevels: { "no-such-rule": "disabled" }, exemptions: [exemption({ reason: "" }), exemption({ id: "EX-9", ruleId: "typo-rule" })] },
    });
    expect(report.exempted).toEqual([]);
    expect(report.exemptions.map((e) => e.status)).toEqual(["invalid", "active"]);
    expect(report.warnings.join("\n")).toMatch(/no-such-rule[\s\S]*lacks an id, a reason[\s\S]*typo-rule/);
  });

  test("a rule that throws is reported as a violation at its level", () => {
    const boom = { ...RULES[0], check: () => { throw new Error("boom"); } } as (typeof RULES)[number];
    const report = evaluatePolicies(goodStack(), PROD, [boom]);
    expect(report.summary.passed).toBe(false);
    expect(report.violations[0].message).toContain("boom");
  });
});

describe("render", () => {
  test("text: violations with level, exemptions with status, result line; never a secret value", () => {
    const rs = goodStack();
    app(rs).inputs.siteConfig.minTlsVersion = "1.0";
    app(rs).inputs.siteConfig.appSettings.push({ name: "Erp__DbPassword", value: "hunter2" });
    delete slot(rs).inputs.siteConfig.healthCheckPath;
    const report = evaluate(rs, {
      today: "2026-07-01",
      policy: {
        enforcement: "mandatory",
        ruleLevels: { "app-secrets-from-key-vault": "advisory" },
        exemptions: [
          { id: "EX-1", ruleId: "app-health-check", resource: "app-staging-slot", expires: "2026-06-30", reason: "health endpoint ships in 4.13" },
          { id: "EX-2", ruleId: "app-arr-affinity-off", resource: "*", expires: "2027-01-31", reason: "legacy session state until 5.0" },
        ],
      },
    });
    const text = renderPolicyText(report);
    expect(text).toContain('MANDATORY app-min-tls-1-2: app-app (azure-native:web:WebApp): siteConfig.minTlsVersion is "1.0"; set it to "1.2"');
    expect(text).toMatch(/advisory\s+app-secrets-from-key-vault: app-app/);
    expect(text).toContain("[exemption EX-1 expired]");
    expect(text).toContain("EX-1  app-health-check  app-staging-slot  EXPIRED 2026-06-30, no longer applies");
    expect(text).toContain("EX-2  app-arr-affinity-off  *  active until 2027-01-31; matched 0  — legacy session state until 5.0");
    expect(text.trimEnd().split("\n").pop()).toBe("Policy result: FAIL — 2 mandatory violations");
    expect(text).not.toContain("hunter2");
    const markdown = renderPolicyMarkdown(report);
    expect(markdown).toContain("| EX-1 | `app-health-check` | app-staging-slot | 2026-06-30 | expired | health endpoint ships in 4.13 |");
    expect(markdown).not.toContain("hunter2");
    expect(renderPolicyText(evaluate(goodStack())).trimEnd().split("\n").pop()).toBe("Policy result: PASS");
  });
});

describe("CrossGuard adapter", () => {
  const stackConfig = (over: Partial<StackConfig["policy"]> = {}) =>
    ({
      tier: "production",
      protectStatefulResources: true,
      keyVault: { purgeProtection: true },
      appService: { stagingSlotName: "staging" },
      policy: { enforcement: "mandatory", ruleLevels: { "app-arr-affinity-off": "advisory" }, exemptions: [], ...over },
    }) as unknown as StackConfig;

  test("policyPackConfig: every rule with its level, its exemptions and the stack facts", () => {
    const ex: PolicyExemption = { id: "EX-1", ruleId: "app-health-check", resource: "web", expires: "2027-01-31", reason: "health endpoint ships in 4.13" };
    const cfg = policyPackConfig(stackConfig({ exemptions: [ex] }));
    expect(Object.keys(cfg)).toEqual(RULES.map((r) => r.id));
    expect(cfg["app-https-only"]).toEqual({
      enforcementLevel: "mandatory",
      exemptions: [],
      context: { tier: "production", protectStatefulResources: true, purgeProtectionRequired: true, stagingSlotName: "staging", productionMinimumInstances: 3, privateNetwork: false, pipelineAgentPool: "", releasePaths: { signsImages: false } },
    });
    expect(cfg["app-arr-affinity-off"].enforcementLevel).toBe("advisory");
    // Release paths are mandatory whatever the stack's enforcement.
    expect(cfg["release-path-access"].enforcementLevel).toBe("mandatory");
    expect(cfg["app-health-check"].exemptions).toEqual([ex]);
    // The file is JSON the CLI reads as is.
    expect(JSON.parse(JSON.stringify(cfg))).toEqual(cfg);
  });

  test("policies: one per rule, named by id, resource or stack validation by kind, with a config schema", () => {
    const policies = buildPolicies();
    expect(policies.map((p) => p.name)).toEqual(RULES.map((r) => r.id));
    for (const [i, p] of policies.entries()) {
      expect(p.description).toBe(RULES[i].description);
      expect("validateStack" in p).toBe(RULES[i].kind === "stack");
      expect(p.configSchema?.properties).toHaveProperty("exemptions");
    }
  });

  /** The engine's unknown-checking proxy, reduced to what the adapter relies on. */
  const proxied = (o: object) => new Proxy(o, { get: (t, k) => (k === "__getSpecialProxyTarget" ? t : (t as Record<string | symbol, unknown>)[k]) });

  test("resource policies: engine props, unknowns as UNKNOWN, exemptions honoured, expired ones named", () => {
    const policies = buildPolicies(() => new Date("2026-07-01T12:00:00Z"));
    const tls = policies.find((p) => p.name === "app-min-tls-1-2")!;
    const validate = (tls as { validateResource: (a: unknown, r: (m: string, u?: string) => void) => void }).validateResource;
    const args = (config: object) => ({
      type: "azure-native:web:WebApp",
      name: "web",
      urn: "urn:web",
      props: proxied({ siteConfig: { minTlsVersion: "1.0", scmMinTlsVersion: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } }),
      opts: { protect: false, ignoreChanges: [] },
      getConfig: () => config,
    });
    const seen: string[] = [];
    validate(args({}), (m) => seen.push(m));
    expect(seen).toEqual(['web (azure-native:web:WebApp): siteConfig.minTlsVersion is "1.0"; set it to "1.2" (ASB DP-3, ASB NS-8, CKV_AZURE_15, CKV_AZURE_154)']);
    const active = { id: "EX-1", ruleId: "app-min-tls-1-2", resource: "web", expires: "2026-07-01", reason: "client library upgrade in 4.13" };
    seen.length = 0;
    validate(args({ exemptions: [active] }), (m) => seen.push(m));
    expect(seen).toEqual([]);
    validate(args({ exemptions: [{ ...active, expires: "2026-06-30" }] }), (m) => seen.push(m));
    expect(seen[0]).toContain("[exemption EX-1 (expired 2026-06-30) no longer applies]");
    expect(plainProps(proxied({ a: ["6a19a0b0-7e62-4c92-b797-7f8e31da9cc2"] }))).toEqual({ a: [UNKNOWN] });
  });

  test("stack policies: outputs plus property dependencies; violations reported on the offending URN", () => {
    const rs = goodStack();
    const stackPolicy = buildPolicies().find((p) => p.name === "diagnostic-settings") as { validateStack: (a: unknown, r: (m: string, u?: string) => void) => void };
    // Outputs of a diagnostic setting do not carry resourceUri: only the dependency links it.
    const cg = rs.map((r) => ({
      ...r,
      props: proxied(r.type === "azure-native:monitor:DiagnosticSetting" ? { ...r.inputs, resourceUri: undefined } : r.inputs),
      opts: { protect: r.protect, ignoreChanges: r.ignoreChanges },
      dependencies: [],
      propertyDependencies: {} as Record<string, { urn: string }[]>,
    }));
    for (const d of cg.filter((r) => r.type === "azure-native:monitor:DiagnosticSetting")) {
      const target = rs.find((t) => t.name === d.name.replace(/-diagnostics$/, ""));
      if (target && d.name !== "vault-diagnostics") d.propertyDependencies = { resourceUri: [{ urn: target.urn }] };
    }
    const seen: [string, string | undefined][] = [];
    stackPolicy.validateStack({ resources: cg, getConfig: () => ({}) }, (m, u) => seen.push([m, u]));
    expect(seen).toEqual([[expect.stringContaining("vault (azure-native:keyvault:Vault): has no diagnostic setting"), find(rs, "keyvault:Vault").urn]]);
    expect(fromStackResource({ ...cg[0], parent: undefined } as unknown as Parameters<typeof fromStackResource>[0]).references).toEqual({});
  });

  test("context: the rule's config wins, then the stack config the engine passes, then defaults", () => {
    const engine = JSON.stringify({ "pinecone-delivery:tier": "production", "pinecone-delivery:keyVaultPurgeProtection": "true", "pinecone-delivery:stagingSlotName": "green" });
    expect(contextFrom(undefined, engine)).toMatchObject({ tier: "production", purgeProtectionRequired: true, stagingSlotName: "green", protectStatefulResources: false });
    expect(contextFrom({ context: { tier: "nonproduction" } }, engine).tier).toBe("nonproduction");
    expect(contextFrom(undefined, "not json")).toMatchObject({ tier: "nonproduction", stagingSlotName: "staging" });
  });
});

describe("pack layout", () => {
  const policyDir = path.join(REPO_ROOT, "policy");

  test("one file per rule, named by its id; ids are kebab-case and unique", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(fs.existsSync(path.join(policyDir, "rules", `${rule.id}.ts`))).toBe(true);
      expect(rule.description.length).toBeGreaterThan(20);
      for (const c of rule.benchmarks.checkov) expect(c).toMatch(/^CKV2?_AZURE_\d+$/);
      for (const a of rule.benchmarks.asb) expect(a).toMatch(/^(NS|IM|PA|DP|AM|LT|IR|PV|ES|BR|DS)-\d+$/);
      for (const g of rule.benchmarks.azurePolicy) expect(g).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  test("PulumiPolicy.yaml is a nodejs pack whose entry loads the compiled pack", () => {
    expect(fs.readFileSync(path.join(policyDir, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(policyDir, "package.json"), "utf8"));
    // PolicyPack reads the version from the pack directory's package.json.
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    const entry = fs.readFileSync(path.join(policyDir, pkg.main), "utf8");
    expect(entry).toContain('require("../scripts/build").ensureFresh()');
    expect(entry).toContain('require("../dist/policy/index")');
  });
});
