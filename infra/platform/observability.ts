import * as pulumi from "@pulumi/pulumi";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import { diagnosticSetting } from "../guardrails/diagnostics";
import { deleteLock, statefulOptions } from "../guardrails/locks";
import { roleAssignment, stableGuid } from "../guardrails/role-assignments";
import { ChatRelay } from "./chat-relay";
import { buildDoraWorkbook } from "./dora-workbook";

/** Azure's limit on an action group's short name (it is shown in e-mails and SMS). */
export const ACTION_GROUP_SHORT_NAME_MAX = 12;

export interface ObservabilityArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  /** Azure name of the Log Analytics workspace (naming.ts `logAnalytics`). */
  readonly workspaceName: pulumi.Input<string>;
  /** Azure name of the Application Insights component (naming.ts `appInsights`). */
  readonly appInsightsName: pulumi.Input<string>;
  /** Workspace retention in days (30–730). Default: 30. */
  readonly logRetentionDays?: pulumi.Input<number>;
  /** Application Insights retention in days. Default: 90. */
  readonly appInsightsRetentionDays?: pulumi.Input<number>;
  /**
   * The Angular front end sends telemetry straight to the component with the connection string;
   * the browser SDK cannot use Entra auth, so this keeps local (key) auth enabled.
   * Default: false (local auth off; server-side telemetry authenticates with the app's identity).
   */
  readonly browserTelemetry?: pulumi.Input<boolean>;
  /**
   * Who the action group e-mails. A plain list, not an Input: it is checked (with
   * notificationWebhookUrl) before any resource is created.
   */
  readonly alertEmails: readonly string[];
  /**
   * Teams/Slack incoming-webhook URL. It carries its own credential, so it is always stored as a
   * secret (wrapped here even when the caller passes a plain string). Alerts reach it through a
   * ChatRelay Logic App (the channel does not accept the common alert schema the action group sends).
   * Default: none (no chat relay; alertEmails must then be non-empty).
   */
  readonly notificationWebhookUrl?: pulumi.Input<string>;
  /**
   * Azure name of the chat relay's Logic App. Default: `logic-<appInsightsName without its first
   * segment>-chat` (`appi-pcpro-prod` → `logic-pcpro-prod-chat`).
   */
  readonly chatRelayName?: pulumi.Input<string>;
  /** Azure name of the action group. Default: `<appInsightsName>-alerts`. */
  readonly actionGroupName?: pulumi.Input<string>;
  /**
   * Short name shown in notifications, at most 12 characters. A plain string so its length is
   * checked before any resource is created.
   * Default: appInsightsName without its first `-` segment (the type prefix, `appi-`), letters,
   * digits and `-` only, cut to 12 characters (`appi-pcpro-prod` → `pcpro-prod`).
   */
  readonly actionGroupShortName?: string;
  /** Display name of the DORA workbook. Default: `DORA metrics (<appInsightsName>)`. */
  readonly workbookDisplayName?: pulumi.Input<string>;
  /**
   * Protect the workspace and the component (Pulumi `protect` plus a CanNotDelete lock). A plain
   * boolean because resource options cannot wait for outputs. Default: false.
   */
  readonly protect?: boolean;
  /**
   * Principals that send telemetry with Entra auth (the slots' identities, the release pipeline's
   * identity writing the DORA events), by stable key. Each gets Monitoring Metrics Publisher on
   * the component: with local auth off, ingestion without it is rejected. Default: none.
   */
  readonly telemetryPublisherPrincipalIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Tags on every taggable resource. Default: none. */
  readonly tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** The short-name default: `appi-pcpro-prod` → `pcpro-prod`. Never longer than the limit. */
export function deriveActionGroupShortName(appInsightsName: string): string {
  const parts = appInsightsName.split("-");
  const base = parts.length > 1 ? parts.slice(1).join("-") : appInsightsName;
  const cleaned = base.replace(/[^A-Za-z0-9-]/g, "").replace(/^-+/, "");
  return (cleaned || "alerts").slice(0, ACTION_GROUP_SHORT_NAME_MAX).replace(/-+$/, "");
}

