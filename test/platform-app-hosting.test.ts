import * as pulumi from "@pulumi/pulumi";
import { DIAGNOSTIC_PROFILES } from "../infra/guardrails/diagnostics";
import { WEB_APP_SLOT_TYPE, WEB_APP_TYPE, releaseOwnedPaths } from "../infra/guardrails/release-owned";
import { roleAssignment } from "../infra/guardrails/role-assignments";
import { AppHosting, AppHostingArgs } from "../infra/platform/app-hosting";
import { AppIdentities } from "../infra/platform/app-identities";
import { MOCK_SUBSCRIPTION_ID } from "../tools/plan/mocks";
import { Recorded, RecordedResource, recordResources } from "./support/harness";

const T = {
  plan: "azure-native:web:AppServicePlan",
  autoscale: "azure-native:monitor:AutoscaleSetting",
  app: WEB_APP_TYPE,
  slot: WEB_APP_SLOT_TYPE,
  sticky: "azure-native:web:WebAppSlotConfigurationNames",
  identity: "azure-native:managedidentity:UserAssignedIdentity",
  diagnostics: "azure-native:monitor:DiagnosticSetting",
  roleAssignment: "azure-native:authorization:RoleAssignment",
} as const;

const RG = "rg-pcpro-prod";
const LOCATION = "westeurope";
const PLAN = "asp-pcpro-prod";
const APP = "app-pcpro-prod-x7k2";
const WORKSPACE = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/log-pcpro-prod`;
const REGISTRY_ID = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/acrpcproprodx7k2`;
const LOGIN_SERVER = "acrpcproprodx7k2.azurecr.io";
const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
const CONNECTION_STRING = "InstrumentationKey=00000000-1111-2222-3333-444444444444;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";
const DB_SECRET_URI = "https://kv-pcpro-prod-x7k2.vault.azure.net/secrets/db-password";
const SMTP_SECRET_URI = "https://kv-pcpro-prod-x7k2.vault.azure.net/secrets/smtp-password";
const LEGACY_REFERENCE = "@Microsoft.KeyVault(VaultName=kv-pcpro-prod-x7k2;SecretName=legacy-api-key)";
const TAGS = { workload: "pcpro", environment: "prod" };

/** Args of a prod-shaped stack; identities and image parts come from other resources (Outputs). */
function prodArgs(identities: AppHostingArgs["identities"]): AppHostingArgs {
  return {
    resourceGroupName: RG,
    location: LOCATION,
    planName: PLAN,
    appName: APP,
    sku: "P1v3",
    skuTier: "PremiumV3",
    zoneRedundant: true,
    autoscale: { minimum: 3, maximum: 10, default: 3, cpuScaleOutPercent: 70, cpuScaleInPercent: 30, httpQueueScaleOut: 100 },
    healthCheckPath: "/healthz",
    containerPort: 5000,
    stagingSlotName: "staging",
    image: { loginServer: pulumi.output(LOGIN_SERVER), repository: "pinecone-pro", digest: pulumi.output(DIGEST) },
    identities,
    keyVaultReferences: { ConnectionStrings__Erp: pulumi.output(DB_SECRET_URI), Smtp__Password: SMTP_SECRET_URI },
    // A secret-looking name is fine when its value is already a Key Vault reference.
    appSettings: { ASPNETCORE_ENVIRONMENT: "Production", LEGACY_API_KEY: LEGACY_REFERENCE },
    appInsightsConnectionString: CONNECTION_STRING,
    workspaceId: WORKSPACE,
    tags: TAGS,
  };
}

