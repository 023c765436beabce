/**
 * uat in the slot shape: a copy of the real Pulumi.uat.yaml switched to `appHostStack: qa`, planned
 * through the real plan entry point beside the real qa/dev/prod files. The joints: the slot lands on
 * the web app and plan qa's own offline plan declares, with uat's identity, vault references and
 * alerts, and nothing of a plan; bad shapes exit 2 naming the key.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_CONTEXT } from "../policy/model";
import { appAlertSet } from "../policy/rules/app-alert-set";
import { appAvailabilityTests } from "../policy/rules/app-availability-tests";
import { appPullOverVnet } from "../policy/rules/app-pull-over-vnet";
import { hostedSlots } from "../policy/rules/links";
import { T } from "../policy/rules/types";
import { ExitCode } from "../tools/exit-codes";
import { planStack, StackPlan } from "../tools/plan/plan";
import { RecordedResource } from "../tools/plan/record";
import { HostedSlot } from "../infra/platform/hosted-slot";
import { REPO_ROOT, readStackFile, recordResources, runCli, tempProject } from "./support/harness";
import { qaHostingUat, uatAsSlot } from "./support/uat-slot";

/** The real dev and prod files, and qa's with uat listed as its slot guest. */
const realFiles = () => ({ dev: readStackFile("dev"), qa: qaHostingUat(), prod: readStackFile("prod") });

