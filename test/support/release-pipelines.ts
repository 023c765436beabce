/**
 * Drives the release pipelines' templates against the fake Azure: the delivery template's deploy
 * stages (pipelines/templates/app-delivery.yml → stages/deploy.yml) in their dependency order, and
 * the rollback pipeline (pipelines/rollback.yml → stages/rollback.yml) for a webhook payload. The
 * stages, their conditions, variables, output-variable wiring and steps all come from the YAML, so a
 * template change shows up in the scenarios.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { parseStackConfig } from "../../infra/config";
import { environmentObjectNames } from "../../infra/delivery/devops-names";
import { METRIC_ALERTS, alertRuleName, rollbackAlertRuleNames } from "../../infra/platform/alert-table";
import { loadStack } from "../../tools/plan/stack-files";
import { FakeAzure, FakeStack, NOTIFY_URL, SUBSCRIPTION, registryId } from "./fake-az";
import { Value, evaluate, expandNode } from "./pipeline-expressions";
import { JobRun, runJob } from "./pipeline-job";
import { REPO_ROOT } from "./reference-files";

type Node = any; // parsed YAML

export const load = (rel: string): Node => YAML.parse(fs.readFileSync(path.join(REPO_ROOT, rel), "utf8"));
const DELIVERY = load("pipelines/templates/app-delivery.yml");
const DEPLOY = load("pipelines/templates/stages/deploy.yml");
const ROLLBACK = load("pipelines/rollback.yml");
const ROLLBACK_STAGE = load("pipelines/templates/stages/rollback.yml");

/** Environment codes in the order the delivery template chains its deploy stages. */
export const DEPLOY_ORDER: string[] = (DELIVERY.stages as Node[]).filter((s) => s.template === "stages/deploy.yml").map((s) => s.parameters.environmentCode);

/** One stack as the pipelines see it: the fake's facts plus its variable groups. */
export interface ReleaseStack extends FakeStack {
  readonly settings: Record<string, string>;
  readonly secrets: Record<string, string>;
}

/**
 * A stack's facts from its Pulumi.<stack>.yaml, and the settings group the program fills in
 * (infra/program.ts platformVariables; the plan test of the variable group checks the program side).
 */
export function releaseStack(code: string, slotSwapOperations: readonly string[]): ReleaseStack {
  const loaded = loadStack(REPO_ROOT, code);
  const cfg = parseStackConfig({ stackName: code, project: loaded.project, source: loaded.source, values: loaded.values, secretKeys: loaded.secretKeys });
  if (cfg.environment !== code) throw new Error(`Pulumi.${code}.yaml is environment ${cfg.environment}`);
  const names = environmentObjectNames(code);
  const fake: FakeStack = {
    code,
    resourceGroup: cfg.names.resourceGroup,
    webApp: cfg.names.webApp,
    stagingSlot: cfg.appService.stagingSlotName,
    registry: cfg.names.registry,
    imageRepository: cfg.appService.imageRepository,
    healthPath: cfg.appService.healthCheckPath,
    appInsights: cfg.names.appInsights,
    serviceConnection: names.azureServiceConnection,
    metricAlertRules: METRIC_ALERTS.filter((r) => r.target === "site").map((r) => ({ name: alertRuleName(code, r.key), severity: `Sev${r.severity}` })),
    activityLogAlertRules: [{ name: alertRuleName(code, "slot-swap"), operations: slotSwapOperations }],
  };
  return {
    ...fake,
    settings: {
      AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
      AZURE_RESOURCE_GROUP: fake.resourceGroup,
      WEBAPP_NAME: fake.webApp,
      STAGING_SLOT: fake.stagingSlot,
      ACR_NAME: fake.registry,
      ACR_LOGIN_SERVER: `${fake.registry}.azurecr.io`,
      IMAGE_REPOSITORY: fake.imageRepository,
      HEALTH_PATH: fake.healthPath,
      APPINSIGHTS_NAME: fake.appInsights,
      KEYVAULT_NAME: cfg.names.keyVault,
      // The stack's window is minutes of polling; the scenarios watch for two polls.
      POST_SWAP_WATCH_MINUTES: "2",
      ROLLBACK_ALERT_RULES: rollbackAlertRuleNames(code).join(" "),
      WEBAPP_RESOURCE_GROUP: fake.resourceGroup,
      RELEASE_SHAPE: "swap",
      // The scenarios are about releases, not freezes (test/freeze.test.ts): with prod's real
      // year-end freeze they would fail whenever the clock is inside it.
      RELEASE_FREEZES: "none",
    },
    secrets: {
      "Notifications--WebhookUrl": NOTIFY_URL,
      "ConnectionStrings--Erp": "Server=tcp:sql.example,1433;Initial Catalog=erp;Authentication=Active Directory Default;",
      "Auth--JwtSigningKey": "not-used-by-the-release",
    },
  };
}

