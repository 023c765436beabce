import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { ExitCode } from "../tools/exit-codes";
import { planStack } from "../tools/plan/plan";
import { listStacks, SECRET_PLACEHOLDER_PREFIX } from "../tools/plan/stack-files";
import { REPO_ROOT, readStackFile, runCli, tempProject } from "./support/harness";

const RG = "azure-native:resources:ResourceGroup";

/** What each real stack file must produce: asserted exactly, so a changed value shows up here. */
const EXPECTED: Record<string, { rg: string; location: string; tier: string; costCenter: string }> = {
  dev: { rg: "rg-pcpro-dev", location: "westeurope", tier: "nonproduction", costCenter: "CC-4711-ERP-DEV" },
  qa: { rg: "rg-pcpro-qa", location: "westeurope", tier: "nonproduction", costCenter: "CC-4711-ERP-QA" },
  uat: { rg: "rg-pcpro-uat", location: "westeurope", tier: "nonproduction", costCenter: "CC-4711-ERP-UAT" },
  prod: { rg: "rg-pcpro-prod", location: "westeurope", tier: "production", costCenter: "CC-4711-ERP-PROD" },
};

test("the project has exactly the four stack files", () => {
  expect(listStacks(REPO_ROOT)).toEqual(["dev", "prod", "qa", "uat"]);
});

describe.each(Object.keys(EXPECTED))("stack %s", (stack) => {
  test("plans from its real stack file with the expected resource group and outputs", async () => {
    const e = EXPECTED[stack];
    const plan = await planStack(REPO_ROOT, stack);
    const stackResource = plan.resources.filter((r) => r.type === "pulumi:pulumi:Stack");
    expect(stackResource.map((r) => r.name)).toEqual([`pinecone-delivery-${stack}`]);
    const rgs = plan.resources.filter((r) => r.type === RG);
    expect(rgs).toHaveLength(1);
    expect(rgs[0].name).toBe("resource-group");
    expect(rgs[0].parent).toBe(stackResource[0].urn);
    expect(rgs[0].inputs).toEqual({
      resourceGroupName: e.rg,
      location: e.location,
      tags: {
        application: "pinecone-pro",
        environment: stack,
        costCenter: e.costCenter,
        owner: "pinecone-platform-team",
        managedBy: "pulumi",
        pulumiProject: "pinecone-delivery",
        pulumiStack: stack,
      },
    });
    expect(rgs[0].version).toBe("3.28.0");
    expect(plan.outputs).toMatchObject({ environment: stack, tier: e.tier, location: e.location, resourceGroupName: e.rg });
    expect(plan.secretOutputs).toEqual([]);
  });
});

test("exactly one stack file claims the shared Azure DevOps objects, and it is dev (it deploys first)", () => {
  const owners = listStacks(REPO_ROOT).filter((s) =>
    parseDocument(readStackFile(s)).getIn(["config", "pinecone-delivery:ownsSharedDevOpsObjects"]) === true,
  );
  expect(owners).toEqual(["dev"]);
});

