/**
 * A stateful fake of the Azure a release touches, for scenario tests that run the real pipeline
 * scripts: `az` (./az.js) and `curl` (./curl.js) are put first on PATH and keep Azure's state in one
 * JSON file of a temp folder. This module seeds that state (stacks: resource group, web app with its
 * staging slot, registry, Application Insights, alert rules, the pipeline identity and its roles)
 * and reads it back for the assertions.
 */
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

/** What the fake needs to know about one stack (the test derives it from Pulumi.<stack>.yaml). */
export interface FakeStack {
  readonly code: string;
  readonly resourceGroup: string;
  readonly webApp: string;
  readonly stagingSlot: string;
  readonly registry: string;
  readonly imageRepository: string;
  readonly healthPath: string;
  readonly appInsights: string;
  /** Service connection the stack's pipeline steps run with (the caller identity). */
  readonly serviceConnection: string;
  /** Metric alert rule names that fire when production runs an image failing under traffic. */
  readonly metricAlertRules: readonly { readonly name: string; readonly severity: string }[];
  /** Activity-log alert rules: name and the operations they watch on the site and its slot. */
  readonly activityLogAlertRules: readonly { readonly name: string; readonly operations: readonly string[] }[];
}

export interface Manifest {
  digest: string;
  mediaType: string;
  artifactType?: string;
  subject?: string;
  tags: string[];
  tagTimes: Record<string, string>;
  createdTime: string;
}

export interface FakeAlert {
  id: string;
  ruleName: string;
  alertRule: string;
  alertState: "New" | "Acknowledged" | "Closed";
  monitorCondition: "Fired" | "Resolved";
  startDateTime: string;
  lastModifiedDateTime: string;
  monitorConditionResolvedDateTime?: string;
  targetResource: string;
  signalType: string;
}

/** The state file's shape (read and written by az.js, curl.js and state.js). */
export interface FakeState {
  subscriptionId: string;
  subscriptionName: string;
  tenantId: string;
  lastTime: number;
  principals: Record<string, { appId: string; objectId: string }>;
  roleAssignments: { principal: string; role: string; scope: string }[];
  sites: {
    id: string;
    name: string;
    resourceGroup: string;
    location: string;
    defaultHostName: string;
    healthCheckPath: string;
    linuxFxVersion: string;
    appSettings: Record<string, string>;
    stickySettings: string[];
    rampUpRules: unknown[];
    slotSwapStatus: { timestampUtc: string; sourceSlotName: string; destinationSlotName: string } | null;
    pendingPreview: { slot: string; savedSettings: Record<string, string> } | null;
    slots: Record<string, { id: string; defaultHostName: string; linuxFxVersion: string; appSettings: Record<string, string> }>;
  }[];
  registries: {
    id: string;
    name: string;
    loginServer: string;
    resourceGroup: string;
    location: string;
    repositories: Record<string, Record<string, Manifest>>;
    /** Default "Enabled". */
    publicNetworkAccess?: "Enabled" | "Disabled";
    /** Default "AzureServices". */
    networkRuleBypassOptions?: "AzureServices" | "None";
    /** Default "enabled". */
    exportPolicy?: "enabled" | "disabled";
  }[];
  images: Record<string, { health?: number; failsUnderTrafficOn?: string[] }>;
  alertRules: (
    | { kind: "metric"; id: string; name: string; severity: string; targetResource: string }
    | { kind: "activityLog"; id: string; name: string; severity: string; operations: string[]; resourceIds: string[] }
  )[];
  alerts: FakeAlert[];
  components: { id: string; name: string; resourceGroup: string; location: string; instrumentationKey: string; ingestionEndpoint: string; connectionString: string }[];
  telemetry: { component: string; name: string; data: { baseData: { name: string; properties: Record<string, string> } } }[];
  annotations: Record<string, unknown>[];
  imports: { target: string; source: string; digest: string; by: string }[];
  productionHistory: { at: string; site: string; image: string; by: string; run: string }[];
  healthProbes: { host: string; path: string; status: number }[];
  notificationHosts: string[];
  notifications: { url: string; body: string }[];
  calls: { identity: string | null; run: string; argv: string[] }[];
  /** Custom role definitions by name (actions minus notActions), e.g. the host's slot operator. */
  customRoles?: Record<string, { actions: string[]; notActions?: string[] }>;
}

