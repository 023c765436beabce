/**
 * Release scenarios: the REAL pipelines/scripts/*.sh, run in the order, with the arguments and
 * conditions of the templates (app-delivery.yml → stages/deploy.yml; rollback.yml →
 * stages/rollback.yml), against a stateful fake of Azure (test/support/fake-az: web apps and
 * slots, swaps with preview, routing, registries with tags and referrers, alerts that fire, resolve
 * and stay fired, role assignments). Each scenario asserts where production ends up and what was
 * recorded.
 */
import * as fs from "fs";
import * as path from "path";
import { SLOT_SWAP_OPERATIONS } from "../infra/platform/alert-rules";
import { RELEASE_EVENT, RESTORE_EVENT } from "../infra/platform/release-events";
import { PLATFORM_VARIABLES } from "../infra/delivery/devops-names";
import { FakeAzure, digestOf, linuxFx, registryId, stopFakeAzure } from "./support/fake-az";
import { FakeAlert } from "./support/fake-az";
import { JobRun } from "./support/pipeline-job";
import { DEPLOY_ORDER, DeliveryRun, ReleaseStack, deliveryOptions, releaseStack, runDelivery, runRollback, webhookPayload } from "./support/release-pipelines";

const stacks: Record<string, ReleaseStack> = Object.fromEntries(DEPLOY_ORDER.map((c) => [c, releaseStack(c, SLOT_SWAP_OPERATIONS)]));
const codes = DEPLOY_ORDER;

const PREVIOUS = digestOf("pinecone-pro 4.10.0");
const OLD = digestOf("pinecone-pro 4.11.0");
const NEW = digestOf("pinecone-pro 4.12.0");
const SHA = "9f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";
const IMPORT_ROLE = "Container Registry Data Importer and Data Reader";

const worlds: FakeAzure[] = [];
afterAll(() => {
  worlds.forEach((w) => w.dispose());
  stopFakeAzure();
});

/**
 * Every stack runs 4.11.0 in production and 4.10.0 in staging (both promoted and signed earlier);
 * the build just pushed 4.12.0 (signed, with an SBOM unless told otherwise) into the first stack's
 * registry. Each stack's deploy identity may import from the previous stack's registry.
 */
function world(opts: { signed?: boolean } = {}): FakeAzure {
  const w = new FakeAzure(codes.map((c) => stacks[c]));
  worlds.push(w);
  for (const c of codes) {
    w.pushImage(c, PREVIOUS, ["4.10.0", "1111111"]);
    w.pushImage(c, OLD, ["4.11.0", "2222222"]);
    w.runs(c, OLD, PREVIOUS);
  }
  w.pushImage(codes[0], NEW, ["4.12.0", SHA], { signed: opts.signed ?? true });
  w.update((s) => {
    codes.forEach((c, i) => {
      if (i > 0) s.roleAssignments.push({ principal: stacks[c].serviceConnection, role: IMPORT_ROLE, scope: registryId(stacks[codes[i - 1]]) });
    });
  });
  return w;
}

const build = (w: FakeAzure) => ({ digest: NEW, version: "4.12.0", sha: SHA, commitTime: "2026-12-05T16:02:11Z", registryId: registryId(w.stack(codes[0])) });
const options = deliveryOptions({ trafficRampPercentages: ["10", "50"], trafficRampStepMinutes: 1 });
/** The template's defaults (no ramp): the scenarios after (a) are about what happens after the swap. */
const noRamp = deliveryOptions();
const events = (w: FakeAzure, code: string, name: string) =>
  w.read().telemetry.filter((t) => t.component === stacks[code].appInsights && t.data.baseData.name === name).map((t) => t.data.baseData.properties);
const firedAlerts = (w: FakeAzure, code: string) => w.read().alerts.filter((a) => a.alertRule.includes(`/resourceGroups/${stacks[code].resourceGroup}/`) && a.monitorCondition === "Fired");
const productionSwapsAfter = (w: FakeAzure, code: string, at: string) => w.read().productionHistory.filter((h) => h.site === stacks[code].webApp && h.at > at);

