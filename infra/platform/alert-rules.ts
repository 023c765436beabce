import * as pulumi from "@pulumi/pulumi";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as monitor from "@pulumi/azure-native/monitor";
import type * as azureInputs from "@pulumi/azure-native/types/input";

type AlertCondition = azureInputs.monitor.AlertRuleAnyOfOrLeafConditionArgs;
import { AlertTargetKind, AlertThresholds, MetricAlertKey, alertRuleName, resolveMetricAlerts } from "./alert-table";

/**
 * Availability-test locations used when the stack does not choose: West Europe, North Europe,
 * France Central, East US, North Central US (Microsoft recommends at least five).
 */
export const DEFAULT_AVAILABILITY_TEST_LOCATIONS = ["emea-nl-ams-azr", "emea-gb-db3-azr", "emea-fr-pra-edge", "us-va-ash-azr", "us-il-ch1-azr"] as const;

/**
 * Operations a slot swap writes to the activity log (notes §1.12): the swap itself from the slot
 * or from production, and the two phases of swap with preview (on the slot, or on the site when
 * reset has no target slot).
 */
export const SLOT_SWAP_OPERATIONS = [
  "Microsoft.Web/sites/slots/slotsswap/action",
  "Microsoft.Web/sites/slotsswap/action",
  "Microsoft.Web/sites/slots/applySlotConfig/action",
  "Microsoft.Web/sites/applySlotConfig/action",
  "Microsoft.Web/sites/slots/resetSlotConfig/action",
  "Microsoft.Web/sites/resetSlotConfig/action",
] as const;

/** Metric namespace of a deployment slot's own metrics (Http5xx, HttpResponseTime, HealthCheckStatus). */
export const SLOT_METRIC_NAMESPACE = "Microsoft.Web/sites/slots";

export const KEY_VAULT_DELETE_OPERATION = "Microsoft.KeyVault/vaults/delete";

/** The two slots probed by availability tests (stable keys of names and outputs). */
export type ProbedSlot = "production" | "staging";
const PROBED_SLOTS: readonly ProbedSlot[] = ["production", "staging"];

/** Key of a metric alert in `metricAlertIds`: a table row, or a slot's availability alert. */
export type AlertKey = MetricAlertKey | `availability-${ProbedSlot}`;

/** Resource ids the alerts watch. */
export interface AlertTargets {
  /** Production web app (site metrics; slot-swap events), or the stack's slot on a host's app (siteIsSlot). */
  readonly siteId: pulumi.Input<string>;
  /**
   * siteId is a deployment slot on another stack's app (hosting shape "slot"): its site alerts use
   * the slot metric namespace (Microsoft.Web/sites/slots). Default: false.
   */
  readonly siteIsSlot?: boolean;
  /** Staging slot (slot-swap events are logged on the slot). Default: none (a hosted slot has no staging slot). */
  readonly stagingSlotId?: pulumi.Input<string>;
  /**
   * App Service plan (CPU, memory, HTTP queue). Default: none: the plan belongs to another stack,
   * which alerts on it; the plan rows of the table are left out.
   */
  readonly planId?: pulumi.Input<string>;
  /** Key Vault (availability). */
  readonly vaultId: pulumi.Input<string>;
  /** The stack's resource group (scope of the activity-log alerts). */
  readonly resourceGroupId: pulumi.Input<string>;
}

