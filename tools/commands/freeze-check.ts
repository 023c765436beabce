import type { Command } from "commander";
import type { Io } from "../io";
import type { SetExitCode } from "./set-exit-code";

/** `delivery freeze-check <stack>`: may a release or infra deploy change the stack now? */
export function registerFreezeCheck(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("freeze-check")
    .description(
      "Is the stack in a release freeze (releaseFreezes)? Run by the pipelines before anything changes; " +
        "freezes come from --freezes (the RELEASE_FREEZES variable the program writes to the stack's settings group) or from Pulumi.<stack>.yaml.",
    )
    .argument("<stack>", "stack name")
    .option("--freezes <list>", "RELEASE_FREEZES of the stack's settings variable group (entries joined by ';', or none)")
    .option("--now <iso>", "the instant to check, ISO 8601 with a UTC offset (default: now)")
    .option("--override-reason <text>", "emergency override: why the change cannot wait (at least 10 characters)")
    .option("--what <text>", "what is being stopped, for the message", "release")
    .option("--environment <name>", "Azure DevOps environment whose approvers approve an override, for the message")
    .option("--json", "print the verdict as JSON")
    .addHelpText("after", "\nA freeze is <start>|<end>|<reason>, active from start (inclusive) to end (exclusive).\nExit codes: 0 not frozen, or an emergency override with a reason; 1 frozen; 2 bad input.")
    .action(async (stack: string, opts: { freezes?: string; now?: string; overrideReason?: string; what: string; environment?: string; json?: boolean }) => {
      const { runFreezeCheck } = require("../freeze/run") as typeof import("../freeze/run");
      setExitCode(await runFreezeCheck(stack, opts, io));
    });
}
