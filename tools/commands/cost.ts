import { Command } from "commander";
import type { SetExitCode } from "./set-exit-code";
import { Io } from "../io";

/** `delivery cost`: monthly estimate of a stack's offline plan, priced from the committed price snapshot. */
export function registerCost(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("cost")
    .description(
      "Monthly cost estimate of a stack: runs the offline plan in-process and prices every declared resource from " +
        "prices/retail-prices.json (Azure retail prices; usage-based meters from the stack's cost* config assumptions). Offline.",
    )
    .argument("[stack]", "stack to price (Pulumi.<stack>.yaml)")
    .option("--json", "print the machine form (read by delivery preview-report --cost-before/--cost-after)")
    .option("--all", "price every Pulumi.<stack>.yaml")
    .option("--compare <stacks...>", "where stackA's bill differs from stackB's, resource by resource, and which setting or assumption causes it")
    .option("--prices <file>", "price snapshot to read (default: prices/retail-prices.json)")
    .addHelpText("after", "\nExit codes: 0 ok; 2 bad input (arguments, stack config, price snapshot); 3 internal error.")
    .action(async (stack: string | undefined, opts: { json?: boolean; all?: boolean; compare?: string[]; prices?: string }) => {
      const { runCostCommand } = await import("../cost/command");
      setExitCode(await runCostCommand(stack, opts, io));
    });
}
