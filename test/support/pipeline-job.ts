/**
 * Runs the steps of one job of the pipeline templates the way an agent does, so scenario tests
 * exercise the REAL scripts in the order, with the arguments, conditions and variables the YAML
 * gives them: template expressions expanded with the template's parameters; each step's condition
 * evaluated against the job status; `$(macros)` expanded; `##vso[task.setvariable]` read back into
 * the job's variables (output variables as `<step>.<name>`); every non-secret variable exported to
 * the environment upper-cased. AzureCLI@2 steps run as the service connection's identity (the fake
 * `az` authorises each call), and source the script with its arguments as the task does.
 * Steps that run no script here (checkout, download, publish, test-result tasks) count as done.
 */
import { spawnSync } from "child_process";
import { ExpressionContext, Value, evaluate, expandMacros, expandNode } from "./pipeline-expressions";

export type Step = Record<string, any>;

export interface StepRun {
  readonly name: string;
  readonly displayName: string;
  /** The script file the step ran (basename), or "" for inline bash. */
  readonly script: string;
  readonly skipped: boolean;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface JobRun {
  readonly result: "Succeeded" | "SucceededWithIssues" | "Failed";
  readonly steps: readonly StepRun[];
  readonly variables: Readonly<Record<string, string>>;
  /** The steps that ran (not skipped), by name. */
  ran(): string[];
  step(name: string): StepRun;
}

export interface JobOptions {
  /** Compile-time parameters of the template the steps come from. */
  readonly parameters: Record<string, Value>;
  /** Variables known when the job starts (variable groups, stage variables, predefined ones). */
  readonly variables: Record<string, string>;
  /** Secret variables: usable in `$(x)` and step env mappings, never exported by themselves. */
  readonly secrets?: Record<string, string>;
  readonly cwd: string;
  /** Environment every step gets (PATH with the fakes first, the fake's state file). */
  readonly env: Record<string, string>;
  /** Label of this run in the fake's call log. */
  readonly runId: string;
}

const NO_SCRIPT_TASKS = new Set(["PublishTestResults@2", "PublishCodeCoverageResults@1", "DownloadPipelineArtifact@2"]);
const ARTIFACT_LOG = /^##vso\[task\.setvariable variable=([^;\]]+)((?:;[^\]]*)?)\](.*)$/gm;

function unescape(value: string): string {
  return value.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%AZP25/g, "%");
}
const envName = (name: string) => name.replace(/[.\s-]/g, "_").toUpperCase();

/** Runs the steps in order; returns what each did and the job's result. */
export function runJob(rawSteps: readonly Step[], opts: JobOptions): JobRun {
  const compile: ExpressionContext = { parameters: opts.parameters, variables: {} };
  const steps = expandNode(rawSteps, compile) as Step[];
  const variables: Record<string, string> = { ...opts.variables };
  const runs: StepRun[] = [];
  let failed = false;
  let issues = false;

  for (const step of steps) {
    const name: string = step.name ?? "";
    const displayName: string = step.displayName ?? name;
    variables["Agent.JobStatus"] = failed ? "Failed" : issues ? "SucceededWithIssues" : "Succeeded";
    const condition = String(step.condition ?? "succeeded()");
    const ctx: ExpressionContext = { variables: { ...variables }, status: { failed } };
    const runs_ = Boolean(evaluate(condition, ctx));
    const kind = step.task ? `task ${step.task}` : step.bash !== undefined ? "bash" : Object.keys(step)[0];
    if (!runs_) {
      runs.push({ name, displayName, script: "", skipped: true, code: 0, stdout: "", stderr: "" });
      continue;
    }
    let command: string | undefined;
    let identity: string | undefined;
    if (step.task === "AzureCLI@2") {
      const i = step.inputs;
      if (i.scriptType !== "bash" || i.scriptLocation !== "scriptPath") throw new Error(`step ${name}: only bash scriptPath AzureCLI@2 steps are modelled`);
      // AzureCLIV2 (bash, scriptPath): `. '<scriptPath>' <arguments>` in a fresh bash.
      command = `. '${expandMacros(String(i.scriptPath), { ...variables, ...opts.secrets })}' ${expandMacros(String(i.arguments ?? ""), { ...variables, ...opts.secrets })}`;
      identity = String(i.azureSubscription);
    } else if (step.bash !== undefined) {
      command = expandMacros(String(step.bash), { ...variables, ...opts.secrets });
    } else if (step.task && !NO_SCRIPT_TASKS.has(step.task)) {
      throw new Error(`step ${name || displayName}: ${kind} is not modelled by the job runner`);
    }
    if (command === undefined) {
      runs.push({ name, displayName, script: "", skipped: false, code: 0, stdout: "", stderr: "" });
      continue;
    }
    const env: Record<string, string> = { ...opts.env, FAKE_AZ_RUN: opts.runId };
    for (const [k, v] of Object.entries(variables)) env[envName(k)] = expandMacros(v, variables);
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expandMacros(String(v), { ...variables, ...opts.secrets });
    if (identity) env.FAKE_AZ_IDENTITY = identity;
    else delete env.FAKE_AZ_IDENTITY;
    const r = spawnSync("bash", ["--noprofile", "--norc", "-c", command], { cwd: opts.cwd, env, encoding: "utf8" });
    const code = r.status ?? -1;
    for (const m of r.stdout.matchAll(ARTIFACT_LOG)) {
      const props = m[2];
      const isOutput = /;isOutput=true/i.test(props);
      variables[isOutput && name ? `${name}.${m[1]}` : m[1]] = unescape(m[3]);
    }
    const script = /([\w-]+\.sh)/.exec(command)?.[1] ?? "";
    runs.push({ name, displayName, script, skipped: false, code, stdout: r.stdout, stderr: r.stderr });
    if (code !== 0) {
      if (step.continueOnError === true || step.continueOnError === "true") issues = true;
      else failed = true;
    }
  }
  return {
    result: failed ? "Failed" : issues ? "SucceededWithIssues" : "Succeeded",
    steps: runs,
    variables,
    ran: () => runs.filter((r) => !r.skipped).map((r) => r.name || r.displayName),
    step(n) {
      const found = runs.find((r) => r.name === n);
      if (!found) throw new Error(`no step named ${n}`);
      return found;
    },
  };
}