test("the scenario stacks carry every variable of the settings group the program fills", () => {
  for (const c of codes) expect(Object.keys(stacks[c].settings).sort()).toEqual([...PLATFORM_VARIABLES].sort());
  expect(codes).toEqual(["dev", "qa", "uat", "prod"]);
});

describe("(a) a good release dev → qa → uat → prod", () => {
  let w: FakeAzure;
  let run: DeliveryRun;
  beforeAll(() => {
    w = world();
    run = runDelivery(w, stacks, build(w), options);
  });

  test("every stage succeeds and runs the release steps in the template's order; the failure path stays idle", () => {
    expect(run.skipped).toEqual([]);
    for (const c of codes) {
      const job = run.stages[`Deploy_${c}`];
      expect({ c, result: job.result, failures: job.steps.filter((s) => s.code !== 0).map((s) => `${s.name}: ${s.stdout}${s.stderr}`) }).toEqual({ c, result: "Succeeded", failures: [] });
      const expected = ["started", "freeze", "promote", "setImage", "smoke", "readiness", "swapPreview", "smokePreview", "ramp", "swap", "watch", "recordRelease", ...(c === "prod" ? ["notify"] : [])];
      expect(job.ran().filter((n) => !/^(Download|Checkout|Publish)/i.test(n) && !n.startsWith("checkout"))).toEqual(expect.arrayContaining(expected));
      expect(job.steps.filter((s) => s.script && !s.skipped).map((s) => s.script)).toEqual([
        "freeze-gate.sh",
        "acr-promote.sh",
        "set-staging-image.sh",
        "smoke-test.sh",
        "readiness-gate.sh",
        "slot-swap.sh",
        "smoke-test.sh",
        "traffic-ramp.sh",
        "slot-swap.sh",
        "watch-release.sh",
        "release-event.sh",
        ...(c === "prod" ? ["notify.sh"] : []),
      ]);
      expect(job.step("swapBack").skipped).toBe(true);
    }
  });

  test("production of every stack ends on the new digest; staging keeps the previous release for a swap-back", () => {
    for (const c of codes) {
      expect(w.productionImage(c)).toBe(linuxFx(stacks[c], NEW));
      expect(w.stagingImage(c)).toBe(linuxFx(stacks[c], OLD));
    }
    const state = w.read();
    for (const site of state.sites) {
      expect(site.rampUpRules).toEqual([]); // routing cleared before the swap
      expect(site.pendingPreview).toBeNull();
    }
  });

  test("the digest was imported stack to stack (never rebuilt) with its signature and SBOM", () => {
    const state = w.read();
    expect(state.imports.filter((i) => i.digest === NEW).map((i) => `${i.source}→${i.target}`)).toEqual(codes.slice(1).map((c, i) => `${stacks[codes[i]].registry}→${stacks[c].registry}`));
    for (const c of codes) {
      const repo = state.registries.find((r) => r.name === stacks[c].registry)!.repositories[stacks[c].imageRepository];
      expect(repo[NEW].tags.sort()).toEqual(["4.12.0", SHA].sort());
      expect(Object.values(repo).filter((m) => m.subject === NEW).map((m) => m.artifactType).sort()).toEqual(["application/spdx+json", "application/vnd.cncf.notary.signature"]);
    }
  });

  test("one PineconeRelease event per stack (succeeded, the new digest) and no restore", () => {
    for (const c of codes) {
      expect(events(w, c, RELEASE_EVENT)).toEqual([expect.objectContaining({ environment: c, version: "4.12.0", imageDigest: NEW, result: "succeeded" })]);
      expect(events(w, c, RESTORE_EVENT)).toEqual([]);
    }
    expect(w.read().notifications).toHaveLength(1); // the production result
  });

  test("(d) the release's own slot-swap alerts fired in every stack (preview and swap) and did not roll it back", () => {
    for (const c of codes) {
      const swapAlerts = firedAlerts(w, c).filter((a) => a.ruleName === `alert-${c}-slot-swap`);
      // reset of a stale preview, preview, swap: each operation is an activity-log event
      expect(swapAlerts.length).toBeGreaterThanOrEqual(2);
      expect(run.stages[`Deploy_${c}`].step("watch").stderr).toContain("not rollback-relevant, ignored");
    }
  });

  test("(d) posting the slot-swap alert's id to the unauthenticated rollback webhook does not roll back", () => {
    const prod = codes[codes.length - 1];
    const swapAlert = firedAlerts(w, prod).find((a) => a.ruleName === `alert-${prod}-slot-swap`)!;
    const r = runRollback(w, stacks, prod, webhookPayload(swapAlert.id, swapAlert.ruleName), "forged")!;
    expect(r.result).toBe("Failed");
    expect(r.step("recheck").stdout).toContain("is not a rollback rule");
    expect(r.step("swapBack").skipped).toBe(true);
    expect(w.productionImage(prod)).toBe(linuxFx(stacks[prod], NEW));
  });
});

