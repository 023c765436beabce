import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../tools/cli";
import { ExitCode } from "../tools/exit-codes";
import { planStack, StackPlan } from "../tools/plan/plan";
import { ReadinessExpectation, readinessExpectation } from "../tools/readiness/expectation";
import { ReadinessReport } from "../tools/readiness/render";
import { runReadiness } from "../tools/readiness/run";
import { captureIo } from "./support/capture-io";
import { FAKE_SUBSCRIPTION, FakeArm } from "./support/fake-arm";
import { REPO_ROOT } from "./support/harness";

let prodPlan: StackPlan;
let expectation: ReadinessExpectation;
let fake: FakeArm;
let tmp: string;

beforeAll(async () => {
  delete process.env.HTTP_PROXY;
  delete process.env.HTTPS_PROXY;
  prodPlan = await planStack(REPO_ROOT, "prod");
  expectation = readinessExpectation(prodPlan);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "readiness-"));
}, 60_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
beforeEach(async () => {
  fake = await new FakeArm(expectation).start();
});
afterEach(() => fake.stop());

/**
 * `delivery readiness prod` in-process against the fake with the real SDK clients. The offline plan
 * of prod is made once per file and passed in; `planItself` makes runReadiness plan the stack itself.
 */
async function readiness(extra: { json?: boolean; markdown?: string; maxRetries?: number; planItself?: boolean } = {}) {
  const io = captureIo(REPO_ROOT, {});
  const code = await runReadiness(
    "prod",
    { subscription: FAKE_SUBSCRIPTION, json: extra.json ?? true, markdown: extra.markdown, warmupAttempts: "2", warmupDelaySeconds: "1" },
    io,
    {
      credential: fake.credential(),
      endpoint: fake.endpoint,
      agent: fake.agent,
      retry: { maxRetries: extra.maxRetries ?? 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 },
      sleep: async () => undefined,
      now: () => new Date("2026-12-06T11:00:00Z"),
      plan: extra.planItself ? undefined : prodPlan,
    },
  ).catch((err: Error & { exitCode?: ExitCode }) => {
    io.stderr(err.message);
    return err.exitCode ?? ExitCode.Internal;
  });
  const report = extra.json !== false && code !== ExitCode.Unreachable && code !== ExitCode.BadInput ? (JSON.parse(io.stdoutText()) as ReadinessReport) : undefined;
  return { code, io, report, failed: report?.results.filter((r) => !r.ok) ?? [] };
}

describe("expectation from the offline plan of prod", () => {
  it("reads names, sticky settings, alerts and autoscale bounds the program declares", () => {
    expect(expectation).toMatchObject({
      resourceGroup: "rg-pcpro-prod",
      appName: "app-pcpro-prod-p2w6",
      stagingSlot: "staging",
      healthPath: "/health",
      registryName: "acrpcproprodp2w6",
      vaultName: "kv-pcpro-prod-p2w6",
      identities: { production: "id-pcpro-prod-production", staging: "id-pcpro-prod-staging" },
      stickySettingNames: ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "AZURE_CLIENT_ID"],
      activityLogAlerts: ["alert-prod-vault-delete", "alert-prod-slot-swap"],
      availabilityTests: ["avail-prod-production", "avail-prod-staging"],
      autoscale: { name: "asp-pcpro-prod-autoscale", minimum: 3, maximum: 10 },
    });
    expect(expectation.metricAlerts).toHaveLength(9);
    expect(expectation.metricAlerts).toContain("alert-prod-http-5xx");
    expect([...expectation.keyVaultReferenceNames.staging].sort()).toEqual(["Auth__JwtSigningKey", "ConnectionStrings__Erp"]);
    expect(expectation.appSettingNames.production).toContain("WEBSITE_SWAP_WARMUP_PING_PATH");
  });
});

