import { ResourceStep } from "../preview/model";
import { CostDelta, costDeltaJson } from "./cost-delta";
import { mandatoryViolations, StackReport } from "./stack-report";

/** The machine form of `delivery preview-report --json` (documented in the README). Not budgeted. */
export function previewReportJson(reports: readonly StackReport[], cost?: CostDelta): object {
  return {
    kind: "preview-report",
    version: 1,
    risky: reports.reduce((n, r) => n + r.risky.length, 0) + (cost?.alerts ?? 0),
    mandatoryPolicyViolations: reports.reduce((n, r) => n + mandatoryViolations(r), 0),
    stacks: reports.map((r) => ({
      name: r.stack,
      file: r.file,
      format: r.format,
      counts: r.counts,
      risky: r.risky.map(({ step, reasons }) => ({ ...stepJson(step), reasons })),
      changes: r.others.map(stepJson),
      policyViolations: r.policyViolations,
      diagnostics: r.diagnostics,
    })),
    ...(cost ? { cost: costDeltaJson(cost) } : {}),
  };
}

function stepJson(step: ResourceStep): object {
  return {
    op: step.op,
    urn: step.urn,
    type: step.type,
    name: step.name,
    protect: step.protect,
    replaceReasons: step.replaceReasons,
    properties: step.changes.map((c) => ({ path: c.path, kind: c.kind, old: c.oldValue, new: c.newValue })),
  };
}
