/**
 * The Azure Pipelines YAML under pipelines/: valid against Microsoft's schema, shaped as the release
 * process requires, and consistent with the names the program creates (infra/delivery/devops-names.ts)
 * and the stack files that exist.
 */
import Ajv, { ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import {
  DELIVERY_TEMPLATE_PATH,
  INFRA_DEPLOY_TEMPLATE_PATH,
  PIPELINE_DEFINITIONS,
  PIPELINE_STACKS_TEMPLATE_PATH,
  PLATFORM_VARIABLES,
  VAULT_SECRET_NAMES,
  environmentObjectNames,
} from "../infra/delivery/devops-names";
import { renderPipelineStacks, stackPipelineFacts } from "../tools/config-docs/render-stacks";
import { REFERENCE_FILES, REPO_ROOT, readReferenceFile } from "./support/reference-files";

type Node = any; // parsed YAML

const PIPELINES = path.join(REPO_ROOT, "pipelines");
const SCRIPTS = path.join(PIPELINES, "scripts");

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []))
    .sort();
}
const rel = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join("/");
const load = (relPath: string): Node => YAML.parse(fs.readFileSync(path.join(REPO_ROOT, relPath), "utf8"));
const script = (name: string) => fs.readFileSync(path.join(SCRIPTS, name), "utf8");

/** Stack name → environment code, from every Pulumi.<stack>.yaml in the repository. */
function stackCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of fs.readdirSync(REPO_ROOT).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f)).sort()) {
    const stack = file.slice("Pulumi.".length, -".yaml".length);
    const doc = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"));
    const code = doc?.config?.["pinecone-delivery:environment"];
    if (typeof code !== "string") throw new Error(`${file} has no pinecone-delivery:environment`);
    codes.set(stack, code);
  }
  return codes;
}

/** Every mapping in a parsed document, depth first. */
function* mappings(node: Node): Generator<Record<string, Node>> {
  if (Array.isArray(node)) for (const item of node) yield* mappings(item);
  else if (node && typeof node === "object") {
    yield node;
    for (const value of Object.values(node)) yield* mappings(value);
  }
}
/** Every string in a parsed document. */
function* strings(node: Node): Generator<string> {
  if (typeof node === "string") yield node;
  else if (Array.isArray(node)) for (const item of node) yield* strings(item);
  else if (node && typeof node === "object") for (const value of Object.values(node)) yield* strings(value);
}
const isExpression = (value: unknown) => typeof value === "string" && value.includes("${{");
/** Steps of a steps list, with their script file (AzureCLI@2 scriptPath or the first word of a bash step). */
function stepScript(step: Node): string {
  const text: string = step?.inputs?.scriptPath ?? step?.bash ?? "";
  const match = /([\w-]+\.sh)/.exec(text);
  return match ? match[1] : "";
}
function templateInvocations(doc: Node, list: "stages" | "jobs", template: string): Node[] {
  return (doc[list] as Node[]).filter((s) => s.template === template).map((s) => s.parameters);
}

const stacks = stackCodes();
const codes = [...new Set(stacks.values())];
const names = codes.map((c) => environmentObjectNames(c));

describe("schema: every YAML file under pipelines/ validates against Microsoft's Azure Pipelines schema", () => {
  let validate: ValidateFunction;
  beforeAll(async () => {
    const schema = JSON.parse((await readReferenceFile(REFERENCE_FILES.pipelinesSchema)).toString("utf8"));
    validate = new Ajv({ strict: false, unicodeRegExp: false, allErrors: false }).compile(schema);
  });

  const files = yamlFiles(PIPELINES);
  test("the pipelines folder holds the delivery template, its stage templates and the infra pipelines", () => {
    const found = files.map(rel);
    for (const p of [...Object.values(PIPELINE_DEFINITIONS).map((d) => d.path), DELIVERY_TEMPLATE_PATH, "pipelines/examples/azure-pipelines.yml"]) {
      expect(found).toContain(p);
    }
  });

  test.each(files.map(rel))("%s", (file) => {
    const doc = load(file);
    // The schema has no form for a variables-only template (pipelines/templates/stacks.yml): it is
    // checked as the variables of a one-step pipeline, which is how the pipelines include it.
    const variablesTemplate = doc && Object.keys(doc).length === 1 && Array.isArray(doc.variables);
    const ok = validate(variablesTemplate ? { ...doc, steps: [{ bash: "true" }] } : doc);
    expect(ok ? [] : validate.errors).toEqual([]);
  });

  test("the validator really checks tasks: a Marketplace task (Pulumi@1) and a typed-scalar mistake are rejected", () => {
    const base = load("pipelines/infra-preview.yml");
    expect(validate(base)).toBe(true);
    const marketplace = structuredClone(base);
    marketplace.jobs[0].steps = [{ task: "Pulumi@1", inputs: { command: "preview", stack: "dev" } }];
    expect(validate(marketplace)).toBe(false);
    const unquoted = load("pipelines/infra-drift.yml");
    unquoted.schedules[0].always = true;
    expect(validate(unquoted)).toBe(false);
  });
});

