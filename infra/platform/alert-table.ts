/**
 * The metric alerts of an environment, as ONE typed table. Rows are data: the thresholds come
 * from the caller's AlertThresholds (the program passes the stack's `monitoring.thresholds`), so
 * environments differ by config, never by code. AlertRules turns each row into one `monitor.MetricAlert`; the rollback pipeline keys on
 * `key` (sent as `alertKey` in the alert's custom properties).
 *
 * Metric names and namespaces: azure-native-notes §1.11 (AMBA). CPU, memory and HTTP queue are
 * metrics of the App Service PLAN, not of the site.
 */

/** The numbers the table's thresholds come from (the program passes the stack's alert settings). */
export interface AlertThresholds {
  /** Server errors in 5 minutes. */
  readonly http5xxCount: number;
  readonly responseTimeMs: number;
  readonly healthCheckPercent: number;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly httpQueueLength: number;
  readonly keyVaultAvailabilityPercent: number;
}

/** Which resource a row's alert watches; AlertRules maps it to an id in `targets`. */
export type AlertTargetKind = "site" | "plan" | "vault";

/** Azure metric namespace of each target kind. */
export const METRIC_NAMESPACES = {
  site: "Microsoft.Web/sites",
  plan: "Microsoft.Web/serverFarms",
  vault: "Microsoft.KeyVault/vaults",
} as const satisfies Record<AlertTargetKind, string>;

/** One metric alert: a static threshold on one metric of one resource. */
export interface MetricAlertRow {
  /** Stable key: part of the Pulumi name and the Azure rule name, and `alertKey` in the payload. */
  readonly key: string;
  readonly target: AlertTargetKind;
  readonly metricNamespace: (typeof METRIC_NAMESPACES)[AlertTargetKind];
  readonly metricName: string;
  readonly timeAggregation: "Average" | "Total" | "Minimum" | "Maximum" | "Count";
  readonly operator: "GreaterThan" | "GreaterThanOrEqual" | "LessThan" | "LessThanOrEqual";
  /** The threshold in the metric's unit, from the stack's thresholds. */
  readonly threshold: (t: AlertThresholds) => number;
  /** 0 (critical) … 4 (verbose). */
  readonly severity: 0 | 1 | 2 | 3 | 4;
  /** ISO 8601 look-back window (PT1M, PT5M, PT15M, PT30M, PT1H, …). */
  readonly windowSize: string;
  /** ISO 8601 evaluation interval; never longer than windowSize. */
  readonly evaluationFrequency: string;
  /**
   * True when a firing alert means the release just swapped in is broken: AlertRules then also
   * notifies the rollback action group (when the stack has one).
   */
  readonly triggersRollback: boolean;
  readonly description: (t: AlertThresholds) => string;
}