/** Literal identities, for builds that do not need AppIdentities. */
const LITERAL_IDENTITIES: AppHostingArgs["identities"] = {
  production: { id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-production", clientId: "aaaaaaaa-0000-4000-8000-000000000001" },
  staging: { id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-staging", clientId: "aaaaaaaa-0000-4000-8000-000000000002" },
};

const settingsOf = (r: RecordedResource): Record<string, unknown> =>
  Object.fromEntries((r.inputs.siteConfig as { appSettings: { name: string; value: unknown }[] }).appSettings.map((s) => [s.name, s.value]));
const siteConfigOf = (r: RecordedResource) => r.inputs.siteConfig as Record<string, unknown>;

let rec: Recorded;
let out: Record<string, string>;

beforeAll(async () => {
  rec = await recordResources(() => {
    const ids = new AppIdentities("app-identities", { resourceGroupName: RG, location: LOCATION, namePrefix: "id-pcpro-prod", tags: TAGS });
    // The grants the sites need before they start, as the registry component would make them.
    const grants = new pulumi.ComponentResource("test:index:Grants", "grants");
    const acrPull = roleAssignment("acr-pull-production", { scope: REGISTRY_ID, principalId: ids.principalIds.production, role: "AcrPull" }, grants);
    const hosting = new AppHosting("web", { ...prodArgs(ids.identities), accessGrants: [acrPull] });
    return {
      planId: hosting.planId,
      appId: hosting.appId,
      appName: hosting.appName,
      stagingSlotId: hosting.stagingSlotId,
      defaultHostName: hosting.defaultHostName,
      stagingHostName: hosting.stagingHostName,
      healthProduction: hosting.healthUrls.production,
      healthStaging: hosting.healthUrls.staging,
      productionId: ids.identities.production.id,
      productionClientId: ids.identities.production.clientId,
      productionPrincipalId: ids.principalIds.production,
      stagingId: ids.identities.staging.id,
      stagingClientId: ids.identities.staging.clientId,
      stagingPrincipalId: ids.identities.staging.principalId,
      acrPullUrn: acrPull.urn,
    };
  });
  out = rec.outputs as Record<string, string>;
});

describe("AppIdentities", () => {
  test("one user-assigned identity per slot (default production, staging), named from the prefix, under the component", () => {
    const component = rec.one("pinecone:platform:AppIdentities", "app-identities");
    const uamis = rec.ofType(T.identity);
    expect(uamis.map((u) => [u.name, u.inputs.resourceName])).toEqual([
      ["app-identities-production", "id-pcpro-prod-production"],
      ["app-identities-staging", "id-pcpro-prod-staging"],
    ]);
    for (const u of uamis) {
      expect(u.inputs).toEqual({ resourceName: expect.any(String), resourceGroupName: RG, location: LOCATION, tags: TAGS });
      expect(u.parent).toBe(component.urn);
    }
    // Three different things: the resource id, the client id and the principal id of each identity.
    expect(out.productionId).toMatch(/\/UserAssignedIdentity\/id-pcpro-prod-production$/);
    expect(out.productionClientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.productionPrincipalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set([out.productionClientId, out.productionPrincipalId, out.stagingClientId, out.stagingPrincipalId]).size).toBe(4);
    // principalIds is what role grants take.
    expect(rec.one(T.roleAssignment, "acr-pull-production").inputs.principalId).toBe(out.productionPrincipalId);
  });

  test("custom slot keys; bad or duplicate keys are rejected before any identity is created", async () => {
    const custom = await recordResources(() => {
      new AppIdentities("ids", { resourceGroupName: RG, namePrefix: "id-pcpro-qa", slots: ["production", "staging", "uat"] });
    });
    expect(custom.ofType(T.identity).map((u) => u.inputs.resourceName)).toEqual(["id-pcpro-qa-production", "id-pcpro-qa-staging", "id-pcpro-qa-uat"]);

    for (const [slots, message] of [
      [["production", "production"], /slots lists "production" twice/],
      [["Prod"], /slots contains "Prod"/],
      [[], /slots is empty/],
    ] as const) {
      let error: Error | undefined;
      const bad = await recordResources(() => {
        try {
          new AppIdentities("ids", { resourceGroupName: RG, namePrefix: "id-pcpro-qa", slots });
        } catch (e) {
          error = e as Error;
        }
      });
      expect(error?.message).toMatch(message);
      expect(bad.resources.filter((r) => r.custom)).toEqual([]);
    }
  });
});

describe("AppHosting: plan and autoscale", () => {
  test("Linux plan, zone redundant, capacity from autoscale.default and ignored afterwards", () => {
    const plan = rec.one(T.plan);
    expect(plan.name).toBe("web-plan");
    expect(plan.inputs).toEqual({
      name: PLAN,
      resourceGroupName: RG,
      location: LOCATION,
      kind: "linux",
      reserved: true,
      sku: { name: "P1v3", tier: "PremiumV3", capacity: 3 },
      zoneRedundant: true,
      perSiteScaling: false,
      tags: TAGS,
    });
    expect(plan.ignoreChanges).toEqual(["sku.capacity"]);
    expect(plan.parent).toBe(rec.one("pinecone:platform:AppHosting", "web").urn);
  });

  test("autoscale is enabled, targets the plan and has exactly three rules with string capacities", () => {
    const a = rec.one(T.autoscale);
    const trigger = { metricNamespace: "microsoft.web/serverfarms", metricResourceUri: out.planId, timeGrain: "PT1M", statistic: "Average", timeAggregation: "Average" };
    expect(a.inputs).toEqual({
      autoscaleSettingName: `${PLAN}-autoscale`,
      name: `${PLAN}-autoscale`,
      resourceGroupName: RG,
      location: LOCATION,
      enabled: true,
      targetResourceUri: out.planId,
      targetResourceLocation: LOCATION,
      tags: TAGS,
      profiles: [
        {
          name: "metrics",
          capacity: { minimum: "3", maximum: "10", default: "3" },
          rules: [
            {
              metricTrigger: { ...trigger, metricName: "CpuPercentage", operator: "GreaterThan", threshold: 70, timeWindow: "PT5M" },
              scaleAction: { direction: "Increase", type: "ChangeCount", value: "1", cooldown: "PT5M" },
            },
            {
              metricTrigger: { ...trigger, metricName: "CpuPercentage", operator: "LessThan", threshold: 30, timeWindow: "PT10M" },
              scaleAction: { direction: "Decrease", type: "ChangeCount", value: "1", cooldown: "PT10M" },
            },
            {
              metricTrigger: { ...trigger, metricName: "HttpQueueLength", operator: "GreaterThan", threshold: 100, timeWindow: "PT5M" },
              scaleAction: { direction: "Increase", type: "ChangeCount", value: "1", cooldown: "PT5M" },
            },
          ],
        },
      ],
    });
    expect(out.planId).toMatch(new RegExp(`/AppServicePlan/${PLAN}$`));
  });

  test("defaults: P1v3/PremiumV3, not zone redundant, 1..3 instances, /health, port 8080, slot 'staging'; skuTier derived from sku", async () => {
    const minimal = await recordResources(() => {
      new AppHosting("web", {
        resourceGroupName: RG, planName: PLAN, appName: APP, identities: LITERAL_IDENTITIES,
        image: { loginServer: LOGIN_SERVER, repository: "pinecone-pro", digest: DIGEST },
        appInsightsConnectionString: CONNECTION_STRING, workspaceId: WORKSPACE,
      });
      new AppHosting("dev", {
        resourceGroupName: RG, planName: "asp-pcpro-dev", appName: "app-pcpro-dev-x7k2", sku: "S1", identities: LITERAL_IDENTITIES,
        image: { loginServer: LOGIN_SERVER, repository: "pinecone-pro", digest: DIGEST },
        appInsightsConnectionString: CONNECTION_STRING, workspaceId: WORKSPACE,
      });
    });
    expect(minimal.one(T.plan, "web-plan").inputs).toMatchObject({ sku: { name: "P1v3", tier: "PremiumV3", capacity: 1 }, zoneRedundant: false });
    expect(minimal.one(T.plan, "dev-plan").inputs.sku).toEqual({ name: "S1", tier: "Standard", capacity: 1 });
    const profile = (minimal.one(T.autoscale, "web-autoscale").inputs.profiles as { capacity: unknown; rules: { metricTrigger: { threshold: number } }[] }[])[0];
    expect(profile.capacity).toEqual({ minimum: "1", maximum: "3", default: "1" });
    expect(profile.rules.map((r) => r.metricTrigger.threshold)).toEqual([70, 30, 100]);
    const app = minimal.one(T.app, "web-app");
    expect(siteConfigOf(app).healthCheckPath).toBe("/health");
    expect(settingsOf(app).WEBSITE_SWAP_WARMUP_PING_PATH).toBe("/health");
    expect(minimal.one(T.slot, "web-staging-slot").inputs.slot).toBe("staging");
    expect(Object.keys(settingsOf(app)).sort()).toEqual([
      "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "APPLICATIONINSIGHTS_CONNECTION_STRING", "AZURE_CLIENT_ID",
      "WEBSITES_PORT", "WEBSITE_SWAP_WARMUP_PING_PATH", "WEBSITE_SWAP_WARMUP_PING_STATUSES",
    ]);
    expect(settingsOf(app).WEBSITES_PORT).toBe("8080");
  });
});

describe("AppHosting: app and staging slot", () => {
  const sites = [
    { what: "production app", type: T.app, logical: "web-app", identity: "production" as const },
    { what: "staging slot", type: T.slot, logical: "web-staging-slot", identity: "staging" as const },
  ];
  const site = (type: string) => rec.one(type);
  const idOf = (role: "production" | "staging") => ({ id: out[`${role}Id`], clientId: out[`${role}ClientId`] });

  test.each(sites)("$what: Linux container site with every security setting", ({ type, logical }) => {
    const s = site(type);
    expect(s.name).toBe(logical);
    expect(s.inputs).toMatchObject({
      resourceGroupName: RG,
      location: LOCATION,
      serverFarmId: out.planId,
      kind: "app,linux,container",
      reserved: true,
      httpsOnly: true,
      clientAffinityEnabled: false,
      tags: TAGS,
    });
    expect(siteConfigOf(s)).toMatchObject({
      acrUseManagedIdentityCreds: true,
      alwaysOn: true,
      healthCheckPath: "/healthz",
      ftpsState: "Disabled",
      minTlsVersion: "1.2",
      scmMinTlsVersion: "1.2",
      http20Enabled: true,
      remoteDebuggingEnabled: false,
      netFrameworkVersion: "v4.0",
      linuxFxVersion: `DOCKER|${LOGIN_SERVER}/pinecone-pro@${DIGEST}`,
    });
  });

  test.each(sites)("$what: its own identity; ACR pull by client id, Key Vault references by resource id", ({ type, identity }) => {
    const s = site(type);
    const { id, clientId } = idOf(identity);
    expect(s.inputs.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: [id] });
    expect(s.inputs.keyVaultReferenceIdentity).toBe(id);
    expect(siteConfigOf(s).acrUserManagedIdentityID).toBe(clientId);
    expect(siteConfigOf(s).acrUserManagedIdentityID).not.toBe(id);
    expect(settingsOf(s).AZURE_CLIENT_ID).toBe(clientId);
    expect(settingsOf(s).APPLICATIONINSIGHTS_AUTHENTICATION_STRING).toBe(`Authorization=AAD;ClientId=${clientId}`);
  });

  test.each(sites)("$what: ignoreChanges is exactly the release-owned list for its type; waits for the access grants", ({ type }) => {
    const s = site(type);
    expect(releaseOwnedPaths(type).length).toBeGreaterThan(0);
    expect(s.ignoreChanges).toEqual(releaseOwnedPaths(type));
    expect(s.dependsOn).toContain(out.acrPullUrn);
  });

  test.each(sites)("$what: app settings (Key Vault references, plain settings, telemetry, swap warm-up)", ({ type, identity }) => {
    const { clientId } = idOf(identity);
    const s = site(type);
    expect(settingsOf(s)).toEqual({
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `Authorization=AAD;ClientId=${clientId}`,
      APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION_STRING,
      ASPNETCORE_ENVIRONMENT: "Production",
      AZURE_CLIENT_ID: clientId,
      ConnectionStrings__Erp: `@Microsoft.KeyVault(SecretUri=${DB_SECRET_URI})`,
      LEGACY_API_KEY: LEGACY_REFERENCE,
      Smtp__Password: `@Microsoft.KeyVault(SecretUri=${SMTP_SECRET_URI})`,
      WEBSITE_SWAP_WARMUP_PING_PATH: "/healthz",
      WEBSITE_SWAP_WARMUP_PING_STATUSES: "200,202",
      WEBSITES_PORT: "5000",
    });
    // Sorted, so a different insertion order in config never shows up as a diff.
    const names = Object.keys(settingsOf(s));
    expect(names).toEqual([...names].sort());
    expect(rec.isSecretAt(s, "siteConfig")).toBe(false);
  });

  test("the slot is the staging slot of the app and differs from it only in identity-bound values", () => {
    const app = site(T.app);
    const slot = site(T.slot);
    expect(app.inputs.name).toBe(APP);
    expect(slot.inputs).toMatchObject({ name: APP, slot: "staging" });
    const strip = (r: RecordedResource) => {
      const { name: _n, slot: _s, identity: _i, keyVaultReferenceIdentity: _k, siteConfig, ...rest } = r.inputs;
      const { acrUserManagedIdentityID: _a, appSettings: _as, ...config } = siteConfig as Record<string, unknown>;
      return { ...rest, siteConfig: config };
    };
    expect(strip(slot)).toEqual(strip(app));
  });

  test("sticky settings are exactly the settings whose value differs between the slots", () => {
    const sticky = rec.one(T.sticky);
    expect(sticky.name).toBe("web-sticky-settings");
    expect(sticky.inputs).toEqual({
      name: APP,
      resourceGroupName: RG,
      appSettingNames: ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "AZURE_CLIENT_ID"],
      connectionStringNames: [],
      azureStorageConfigNames: [],
    });
    const app = settingsOf(site(T.app));
    const slot = settingsOf(site(T.slot));
    expect(Object.keys(slot).sort()).toEqual(Object.keys(app).sort());
    const differing = Object.keys(app).filter((k) => app[k] !== slot[k]).sort();
    expect(differing).toEqual(sticky.inputs.appSettingNames);
  });

  test("basic publishing credentials are off for FTP and SCM on the app and on the slot", () => {
    const expected: [string, string, Record<string, unknown>][] = [
      ["azure-native:web:WebAppFtpAllowed", "web-app-ftp-basic-auth", { resourceGroupName: RG, name: APP, allow: false }],
      ["azure-native:web:WebAppScmAllowed", "web-app-scm-basic-auth", { resourceGroupName: RG, name: APP, allow: false }],
      ["azure-native:web:WebAppFtpAllowedSlot", "web-staging-ftp-basic-auth", { resourceGroupName: RG, name: APP, slot: "staging", allow: false }],
      ["azure-native:web:WebAppScmAllowedSlot", "web-staging-scm-basic-auth", { resourceGroupName: RG, name: APP, slot: "staging", allow: false }],
    ];
    for (const [type, name, inputs] of expected) {
      const policy = rec.one(type);
      expect([policy.name, policy.inputs]).toEqual([name, inputs]);
    }
    // The slot policies must not be written before the slot exists.
    for (const type of ["azure-native:web:WebAppFtpAllowedSlot", "azure-native:web:WebAppScmAllowedSlot"]) {
      expect(rec.one(type).dependsOn).toEqual([site(T.slot).urn]);
    }
  });

  test("a secret Application Insights connection string stays secret", async () => {
    const secret = await recordResources(() => {
      new AppHosting("web", { ...prodArgs(LITERAL_IDENTITIES), appInsightsConnectionString: pulumi.secret(CONNECTION_STRING) });
    });
    for (const type of [T.app, T.slot]) {
      const s = secret.one(type);
      expect(secret.isSecretAt(s, "siteConfig.appSettings")).toBe(true);
      expect(JSON.stringify(s.inputs)).not.toContain("InstrumentationKey=");
    }
  });
});

