import { ExitCode } from "../exit-codes";
import { CliError } from "../errors";
import { Io } from "../io";
import { compareStacks, renderParityText } from "./compare";
import { planStacksConcurrently, planThreads, startPlanWorkers } from "./parallel";
import type { StackPlan } from "./plan";
import { plansToJson } from "./render-json";
import { renderPlanText } from "./render-text";
import { openRecordingCache } from "./recording-cache";
import { checkSharedOwnership } from "./shared-ownership";
import { findProjectRoot, listStacks, LoadedStack, loadStack, parseOverride } from "./stack-files";

export interface PlanCommandOptions {
  readonly json?: boolean;
  readonly all?: boolean;
  readonly compare?: readonly string[];
  readonly set?: readonly string[];
  readonly setSecret?: readonly string[];
  /** false (`--no-cache`): run the program for every stack instead of reusing unchanged recordings. */
  readonly cache?: boolean;
}

/** `delivery plan`: resolves what to plan, plans it, prints it. Returns the exit code. */
export async function runPlanCommand(stack: string | undefined, opts: PlanCommandOptions, io: Io): Promise<ExitCode> {
  const modes = [stack !== undefined && "<stack>", opts.all && "--all", opts.compare && "--compare"].filter(Boolean);
  if (modes.length !== 1) {
    throw new CliError(
      `delivery plan: expected exactly one of <stack>, --all or --compare <stackA> <stackB>; found ${modes.length === 0 ? "none" : modes.join(" and ")}.`,
    );
  }
  const root = findProjectRoot(io.cwd);
  const overrides = [...(opts.set ?? []).map((s) => parseOverride(s, false)), ...(opts.setSecret ?? []).map((s) => parseOverride(s, true))];
  const stacks = opts.all ? listStacks(root) : opts.compare ? [...opts.compare] : [stack as string];
  if (stacks.length === 0) throw new CliError(`delivery plan --all: expected Pulumi.<stack>.yaml files in ${root}; found none.`);

  const known = listStacks(root);
  for (const s of stacks) if (!known.includes(s)) loadStack(root, s); // names the missing file
  const loaded = new Map(known.map((s) => [s, loadStack(root, s, stacks.includes(s) ? overrides : [])]));
  checkSharedOwnership([...loaded.values()]);

  // Stacks whose recording is cached plan on this thread without running the program; the others
  // plan concurrently, one thread per core (each worker loads the SDK and the program on start).
  const cache = openRecordingCache(io.env, opts.cache !== false);
  const { planLoadedStack, recordingInputs } = await import("./plan");
  const cached = new Set(stacks.map((s, i) => (cache?.probe(recordingInputs(loaded.get(s) as LoadedStack)) ? i : -1)).filter((i) => i >= 0));
  const workers = startPlanWorkers(planThreads(stacks.length - cached.size, io.env) - 1);
  let plans: StackPlan[];
  try {
    // Pulumi records a stack trace for every internal promise; a plan never shows them.
    const limit = Error.stackTraceLimit;
    if (!io.env.DELIVERY_DEBUG) Error.stackTraceLimit = 0;
    try {
      // The output and the exit code are the same as planning the stacks one after another.
      plans = await planStacksConcurrently(
        stacks.map((s) => loaded.get(s) as LoadedStack),
        new Date(),
        workers,
        (l, today, others) => planLoadedStack(l, today, others, cache),
        [...loaded.values()],
        { cacheDir: cache?.dir, onThisThread: cached },
      );
    } finally {
      Error.stackTraceLimit = limit;
    }
  } finally {
    await workers.terminate();
  }

  if (opts.compare) {
    const report = compareStacks(plans[0], plans[1]);
    io.stdout(opts.json ? `${JSON.stringify({ kind: "pinecone-delivery/parity", version: 1, ...report }, null, 2)}\n` : renderParityText(report));
    return report.settings.some((d) => !d.allowed) ? ExitCode.Findings : ExitCode.Ok;
  }
  io.stdout(opts.json ? `${JSON.stringify(plansToJson(plans), null, 2)}\n` : plans.map(renderPlanText).join("\n"));
  // Mandatory policy violations fail the plan, as they fail `pulumi preview` with the pack.
  return plans.every((p) => p.policy.summary.passed) ? ExitCode.Ok : ExitCode.Findings;
}
