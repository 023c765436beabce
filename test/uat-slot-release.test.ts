/**
 * The release of a stack hosted as a slot on another stack's app (uat on qa, config appHostStack):
 * the REAL deploy stage (templates/stages/deploy.yml) and scripts against the fake Azure, with uat's
 * settings group as the slot-shaped plan of Pulumi.uat.yaml declares it. A uat release deploys
 * straight into qa's `uat` slot and never swaps, routes or touches qa's production.
 */
import { spawnSync } from "child_process";
import { SLOT_SWAP_OPERATIONS } from "../infra/platform/alert-rules";
import { SLOT_OPERATOR_ACTIONS, SLOT_OPERATOR_NOT_ACTIONS } from "../infra/platform/slot-guest-access";
import { planStack } from "../tools/plan/plan";
import { FakeAzure, digestOf, linuxFx, stopFakeAzure } from "./support/fake-az";
import { readStackFile, tempProject } from "./support/harness";
import { runScript } from "./support/run-script";
import { DEPLOY_ORDER, ReleaseStack, deliveryOptions, releaseStack, runDelivery } from "./support/release-pipelines";
import { qaHostingUat, uatAsSlot } from "./support/uat-slot";

const OLD = digestOf("pinecone-pro 4.11.0");
const PREVIOUS = digestOf("pinecone-pro 4.10.0");
const NEW = digestOf("pinecone-pro 4.12.0");
const SHA = "9f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";
const RELEASE_KEYS = ["WEBAPP_NAME", "WEBAPP_RESOURCE_GROUP", "STAGING_SLOT", "RELEASE_SHAPE"] as const;

const worlds: FakeAzure[] = [];
afterAll(() => {
  worlds.forEach((w) => w.dispose());
  stopFakeAzure();
});

let stacks: Record<string, ReleaseStack>;
beforeAll(async () => {
  const own = Object.fromEntries(DEPLOY_ORDER.map((c) => [c, releaseStack(c, SLOT_SWAP_OPERATIONS)]));
  // uat's release settings exactly as the program declares them for the slot shape.
  const plan = await planStack(tempProject({ dev: readStackFile("dev"), qa: qaHostingUat(), prod: readStackFile("prod"), uat: uatAsSlot() }), "uat");
  const group = plan.resources.find((r) => r.type === "azuredevops:index/variableGroup:VariableGroup" && String(r.inputs.name).endsWith("-settings"));
  const declared = Object.fromEntries(((group?.inputs.variables ?? []) as { name: string; value: string }[]).map((v) => [v.name, v.value]));
  const release = Object.fromEntries(RELEASE_KEYS.map((k) => [k, declared[k]]));
  expect(release).toEqual({ WEBAPP_NAME: own.qa.webApp, WEBAPP_RESOURCE_GROUP: own.qa.resourceGroup, STAGING_SLOT: "uat", RELEASE_SHAPE: "direct" });
  stacks = { ...own, uat: { ...own.uat, settings: { ...own.uat.settings, ...release } } };
});

/** qa runs 4.11.0 in production, 4.10.0 in staging, and hosts uat's slot running uat's 4.11.0; qa's registry holds 4.12.0. */
function world(): FakeAzure {
  const w = new FakeAzure(DEPLOY_ORDER.map((c) => stacks[c]));
  worlds.push(w);
  for (const c of DEPLOY_ORDER) {
    w.pushImage(c, PREVIOUS, ["4.10.0", "1111111"]);
    w.pushImage(c, OLD, ["4.11.0", "2222222"]);
    w.runs(c, OLD, PREVIOUS);
  }
  w.pushImage("qa", NEW, ["4.12.0", SHA]);
  const qa = stacks.qa;
  w.update((s) => {
    const site = s.sites.find((x) => x.name === qa.webApp)!;
    site.slots.uat = { id: `${site.id}/slots/uat`, defaultHostName: `${qa.webApp}-uat.azurewebsites.net`, linuxFxVersion: linuxFx(stacks.uat, OLD), appSettings: {} };
    s.roleAssignments.push({ principal: stacks.uat.serviceConnection, role: "Container Registry Data Importer and Data Reader", scope: `/subscriptions/${s.subscriptionId}/resourceGroups/${qa.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${qa.registry}` });
    // The host's grant (SlotGuestAccess): the program's slot operator role on qa's web app, and nothing else on qa.
    s.customRoles = { ...s.customRoles, "Slot operator": { actions: [...SLOT_OPERATOR_ACTIONS], notActions: [...SLOT_OPERATOR_NOT_ACTIONS] } };
    s.roleAssignments.push({ principal: stacks.uat.serviceConnection, role: "Slot operator", scope: site.id });
  });
  return w;
}

const build = { digest: NEW, version: "4.12.0", sha: SHA, commitTime: "2026-12-05T16:02:11Z", registryId: "" };
const qaSite = (w: FakeAzure) => w.read().sites.find((x) => x.name === stacks.qa.webApp)!;
const webappCalls = (w: FakeAzure, run: string) => w.read().calls.filter((c) => c.run === run && c.argv[0] === "webapp").map((c) => c.argv.join(" "));