describe("AppHosting: diagnostics and outputs", () => {
  test("plan, app, slot and autoscale send their profile's logs and metrics to the workspace", () => {
    const byName = Object.fromEntries(rec.ofType(T.diagnostics).map((d) => [d.name, d.inputs]));
    const logs = (p: keyof typeof DIAGNOSTIC_PROFILES) => DIAGNOSTIC_PROFILES[p].logs.map((l) => ({ ...l, enabled: true }));
    const common = { name: "send-to-log-analytics", workspaceId: WORKSPACE, logAnalyticsDestinationType: "Dedicated", metrics: [{ category: "AllMetrics", enabled: true }] };
    expect(byName).toEqual({
      "web-plan-diagnostics": { ...common, resourceUri: out.planId, logs: logs("appServicePlan") },
      "web-app-diagnostics": { ...common, resourceUri: out.appId, logs: logs("webApp") },
      "web-staging-slot-diagnostics": { ...common, resourceUri: out.stagingSlotId, logs: logs("webApp") },
      "web-autoscale-diagnostics": { ...common, resourceUri: expect.stringMatching(new RegExp(`/AutoscaleSetting/${PLAN}-autoscale$`)), logs: logs("autoscale") },
    });
    expect(out.stagingSlotId).not.toBe(out.appId);
  });

  test("outputs: ids, host names and health URLs of both slots", () => {
    expect(out).toMatchObject({
      appName: APP,
      defaultHostName: `${APP}.azurewebsites.net`,
      stagingHostName: `${APP}-staging.azurewebsites.net`,
      healthProduction: `https://${APP}.azurewebsites.net/healthz`,
      healthStaging: `https://${APP}-staging.azurewebsites.net/healthz`,
    });
    expect(out.appId).toMatch(new RegExp(`/WebApp/${APP}$`));
  });
});

