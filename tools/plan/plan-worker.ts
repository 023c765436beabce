/**
 * A worker thread of `delivery plan --all`: plans its share of the stacks under its own Pulumi
 * mock runtime and answers with the plans (or the first error) in one message. It loads its modules
 * as soon as it starts, then waits for its share. Runs compiled only.
 */
import * as path from "path";
import { parentPort } from "worker_threads";
import type { PlanWorkerInput, PlanWorkerResult } from "./parallel";

// As in bin/delivery.js: the compile cache, and the SDK's deferred loading before anything loads the SDK.
(require("module") as { enableCompileCache?: () => unknown }).enableCompileCache?.();
require(path.resolve(__dirname, "../../../scripts/defer-closure-modules")).deferClosureModules();

// Load the SDK and the program now, while the main thread reads the stack files and loads its own.
const { planShare } = require("./parallel") as typeof import("./parallel");
const { planLoadedStack } = require("./plan") as typeof import("./plan");
const { recordingCacheAt } = require("./recording-cache") as typeof import("./recording-cache");
// A worker exists only for stacks whose program has to run (see command.ts), so it loads it now.
require("./record");
require("../../infra/program");

async function plan(input: PlanWorkerInput): Promise<PlanWorkerResult[]> {
  if (!input.debug) Error.stackTraceLimit = 0;
  const cache = input.cacheDir !== undefined ? recordingCacheAt(input.cacheDir) : undefined;
  return planShare(input.stacks, new Date(input.today), input.all, (loaded, today, others) => planLoadedStack(loaded, today, others, cache));
}

parentPort?.once("message", (input: PlanWorkerInput) => {
  void plan(input).then((results) => {
    parentPort?.postMessage(results);
    parentPort?.close();
  });
});
