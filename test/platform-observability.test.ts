import { AlertRules, AlertRulesArgs, DEFAULT_AVAILABILITY_TEST_LOCATIONS, SLOT_SWAP_OPERATIONS } from "../infra/platform/alert-rules";
import { METRIC_ALERTS, resolveMetricAlerts } from "../infra/platform/alert-table";
import { DORA_QUERIES, buildDoraWorkbook } from "../infra/platform/dora-workbook";
import { CHAT_MESSAGE_TEXT, chatRelayDefinition } from "../infra/platform/chat-relay";
import { Observability, ObservabilityArgs, deriveActionGroupShortName, deriveChatRelayName } from "../infra/platform/observability";
import { RELEASE_EVENT, RELEASE_EVENT_FIELDS, RESTORE_EVENT, RESTORE_EVENT_FIELDS } from "../infra/platform/release-events";
import { BUILT_IN_ROLES, stableGuid } from "../infra/guardrails/role-assignments";
import { Recorded, recordResources } from "./support/harness";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const RG = "rg-pcpro-prod";
const RG_ID = `${SUB}/resourceGroups/${RG}`;
const SITE_ID = `${RG_ID}/providers/Microsoft.Web/sites/app-pcpro-prod-x7k2`;
const SLOT_ID = `${SITE_ID}/slots/staging`;
const PLAN_ID = `${RG_ID}/providers/Microsoft.Web/serverFarms/asp-pcpro-prod`;
const VAULT_ID = `${RG_ID}/providers/Microsoft.KeyVault/vaults/kv-pcpro-prod-x7k2`;
const AI_ID = `${RG_ID}/providers/Microsoft.Insights/components/appi-pcpro-prod`;
const AG_ID = `${RG_ID}/providers/Microsoft.Insights/actionGroups/appi-pcpro-prod-alerts`;
const TAGS = { environment: "prod", managedBy: "pulumi" };
// Never marked secret by the caller: the component must make it secret on its own.
const CANARY = "https://example.webhook.office.com/webhookb2/canary-4f1e9c";
const ROLLBACK_URL = "https://dev.azure.com/contoso/_apis/public/distributedtask/webhooks/erp-alert?api-version=6.0-preview";

const MANAGED_BY_COMPONENT = (rec: Recorded, componentType: string) => {
  const component = rec.one(componentType);
  return rec.resources.filter((r) => r.parent === component.urn);
};

function observabilityArgs(overrides: Partial<ObservabilityArgs> = {}): ObservabilityArgs {
  return {
    resourceGroupName: RG,
    location: "westeurope",
    workspaceName: "log-pcpro-prod",
    appInsightsName: "appi-pcpro-prod",
    alertEmails: ["ops@pinecone.example", "Release.Team@pinecone.example"],
    tags: TAGS,
    ...overrides,
  };
}

const THRESHOLDS = {
  http5xxCount: 17,
  responseTimeMs: 1500,
  healthCheckPercent: 95,
  cpuPercent: 71,
  memoryPercent: 82,
  httpQueueLength: 33,
  keyVaultAvailabilityPercent: 98,
};

function alertArgs(overrides: Partial<AlertRulesArgs> = {}): AlertRulesArgs {
  return {
    resourceGroupName: RG,
    environment: "prod",
    location: "westeurope",
    actionGroupId: AG_ID,
    appInsightsId: AI_ID,
    targets: { siteId: SITE_ID, stagingSlotId: SLOT_ID, planId: PLAN_ID, vaultId: VAULT_ID, resourceGroupId: RG_ID },
    healthUrls: { production: "https://app-pcpro-prod-x7k2.azurewebsites.net/healthz", staging: "https://app-pcpro-prod-x7k2-staging.azurewebsites.net/healthz" },
    thresholds: THRESHOLDS,
    tags: TAGS,
    ...overrides,
  };
}

/** Builds inside the recorder and returns the error thrown and every resource type registered. */
async function rejection(build: () => void): Promise<{ message: string; registered: string[] }> {
  let message = "(no error)";
  const rec = await recordResources(() => {
    try {
      build();
    } catch (e) {
      message = (e as Error).message;
    }
  });
  return { message, registered: rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type) };
}

