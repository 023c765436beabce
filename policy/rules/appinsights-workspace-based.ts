import { ResourceRule, benchmarks, expectValue } from "../model";
import { T } from "./types";

export const appInsightsWorkspaceBased: ResourceRule = {
  id: "appinsights-workspace-based",
  kind: "resource",
  description: "Application Insights components are workspace-based: telemetry is stored in the stack's Log Analytics workspace.",
  benchmarks: benchmarks({ asb: ["LT-5"], azurePolicy: ["d550e854-df1a-4de9-bf44-cd894b39a95e"], cis: ["3.0.0 6.3.1"] }),
  resourceTypes: [T.Component],
  check: (r) => [
    ...expectValue(r, "workspaceResourceId", (v) => typeof v === "string" && v.length > 0, "set it to the id of the stack's Log Analytics workspace"),
    ...expectValue(r, "ingestionMode", (v) => v === undefined || v === "LogAnalytics", 'set it to "LogAnalytics"'),
  ],
};