describe("(b) a bad release: the watch sees a rollback-relevant alert and swaps back", () => {
  let w: FakeAzure;
  let run: DeliveryRun;
  let dev: JobRun;
  beforeAll(() => {
    w = world();
    // Healthy on its own (smoke tests pass), but the first stack's production traffic breaks it.
    w.image(NEW, { failsInProductionOf: [codes[0]] });
    run = runDelivery(w, stacks, build(w), noRamp);
    dev = run.stages[`Deploy_${codes[0]}`];
  });

  test("the watch fails on the 5xx/health alert, the swap-back restores the old digest, later stages never run", () => {
    expect(dev.result).toBe("Failed");
    expect(dev.step("watch").code).toBe(1);
    expect(dev.step("watch").stdout).toMatch(/rollback-relevant alert\(s\) fired.*alert-dev-(http-5xx|health-check)/);
    expect(dev.step("swapBack").code).toBe(0);
    expect(dev.variables.SWAPPED_BACK).toBe("true");
    expect(w.productionImage(codes[0])).toBe(linuxFx(stacks[codes[0]], OLD));
    expect(run.skipped).toEqual(codes.slice(1).map((c) => `Deploy_${c}`));
    for (const c of codes.slice(1)) expect(w.productionImage(c)).toBe(linuxFx(stacks[c], OLD));
  });

  test("recorded as rolled back, with a restore event from the watch window, and notified", () => {
    expect(events(w, codes[0], RELEASE_EVENT)).toEqual([expect.objectContaining({ imageDigest: NEW, result: "rolled-back" })]);
    expect(events(w, codes[0], RESTORE_EVENT)).toEqual([expect.objectContaining({ version: "4.12.0", trigger: "watch-window" })]);
    expect(w.read().notifications.map((n) => n.body)).toEqual([expect.stringContaining("Swapped back: true")]);
  });
});

