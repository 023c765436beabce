import { Command } from "commander";
import type { SetExitCode } from "./set-exit-code";
import { ExitCode } from "../exit-codes";
import { Io } from "../io";

export function registerPolicyConfig(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("policy-config")
    .description(
      "Write the policy pack's config for a stack (per-rule enforcement levels and exemptions from Pulumi.<stack>.yaml), " +
        "for `pulumi preview --policy-pack policy --policy-pack-config <file>`.",
    )
    .argument("<stack>", "stack whose Pulumi.<stack>.yaml sets the levels and exemptions")
    .option("--out <file>", "write to a file instead of standard output")
    .option("--exemptions-markdown", "write the stack's exemptions as a Markdown table (for the PR report) instead")
    .addHelpText("after", "\nExit codes: 0 written; 2 bad input or config; 3 internal error.")
    .action(async (stack: string, opts: { out?: string; exemptionsMarkdown?: boolean }) => {
      const { runPolicyConfig } = await import("../policy-config/run");
      runPolicyConfig(stack, opts, io);
      setExitCode(ExitCode.Ok);
    });
}
