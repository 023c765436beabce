import { Diagnostic, PolicyViolation, Preview, PreviewFormat, ResourceStep } from "../preview/model";
import { riskReasons } from "./risk";

export interface ChangeCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  /** Ops outside the four columns (import, unknown future ops). */
  other: number;
}

export interface RiskyChange {
  readonly step: ResourceStep;
  readonly reasons: readonly string[];
}

/** Everything the preview report says about one stack, computed once and rendered twice (Markdown, JSON). */
export interface StackReport {
  readonly stack: string;
  readonly file: string;
  readonly format: PreviewFormat;
  readonly counts: ChangeCounts;
  readonly risky: readonly RiskyChange[];
  readonly others: readonly ResourceStep[];
  readonly policyViolations: readonly PolicyViolation[];
  readonly diagnostics: readonly Diagnostic[];
}

const COLUMN_OF_OP: Record<string, keyof ChangeCounts> = {
  create: "create",
  import: "create",
  update: "update",
  replace: "replace",
  "import-replacement": "replace",
  delete: "delete",
  "delete-replaced": "delete",
  "remove-pending-replace": "delete",
};

export function buildStackReport(stack: string, file: string, preview: Preview): StackReport {
  const counts: ChangeCounts = { create: 0, update: 0, replace: 0, delete: 0, other: 0 };
  const risky: RiskyChange[] = [];
  const others: ResourceStep[] = [];
  const steps = preview.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    counts[COLUMN_OF_OP[step.op] ?? "other"]++;
    const reasons = riskReasons(step);
    if (reasons.length > 0) risky.push({ step, reasons });
    else others.push(step);
  }
  return {
    stack,
    file,
    format: preview.format,
    counts,
    risky,
    others,
    policyViolations: preview.policyViolations,
    // info output of the program is noise in a PR; warnings and errors matter.
    diagnostics: preview.diagnostics.filter((d) => d.severity === "warning" || d.severity === "error"),
  };
}

export function mandatoryViolations(report: StackReport): number {
  return report.policyViolations.filter((v) => v.enforcementLevel === "mandatory").length;
}
