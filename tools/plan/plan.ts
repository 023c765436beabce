import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../../infra/config";
import { evaluatePolicies, PolicyReport, policyEvaluationFromConfig } from "../../policy/engine";
import { Field } from "../../infra/stack-config/field";
import { FIELDS, FieldKey } from "../../infra/stack-config/fields";
import { ConfigOverride, LoadedStack, listStacks, loadStack } from "./stack-files";
import { Recording, RecordedResource, SECRET_MASK } from "./record";
import type { RecordingCache, RecordingInputs } from "./recording-cache";
import { assumedStackOutputs, checkAppHostOffline, previousStageFacts, StackAssumption, UNRESOLVED_PREFIX } from "./stack-references";
import { StackOutputsMock } from "./mocks";
import { evaluateReleasePaths, PathResult, ReleasePathFacts } from "../../policy/release-paths/evaluate";
import { readPipelineRuns } from "./pipeline-runs";

/** The offline plan of one stack: what its program declares under mocks. */
export interface StackPlan {
  readonly stack: string;
  readonly project: string;
  readonly source: string;
  readonly resources: readonly RecordedResource[];
  readonly outputs: Record<string, unknown>;
  readonly secretOutputs: readonly string[];
  /** The validated config, key by key, secrets shown as "[secret]". */
  readonly settings: Readonly<Record<FieldKey, unknown>>;
  readonly environment: string;
  readonly derivedNames: Readonly<Record<string, string>>;
  readonly uniqueSuffix: string;
  readonly allowedDeviations: readonly string[];
  /** Release freezes of the stack (start inclusive, end exclusive), as written. */
  readonly releaseFreezes: readonly { readonly start: string; readonly end: string; readonly reason: string }[];
  /** Verdicts of the policy rules (the same functions as the CrossGuard pack) on the recorded resources. */
  readonly policy: PolicyReport;
  /** Outputs of other stacks the offline plan assumed (stack references), with where each came from. */
  readonly assumptions: readonly StackAssumption[];
  /** Verdict per release path (policy/release-paths): who reaches what, with which role and network path. */
  readonly paths: readonly PathResult[];
}

/**
 * Plans one stack: validates its file (a ConfigError names every problem before anything runs),
 * then runs the real program under mocks with that config.
 */
export async function planStack(root: string, stack: string, overrides: readonly ConfigOverride[] = []): Promise<StackPlan> {
  const others = new Map(listStacks(root).filter((s) => s !== stack).map((s) => [s, loadStack(root, s)]));
  return planLoadedStack(loadStack(root, stack, overrides), new Date(), others);
}

/** Plans a stack file that is already loaded (the CLI loads every file once for cross-stack checks). */
export async function planLoadedStack(
  loaded: LoadedStack,
  today: Date = new Date(),
  others: ReadonlyMap<string, LoadedStack> = new Map(),
  cache?: RecordingCache,
): Promise<StackPlan> {
  const stack = loaded.stack;
  const raw = { stackName: stack, project: loaded.project, source: loaded.source, values: loaded.values, secretKeys: loaded.secretKeys };
  const cfg = parseStackConfig(raw);
  // The host of a slot-shaped stack is judged before the program runs, as config is: its error then
  // fails the plan with exit 2 like any config error (inside the program it would be an async one).
  checkAppHostOffline(cfg, others);
  const assumptions: StackAssumption[] = [];
  const recording = await record(recordingInputs(loaded), (into) => assumedStackOutputs(loaded, cfg, others, into), assumptions, cache);
  const settings = Object.fromEntries(
    (Object.keys(FIELDS) as FieldKey[]).map((k) => [k, (FIELDS[k] as Field).secret ? SECRET_MASK : cfg.values[k]]),
  ) as Record<FieldKey, unknown>;
  // The next stage's identity, not a slot guest's (both are read as identityPrincipalIds).
  const next = assumptions.find((a) => a.output === "identityPrincipalIds.pipeline" && a.stackReference.endsWith(`/${cfg.registry.promotionTarget}`));
  const previousStage = previousStageFacts(loaded, cfg, others);
  const facts: ReleasePathFacts = {
    ...(previousStage ? { previousStage } : {}),
    signsImages: cfg.registry.signingCertificate !== undefined,
    ...(next
      ? { nextStage: { principalId: String(next.value), assumed: `${next.stackReference} ${next.output} from ${next.source}`, verifiable: !String(next.value).startsWith(UNRESOLVED_PREFIX) } }
      : {}),
    // A project folder without the pipelines (a throwaway copy of the stack files) has no pipeline paths to judge.
    ...(loaded.root && fs.existsSync(path.join(loaded.root, "pipelines")) ? { pipelines: readPipelineRuns(loaded.root, recording.outputs, cfg.devops.infraRepository) } : {}),
  };
  const paths = evaluateReleasePaths(recording.resources, facts);
  const policy = evaluatePolicies(recording.resources, { ...policyEvaluationFromConfig(cfg, today), releasePaths: facts });
  return {
    stack,
    project: loaded.project,
    source: loaded.source,
    resources: recording.resources,
    outputs: recording.outputs,
    secretOutputs: recording.secretOutputs,
    settings,
    environment: cfg.environment,
    derivedNames: cfg.names,
    uniqueSuffix: cfg.values.uniqueSuffix,
    allowedDeviations: cfg.parity.allowedDeviations,
    releaseFreezes: cfg.release.freezes.map(({ start, end, reason }) => ({ start, end, reason })),
    policy,
    assumptions,
    paths,
  };
}

/** What the program is given for a stack file: the recording cache's key. */
export function recordingInputs(loaded: LoadedStack): RecordingInputs {
  return { project: loaded.project, stack: loaded.stack, config: loaded.values, secretKeys: [...loaded.secretKeys] };
}

/**
 * What the program declares under mocks: from the cache when nothing it depends on has changed
 * (its warnings printed again), else by running it, which is when the SDK and the program load.
 */
async function record(
  inputs: RecordingInputs,
  stackOutputs: (assumptions: StackAssumption[]) => StackOutputsMock,
  assumptions: StackAssumption[],
  cache: RecordingCache | undefined,
): Promise<Recording> {
  // Checking an entry reads the stack references again; what that assumed counts only if the entry is used.
  const checked: StackAssumption[] = [];
  const cached = cache?.lookup(inputs, stackOutputs(checked));
  if (cached !== undefined) {
    assumptions.push(...checked);
    for (const w of cached.warnings) console.warn(w);
    return cached;
  }
  const { recordUnderMocks } = await import("./record");
  // The program and azure-native load only when it runs.
  const { runProgram } = await import("../../infra/program");
  const outputsOf = stackOutputs(assumptions);
  const references: Record<string, unknown> = {};
  const recording = await recordUnderMocks(
    {
      project: inputs.project,
      stack: inputs.stack,
      config: inputs.config,
      secretKeys: inputs.secretKeys,
      stackOutputs: (name) => (references[name] = outputsOf(name)),
    },
    () => runProgram(),
  );
  cache?.store(inputs, references, recording);
  return recording;
}
