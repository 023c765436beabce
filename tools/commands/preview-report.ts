import type { Command } from "commander";
import type { Io } from "../io";
import type { SetExitCode } from "./set-exit-code";

/** `delivery preview-report`: one Markdown summary of `pulumi preview` for every stack. */
export function registerPreviewReport(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("preview-report")
    .description(
      "Summarise pulumi preview output (--json document or --event-log file) of one or more stacks as one Markdown document, risky changes first, within a size budget.",
    )
    .requiredOption("--stack <name=file>", "stack name and its preview file (repeatable)", collect, [])
    .option("--out <file>", "write the report to this file instead of stdout")
    .option("--json", "write the machine-readable report (not budgeted) instead of Markdown", false)
    .option("--max-chars <n>", "character budget of the Markdown document", "149000")
    .option("--cost-before <file>", "delivery cost --all --json of the target branch (the monthly cost before the change)")
    .option("--cost-after <file>", "delivery cost --all --json of the PR: adds the monthly cost per stack, largest change first")
    .action((opts: { stack: string[]; out?: string; json: boolean; maxChars: string; costBefore?: string; costAfter?: string }) => {
      // Lazy: the report code loads only when this command runs (and never @pulumi/pulumi).
      const { parseStackArgs, parseBudget } = require("../report/stack-args") as typeof import("../report/stack-args");
      const { runPreviewReport } = require("../report/run-preview-report") as typeof import("../report/run-preview-report");
      setExitCode(
        runPreviewReport(
          { stacks: parseStackArgs(opts.stack), out: opts.out, json: opts.json, budget: parseBudget(opts.maxChars), costBefore: opts.costBefore, costAfter: opts.costAfter },
          io,
        ),
      );
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