describe("application delivery template", () => {
  const template = load(DELIVERY_TEMPLATE_PATH);
  const deploy = load("pipelines/templates/stages/deploy.yml");
  const build = load("pipelines/templates/stages/build.yml");
  const deployJob = deploy.stages[0].jobs[0];
  const releaseSteps: Node[] = deployJob.strategy.runOnce.deploy.steps;
  const buildSteps: Node[] = build.stages[0].jobs[0].steps;
  const named = (steps: Node[], name: string) => {
    const step = steps.find((s) => s.name === name);
    if (!step) throw new Error(`no step named ${name}`);
    return step;
  };

  test("typed parameters with allowed values", () => {
    const params: Node[] = template.parameters;
    const byName = new Map(params.map((p) => [p.name, p]));
    expect(params.every((p) => typeof p.type === "string")).toBe(true);
    expect(byName.get("deployUpTo").values).toEqual(["none", "dev", "qa", "uat", "prod"]);
    expect(byName.get("deployUpTo").values.slice(1).sort()).toEqual([...codes].sort());
    expect(byName.get("gateEnvironments")).toMatchObject({ type: "stringList", values: ["dev", "qa", "uat", "prod"] });
    expect(byName.get("dastFailOn").values).toEqual(["warn", "fail"]);
    for (const gate of ["loadTest", "e2eTests", "dastBaseline", "databaseMigrations"]) expect(byName.get(gate).type).toBe("boolean");
    for (const threshold of ["loadTestP95Ms", "loadTestMaxErrorRate", "trafficRampPercentages", "trafficRampStepMinutes"]) expect(byName.has(threshold)).toBe(true);
  });

  test("one deployment stage per stack, chained dev → qa → uat → prod, each bound to its environment", () => {
    const invocations = templateInvocations(template, "stages", "stages/deploy.yml");
    expect(invocations.map((p) => p.environmentCode).sort()).toEqual([...codes].sort());
    expect(invocations.map((p) => p.environmentCode)).toEqual(["dev", "qa", "uat", "prod"]);
    invocations.forEach((p, i) => {
      const n = environmentObjectNames(p.environmentCode);
      expect(p).toMatchObject({
        environment: n.environment,
        serviceConnection: n.azureServiceConnection,
        settingsGroup: n.settingsVariableGroup,
        secretsGroup: n.secretsVariableGroup,
      });
      expect(p.dependsOn).toEqual(i === 0 ? ["Build"] : ["Build", `Deploy_${invocations[i - 1].environmentCode}`]);
      // the digest is imported from the previous stack's registry, never rebuilt
      expect(p.sourceRegistryId).toContain(i === 0 ? "push.REGISTRY_ID" : `Release_${invocations[i - 1].environmentCode}.promote.REGISTRY_ID`);
    });
    expect(deployJob.deployment).toBeDefined();
    expect(deployJob.environment).toBe("${{ parameters.environment }}");
    expect(deploy.stages[0].variables).toContainEqual({ group: "${{ parameters.settingsGroup }}" });
  });

  test("release sequence in order: import → staging image → smoke → swap preview → ramp → swap → watch, swap-back on failure", () => {
    const order = ["promote", "setImage", "smoke", "swapPreview", "ramp", "swap", "watch", "swapBack", "recordRelease"];
    const positions = order.map((n) => releaseSteps.findIndex((s) => s.name === n));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(stepScript(named(releaseSteps, "promote"))).toBe("acr-promote.sh");
    expect(script("acr-promote.sh")).toMatch(/acr import -n "\$ACR_NAME" --registry "\$source_id"\s*\\\n\s*--source "\$repo@\$digest"/);
    expect(stepScript(named(releaseSteps, "setImage"))).toBe("set-staging-image.sh");
    expect(script("set-staging-image.sh")).toContain('--linux-fx-version "$fx"');
    expect(named(releaseSteps, "smoke").bash).toContain("$(HEALTH_PATH)");
    expect(named(releaseSteps, "swapPreview").inputs).toMatchObject({ scriptPath: "$(scripts)/slot-swap.sh", arguments: "preview" });
    expect(named(releaseSteps, "ramp").inputs.arguments).toContain("parameters.options.trafficRampPercentages");
    expect(named(releaseSteps, "swap").inputs.arguments).toMatch(/^complete /);
    expect(named(releaseSteps, "watch").inputs.arguments).toContain("$(POST_SWAP_WATCH_MINUTES)");
    expect(named(releaseSteps, "swapBack").condition).toBe("and(or(failed(), canceled()), ne(variables['RELEASE_SHAPE'], 'direct'))");
    expect(stepScript(named(releaseSteps, "swapBack"))).toBe("swap-back.sh");
    expect(named(releaseSteps, "recordRelease").condition).toBe("always()");
    expect(named(releaseSteps, "recordRestore").condition).toContain("SWAPPED_BACK");
  });

  test("optional gates and the database step run against the staging slot before the swap preview", () => {
    const preview = releaseSteps.findIndex((s) => s.name === "swapPreview");
    const smoke = releaseSteps.findIndex((s) => s.name === "smoke");
    for (const [name, flag, file] of [
      ["loadTest", "loadTest", "load-test.sh"],
      ["e2eTests", "e2eTests", "e2e-test.sh"],
      ["dast", "dastBaseline", "dast-baseline.sh"],
      ["database", "databaseMigrations", "db-migrate.sh"],
    ]) {
      const i = releaseSteps.findIndex((s) => s.name === name);
      expect(i).toBeGreaterThan(smoke);
      expect(i).toBeLessThan(preview);
      expect(releaseSteps[i].condition).toContain(`parameters.options.${flag}`);
      expect(JSON.stringify(releaseSteps[i])).toContain(file);
    }
    expect(named(releaseSteps, "loadTest").bash).toMatch(/--p95-ms .*--max-error-rate/s);
    expect(named(releaseSteps, "database").env.ERP_CONNECTION_STRING).toBe(`$(${VAULT_SECRET_NAMES.erpDatabaseConnectionString})`);
  });

  test("notifications: production result and every swap-back, webhook URL from the vault-linked group", () => {
    const notify = named(releaseSteps, "notify");
    expect(notify.condition).toContain("'prod'");
    expect(notify.condition).toContain("SWAPPED_BACK");
    expect(notify.env.NOTIFY_WEBHOOK_URL).toBe(`$(${VAULT_SECRET_NAMES.alertWebhookUrl})`);
  });

  test("build: tests, SCA/licence, SAST, image scan failing on HIGH/CRITICAL before push, then SBOM and signature", () => {
    const order = ["semver", "unitTests", "buildImage", "tools", "sca", "sast", "imageScan", "push", "sbom", "signingCertificate", "sign", "tagRelease"];
    const positions = order.map((n) => buildSteps.findIndex((s) => s.name === n));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(stepScript(named(buildSteps, "imageScan"))).toBe("scan-image.sh");
    expect(script("scan-image.sh")).toMatch(/trivy image --scanners vuln --severity HIGH,CRITICAL --exit-code 2/);
    expect(script("scan-source.sh")).toMatch(/trivy fs --scanners vuln,license,secret --severity HIGH,CRITICAL --exit-code 2/);
    expect(stepScript(named(buildSteps, "sbom"))).toBe("sbom.sh");
    expect(stepScript(named(buildSteps, "sign"))).toBe("sign-image.sh");
    // The certificate the signer names exists first: created once in the vault, same vault and name.
    expect(stepScript(named(buildSteps, "signingCertificate"))).toBe("ensure-signing-certificate.sh");
    expect(named(buildSteps, "signingCertificate").inputs.arguments).toBe('--vault "$(KEYVAULT_NAME)" --certificate "${{ parameters.options.signingCertificate }}"');
    expect(named(buildSteps, "sign").inputs.arguments).toContain('--vault "$(KEYVAULT_NAME)" --certificate "${{ parameters.options.signingCertificate }}"');
    expect(named(buildSteps, "sign").inputs.arguments).toContain("@$(push.IMAGE_DIGEST)");
    expect(script("sign-image.sh")).toContain("notation sign");
    expect(script("sbom.sh")).toContain(`"$SCRIPTS_DIR/oci-attach.sh" --subject "$image" --file "$out/sbom.spdx.json" --artifact-type application/spdx+json`);
    const tasks = buildSteps.map((s) => s.task).filter(Boolean);
    expect(tasks).toEqual(expect.arrayContaining(["PublishTestResults@2", "PublishCodeCoverageResults@1"]));
    expect(named(buildSteps, "push").inputs.arguments).toMatch(/--version "\$\(semver.IMAGE_VERSION\)" --sha "\$\(semver.COMMIT_SHA\)"/);
    expect(named(buildSteps, "tools").bash).toContain("install-tool.sh");
  });

  test("the consumers extend the template: the example for application repositories and this repo's app pipeline", () => {
    const example = load("pipelines/examples/azure-pipelines.yml");
    expect(example.extends.template).toBe(`${DELIVERY_TEMPLATE_PATH}@delivery`);
    expect(example.resources.repositories[0]).toMatchObject({ repository: "delivery", type: "git" });
    expect(example.resources.repositories[0].ref).toMatch(/^refs\/tags\//);
    expect(example.stages).toBeUndefined();
    const app = load(PIPELINE_DEFINITIONS.appDelivery.path);
    expect(path.posix.join("pipelines", app.extends.template)).toBe(DELIVERY_TEMPLATE_PATH);
    const declared = new Set((template.parameters as Node[]).map((p) => p.name));
    for (const consumer of [example, app]) for (const key of Object.keys(consumer.extends.parameters)) expect(declared).toContain(key);
  });
});

describe("infra pipelines", () => {
  const stackJobs = (doc: Node, command: string) =>
    (doc.jobs as Node[])
      .filter((j) => j.steps?.[0]?.template === "templates/steps/pulumi-stack.yml")
      .map((j) => ({ job: j, params: j.steps[0].parameters }))
      .filter((j) => j.params.command === command);

  test("infra-preview: one parallel preview job per stack file, then one PR-thread job over all of them", () => {
    const doc = load(PIPELINE_DEFINITIONS.infraPreview.path);
    const jobs = (doc.jobs as Node[]).filter((j) => j.job.startsWith("preview_"));
    expect(jobs.map((j) => j.steps[0].parameters.stack).sort()).toEqual([...stacks.keys()].sort());
    for (const job of jobs) {
      expect(job.dependsOn).toBeUndefined();
      // Pull-request code runs with the read-only preview connection, never the deploy one.
      expect(job.steps[0].parameters.serviceConnection).toBe(environmentObjectNames(stacks.get(job.steps[0].parameters.stack)!).previewServiceConnection);
    }
    const report = (doc.jobs as Node[]).find((j) => j.job === "report");
    expect([...report.dependsOn].sort()).toEqual([...jobs.map((j) => j.job), "cost"].sort());
    expect(report.steps.map(stepScript)).toContain("preview-thread.sh");
    expect(script("preview-thread.sh")).toMatch(/preview-report[\s\S]*pr-thread/);
    const steps = load("pipelines/templates/steps/pulumi-preview.yml").steps as Node[];
    expect(steps.find((s) => s.name === "pulumi").inputs).toMatchObject({ addSpnToEnvironment: true, scriptPath: "pipelines/scripts/pulumi-run.sh" });
    expect(steps.find((s) => s.name === "pulumi").inputs.arguments).toMatch(/^preview --stack \$\{\{ parameters\.stack \}\} /);
    expect(steps.find((s) => s.publish)?.artifact).toBe("preview-${{ parameters.stack }}");
    expect(script("pulumi-run.sh")).toMatch(/--event-log/);
  });

  test("infra-preview: a job of its own prices the PR and its target branch (depth 2: the merge commit's parent) with no token and no connection; the report reads the estimates as an artifact", () => {
    const doc = load(PIPELINE_DEFINITIONS.infraPreview.path);
    const job = (doc.jobs as Node[]).find((j) => j.job === "cost");
    const steps = job.steps as Node[];
    expect(steps.find((s) => s.checkout === "self")).toEqual({ checkout: "self", fetchDepth: "2" });
    const text = YAML.stringify(job);
    expect(text).not.toMatch(/System\.AccessToken|SYSTEM_ACCESSTOKEN|AzureCLI|azureSubscription|\benv:|persistCredentials/);
    const cost = steps.find((s) => stepScript(s) === "cost-estimates.sh");
    const dir = /--out-dir "([^"]+)"/.exec(cost.bash)![1];
    expect(steps.find((s) => "publish" in s)).toMatchObject({ publish: dir, artifact: "cost" });
    const report = (doc.jobs as Node[]).find((j) => j.job === "report");
    expect(report.dependsOn).toContain("cost");
    expect((report.steps as Node[]).find((s) => stepScript(s) === "preview-thread.sh").bash).toContain('--cost-dir "$(Pipeline.Workspace)/cost"');
    expect(script("preview-thread.sh")).toMatch(/--cost-before[\s\S]*--cost-after[\s\S]*preview-report/);
  });

  test("prices-refresh: a weekly schedule on main runs delivery prices --refresh and opens a pull request with the job token", () => {
    const doc = load("pipelines/prices-refresh.yml");
    expect([doc.trigger, doc.pr]).toEqual(["none", "none"]);
    expect(doc.schedules).toEqual([{ cron: "0 5 * * 1", displayName: "Weekly price snapshot refresh", branches: { include: ["main"] }, always: "true", batch: "false" }]);
    const steps = doc.jobs[0].steps as Node[];
    expect(steps[0]).toMatchObject({ checkout: "self", persistCredentials: "true" });
    const refresh = steps.find((s) => stepScript(s) === "prices-refresh-pr.sh");
    expect(refresh.env).toEqual({ SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" });
    expect(script("prices-refresh-pr.sh")).toMatch(/prices --refresh[\s\S]*git push[\s\S]*pullrequests\?api-version=7\.1/);
  });

  describe("infra-preview: pull-request code never holds write access or a secret", () => {
    const doc = load(PIPELINE_DEFINITIONS.infraPreview.path);
    const previewJobs = (doc.jobs as Node[]).filter((j) => j.job.startsWith("preview_"));
    const report = (doc.jobs as Node[]).find((j) => j.job === "report");
    /** A job's steps with every steps template it includes expanded (the text a job really runs). */
    const expandedText = (steps: Node[], dir = "pipelines"): string =>
      steps
        .map((s) => {
          if (typeof s.template !== "string") return YAML.stringify(s);
          const file = path.posix.join(dir, s.template);
          const t = load(file);
          return YAML.stringify(s) + expandedText(t.steps, path.posix.dirname(file));
        })
        .join("\n");

    test("each stack previews with its read-only preview connection from devops-names.ts, never the deploy connection", () => {
      expect(previewJobs).toHaveLength(stacks.size);
      for (const job of previewJobs) {
        const stack = job.steps[0].parameters.stack;
        const n = environmentObjectNames(stacks.get(stack)!);
        expect(job.steps).toEqual([{ template: "templates/steps/pulumi-preview.yml", parameters: { stack, serviceConnection: n.previewServiceConnection } }]);
      }
      const text = fs.readFileSync(path.join(REPO_ROOT, PIPELINE_DEFINITIONS.infraPreview.path), "utf8");
      for (const n of names) expect({ deployConnection: n.azureServiceConnection, named: new RegExp(`${n.azureServiceConnection}(?!-preview)`).test(text) }).toEqual({ deployConnection: n.azureServiceConnection, named: false });
    });

    test("jobs that run the pull request's code map no System.AccessToken, no Pulumi token, no secret, and persist no git credential", () => {
      for (const job of previewJobs) {
        const text = expandedText(job.steps);
        expect(text).toContain("pulumi-run.sh"); // the expansion really reached the run step
        expect(text).not.toMatch(/System\.AccessToken|SYSTEM_ACCESSTOKEN|PULUMI_ACCESS_TOKEN|ConnectionStrings--|\benv:/);
        expect(text).not.toMatch(/persistCredentials/);
        expect(job.variables).toBeUndefined();
      }
      // The per-stack facts (agent pools) are a variables template generated from the stack files, not a group.
      expect(doc.variables.map((v: Node) => v.name ?? v.template)).toEqual(["templates/stacks.yml", "PULUMI_BACKEND", "PULUMI_STATE_STORAGE_ACCOUNT", "PULUMI_STATE_CONTAINER"]);
      expect(doc.variables.some((v: Node) => "group" in v)).toBe(false);
    });

    test("the PR thread is posted by main's code: the report job checks out this repository at refs/heads/main, never the PR, and reads the previews as data", () => {
      const owner = [...stacks.keys()].find((s) => YAML.parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${s}.yaml`), "utf8")).config["pinecone-delivery:ownsSharedDevOpsObjects"] === true)!;
      const config = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${owner}.yaml`), "utf8")).config;
      const repo = config["pinecone-delivery:infraRepository"] ?? "pinecone-delivery";
      // The ref on the checkout step itself: it overrides the triggering (PR) commit; a resource's ref may not.
      const checkouts = (report.steps as Node[]).filter((s) => "checkout" in s);
      expect(checkouts).toEqual([{ checkout: `git://${config["pinecone-delivery:devopsProject"]}/${repo}@refs/heads/main`, path: "trusted", fetchDepth: "1" }]);
      expect(doc.resources).toBeUndefined();
      const scripts = (report.steps as Node[]).filter((s) => "bash" in s);
      expect(scripts.map((s) => [s.bash.split(" ")[0], s.workingDirectory])).toEqual([
        ["npm", "$(Pipeline.Workspace)/trusted"],
        ["pipelines/scripts/preview-thread.sh", "$(Pipeline.Workspace)/trusted"],
      ]);
      expect(scripts[0].bash).toBe("npm ci --ignore-scripts --no-audit --no-fund");
      // Only the thread step gets the token; the previews arrive as pipeline artifacts.
      expect((report.steps as Node[]).filter((s) => s.env).map((s) => [s.name, s.env])).toEqual([["thread", { SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" }]]);
      expect((report.steps as Node[]).find((s) => "download" in s)).toMatchObject({ download: "current", patterns: "preview-*/**\ncost/**\n" });
      expect(report.steps.some((s: Node) => s.task?.startsWith("AzureCLI"))).toBe(false);
    });
  });

  test("infra-drift: scheduled with always, a refresh preview and drift gate for every stack", () => {
    const doc = load(PIPELINE_DEFINITIONS.infraDrift.path);
    expect(doc.schedules.length).toBeGreaterThan(0);
    for (const s of doc.schedules) expect(s.always).toBe("true");
    const jobs = stackJobs(doc, "refresh-preview");
    expect(jobs.map((j) => j.params.stack).sort()).toEqual([...stacks.keys()].sort());
    // A refresh preview writes nothing: the read-only preview identity is enough.
    for (const { params } of jobs) expect(params.serviceConnection).toBe(environmentObjectNames(stacks.get(params.stack)!).previewServiceConnection);
    const drift = (load("pipelines/templates/steps/pulumi-stack.yml").steps as Node[]).find((s) => s.name === "drift");
    expect(drift.condition).toContain("refresh-preview");
    expect(stepScript(drift)).toBe("drift-gate.sh");
    expect(script("drift-gate.sh")).toMatch(/drift-report[\s\S]*work-item[\s\S]*fail "unexpected drift/);
    expect(script("pulumi-run.sh")).toMatch(/refresh-preview\) pulumi preview .*--refresh --json/);
  });

  test("infra-deploy: pulumi up --refresh stack by stack through the environments", () => {
    const pipeline = load(PIPELINE_DEFINITIONS.infraDeploy.path);
    // Extends the infra template (so the protected environments' required-template check admits it).
    expect(path.posix.join("pipelines", pipeline.extends.template)).toBe(INFRA_DEPLOY_TEMPLATE_PATH);
    const doc = load(INFRA_DEPLOY_TEMPLATE_PATH);
    const invocations = (doc.stages as Node[])
      .filter((s) => s.template === "stages/infra-deploy.yml" || s.template === "stages/infra-deploy-gated.yml")
      .map((s) => s.parameters);
    expect(invocations.map((p) => p.stack)).toEqual(["dev", "qa", "uat", "prod"]);
    expect([...invocations.map((p) => p.stack)].sort()).toEqual([...stacks.keys()].sort());
    invocations.forEach((p, i) => {
      const n = environmentObjectNames(stacks.get(p.stack)!);
      expect(p).toMatchObject({ environment: n.environment, serviceConnection: n.azureServiceConnection });
      expect(p.dependsOn).toEqual(i === 0 ? [] : [`Up_${invocations[i - 1].stack}`]);
    });
    const stage = load("pipelines/templates/stages/infra-deploy.yml").stages[0];
    const job = stage.jobs[0];
    expect(job.environment).toBe("${{ parameters.environment }}");
    expect(job.strategy.runOnce.deploy.steps.find((s: Node) => s.name === "up").inputs.arguments).toMatch(/^up /);
    expect(script("pulumi-run.sh")).toMatch(/pulumi up "\$\{common\[@\]\}" --refresh --yes/);
  });

  test("rollback: webhook per stack, alert re-checked through Azure Monitor before the swap-back", () => {
    const doc = load(PIPELINE_DEFINITIONS.rollback.path);
    const hooks = doc.resources.webhooks as Node[];
    expect(hooks.map((h) => h.connection).sort()).toEqual(names.map((n) => n.rollbackWebhook).sort());
    const invocations = templateInvocations(doc, "stages", "templates/stages/rollback.yml");
    expect(invocations.map((p) => p.environmentCode).sort()).toEqual([...codes].sort());
    for (const p of invocations) {
      const hook = hooks.find((h) => h.webhook === p.webhookAlias);
      expect(hook.connection).toBe(environmentObjectNames(p.environmentCode).rollbackWebhook);
      expect(p.alertId).toBe(`\${{ parameters.${p.webhookAlias}.data.essentials.alertId }}`);
    }
    const stage = load("pipelines/templates/stages/rollback.yml").stages[0];
    expect(stage.condition).toContain("Resources.TriggeringAlias");
    const steps = stage.jobs[0].steps as Node[];
    const recheck = steps.findIndex((s) => stepScript(s) === "alert-recheck.sh");
    const swapBack = steps.findIndex((s) => stepScript(s) === "swap-back.sh");
    expect(recheck).toBeGreaterThanOrEqual(0);
    expect(swapBack).toBeGreaterThan(recheck);
    expect(steps[swapBack].condition).toBe("succeeded()");
    expect(steps[recheck].env.ALERT_ID).toBe("${{ parameters.alertId }}");
    expect(steps.find((s) => s.name === "recordRestore").inputs.arguments).toContain("--trigger alert-webhook");
    // Serialised with the releases of the stack: both stages use the secrets group (its exclusive
    // lock, DeliveryEnvironment swap-lock) and queue rather than cancel.
    const deployStage = load("pipelines/templates/stages/deploy.yml").stages[0];
    for (const s of [stage, deployStage]) {
      expect(s.lockBehavior).toBe("sequential");
      expect(s.variables).toContainEqual({ group: "${{ parameters.secretsGroup }}" });
    }
  });
});

describe("consistency with the program's names", () => {
  const docs = yamlFiles(PIPELINES).map((f) => ({ file: rel(f), doc: load(rel(f)) }));

  test("every pipeline definition path and the delivery template path exist", () => {
    for (const p of [...Object.values(PIPELINE_DEFINITIONS).map((d) => d.path), DELIVERY_TEMPLATE_PATH]) {
      expect(fs.existsSync(path.join(REPO_ROOT, p))).toBe(true);
    }
  });

  test("environments, service connections, variable groups and webhooks are the ones devops-names.ts gives the stacks' codes", () => {
    const allowed: Record<string, Set<string>> = {
      environment: new Set(names.map((n) => n.environment)),
      serviceConnection: new Set(names.flatMap((n) => [n.azureServiceConnection, n.previewServiceConnection])),
      azureSubscription: new Set(names.flatMap((n) => [n.azureServiceConnection, n.previewServiceConnection])),
      settingsGroup: new Set(names.map((n) => n.settingsVariableGroup)),
      secretsGroup: new Set(names.map((n) => n.secretsVariableGroup)),
      group: new Set(names.flatMap((n) => [n.settingsVariableGroup, n.secretsVariableGroup])),
      connection: new Set(names.map((n) => n.rollbackWebhook)),
    };
    const used: Record<string, Set<string>> = Object.fromEntries(Object.keys(allowed).map((k) => [k, new Set<string>()]));
    for (const { file, doc } of docs) {
      for (const m of mappings(doc)) {
        for (const key of Object.keys(allowed)) {
          const value = m[key];
          if (typeof value !== "string" || isExpression(value)) continue;
          if (key === "environment" && "name" in m && "type" in m) continue; // a parameter declaration
          expect({ file, key, value, allowed: allowed[key].has(value) }).toEqual({ file, key, value, allowed: true });
          used[key].add(value);
        }
      }
    }
    // and every stack's environment and connection is actually used somewhere
    expect([...used.environment].sort()).toEqual([...allowed.environment].sort());
    expect([...used.serviceConnection, ...used.azureSubscription].filter((v, i, a) => a.indexOf(v) === i).sort()).toEqual([...allowed.serviceConnection].sort());
  });

  test("upper-case variables the release templates read are platform variables, vault secrets or set by the pipeline", () => {
    const setByScripts = new Set<string>();
    for (const f of fs.readdirSync(SCRIPTS)) for (const m of script(f).matchAll(/set_variable ([A-Z_]+)/g)) setByScripts.add(m[1]);
    const secrets = new Set<string>(Object.values(VAULT_SECRET_NAMES));
    const platform = new Set<string>(PLATFORM_VARIABLES);
    for (const file of ["pipelines/templates/stages/build.yml", "pipelines/templates/stages/deploy.yml", "pipelines/templates/stages/rollback.yml"]) {
      const doc = load(file);
      const declared = new Set<string>();
      for (const m of mappings(doc)) if (typeof m.name === "string" && "value" in m) declared.add(m.name);
      for (const s of strings(doc)) for (const m of s.matchAll(/##vso\[task\.setvariable variable=([A-Z_]+)/g)) declared.add(m[1]);
      for (const s of strings(doc)) {
        for (const ref of s.matchAll(/\$\(([A-Za-z][\w.-]*)\)/g)) {
          const name = ref[1];
          if (name.includes("--")) expect(secrets).toContain(name);
          else if (/^[A-Z][A-Z0-9_]+$/.test(name) && !declared.has(name) && !setByScripts.has(name)) expect({ file, name, platform: platform.has(name) }).toEqual({ file, name, platform: true });
        }
      }
    }
  });
});

describe("where each stack's jobs run: its own pool when private, Microsoft-hosted otherwise", () => {
  const stacksTemplate = load(PIPELINE_STACKS_TEMPLATE_PATH);
  /** The generated variables, as Azure DevOps would hold them at template-expansion time. */
  const variables: Record<string, string> = Object.fromEntries(stacksTemplate.variables.map((v: Node) => [v.name, v.value]));

  /**
   * Expands the one pool form the pipelines use (`${{ if eq(variables[<key>], '') }}` / `${{ else }}`,
   * key a literal or `format('agentPool.{0}', parameters.<p>)`) for given template parameters.
   */
  function expandPool(pool: Node, parameters: Record<string, string>): Node {
    const key = (expr: string) => {
      const literal = /variables\['([^']+)'\]/.exec(expr);
      if (literal) return literal[1];
      const formatted = /variables\[format\('agentPool\.\{0\}', parameters\.(\w+)\)\]/.exec(expr);
      if (!formatted) throw new Error(`pool expression not understood: ${expr}`);
      return `agentPool.${parameters[formatted[1]]}`;
    };
    const entries = Object.entries(pool);
    const [ifKey, ifBody] = entries[0];
    const [elseKey, elseBody] = entries[1];
    expect(ifKey).toMatch(/^\$\{\{ if eq\(variables\[.+\], ''\) \}\}$/);
    expect(elseKey).toBe("${{ else }}");
    const value = variables[key(ifKey)];
    if (value === undefined) throw new Error(`${key(ifKey)} is not in ${PIPELINE_STACKS_TEMPLATE_PATH}`);
    if (value === "") return ifBody;
    return Object.fromEntries(Object.entries(elseBody as Record<string, string>).map(([k, v]) => [k, v.replace(/\$\{\{ variables\[.+\] \}\}/, value)]));
  }

  /** What the stack files say: the pool a stack's jobs must land on. */
  const expected = new Map(stackPipelineFacts(REPO_ROOT).map((f) => [f.environment, f.agentPool === "" ? { vmImage: "ubuntu-24.04" } : { name: f.agentPool }]));

  test("stacks.yml is generated from the stack files (privateNetwork decides), one entry per stack", () => {
    expect(fs.readFileSync(path.join(REPO_ROOT, PIPELINE_STACKS_TEMPLATE_PATH), "utf8")).toBe(renderPipelineStacks(stackPipelineFacts(REPO_ROOT)));
    expect(Object.keys(variables).sort()).toEqual(codes.map((c) => `agentPool.${c}`).sort());
    expect(variables["agentPool.prod"]).toBe("mdp-pcpro-prod-p2w6");
    expect(variables["agentPool.dev"]).toBe("");
  });

  test.each(["pipelines/infra-preview.yml", "pipelines/infra-drift.yml"])("%s: each stack's job expands to that stack's pool", (file) => {
    const doc = load(file);
    expect(doc.variables).toContainEqual({ template: "templates/stacks.yml" });
    const stackJobs = (doc.jobs as Node[]).filter((j) => j.steps?.[0]?.parameters?.stack);
    expect(stackJobs.map((j) => j.steps[0].parameters.stack).sort()).toEqual([...codes].sort());
    for (const job of stackJobs) expect(expandPool(job.pool, {})).toEqual(expected.get(job.steps[0].parameters.stack));
  });

  test("infra-deploy, rollback and the release template expand per stack to that stack's pool", () => {
    expect(load("pipelines/infra-deploy.yml").variables).toContainEqual({ template: "templates/stacks.yml" });
    expect(load("pipelines/rollback.yml").variables).toContainEqual({ template: "templates/stacks.yml" });
    expect(load(DELIVERY_TEMPLATE_PATH).variables).toContainEqual({ template: "stacks.yml" });
    const infraDeployPool = load("pipelines/templates/stages/infra-deploy.yml").stages[0].jobs[0].pool;
    const rollbackPool = load("pipelines/templates/stages/rollback.yml").stages[0].jobs[0].pool;
    const releasePool = load("pipelines/templates/stages/deploy.yml").stages[0].jobs[0].pool;
    // The build pushes to the first stack's registry (dev): it runs where that stack's jobs run.
    const buildInvocation = templateInvocations(load(DELIVERY_TEMPLATE_PATH), "stages", "stages/build.yml")[0];
    expect(expandPool(load("pipelines/templates/stages/build.yml").stages[0].jobs[0].pool, { environmentCode: buildInvocation.environmentCode })).toEqual(
      expected.get(buildInvocation.environmentCode)?.name ? { name: expected.get(buildInvocation.environmentCode)?.name } : { vmImage: "${{ parameters.options.vmImage }}" },
    );
    for (const code of codes) {
      expect(expandPool(infraDeployPool, { stack: code })).toEqual(expected.get(code));
      expect(expandPool(rollbackPool, { environmentCode: code })).toEqual(expected.get(code));
      // The release template keeps its vmImage parameter for public stacks.
      const release = expandPool(releasePool, { environmentCode: code });
      expect(release).toEqual(expected.get(code)?.name ? { name: expected.get(code)?.name } : { vmImage: "${{ parameters.options.vmImage }}" });
    }
  });

  test("private stacks read their secrets with AzureKeyVault@2 on their agents (the vault denies the Azure DevOps service)", () => {
    for (const steps of [
      load("pipelines/templates/stages/deploy.yml").stages[0].jobs[0].strategy.runOnce.deploy.steps as Node[],
      load("pipelines/templates/stages/rollback.yml").stages[0].jobs[0].steps as Node[],
    ]) {
      const kv = steps.find((s) => s.task === "AzureKeyVault@2");
      expect(kv).toBeDefined();
      // Runs only where stacks.yml names a pool, through the stack's own service connection.
      expect(kv.condition).toBe("and(succeeded(), ne(variables['agentPool.${{ parameters.environmentCode }}'], ''))");
      expect(kv.inputs).toMatchObject({ azureSubscription: "${{ parameters.serviceConnection }}", KeyVaultName: "$(KEYVAULT_NAME)" });
      expect(kv.inputs.SecretsFilter.split(",").sort()).toEqual(Object.values(VAULT_SECRET_NAMES).sort());
    }
  });
});
