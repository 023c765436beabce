/**
 * Gated stacks apply exactly the reviewed plan: the pipeline wiring (YAML structure), the digest
 * shown to approvers and in the PR report, and pulumi-run.sh's save-plan / up --plan run for real
 * with stub `pulumi`, `az` and `delivery`.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { planStack } from "../tools/plan/plan";
import { REPO_ROOT } from "./support/reference-files";
import { removeScriptTemps, runScript, scriptTempDir } from "./support/run-script";

type Node = any; // parsed YAML
const load = (rel: string): Node => YAML.parse(fs.readFileSync(path.join(REPO_ROOT, rel), "utf8"));
afterAll(removeScriptTemps);

const STACKS = ["dev", "qa", "uat", "prod"];
const APPROVAL = "azuredevops:index/checkApproval:CheckApproval";

describe("which stacks are gated comes from the program", () => {
  let approvals: Map<string, Record<string, unknown> | undefined>;
  beforeAll(async () => {
    approvals = new Map();
    for (const s of STACKS) approvals.set(s, (await planStack(REPO_ROOT, s)).resources.find((r) => r.type === APPROVAL)?.inputs);
  }, 120_000);

  test("the infra deploy uses the saved-plan template exactly for the stacks whose environment has an approval check", () => {
    // infra-deploy.yml extends templates/infra-deploy.yml (the required-template check admits it).
    expect(load("pipelines/infra-deploy.yml").extends.template).toBe("templates/infra-deploy.yml");
    const stages = load("pipelines/templates/infra-deploy.yml").stages as Node[];
    const gated = stages.filter((s) => s.template === "stages/infra-deploy-gated.yml").map((s) => s.parameters.stack);
    const plain = stages.filter((s) => s.template === "stages/infra-deploy.yml").map((s) => s.parameters.stack);
    expect(gated).toEqual(STACKS.filter((s) => approvals.get(s) !== undefined));
    expect(plain).toEqual(STACKS.filter((s) => approvals.get(s) === undefined));
    expect(gated).toEqual(["uat", "prod"]);
  });

  test("the approval check's instructions send approvers to the run summary with the plan digest", () => {
    const instructions = approvals.get("prod")!.instructions as string;
    expect(instructions).toMatch(/^Approve the deployment to pinecone-prod\. /);
    expect(instructions).toContain("the Plan stage lists what the saved plan changes and its sha256 digest");
    expect(instructions).toContain("exactly that plan file is applied (digest verified, pulumi up --plan) or the run fails");
  });
});

describe("infra-deploy-gated.yml wiring", () => {
  const doc = load("pipelines/templates/stages/infra-deploy-gated.yml");
  const [planStage, upStage] = doc.stages as Node[];
  const planJob = planStage.jobs[0];
  const upJob = upStage.jobs[0];
  const upSteps: Node[] = upJob.strategy.runOnce.deploy.steps;

  test("the preview stage comes first, has no environment (nothing waits for approval), and the gated deployment depends on it", () => {
    expect(planStage.stage).toBe("Plan_${{ parameters.stack }}");
    expect(planStage.dependsOn).toBe("${{ parameters.dependsOn }}");
    expect(planJob.job).toBe("Plan");
    expect(planJob.environment).toBeUndefined();
    expect(upStage.stage).toBe("Up_${{ parameters.stack }}");
    expect(upStage.dependsOn).toBe("Plan_${{ parameters.stack }}");
    expect(upJob.deployment).toBe("Up_${{ parameters.stack }}");
    expect(upJob.environment).toBe("${{ parameters.environment }}");
  });

  test("both jobs run where the stack's other infra jobs run (its private pool, or Microsoft-hosted)", () => {
    const plainPool = load("pipelines/templates/stages/infra-deploy.yml").stages[0].jobs[0].pool;
    expect(Object.keys(plainPool)[0]).toMatch(/agentPool/);
    expect(planJob.pool).toEqual(plainPool);
    expect(upJob.pool).toEqual(plainPool);
  });

  test("the plan is saved with --refresh, published, and downloaded under the same artifact name", () => {
    const save = planJob.steps.find((s: Node) => s.name === "plan");
    expect(save.inputs.arguments).toBe('save-plan --stack ${{ parameters.stack }} --out-dir "$(Build.ArtifactStagingDirectory)/plan-${{ parameters.stack }}"');
    const publish = planJob.steps.find((s: Node) => s.publish);
    expect(publish).toMatchObject({ publish: "$(Build.ArtifactStagingDirectory)/plan-${{ parameters.stack }}", artifact: "plan-${{ parameters.stack }}" });
    const download = upSteps.find((s) => s.task === "DownloadPipelineArtifact@2");
    expect(download.inputs).toEqual({ buildType: "current", artifactName: publish.artifact, targetPath: "$(Pipeline.Workspace)/plan-${{ parameters.stack }}" });
    expect(upSteps.findIndex((s) => s === download)).toBeLessThan(upSteps.findIndex((s) => s.name === "up"));
  });

  test("the deployment applies that file with the digest the Plan stage published (job Plan, step plan, variable PLAN_SHA256)", () => {
    const variable = (upStage.variables as Node[]).find((v) => v.name === "APPROVED_PLAN_SHA256");
    expect(variable.value).toBe(`$[ stageDependencies.Plan_\${{ parameters.stack }}.${planJob.job}.outputs['plan.PLAN_SHA256'] ]`);
    const up = upSteps.find((s) => s.name === "up");
    expect(up.inputs.arguments).toMatch(/^up --stack \$\{\{ parameters\.stack \}\} /);
    expect(up.inputs.arguments).toContain('--plan "$(Pipeline.Workspace)/plan-${{ parameters.stack }}/plan.json" --expect-sha256 "$(APPROVED_PLAN_SHA256)"');
  });
});

describe("pulumi-run.sh save-plan and up --plan", () => {
  const env = {
    idToken: "oidc", servicePrincipalId: "client", tenantId: "tenant", PULUMI_BACKEND: "azblob", PULUMI_STATE_STORAGE_ACCOUNT: "s", PULUMI_STATE_CONTAINER: "c", DELIVERY_CLI: "delivery",
    // up starts the OIDC bridge (pulumi-run.sh); the stub below "listens" until the script ends.
    SYSTEM_ACCESSTOKEN: "job-token", SYSTEM_OIDCREQUESTURI: "https://dev.azure.com/o/p/_apis/oidctoken", AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "sc-1",
  };
  const bridge = `if [[ $1 == oidc-bridge ]]; then echo 4567 > "$3"; exec sleep 30; fi`;
  const az = "echo 0b1f6471-1bf0-4dda-aec3-cb9272f09590";
  const PLAN = JSON.stringify({ manifest: { time: "2026-12-06T11:00:00Z" }, resourcePlans: { "urn:pulumi:prod::pinecone-delivery::azure-native:web:WebApp::app-app": { goal: { type: "azure-native:web:WebApp" }, steps: ["update"] } } }, null, 4);
  /** A stub pulumi that writes `plan` where --save-plan points. */
  const savingPulumi = (plan: string) =>
    `if [[ $1 == preview ]]; then for ((i=1;i<=$#;i++)); do if [[ \${!i} == --save-plan ]]; then j=$((i+1)); printf '%s' '${plan}' > "\${!j}"; fi; done; echo '{}'; fi`;

  test("save-plan: preview --refresh --save-plan, sha256 in plan.sha256, an output variable and the run summary", () => {
    const r = runScript("pulumi-run.sh", ["save-plan", "--stack", "prod", "--out-dir", "out"], env, { az, pulumi: savingPulumi(PLAN), delivery: "[[ $1 == preview-report ]] && echo '#### prod: 1 to update'" });
    expect(r.code).toBe(0);
    const digest = createHash("sha256").update(PLAN).digest("hex");
    expect(r.calls.find((c) => c.startsWith("pulumi preview"))).toMatch(/^pulumi preview --stack prod .* --refresh --save-plan \S+\/out\/plan\.json --json$/);
    expect(fs.readFileSync(path.join(r.dir, "out", "plan.sha256"), "utf8")).toBe(`${digest}\n`);
    expect(r.stdout).toContain(`##vso[task.setvariable variable=PLAN_SHA256;isOutput=true;issecret=false]${digest}`);
    expect(r.stdout).toMatch(/##vso\[task\.uploadsummary\]\S+\/out\/plan-summary\.md/);
    const summary = fs.readFileSync(path.join(r.dir, "out", "plan-summary.md"), "utf8");
    expect(summary).toContain(`### Saved plan of stack \`prod\`\n\nsha256 \`${digest}\``);
    expect(summary).toContain("#### prod: 1 to update");
  });

  test("save-plan refuses an empty plan (what old CLIs wrote without PULUMI_EXPERIMENTAL): exit 3, no digest offered", () => {
    const r = runScript("pulumi-run.sh", ["save-plan", "--stack", "prod", "--out-dir", "out"], env, { az, pulumi: savingPulumi('{"manifest":{}}'), delivery: "true" });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("refusing to offer it for approval");
    expect(fs.existsSync(path.join(r.dir, "out", "plan.sha256"))).toBe(false);
    expect(r.stdout).not.toContain("PLAN_SHA256");
  });

  const planFile = () => {
    const dir = scriptTempDir();
    fs.writeFileSync(path.join(dir, "plan.json"), PLAN);
    return { file: path.join(dir, "plan.json"), digest: createHash("sha256").update(PLAN).digest("hex") };
  };

  test("up --plan: the digest is checked first; a different file changes nothing (exit 1, pulumi never runs)", () => {
    const { file } = planFile();
    const r = runScript("pulumi-run.sh", ["up", "--stack", "prod", "--out-dir", "out", "--plan", file, "--expect-sha256", "f".repeat(64)], env, { az, pulumi: "", delivery: "true" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the plan file's sha256 is [0-9a-f]{64}, but the approved plan's is f{64}: nothing was applied\. Re-run the pipeline: a new preview, a new plan and a new approval\./);
    expect(r.calls.filter((c) => c.startsWith("pulumi") || c.startsWith("az"))).toEqual([]);
  });

  test("up --plan with the approved digest runs pulumi up --refresh --plan <file>", () => {
    const { file, digest } = planFile();
    const r = runScript("pulumi-run.sh", ["up", "--stack", "prod", "--out-dir", "out", "--plan", file, "--expect-sha256", digest], env, { az, pulumi: "", delivery: bridge });
    expect(r.code).toBe(0);
    const up = r.calls.filter((c) => c.startsWith("pulumi up"));
    expect(up).toEqual([expect.stringMatching(new RegExp(`^pulumi up --stack prod .* --refresh --plan ${file} --yes --diff$`))]);
  });

  test("when the plan no longer applies, the run fails (exit 1) and asks for a new plan and approval", () => {
    const { file, digest } = planFile();
    const pulumi = `[[ $1 == up ]] && { echo "error: resource urn:pulumi:prod::pinecone-delivery::azure-native:web:WebApp::app-app violates plan: properties changed: ~~siteConfig"; exit 255; }`;
    const r = runScript("pulumi-run.sh", ["up", "--stack", "prod", "--out-dir", "out", "--plan", file, "--expect-sha256", digest], env, { az, pulumi, delivery: bridge });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("the approved plan no longer applies to stack prod");
    expect(r.stdout).toContain("Re-run the pipeline: a new preview, a new plan and a new approval.");
    // Any other pulumi failure stays a tool failure.
    const other = runScript("pulumi-run.sh", ["up", "--stack", "prod", "--out-dir", "out", "--plan", file, "--expect-sha256", digest], env, { az, pulumi: "[[ $1 == up ]] && exit 255", delivery: bridge });
    expect(other.code).toBe(3);
  });

  test("--plan without --expect-sha256, or on another command, is a usage error", () => {
    const { file } = planFile();
    expect(runScript("pulumi-run.sh", ["up", "--stack", "prod", "--out-dir", "o", "--plan", file], env, { az }).code).toBe(2);
    expect(runScript("pulumi-run.sh", ["preview", "--stack", "prod", "--out-dir", "o", "--plan", file, "--expect-sha256", "a".repeat(64)], env, { az }).code).toBe(2);
  });
});

describe("the PR report shows each stack's saved-plan digest", () => {
  test("preview-thread.sh appends a table of stack and plan sha256", () => {
    const artifacts = scriptTempDir();
    for (const [s, d] of [["dev", "1".repeat(64)], ["prod", "2".repeat(64)]]) {
      fs.mkdirSync(path.join(artifacts, `preview-${s}`));
      fs.writeFileSync(path.join(artifacts, `preview-${s}`, "preview.json"), "{}");
      fs.writeFileSync(path.join(artifacts, `preview-${s}`, "plan.sha256"), `${d}\n`);
    }
    const r = runScript("preview-thread.sh", ["--artifacts", artifacts, "--out", "report.md"], { DELIVERY_CLI: "delivery", BUILD_REASON: "IndividualCI" }, { delivery: `[[ $1 == preview-report ]] && echo '## Preview' > report.md` });
    expect(r.code).toBe(0);
    const report = fs.readFileSync(path.join(r.dir, "report.md"), "utf8");
    expect(report).toContain(`### Saved plans (sha256 of \`pulumi preview --save-plan\`)\n\n| stack | plan sha256 |\n|---|---|\n| dev | \`${"1".repeat(64)}\` |\n| prod | \`${"2".repeat(64)}\` |\n`);
  });
});