/** Defaults of the delivery template's parameters, typed as Azure Pipelines types them. */
export function deliveryOptions(overrides: Record<string, Value> = {}): Record<string, Value> {
  const options: Record<string, Value> = {};
  for (const p of DELIVERY.parameters as Node[]) {
    let v: Value = p.default ?? null;
    if (p.type === "boolean") v = String(v).toLowerCase() === "true";
    if (p.type === "number") v = Number(v);
    options[p.name] = v;
  }
  return { ...options, ...overrides };
}

/** What the Build stage hands the deploy stages (its output variables). */
export interface BuildOutputs {
  readonly digest: string;
  readonly version: string;
  readonly sha: string;
  readonly commitTime: string;
  /** Resource id of the registry the build pushed to (the first stack's). */
  readonly registryId: string;
}

export interface DeliveryRun {
  /** Job run per deploy stage that ran; skipped stages are absent. */
  readonly stages: Record<string, JobRun>;
  readonly skipped: string[];
}

const PREDEFINED = (workspace: string, reason: string): Record<string, string> => ({
  "Pipeline.Workspace": workspace,
  "System.CollectionUri": "https://dev.azure.com/pinecone-software/",
  "System.TeamProject": "PineCone Pro",
  "Build.BuildId": "4711",
  "Build.Reason": reason,
});

function workspace(world: FakeAzure): string {
  const dir = path.join(world.dir, "workspace");
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir);
    // checkout: <tools repository>, path: delivery
    fs.symlinkSync(REPO_ROOT, path.join(dir, "delivery"));
  }
  return dir;
}

/**
 * The delivery CLI for the release job: the real one, except `readiness`, which reads ARM over
 * HTTPS through the Azure SDK (tested against its own loopback fake in test/readiness.test.ts) and
 * has nothing to talk to in this az-level fake: here it reports ready and writes its Markdown block,
 * or answers `readiness-exit-<stack>`'s exit code when a scenario wrote that file.
 */
function readinessStandIn(world: FakeAzure): string {
  const file = path.join(world.dir, "delivery-readiness-stand-in");
  if (!fs.existsSync(file)) {
    fs.writeFileSync(
      file,
      `#!/usr/bin/env bash
if [[ $1 == readiness ]]; then
  # A scenario makes a stack not ready by writing 1 to readiness-exit-<stack> beside this file.
  verdict=0; [[ -f "${world.dir}/readiness-exit-$2" ]] && verdict=$(<"${world.dir}/readiness-exit-$2")
  if ((verdict != 0)); then printf '{"kind": "pinecone-delivery/readiness", "stack": "%s", "ready": false, "results": []}\\n' "$2"; exit "$verdict"; fi
  for ((i = 1; i <= $#; i++)); do [[ \${!i} == --markdown ]] && { j=$((i + 1)); printf '### Readiness of \`%s\`: ready to swap\\n' "$2" > "\${!j}"; }; done
  printf '{"kind": "pinecone-delivery/readiness", "stack": "%s", "ready": true, "results": []}\\n' "$2"
  exit 0
fi
exec "${path.join(REPO_ROOT, "node_modules", ".bin", "node")}" "${path.join(REPO_ROOT, "bin", "delivery.js")}" "$@"
`,
      { mode: 0o755 },
    );
  }
  return file;
}

const STAGE_OUTPUT = /^\$\[\s*stageDependencies\.(\w+)\.(\w+)\.outputs\['([^']+)'\]\s*\]$/;

/**
 * Runs the delivery template's deploy stages for one build, in order, as far as their conditions
 * allow. `startAt` treats the stages before it as already succeeded, each having promoted the digest
 * into its own registry (the world must hold it there): for scenarios about the last stage only.
 */