export interface AlertRulesArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /**
   * Environment code (dev, qa, uat, prod). Sent as `environment` in every alert's custom
   * properties, so the rollback pipeline knows which environment fired, and part of every Azure
   * name (`alert-<environment>-<key>`).
   */
  readonly environment: pulumi.Input<string>;
  /** Region of the availability tests (use the component's region). */
  readonly location: pulumi.Input<string>;
  /** The action group every alert notifies (Observability.actionGroupId). */
  readonly actionGroupId: pulumi.Input<string>;
  /** The Application Insights component the availability tests report to. */
  readonly appInsightsId: pulumi.Input<string>;
  readonly targets: AlertTargets;
  /** Full https URLs of the health path on the production app (or hosted slot) and on the staging slot (none: no staging test). */
  readonly healthUrls: { readonly production: pulumi.Input<string>; readonly staging?: pulumi.Input<string> };
  /** The stack's `monitoring.thresholds`; plain numbers because the table computes from them. */
  readonly thresholds: AlertThresholds;
  /** Seconds between availability probes from each location. Default: 300. */
  readonly availabilityTestFrequencySeconds?: pulumi.Input<300 | 600 | 900>;
  /**
   * Availability-test location ids. A plain list: its length is checked against
   * availabilityFailedLocationCount before any resource is created.
   * Default: DEFAULT_AVAILABILITY_TEST_LOCATIONS (3 in Europe, 2 in the US).
   */
  readonly availabilityTestLocations?: readonly string[];
  /** How many locations must fail at once before the availability alert fires. Default: 2. */
  readonly availabilityFailedLocationCount?: number;
  /**
   * Azure DevOps incoming-webhook URL of the rollback pipeline. When set, a second action group
   * (`${name}-rollback`) posts the 5xx and health-check alerts there. The endpoint is
   * unauthenticated (notes §3), which is why the rollback pipeline re-checks the alert with Azure
   * Monitor before acting; the URL itself is not a secret. Default: none (no automatic rollback).
   */
  readonly rollbackWebhookUrl?: pulumi.Input<string>;
  /** Tags on every alert and test. Default: none. */
  readonly tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** Rejects unusable args before anything is registered; names every arg involved. */
function validate(name: string, args: AlertRulesArgs): void {
  const problems: string[] = [];
  const locations = args.availabilityTestLocations ?? DEFAULT_AVAILABILITY_TEST_LOCATIONS;
  const failed = args.availabilityFailedLocationCount ?? 2;
  if (locations.length === 0) problems.push("availabilityTestLocations is empty");
  const dup = locations.find((l, i) => locations.indexOf(l) !== i);
  if (dup) problems.push(`availabilityTestLocations lists ${dup} twice`);
  if (!Number.isInteger(failed) || failed < 1) problems.push(`availabilityFailedLocationCount must be a positive integer; found ${failed}`);
  else if (failed > locations.length) {
    problems.push(`availabilityFailedLocationCount (${failed}) exceeds the ${locations.length} availabilityTestLocations: the availability alert could never fire`);
  }
  const { production, staging } = args.healthUrls;
  for (const slot of PROBED_SLOTS) {
    const url = args.healthUrls[slot];
    if (typeof url === "string" && !/^https:\/\/[^/\s]+/.test(url)) problems.push(`healthUrls.${slot} must be an https URL (the tests check the certificate); found "${url}"`);
  }
  if (typeof production === "string" && production === staging) {
    problems.push(`healthUrls.production and healthUrls.staging are the same URL (${production}): the staging test would probe production`);
  }
  if (problems.length > 0) throw new pulumi.RunError(`AlertRules ${name}: ${problems.join("; ")}.`);
}

/**
 * The environment's alerts, created once the app, plan and vault exist: one metric alert per row
 * of the alert table, a standard availability test (and its alert) per slot, and activity-log
 * alerts for a deleted vault and for slot swaps.
 */
export class AlertRules extends pulumi.ComponentResource {
  /** Metric alert ids by key: the table's rows and `availability-production|staging`. */
  public readonly metricAlertIds: Readonly<Record<AlertKey, pulumi.Output<string>>>;
  public readonly availabilityTestIds: Readonly<Record<ProbedSlot, pulumi.Output<string>>>;
  public readonly activityLogAlertIds: { readonly vaultDelete: pulumi.Output<string>; readonly slotSwap: pulumi.Output<string> };
  /** The rollback action group, when rollbackWebhookUrl was given. */
  public readonly rollbackActionGroupId: pulumi.Output<string> | undefined;

