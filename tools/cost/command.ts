import { ExitCode } from "../exit-codes";
import { CliError } from "../errors";
import { Io } from "../io";
import { planStack, StackPlan } from "../plan/plan";
import { findProjectRoot, listStacks } from "../plan/stack-files";
import { compareCosts, costComparisonJson, renderCostComparisonText } from "./compare";
import { estimateStack } from "./estimate";
import { costsToJson, renderCostText } from "./render";
import { readSnapshot, SNAPSHOT_PATH } from "./snapshot";

export interface CostCommandOptions {
  readonly json?: boolean;
  readonly all?: boolean;
  readonly compare?: readonly string[];
  /** Price snapshot to read instead of prices/retail-prices.json (relative to the project root). */
  readonly prices?: string;
}

/** `delivery cost`: plans the stacks in-process (offline), prices them from the snapshot, prints. */
export async function runCostCommand(stack: string | undefined, opts: CostCommandOptions, io: Io): Promise<ExitCode> {
  const modes = [stack !== undefined && "<stack>", opts.all && "--all", opts.compare && "--compare"].filter(Boolean);
  if (modes.length !== 1) {
    throw new CliError(`delivery cost: expected exactly one of <stack>, --all or --compare <stackA> <stackB>; found ${modes.length === 0 ? "none" : modes.join(" and ")}.`);
  }
  if (opts.compare && opts.compare.length !== 2) {
    throw new CliError(`delivery cost --compare: expected two stack names (--compare qa prod); found ${opts.compare.length}: ${opts.compare.join(" ") || "none"}.`);
  }
  const root = findProjectRoot(io.cwd);
  const snapshot = readSnapshot(root, opts.prices ?? SNAPSHOT_PATH);
  const stacks = opts.all ? listStacks(root) : opts.compare ? [...opts.compare] : [stack as string];
  if (stacks.length === 0) throw new CliError(`delivery cost --all: expected Pulumi.<stack>.yaml files in ${root}; found none.`);

  // Pulumi records a stack trace for every internal promise; a plan never shows them.
  const limit = Error.stackTraceLimit;
  if (!io.env.DELIVERY_DEBUG) Error.stackTraceLimit = 0;
  const plans: StackPlan[] = [];
  try {
    // planStack reads the other stack files too: a slot-shaped stack's host comes from them.
    for (const s of stacks) plans.push(await planStack(root, s));
  } finally {
    Error.stackTraceLimit = limit;
  }
  const costs = plans.map((p) => estimateStack(p, snapshot));

  if (opts.compare) {
    const comparison = compareCosts(plans[0], plans[1], costs[0], costs[1]);
    io.stdout(opts.json ? `${JSON.stringify(costComparisonJson(comparison), null, 2)}\n` : renderCostComparisonText(comparison));
    return ExitCode.Ok;
  }
  io.stdout(opts.json ? `${JSON.stringify(costsToJson(costs), null, 2)}\n` : costs.map(renderCostText).join("\n"));
  return ExitCode.Ok;
}
