import * as path from "path";
import { ExitCode } from "../exit-codes";
import { Io } from "../io";
import { readPreviewFile } from "../preview/read-preview";
import { driftReport, stackDrift } from "./drift";
import { renderDriftMarkdown } from "./drift-markdown";
import { StackInput } from "./stack-args";
import { writeCheckedOutput } from "./write-output";

export interface DriftReportOptions {
  readonly stacks: readonly StackInput[];
  readonly out?: string;
  readonly json: boolean;
}

/** `delivery drift-report`: exit 1 when any stack has unexpected drift, else 0. */
export function runDriftReport(opts: DriftReportOptions, io: Io): ExitCode {
  const report = driftReport(
    opts.stacks.map(({ stack, file }) => stackDrift(stack, file, readPreviewFile(path.resolve(io.cwd, file), file))),
  );
  const text = opts.json ? JSON.stringify(report, null, 2) + "\n" : renderDriftMarkdown(report);
  writeCheckedOutput(io, text, opts.out, "the drift report");
  return report.unexpectedDrift ? ExitCode.Findings : ExitCode.Ok;
}
