import * as fs from "fs";
import * as path from "path";
import { CliError } from "../errors";
import { ExitCode } from "../exit-codes";
import { Io } from "../io";
import { DriftReport, StackDrift } from "../report/drift";
import { assertNoSecrets } from "../report/secret-scan";
import { workItemApi } from "./connection";
import { DRIFT_TAG, ReadinessFailure, syncDriftWorkItem, WorkItemSettings } from "./drift-work-item";
import { createRetryPolicy, defaultRetryOptions, RetryOptions } from "./retry";
import { logRetry } from "./run-pr-thread";

export interface WorkItemOptions {
  readonly collectionUrl: string;
  readonly project: string;
  readonly stack: string;
  readonly report: string;
  readonly workItemType: string;
  readonly bodyField?: string;
  readonly closedState?: string;
  readonly areaPath?: string;
  readonly runUrl?: string;
  /** `delivery readiness --json` of the same stack: failed checks go into the work item. */
  readonly readiness?: string;
}

/** Defaults per work item type: Agile Bugs show Repro Steps and close as Closed; Basic Issues use Description and Done. */
const TYPE_DEFAULTS: Record<string, { bodyField: string; closedState: string }> = {
  Bug: { bodyField: "Microsoft.VSTS.TCM.ReproSteps", closedState: "Closed" },
  Issue: { bodyField: "System.Description", closedState: "Done" },
};
const FINISHED_STATES = ["Closed", "Done", "Removed", "Resolved"];

export async function runWorkItem(
  opts: WorkItemOptions,
  io: Io,
  retryOptions: Partial<RetryOptions> = {},
  socketTimeoutMs?: number,
): Promise<ExitCode> {
  const drift = stackFromReport(path.resolve(io.cwd, opts.report), opts.report, opts.stack, io.env);
  const readiness = opts.readiness ? readinessFailures(path.resolve(io.cwd, opts.readiness), opts.readiness, opts.stack) : [];
  const defaults = TYPE_DEFAULTS[opts.workItemType] ?? { bodyField: "System.Description", closedState: "Closed" };
  const settings: WorkItemSettings = {
    project: opts.project,
    type: opts.workItemType,
    bodyField: opts.bodyField ?? defaults.bodyField,
    closedState: opts.closedState ?? defaults.closedState,
    finishedStates: [...new Set([...FINISHED_STATES, opts.closedState ?? defaults.closedState])],
    areaPath: opts.areaPath,
    runUrl: opts.runUrl,
  };
  const retry = createRetryPolicy({ ...defaultRetryOptions, onRetry: logRetry(io), ...retryOptions });
  const wit = await workItemApi({ collectionUrl: opts.collectionUrl, env: io.env, socketTimeoutMs }, retry);
  const result = await syncDriftWorkItem(wit, drift, settings, retry, readiness);
  const ids = result.ids.map((id) => `#${id}`).join(", ");
  io.stdout(
    result.action === "none"
      ? `work-item: no unexpected drift${opts.readiness ? " or failed readiness check" : ""} in stack ${opts.stack} and no open ${DRIFT_TAG} work item; nothing to do\n`
      : `work-item: ${result.action} ${ids} for stack ${opts.stack}\n`,
  );
  return ExitCode.Ok;
}

function stackFromReport(file: string, label: string, stack: string, env: NodeJS.ProcessEnv): StackDrift {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(`--report ${label}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? "error"}); expected the output of delivery drift-report --json.`);
  }
  // The work item body is built from this file: refuse it before anything is sent.
  assertNoSecrets(text, env, `a work item from ${label}`);
  let report: DriftReport;
  try {
    report = JSON.parse(text) as DriftReport;
  } catch (err) {
    throw new CliError(`--report ${label}: not valid JSON (${(err as Error).message}); expected the output of delivery drift-report --json.`);
  }
  if (report?.kind !== "drift-report" || !Array.isArray(report.stacks)) {
    throw new CliError(`--report ${label}: not a drift report (no "kind": "drift-report" with "stacks"); expected the output of delivery drift-report --json.`);
  }
  const found = report.stacks.find((s) => s?.name === stack);
  if (!found || !Array.isArray(found.resources) || typeof found.unexpected !== "number") {
    const names = report.stacks.map((s) => s?.name).join(", ") || "none";
    throw new CliError(`--stack ${stack}: ${label} has no complete entry for that stack; it has: ${names}.`);
  }
  return found;
}

/** The failed checks of a `delivery readiness --json` report for `stack`. */
function readinessFailures(file: string, label: string, stack: string): ReadinessFailure[] {
  let report: { kind?: unknown; stack?: unknown; results?: unknown };
  try {
    report = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`--readiness ${label}: ${code ? `cannot read the file (${code})` : `not valid JSON (${(err as Error).message})`}; expected the output of delivery readiness --json.`);
  }
  if (report?.kind !== "pinecone-delivery/readiness" || !Array.isArray(report.results)) {
    throw new CliError(`--readiness ${label}: not a readiness report (no "kind": "pinecone-delivery/readiness" with "results"); expected the output of delivery readiness --json.`);
  }
  if (report.stack !== stack) throw new CliError(`--readiness ${label}: the report is for stack ${JSON.stringify(report.stack)}, not ${stack}.`);
  return (report.results as { ok?: unknown; check?: unknown; resource?: unknown; detail?: unknown; fix?: unknown }[])
    .filter((r) => r?.ok === false)
    .map((r) => ({ check: String(r.check), resource: String(r.resource), detail: String(r.detail ?? ""), fix: String(r.fix ?? "") }));
}
