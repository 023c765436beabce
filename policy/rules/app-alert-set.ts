import { Finding, PolicyResource, StackRule, Tier, benchmarks, ofType, read, refersTo } from "../model";
import { hostedSlots } from "./links";
import { T } from "./types";

/** Which resource an alert must watch: the app itself, the plan it runs on, or the stack's vault. */
type Watched = "site" | "plan" | "vault";

/**
 * The requirement, stated here rather than read from the program's alert table (a row dropped
 * from the table must make this rule fail, not shrink it). Metric names: Azure Monitor's
 * supported metrics for Microsoft.Web/sites, Microsoft.Web/serverFarms and
 * Microsoft.KeyVault/vaults; CPU, memory and HTTP queue are metrics of the plan, not the site.
 * Non-production stages need the same set: a release is judged by these alerts in every stage
 * before it moves on, so a stage without one would pass a release its successor then rejects.
 */
const ALL: readonly { metric: string; on: Watched }[] = [
  { metric: "Http5xx", on: "site" },
  { metric: "HttpResponseTime", on: "site" },
  { metric: "HealthCheckStatus", on: "site" },
  { metric: "CpuPercentage", on: "plan" },
  { metric: "MemoryPercentage", on: "plan" },
  { metric: "HttpQueueLength", on: "plan" },
  { metric: "Availability", on: "vault" },
];
export const REQUIRED_METRIC_ALERTS: Readonly<Record<Tier, readonly { metric: string; on: Watched }[]>> = {
  production: ALL,
  nonproduction: ALL,
};

/** Metric names a metric alert watches (static and dynamic criteria). */
function metricNames(alert: PolicyResource): string[] {
  const all = read(alert.inputs, "criteria.allOf");
  if (all.state !== "value" || !Array.isArray(all.value)) return [];
  return all.value.map((c) => (c as { metricName?: unknown })?.metricName).filter((m): m is string => typeof m === "string");
}

export const appAlertSet: StackRule = {
  id: "app-alert-set",
  kind: "stack",
  description:
    "Every app (or slot hosted on another stack's app) has enabled metric alerts on Http5xx, HttpResponseTime and HealthCheckStatus of itself, CpuPercentage, MemoryPercentage and HttpQueueLength of its plan when the stack declares the plan, and Availability of the stack's Key Vault.",
  benchmarks: benchmarks({}),
  check: (resources, context) => {
    const alerts = ofType(resources, T.MetricAlert).filter((a) => a.inputs.enabled !== false);
    const vaults = ofType(resources, T.Vault);
    const findings: Finding[] = [];
    // A slot hosted on another stack's app is this stack's app: its own metrics (the slot's site
    // metrics) are required; its plan is the host's (not declared here), so the host alerts on it.
    for (const app of [...ofType(resources, T.WebApp), ...hostedSlots(resources)]) {
      const plans = ofType(resources, T.Plan).filter((p) => refersTo(app, "serverFarmId", p));
      const missing = REQUIRED_METRIC_ALERTS[context.tier].filter((row) => {
        const targets = row.on === "site" ? [app] : row.on === "plan" ? plans : vaults;
        // A plan or vault the stack does not declare (e.g. a shared plan) is watched by its own stack.
        if (targets.length === 0) return false;
        return !alerts.some((a) => metricNames(a).includes(row.metric) && targets.some((t) => refersTo(a, "scopes", t)));
      });
      if (missing.length > 0) {
        findings.push({
          resource: app,
          detail: `has no enabled metric alert for ${missing.map((m) => `${m.metric} on its ${m.on}`).join(", ")}; add a metric alert on that metric scoped to the ${[...new Set(missing.map((m) => m.on))].join(", ")} (a row of AlertRules' alert table)`,
        });
      }
    }
    return findings;
  },
};
