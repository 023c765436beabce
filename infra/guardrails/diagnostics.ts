import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";

/**
 * What each resource type can send to Log Analytics. Category groups where the type offers them;
 * explicit categories where it does not (App Service sites and slots:
 * Azure/terraform-azurerm-avm-res-web-site#213). The policy pack states on its own which types
 * must have a setting (policy/rules/diagnostic-settings.ts).
 */
export const DIAGNOSTIC_PROFILES = {
  webApp: {
    logs: ["AppServiceHTTPLogs", "AppServiceConsoleLogs", "AppServiceAppLogs", "AppServiceAuditLogs", "AppServiceIPSecAuditLogs", "AppServicePlatformLogs"].map((category) => ({ category })),
    metrics: true,
  },
  appServicePlan: { logs: [], metrics: true },
  registry: { logs: [{ categoryGroup: "allLogs" }], metrics: true },
  keyVault: { logs: [{ categoryGroup: "allLogs" }], metrics: true },
  logAnalytics: { logs: [{ categoryGroup: "allLogs" }], metrics: true },
  // Workspace-based Application Insights already stores its telemetry in the workspace; exporting
  // its logs again would double the ingestion bill, so only metrics are sent.
  appInsights: { logs: [], metrics: true },
  autoscale: { logs: [{ categoryGroup: "allLogs" }], metrics: true },
  virtualNetwork: { logs: [{ categoryGroup: "allLogs" }], metrics: true },
  // NSGs offer rule-event and rule-counter logs, no metrics.
  networkSecurityGroup: { logs: [{ categoryGroup: "allLogs" }], metrics: false },
  // The chat relay: a failed run (the channel refused the message) is otherwise invisible.
  logicApp: { logs: [{ categoryGroup: "allLogs" }], metrics: true },
} as const satisfies Record<string, { logs: readonly ({ category: string } | { categoryGroup: string })[]; metrics: boolean }>;

export type DiagnosticProfile = keyof typeof DIAGNOSTIC_PROFILES;

export interface DiagnosticsArgs {
  /** Which row of DIAGNOSTIC_PROFILES applies. */
  readonly profile: DiagnosticProfile;
  /** Id of the resource whose logs and metrics are sent. */
  readonly resourceId: pulumi.Input<string>;
  /** Id of the stack's Log Analytics workspace. */
  readonly workspaceId: pulumi.Input<string>;
}

/** Sends a resource's logs and metrics to the stack's workspace, into resource-specific tables. */
export function diagnosticSetting(name: string, args: DiagnosticsArgs, parent: pulumi.Resource): monitor.DiagnosticSetting {
  const profile = DIAGNOSTIC_PROFILES[args.profile];
  return new monitor.DiagnosticSetting(
    `${name}-diagnostics`,
    {
      name: "send-to-log-analytics",
      resourceUri: args.resourceId,
      workspaceId: args.workspaceId,
      logAnalyticsDestinationType: "Dedicated",
      logs: profile.logs.map((l) => ({ ...l, enabled: true })),
      metrics: profile.metrics ? [{ category: "AllMetrics", enabled: true }] : [],
    },
    { parent },
  );
}
