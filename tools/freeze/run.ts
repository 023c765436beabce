import { CliError } from "../errors";
import { ExitCode } from "../exit-codes";
import { Io } from "../io";
import { activeFreeze, freezeProblems, parseFreeze, ReleaseFreeze } from "../../infra/stack-config/freezes";

export interface FreezeCheckOptions {
  /** `RELEASE_FREEZES` of the stack's settings variable group ("none" or entries joined by ";"). */
  readonly freezes?: string;
  /** Stack name for messages (with --freezes) or the stack file to read (without). */
  readonly what: string;
  readonly now?: string;
  readonly overrideReason?: string;
  readonly environment?: string;
  readonly json?: boolean;
}

/** Override reasons shorter than this are refused: the reason is the record of why the freeze was broken. */
export const MIN_OVERRIDE_REASON = 10;

/**
 * `delivery freeze-check <stack>`: is the stack in a release freeze now? Exit 0 not frozen (or an
 * accepted emergency override), 1 frozen, 2 bad input. Freezes come from the settings variable
 * group (--freezes, what the last infra deploy wrote) or, without --freezes, from Pulumi.<stack>.yaml.
 */
export async function runFreezeCheck(stack: string, opts: FreezeCheckOptions, io: Io): Promise<ExitCode> {
  const now = parseNow(opts.now);
  const freezes = opts.freezes !== undefined ? fromVariable(opts.freezes) : fromStackFile(stack, io);
  const freeze = activeFreeze(freezes, now);
  const reason = (opts.overrideReason ?? "").trim();
  const environment = opts.environment ?? `the ${stack} environment`;
  const overridden = freeze !== undefined && reason.length >= MIN_OVERRIDE_REASON;
  const result = { stack, now: now.toISOString(), frozen: freeze !== undefined, overridden, freeze: freeze && { start: freeze.start, end: freeze.end, reason: freeze.reason }, overrideReason: overridden ? reason : undefined };
  if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);

  if (!freeze) {
    if (!opts.json) io.stdout(`freeze-check: stack ${stack} is not in a release freeze at ${now.toISOString()} (${freezes.length} freeze(s) configured).\n`);
    return ExitCode.Ok;
  }
  const period = `"${freeze.reason}" from ${freeze.start} until ${freeze.end} (UTC ${new Date(freeze.startMs).toISOString()} to ${new Date(freeze.endMs).toISOString()})`;
  if (overridden) {
    io.stderr(`freeze-check: EMERGENCY OVERRIDE of the release freeze ${period} on stack ${stack} (${opts.what}): ${reason}\n`);
    return ExitCode.Ok;
  }
  io.stderr(
    `freeze-check: stack ${stack} is in the release freeze ${period}; this ${opts.what} stops before it changes anything. ` +
      `Emergency change: queue the run again with the runtime parameter freezeOverrideReason naming the incident (at least ${MIN_OVERRIDE_REASON} characters)` +
      `${reason ? ` (the reason given, ${JSON.stringify(reason)}, is too short)` : ""}; it still needs the approval of ${environment}'s approvers, ` +
      `and the override is recorded (build tag freeze-override-${stack}, run summary, warning in the log).\n`,
  );
  return ExitCode.Findings;
}

function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const probe = parseFreeze(`${text}|${text}|probe`);
  if (!probe) throw new CliError(`--now: expected an ISO 8601 date-time with a UTC offset, e.g. 2026-12-28T09:30+01:00; found ${JSON.stringify(text)}.`);
  return new Date(probe.startMs);
}

/** The variable group's value, validated with the same rules as the stack config. */
function fromVariable(value: string): ReleaseFreeze[] {
  if (value.trim() === "" || value.startsWith("$(")) {
    throw new CliError(`--freezes: RELEASE_FREEZES is missing from the stack's settings variable group (found ${JSON.stringify(value)}); run the infra deploy of the stack once to write it. Nothing was changed.`);
  }
  if (value.trim() === "none") return [];
  const entries = value.split(";").map((e) => e.trim());
  const problems = freezeProblems(entries);
  if (problems.length > 0) {
    throw new CliError(`--freezes: RELEASE_FREEZES has ${problems.length} problem(s): ${problems.map((p) => `expected ${p.expected}; found ${p.found}`).join(" / ")}.`);
  }
  return entries.map((e) => parseFreeze(e) as ReleaseFreeze);
}

function fromStackFile(stack: string, io: Io): ReleaseFreeze[] {
  const { findProjectRoot, loadStack } = require("../plan/stack-files") as typeof import("../plan/stack-files");
  const { parseStackConfig } = require("../../infra/config") as typeof import("../../infra/config");
  const loaded = loadStack(findProjectRoot(io.cwd), stack);
  const cfg = parseStackConfig({ stackName: stack, project: loaded.project, source: loaded.source, values: loaded.values, secretKeys: loaded.secretKeys });
  return [...cfg.release.freezes];
}
