import * as pulumi from "@pulumi/pulumi";
import { DIAGNOSTIC_PROFILES, diagnosticSetting } from "../infra/guardrails/diagnostics";
import { deleteLock, statefulOptions } from "../infra/guardrails/locks";
import { releaseOwnedField, releaseOwnedPaths } from "../infra/guardrails/release-owned";
import { BUILT_IN_ROLES, roleAssignment, stableGuid } from "../infra/guardrails/role-assignments";
import { recordResources } from "./support/harness";

const SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-pcpro-prod/providers/Microsoft.ContainerRegistry/registries/acrpcproprodp2w6";
const WORKSPACE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-pcpro-prod/providers/Microsoft.OperationalInsights/workspaces/log-pcpro-prod";

class Host extends pulumi.ComponentResource {
  constructor(build: (self: Host) => void) {
    super("test:index:Host", "host", {});
    build(this);
    this.registerOutputs({});
  }
}

describe("guardrail helpers", () => {
  test("role assignments are typed ServicePrincipal, use the subscription-scoped role id and a stable name", async () => {
    const rec = await recordResources(() => {
      new Host((h) => roleAssignment("web-acr-pull", { scope: SCOPE, principalId: "p-1", role: "AcrPull" }, h));
    });
    const ra = rec.one("azure-native:authorization:RoleAssignment", "web-acr-pull");
    expect(ra.inputs).toMatchObject({
      scope: SCOPE,
      principalId: "p-1",
      principalType: "ServicePrincipal",
      roleDefinitionId: `/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.AcrPull}`,
      roleAssignmentName: stableGuid(`${SCOPE}|p-1|${BUILT_IN_ROLES.AcrPull}`),
    });
    expect(ra.parent).toBe(rec.one("test:index:Host").urn);
    expect(stableGuid("a")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableGuid("a")).not.toBe(stableGuid("b"));
  });

  test("diagnostic settings go to the workspace's dedicated tables with the profile's logs and all metrics", async () => {
    const rec = await recordResources(() => {
      new Host((h) => {
        diagnosticSetting("registry", { profile: "registry", resourceId: SCOPE, workspaceId: WORKSPACE }, h);
        diagnosticSetting("plan", { profile: "appServicePlan", resourceId: "/subscriptions/x/plan", workspaceId: WORKSPACE }, h);
      });
    });
    expect(rec.one("azure-native:monitor:DiagnosticSetting", "registry-diagnostics").inputs).toEqual({
      name: "send-to-log-analytics",
      resourceUri: SCOPE,
      workspaceId: WORKSPACE,
      logAnalyticsDestinationType: "Dedicated",
      logs: [{ categoryGroup: "allLogs", enabled: true }],
      metrics: [{ category: "AllMetrics", enabled: true }],
    });
    expect(rec.one("azure-native:monitor:DiagnosticSetting", "plan-diagnostics").inputs.logs).toEqual([]);
    expect(DIAGNOSTIC_PROFILES.webApp.logs.map((l) => l.category)).toContain("AppServiceHTTPLogs");
  });

  test("a protected stack gets a protected CanNotDelete lock; an unprotected one gets none", async () => {
    const rec = await recordResources(() => {
      new Host((h) => {
        deleteLock("vault", { resourceId: SCOPE, protect: true, what: "Key Vault" }, h);
        deleteLock("registry", { resourceId: SCOPE, protect: false, what: "registry" }, h);
      });
    });
    const locks = rec.ofType("azure-native:authorization:ManagementLockByScope");
    expect(locks.map((l) => l.name)).toEqual(["vault-lock"]);
    expect(locks[0].inputs).toMatchObject({ scope: SCOPE, level: "CanNotDelete", lockName: "do-not-delete" });
    expect(locks[0].protect).toBe(true);
    const parent = new pulumi.ComponentResource("test:index:X", "x", {}, {});
    expect(statefulOptions(true, parent)).toEqual({ parent, protect: true });
  });

  test("release-owned fields: the image on apps and slots, routing rules on the production app only", () => {
    expect(releaseOwnedPaths("azure-native:web:WebApp")).toEqual(["siteConfig.linuxFxVersion", "siteConfig.experiments"]);
    expect(releaseOwnedPaths("azure-native:web:WebAppSlot")).toEqual(["siteConfig.linuxFxVersion"]);
    expect(releaseOwnedPaths("azure-native:web:AppServicePlan")).toEqual([]);
    expect(releaseOwnedField("azure-native:web:WebApp", "siteConfig.experiments.rampUpRules[0].reroutePercentage")?.path).toBe("siteConfig.experiments");
    expect(releaseOwnedField("azure-native:web:WebAppSlot", "siteConfig.experiments")).toBeUndefined();
    expect(releaseOwnedField("azure-native:web:WebApp", "siteConfig.linuxFxVersionX")).toBeUndefined();
  });
});