describe("(c) alert rollback fired twice for one incident, after the release job already swapped back", () => {
  const prod = codes[codes.length - 1];
  let w: FakeAzure;
  let run: DeliveryRun;
  let releaseSwappedBackAt: string;
  let incident: FakeAlert[];
  let rollbacks: (JobRun | undefined)[];
  beforeAll(() => {
    w = world();
    // dev → uat already released it ((a) runs that chain); this run is prod's stage.
    w.pushImage(codes[codes.length - 2], NEW, ["4.12.0", SHA]);
    w.image(NEW, { failsInProductionOf: [prod] });
    run = runDelivery(w, stacks, build(w), noRamp, "IndividualCI", prod);
    releaseSwappedBackAt = w.read().productionHistory.filter((h) => h.site === stacks[prod].webApp).pop()?.at ?? "";
    // The 5xx and the health alert of the incident each post to the rollback webhook.
    incident = firedAlerts(w, prod).filter((a) => /http-5xx|health-check/.test(a.ruleName));
    rollbacks = incident.map((a, i) => runRollback(w, stacks, prod, webhookPayload(a.id, a.ruleName), `rollback-${i + 1}`));
  });

  test("the release job swapped back within its watch window", () => {
    expect(run.stages[`Deploy_${prod}`].variables.SWAPPED_BACK).toBe("true");
    expect(incident.map((a) => a.ruleName).sort()).toEqual([`alert-${prod}-health-check`, `alert-${prod}-http-5xx`]);
  });

  test("both rollback runs confirm the alert but leave production on the old digest: no second swap", () => {
    expect(rollbacks).toHaveLength(2);
    for (const r of rollbacks) {
      expect(r!.result).toBe("Succeeded");
      expect(r!.step("recheck").code).toBe(0);
      expect(r!.variables.SWAPPED_BACK).toBe("false");
      expect(r!.step("recordRestore").skipped).toBe(true);
    }
    expect(w.productionImage(prod)).toBe(linuxFx(stacks[prod], OLD));
    expect(productionSwapsAfter(w, prod, releaseSwappedBackAt)).toEqual([]);
    expect(events(w, prod, RESTORE_EVENT)).toHaveLength(1); // the watch window's, not one per alert
  });

  test("once Azure Monitor resolves the alerts, a late webhook is not confirmed and changes nothing", () => {
    w.metricAlertsCatchUp();
    const late = runRollback(w, stacks, prod, webhookPayload(incident[0].id, incident[0].ruleName), "rollback-late")!;
    expect(late.result).toBe("Failed");
    expect(late.step("recheck").stdout).toContain("not Fired");
    expect(late.step("swapBack").skipped).toBe(true);
    expect(w.productionImage(prod)).toBe(linuxFx(stacks[prod], OLD));
  });
});

describe("(c′) an incident after a successful release: the first alert run swaps back, the second does nothing", () => {
  const prod = codes[codes.length - 1];
  let w: FakeAzure;
  let run: DeliveryRun;
  let runs: JobRun[];
  beforeAll(() => {
    w = world();
    w.pushImage(codes[codes.length - 2], NEW, ["4.12.0", SHA]);
    run = runDelivery(w, stacks, build(w), noRamp, "IndividualCI", prod);
    // The new release starts failing after its watch window ended.
    w.image(NEW, { failsInProductionOf: [prod] });
    w.monitorEvaluates();
    const incident = firedAlerts(w, prod).filter((a) => /http-5xx|health-check/.test(a.ruleName));
    runs = incident.map((a, i) => runRollback(w, stacks, prod, webhookPayload(a.id, a.ruleName), `incident-${i + 1}`)!);
  });

  test("production ends on the old digest after exactly one swap, with one restore event", () => {
    expect(run.stages[`Deploy_${prod}`].result).toBe("Succeeded");
    expect(runs.map((r) => r.variables.SWAPPED_BACK)).toEqual(["true", "false"]);
    expect(w.productionImage(prod)).toBe(linuxFx(stacks[prod], OLD));
    expect(events(w, prod, RESTORE_EVENT)).toEqual([expect.objectContaining({ version: "4.12.0", trigger: "alert-webhook" })]);
  });
});

describe("(d) the slot-swap alert is not a rollback signal", () => {
  test("a Resolved payload is dropped by the webhook filter: no run at all", () => {
    const w = world();
    expect(runRollback(w, stacks, "prod", webhookPayload(`/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/y`, "alert-prod-http-5xx", "Resolved"), "resolved")).toBeUndefined();
  });
});