describe("a good uat release into qa's uat slot", () => {
  let w: FakeAzure;
  let uat: ReturnType<typeof runDelivery>["stages"][string];
  beforeAll(() => {
    w = world();
    const run = runDelivery(w, stacks, { ...build, registryId: w.stack("dev").registry }, deliveryOptions({ trafficRampPercentages: ["10", "50"] }), "IndividualCI", "uat");
    uat = run.stages.Deploy_uat;
  });

  test("succeeds: import, image into the slot, smoke, readiness, watch, record; no swap, ramp or swap-back step runs", () => {
    expect({ result: uat.result, failures: uat.steps.filter((s) => s.code !== 0).map((s) => `${s.name}: ${s.stdout}${s.stderr}`) }).toEqual({ result: "Succeeded", failures: [] });
    expect(uat.steps.filter((s) => s.script && !s.skipped).map((s) => s.script)).toEqual([
      "freeze-gate.sh", "acr-promote.sh", "set-staging-image.sh", "smoke-test.sh", "readiness-gate.sh", "watch-release.sh", "release-event.sh",
    ]);
    for (const step of ["swapPreview", "smokePreview", "ramp", "swap", "swapBack", "restoreSlot"]) expect({ step, skipped: uat.step(step).skipped }).toEqual({ step, skipped: true });
  });

  test("the uat slot runs the new digest from uat's registry; qa's production and staging are untouched", () => {
    const site = qaSite(w);
    expect(site.slots.uat.linuxFxVersion).toBe(linuxFx(stacks.uat, NEW));
    expect(site.linuxFxVersion).toBe(linuxFx(stacks.qa, OLD));
    expect(site.slots.staging.linuxFxVersion).toBe(linuxFx(stacks.qa, PREVIOUS));
    expect(w.read().productionHistory.filter((h) => h.site === stacks.qa.webApp)).toEqual([]);
    expect(site.pendingPreview).toBeNull();
    expect(site.rampUpRules).toEqual([]);
  });

  test("every web app call of the uat job names qa's app and the uat slot; none swaps or routes traffic", () => {
    const calls = webappCalls(w, "Deploy_uat");
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(c).toContain(`-n ${stacks.qa.webApp}`);
      expect(c).toContain("--slot uat");
      expect(c).not.toMatch(/slot swap|traffic-routing/);
    }
    // Smoke tests and the watch probe the slot's host; nobody probes qa's production host.
    const hosts = new Set(w.read().healthProbes.map((p) => p.host));
    expect(hosts).toContain(`${stacks.qa.webApp}-uat.azurewebsites.net`);
    expect(hosts).not.toContain(`${stacks.qa.webApp}.azurewebsites.net`);
  });
});

describe("a bad uat release: the smoke test fails and the slot gets its previous digest back", () => {
  test("restoreSlot puts 4.11.0 back; qa's production never moves", () => {
    const w = world();
    w.image(NEW, { health: 500 });
    const run = runDelivery(w, stacks, { ...build, registryId: w.stack("dev").registry }, deliveryOptions(), "IndividualCI", "uat");
    const uat = run.stages.Deploy_uat;
    expect(uat.result).toBe("Failed");
    expect(uat.step("smoke").code).not.toBe(0);
    expect(uat.step("swapBack").skipped).toBe(true);
    expect(uat.step("restoreSlot").code).toBe(0);
    expect(qaSite(w).slots.uat.linuxFxVersion).toBe(linuxFx(stacks.uat, OLD));
    expect(qaSite(w).linuxFxVersion).toBe(linuxFx(stacks.qa, OLD));
    expect(webappCalls(w, "Deploy_uat").filter((c) => /slot swap|traffic-routing/.test(c))).toEqual([]);
  });
});

describe("the slot operator role the host grants cannot swap, even called by hand", () => {
  test.each([
    [["--slot", "uat", "--target-slot", "production"]],
    [["--slot", "staging", "--target-slot", "production"]],
    [["--slot", "uat", "--target-slot", "production", "--action", "preview"]],
  ])("az webapp deployment slot swap %j as uat's deploy identity: AuthorizationFailed, qa's production unchanged", (args) => {
    const w = world();
    const qa = stacks.qa;
    const r = spawnSync("az", ["webapp", "deployment", "slot", "swap", "-g", qa.resourceGroup, "-n", qa.webApp, ...args], {
      env: { ...w.env(), FAKE_AZ_IDENTITY: stacks.uat.serviceConnection },
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("(AuthorizationFailed)");
    expect(qaSite(w).linuxFxVersion).toBe(linuxFx(qa, OLD));
    expect(w.read().productionHistory).toEqual([]);
  });
});

describe("the swap and routing scripts refuse the direct shape before any az call", () => {
  const env = { AZURE_SUBSCRIPTION_ID: "s", AZURE_RESOURCE_GROUP: "rg-pcpro-uat", WEBAPP_NAME: "app-pcpro-qa-m8q2", STAGING_SLOT: "uat", RELEASE_SHAPE: "direct", ACR_NAME: "a", IMAGE_REPOSITORY: "r" };
  test.each([
    ["slot-swap.sh", ["complete", "--digest", NEW]],
    ["slot-swap.sh", ["preview"]],
    ["swap-back.sh", []],
    ["traffic-ramp.sh", ["--percentages", "10", "--step-minutes", "1", "--since", "2026-12-05T00:00:00Z", "--health-url", "https://x/health"]],
  ])("%s %j exits 2 naming the shape", (script, args) => {
    const r = runScript(script as string, args as string[], env, {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("RELEASE_SHAPE is direct: this stack's app is slot 'uat' on app-pcpro-qa-m8q2");
    expect(r.argv).toEqual([]);
  });
});
