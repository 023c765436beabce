/**
 * A private stack's first day (issue 13): its registry refuses a push from outside the VNet, so its
 * bootstrap image is imported by digest from the promotion source's registry.
 * - The plans of the REAL stack files: qa, uat and prod declare the import command (no docker build
 *   or push) with exactly the registry id and digest the source stack's own plan exports, and pin
 *   that digest in linuxFxVersion through the import; dev still builds and pushes.
 * - The program refuses a source without the output, before any resource.
 * - scripts/acr-import-bootstrap.sh against the fake az: success (Owner, deploy identity), a digest
 *   the source lacks, a missing grant, export disabled, a target closed to trusted services, bad
 *   input: one clear message, the documented exit code, nothing imported.
 * - The release-path check knows the path and fails when the source does not grant the import.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { parseStackConfig } from "../infra/config";
import { BootstrapSourceError, readStackReferences } from "../infra/program";
import { evaluateReleasePaths } from "../policy/release-paths/evaluate";
import { planStack, StackPlan } from "../tools/plan/plan";
import { recordUnderMocks } from "../tools/plan/record";
import { loadStack } from "../tools/plan/stack-files";
import { FakeAzure, FakeStack, SUBSCRIPTION, digestOf, registryId, rgId, stopFakeAzure } from "./support/fake-az";
import { readStackFile, recordResources, REPO_ROOT, runCli, tempProject } from "./support/harness";
import { contextFrom, RuleConfig } from "../policy/crossguard";
import { releasePathAccess } from "../policy/rules/release-path-access";
import { ExitCode } from "../tools/exit-codes";
import { ImportedBootstrapImage, ImportedBootstrapImageArgsError } from "../infra/platform/bootstrap-image-import";

const STACKS = ["dev", "qa", "uat", "prod"] as const;
const SOURCE_OF = { qa: "dev", uat: "qa", prod: "uat" } as const;
const COMMAND = "command:local:Command";
const plans = new Map<string, StackPlan>();
beforeAll(async () => {
  for (const s of STACKS) plans.set(s, await planStack(REPO_ROOT, s));
}, 120_000);
const plan = (s: string) => plans.get(s) as StackPlan;
const ofType = (s: string, type: string) => plan(s).resources.filter((r) => r.type === type);
const registry = (s: string) => ofType(s, "azure-native:containerregistry:Registry")[0];

describe("the plans of the four stack files", () => {
  test("dev (public) builds and pushes its bootstrap image and exports what the next stage imports", () => {
    expect(ofType("dev", "docker:index/image:Image").map((r) => r.name)).toEqual(["bootstrap-image-image"]);
    expect(ofType("dev", COMMAND)).toEqual([]);
    const out = plan("dev").outputs.bootstrapImage as Record<string, unknown>;
    expect(out).toEqual({
      registryId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-pcpro-dev/providers/Mock.containerregistry/Registry/${registry("dev").inputs.registryName}`,
      repository: "pinecone-pro",
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      port: 8080,
    });
    const app = ofType("dev", "azure-native:web:WebApp")[0];
    expect((app.inputs.siteConfig as { linuxFxVersion: string }).linuxFxVersion).toBe(`DOCKER|${registry("dev").inputs.registryName}.azurecr.io/pinecone-pro@${out.digest}`);
  });

  test.each(Object.entries(SOURCE_OF))("%s (private) imports from %s: exactly the source plan's registry id and digest, no docker build or push", (stack, source) => {
    expect(ofType(stack, "docker:index/image:Image")).toEqual([]);
    expect(ofType(stack, "pulumi:providers:docker")).toEqual([]);
    const [component] = ofType(stack, "pinecone:platform:ImportedBootstrapImage");
    const commands = ofType(stack, COMMAND);
    expect(commands.map((c) => [c.name, c.parent])).toEqual([["bootstrap-image-import", component.urn]]);
    const sourceOut = plan(source).outputs.bootstrapImage as Record<string, string>;
    const ownOut = plan(stack).outputs.bootstrapImage as Record<string, string>;
    expect(commands[0].inputs).toEqual({
      create: "bash scripts/acr-import-bootstrap.sh",
      environment: {
        TARGET_REGISTRY_ID: ownOut.registryId,
        SOURCE_REGISTRY_ID: sourceOut.registryId,
        SOURCE_STACK: source,
        SOURCE_REPOSITORY: "pinecone-pro",
        DIGEST: sourceOut.digest,
        TARGET_REPOSITORY: "pinecone-pro",
        TARGET_TAG: "bootstrap",
      },
    });
    // The target is this stack's own registry; the digest travels down the chain unchanged.
    expect(ownOut.registryId).toMatch(new RegExp(`/resourceGroups/rg-pcpro-${stack}/providers/Mock\\.containerregistry/Registry/${registry(stack).inputs.registryName}$`));
    expect(ownOut.digest).toBe((plan("dev").outputs.bootstrapImage as Record<string, string>).digest);
    // The plan says what it assumed, and from which stack files.
    expect(plan(stack).assumptions.filter((a) => a.output === "bootstrapImage")).toEqual([
      expect.objectContaining({ stackReference: `organization/pinecone-delivery/${source}`, value: sourceOut, source: expect.stringMatching(new RegExp(`^the offline plan of Pulumi\\.${source}\\.yaml`)) }),
    ]);
  });

  test.each(Object.keys(SOURCE_OF))("%s: the app and its slot pin the imported digest, and depend on the import", (stack) => {
    const [command] = ofType(stack, COMMAND);
    const digest = (plan(stack).outputs.bootstrapImage as Record<string, string>).digest;
    for (const type of ["azure-native:web:WebApp", "azure-native:web:WebAppSlot"]) {
      const [site] = ofType(stack, type);
      expect((site.inputs.siteConfig as { linuxFxVersion: string }).linuxFxVersion).toBe(`DOCKER|${registry(stack).inputs.registryName}.azurecr.io/pinecone-pro@${digest}`);
      expect(site.references.siteConfig).toContain(command.urn);
    }
  });

  test("the import script the command runs is in the repository and executable", () => {
    const script = path.join(REPO_ROOT, "scripts", "acr-import-bootstrap.sh");
    expect(fs.statSync(script).mode & 0o111).not.toBe(0);
  });
});

describe("ImportedBootstrapImage rejects a bad source before any child", () => {
  const good = { stack: "dev", registryId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerRegistry/registries/acrx", repository: "pinecone-pro", digest: digestOf("x"), port: 8080 };
  test.each([
    ["digest", { digest: "sha256:ABC" }, /source\.digest \(stack dev\): expected sha256:<64 lowercase hex>; found "sha256:ABC"\./],
    ["registryId", { registryId: "acrx" }, /source\.registryId \(stack dev\): expected a registry resource id .*found "acrx"\./],
    ["port", { port: 0 }, /source\.port \(stack dev\): expected an integer from 1 to 65535; found 0\./],
  ])("%s", async (_label, over, message) => {
    let error: unknown;
    const rec = await recordResources(() => {
      try {
        new ImportedBootstrapImage("bootstrap-image", { targetRegistryId: "t", registryLoginServer: "acrt.azurecr.io", source: { ...good, ...over } });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(ImportedBootstrapImageArgsError);
    expect((error as Error).message).toMatch(message);
    expect(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });
});

describe("the program and a source without the output", () => {
  test.each([
    ["no outputs (no first up)", {}],
    ["an up from before bootstrapImage existed", { identityPrincipalIds: { pipeline: "x", preview: "y" } }],
    ["an incomplete output", { bootstrapImage: { registryId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerRegistry/registries/r", repository: "pinecone-pro", port: 8080 } }],
  ])("%s: fails before any resource, naming the source stack and what to run", async (_label, outputs) => {
    const qa = loadStack(REPO_ROOT, "qa");
    const cfg = parseStackConfig({ stackName: "qa", project: qa.project, source: qa.source, values: qa.values, secretKeys: qa.secretKeys });
    let failure: unknown;
    // runProgram awaits these references before it composes anything (infra/program.ts).
    const recording = await recordUnderMocks(
      {
        project: qa.project,
        stack: "qa",
        config: qa.values,
        secretKeys: [...qa.secretKeys],
        stackOutputs: (name) => (name.endsWith("/dev") ? outputs : { identityPrincipalIds: { pipeline: "p", preview: "q" } }),
      },
      () => readStackReferences(cfg).then(() => undefined, (e: unknown) => void (failure = e)),
    );
    expect(failure).toBeInstanceOf(BootstrapSourceError);
    expect((failure as Error).message).toMatch(
      /^registryPromotionSource: stack organization\/pinecone-delivery\/dev has no complete output bootstrapImage \(registryId, repository, digest, port\); found .*\. This stack is private \(privateNetwork: true\), so its bootstrap image is imported from that stack's registry by digest\. Run that stack's first up \(or an up with this version of the program\) before this stack's, in pipeline order \(scripts\/bootstrap\.sh does\)\.$/,
    );
    expect(recording.resources.map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack" && t !== "pulumi:pulumi:StackReference")).toEqual([]);
  });
});

// --- the import script against the fake az ----------------------------------------------------

const SCRIPT = path.join(REPO_ROOT, "scripts", "acr-import-bootstrap.sh");
const fake = (code: string): FakeStack => ({
  code,
  resourceGroup: `rg-pcpro-${code}`,
  webApp: `app-pcpro-${code}`,
  stagingSlot: "staging",
  registry: `acrpcpro${code}`,
  imageRepository: "pinecone-pro",
  healthPath: "/health",
  appInsights: `appi-pcpro-${code}`,
  serviceConnection: `azure-pinecone-${code}`,
  metricAlertRules: [],
  activityLogAlertRules: [],
});
const [dev, qa, uat] = [fake("dev"), fake("qa"), fake("uat")];
const OWNER = "owner";
const IMPORTER = "Container Registry Data Importer and Data Reader";
const D = digestOf("bootstrap-dev"), D2 = digestOf("bootstrap-dev-2");

describe("scripts/acr-import-bootstrap.sh against the fake az", () => {
  let w: FakeAzure;
  beforeEach(() => {
    w = new FakeAzure([dev, qa, uat]);
    w.update((s) => {
      s.principals[OWNER] = { appId: "0f0f0f0f-0000-4000-8000-000000000001", objectId: "0f0f0f0f-0000-4000-8000-000000000002" };
      s.roleAssignments.push({ principal: OWNER, role: "Owner", scope: `/subscriptions/${SUBSCRIPTION}` });
      // Both registries private, as qa's and uat's are; both let trusted services through.
      for (const r of s.registries) r.publicNetworkAccess = "Disabled";
    });
    w.pushImage("dev", D, ["bootstrap"], { signed: false, sbom: false });
  });
  afterEach(() => w.dispose());
  afterAll(() => stopFakeAzure());

  const env = (over: Record<string, string> = {}) => ({
    TARGET_REGISTRY_ID: registryId(qa),
    SOURCE_REGISTRY_ID: registryId(dev),
    SOURCE_STACK: "dev",
    SOURCE_REPOSITORY: "pinecone-pro",
    DIGEST: D,
    TARGET_REPOSITORY: "pinecone-pro",
    TARGET_TAG: "bootstrap",
    ...over,
  });
  const run = (identity: string, vars: Record<string, string>) => {
    const r = spawnSync("bash", [SCRIPT], { env: { ...w.env(), FAKE_AZ_IDENTITY: identity, ...vars }, encoding: "utf8" });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const qaTags = () => {
    const reg = w.read().registries.find((r) => r.name === qa.registry)!;
    return Object.values(reg.repositories["pinecone-pro"] ?? {}).flatMap((m) => m.tags.map((t) => `${t}=${m.digest}`));
  };
  const imports = () => w.read().imports;
  const azCalls = () => w.read().calls.map((c) => c.argv.slice(0, 2).join(" "));

  test("the Owner on day one: source checked through ARM, then one import by digest, tagged bootstrap", () => {
    const r = run(OWNER, env());
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`imported pinecone-pro@${D} from stack dev into ${qa.registry} as pinecone-pro:bootstrap\n`);
    expect(qaTags()).toEqual([`bootstrap=${D}`]);
    expect(imports()).toEqual([{ target: qa.registry, source: dev.registry, digest: D, by: OWNER }]);
    const argv = w.read().calls.map((c) => c.argv);
    expect(argv).toEqual([
      ["acr", "show", "--ids", registryId(dev), "--query", "policies.exportPolicy.status", "-o", "tsv"],
      ["acr", "show", "--ids", registryId(qa), "--query", "[publicNetworkAccess, networkRuleBypassOptions]", "-o", "tsv"],
      ["acr", "import", "--name", qa.registry, "--resource-group", qa.resourceGroup, "--subscription", SUBSCRIPTION, "--registry", registryId(dev), "--source", `pinecone-pro@${D}`, "--image", "pinecone-pro:bootstrap", "--force"],
    ]);
  });

  test("the first day in pipeline order: qa imports dev's digest, then uat imports the same digest from qa's private registry", () => {
    w.update((s) => (s.registries.find((r) => r.name === dev.registry)!.publicNetworkAccess = "Enabled")); // dev is public
    expect(run(OWNER, env()).code).toBe(0);
    const fromQa = run(OWNER, env({ TARGET_REGISTRY_ID: registryId(uat), SOURCE_REGISTRY_ID: registryId(qa), SOURCE_STACK: "qa" }));
    expect(fromQa.stderr).toBe("");
    expect(fromQa.code).toBe(0);
    const reg = w.read().registries.find((r) => r.name === uat.registry)!;
    expect(Object.values(reg.repositories["pinecone-pro"]).map((m) => `${m.digest} ${m.tags.join(",")}`)).toEqual([`${D} bootstrap`]);
    expect(imports().map((i) => `${i.source} → ${i.target} ${i.digest}`)).toEqual([`${dev.registry} → ${qa.registry} ${D}`, `${qa.registry} → ${uat.registry} ${D}`]);
  });

  test("the deploy identity later: refused without the source's grant (exit 3 naming role and scope, nothing imported); with it, a new source digest moves the tag", () => {
    const refused = run(qa.serviceConnection, env());
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      `acr-import-bootstrap: error: reading source registry ${registryId(dev)} of stack dev failed: the identity running 'pulumi up' lacks '${IMPORTER}' on ${registryId(dev)}. It needs that role on the source and the target registry: stack dev grants it to this stack's deploy identity (registryPromotionTarget) on its next up`,
    );
    expect(imports()).toEqual([]);
    expect(qaTags()).toEqual([]);

    w.update((s) => s.roleAssignments.push({ principal: qa.serviceConnection, role: IMPORTER, scope: registryId(dev) }));
    expect(run(qa.serviceConnection, env()).code).toBe(0);
    w.pushImage("dev", D2, ["bootstrap"], { signed: false, sbom: false });
    expect(run(qa.serviceConnection, env({ DIGEST: D2 })).code).toBe(0);
    expect(qaTags()).toEqual([`bootstrap=${D2}`]);
    expect(imports().map((i) => `${i.digest} by ${i.by}`)).toEqual([`${D} by ${qa.serviceConnection}`, `${D2} by ${qa.serviceConnection}`]);
  });

  test("a digest the source does not hold: exit 1 naming the stack to run, nothing imported", () => {
    const missing = digestOf("never-pushed");
    const r = run(OWNER, env({ DIGEST: missing }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `acr-import-bootstrap: error: az acr import of pinecone-pro@${missing} from stack dev into ${qa.registry} failed: stack dev's registry has no pinecone-pro@${missing}, although the stack's output bootstrapImage names it. Run 'pulumi up' of stack dev (it builds or imports its bootstrap image and exports its digest), then this stack's up again; nothing was imported`,
    );
    expect(imports()).toEqual([]);
    expect(qaTags()).toEqual([]);
  });

  test("a source whose export policy is disabled (prod is never a source): exit 1 before any import", () => {
    w.update((s) => (s.registries.find((r) => r.name === dev.registry)!.exportPolicy = "disabled"));
    const r = run(OWNER, env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`source registry ${registryId(dev)} (stack dev) has its export policy disabled, so nothing can import from it: registryPromotionSource must name a stack whose registry exports`);
    expect(azCalls()).not.toContain("acr import");
    expect(imports()).toEqual([]);
  });

  test("a private target that does not let trusted services through: exit 1 before any import", () => {
    w.update((s) => (s.registries.find((r) => r.name === qa.registry)!.networkRuleBypassOptions = "None"));
    const r = run(OWNER, env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`target registry ${qa.registry} refuses public traffic and does not let trusted services through (networkRuleBypassOptions 'None', expected AzureServices)`);
    expect(azCalls()).not.toContain("acr import");
  });

  test("a source registry that does not exist: exit 3 naming the call", () => {
    const gone = `${rgId(dev.resourceGroup)}/providers/Microsoft.ContainerRegistry/registries/acrgone`;
    const r = run(OWNER, env({ SOURCE_REGISTRY_ID: gone }));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`acr-import-bootstrap: error: reading source registry ${gone} of stack dev failed (az exit 3); nothing was imported`);
    expect(imports()).toEqual([]);
  });

  test.each([
    ["a missing variable", { DIGEST: "" }, "environment DIGEST not set: this script is run by ImportedBootstrapImage"],
    ["a malformed digest", { DIGEST: "sha256:abc" }, "DIGEST (stack dev's output bootstrapImage.digest): expected sha256:<64 lowercase hex>; found 'sha256:abc'"],
    ["a source id of another resource type", { SOURCE_REGISTRY_ID: `${rgId("g")}/providers/Microsoft.Storage/storageAccounts/x` }, "SOURCE_REGISTRY_ID (stack dev's output bootstrapImage.registryId): expected /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>"],
  ])("%s: exit 2 before any az call", (_label, over, message) => {
    const r = run(OWNER, env(over));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`acr-import-bootstrap: error: ${message}`);
    expect(w.read().calls).toEqual([]);
  });
});

describe("release path bootstrap-imports-image", () => {
  test("qa, uat and prod have it, verified against the source's stack file; dev (which pushes) has none", () => {
    for (const [stack, source] of Object.entries(SOURCE_OF)) {
      const row = plan(stack).paths.find((r) => r.id === "bootstrap-imports-image");
      expect(row).toMatchObject({ ok: true, network: { verdict: "trusted-service" }, assumed: `stack ${source}: from Pulumi.${source}.yaml: registryPromotionTarget ${stack}, registryIsPromotionSource true` });
    }
    expect(plan("dev").paths.find((r) => r.id === "bootstrap-imports-image")).toBeUndefined();
  });

  test("a source that does not grant this stack (uat's registryPromotionTarget not prod): prod's plan fails the mandatory rule naming the fix", async () => {
    const uat = parseDocument(readStackFile("uat"));
    uat.setIn(["config", "pinecone-delivery:registryPromotionTarget"], "none");
    const dir = tempProject({ dev: readStackFile("dev"), qa: readStackFile("qa"), uat: uat.toString(), prod: readStackFile("prod") });
    try {
      const p = await planStack(dir, "prod");
      const row = p.paths.find((r) => r.id === "bootstrap-imports-image")!;
      expect(row.ok).toBe(false);
      expect(row.message).toBe(
        "deploy identity → registry (bootstrap-imports-image): missing Container Registry Data Importer and Data Reader on stack uat's registry for this stack's deploy identity (uat's registryPromotionTarget does not name this stack). " +
          "Fix: grant the deploy identity Container Registry Data Importer and Data Reader on this registry, set the source stack's registryPromotionTarget to this stack (it then grants the same role on its registry) and keep the source's export enabled (registryIsPromotionSource: true).",
      );
      expect(p.policy.violations.filter((v) => v.ruleId === "release-path-access" && v.level === "mandatory").map((v) => v.message)).toEqual([expect.stringContaining("(bootstrap-imports-image): missing Container Registry Data Importer and Data Reader on stack uat's registry")]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the CrossGuard pack gets the same fact from `delivery policy-config`: prod passes, and fails when uat does not grant it", async () => {
    const config = async (cwd: string) => {
      const r = await runCli(["policy-config", "prod"], cwd);
      expect(r.code).toBe(ExitCode.Ok);
      return JSON.parse(r.stdout) as Record<string, RuleConfig>;
    };
    const real = contextFrom((await config(REPO_ROOT))["release-path-access"], "");
    expect(real.releasePaths?.previousStage).toEqual({ stack: "uat", grantsImport: true, exportEnabled: true, assumed: "from Pulumi.uat.yaml: registryPromotionTarget prod, registryIsPromotionSource true", verifiable: true });
    expect(releasePathAccess.check(plan("prod").resources, real)).toEqual([]);

    const uat = parseDocument(readStackFile("uat"));
    uat.setIn(["config", "pinecone-delivery:registryPromotionTarget"], "none");
    const dir = tempProject({ uat: uat.toString(), prod: readStackFile("prod") });
    try {
      const broken = contextFrom((await config(dir))["release-path-access"], "");
      expect(broken.releasePaths?.previousStage).toMatchObject({ stack: "uat", grantsImport: false, verifiable: true });
      expect(releasePathAccess.check(plan("prod").resources, broken).map((f) => f.detail)).toEqual([expect.stringMatching(/^deploy identity → registry \(bootstrap-imports-image\): missing Container Registry Data Importer and Data Reader on stack uat's registry/)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a source that does not export, or a closed target without the trusted-services bypass, fails the row", () => {
    const p = plan("prod");
    const facts = (exportEnabled: boolean) => ({ previousStage: { stack: "uat", grantsImport: true, exportEnabled, assumed: "test", verifiable: true } });
    const noExport = evaluateReleasePaths(p.resources, facts(false)).find((r) => r.id === "bootstrap-imports-image")!;
    expect(noExport.access.missing).toEqual(["an enabled export policy on stack uat's registry (registryIsPromotionSource is false there, so nothing can import from it)"]);
    const closed = p.resources.map((r) => (r.type === "azure-native:containerregistry:Registry" ? { ...r, inputs: { ...r.inputs, networkRuleBypassOptions: "None" } } : r));
    const blocked = evaluateReleasePaths(closed, facts(true)).find((r) => r.id === "bootstrap-imports-image")!;
    expect(blocked.network).toEqual({ ok: false, verdict: "blocked", missing: ["networkRuleBypassOptions: AzureServices on the restricted registry"] });
    expect(blocked.ok).toBe(false);
  });

  test("without the deploy identity's importer grant on its own registry the row fails too", () => {
    const p = plan("prod");
    const deployImporter = (r: (typeof p.resources)[number]) =>
      r.type === "azure-native:authorization:RoleAssignment" && String(r.inputs.roleDefinitionId).endsWith("577a9874-89fd-4f24-9dbd-b5034d0ad23a") && r.name.endsWith("-acr-import");
    expect(p.resources.filter(deployImporter)).toHaveLength(1);
    const rows = evaluateReleasePaths(p.resources.filter((r) => !deployImporter(r)), { previousStage: { stack: "uat", grantsImport: true, exportEnabled: true, assumed: "test", verifiable: true } });
    expect(rows.find((r) => r.id === "bootstrap-imports-image")?.access.missing).toEqual([expect.stringMatching(/^Container Registry Data Importer and Data Reader on acrpcproprodp2w6 for delivery-environment-identity$/)]);
  });
});
