import * as path from "path";
import { CliError } from "../errors";
import { ExitCode } from "../exit-codes";
import { Io } from "../io";
import { readPreviewFile } from "../preview/read-preview";
import { buildCostDelta, CostDelta } from "./cost-delta";
import { previewReportJson } from "./preview-json";
import { renderPreviewMarkdown } from "./preview-markdown";
import { StackInput } from "./stack-args";
import { buildStackReport, mandatoryViolations } from "./stack-report";
import { writeCheckedOutput } from "./write-output";

export interface PreviewReportOptions {
  readonly stacks: readonly StackInput[];
  readonly out?: string;
  readonly json: boolean;
  readonly budget: number;
  /** `delivery cost --all --json` of the target branch and of the PR: the report shows the monthly change. */
  readonly costBefore?: string;
  readonly costAfter?: string;
}

/** `delivery preview-report`: exit 1 when a mandatory policy violation is present, else 0. */
export function runPreviewReport(opts: PreviewReportOptions, io: Io): ExitCode {
  const reports = opts.stacks.map(({ stack, file }) =>
    buildStackReport(stack, file, readPreviewFile(path.resolve(io.cwd, file), file)),
  );
  if (opts.costBefore && !opts.costAfter) {
    throw new CliError("--cost-before needs --cost-after: the PR's estimate (delivery cost --all --json on the PR checkout) is what the change is measured by.");
  }
  let cost: CostDelta | undefined;
  if (opts.costAfter) {
    // Lazy: zod (the cost files' checker) loads only when there are cost files to read.
    const { readCostFile } = require("./cost-file") as typeof import("./cost-file");
    cost = buildCostDelta(opts.costBefore ? readCostFile(io.cwd, opts.costBefore, "--cost-before") : null, readCostFile(io.cwd, opts.costAfter, "--cost-after"));
  }
  const text = opts.json
    ? JSON.stringify(previewReportJson(reports, cost), null, 2) + "\n"
    : renderPreviewMarkdown(reports, opts.budget, cost);
  writeCheckedOutput(io, text, opts.out, "the preview report");
  return reports.some((r) => mandatoryViolations(r) > 0) ? ExitCode.Findings : ExitCode.Ok;
}
