import * as path from "path";
import { ExitCode } from "../exit-codes";
import { Io } from "../io";
import { readPreviewFile } from "../preview/read-preview";
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
}

/** `delivery preview-report`: exit 1 when a mandatory policy violation is present, else 0. */
export function runPreviewReport(opts: PreviewReportOptions, io: Io): ExitCode {
  const reports = opts.stacks.map(({ stack, file }) =>
    buildStackReport(stack, file, readPreviewFile(path.resolve(io.cwd, file), file)),
  );
  const text = opts.json
    ? JSON.stringify(previewReportJson(reports), null, 2) + "\n"
    : renderPreviewMarkdown(reports, opts.budget);
  writeCheckedOutput(io, text, opts.out, "the preview report");
  return reports.some((r) => mandatoryViolations(r) > 0) ? ExitCode.Findings : ExitCode.Ok;
}
