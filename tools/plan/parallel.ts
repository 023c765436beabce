import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { CliError, isUserError } from "../errors";
import { ExitCode } from "../exit-codes";
import type { StackPlan } from "./plan";
import type { LoadedStack } from "./stack-files";

/** Overrides the number of planning threads (1: plan every stack on the main thread, in order). */
export const PLAN_WORKERS_ENV = "DELIVERY_PLAN_WORKERS";

/** What a plan worker is given: its share of the stacks (with their positions) and the plan day. */
export interface PlanWorkerInput {
  readonly stacks: readonly { readonly index: number; readonly loaded: LoadedStack }[];
  /** Every stack file of the project: a plan reads the others' outputs offline (stack references). */
  readonly all: readonly LoadedStack[];
  readonly today: string;
  readonly debug: boolean;
  /** The recording cache's directory (undefined: no cache). */
  readonly cacheDir?: string;
}

/** What a plan worker answers for each stack, in its share's order; it stops at its first error. */
export type PlanWorkerResult =
  | { readonly index: number; readonly plan: StackPlan }
  | { readonly index: number; readonly error: SerializedError };

export interface SerializedError {
  readonly message: string;
  readonly user: boolean;
  readonly exitCode?: ExitCode;
  readonly stack?: string;
}

export function serializeError(err: unknown): SerializedError {
  const user = isUserError(err);
  return {
    message: err instanceof Error ? err.message : String(err),
    user,
    exitCode: user ? (err as { exitCode?: ExitCode }).exitCode : undefined,
    stack: err instanceof Error ? err.stack : undefined,
  };
}

/** The error as the main thread would have caught it: same message, same exit code. */
function revive(e: SerializedError): Error {
  const err = e.user ? new CliError(e.message, e.exitCode ?? ExitCode.BadInput) : new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

/** Threads to plan `count` stacks with: one per core, never more than stacks. */
export function planThreads(count: number, env: NodeJS.ProcessEnv): number {
  const requested = Number(env[PLAN_WORKERS_ENV]);
  const cores = Number.isInteger(requested) && requested >= 1 ? requested : os.availableParallelism();
  // Workers run the compiled program (dist/); under Jest the sources run as TypeScript, so stay on one thread.
  const compiled = __filename.endsWith(".js");
  return compiled ? Math.max(1, Math.min(cores, count)) : 1;
}

/**
 * Worker threads started before the main thread loads the SDK and the program, so that every
 * thread loads its modules at the same time; each then waits for its share of the stacks.
 */
export interface PlanWorkers {
  readonly count: number;
  plan(i: number, input: PlanWorkerInput): Promise<PlanWorkerResult[]>;
  /** Stops any worker that has not answered (e.g. a stack file was bad before planning began). */
  terminate(): Promise<void>;
}

export function startPlanWorkers(count: number): PlanWorkers {
  const workers = Array.from({ length: count }, () => new Worker(path.join(__dirname, "plan-worker.js")));
  // A worker that fails while loading reports it when asked to plan; until then the error waits.
  const failures = workers.map((w) => new Promise<Error>((resolve) => w.once("error", resolve)));
  return {
    count,
    plan: (i, input) =>
      new Promise((resolve, reject) => {
        const worker = workers[i];
        let answered = false;
        worker.once("message", (results: PlanWorkerResult[]) => {
          answered = true;
          resolve(results);
        });
        void failures[i].then(reject);
        worker.once("exit", (code) => {
          if (!answered) reject(new Error(`a plan worker stopped with exit code ${code} before answering`));
        });
        worker.postMessage(input);
      }),
    terminate: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * Plans the stacks on this thread and the workers: this one takes every (workers + 1)-th stack
 * from the first, each worker the ones after (each thread with its own module registry and
 * therefore its own Pulumi mock runtime). The answer is in the stacks' order and the error, if
 * any, is the one of the first failing stack, exactly as planning them one after another gives.
 */
export async function planStacksConcurrently(
  stacks: readonly LoadedStack[],
  today: Date,
  workers: PlanWorkers,
  planHere: PlanOne,
  all: readonly LoadedStack[] = stacks,
  options: { readonly cacheDir?: string; readonly onThisThread?: ReadonlySet<number> } = {},
): Promise<StackPlan[]> {
  const threads = workers.count + 1;
  // Stacks that need no program run (cached) stay here; the others are dealt out in turn.
  const here = options.onThisThread ?? new Set<number>();
  const shares: { index: number; loaded: LoadedStack }[][] = Array.from({ length: threads }, () => []);
  let turn = 0;
  stacks.forEach((loaded, index) => shares[here.has(index) ? 0 : turn++ % threads].push({ index, loaded }));
  shares[0].sort((a, b) => a.index - b.index);
  const debug = Error.stackTraceLimit !== 0;
  const results = await Promise.all([
    planShare(shares[0], today, all, planHere),
    ...shares
      .slice(1)
      .map((share, i) => (share.length > 0 ? workers.plan(i, { stacks: share, all, today: today.toISOString(), debug, cacheDir: options.cacheDir }) : Promise.resolve([]))),
  ]);
  const byIndex = new Map(results.flat().map((r) => [r.index, r]));
  const plans: StackPlan[] = [];
  for (let i = 0; i < stacks.length; i++) {
    const r = byIndex.get(i);
    // A stack without an answer sits behind an earlier failure of its thread, so that failure comes first.
    if (r === undefined) continue;
    if ("error" in r) throw revive(r.error);
    plans.push(r.plan);
  }
  return plans;
}

/** Plans one stack given the other stack files (what its stack references read offline). */
export type PlanOne = (loaded: LoadedStack, today: Date, others: ReadonlyMap<string, LoadedStack>) => Promise<StackPlan>;

/** Plans a thread's share in order, stopping at its first error; used here and by the workers. */
export async function planShare(
  share: PlanWorkerInput["stacks"],
  today: Date,
  all: readonly LoadedStack[],
  planOne: PlanOne,
): Promise<PlanWorkerResult[]> {
  const out: PlanWorkerResult[] = [];
  for (const { index, loaded } of share) {
    try {
      const others = new Map(all.filter((o) => o.stack !== loaded.stack).map((o) => [o.stack, o]));
      out.push({ index, plan: await planOne(loaded, today, others) });
    } catch (err) {
      out.push({ index, error: serializeError(err) });
      break;
    }
  }
  return out;
}