/** Rejects unusable args before anything is registered; names every arg involved. */
function validate(name: string, args: ObservabilityArgs): void {
  const problems: string[] = [];
  if (args.alertEmails.length === 0 && args.notificationWebhookUrl === undefined) {
    problems.push("alertEmails is empty and notificationWebhookUrl is not set: the action group would notify nobody; give at least one");
  }
  const emails = args.alertEmails.map((e) => e.toLowerCase());
  const dup = emails.find((e, i) => emails.indexOf(e) !== i);
  if (dup) problems.push(`alertEmails lists ${dup} twice`);
  if (args.actionGroupShortName !== undefined && (args.actionGroupShortName.length === 0 || args.actionGroupShortName.length > ACTION_GROUP_SHORT_NAME_MAX)) {
    problems.push(`actionGroupShortName must be 1-${ACTION_GROUP_SHORT_NAME_MAX} characters; "${args.actionGroupShortName}" has ${args.actionGroupShortName.length}`);
  }
  if (problems.length > 0) throw new pulumi.RunError(`Observability ${name}: ${problems.join("; ")}.`);
}

/** A stable receiver name per address, so reordering the list does not rename receivers. */
function emailReceiverName(address: string): string {
  return `email-${address.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`.slice(0, 128);
}

/** The chat relay's default name: `appi-pcpro-prod` → `logic-pcpro-prod-chat`. */
export function deriveChatRelayName(appInsightsName: string): string {
  const parts = appInsightsName.split("-");
  return `logic-${parts.length > 1 ? parts.slice(1).join("-") : appInsightsName}-chat`;
}

/**
 * The stack's telemetry backbone, created before the platform because App Service and the vault
 * send their diagnostics to the workspace: Log Analytics workspace, workspace-based Application
 * Insights, the action group every alert notifies, and the DORA workbook. Alerts on the platform
 * come later, from AlertRules, once the app, plan and vault exist.
 */
export class Observability extends pulumi.ComponentResource {
  public readonly workspaceId: pulumi.Output<string>;
  public readonly workspaceName: pulumi.Output<string>;
  /** The workspace's GUID (what agents and `az monitor log-analytics query` call the workspace id). */
  public readonly workspaceCustomerId: pulumi.Output<string>;
  public readonly appInsightsId: pulumi.Output<string>;
  /** Secret: with local auth on (browser telemetry) it is a write credential. */
  public readonly appInsightsConnectionString: pulumi.Output<string>;
  public readonly actionGroupId: pulumi.Output<string>;
  public readonly workbookId: pulumi.Output<string>;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    // Checked before super(): a rejected component registers nothing, not even itself.
    validate(name, args);
    super("pinecone:platform:Observability", name, {}, opts);

    const protect = args.protect ?? false;
    const tags = args.tags;