export function runDelivery(
  world: FakeAzure,
  stacks: Record<string, ReleaseStack>,
  build: BuildOutputs,
  options: Record<string, Value>,
  reason = "IndividualCI",
  startAt?: string,
): DeliveryRun {
  const outputs: Record<string, Record<string, string>> = {
    "Build.BuildImage": {
      "push.IMAGE_DIGEST": build.digest,
      "push.REGISTRY_ID": build.registryId,
      "semver.IMAGE_VERSION": build.version,
      "semver.COMMIT_SHA": build.sha,
      "semver.COMMIT_TIME": build.commitTime,
    },
  };
  const results: Record<string, "Succeeded" | "Failed" | "Skipped"> = { Build: "Succeeded" };
  const stages: Record<string, JobRun> = {};
  const skipped: string[] = [];
  const ws = workspace(world);
  for (const invocation of (DELIVERY.stages as Node[]).filter((s) => s.template === "stages/deploy.yml")) {
    const p = expandNode(invocation.parameters, { parameters: { ...options } }) as Record<string, Value>;
    const stage = expandNode({ ...DEPLOY.stages[0], jobs: undefined }, { parameters: p }) as Node;
    const deps: string[] = stage.dependsOn;
    const code = String(p.environmentCode);
    const job = DEPLOY.stages[0].jobs[0];
    const jobName = String(expandNode(job.deployment, { parameters: p }));
    if (startAt !== undefined && DEPLOY_ORDER.indexOf(code) < DEPLOY_ORDER.indexOf(startAt)) {
      results[stage.stage] = "Succeeded";
      outputs[`${stage.stage}.${jobName}`] = { [`${jobName}.promote.REGISTRY_ID`]: registryId(stacks[code]) };
      continue;
    }
    const variables: Record<string, string> = { ...PREDEFINED(ws, reason) };
    // Default stage condition semantics: succeeded() means every dependency succeeded.
    const depsFailed = deps.some((d) => results[d] !== "Succeeded");
    if (!evaluate(stage.condition, { variables, status: { failed: depsFailed } })) {
      results[stage.stage] = "Skipped";
      skipped.push(stage.stage);
      continue;
    }
    const s = stacks[code];
    let secrets: Record<string, string> = {};
    for (const v of stage.variables as Node[]) {
      if (v.group === environmentObjectNames(code).settingsVariableGroup) Object.assign(variables, s.settings);
      else if (v.group === environmentObjectNames(code).secretsVariableGroup) secrets = { ...s.secrets };
      else if (v.group) throw new Error(`stage ${stage.stage} links an unknown variable group ${v.group}`);
      else {
        const m = STAGE_OUTPUT.exec(String(v.value));
        variables[v.name] = m ? (outputs[`${m[1]}.${m[2]}`]?.[m[3]] ?? "") : String(v.value);
      }
    }
    const run = runJob(job.strategy.runOnce.deploy.steps, { parameters: p, variables, secrets, cwd: ws, env: { ...world.env(), DELIVERY_CLI: readinessStandIn(world) }, runId: stage.stage });
    stages[stage.stage] = run;
    results[stage.stage] = run.result === "Failed" ? "Failed" : "Succeeded";
    // runOnce deployment jobs publish outputs as '<job>.<step>.<variable>'.
    outputs[`${stage.stage}.${jobName}`] = Object.fromEntries(Object.entries(run.variables).map(([k, v]) => [`${jobName}.${k}`, v]));
  }
  return { stages, skipped };
}

/** The common-alert-schema payload an action group posts for an alert. */
export function webhookPayload(alertId: string, ruleName: string, monitorCondition: "Fired" | "Resolved" = "Fired"): Node {
  return { schemaId: "azureMonitorCommonAlertSchema", data: { essentials: { alertId, alertRule: ruleName, monitorCondition, signalType: "Metric" }, alertContext: {} } };
}

/** One run of the rollback pipeline for a payload posted to a stack's incoming webhook; undefined when its filters drop it. */
export function runRollback(world: FakeAzure, stacks: Record<string, ReleaseStack>, code: string, payload: Node, runId: string): JobRun | undefined {
  const hook = (ROLLBACK.resources.webhooks as Node[]).find((h) => h.connection === environmentObjectNames(code).rollbackWebhook);
  if (!hook) throw new Error(`rollback.yml has no webhook for ${code}`);
  const get = (o: Node, p: string) => p.split(".").reduce((v, k) => v?.[k], o);
  if (!(hook.filters ?? []).every((f: Node) => String(get(payload, f.path)) === String(f.value))) return undefined;
  const webhookParams: Record<string, Value> = Object.fromEntries((ROLLBACK.resources.webhooks as Node[]).map((h) => [h.webhook, h.webhook === hook.webhook ? payload : null]));
  let ran: JobRun | undefined;
  for (const invocation of ROLLBACK.stages as Node[]) {
    if (invocation.template !== "templates/stages/rollback.yml") throw new Error(`unexpected rollback stage ${invocation.template}`);
    const p = expandNode(invocation.parameters, { parameters: webhookParams }) as Record<string, Value>;
    const stage = expandNode({ ...ROLLBACK_STAGE.stages[0], jobs: undefined }, { parameters: p }) as Node;
    const variables: Record<string, string> = { ...PREDEFINED(world.dir, "ResourceTrigger"), "Resources.TriggeringAlias": hook.webhook };
    if (!evaluate(stage.condition ?? "succeeded()", { variables, status: { failed: false } })) continue;
    const s = stacks[String(p.environmentCode)];
    let secrets: Record<string, string> = {};
    for (const v of stage.variables as Node[]) {
      if (v.group === environmentObjectNames(s.code).settingsVariableGroup) Object.assign(variables, s.settings);
      else if (v.group === environmentObjectNames(s.code).secretsVariableGroup) secrets = { ...s.secrets };
      else if (v.group) throw new Error(`stage ${stage.stage} links an unknown variable group ${v.group}`);
      else variables[v.name] = String(v.value);
    }
    if (ran) throw new Error(`two rollback stages ran for ${hook.webhook}`);
    // checkout: self — the scripts run from the repository root.
    ran = runJob(ROLLBACK_STAGE.stages[0].jobs[0].steps, { parameters: p, variables, secrets, cwd: REPO_ROOT, env: world.env(), runId });
  }
  return ran;
}

export { registryId };