describe("Observability", () => {
  let rec: Recorded;
  let lean: Recorded;
  beforeAll(async () => {
    rec = await recordResources(() => {
      const obs = new Observability(
        "obs",
        observabilityArgs({ logRetentionDays: 60, appInsightsRetentionDays: 180, notificationWebhookUrl: CANARY, protect: true }),
      );
      return {
        workspaceId: obs.workspaceId,
        workspaceName: obs.workspaceName,
        customerId: obs.workspaceCustomerId,
        appInsightsId: obs.appInsightsId,
        connectionString: obs.appInsightsConnectionString,
        actionGroupId: obs.actionGroupId,
        workbookId: obs.workbookId,
      };
    });
    lean = await recordResources(() => {
      new Observability(
        "obs",
        observabilityArgs({ browserTelemetry: true, actionGroupShortName: "pcpro", alertEmails: ["ops@pinecone.example"], telemetryPublisherPrincipalIds: { staging: "principal-staging", pipeline: "principal-pipeline" } }),
      );
    });
  });

  test("a PerGB2018 workspace with the given retention (default 30), protected and locked when asked", () => {
    const ws = rec.one("azure-native:operationalinsights:Workspace", "obs-workspace");
    expect(ws.inputs).toMatchObject({ resourceGroupName: RG, location: "westeurope", workspaceName: "log-pcpro-prod", sku: { name: "PerGB2018" }, retentionInDays: 60, tags: TAGS });
    expect(ws.protect).toBe(true);
    expect(rec.outputs.workspaceName).toBe("log-pcpro-prod");
    expect(rec.outputs.customerId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const locks = rec.ofType("azure-native:authorization:ManagementLockByScope");
    expect(locks.map((l) => [l.name, l.inputs.scope, l.inputs.level])).toEqual([
      ["obs-workspace-lock", rec.outputs.workspaceId, "CanNotDelete"],
      ["obs-app-insights-lock", rec.outputs.appInsightsId, "CanNotDelete"],
    ]);

    const leanWs = lean.one("azure-native:operationalinsights:Workspace");
    expect(leanWs.inputs.retentionInDays).toBe(30);
    expect(leanWs.protect).toBe(false);
    expect(lean.ofType("azure-native:authorization:ManagementLockByScope")).toEqual([]);
  });

  test("workspace-based Application Insights: IP masking on, local auth off unless browser telemetry, retention (default 90)", () => {
    const ai = rec.one("azure-native:applicationinsights:Component", "obs-app-insights");
    expect(ai.inputs).toMatchObject({
      resourceName: "appi-pcpro-prod",
      kind: "web",
      applicationType: "web",
      workspaceResourceId: rec.outputs.workspaceId,
      ingestionMode: "LogAnalytics",
      disableIpMasking: false,
      disableLocalAuth: true,
      retentionInDays: 180,
    });
    expect(ai.protect).toBe(true);

    const leanAi = lean.one("azure-native:applicationinsights:Component");
    expect(leanAi.inputs).toMatchObject({ disableLocalAuth: false, retentionInDays: 90 });
    expect(leanAi.protect).toBe(false);

    expect(rec.secretOutputs).not.toContain("connectionString");
    expect(rec.secretOutputs).not.toContain("appInsightsId");
  });

  test("telemetry publishers get Monitoring Metrics Publisher on the component, keyed by name", () => {
    const grants = lean.ofType("azure-native:authorization:RoleAssignment");
    expect(Object.fromEntries(grants.map((g) => [g.name, [g.inputs.principalId, g.inputs.principalType, g.inputs.roleDefinitionId]]))).toEqual({
      "obs-telemetry-publisher-staging": ["principal-staging", "ServicePrincipal", `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.MonitoringMetricsPublisher}`],
      "obs-telemetry-publisher-pipeline": ["principal-pipeline", "ServicePrincipal", `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.MonitoringMetricsPublisher}`],
    });
    expect(grants[0].inputs.scope).toEqual(expect.stringContaining("/Component/appi-pcpro-prod"));
    expect(rec.ofType("azure-native:authorization:RoleAssignment")).toEqual([]);
  });

  test("diagnostics of the workspace, the component and the chat relay go to the workspace through the shared profiles", () => {
    const diag = rec.ofType("azure-native:monitor:DiagnosticSetting");
    const relayId = `${RG_ID}/providers/Mock.logic/Workflow/logic-pcpro-prod-chat`;
    expect(rec.one("azure-native:logic:Workflow").urn).toContain("obs-chat-relay-workflow");
    // Registration order between the relay and the component is not fixed: compare by name.
    expect(diag.map((d) => [d.name, d.inputs.resourceUri, d.inputs.workspaceId]).sort()).toEqual([
      ["obs-app-insights-diagnostics", rec.outputs.appInsightsId, rec.outputs.workspaceId],
      ["obs-chat-relay-workflow-diagnostics", relayId, rec.outputs.workspaceId],
      ["obs-workspace-diagnostics", rec.outputs.workspaceId, rec.outputs.workspaceId],
    ]);
    expect(rec.one("azure-native:monitor:DiagnosticSetting", "obs-chat-relay-workflow-diagnostics").inputs.logs).toEqual([{ categoryGroup: "allLogs", enabled: true }]);
    expect(rec.one("azure-native:monitor:DiagnosticSetting", "obs-workspace-diagnostics").inputs.logs).toEqual([{ categoryGroup: "allLogs", enabled: true }]);
    // Application Insights telemetry is already in the workspace: metrics only.
    expect(rec.one("azure-native:monitor:DiagnosticSetting", "obs-app-insights-diagnostics").inputs.logs).toEqual([]);
  });

  test("action group: global, e-mails and chat webhook on the common schema, webhook URL kept secret", async () => {
    const ag = rec.one("azure-native:monitor:ActionGroup", "obs-action-group");
    expect(ag.inputs).toMatchObject({
      resourceGroupName: RG,
      actionGroupName: "appi-pcpro-prod-alerts",
      groupShortName: "pcpro-prod",
      enabled: true,
      location: "Global",
      emailReceivers: [
        { name: "email-ops-pinecone-example", emailAddress: "ops@pinecone.example", useCommonAlertSchema: true },
        { name: "email-release-team-pinecone-example", emailAddress: "Release.Team@pinecone.example", useCommonAlertSchema: true },
      ],
    });
    // Chat is reached through the relay, never by posting the alert schema to the raw webhook.
    expect(ag.inputs.webhookReceivers).toBeUndefined();
    // The SDK lifts the nested secret (the trigger's signed URL) to the whole receiver list.
    expect(ag.inputs.logicAppReceivers).toBe("[secret]");
    expect(rec.isSecretAt(ag, "logicAppReceivers[0].callbackUrl")).toBe(true);
    expect(JSON.stringify(rec.resources)).not.toContain("canary-4f1e9c");
    expect(JSON.stringify(rec.outputs)).not.toContain("canary-4f1e9c");

    const leanAg = lean.one("azure-native:monitor:ActionGroup");
    expect(leanAg.inputs).toMatchObject({ groupShortName: "pcpro", logicAppReceivers: [] });
    expect(lean.ofType("azure-native:logic:Workflow")).toEqual([]);
    expect(deriveActionGroupShortName("appi-pinecone-production")).toBe("pinecone-pro");
    expect(deriveActionGroupShortName("insights")).toBe("insights");
  });

  test("chat relay: a Logic App whose trigger takes the common alert schema and posts {text} to the secret webhook URL", () => {
    const relay = rec.one("pinecone:platform:ChatRelay", "obs-chat-relay");
    const wf = rec.one("azure-native:logic:Workflow", "obs-chat-relay-workflow");
    expect(wf.parent).toBe(relay.urn);
    expect(wf.inputs).toMatchObject({ resourceGroupName: RG, location: "westeurope", workflowName: "logic-pcpro-prod-chat", state: "Enabled", tags: TAGS });
    expect(deriveChatRelayName("appi-pcpro-prod")).toBe("logic-pcpro-prod-chat");
    // The definition holds no URL: only a SecureString parameter, whose value is a secret input.
    const definition = wf.inputs.definition as ReturnType<typeof chatRelayDefinition>;
    expect(definition).toEqual(chatRelayDefinition());
    expect(definition.parameters).toEqual({ webhookUrl: { type: "SecureString" } });
    expect(definition.triggers.alert).toMatchObject({ type: "Request", kind: "Http", inputs: { method: "POST" } });
    expect(definition.actions.post_to_chat).toEqual({
      type: "Http",
      runAfter: {},
      inputs: { method: "POST", uri: "@parameters('webhookUrl')", headers: { "Content-Type": "application/json" }, body: { text: CHAT_MESSAGE_TEXT } },
      runtimeConfiguration: { secureData: { properties: ["inputs"] } },
    });
    expect(CHAT_MESSAGE_TEXT).toContain("@{triggerBody()?['data']?['essentials']?['alertRule']}");
    expect(CHAT_MESSAGE_TEXT).toContain("@{triggerBody()?['data']?['essentials']?['monitorCondition']}");
    expect(rec.isSecretAt(wf, "parameters.webhookUrl.value")).toBe(true);
    expect(JSON.stringify(wf.inputs)).not.toContain("canary-4f1e9c");
    // The action group calls this workflow's trigger, with the common alert schema.
    const callback = rec.invokes.filter((i) => i.token === "azure-native:logic:listWorkflowTriggerCallbackUrl");
    expect(callback.map((i) => i.args)).toEqual([{ resourceGroupName: RG, workflowName: "logic-pcpro-prod-chat", triggerName: "alert" }]);
  });

  test("DORA workbook: shared, on the component, stable GUID name, serialized Notebook with the four metrics", () => {
    const wb = rec.one("azure-native:applicationinsights:Workbook", "obs-dora-workbook");
    expect(wb.inputs).toMatchObject({
      resourceName: stableGuid(`dora-workbook|${RG}|appi-pcpro-prod`),
      kind: "shared",
      category: "workbook",
      displayName: "DORA metrics (appi-pcpro-prod)",
      sourceId: rec.outputs.appInsightsId,
      version: "Notebook/1.0",
    });
    expect(wb.inputs.resourceName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(wb.inputs.serializedData).toBe(buildDoraWorkbook({ componentId: rec.outputs.appInsightsId as string }));
    const data = JSON.parse(wb.inputs.serializedData as string);
    expect(data.fallbackResourceIds).toEqual([rec.outputs.appInsightsId]);
    const queries = data.items.filter((i: { type: number }) => i.type === 3).map((i: { name: string; content: { query: string } }) => [i.name, i.content.query]);
    expect(queries).toEqual(Object.entries(DORA_QUERIES));
    expect(rec.outputs.workbookId).toEqual(expect.stringContaining("/Workbook/"));
  });

  test("every child is parented to the component", () => {
    const obs = rec.one("pinecone:platform:Observability", "obs");
    const children = MANAGED_BY_COMPONENT(rec, "pinecone:platform:Observability");
    // all but the stack, the component and the relay's workflow and its diagnostics (children of the relay)
    expect(children).toHaveLength(rec.resources.length - 4);
    expect(rec.one("azure-native:logic:Workflow").parent).toBe(rec.one("pinecone:platform:ChatRelay").urn);
    expect(children.every((c) => c.name.startsWith("obs-"))).toBe(true);
    expect(obs.parent).toBe(rec.one("pulumi:pulumi:Stack").urn);
  });

  test("rejects an action group that would notify nobody, naming both args, before registering anything", async () => {
    const { message, registered } = await rejection(() => new Observability("obs", observabilityArgs({ alertEmails: [] })));
    expect(message).toMatch(/alertEmails/);
    expect(message).toMatch(/notificationWebhookUrl/);
    expect(registered).toEqual([]);
  });

  test("rejects a short name over 12 characters and duplicate e-mails before registering anything", async () => {
    const long = await rejection(() => new Observability("obs", observabilityArgs({ actionGroupShortName: "pinecone-prod" })));
    expect(long.message).toMatch(/actionGroupShortName must be 1-12 characters; "pinecone-prod" has 13/);
    expect(long.registered).toEqual([]);
    const dup = await rejection(() => new Observability("obs", observabilityArgs({ alertEmails: ["a@x.example", "A@x.example"] })));
    expect(dup.message).toMatch(/alertEmails lists a@x.example twice/);
    expect(dup.registered).toEqual([]);
  });
});

describe("DORA queries", () => {
  test("read the release contract's events and every field from customDimensions, per environment", () => {
    const release = [DORA_QUERIES.deploymentFrequency, DORA_QUERIES.deploymentTrend, DORA_QUERIES.leadTimeForChanges, DORA_QUERIES.changeFailureRate];
    const restore = [DORA_QUERIES.changeFailureRate, DORA_QUERIES.timeToRestore];
    for (const q of release) {
      expect(q).toContain("customEvents");
      expect(q).toContain(`name == "${RELEASE_EVENT}"`);
      for (const field of Object.keys(RELEASE_EVENT_FIELDS)) expect(q).toContain(`customDimensions.${field})`);
    }
    for (const q of restore) {
      expect(q).toContain(`name == "${RESTORE_EVENT}"`);
      for (const field of Object.keys(RESTORE_EVENT_FIELDS)) expect(q).toContain(`customDimensions.${field})`);
    }
    expect(DORA_QUERIES.timeToRestore).not.toContain(RELEASE_EVENT);
    for (const q of Object.values(DORA_QUERIES)) {
      expect(q).toMatch(/by environment\b/);
      expect(q).toContain("where timestamp {TimeRange}");
      expect(q).toContain('where "*" in ({Environment}) or environment in ({Environment})');
    }
    // The metric definitions themselves.
    expect(DORA_QUERIES.deploymentFrequency).toMatch(/where result == "succeeded"[\s\S]*Deployments = count\(\)/);
    expect(DORA_QUERIES.leadTimeForChanges).toContain('datetime_diff("minute", finishedAt, commitTime)');
    expect(DORA_QUERIES.changeFailureRate).toContain('FailedChanges = countif(result == "rolled-back" or (result == "succeeded" and restored == true))');
    expect(DORA_QUERIES.changeFailureRate).toContain("on environment, version");
    expect(DORA_QUERIES.timeToRestore).toContain('datetime_diff("second", restoredAt, detectedAt)');
  });

  test("the workbook's Environment parameter lists the environments that released", () => {
    const data = JSON.parse(buildDoraWorkbook({ componentId: AI_ID }));
    const params = data.items.find((i: { type: number }) => i.type === 9).content.parameters;
    expect(params.map((p: { name: string }) => p.name)).toEqual(["TimeRange", "Environment"]);
    expect(params[1].query).toContain(`name == "${RELEASE_EVENT}"`);
    expect(params[1].query).toContain("tostring(customDimensions.environment)");
    expect(params[1].typeSettings.selectAllValue).toBe("*");
    expect(data.items[0].content.json).toContain(RESTORE_EVENT);
  });
});

describe("AlertRules", () => {
  let rec: Recorded;
  let plain: Recorded;
  beforeAll(async () => {
    rec = await recordResources(() => {
      const alerts = new AlertRules("alerts", alertArgs({ rollbackWebhookUrl: ROLLBACK_URL }));
      return { metricAlertIds: alerts.metricAlertIds, availabilityTestIds: alerts.availabilityTestIds, rollbackId: alerts.rollbackActionGroupId };
    });
    plain = await recordResources(() => {
      new AlertRules("alerts", alertArgs({ availabilityTestFrequencySeconds: 900, availabilityTestLocations: ["emea-nl-ams-azr", "us-va-ash-azr"] }));
    });
  });

  const tableAlerts = (r: Recorded) =>
    r.ofType("azure-native:monitor:MetricAlert").filter((a) => (a.inputs.criteria as { odataType: string }).odataType === "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria");

  test("exactly the seven table alerts, with their metrics, operators and thresholds for the stack's numbers", () => {
    const alerts = tableAlerts(rec);
    expect(alerts).toHaveLength(7);
    // Registration order depends on when each alert's inputs resolve, so compare by name.
    expect(
      Object.fromEntries(
        alerts.map((a) => {
          const [c] = (a.inputs.criteria as { allOf: Record<string, unknown>[] }).allOf;
          return [a.name, [a.inputs.ruleName, a.inputs.scopes, c.metricNamespace, c.metricName, c.timeAggregation, c.operator, c.threshold]];
        }),
      ),
    ).toEqual({
      "alerts-http-5xx": ["alert-prod-http-5xx", [SITE_ID], "Microsoft.Web/sites", "Http5xx", "Total", "GreaterThan", 17],
      "alerts-response-time": ["alert-prod-response-time", [SITE_ID], "Microsoft.Web/sites", "HttpResponseTime", "Average", "GreaterThan", 1.5],
      "alerts-health-check": ["alert-prod-health-check", [SITE_ID], "Microsoft.Web/sites", "HealthCheckStatus", "Average", "LessThan", 95],
      "alerts-cpu": ["alert-prod-cpu", [PLAN_ID], "Microsoft.Web/serverFarms", "CpuPercentage", "Average", "GreaterThan", 71],
      "alerts-memory": ["alert-prod-memory", [PLAN_ID], "Microsoft.Web/serverFarms", "MemoryPercentage", "Average", "GreaterThan", 82],
      "alerts-http-queue": ["alert-prod-http-queue", [PLAN_ID], "Microsoft.Web/serverFarms", "HttpQueueLength", "Average", "GreaterThan", 33],
      "alerts-key-vault-availability": ["alert-prod-key-vault-availability", [VAULT_ID], "Microsoft.KeyVault/vaults", "Availability", "Average", "LessThan", 98],
    });
    const fiveXx = rec.one("azure-native:monitor:MetricAlert", "alerts-http-5xx");
    expect(fiveXx.inputs).toMatchObject({ location: "global", enabled: true, severity: 1, windowSize: "PT5M", evaluationFrequency: "PT1M", autoMitigate: true, tags: TAGS });
    expect((fiveXx.inputs.criteria as { allOf: unknown[] }).allOf[0]).toMatchObject({ criterionType: "StaticThresholdCriterion", name: "http-5xx" });
    expect(resolveMetricAlerts(THRESHOLDS).map((r) => r.description)[1]).toContain("1500 ms");
  });

  test("5xx and health-check alerts also post to the rollback action group; the others only notify", () => {
    const rollback = rec.one("azure-native:monitor:ActionGroup", "alerts-rollback");
    expect(rollback.inputs).toMatchObject({
      actionGroupName: "ag-prod-rollback",
      groupShortName: "rollback",
      enabled: true,
      location: "Global",
      webhookReceivers: [{ name: "azure-devops-rollback", serviceUri: ROLLBACK_URL, useCommonAlertSchema: true }],
    });
    const notify = (key: string) => ({ actionGroupId: AG_ID, webHookProperties: { environment: "prod", alertKey: key, action: "notify" } });
    const actions = Object.fromEntries(rec.ofType("azure-native:monitor:MetricAlert").map((a) => [a.name, a.inputs.actions]));
    expect(actions["alerts-http-5xx"]).toEqual([notify("http-5xx"), { actionGroupId: rec.outputs.rollbackId, webHookProperties: { environment: "prod", alertKey: "http-5xx", action: "rollback" } }]);
    expect(actions["alerts-health-check"]).toEqual([notify("health-check"), { actionGroupId: rec.outputs.rollbackId, webHookProperties: { environment: "prod", alertKey: "health-check", action: "rollback" } }]);
    expect(actions["alerts-cpu"]).toEqual([notify("cpu")]);
    expect(actions["alerts-availability-production"]).toEqual([notify("availability-production")]);
    expect(rec.outputs.rollbackId).toEqual(expect.stringContaining("ag-prod-rollback"));

    expect(plain.ofType("azure-native:monitor:ActionGroup")).toEqual([]);
    expect(plain.one("azure-native:monitor:MetricAlert", "alerts-http-5xx").inputs.actions).toEqual([notify("http-5xx")]);
  });

  test("standard availability tests on both slots' health URLs, with the hidden-link tag", () => {
    const tests = rec.ofType("azure-native:applicationinsights:WebTest");
    expect(tests.map((t) => t.name)).toEqual(["alerts-availability-production", "alerts-availability-staging"]);
    const urls = { production: "https://app-pcpro-prod-x7k2.azurewebsites.net/healthz", staging: "https://app-pcpro-prod-x7k2-staging.azurewebsites.net/healthz" };
    for (const [slot, t] of [["production", tests[0]], ["staging", tests[1]]] as const) {
      expect(t.inputs).toMatchObject({
        webTestName: `avail-prod-${slot}`,
        syntheticMonitorId: `avail-prod-${slot}`,
        location: "westeurope",
        kind: "standard",
        webTestKind: "standard",
        enabled: true,
        frequency: 300,
        request: { requestUrl: urls[slot], httpVerb: "GET", followRedirects: false },
        validationRules: { expectedHttpStatusCode: 200, sSLCheck: true },
      });
      expect(t.inputs.tags).toEqual({ ...TAGS, [`hidden-link:${AI_ID}`]: "Resource" });
      expect(t.inputs.locations).toEqual(DEFAULT_AVAILABILITY_TEST_LOCATIONS.map((location) => ({ location })));
    }
    expect(rec.outputs.availabilityTestIds).toEqual({
      production: expect.stringContaining("avail-prod-production"),
      staging: expect.stringContaining("avail-prod-staging"),
    });

    const plainTest = plain.one("azure-native:applicationinsights:WebTest", "alerts-availability-staging");
    expect(plainTest.inputs).toMatchObject({ frequency: 900, locations: [{ location: "emea-nl-ams-azr" }, { location: "us-va-ash-azr" }] });
  });

  test("each availability test has a location-availability alert scoped to the test and the component", () => {
    const ids = rec.outputs.availabilityTestIds as Record<string, string>;
    for (const slot of ["production", "staging"]) {
      const alert = rec.one("azure-native:monitor:MetricAlert", `alerts-availability-${slot}`);
      expect(alert.inputs).toMatchObject({
        ruleName: `alert-prod-availability-${slot}`,
        location: "global",
        enabled: true,
        scopes: [ids[slot], AI_ID],
        windowSize: "PT5M",
        criteria: { odataType: "Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria", webTestId: ids[slot], componentId: AI_ID, failedLocationCount: 2 },
      });
    }
    // Slower probes need a longer window to hold one result per location.
    expect(plain.one("azure-native:monitor:MetricAlert", "alerts-availability-production").inputs.windowSize).toBe("PT15M");
    expect(Object.keys(rec.outputs.metricAlertIds as object).sort()).toEqual([...METRIC_ALERTS.map((r) => r.key), "availability-production", "availability-staging"].sort());
  });

  test("activity-log alerts on the resource group: Key Vault delete and this app's slot swaps", () => {
    const vault = rec.one("azure-native:monitor:ActivityLogAlert", "alerts-vault-delete");
    expect(vault.inputs).toMatchObject({ activityLogAlertName: "alert-prod-vault-delete", location: "global", enabled: true, scopes: [RG_ID] });
    expect(vault.inputs.condition).toEqual({
      allOf: [
        { field: "category", equals: "Administrative" },
        { field: "operationName", equals: "Microsoft.KeyVault/vaults/delete" },
      ],
    });
    expect(vault.inputs.actions).toEqual({ actionGroups: [{ actionGroupId: AG_ID, webhookProperties: { environment: "prod", alertKey: "vault-delete", action: "notify" } }] });

    const swap = rec.one("azure-native:monitor:ActivityLogAlert", "alerts-slot-swap");
    expect(swap.inputs).toMatchObject({ activityLogAlertName: "alert-prod-slot-swap", scopes: [RG_ID] });
    expect(swap.inputs.condition).toEqual({
      allOf: [
        { field: "category", equals: "Administrative" },
        { field: "operationName", containsAny: [...SLOT_SWAP_OPERATIONS] },
        { anyOf: [{ field: "resourceId", equals: SITE_ID }, { field: "resourceId", equals: SLOT_ID }] },
      ],
    });
    expect(SLOT_SWAP_OPERATIONS).toEqual(expect.arrayContaining(["Microsoft.Web/sites/slots/slotsswap/action", "Microsoft.Web/sites/slotsswap/action"]));
  });

  test("every child is parented to the component", () => {
    const children = MANAGED_BY_COMPONENT(rec, "pinecone:platform:AlertRules");
    // 7 table alerts, 2 tests, 2 availability alerts, 2 activity-log alerts, 1 rollback group.
    expect(children).toHaveLength(14);
    expect(children).toHaveLength(rec.resources.length - 2);
  });

  test("rejects more failing locations than test locations, naming both args, before registering anything", async () => {
    const { message, registered } = await rejection(
      () => new AlertRules("alerts", alertArgs({ availabilityTestLocations: ["emea-nl-ams-azr", "us-va-ash-azr"], availabilityFailedLocationCount: 3 })),
    );
    expect(message).toMatch(/availabilityFailedLocationCount \(3\) exceeds the 2 availabilityTestLocations/);
    expect(registered).toEqual([]);
  });

  test("rejects the same URL for both slots, naming both, before registering anything", async () => {
    const url = "https://app-pcpro-prod-x7k2.azurewebsites.net/healthz";
    const { message, registered } = await rejection(() => new AlertRules("alerts", alertArgs({ healthUrls: { production: url, staging: url } })));
    expect(message).toMatch(/healthUrls\.production and healthUrls\.staging are the same URL/);
    expect(registered).toEqual([]);
  });
});