    const workspace = new operationalinsights.Workspace(
      `${name}-workspace`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        workspaceName: args.workspaceName,
        sku: { name: operationalinsights.WorkspaceSkuNameEnum.PerGB2018 },
        retentionInDays: args.logRetentionDays ?? 30,
        tags,
      },
      statefulOptions(protect, this),
    );
    // The workspace's own audit/query logs, kept beside everything else.
    diagnosticSetting(`${name}-workspace`, { profile: "logAnalytics", resourceId: workspace.id, workspaceId: workspace.id }, this);
    deleteLock(`${name}-workspace`, { resourceId: workspace.id, protect, what: "Log Analytics workspace" }, this);

    const component = new applicationinsights.Component(
      `${name}-app-insights`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        resourceName: args.appInsightsName,
        kind: "web",
        applicationType: applicationinsights.ApplicationType.Web,
        // Workspace-based: telemetry lands in the workspace (one place to query, one retention bill).
        workspaceResourceId: workspace.id,
        ingestionMode: applicationinsights.IngestionMode.LogAnalytics,
        // false = client IPs are masked (personal data stays out of telemetry).
        disableIpMasking: false,
        // Entra-only ingestion unless the browser SDK (which needs the key) must send telemetry.
        disableLocalAuth: pulumi.output(args.browserTelemetry ?? false).apply((browser) => !browser),
        retentionInDays: args.appInsightsRetentionDays ?? 90,
        tags,
      },
      // The connection string stays a plain output: Microsoft does not treat it as a secret (the
      // browser SDK ships it), ingestion is Entra-only unless browser telemetry is on, and a secret
      // app setting would turn the app's whole siteConfig secret, hiding every diff in previews.
      statefulOptions(protect, this),
    );
    diagnosticSetting(`${name}-app-insights`, { profile: "appInsights", resourceId: component.id, workspaceId: workspace.id }, this);
    deleteLock(`${name}-app-insights`, { resourceId: component.id, protect, what: "Application Insights component" }, this);
    for (const [key, principalId] of Object.entries(args.telemetryPublisherPrincipalIds ?? {})) {
      roleAssignment(`${name}-telemetry-publisher-${key}`, { scope: component.id, principalId, role: "MonitoringMetricsPublisher" }, this);
    }

    // Chat goes through the relay: the action group calls the Logic App's trigger with the common
    // alert schema, and the Logic App posts a message Teams/Slack accept.
    const relay =
      args.notificationWebhookUrl === undefined
        ? undefined
        : new ChatRelay(
            `${name}-chat-relay`,
            {
              resourceGroupName: args.resourceGroupName,
              location: args.location,
              workflowName: args.chatRelayName ?? pulumi.output(args.appInsightsName).apply(deriveChatRelayName),
              webhookUrl: args.notificationWebhookUrl,
              workspaceId: workspace.id,
              tags,
            },
            { parent: this },
          );
    const logicAppReceivers = relay ? [{ name: "chat-relay", resourceId: relay.workflowId, callbackUrl: relay.callbackUrl, useCommonAlertSchema: true }] : [];
    const actionGroup = new monitor.ActionGroup(
      `${name}-action-group`,
      {
        resourceGroupName: args.resourceGroupName,
        actionGroupName: args.actionGroupName ?? pulumi.interpolate`${args.appInsightsName}-alerts`,
        groupShortName: args.actionGroupShortName ?? pulumi.output(args.appInsightsName).apply(deriveActionGroupShortName),
        enabled: true,
        // Action groups are global resources; the provider would otherwise use the group's region.
        location: "Global",
        emailReceivers: args.alertEmails.map((emailAddress) => ({ name: emailReceiverName(emailAddress), emailAddress, useCommonAlertSchema: true })),
        logicAppReceivers,
        tags,
      },
      // The provider returns the receivers (with the trigger's signed URL) as plain outputs; keep
      // them encrypted in state.
      { parent: this, additionalSecretOutputs: ["logicAppReceivers"] },
    );

    const workbook = new applicationinsights.Workbook(
      `${name}-dora-workbook`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        // Azure requires a GUID; derived from the group and component so it never changes between runs.
        resourceName: pulumi.all([args.resourceGroupName, args.appInsightsName]).apply(([rg, ai]) => stableGuid(`dora-workbook|${rg}|${ai}`)),
        kind: applicationinsights.WorkbookSharedTypeKind.Shared,
        category: "workbook",
        displayName: args.workbookDisplayName ?? pulumi.interpolate`DORA metrics (${args.appInsightsName})`,
        description: "Deployment frequency, lead time for changes, change failure rate and time to restore, from the release pipelines' custom events.",
        sourceId: component.id,
        version: "Notebook/1.0",
        serializedData: component.id.apply((componentId) => buildDoraWorkbook({ componentId })),
        tags,
      },
      { parent: this },
    );

    this.workspaceId = workspace.id;
    this.workspaceName = workspace.name;
    this.workspaceCustomerId = workspace.customerId;
    this.appInsightsId = component.id;
    this.appInsightsConnectionString = component.connectionString;
    this.actionGroupId = actionGroup.id;
    this.workbookId = workbook.id;
    this.registerOutputs({
      workspaceId: this.workspaceId,
      workspaceName: this.workspaceName,
      workspaceCustomerId: this.workspaceCustomerId,
      appInsightsId: this.appInsightsId,
      appInsightsConnectionString: this.appInsightsConnectionString,
      actionGroupId: this.actionGroupId,
      workbookId: this.workbookId,
    });
  }
}