describe("delivery readiness against a loopback ARM fake", () => {
  it("every check passes on a platform that matches the program: exit 0, one row per resource", async () => {
    const { code, report } = await readiness({ planItself: true });
    expect(code).toBe(ExitCode.Ok);
    expect(report!.ready).toBe(true);
    const count = (check: string) => report!.results.filter((r) => r.check === check).length;
    expect({
      warm: count("staging-warm"), sticky: count("sticky-settings"), settings: count("app-settings"), kv: count("key-vault-references"),
      roles: count("identity-roles"), metric: count("metric-alert"), activity: count("activity-log-alert"), tests: count("availability-test"), autoscale: count("autoscale"),
    }).toEqual({ warm: 1, sticky: 1, settings: 2, kv: 2, roles: 2, metric: 9, activity: 2, tests: 2, autoscale: 1 });
    // The SDK sent its bearer token and api-version to the real ARM paths.
    expect(fake.requests.map((r) => r.path).filter((p) => /configreferences|slotConfigNames|autoscale|roleAssignments|health/i.test(p))).toEqual(expect.arrayContaining([
      `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/rg-pcpro-prod/providers/Microsoft.Web/sites/app-pcpro-prod-p2w6/slots/staging/config/configreferences/appsettings`,
      `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/rg-pcpro-prod/providers/Microsoft.Web/sites/app-pcpro-prod-p2w6/config/slotConfigNames`,
      `/subscriptions/${FAKE_SUBSCRIPTION}/resourcegroups/rg-pcpro-prod/providers/Microsoft.Insights/autoscalesettings/asp-pcpro-prod-autoscale`,
      `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/rg-pcpro-prod/providers/Microsoft.KeyVault/vaults/kv-pcpro-prod-p2w6/providers/Microsoft.Authorization/roleAssignments`,
      "/health",
    ]));
  });

  const failures: [string, (f: FakeArm) => void, string, string, RegExp][] = [
    ["staging slot stopped", (f) => (f.platform.sites.staging!.state = "Stopped"), "staging-warm", "app-pcpro-prod-p2w6/staging", /state is Stopped, not Running/],
    ["staging health answers 503 (cold)", (f) => (f.platform.healthStatus = 503), "staging-warm", "app-pcpro-prod-p2w6/staging", /\/health answered 503/],
    ["a sticky setting removed by hand", (f) => (f.platform.sticky = ["AZURE_CLIENT_ID"]), "sticky-settings", "app-pcpro-prod-p2w6/config/slotConfigNames", /found \[AZURE_CLIENT_ID\], expected \[APPLICATIONINSIGHTS_AUTHENTICATION_STRING, AZURE_CLIENT_ID\]/],
    ["an extra sticky setting", (f) => f.platform.sticky!.push("WEBSITES_PORT"), "sticky-settings", "app-pcpro-prod-p2w6/config/slotConfigNames", /WEBSITES_PORT/],
    ["an app setting deleted on production", (f) => delete f.platform.appSettings.production.WEBSITES_PORT, "app-settings", "app-pcpro-prod-p2w6", /missing WEBSITES_PORT/],
    ["a Key Vault reference denied on staging", (f) => (f.platform.keyVaultReferences.staging[0].status = "AccessToKeyVaultDenied"), "key-vault-references", "app-pcpro-prod-p2w6/staging", /AccessToKeyVaultDenied/],
    ["a Key Vault reference without status", (f) => f.platform.keyVaultReferences.production.pop(), "key-vault-references", "app-pcpro-prod-p2w6", /no reference status/],
    ["AcrPull removed from the staging identity", (f) => f.platform.roles.get("11111111-aaaa-4bbb-8ccc-000000000002")!.set(`/subscriptions/${FAKE_SUBSCRIPTION}/resourcegroups/rg-pcpro-prod/providers/microsoft.containerregistry/registries/acrpcproprodp2w6`, []), "identity-roles", "app-pcpro-prod-p2w6/staging → id-pcpro-prod-staging", /missing AcrPull on registry acrpcproprodp2w6$/],
    ["Secrets User removed from the production identity", (f) => f.platform.roles.get("11111111-aaaa-4bbb-8ccc-000000000001")!.set(`/subscriptions/${FAKE_SUBSCRIPTION}/resourcegroups/rg-pcpro-prod/providers/microsoft.keyvault/vaults/kv-pcpro-prod-p2w6`, []), "identity-roles", "app-pcpro-prod-p2w6 → id-pcpro-prod-production", /missing Key Vault Secrets User on vault kv-pcpro-prod-p2w6/],
    ["the slot runs as another identity", (f) => (f.platform.sites.staging!.identityName = "id-someone-else"), "identity-roles", "app-pcpro-prod-p2w6/staging → id-pcpro-prod-staging", /is not attached/],
    ["a metric alert disabled", (f) => f.platform.metricAlerts.set("alert-prod-http-5xx", false), "metric-alert", "alert-prod-http-5xx", /metric alert is disabled/],
    ["a metric alert deleted", (f) => f.platform.metricAlerts.delete("alert-prod-cpu"), "metric-alert", "alert-prod-cpu", /not found \(HTTP 404\)/],
    ["an activity-log alert disabled", (f) => f.platform.activityLogAlerts.set("alert-prod-slot-swap", false), "activity-log-alert", "alert-prod-slot-swap", /disabled/],
    ["an availability test disabled", (f) => f.platform.webTests.set("avail-prod-staging", false), "availability-test", "avail-prod-staging", /availability test is disabled/],
    ["autoscale disabled", (f) => (f.platform.autoscale!.enabled = false), "autoscale", "asp-pcpro-prod-autoscale", /autoscale is disabled/],
    ["autoscale bounds changed by hand", (f) => (f.platform.autoscale!.maximum = 4), "autoscale", "asp-pcpro-prod-autoscale", /bounds are 3\.\.4, expected 3\.\.10/],
  ];
  it.each(failures)("%s: exit 1, exactly that check fails and names the resource and a fix", async (_title, breakIt, check, resource, detail) => {
    breakIt(fake);
    const { code, report, failed } = await readiness();
    expect(code).toBe(ExitCode.Findings);
    expect(report!.ready).toBe(false);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ check, resource });
    expect(failed[0].detail).toMatch(detail);
    expect(failed[0].fix.length).toBeGreaterThan(20);
  });

  it("a missing staging slot fails the slot's checks, never passes them", async () => {
    fake.platform.sites.staging = undefined;
    const { code, failed } = await readiness();
    expect(code).toBe(ExitCode.Findings);
    expect(failed.map((f) => f.check).sort()).toEqual(["app-settings", "identity-roles", "key-vault-references", "staging-warm"]);
  });

  it("text table and Markdown summary name the failed check, resource and fix", async () => {
    fake.platform.metricAlerts.set("alert-prod-http-5xx", false);
    const md = path.join(tmp, "readiness.md");
    const { code, io } = await readiness({ json: false, markdown: md });
    expect(code).toBe(ExitCode.Findings);
    const text = io.stdoutText();
    expect(text).toMatch(/^Readiness of stack prod: NOT READY \(1 of 22 checks failed\)/);
    expect(text).toMatch(/^FAIL\s+metric-alert\s+alert-prod-http-5xx\s+metric alert is disabled$/m);
    expect(text).toMatch(/Fixes:\n {2}- metric-alert alert-prod-http-5xx: Run the infra deploy for stack prod/);
    const markdown = fs.readFileSync(md, "utf8");
    expect(markdown).toMatch(/^### Readiness of `prod`: ❌ not ready \(1 of 22 checks failed\)/);
    expect(markdown).toContain("| ❌ | metric-alert | alert-prod-http-5xx | metric alert is disabled | Run the infra deploy for stack prod;");
    expect(markdown.split("\n").filter((l) => l.startsWith("| ✅ |"))).toHaveLength(21);
  });

  it("a secret in an Azure answer (a Key Vault reference's details) stops the report: exit 2, nothing printed", async () => {
    fake.platform.keyVaultReferences.staging[0] = { ...fake.platform.keyVaultReferences.staging[0], status: "OtherReasons", details: "Server=erp;Password=Hunter2Hunter2" };
    const { code, io } = await readiness();
    expect(code).toBe(ExitCode.BadInput);
    expect(io.stdoutText()).toBe("");
    expect(io.stderrText()).toMatch(/refusing to write the readiness report: it contains secret material \(line \d+: text shaped like a password in a connection string\)/);
    expect(io.stderrText()).not.toContain("Hunter2");
  });

  it("a 429 with Retry-After is retried by the SDK and the run still answers", async () => {
    fake.faults.push({ path: /\/metricAlerts\/alert-prod-cpu$/, status: 429, headers: { "retry-after": "1" }, remaining: 1 });
    const { code } = await readiness();
    expect(code).toBe(ExitCode.Ok);
    expect(fake.requests.filter((r) => r.path.endsWith("/metricAlerts/alert-prod-cpu")).map((r) => r.status)).toEqual([429, 200]);
  });

  it("throttled past the retries: exit 3, could not reach Azure (not ready, not 'ready')", async () => {
    fake.faults.push({ path: /\/autoscalesettings\//, status: 429, headers: { "retry-after": "1" }, remaining: 10 });
    const { code, io } = await readiness({ maxRetries: 1 });
    expect(code).toBe(ExitCode.Unreachable);
    expect(io.stdoutText()).toBe("");
    expect(io.stderrText()).toMatch(/could not reach Azure, so readiness is unknown \(never assumed\): Azure kept answering 429 Too Many Requests \(GET https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/autoscalesettings\/asp-pcpro-prod-autoscale\)/);
  });

  it("a persistent 5xx: exit 3 naming the status and the call", async () => {
    fake.faults.push({ path: /\/config\/slotConfigNames$/, status: 503, remaining: 10 });
    const { code, io } = await readiness();
    expect(code).toBe(ExitCode.Unreachable);
    expect(io.stderrText()).toMatch(/Azure answered HTTP 503 \(GET https:\/\/127\.0\.0\.1:\d+\/subscriptions\/[^)]*\/config\/slotConfigNames\) after the SDK's retries/);
    expect(fake.requests.filter((r) => r.path.endsWith("/slotConfigNames")).length).toBe(3);
  });

  it("an expired token (401): exit 3 telling how to sign in again", async () => {
    fake.expiredToken = true;
    const { code, io } = await readiness();
    expect(code).toBe(ExitCode.Unreachable);
    expect(io.stderrText()).toMatch(/Azure answered 401 Unauthorized \(GET .*\/sites\/app-pcpro-prod-p2w6\): the access token expired or was not accepted\. Sign in again \(az login\)/);
  });

  it("an unreachable endpoint (connection refused): exit 3", async () => {
    await fake.stop();
    const { code, io } = await readiness({ maxRetries: 0 });
    expect(code).toBe(ExitCode.Unreachable);
    expect(io.stderrText()).toMatch(/could not reach Azure/);
    fake = await new FakeArm(expectation).start(); // afterEach stops it
  });
});

describe("delivery readiness: arguments and help", () => {
  it("--help documents every check and the exit codes 0/1/2/3", async () => {
    const io = captureIo(REPO_ROOT);
    expect(await run(["readiness", "--help"], io)).toBe(ExitCode.Ok);
    const help = io.stdoutText();
    for (const check of ["staging-warm", "sticky-settings", "app-settings", "key-vault-references", "identity-roles", "metric-alert", "activity-log-alert", "availability-test", "autoscale"]) {
      expect(help).toContain(`  ${check} `);
    }
    expect(help).toMatch(/Exit codes: 0 ready; 1 not ready .*\n2 bad input .*; 3 could not reach Azure/);
  });

  it("no subscription id: exit 2 before any Azure call", async () => {
    const io = captureIo(REPO_ROOT, {});
    expect(await run(["readiness", "prod"], io)).toBe(ExitCode.BadInput);
    expect(io.stderrText()).toMatch(/expected the subscription id \(a GUID\) in --subscription or AZURE_SUBSCRIPTION_ID; found ""/);
  });

  it("an unknown stack: exit 2 naming the missing file", async () => {
    const io = captureIo(REPO_ROOT, {});
    expect(await run(["readiness", "nosuch", "--subscription", FAKE_SUBSCRIPTION], io)).toBe(ExitCode.BadInput);
    expect(io.stderrText()).toMatch(/Pulumi\.nosuch\.yaml/);
  });

  it("a bad --warmup-attempts: exit 2", async () => {
    const io = captureIo(REPO_ROOT, {});
    expect(await run(["readiness", "prod", "--subscription", FAKE_SUBSCRIPTION, "--warmup-attempts", "0"], io)).toBe(ExitCode.BadInput);
    expect(io.stderrText()).toMatch(/--warmup-attempts: expected a whole number from 1 to 9999; found "0"/);
  });
});