describe("(e) promotion refused", () => {
  test("no import role on the source registry: the stage fails naming the missing grant; nothing is deployed", () => {
    const w = world();
    const [first, second] = codes;
    w.update((s) => {
      s.roleAssignments = s.roleAssignments.filter((r) => !(r.principal === stacks[second].serviceConnection && r.role === IMPORT_ROLE));
    });
    const run = runDelivery(w, stacks, build(w), noRamp);
    const job = run.stages[`Deploy_${second}`];
    expect(job.result).toBe("Failed");
    const promote = job.step("promote");
    expect(promote.code).toBe(3);
    expect(promote.stdout).toContain(`##vso[task.logissue type=error]`);
    expect(promote.stdout).toContain(`lacks the role '${IMPORT_ROLE}' on ${registryId(stacks[first])}`);
    expect(promote.stderr).toContain("(AuthorizationFailed) The client");
    expect(job.step("setImage").skipped).toBe(true);
    expect(job.variables.SWAPPED_BACK).toBe("false"); // the failure path found nothing to swap back
    expect(w.productionImage(second)).toBe(linuxFx(stacks[second], OLD));
    expect(w.productionImage(first)).toBe(linuxFx(stacks[first], NEW));
    expect(events(w, second, RELEASE_EVENT)).toEqual([expect.objectContaining({ result: "failed" })]);
  });

  test("an unsigned image is refused before the first stack runs it", () => {
    const w = world({ signed: false });
    const run = runDelivery(w, stacks, build(w), noRamp);
    const job = run.stages[`Deploy_${codes[0]}`];
    expect(job.result).toBe("Failed");
    expect(job.step("promote").code).toBe(1);
    expect(job.step("promote").stdout).toContain("no Notation signature");
    expect(job.step("setImage").skipped).toBe(true);
    expect(w.productionImage(codes[0])).toBe(linuxFx(stacks[codes[0]], OLD));
    expect(w.stagingImage(codes[0])).toBe(linuxFx(stacks[codes[0]], PREVIOUS));
    expect(run.skipped).toEqual(codes.slice(1).map((c) => `Deploy_${c}`));
  });
});

describe("(f) release safety gates in the release job", () => {
  test("a stack that is not ready never swaps: the stage fails after the smoke test, production keeps the old digest", () => {
    const w = world();
    fs.writeFileSync(path.join(w.dir, "readiness-exit-qa"), "1");
    const run = runDelivery(w, stacks, build(w), noRamp);
    const qa = run.stages.Deploy_qa;
    expect(qa.result).toBe("Failed");
    expect(qa.step("readiness").code).toBe(1);
    expect(qa.step("readiness").stdout).toContain("stack qa is not ready to swap; the swap does not run");
    for (const step of ["database", "swapPreview", "ramp", "swap", "watch"]) expect(qa.step(step).skipped).toBe(true);
    expect(w.productionImage("qa")).toBe(linuxFx(stacks.qa, OLD));
    // The image reached staging (readiness checks the slot that is about to swap), production did not.
    expect(w.stagingImage("qa")).toBe(linuxFx(stacks.qa, NEW));
    expect(run.skipped).toEqual(["Deploy_uat", "Deploy_prod"]);
  });

  test("a frozen stack stops before the import: nothing of the release reaches it", () => {
    const w = world();
    const frozen = { ...stacks, qa: { ...stacks.qa, settings: { ...stacks.qa.settings, RELEASE_FREEZES: "2020-01-01T00:00Z|2099-01-01T00:00Z|test freeze covering now" } } };
    const run = runDelivery(w, frozen, build(w), noRamp);
    const qa = run.stages.Deploy_qa;
    expect(qa.result).toBe("Failed");
    expect(qa.step("freeze").code).toBe(1);
    expect(qa.step("freeze").stderr).toContain('release freeze "test freeze covering now"');
    expect(qa.ran().filter((n) => ["promote", "setImage", "swap"].includes(n))).toEqual([]);
    expect(w.read().imports.filter((i) => i.target === stacks.qa.registry)).toEqual([]);
    expect(w.productionImage("qa")).toBe(linuxFx(stacks.qa, OLD));
    expect(w.stagingImage("qa")).toBe(linuxFx(stacks.qa, PREVIOUS));
  });
});
