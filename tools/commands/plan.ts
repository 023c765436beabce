import { Command } from "commander";
import type { SetExitCode } from "./set-exit-code";
import { Io } from "../io";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerPlan(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("plan")
    .description(
      "Offline plan: run the Pulumi program in-process under mocks with a stack's config from Pulumi.<stack>.yaml " +
        "and print the declared resources (not a diff against the cloud).",
    )
    .argument("[stack]", "stack to plan (Pulumi.<stack>.yaml)")
    .option("--json", "print the machine form (see README: delivery plan --json)")
    .option("--all", "plan every Pulumi.<stack>.yaml in one process")
    .option("--compare <stacks...>", "parity report of stackA against stackB: settings and resources that differ, allowed or not")
    .option("--set <key=value>", "override a config value for this plan only (repeatable)", collect)
    .option("--set-secret <key=value>", "override a config value as a secret for this plan only (repeatable; such a plan is never cached)", collect)
    .option("--no-cache", "run the program for every stack instead of reusing a recording whose program, modules and config are unchanged (also DELIVERY_PLAN_CACHE=off)")
    .addHelpText(
      "after",
      "\nCache: node_modules/.cache/pinecone-delivery/plan (DELIVERY_PLAN_CACHE_DIR moves it); an entry is reused only while every\n" +
        "module the program loaded, the stack's config and the stack references it read are unchanged; policy, release paths and\n" +
        "freezes are always evaluated afresh.\n" +
        "\nExit codes: 0 ok; 1 findings (mandatory policy violations, or parity deviations that are not allowed);\n" +
        "2 bad input or config (the message names the file, key, expected and found); 3 internal error.",
    )
    .action(async (stack: string | undefined, opts: { json?: boolean; all?: boolean; compare?: string[]; set?: string[]; setSecret?: string[]; cache?: boolean }) => {
      if (opts.compare && opts.compare.length !== 2) {
        const { CliError } = await import("../errors");
        throw new CliError(`delivery plan --compare: expected two stack names (--compare qa prod); found ${opts.compare.length}: ${opts.compare.join(" ") || "none"}.`);
      }
      const { runPlanCommand } = await import("../plan/command");
      setExitCode(await runPlanCommand(stack, opts, io));
    });
}