describe("delivery plan (CLI)", () => {
  test("prints the offline headline first, the tree by parent, then the outputs", async () => {
    const r = await runCli(["plan", "prod"]);
    expect(r.code).toBe(ExitCode.Ok);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(
      "Offline plan of stack prod (Pulumi.prod.yaml): the state the program declares, run under Pulumi mocks; not a diff against Azure or Azure DevOps.",
    );
    expect(lines).toContain("pulumi:pulumi:Stack  pinecone-delivery-prod");
    expect(lines).toContain("├─ azure-native:resources:ResourceGroup  resource-group");
    expect(lines).toContain("├─ pinecone:platform:AppHosting  app");
    expect(lines).toContain(
      "│  ├─ azure-native:web:WebApp  app-app  [ignoreChanges: siteConfig.linuxFxVersion, siteConfig.experiments; dependsOn: registry-replica-northeurope, registry-private-endpoint, registry-private-dns, registry-acrpull-production (+14 more)]",
    );
    expect(lines).toContainEqual(expect.stringMatching(/^Policy \(pinecone-delivery pack, 29 of 29 rules on, judged on \d{4}-\d{2}-\d{2}\): 0 mandatory, 0 advisory violations, 0 exempted/));
    expect(lines.slice(-2)).toEqual(["Policy result: PASS", ""]);
    // The release paths come before the policy verdicts, one line per path.
    expect(lines).toContainEqual(expect.stringMatching(/^Release paths: \d+ ok, 0 broken/));
    expect(lines).toContain("  ok  Azure Monitor → rollback webhook: an action group posting to the rollback webhook on the rollback alerts; network: public endpoint [network: public]");
    expect(r.stdout).toContain("resourceGroupName: rg-pcpro-prod");
    expect(r.stdout.indexOf("Outputs:")).toBeGreaterThan(r.stdout.indexOf("resource-group"));
    expect(r.stdout).toContain("  tier: production");
  });

  test("--json is parseable and carries type, name, parent, inputs and options", async () => {
    const r = await runCli(["plan", "qa", "--json"]);
    expect(r.code).toBe(ExitCode.Ok);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe("pinecone-delivery/plan");
    expect(doc.version).toBe(1);
    expect(doc.plans).toHaveLength(1);
    const rg = doc.plans[0].resources.find((x: { type: string }) => x.type === RG);
    expect(rg.parent).toBe("urn:pulumi:qa::pinecone-delivery::pulumi:pulumi:Stack::pinecone-delivery-qa");
    expect(rg.options).toEqual({ protect: false, ignoreChanges: [], dependsOn: [], provider: null, version: "3.28.0" });
    expect(doc.plans[0].outputs.resourceGroupName).toBe("rg-pcpro-qa");
  });

  test("--all plans every stack file in one process", async () => {
    const r = await runCli(["plan", "--all", "--json"]);
    expect(r.code).toBe(ExitCode.Ok);
    expect(JSON.parse(r.stdout).plans.map((p: { stack: string }) => p.stack)).toEqual(["dev", "prod", "qa", "uat"]);
  });

  test("--compare qa prod lists the deviations, each allowed by qa's config", async () => {
    const r = await runCli(["plan", "--compare", "qa", "prod", "--json"]);
    expect(r.code).toBe(ExitCode.Ok);
    const report = JSON.parse(r.stdout);
    const byPath = Object.fromEntries(report.settings.map((d: { path: string }) => [d.path, d]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        "appInsightsRetentionDays", "appServiceSku", "autoscaleDefault", "autoscaleMaximum", "autoscaleMinimum", "browserTelemetry",
        "logRetentionDays", "protectStatefulResources", "registryGeoReplicationLocations",
        "registryIsPromotionSource", "registryPromotionSource", "registryPromotionTarget", "registryZoneRedundant", "zoneRedundant",
      ].sort(),
    );
    expect(byPath.appServiceSku).toEqual({ path: "appServiceSku", a: "P1v3", b: "P2v3", allowed: true });
    expect(report.settings.every((d: { allowed: boolean }) => d.allowed)).toBe(true);
    // Resource differences are listed as consequences: the plan's SKU follows the setting,
    // a protected prod has locks qa does not, and generated ids are normalised away.
    const resources = Object.fromEntries(report.resources.map((r: { path: string }) => [r.path, r]));
    expect(resources["app-plan.sku.name"]).toEqual({ kind: "input", path: "app-plan.sku.name", a: "P1v3", b: "P2v3", follows: "appServiceSku" });
    expect(resources["registry-lock"]).toEqual({ kind: "only-in-one", path: "registry-lock", a: null, b: "azure-native:authorization:ManagementLockByScope" });
    expect(report.resources.some((r: { path: string }) => /principalId|roleAssignmentName/.test(r.path))).toBe(false);
  });

  test("--compare flags a deviation that qa does not allow, and exits 1", async () => {
    const qa = readStackFile("qa").replace("pinecone-delivery:alertCpuPercent: 80", "pinecone-delivery:alertCpuPercent: 95");
    const dir = tempProject({ dev: readStackFile("dev"), qa, prod: readStackFile("prod") });
    const r = await runCli(["plan", "--compare", "qa", "prod"], dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(ExitCode.Findings);
    expect(r.stdout).toContain("!!  alertCpuPercent: qa=95 prod=80  NOT ALLOWED");
    expect(r.stdout).toMatch(/15 setting deviations, 1 not allowed\./);
    expect(r.stdout).toContain("alerts-cpu.criteria.allOf[0].threshold: qa=95 prod=80  (follows alertCpuPercent)");
  });

  test("--compare judges the network keys like the others: a smaller agent pool in qa is flagged", async () => {
    const qa = readStackFile("qa").replace("pinecone-delivery:privateNetwork: true", "pinecone-delivery:privateNetwork: true\n  pinecone-delivery:agentPoolMaximumConcurrency: 1");
    const dir = tempProject({ dev: readStackFile("dev"), qa, prod: readStackFile("prod") });
    const r = await runCli(["plan", "--compare", "qa", "prod"], dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(ExitCode.Findings);
    expect(r.stdout).toContain("!!  agentPoolMaximumConcurrency: qa=1 prod=2  NOT ALLOWED");
    expect(r.stdout).toContain("agent-pool-pool.maximumConcurrency: qa=1 prod=2  (follows agentPoolMaximumConcurrency)");
  });

  test("--set overrides a key with or without the namespace, for this plan only", async () => {
    const a = await runCli(["plan", "dev", "--json", "--set", "location=northeurope", "--set", "pinecone-delivery:uniqueSuffix=zz99"]);
    expect(a.code).toBe(ExitCode.Ok);
    const plan = JSON.parse(a.stdout).plans[0];
    expect(plan.outputs.location).toBe("northeurope");
    expect(plan.outputs.azureNames.keyVault).toBe("kv-pcpro-dev-zz99");
    expect(readStackFile("dev")).toContain("pinecone-delivery:location: westeurope");
  });

  test("--set-secret values and secure values never appear in plan output", async () => {
    const r = await runCli(["plan", "prod", "--json", "--set-secret", "erpJwtSigningKey=canary-9d2e-secret"]);
    expect(r.code).toBe(ExitCode.Ok);
    expect(r.stdout).not.toContain("canary-9d2e-secret");
    expect(r.stdout).not.toContain(SECRET_PLACEHOLDER_PREFIX);
    const all = await runCli(["plan", "--all"]);
    expect(all.stdout).not.toContain(SECRET_PLACEHOLDER_PREFIX);
    expect(all.stdout).not.toMatch(/v1:[A-Za-z0-9+/=]+:/);
  });

  test("a second claimant of the shared objects is a config error", async () => {
    const r = await runCli(["plan", "prod", "--set", "ownsSharedDevOpsObjects=true"]);
    expect(r.code).toBe(ExitCode.BadInput);
    expect(r.stderr).toContain("pinecone-delivery:ownsSharedDevOpsObjects: expected exactly one stack file to set it to true");
    expect(r.stderr).toContain("found Pulumi.dev.yaml and Pulumi.prod.yaml");
  });

  test("no claimant of the shared objects is a config error", async () => {
    const dir = tempProject({ qa: readStackFile("qa"), uat: readStackFile("uat") });
    const r = await runCli(["plan", "--all"], dir);
    expect(r.code).toBe(ExitCode.BadInput);
    expect(r.stderr).toContain("found none among Pulumi.qa.yaml, Pulumi.uat.yaml");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a stack with any name plans when its file is valid", async () => {
    const prodText = readStackFile("prod")
      .replace("environment: prod", "environment: staging2")
      .replace("ownsSharedDevOpsObjects: false", "ownsSharedDevOpsObjects: true");
    const dir = tempProject({ "customer-acme": prodText });
    const r = await runCli(["plan", "customer-acme", "--json"], dir);
    expect(r.code).toBe(ExitCode.Ok);
    expect(JSON.parse(r.stdout).plans[0].outputs.resourceGroupName).toBe("rg-pcpro-staging2");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    [["plan"], /expected exactly one of <stack>, --all or --compare <stackA> <stackB>; found none/],
    [["plan", "prod", "--all"], /found <stack> and --all/],
    [["plan", "--compare", "qa"], /--compare: expected two stack names \(--compare qa prod\); found 1: qa/],
    [["plan", "prod", "--set", "novalue"], /--set "novalue": expected key=value/],
    [["plan", "prod", "--set-secret", "hidden-secret-value"], /--set-secret \(value hidden\): expected key=value/],
    [["plan", "staging"], /No stack file for stack "staging": expected Pulumi.staging.yaml .*found stacks: dev, prod, qa, uat/],
    [["plan", "prod", "--frobnicate"], /unknown option '--frobnicate'/],
    [["frobnicate"], /unknown command 'frobnicate'/],
  ])("bad arguments %j exit 2 with a clear message", async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(ExitCode.BadInput);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain("hidden-secret-value");
  });

  test("outside a project it says where it looked", async () => {
    const r = await runCli(["plan", "prod"], path.parse(REPO_ROOT).root);
    expect(r.code).toBe(ExitCode.BadInput);
    expect(r.stderr).toMatch(/No Pulumi.yaml found in \/ or any parent directory/);
  });
});

describe("delivery policy-config", () => {
  test("levels follow the stack: mandatory in prod, advisory in dev, per-rule overrides win", async () => {
    const prod = JSON.parse((await runCli(["policy-config", "prod"])).stdout);
    const dev = JSON.parse((await runCli(["policy-config", "dev"])).stdout);
    expect(Object.keys(prod)).toHaveLength(29);
    expect(new Set(Object.values(prod).map((r) => (r as { enforcementLevel: string }).enforcementLevel))).toEqual(new Set(["mandatory"]));
    // Release paths are mandatory in every stack; the rest follows dev's advisory enforcement.
    const devLevels = Object.entries(dev).map(([id, r]) => [id, (r as { enforcementLevel: string }).enforcementLevel]);
    expect(new Set(devLevels.filter(([id]) => !id.startsWith("release-path")).map(([, l]) => l))).toEqual(new Set(["advisory"]));
    expect(devLevels.filter(([id]) => id.startsWith("release-path")).map(([, l]) => l)).toEqual(["mandatory", "mandatory", "mandatory"]);
    expect(prod["app-https-only"].context).toMatchObject({ tier: "production", protectStatefulResources: true });
    // The stack facts the network rules read: prod is private and its pipelines use its own pool.
    expect(prod["private-stack-own-agents"].context).toMatchObject({ privateNetwork: true, pipelineAgentPool: "mdp-pcpro-prod-p2w6" });
    expect(dev["private-stack-own-agents"].context).toMatchObject({ privateNetwork: false, pipelineAgentPool: "" });

    const text = readStackFile("dev").replace(
      "pinecone-delivery:policyEnforcement: advisory",
      [
        "pinecone-delivery:policyEnforcement: advisory",
        "  pinecone-delivery:policyRuleLevels: [app-https-only=mandatory]",
        "  pinecone-delivery:policyExemptions:",
        "    - EX-7|app-health-check|app-app|2026-12-31|health endpoint ships with ERP 4.13",
        "    - EX-3|app-arr-affinity-off|*|2020-01-31|sticky sessions until the cart moved to Redis",
      ].join("\n"),
    );
    const dir = tempProject({ dev: text });
    const levels = JSON.parse((await runCli(["policy-config", "dev"], dir)).stdout);
    expect(levels["app-https-only"].enforcementLevel).toBe("mandatory");
    expect(levels["app-health-check"].exemptions).toEqual([
      { id: "EX-7", ruleId: "app-health-check", resource: "app-app", expires: "2026-12-31", reason: "health endpoint ships with ERP 4.13" },
    ]);
    const md = await runCli(["policy-config", "dev", "--exemptions-markdown"], dir);
    expect(md.stdout).toContain("| EX-7 | app-health-check | app-app | 2026-12-31 |");
    expect(md.stdout).toContain("| EX-3 | app-arr-affinity-off | * | 2020-01-31 | **expired** |");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
