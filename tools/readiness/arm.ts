import type { Agent } from "http";
import type { TokenCredential } from "@azure/core-auth";

/** What readiness reads from Azure; each method is one ARM call through the official SDK. `undefined` = 404. */
export interface ArmReader {
  site(resourceGroup: string, app: string, slot?: string): Promise<SiteView | undefined>;
  appSettingNames(resourceGroup: string, app: string, slot?: string): Promise<string[] | undefined>;
  stickySettingNames(resourceGroup: string, app: string): Promise<string[] | undefined>;
  keyVaultReferences(resourceGroup: string, app: string, slot?: string): Promise<KeyVaultReferenceView[]>;
  /** Role definition GUIDs the principal holds at the scope (assignments at the scope or inherited from above). */
  roleDefinitionIds(scope: string, principalId: string): Promise<string[]>;
  metricAlertEnabled(resourceGroup: string, name: string): Promise<boolean | undefined>;
  activityLogAlertEnabled(resourceGroup: string, name: string): Promise<boolean | undefined>;
  availabilityTestEnabled(resourceId: string): Promise<boolean | undefined>;
  autoscale(resourceGroup: string, name: string): Promise<AutoscaleView | undefined>;
}

export interface SiteView {
  readonly state: string | undefined;
  readonly defaultHostName: string | undefined;
  /** User-assigned identities by ARM id (as Azure spells it) → principal id. */
  readonly identities: Readonly<Record<string, string | undefined>>;
}

export interface KeyVaultReferenceView {
  /** App setting name. */
  readonly name: string;
  readonly status: string | undefined;
  readonly details: string | undefined;
}

export interface AutoscaleView {
  readonly enabled: boolean;
  readonly minimum: number;
  readonly maximum: number;
}

export interface ArmOptions {
  readonly credential: TokenCredential;
  readonly subscriptionId: string;
  /** ARM endpoint; default https://management.azure.com (tests point it at a loopback fake). */
  readonly endpoint?: string;
  /** HTTP agent (tests pass one that trusts the fake's certificate). */
  readonly agent?: Agent;
  /** SDK retries: 429 honours Retry-After, 5xx and network errors back off exponentially. */
  readonly retry?: { readonly maxRetries: number; readonly retryDelayInMs: number; readonly maxRetryDelayInMs: number };
}

/** Application Insights web tests have no client in a current SDK package: read them generically through ARM. */
const WEB_TEST_API_VERSION = "2022-06-15";

export const DEFAULT_RETRY = { maxRetries: 4, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 } as const;

/**
 * The ArmReader over the official Azure SDK clients (@azure/arm-appservice, -authorization,
 * -monitor, -resources). Clients are loaded here, not at the top of the CLI, so other commands
 * never pay for them.
 */
export function sdkArmReader(o: ArmOptions): ArmReader {
  const { WebSiteManagementClient } = require("@azure/arm-appservice") as typeof import("@azure/arm-appservice");
  const { MonitorClient } = require("@azure/arm-monitor") as typeof import("@azure/arm-monitor");
  const { AuthorizationManagementClient } = require("@azure/arm-authorization") as typeof import("@azure/arm-authorization");
  const { ResourceManagementClient } = require("@azure/arm-resources") as typeof import("@azure/arm-resources");
  const common = {
    endpoint: o.endpoint,
    agent: o.agent,
    retryOptions: { ...DEFAULT_RETRY, ...o.retry },
    userAgentOptions: { userAgentPrefix: "pinecone-delivery-readiness" },
  };
  const web = new WebSiteManagementClient(o.credential, o.subscriptionId, common);
  const monitor = new MonitorClient(o.credential, o.subscriptionId, common);
  const authorization = new AuthorizationManagementClient(o.credential, o.subscriptionId, { ...common, endpoint: o.endpoint });
  const resources = new ResourceManagementClient(o.credential, o.subscriptionId, common);

  return {
    site: (rg, app, slot) =>
      orMissing(async () => {
        const s = slot ? await web.webApps.getSlot(rg, app, slot) : await web.webApps.get(rg, app);
        const identities = Object.fromEntries(
          Object.entries(s.identity?.userAssignedIdentities ?? {}).map(([id, v]) => [id, v?.principalId]),
        );
        return { state: s.state, defaultHostName: s.defaultHostName, identities };
      }),
    appSettingNames: (rg, app, slot) =>
      orMissing(async () => {
        const d = slot ? await web.webApps.listApplicationSettingsSlot(rg, app, slot) : await web.webApps.listApplicationSettings(rg, app);
        // Names only: the values never leave this function (some are secrets in other apps).
        return Object.keys(d.properties ?? {});
      }),
    stickySettingNames: (rg, app) => orMissing(async () => [...((await web.webApps.listSlotConfigurationNames(rg, app)).appSettingNames ?? [])]),
    keyVaultReferences: async (rg, app, slot) => {
      const out: KeyVaultReferenceView[] = [];
      const pages = slot ? web.webApps.listAppSettingsKeyVaultReferencesSlot(rg, app, slot) : web.webApps.listAppSettingsKeyVaultReferences(rg, app);
      // Microsoft's example answer (GetKeyVaultReferencesForAppSettings.json) has no `name`, only an
      // `id` ending in the app setting name: take the name from whichever is there.
      for await (const r of pages) out.push({ name: settingName(r.name || r.id), status: r.status, details: r.details });
      return out;
    },
    roleDefinitionIds: async (scope, principalId) => {
      const ids: string[] = [];
      // The SDK puts "/" before the scope itself; an ARM id already starts with one.
      for await (const a of authorization.roleAssignments.listForScope(scope.replace(/^\/+/, ""), { filter: `principalId eq '${principalId}'` })) {
        if (a.principalId && a.principalId.toLowerCase() !== principalId.toLowerCase()) continue;
        const def = a.roleDefinitionId ?? "";
        ids.push(def.slice(def.lastIndexOf("/") + 1).toLowerCase());
      }
      return ids;
    },
    metricAlertEnabled: (rg, name) => orMissing(async () => (await monitor.metricAlerts.get(rg, name)).enabled === true),
    activityLogAlertEnabled: (rg, name) => orMissing(async () => (await monitor.activityLogAlerts.get(rg, name)).enabled !== false),
    availabilityTestEnabled: (id) =>
      orMissing(async () => {
        const r = await resources.resources.getById(id, WEB_TEST_API_VERSION);
        // The web test REST schema spells its properties in PascalCase ("Enabled").
        return (r.properties as { Enabled?: unknown } | undefined)?.Enabled === true;
      }),
    autoscale: (rg, name) =>
      orMissing(async () => {
        const s = await monitor.autoscaleSettings.get(rg, name);
        const capacity = s.profiles?.[0]?.capacity;
        return { enabled: s.enabled === true, minimum: Number(capacity?.minimum), maximum: Number(capacity?.maximum) };
      }),
  };
}

/** `…/config/configreferences/appsettings/{name}`, `{site}/{name}` or just the name: the app setting name is the last segment. */
function settingName(name: string | undefined): string {
  const n = name ?? "";
  return n.slice(n.lastIndexOf("/") + 1);
}

/** 404 → undefined (the check reports the resource as missing); every other failure propagates. */
async function orMissing<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}