describe("AppHosting: conflicting args are rejected before any child is created", () => {
  const cases: [string, Partial<AppHostingArgs>, RegExp][] = [
    ["zone redundancy with fewer than 3 instances", { autoscale: { minimum: 2, default: 2, maximum: 10 } }, /zoneRedundant is true but autoscale\.minimum is 2/],
    ["zone redundancy on a tier without zones", { sku: "S1", skuTier: "Standard" }, /zoneRedundant is true but skuTier "Standard"/],
    ["sku and skuTier disagree", { skuTier: "Standard" }, /sku "P1v3" belongs to tier "PremiumV3" but skuTier is "Standard"/],
    ["minimum above default", { autoscale: { minimum: 4, default: 3, maximum: 10 } }, /autoscale\.minimum \(4\) is above autoscale\.default \(3\)/],
    ["default above maximum", { autoscale: { minimum: 3, default: 11, maximum: 10 } }, /autoscale\.default \(11\) is above autoscale\.maximum \(10\)/],
    ["scale-in not below scale-out", { autoscale: { minimum: 3, cpuScaleInPercent: 70, cpuScaleOutPercent: 70 } }, /autoscale\.cpuScaleInPercent \(70\) must be below autoscale\.cpuScaleOutPercent \(70\)/],
    ["a setting in both appSettings and keyVaultReferences", { appSettings: { Smtp__Password: "x" } }, /"Smtp__Password" is in both appSettings and keyVaultReferences/],
    ["a secret-looking name in appSettings", { appSettings: { SMTP_PASSWORD: "hunter2" } }, /appSettings "SMTP_PASSWORD" looks like a secret.*keyVaultReferences/],
    ["a secret-looking name whose value is an Output", { appSettings: { PAYMENT_API_KEY: pulumi.output("k") } }, /appSettings "PAYMENT_API_KEY" looks like a secret.*keyVaultReferences/],
    ["a credential in a plain value", { appSettings: { STORAGE: "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=abc==" } }, /appSettings "STORAGE" has a value that looks like a credential.*keyVaultReferences/],
    ["a setting the component owns", { appSettings: { WEBSITE_SWAP_WARMUP_PING_PATH: "/" } }, /appSettings sets "WEBSITE_SWAP_WARMUP_PING_PATH", which the component derives from healthCheckPath/],
    ["a port that is not a TCP port", { containerPort: 0 }, /containerPort must be a TCP port/],
    ["a tag instead of a digest", { image: { loginServer: LOGIN_SERVER, repository: "pinecone-pro", digest: "latest" } }, /image\.digest must be sha256/],
    ["a Key Vault reference that is not a secret URI", { keyVaultReferences: { Smtp__Password: "hunter2" } }, /keyVaultReferences "Smtp__Password" must be a Key Vault secret URI/],
  ];

  test.each(cases)("%s", async (_what, override, message) => {
    let error: Error | undefined;
    const bad = await recordResources(() => {
      try {
        new AppHosting("web", { ...prodArgs(LITERAL_IDENTITIES), ...override });
      } catch (e) {
        error = e as Error;
      }
    });
    expect(error?.message).toMatch(/^AppHosting web: /);
    expect(error?.message).toMatch(message);
    expect(bad.resources.filter((r) => r.custom)).toEqual([]);
  });
});