  constructor(name: string, args: AlertRulesArgs, opts?: pulumi.ComponentResourceOptions) {
    // Checked before super(): a rejected component registers nothing, not even itself.
    validate(name, args);
    super("pinecone:platform:AlertRules", name, {}, opts);

    const env = args.environment;
    const tags = args.tags;
    const azureName = (key: string) => pulumi.output(env).apply((e) => alertRuleName(e, key));
    // Custom properties reach the webhook payload as data.customProperties (common alert schema);
    // `action` is what the rollback pipeline's webhook filter matches.
    const properties = (alertKey: string, action: "notify" | "rollback") => ({ environment: env, alertKey, action });

    const rollbackGroup =
      args.rollbackWebhookUrl === undefined
        ? undefined
        : new monitor.ActionGroup(
            `${name}-rollback`,
            {
              resourceGroupName: args.resourceGroupName,
              actionGroupName: pulumi.interpolate`ag-${env}-rollback`,
              groupShortName: "rollback",
              enabled: true,
              location: "Global",
              // The pipeline's webhook filters read data.essentials.* of the common schema.
              webhookReceivers: [{ name: "azure-devops-rollback", serviceUri: args.rollbackWebhookUrl, useCommonAlertSchema: true }],
              tags,
            },
            { parent: this },
          );

    const actionsFor = (alertKey: string, triggersRollback: boolean) => [
      { actionGroupId: args.actionGroupId, webHookProperties: properties(alertKey, "notify") },
      ...(triggersRollback && rollbackGroup ? [{ actionGroupId: rollbackGroup.id, webHookProperties: properties(alertKey, "rollback") }] : []),
    ];

    const scopeOf: Record<AlertTargetKind, pulumi.Input<string> | undefined> = {
      site: args.targets.siteId,
      plan: args.targets.planId,
      vault: args.targets.vaultId,
    };
    // Site metrics of a slot are published under the slot's own resource type.
    const namespaceOf = (row: { target: AlertTargetKind; metricNamespace: string }) =>
      row.target === "site" && args.targets.siteIsSlot ? SLOT_METRIC_NAMESPACE : row.metricNamespace;

    const metricAlertIds = {} as Record<AlertKey, pulumi.Output<string>>;
    for (const row of resolveMetricAlerts(args.thresholds)) {
      const scope = scopeOf[row.target];
      if (scope === undefined) continue;
      const alert = new monitor.MetricAlert(
        `${name}-${row.key}`,
        {
          resourceGroupName: args.resourceGroupName,
          ruleName: azureName(row.key),
          description: row.description,
          // Metric alert rules are global; the provider would otherwise use the group's region.
          location: "global",
          enabled: true,
          severity: row.severity,
          scopes: [scope],
          windowSize: row.windowSize,
          evaluationFrequency: row.evaluationFrequency,
          // Resolved alerts close themselves, so the rollback re-check sees `Resolved`, not a stale `Fired`.
          autoMitigate: true,
          criteria: {
            odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
            allOf: [
              {
                criterionType: "StaticThresholdCriterion",
                name: row.key,
                metricNamespace: namespaceOf(row),
                metricName: row.metricName,
                timeAggregation: row.timeAggregation,
                operator: row.operator,
                threshold: row.threshold,
              },
            ],
          },
          actions: actionsFor(row.key, row.triggersRollback),
          tags,
        },
        { parent: this },
      );
      metricAlertIds[row.key] = alert.id;
    }

    const frequency = args.availabilityTestFrequencySeconds ?? 300;
    const locations = (args.availabilityTestLocations ?? DEFAULT_AVAILABILITY_TEST_LOCATIONS).map((location) => ({ location }));
    // Azure rejects a web test without this tag (notes §1.10). The apply returns tags, not resources.
    const webTestTags = pulumi
      .all([args.appInsightsId, tags ?? {}])
      .apply(([componentId, base]) => ({ ...base, [`hidden-link:${componentId}`]: "Resource" }));

    const availabilityTestIds = {} as Record<ProbedSlot, pulumi.Output<string>>;
    for (const slot of PROBED_SLOTS.filter((s) => args.healthUrls[s] !== undefined)) {
      const testName = pulumi.interpolate`avail-${env}-${slot}`;
      const test = new applicationinsights.WebTest(
        `${name}-availability-${slot}`,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          webTestName: testName,
          syntheticMonitorId: testName,
          description: `GET the health path of the ${slot} slot; expects 200 and a valid certificate.`,
          // The SDK defaults both to "ping" (classic URL ping test, retired); standard tests need both.
          kind: applicationinsights.WebTestKind.Standard,
          webTestKind: applicationinsights.WebTestKind.Standard,
          enabled: true,
          frequency,
          timeout: 30,
          retryEnabled: true,
          locations,
          request: {
            requestUrl: args.healthUrls[slot] as pulumi.Input<string>,
            httpVerb: "GET",
            // A redirect (e.g. to a sign-in page) must fail the test, not be followed to a 200.
            followRedirects: false,
            parseDependentRequests: false,
          },
          validationRules: {
            expectedHttpStatusCode: 200,
            ignoreHttpStatusCode: false,
            sSLCheck: true,
            sSLCertRemainingLifetimeCheck: 7,
          },
          tags: webTestTags,
        },
        { parent: this },
      );
      availabilityTestIds[slot] = test.id;

      const key: AlertKey = `availability-${slot}`;
      const alert = new monitor.MetricAlert(
        `${name}-${key}`,
        {
          resourceGroupName: args.resourceGroupName,
          ruleName: azureName(key),
          description: `The ${slot} slot's health path fails from several test locations at once.`,
          location: "global",
          enabled: true,
          severity: 1,
          // Both ids: the criterion names the test and the component it reports to.
          scopes: [test.id, args.appInsightsId],
          // The window must hold at least one probe from each location.
          windowSize: pulumi.output(frequency).apply((f) => (f <= 300 ? "PT5M" : "PT15M")),
          evaluationFrequency: "PT1M",
          autoMitigate: true,
          criteria: {
            odataType: "Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria",
            webTestId: test.id,
            componentId: args.appInsightsId,
            failedLocationCount: args.availabilityFailedLocationCount ?? 2,
          },
          actions: actionsFor(key, false),
          tags,
        },
        { parent: this },
      );
      metricAlertIds[key] = alert.id;
    }

