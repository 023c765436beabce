import { execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import type { ReadinessExpectation } from "../../tools/readiness/expectation";
import { ROLES } from "../../tools/readiness/checks";

/**
 * A loopback HTTPS fake of the ARM endpoints `delivery readiness` calls through the Azure SDK,
 * answering in the REST wire shapes of Microsoft's API examples (azure-rest-api-specs:
 * GetWebApp/GetWebAppSlot, ListAppSettings, GetSlotConfigNames, GetKeyVaultReferencesForAppSettings
 * (entries carry an id ending in the setting name and no name; status as ResolveStatus values),
 * RoleAssignments_ListForScope, MetricAlert/ActivityLogAlert/AutoscaleSetting/WebTest Get).
 * HTTPS because the SDK's bearer policy refuses plain http; the certificate is self-signed for
 * 127.0.0.1 and trusted only through the agent the test hands the SDK.
 */

export const FAKE_SUBSCRIPTION = "3f2c9a8e-1b7d-4c55-9e21-6a0f4d8b7c10";
export const FAKE_TOKEN = "fake-arm-token";

type Slot = "production" | "staging";

/** The live platform the fake serves; tests mutate it to make a check fail. */
export interface FakePlatform {
  sites: Record<Slot, { state: string; identityName: string; principalId: string } | undefined>;
  healthStatus: number;
  appSettings: Record<Slot, Record<string, string>>;
  sticky: string[] | undefined;
  keyVaultReferences: Record<Slot, { name: string; status: string; details?: string }[]>;
  /** principalId → scope (lower case) → role GUIDs. */
  roles: Map<string, Map<string, string[]>>;
  metricAlerts: Map<string, boolean>;
  activityLogAlerts: Map<string, boolean>;
  webTests: Map<string, boolean>;
  autoscale: { name: string; enabled: boolean; minimum: number; maximum: number } | undefined;
}

export interface Fault {
  readonly path: RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  remaining: number;
}

export class FakeArm {
  private server?: https.Server;
  readonly requests: { method: string; path: string; status: number }[] = [];
  readonly faults: Fault[] = [];
  /** Every request answers 401 (an expired token as ARM reports it). */
  expiredToken = false;
  readonly agent: https.Agent;
  private readonly key: string;
  private readonly cert: string;
  endpoint = "";
  platform: FakePlatform;

  constructor(private readonly e: ReadinessExpectation) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-arm-"));
    const keyFile = path.join(dir, "key.pem");
    const certFile = path.join(dir, "cert.pem");
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    ], { stdio: "ignore" });
    this.key = fs.readFileSync(keyFile, "utf8");
    this.cert = fs.readFileSync(certFile, "utf8");
    fs.rmSync(dir, { recursive: true, force: true });
    this.agent = new https.Agent({ ca: this.cert, keepAlive: false });
    this.platform = this.healthyPlatform();
  }

  /** Everything as the program declares it: every check passes. */
  healthyPlatform(): FakePlatform {
    const e = this.e;
    const sub = FAKE_SUBSCRIPTION;
    const registry = `/subscriptions/${sub}/resourcegroups/${e.resourceGroup}/providers/microsoft.containerregistry/registries/${e.registryName}`.toLowerCase();
    const vault = `/subscriptions/${sub}/resourcegroups/${e.resourceGroup}/providers/microsoft.keyvault/vaults/${e.vaultName}`.toLowerCase();
    const principal = { production: "11111111-aaaa-4bbb-8ccc-000000000001", staging: "11111111-aaaa-4bbb-8ccc-000000000002" };
    const settings = (slot: Slot) =>
      Object.fromEntries(e.appSettingNames[slot].map((n) => [n, e.keyVaultReferenceNames[slot].includes(n) ? `@Microsoft.KeyVault(SecretUri=https://${e.vaultName}.vault.azure.net/secrets/${n.replace(/__/g, "--")})` : "value"]));
    return {
      sites: {
        production: { state: "Running", identityName: e.identities.production, principalId: principal.production },
        staging: { state: "Running", identityName: e.identities.staging, principalId: principal.staging },
      },
      healthStatus: 200,
      appSettings: { production: settings("production"), staging: settings("staging") },
      sticky: [...e.stickySettingNames],
      keyVaultReferences: {
        production: e.keyVaultReferenceNames.production.map((name) => ({ name, status: "Resolved" })),
        staging: e.keyVaultReferenceNames.staging.map((name) => ({ name, status: "Resolved" })),
      },
      roles: new Map(
        (["production", "staging"] as const).map((s) => [principal[s], new Map([[registry, [ROLES.AcrPull]], [vault, [ROLES.KeyVaultSecretsUser]]])]),
      ),
      metricAlerts: new Map(e.metricAlerts.map((n) => [n, true])),
      activityLogAlerts: new Map(e.activityLogAlerts.map((n) => [n, true])),
      webTests: new Map(e.availabilityTests.map((n) => [n, true])),
      autoscale: e.autoscale ? { name: e.autoscale.name, enabled: true, minimum: e.autoscale.minimum, maximum: e.autoscale.maximum } : undefined,
    };
  }

  async start(): Promise<this> {
    this.server = https.createServer({ key: this.key, cert: this.cert }, (req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const { status, json, headers } = this.answer(req.method ?? "GET", req.url ?? "/", req.headers.authorization);
        this.requests.push({ method: req.method ?? "GET", path: (req.url ?? "").replace(/\?.*$/, ""), status });
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-ms-request-id": "fake", ...headers });
        res.end(json === undefined ? "" : JSON.stringify(json));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.endpoint = `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  credential(): TokenCredential {
    return { getToken: async (): Promise<AccessToken> => ({ token: FAKE_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) };
  }

  private answer(method: string, url: string, authorization: string | undefined): { status: number; json?: unknown; headers?: Record<string, string> } {
    const e = this.e;
    const p = this.platform;
    const rawPath = decodeURIComponent(url.replace(/\?.*$/, "")).replace(/\/{2,}/g, "/");
    const lower = rawPath.toLowerCase();
    if (lower === e.healthPath.toLowerCase()) return { status: p.healthStatus, json: { status: p.healthStatus === 200 ? "Healthy" : "Unhealthy" } };
    if (this.expiredToken) {
      return {
        status: 401,
        json: { error: { code: "ExpiredAuthenticationToken", message: "The access token expiry UTC time '12/6/2026 10:00:00 AM' is earlier than current UTC time '12/6/2026 11:00:00 AM'." } },
        headers: { "www-authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token has expired."' },
      };
    }
    if (authorization !== `Bearer ${FAKE_TOKEN}`) return { status: 401, json: { error: { code: "AuthenticationFailed", message: "Authentication failed. The 'Authorization' header is missing." } } };
    if (!/[?&]api-version=/.test(url)) return { status: 400, json: { error: { code: "MissingApiVersionParameter", message: "The api-version query parameter (?api-version=) is required for all requests." } } };
    const fault = this.faults.find((f) => f.remaining > 0 && f.path.test(rawPath));
    if (fault) {
      fault.remaining--;
      return { status: fault.status, json: { error: { code: fault.status === 429 ? "TooManyRequests" : "InternalServerError", message: `fake fault ${fault.status}` } }, headers: fault.headers };
    }

    const sub = FAKE_SUBSCRIPTION;
    const rgPrefix = `/subscriptions/${sub}/resourcegroups/${e.resourceGroup}/providers`.toLowerCase();
    const notFound = (what: string) => ({ status: 404, json: { error: { code: "ResourceNotFound", message: `The Resource '${what}' under resource group '${e.resourceGroup}' was not found.` } } });
    // A slot hosted on another stack's app lives in the host's group (appResourceGroup).
    const appRg = e.appResourceGroup ?? e.resourceGroup;
    const site = `/subscriptions/${sub}/resourcegroups/${appRg}/providers/microsoft.web/sites/${e.appName}`.toLowerCase();
    const slotPath = `${site}/slots/${e.stagingSlot}`.toLowerCase();
    for (const slot of ["staging", "production"] as const) {
      const base = slot === "staging" ? slotPath : site;
      const id = slot === "staging" ? `/subscriptions/${sub}/resourceGroups/${appRg}/providers/Microsoft.Web/sites/${e.appName}/slots/${e.stagingSlot}` : `/subscriptions/${sub}/resourceGroups/${appRg}/providers/Microsoft.Web/sites/${e.appName}`;
      const s = p.sites[slot];
      if (lower === base && method === "GET") {
        if (!s) return notFound(`Microsoft.Web/sites/${e.appName}`);
        const identityId = `/subscriptions/${sub}/resourcegroups/${e.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${s.identityName}`;
        return {
          status: 200,
          json: {
            id,
            name: slot === "staging" ? `${e.appName}/${e.stagingSlot}` : e.appName,
            type: slot === "staging" ? "Microsoft.Web/sites/slots" : "Microsoft.Web/sites",
            kind: "app,linux,container",
            location: "West Europe",
            identity: { type: "UserAssigned", userAssignedIdentities: { [identityId]: { principalId: s.principalId, clientId: "22222222-aaaa-4bbb-8ccc-000000000009" } } },
            properties: {
              state: s.state,
              hostNames: [`${e.appName}.azurewebsites.net`],
              enabled: true,
              availabilityState: "Normal",
              // The health probe goes to the host name Azure reports; here that is this fake.
              defaultHostName: this.endpoint.replace("https://", ""),
              httpsOnly: true,
              reserved: true,
              keyVaultReferenceIdentity: identityId,
              resourceGroup: e.resourceGroup,
            },
          },
        };
      }
      if (lower === `${base}/config/appsettings/list` && method === "POST") {
        if (!s) return notFound(`Microsoft.Web/sites/${e.appName}`);
        return { status: 200, json: { id: `${id}/config/appsettings`, name: "appsettings", type: "Microsoft.Web/sites/config", properties: p.appSettings[slot] } };
      }
      if (lower === `${base}/config/configreferences/appsettings` && method === "GET") {
        if (!s) return notFound(`Microsoft.Web/sites/${e.appName}`);
        return {
          status: 200,
          json: {
            value: p.keyVaultReferences[slot].map((r) => ({
              // As in Microsoft's example (GetKeyVaultReferencesForAppSettings.json): an id, no name.
              id: `${id}/config/configreferences/appsettings/${r.name}`,
              properties: {
                reference: p.appSettings[slot][r.name] ?? "",
                status: r.status,
                vaultName: e.vaultName,
                secretName: r.name.replace(/__/g, "--"),
                identityType: { type: "UserAssigned" },
                ...(r.details ? { details: r.details } : {}),
                source: "KeyVault",
              },
            })),
            nextLink: null,
          },
        };
      }
    }
    if (lower === `${site}/config/slotconfignames` && method === "GET") {
      if (!p.sticky) return notFound("slotConfigNames");
      return { status: 200, json: { id: `${site}/config/slotConfigNames`, name: "slotConfigNames", type: "Microsoft.Web/sites", properties: { appSettingNames: p.sticky, connectionStringNames: [], azureStorageConfigNames: [] } } };
    }
    const roleMatch = /^(.*)\/providers\/microsoft\.authorization\/roleassignments$/.exec(lower);
    if (roleMatch && method === "GET") {
      const scope = roleMatch[1];
      const filter = /principalId eq '([^']+)'/i.exec(decodeURIComponent(url))?.[1] ?? "";
      const roles = p.roles.get(filter)?.get(scope) ?? [];
      return {
        status: 200,
        json: {
          value: roles.map((guid, i) => ({
            id: `${scope}/providers/Microsoft.Authorization/roleAssignments/0000000${i}-0000-0000-0000-000000000000`,
            name: `0000000${i}-0000-0000-0000-000000000000`,
            type: "Microsoft.Authorization/roleAssignments",
            properties: {
              roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
              principalId: filter,
              principalType: "ServicePrincipal",
              scope,
              createdOn: "2026-11-01T10:00:00.0000000Z",
              updatedOn: "2026-11-01T10:00:00.0000000Z",
            },
          })),
        },
      };
    }
    const named = (kind: string) => new RegExp(`^${escape(rgPrefix)}/microsoft\\.insights/${kind}/([^/]+)$`).exec(lower)?.[1];
    const metric = named("metricalerts");
    if (metric !== undefined) {
      const name = [...p.metricAlerts.keys()].find((n) => n.toLowerCase() === metric);
      if (name === undefined) return notFound(`Microsoft.Insights/metricAlerts/${metric}`);
      return {
        status: 200,
        json: {
          id: `/subscriptions/${sub}/resourceGroups/${e.resourceGroup}/providers/Microsoft.Insights/metricAlerts/${name}`,
          name,
          type: "Microsoft.Insights/metricAlerts",
          location: "global",
          tags: {},
          properties: {
            description: "fake",
            severity: 2,
            enabled: p.metricAlerts.get(name),
            scopes: [site],
            evaluationFrequency: "PT1M",
            windowSize: "PT5M",
            criteria: { "odata.type": "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", allOf: [{ criterionType: "StaticThresholdCriterion", name: "c1", metricName: "Http5xx", metricNamespace: "Microsoft.Web/sites", operator: "GreaterThan", threshold: 10, timeAggregation: "Total", dimensions: [] }] },
            autoMitigate: true,
            actions: [],
          },
        },
      };
    }
    const activity = named("activitylogalerts");
    if (activity !== undefined) {
      const name = [...p.activityLogAlerts.keys()].find((n) => n.toLowerCase() === activity);
      if (name === undefined) return notFound(`Microsoft.Insights/activityLogAlerts/${activity}`);
      return {
        status: 200,
        json: {
          id: `/subscriptions/${sub}/resourceGroups/${e.resourceGroup}/providers/Microsoft.Insights/activityLogAlerts/${name}`,
          name,
          type: "Microsoft.Insights/ActivityLogAlerts",
          location: "Global",
          tags: {},
          properties: {
            scopes: [`/subscriptions/${sub}/resourceGroups/${e.resourceGroup}`],
            condition: { allOf: [{ field: "category", equals: "Administrative" }] },
            actions: { actionGroups: [] },
            enabled: p.activityLogAlerts.get(name),
            description: "fake",
          },
        },
      };
    }
    const webTest = named("webtests");
    if (webTest !== undefined) {
      const name = [...p.webTests.keys()].find((n) => n.toLowerCase() === webTest);
      if (name === undefined) return notFound(`Microsoft.Insights/webtests/${webTest}`);
      return {
        status: 200,
        json: {
          id: `/subscriptions/${sub}/resourceGroups/${e.resourceGroup}/providers/Microsoft.Insights/webtests/${name}`,
          name,
          type: "Microsoft.Insights/webtests",
          location: "westeurope",
          kind: "standard",
          tags: {},
          properties: {
            SyntheticMonitorId: name,
            Name: name,
            Enabled: p.webTests.get(name),
            Frequency: 300,
            Timeout: 120,
            Kind: "standard",
            RetryEnabled: true,
            Locations: [{ Id: "emea-nl-ams-azr" }],
            Request: { RequestUrl: `https://${e.appName}.azurewebsites.net${e.healthPath}`, HttpVerb: "GET" },
            provisioningState: "Succeeded",
          },
        },
      };
    }
    const autoscale = named("autoscalesettings");
    if (autoscale !== undefined) {
      const a = p.autoscale;
      if (!a || a.name.toLowerCase() !== autoscale) return notFound(`Microsoft.Insights/autoscalesettings/${autoscale}`);
      return {
        status: 200,
        json: {
          id: `/subscriptions/${sub}/resourceGroups/${e.resourceGroup}/providers/Microsoft.Insights/autoscalesettings/${a.name}`,
          name: a.name,
          type: "Microsoft.Insights/autoscaleSettings",
          location: "westeurope",
          tags: {},
          properties: {
            name: a.name,
            enabled: a.enabled,
            targetResourceUri: `/subscriptions/${sub}/resourceGroups/${e.resourceGroup}/providers/Microsoft.Web/serverfarms/plan`,
            profiles: [{ name: "metrics", capacity: { minimum: String(a.minimum), maximum: String(a.maximum), default: String(a.minimum) }, rules: [] }],
            notifications: [],
          },
        },
      };
    }
    return { status: 404, json: { error: { code: "NoRegisteredProviderFound", message: `fake ARM has no route for ${method} ${rawPath}` } } };
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
