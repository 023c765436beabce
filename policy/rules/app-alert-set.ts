import { METRIC_ALERTS } from "../../infra/platform/alert-table";
import { Finding, PolicyResource, StackRule, benchmarks, ofType, read, refersTo } from "../model";
import { T } from "./types";

/** Metric names a metric alert watches (static and dynamic criteria). */
function metricNames(alert: PolicyResource): string[] {
  const all = read(alert.inputs, "criteria.allOf");
  if (all.state !== "value" || !Array.isArray(all.value)) return [];
  return all.value.map((c) => (c as { metricName?: unknown })?.metricName).filter((m): m is string => typeof m === "string");
}

export const appAlertSet: StackRule = {
  id: "app-alert-set",
  kind: "stack",
  description: "Every app has the enabled metric alerts of infra/platform/alert-table.ts on itself, its plan and the stack's Key Vault.",
  benchmarks: benchmarks({}),
  check: (resources) => {
    const alerts = ofType(resources, T.MetricAlert).filter((a) => a.inputs.enabled !== false);
    const vaults = ofType(resources, T.Vault);
    const findings: Finding[] = [];
    for (const app of ofType(resources, T.WebApp)) {
      const plans = ofType(resources, T.Plan).filter((p) => refersTo(app, "serverFarmId", p));
      const missing = METRIC_ALERTS.filter((row) => {
        const targets = row.target === "site" ? [app] : row.target === "plan" ? plans : vaults;
        // A plan or vault the stack does not declare (e.g. a shared plan) is watched by its own stack.
        if (targets.length === 0) return false;
        return !alerts.some((a) => metricNames(a).includes(row.metricName) && targets.some((t) => refersTo(a, "scopes", t)));
      });
      if (missing.length > 0) {
        findings.push({
          resource: app,
          detail: `has no enabled metric alert for ${missing.map((m) => `${m.key} (${m.metricName} on its ${m.target})`).join(", ")}; create the alert-table rows with AlertRules`,
        });
      }
    }
    return findings;
  },
};
