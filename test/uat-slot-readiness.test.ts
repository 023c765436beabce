/**
 * `delivery readiness` of a stack whose app is a slot on another stack's app (uat on qa): the
 * expectation comes from the slot-shaped plan of a copy of Pulumi.uat.yaml, and the real SDK clients
 * read the loopback ARM fake. Only the slot is judged, in qa's group; qa's production, sticky names
 * and autoscale are qa's.
 */
import { ExitCode } from "../tools/exit-codes";
import { planStack, StackPlan } from "../tools/plan/plan";
import { readinessExpectation } from "../tools/readiness/expectation";
import { ReadinessReport } from "../tools/readiness/render";
import { runReadiness } from "../tools/readiness/run";
import { captureIo } from "./support/capture-io";
import { FAKE_SUBSCRIPTION, FakeArm } from "./support/fake-arm";
import { REPO_ROOT, readStackFile, tempProject } from "./support/harness";
import { qaHostingUat, uatAsSlot } from "./support/uat-slot";

let plan: StackPlan;
let fake: FakeArm;
beforeAll(async () => {
  delete process.env.HTTP_PROXY;
  delete process.env.HTTPS_PROXY;
  plan = await planStack(tempProject({ dev: readStackFile("dev"), qa: qaHostingUat(), prod: readStackFile("prod"), uat: uatAsSlot() }), "uat");
}, 60_000);
beforeEach(async () => {
  fake = await new FakeArm(readinessExpectation(plan)).start();
});
afterEach(() => fake.stop());

async function readiness() {
  const io = captureIo(REPO_ROOT, {});
  const code = await runReadiness(
    "uat",
    { subscription: FAKE_SUBSCRIPTION, json: true, warmupAttempts: "2", warmupDelaySeconds: "1" },
    io,
    { credential: fake.credential(), endpoint: fake.endpoint, agent: fake.agent, retry: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 5 }, sleep: async () => undefined, now: () => new Date("2026-12-06T11:00:00Z"), plan },
  );
  const report = JSON.parse(io.stdoutText()) as ReadinessReport;
  return { code, report, failed: report.results.filter((r) => !r.ok) };
}

test("the expectation is the slot in qa's group, with uat's registry, vault and alerts", () => {
  expect(readinessExpectation(plan)).toMatchObject({
    hostedSlot: true, appResourceGroup: "rg-pcpro-qa", resourceGroup: "rg-pcpro-uat", appName: "app-pcpro-qa-m8q2", stagingSlot: "uat",
    registryName: "acrpcprouatr4t7", vaultName: "kv-pcpro-uat-r4t7", identities: { staging: "id-pcpro-uat-uat" },
  });
  expect(readinessExpectation(plan).autoscale).toBeUndefined();
});

test("ready: one row per check of the slot; nothing of qa's production, sticky names or autoscale is read", async () => {
  const { code, report } = await readiness();
  expect(code).toBe(ExitCode.Ok);
  const count = (check: string) => report.results.filter((r) => r.check === check).length;
  expect({ warm: count("staging-warm"), sticky: count("sticky-settings"), settings: count("app-settings"), kv: count("key-vault-references"), roles: count("identity-roles"), tests: count("availability-test"), autoscale: count("autoscale") })
    .toEqual({ warm: 1, sticky: 0, settings: 1, kv: 1, roles: 1, tests: 1, autoscale: 0 });
  const site = `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/rg-pcpro-qa/providers/Microsoft.Web/sites/app-pcpro-qa-m8q2`;
  const webPaths = fake.requests.map((r) => r.path).filter((p) => p.includes("Microsoft.Web/sites"));
  expect(webPaths.length).toBeGreaterThan(0);
  for (const p of webPaths) expect(p.startsWith(`${site}/slots/uat`)).toBe(true);
});

test("not ready: a Key Vault reference of the slot denied → exit 1 naming the slot on qa's app", async () => {
  fake.platform.keyVaultReferences.staging[0].status = "AccessToKeyVaultDenied";
  const { code, failed } = await readiness();
  expect(code).toBe(ExitCode.Findings);
  expect(failed.map((f) => [f.check, f.resource])).toEqual([["key-vault-references", "app-pcpro-qa-m8q2/uat"]]);
});
