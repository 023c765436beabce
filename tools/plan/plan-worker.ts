/**
 * A worker thread of `delivery plan --all`: plans its share of the stacks under its own Pulumi
 * mock runtime and answers with the plans (or the first error) in one message. Runs compiled only.
 */
import * as path from "path";
import { parentPort, workerData } from "worker_threads";
import type { PlanWorkerInput, PlanWorkerResult } from "./parallel";

// As in bin/delivery.js: the compile cache, and the SDK's deferred loading before anything loads the SDK.
(require("module") as { enableCompileCache?: () => unknown }).enableCompileCache?.();
require(path.resolve(__dirname, "../../../scripts/defer-closure-modules")).deferClosureModules();

async function main(input: PlanWorkerInput): Promise<PlanWorkerResult[]> {
  const { serializeError } = require("./parallel") as typeof import("./parallel");
  const { planLoadedStack } = require("./plan") as typeof import("./plan");
  if (!input.debug) Error.stackTraceLimit = 0;
  const today = new Date(input.today);
  const out: PlanWorkerResult[] = [];
  for (const { index, loaded } of input.stacks) {
    try {
      out.push({ index, plan: await planLoadedStack(loaded, today) });
    } catch (err) {
      out.push({ index, error: serializeError(err) });
      break;
    }
  }
  return out;
}

main(workerData as PlanWorkerInput).then(
  (results) => parentPort?.postMessage(results),
  (err) => {
    throw err;
  },
);
