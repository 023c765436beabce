import type { Command } from "commander";
import type { Io } from "../io";
import type { SetExitCode } from "./set-exit-code";

/** `delivery drift-report`: drifted resources and properties from refresh previews. */
export function registerDriftReport(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("drift-report")
    .description(
      "List drifted resources and properties from refresh previews (pulumi preview --refresh --json, or an event log); release-owned fields are shown as expected. Exit 0: no unexpected drift, 1: unexpected drift, 2: bad input.",
    )
    .requiredOption("--stack <name=file>", "stack name and its refresh preview file (repeatable)", collect, [])
    .option("--out <file>", "write the report to this file instead of stdout")
    .option("--json", "write the machine-readable report (input of `delivery work-item`)", false)
    .action((opts: { stack: string[]; out?: string; json: boolean }) => {
      const { parseStackArgs } = require("../report/stack-args") as typeof import("../report/stack-args");
      const { runDriftReport } = require("../report/run-drift-report") as typeof import("../report/run-drift-report");
      setExitCode(runDriftReport({ stacks: parseStackArgs(opts.stack), out: opts.out, json: opts.json }, io));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