    // Activity-log alerts differ only in key, description and extra conditions on Administrative events.
    const activityLogAlert = (key: string, description: string, conditions: AlertCondition[]) =>
      new monitor.ActivityLogAlert(
        `${name}-${key}`,
        {
          resourceGroupName: args.resourceGroupName,
          activityLogAlertName: azureName(key),
          description,
          location: "global",
          enabled: true,
          scopes: [args.targets.resourceGroupId],
          condition: { allOf: [{ field: "category", equals: "Administrative" }, ...conditions] },
          // Lowercase h here, unlike MetricAlert (notes §1.12).
          actions: { actionGroups: [{ actionGroupId: args.actionGroupId, webhookProperties: properties(key, "notify") }] },
          tags,
        },
        { parent: this },
      );

    const vaultDelete = activityLogAlert(
      "vault-delete",
      "A Key Vault in the environment's resource group was deleted (its name stays reserved while soft-deleted).",
      [{ field: "operationName", equals: KEY_VAULT_DELETE_OPERATION }],
    );
    const slotSwap = activityLogAlert(
      "slot-swap",
      "The app's slots were swapped (release, rollback or a manual swap): production now runs another image.",
      [
        { field: "operationName", containsAny: [...SLOT_SWAP_OPERATIONS] },
        // A swap is logged on the slot, or on the site when production is the source; only this app's.
        {
          anyOf: [
            { field: "resourceId", equals: args.targets.siteId },
            ...(args.targets.stagingSlotId !== undefined ? [{ field: "resourceId", equals: args.targets.stagingSlotId }] : []),
          ],
        },
      ],
    );

    this.metricAlertIds = metricAlertIds;
    this.availabilityTestIds = availabilityTestIds;
    this.activityLogAlertIds = { vaultDelete: vaultDelete.id, slotSwap: slotSwap.id };
    this.rollbackActionGroupId = rollbackGroup?.id;
    this.registerOutputs({
      metricAlertIds: this.metricAlertIds,
      availabilityTestIds: this.availabilityTestIds,
      activityLogAlertIds: this.activityLogAlertIds,
      rollbackActionGroupId: this.rollbackActionGroupId,
    });
  }
}