export const rgId = (rg: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}`;
export const siteId = (s: FakeStack) => `${rgId(s.resourceGroup)}/providers/Microsoft.Web/sites/${s.webApp}`;
export const registryId = (s: FakeStack) => `${rgId(s.resourceGroup)}/providers/Microsoft.ContainerRegistry/registries/${s.registry}`;
export const loginServer = (s: FakeStack) => `${s.registry}.azurecr.io`;
export const linuxFx = (s: FakeStack, digest: string) => `DOCKER|${loginServer(s)}/${s.imageRepository}@${digest}`;
/** A digest from a label, so tests read "release-4.12.0" instead of 64 hex digits. */
export const digestOf = (label: string) => `sha256:${crypto.createHash("sha256").update(label).digest("hex")}`;

const FAKE_DIR = __dirname;

let server: { process: ChildProcess; port: string } | undefined;
/** Starts the fake's server once per test process (blocking until it listens) and returns its port. */
function serverPort(): string {
  if (server) return server.port;
  const portFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fake-azure-server-")), "port");
  const child = spawn(process.execPath, [path.join(FAKE_DIR, "server.js"), portFile], { stdio: ["pipe", "ignore", "inherit"] });
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; !fs.existsSync(portFile); waited += 10) {
    if (waited > 15_000) throw new Error("the fake Azure server did not start");
    Atomics.wait(sleeper, 0, 0, 10);
  }
  server = { process: child, port: fs.readFileSync(portFile, "utf8").trim() };
  fs.rmSync(path.dirname(portFile), { recursive: true, force: true });
  return server.port;
}
/** Stops the server (call from afterAll). */
export function stopFakeAzure(): void {
  server?.process.kill();
  server = undefined;
}
export const NOTIFY_URL = "https://hooks.notify.example/pinecone";

export class FakeAzure {
  readonly dir: string;
  readonly stateFile: string;
  readonly bin: string;
  private readonly port: string;

  constructor(readonly stacks: readonly FakeStack[]) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-azure-"));
    this.stateFile = path.join(this.dir, "azure.json");
    this.bin = path.join(this.dir, "bin");
    fs.mkdirSync(this.bin);
    // az and curl are bash clients of one server process (a Node start per call would dominate).
    for (const cmd of ["az", "curl"]) fs.symlinkSync(path.join(FAKE_DIR, "client.sh"), path.join(this.bin, cmd));
    this.port = serverPort();
    const state: FakeState = {
      subscriptionId: SUBSCRIPTION,
      subscriptionName: "PineCone Pro",
      tenantId: TENANT,
      lastTime: 0,
      principals: {},
      roleAssignments: [],
      sites: [],
      registries: [],
      images: {},
      alertRules: [],
      alerts: [],
      components: [],
      telemetry: [],
      annotations: [],
      imports: [],
      productionHistory: [],
      healthProbes: [],
      notificationHosts: [new URL(NOTIFY_URL).host],
      notifications: [],
      calls: [],
    };
    for (const s of stacks) {
      const id = siteId(s);
      state.principals[s.serviceConnection] = { appId: crypto.randomUUID(), objectId: crypto.randomUUID() };
      // The release identity's own stack (the narrow grants are issue-14's program; here: the scope).
      state.roleAssignments.push({ principal: s.serviceConnection, role: "Contributor", scope: rgId(s.resourceGroup) });
      state.sites.push({
        id,
        name: s.webApp,
        resourceGroup: s.resourceGroup,
        location: "westeurope",
        defaultHostName: `${s.webApp}.azurewebsites.net`,
        healthCheckPath: s.healthPath,
        linuxFxVersion: "",
        appSettings: { ASPNETCORE_ENVIRONMENT: s.code, WEBSITES_PORT: "8080", WEBSITE_SWAP_WARMUP_PING_PATH: s.healthPath },
        stickySettings: ["ASPNETCORE_ENVIRONMENT"],
        rampUpRules: [],
        slotSwapStatus: null,
        pendingPreview: null,
        slots: {
          [s.stagingSlot]: {
            id: `${id}/slots/${s.stagingSlot}`,
            defaultHostName: `${s.webApp}-${s.stagingSlot}.azurewebsites.net`,
            linuxFxVersion: "",
            appSettings: { ASPNETCORE_ENVIRONMENT: `${s.code}-staging`, WEBSITES_PORT: "8080", WEBSITE_SWAP_WARMUP_PING_PATH: s.healthPath },
          },
        },
      });
      state.registries.push({ id: registryId(s), name: s.registry, loginServer: loginServer(s), resourceGroup: s.resourceGroup, location: "westeurope", repositories: {} });
      const ikey = crypto.randomUUID();
      const ingest = `https://westeurope-5.in.applicationinsights.azure.com/`;
      state.components.push({
        id: `${rgId(s.resourceGroup)}/providers/microsoft.insights/components/${s.appInsights}`,
        name: s.appInsights,
        resourceGroup: s.resourceGroup,
        location: "westeurope",
        instrumentationKey: ikey,
        ingestionEndpoint: ingest,
        connectionString: `InstrumentationKey=${ikey};IngestionEndpoint=${ingest};LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/`,
      });
      for (const r of s.metricAlertRules) {
        state.alertRules.push({ kind: "metric", id: `${rgId(s.resourceGroup)}/providers/microsoft.insights/metricAlerts/${r.name}`, name: r.name, severity: r.severity, targetResource: id });
      }
      for (const r of s.activityLogAlertRules) {
        state.alertRules.push({
          kind: "activityLog",
          id: `${rgId(s.resourceGroup)}/providers/microsoft.insights/activityLogAlerts/${r.name}`,
          name: r.name,
          severity: "Sev4",
          operations: [...r.operations],
          resourceIds: [id, `${id}/slots/${s.stagingSlot}`],
        });
      }
    }
    this.write(state);
  }

  read(): FakeState {
    return JSON.parse(fs.readFileSync(this.stateFile, "utf8")) as FakeState;
  }
  write(state: FakeState): void {
    fs.writeFileSync(this.stateFile, JSON.stringify(state, null, 1));
  }
  update(change: (state: FakeState) => void): void {
    const s = this.read();
    change(s);
    this.write(s);
  }

  /** Environment for processes that should see the fakes. */
  env(): Record<string, string> {
    return {
      PATH: `${this.bin}:/usr/local/bin:/usr/bin:/bin`,
      HOME: this.dir,
      TMPDIR: this.dir,
      FAKE_AZURE_STATE: this.stateFile,
      FAKE_AZ_PORT: this.port,
      DELIVERY_SLEEP_SECONDS: "0",
      LANG: "C.UTF-8",
    };
  }

  stack(code: string): FakeStack {
    const s = this.stacks.find((x) => x.code === code);
    if (!s) throw new Error(`no fake stack ${code}`);
    return s;
  }

  /** An image in a registry as the Build stage leaves it: tagged, with referrers (signature, SBOM). */
  pushImage(code: string, digest: string, tags: readonly string[], opts: { signed?: boolean; sbom?: boolean } = {}): void {
    const s = this.stack(code);
    this.update((state) => {
      const reg = state.registries.find((r) => r.name === s.registry)!;
      const repo = (reg.repositories[s.imageRepository] ??= {});
      state.lastTime = Math.max(state.lastTime + 1, Date.now());
      const time = new Date(state.lastTime).toISOString();
      repo[digest] = { digest, mediaType: "application/vnd.oci.image.manifest.v1+json", tags: [...tags], tagTimes: Object.fromEntries(tags.map((x) => [x, time])), createdTime: time };
      const referrer = (label: string, artifactType: string) => {
        const d = digestOf(`${digest}-${label}`);
        repo[d] = { digest: d, mediaType: "application/vnd.oci.image.manifest.v1+json", artifactType, subject: digest, tags: [], tagTimes: {}, createdTime: time };
      };
      if (opts.signed ?? true) referrer("signature", "application/vnd.cncf.notary.signature");
      if (opts.sbom ?? true) referrer("sbom", "application/spdx+json");
    });
  }

  /** Production and staging run this image now (the state before the release under test). */
  runs(code: string, production: string, staging: string): void {
    const s = this.stack(code);
    this.update((state) => {
      const site = state.sites.find((x) => x.name === s.webApp)!;
      site.linuxFxVersion = linuxFx(s, production);
      site.slots[s.stagingSlot].linuxFxVersion = linuxFx(s, staging);
    });
  }

  /**
   * How an image behaves: its health answer (smoke tests, watch probes), and the stacks whose
   * production traffic makes it fail (their 5xx and health alerts fire while production runs it).
   */
  image(digest: string, behaviour: { health?: number; failsInProductionOf?: readonly string[] }): void {
    this.update((state) => {
      const current = state.images[digest] ?? {};
      state.images[digest] = {
        ...current,
        ...(behaviour.health === undefined ? {} : { health: behaviour.health }),
        ...(behaviour.failsInProductionOf === undefined ? {} : { failsUnderTrafficOn: behaviour.failsInProductionOf.map((c) => this.stack(c).webApp) }),
      };
    });
  }

  /** Azure Monitor evaluates the metric alert rules now (as it does continuously). */
  monitorEvaluates(): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { evaluateMetricAlerts } = require("./state") as { evaluateMetricAlerts(s: FakeState): void };
    this.update((s) => evaluateMetricAlerts(s));
  }

  /** Azure Monitor's later evaluations: metric alerts whose site now runs a sound image resolve. */
  metricAlertsCatchUp(): void {
    this.update((state) => {
      for (const a of state.alerts.filter((x) => x.signalType === "Metric" && x.monitorCondition === "Fired")) {
        const rule = state.alertRules.find((r) => r.id === a.alertRule)!;
        const site = state.sites.find((x) => rule.kind === "metric" && x.id === rule.targetResource)!;
        const digest = /@(sha256:[0-9a-f]{64})$/.exec(site.linuxFxVersion)?.[1] ?? "";
        if (!(state.images[digest]?.failsUnderTrafficOn ?? []).includes(site.name)) {
          a.monitorCondition = "Resolved";
          a.monitorConditionResolvedDateTime = new Date().toISOString();
        }
      }
    });
  }

  productionImage(code: string): string {
    const s = this.stack(code);
    return this.read().sites.find((x) => x.name === s.webApp)!.linuxFxVersion;
  }
  stagingImage(code: string): string {
    const s = this.stack(code);
    return this.read().sites.find((x) => x.name === s.webApp)!.slots[s.stagingSlot].linuxFxVersion;
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