export const METRIC_ALERTS = [
  {
    key: "http-5xx",
    target: "site",
    metricNamespace: METRIC_NAMESPACES.site,
    metricName: "Http5xx",
    timeAggregation: "Total",
    operator: "GreaterThan",
    threshold: (t) => t.http5xxCount,
    severity: 1,
    // The config states the threshold "per 5 minutes".
    windowSize: "PT5M",
    evaluationFrequency: "PT1M",
    triggersRollback: true,
    description: (t) => `More than ${t.http5xxCount} server errors (HTTP 5xx) in 5 minutes on the production app.`,
  },
  {
    key: "response-time",
    target: "site",
    metricNamespace: METRIC_NAMESPACES.site,
    // HttpResponseTime is in seconds; AverageResponseTime is deprecated (notes §1.11).
    metricName: "HttpResponseTime",
    timeAggregation: "Average",
    operator: "GreaterThan",
    threshold: (t) => t.responseTimeMs / 1000,
    severity: 2,
    windowSize: "PT5M",
    evaluationFrequency: "PT1M",
    triggersRollback: false,
    description: (t) => `Average response time above ${t.responseTimeMs} ms over 5 minutes on the production app.`,
  },
  {
    key: "health-check",
    target: "site",
    metricNamespace: METRIC_NAMESPACES.site,
    metricName: "HealthCheckStatus",
    timeAggregation: "Average",
    operator: "LessThan",
    threshold: (t) => t.healthCheckPercent,
    severity: 1,
    windowSize: "PT5M",
    evaluationFrequency: "PT1M",
    triggersRollback: true,
    description: (t) => `Fewer than ${t.healthCheckPercent} % of the production app's instances pass the health check.`,
  },
  {
    key: "cpu",
    target: "plan",
    metricNamespace: METRIC_NAMESPACES.plan,
    metricName: "CpuPercentage",
    timeAggregation: "Average",
    operator: "GreaterThan",
    threshold: (t) => t.cpuPercent,
    severity: 2,
    // Longer window than the site alerts: autoscale reacts to short CPU peaks first.
    windowSize: "PT15M",
    evaluationFrequency: "PT5M",
    triggersRollback: false,
    description: (t) => `App Service plan CPU above ${t.cpuPercent} % on average over 15 minutes.`,
  },
  {
    key: "memory",
    target: "plan",
    metricNamespace: METRIC_NAMESPACES.plan,
    metricName: "MemoryPercentage",
    timeAggregation: "Average",
    operator: "GreaterThan",
    threshold: (t) => t.memoryPercent,
    severity: 2,
    windowSize: "PT15M",
    evaluationFrequency: "PT5M",
    triggersRollback: false,
    description: (t) => `App Service plan memory above ${t.memoryPercent} % on average over 15 minutes.`,
  },
  {
    key: "http-queue",
    target: "plan",
    metricNamespace: METRIC_NAMESPACES.plan,
    metricName: "HttpQueueLength",
    timeAggregation: "Average",
    operator: "GreaterThan",
    threshold: (t) => t.httpQueueLength,
    severity: 2,
    windowSize: "PT5M",
    evaluationFrequency: "PT1M",
    triggersRollback: false,
    description: (t) => `More than ${t.httpQueueLength} requests waiting in the App Service plan's HTTP queue on average over 5 minutes.`,
  },
  {
    key: "key-vault-availability",
    target: "vault",
    metricNamespace: METRIC_NAMESPACES.vault,
    metricName: "Availability",
    timeAggregation: "Average",
    operator: "LessThan",
    threshold: (t) => t.keyVaultAvailabilityPercent,
    severity: 1,
    windowSize: "PT5M",
    evaluationFrequency: "PT1M",
    triggersRollback: false,
    description: (t) => `Key Vault availability below ${t.keyVaultAvailabilityPercent} % over 5 minutes (Key Vault references in the app fail).`,
  },
] as const satisfies readonly MetricAlertRow[];

export type MetricAlertKey = (typeof METRIC_ALERTS)[number]["key"];

/** A row with its threshold and description evaluated for one stack's thresholds. */
export interface ResolvedMetricAlert extends Omit<MetricAlertRow, "threshold" | "description"> {
  readonly key: MetricAlertKey;
  readonly threshold: number;
  readonly description: string;
}

/** The table evaluated for a stack's thresholds (what AlertRules creates, and what docs/tests read). */
export function resolveMetricAlerts(thresholds: AlertThresholds): readonly ResolvedMetricAlert[] {
  return METRIC_ALERTS.map((row: MetricAlertRow & { key: MetricAlertKey }) => ({
    ...row,
    threshold: row.threshold(thresholds),
    description: row.description(thresholds),
  }));
}

/** Azure name of an environment's alert rule (`alert-<environment>-<key>`; AlertRules names every rule so). */
export const alertRuleName = (environment: string, key: string) => `alert-${environment}-${key}`;

/**
 * Names of the rules whose firing means the release just swapped in is broken (`triggersRollback`).
 * The settings variable group carries them (ROLLBACK_ALERT_RULES) so the release watch and the
 * rollback pipeline act on these and nothing else: the slot-swap activity-log alert fires on every
 * swap preview and swap, and a CPU or Key Vault alert does not say the release is at fault.
 */
export const rollbackAlertRuleNames = (environment: string): string[] =>
  METRIC_ALERTS.filter((row: MetricAlertRow) => row.triggersRollback).map((row) => alertRuleName(environment, row.key));