describe("uat as a slot on qa's app (plan of a switched copy of Pulumi.uat.yaml)", () => {
  let uat: StackPlan;
  let qa: StackPlan;
  beforeAll(async () => {
    const dir = tempProject({ ...realFiles(), uat: uatAsSlot() });
    uat = await planStack(dir, "uat");
    qa = await planStack(dir, "qa");
  });
  const of = (plan: StackPlan, type: string) => plan.resources.filter((r) => r.type === type);
  const one = (plan: StackPlan, type: string): RecordedResource => {
    const found = of(plan, type);
    expect(found).toHaveLength(1);
    return found[0];
  };

  test("exactly one WebAppSlot, named uat, on qa's web app and plan as qa's own offline plan declares them", () => {
    const slot = one(uat, "azure-native:web:WebAppSlot");
    const qaApp = one(qa, "azure-native:web:WebApp");
    expect(slot.inputs.name).toBe(qaApp.inputs.name);
    expect(slot.inputs.name).toBe("app-pcpro-qa-m8q2");
    expect(slot.inputs.slot).toBe("uat");
    expect(slot.inputs.resourceGroupName).toBe(qaApp.inputs.resourceGroupName);
    expect(slot.inputs.serverFarmId).toBe(qaApp.inputs.serverFarmId);
    expect(slot.inputs.kind).toBe(qaApp.inputs.kind);
    expect(slot.ignoreChanges).toEqual(["siteConfig.linuxFxVersion"]);
    // No integration of its own: the host plan's one subnet is qa's (stack-config/hosting.ts).
    expect(slot.inputs.virtualNetworkSubnetId).toBeUndefined();
  });

  test("no plan, autoscale, web app, staging slot or sticky-settings resource of its own", () => {
    for (const type of ["azure-native:web:AppServicePlan", "azure-native:monitor:AutoscaleSetting", "azure-native:web:WebApp", "azure-native:web:WebAppSlotConfigurationNames"]) {
      expect({ type, n: of(uat, type).length }).toEqual({ type, n: 0 });
    }
    expect(of(uat, "azure-native:managedidentity:UserAssignedIdentity").map((i) => i.inputs.resourceName).sort()).toEqual(
      ["id-pcpro-uat-pipeline", "id-pcpro-uat-preview", "id-pcpro-uat-uat"],
    );
  });

  test("the slot runs as uat's own identity, which holds AcrPull on uat's registry and Secrets User on uat's vault", () => {
    const slot = one(uat, "azure-native:web:WebAppSlot");
    const identity = of(uat, "azure-native:managedidentity:UserAssignedIdentity").find((i) => i.inputs.resourceName === "id-pcpro-uat-uat") as RecordedResource;
    const identityId = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-pcpro-uat/providers/Mock.managedidentity/UserAssignedIdentity/id-pcpro-uat-uat`;
    expect(slot.inputs.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: [identityId] });
    expect(slot.inputs.keyVaultReferenceIdentity).toBe(identityId);
    expect(slot.references.identity).toContain(identity.urn);
    const grants = of(uat, "azure-native:authorization:RoleAssignment").filter((ra) => ra.references.principalId?.includes(identity.urn));
    const roles = grants.map((g) => String(g.inputs.roleDefinitionId).split("/").pop()).sort();
    expect(roles).toEqual(expect.arrayContaining(["4633458b-17de-408a-b874-0445c86b69e6", "7f951dda-4ed3-4680-a7ca-43fe172d538d"]));
  });

  test("Key Vault references point at uat's vault; the slot's settings hold no secret", () => {
    const slot = one(uat, "azure-native:web:WebAppSlot");
    const settings = Object.fromEntries(((slot.inputs.siteConfig as { appSettings: { name: string; value: string }[] }).appSettings).map((s) => [s.name, s.value]));
    expect(settings.ConnectionStrings__Erp).toBe("@Microsoft.KeyVault(SecretUri=https://kv-pcpro-uat-r4t7.vault.azure.net/secrets/ConnectionStrings--Erp)");
    expect(settings.Auth__JwtSigningKey).toBe("@Microsoft.KeyVault(SecretUri=https://kv-pcpro-uat-r4t7.vault.azure.net/secrets/Auth--JwtSigningKey)");
    expect(JSON.stringify(slot.inputs)).not.toContain("offline-plan-placeholder");
  });

  test("site alerts and the availability test target the slot; no plan-metric alert (qa alerts on its plan)", () => {
    const slotId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-pcpro-qa/providers/Mock.web/WebAppSlot/app-pcpro-qa-m8q2";
    const metric = of(uat, "azure-native:monitor:MetricAlert").filter((a) => (a.inputs.criteria as { odataType: string }).odataType.includes("SingleResource"));
    const byMetric = Object.fromEntries(metric.map((a) => [(a.inputs.criteria as { allOf: { metricName: string; metricNamespace: string }[] }).allOf[0].metricName, a]));
    expect(Object.keys(byMetric).sort()).toEqual(["Availability", "HealthCheckStatus", "Http5xx", "HttpResponseTime"]);
    for (const m of ["Http5xx", "HttpResponseTime", "HealthCheckStatus"]) {
      expect(byMetric[m].inputs.scopes).toEqual([slotId]);
      expect((byMetric[m].inputs.criteria as { allOf: { metricNamespace: string }[] }).allOf[0].metricNamespace).toBe("Microsoft.Web/sites/slots");
    }
    const tests = of(uat, "azure-native:applicationinsights:WebTest");
    expect(tests.map((t) => (t.inputs.request as { requestUrl: string }).requestUrl)).toEqual(["https://app-pcpro-qa-m8q2-uat.azurewebsites.net/health"]);
    // No rollback trigger: nothing to swap back, and a swap could reach qa's production.
    expect(of(uat, "azure-native:monitor:ActionGroup").map((g) => g.name)).toEqual(["observability-action-group"]);
  });

  test("the release variables deploy straight into the slot on qa's app: RELEASE_SHAPE direct", () => {
    const group = of(uat, "azuredevops:index/variableGroup:VariableGroup").find((g) => String(g.inputs.name).endsWith("-settings")) as RecordedResource;
    const vars = Object.fromEntries((group.inputs.variables as { name: string; value: string }[]).map((v) => [v.name, v.value]));
    expect(vars).toMatchObject({ WEBAPP_NAME: "app-pcpro-qa-m8q2", STAGING_SLOT: "uat", WEBAPP_RESOURCE_GROUP: "rg-pcpro-qa", RELEASE_SHAPE: "direct", AZURE_RESOURCE_GROUP: "rg-pcpro-uat" });
  });

  test("qa grants uat's deploy identity the slot operator role (no swap) and its preview identity Reader, on qa's web app only", () => {
    const qaApp = one(qa, "azure-native:web:WebApp");
    const role = one(qa, "azure-native:authorization:RoleDefinition" as string);
    expect(role.name).toBe("slot-guests-slot-operator-role");
    expect(role.inputs.assignableScopes).toEqual([`/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-pcpro-qa/providers/Mock.web/WebApp/${qaApp.inputs.name}`]);
    const perms = (role.inputs.permissions as { actions: string[]; notActions: string[] }[])[0];
    expect(perms.actions).toEqual(["Microsoft.Web/sites/read", "Microsoft.Web/sites/slots/*", "Microsoft.Web/serverfarms/read", "Microsoft.Insights/diagnosticSettings/*"]);
    expect(perms.notActions).toEqual(["Microsoft.Web/sites/slots/slotsswap/action", "Microsoft.Web/sites/slots/applySlotConfig/action", "Microsoft.Web/sites/slots/resetSlotConfig/action"]);
    expect(perms.actions.some((a) => a.startsWith("Microsoft.Web/sites/slotsswap") || a === "Microsoft.Web/sites/*")).toBe(false);
    // uat's principal ids as uat's own offline plan gives them (the stack reference, mocked).
    const uatIds = uat.resources.filter((r) => r.type === "azure-native:managedidentity:UserAssignedIdentity" && /-(pipeline|preview)$/.test(String(r.inputs.resourceName)));
    expect(uatIds).toHaveLength(2);
    const grants = qa.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name.startsWith("slot-guests-"));
    expect(grants.map((g) => g.name).sort()).toEqual(["slot-guests-uat-preview-reader", "slot-guests-uat-slot-operator"]);
    for (const g of grants) expect(g.inputs.scope).toBe(role.inputs.assignableScopes && (role.inputs.assignableScopes as string[])[0]);
    const assumed = qa.assumptions.filter((a) => a.stackReference === "organization/pinecone-delivery/uat").map((a) => [a.output, a.value]);
    const operator = grants.find((g) => g.name.endsWith("slot-operator")) as RecordedResource;
    const reader = grants.find((g) => g.name.endsWith("preview-reader")) as RecordedResource;
    expect(assumed).toEqual(expect.arrayContaining([["identityPrincipalIds.pipeline", operator.inputs.principalId], ["identityPrincipalIds.preview", reader.inputs.principalId]]));
    expect(String(reader.inputs.roleDefinitionId)).toMatch(/acdd72a7-3385-48ef-bd42-f606fba81ae7$/);
  });

  test("the plan says where the host came from, and the policy pack passes", () => {
    const host = uat.assumptions.find((a) => a.output === "appHosting");
    expect(host?.stackReference).toBe("organization/pinecone-delivery/qa");
    expect(host?.source).toContain("Pulumi.qa.yaml");
    expect(uat.outputs.appHosting).toEqual({ shape: "slot", hostStack: "qa", slotName: "uat" });
    expect(uat.policy.violations.filter((v) => v.level === "mandatory")).toEqual([]);
    // Release paths: the rights on the slot are the host's grant; no rollback trigger to judge.
    const swaps = uat.paths.find((p) => p.id === "deploy-swaps-slots");
    expect(swaps).toMatchObject({ ok: true, assumed: expect.stringContaining("slot operator role on its web app, with no swap action") });
    expect(uat.paths.map((p) => p.id)).not.toContain("monitor-triggers-rollback");
    expect(qa.paths.map((p) => p.id)).toContain("monitor-triggers-rollback");
  });
});

describe("bad slot shapes exit 2 naming the key", () => {
  const plan = async (uatText: string, others: Record<string, string> = realFiles()) => runCli(["plan", "uat"], tempProject({ ...others, uat: uatText }));
  const expectBad = (r: { code: ExitCode; stderr: string }, key: string, found: RegExp) => {
    expect(r.code).toBe(ExitCode.BadInput);
    expect(r.stderr).toContain(`pinecone-delivery:${key}: expected`);
    expect(r.stderr).toMatch(found);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  test("a stack cannot host itself", async () => {
    expectBad(await plan(uatAsSlot(undefined, "uat")), "appHostStack", /found "uat" \(this stack\)/);
  });
  test("own-plan keys are rejected in the slot shape (appServiceSku, autoscaleMaximum)", async () => {
    const text = uatAsSlot().replace("config:\n", "config:\n  pinecone-delivery:appServiceSku: P1v3\n  pinecone-delivery:autoscaleMaximum: 4\n");
    const r = await plan(text);
    expectBad(r, "appServiceSku", /no value because appHostStack is qa.*found "P1v3"/);
    expect(r.stderr).toMatch(/pinecone-delivery:autoscaleMaximum: expected no value because appHostStack is qa.*found 4/);
  });
  test("a private slot-shaped stack is refused (one integration subnet per Linux plan)", async () => {
    const text = uatAsSlot().replace("pinecone-delivery:privateNetwork: false", "pinecone-delivery:privateNetwork: true");
    expectBad(await plan(text), "privateNetwork", /one VNet integration subnet.*found true/);
  });
  test("the slot name must be given, valid, and not the host's staging slot", async () => {
    expectBad(await plan(uatAsSlot(undefined, "qa", "none")), "appHostSlotName", /found none/);
    expectBad(await plan(uatAsSlot(undefined, "qa", "UAT_1")), "appHostSlotName", /found "UAT_1"/);
    expectBad(await plan(uatAsSlot(undefined, "qa", "staging")), "appHostSlotName", /other than qa's own staging slot.*found "staging"/);
  });
  test("a host that is itself a slot is refused (no chains, no cycles)", async () => {
    const qaAsSlotOnDev = readStackFile("qa")
      .replace(/^ {2}pinecone-delivery:(appServiceSku|zoneRedundant|autoscale\w+|alertCpuPercent|alertMemoryPercent|alertHttpQueueLength):.*\n/gm, "")
      .replace("pinecone-delivery:privateNetwork: true", "pinecone-delivery:privateNetwork: false")
      .replace("pinecone-delivery:keyVaultNetworkDefaultAction: Deny", "pinecone-delivery:keyVaultNetworkDefaultAction: Allow")
      .replace("config:\n", "config:\n  pinecone-delivery:appHostStack: dev\n  pinecone-delivery:appHostSlotName: qa\n");
    expectBad(await plan(uatAsSlot(), { ...realFiles(), qa: qaAsSlotOnDev }), "appHostStack", /found "qa", itself a slot \(qa\) on stack dev/);
  });
  test("a host that does not list this stack under appSlotGuests is refused (both sides consent)", async () => {
    expectBad(await plan(uatAsSlot(), { ...realFiles(), qa: readStackFile("qa") }), "appHostStack", /appSlotGuests lists uat.*found stack organization\/pinecone-delivery\/qa lists \[\]/);
  });
  test("appSlotGuests: not the stack itself, not twice, and not on a stack that is itself a slot", async () => {
    const qaBad = readStackFile("qa").replace("config:\n", "config:\n  pinecone-delivery:appSlotGuests: [qa, uat, uat]\n");
    const r = await runCli(["plan", "qa"], tempProject({ ...realFiles(), qa: qaBad, uat: uatAsSlot() }));
    expectBad(r, "appSlotGuests", /found "qa" \(this stack\)/);
    expect(r.stderr).toContain('found "uat" (listed twice)');
    const uatWithGuests = uatAsSlot().replace("config:\n", "config:\n  pinecone-delivery:appSlotGuests: [prod]\n");
    expectBad(await plan(uatWithGuests), "appSlotGuests", /expected \[\] because appHostStack is qa \(a slot cannot host other slots: no chains\); found \["prod"\]/);
  });
  test("stagingSlotName is an own-plan key: rejected in the slot shape", async () => {
    expectBad(await plan(uatAsSlot().replace("config:\n", "config:\n  pinecone-delivery:stagingSlotName: green\n")), "stagingSlotName", /no value because appHostStack is qa.*found "green"/);
  });
  test("a host with no stack file is refused", async () => {
    expectBad(await plan(uatAsSlot(undefined, "staging2")), "appHostStack", /stack organization\/pinecone-delivery\/staging2 has no output appHosting/);
  });
});

describe("policy rules judge the hosted slot as the stack's app", () => {
  let resources: RecordedResource[];
  beforeAll(async () => {
    resources = [...(await planStack(tempProject({ ...realFiles(), uat: uatAsSlot() }), "uat")).resources];
  });
  const without = (pred: (r: RecordedResource) => boolean) => resources.filter((r) => !pred(r));
  const metricOf = (r: RecordedResource) => (r.inputs.criteria as { allOf?: { metricName: string }[] }).allOf?.[0]?.metricName;

  test("pass: the slot-shaped plan has the slot's alerts, test and no private pull", () => {
    expect(appAlertSet.check(resources, DEFAULT_CONTEXT)).toEqual([]);
    expect(appAvailabilityTests.check(resources, DEFAULT_CONTEXT)).toEqual([]);
    expect(appPullOverVnet.check(resources, DEFAULT_CONTEXT)).toEqual([]);
    expect(hostedSlots(resources).map((s) => s.name)).toEqual(["app-slot-slot"]);
  });

  test("fail: app-alert-set names the slot when its 5xx alert is missing (and asks nothing of the host's plan)", () => {
    const findings = appAlertSet.check(without((r) => r.type === T.MetricAlert && metricOf(r) === "Http5xx"), DEFAULT_CONTEXT);
    expect(findings.map((f) => [f.resource.name, f.detail])).toEqual([
      ["app-slot-slot", expect.stringMatching(/^has no enabled metric alert for Http5xx on its site;/)],
    ]);
  });

  test("fail: app-availability-tests names the slot host when its test is missing", () => {
    const findings = appAvailabilityTests.check(without((r) => r.type === T.WebTest), DEFAULT_CONTEXT);
    expect(findings.map((f) => [f.resource.name, f.detail])).toEqual([
      ["app-slot-slot", "has no availability test on https://app-pcpro-qa-m8q2-uat.azurewebsites.net; add a standard WebTest on its health path"],
    ]);
  });

  test("fail: app-pull-over-vnet applies to the slot when its registry refuses public traffic", () => {
    const closed = resources.map((r) => (r.type === T.Registry ? { ...r, inputs: { ...r.inputs, publicNetworkAccess: "Disabled" } } : r));
    const findings = appPullOverVnet.check(closed, DEFAULT_CONTEXT);
    expect(findings.map((f) => f.resource.name)).toEqual(["app-slot-slot", "app-slot-slot"]);
    expect(findings[0].detail).toContain('slot "uat" pulls from a registry with public access disabled but virtualNetworkSubnetId is not set');
  });
});

describe("parity (plan --compare) understands the slot shape", () => {
  test("own-plan settings and the plan's resources show as hosted on qa/uat, allowed, never as missing", async () => {
    const r = await runCli(["plan", "--compare", "uat", "qa"], tempProject({ ...realFiles(), uat: uatAsSlot() }));
    const lines = r.stdout.split("\n");
    expect(lines).toContain('  ok  appServiceSku: uat=(hosted on qa/uat) qa="P1v3"  allowed (app hosted on qa/uat)');
    expect(lines).toContain("  ok  autoscaleMinimum: uat=(hosted on qa/uat) qa=2  allowed (app hosted on qa/uat)");
    expect(lines).toContain('  app-plan: uat=(hosted on qa/uat) qa="azure-native:web:AppServicePlan"  (follows appHostStack)');
    expect(lines).toContain('  app-autoscale: uat=(hosted on qa/uat) qa="azure-native:monitor:AutoscaleSetting"  (follows appHostStack)');
    expect(lines).toContain('  alerts-cpu: uat=(hosted on qa/uat) qa="azure-native:monitor:MetricAlert"  (follows appHostStack)');
    // Judged deviations remain: the shape itself is a setting qa does not share.
    expect(lines).toContain('  !!  appHostStack: uat="qa" qa="none"  NOT ALLOWED');
    for (const key of ["appServiceSku", "autoscaleMinimum", "autoscaleMaximum", "autoscaleDefault", "zoneRedundant"]) {
      expect(lines.filter((l) => l.startsWith(`  !!  ${key}:`))).toEqual([]);
    }
    // Differences that have nothing to do with hosting are not attributed to it.
    expect(lines).toContain('  agent-pool-pool: uat=(absent) qa="azure-native:devopsinfrastructure:Pool"');
  });
});

describe("delivery cost of the slot-shaped uat", () => {
  test("plans through the host's file and prices no App Service plan of its own", async () => {
    const dir = tempProject({ ...realFiles(), uat: uatAsSlot() });
    fs.mkdirSync(path.join(dir, "prices"));
    fs.copyFileSync(path.join(REPO_ROOT, "prices", "retail-prices.json"), path.join(dir, "prices", "retail-prices.json"));
    const r = await runCli(["cost", "uat"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(ExitCode.Ok);
    expect(r.stdout).toContain("Monthly cost estimate of stack uat");
    expect(r.stdout).toContain("registry (azure-native:containerregistry:Registry)");
    expect(r.stdout).not.toContain("azure-native:web:AppServicePlan");
  });
});

describe("HostedSlot rejects bad args before any child exists", () => {
  test("slot named production and a secret in plain settings: one error naming both, nothing registered", async () => {
    const build = () =>
      new HostedSlot("app-slot", {
        resourceGroupName: "rg-host", appName: "app-host", planId: "/subscriptions/s/resourceGroups/rg-host/providers/Microsoft.Web/serverfarms/asp-host",
        slotName: "production", image: { loginServer: "acrx.azurecr.io", repository: "r", digest: `sha256:${"a".repeat(64)}` },
        identity: { id: "/id", clientId: "c" }, appSettings: { DB_PASSWORD: "hunter2" }, appInsightsConnectionString: "InstrumentationKey=x", workspaceId: "/w",
      });
    let error: Error | undefined;
    const rec = await recordResources(() => {
      try {
        build();
      } catch (e) {
        error = e as Error;
      }
    });
    expect(error?.message).toMatch(/^HostedSlot app-slot: slotName must be 2-20 lowercase letters, digits or hyphens and not "production"; found "production"; appSettings "DB_PASSWORD" looks like a secret/);
    expect(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });
});
