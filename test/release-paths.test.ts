/**
 * The release-path check on the plans of the real stack files, and each defect of issue 14
 * re-introduced (a mutation of the plan, of the config, or a modified copy of the pipeline YAML):
 * the check must fail with a message naming the path, the missing piece and the fix. Network rows
 * of private targets are proved with synthetic plans (the private network lands separately).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BUILT_IN_ROLES, OWNER_ONLY_ROLES } from "../infra/guardrails/role-assignments";
import { METRIC_ALERTS as ALERT_TABLE } from "../infra/platform/alert-table";
import { evaluatePolicies, policyEvaluationFromConfig } from "../policy/engine";
import { PolicyResource } from "../policy/model";
import { evaluateReleasePaths, PathResult, ReleasePathFacts } from "../policy/release-paths/evaluate";
import { RELEASE_PATHS } from "../policy/release-paths/table";
import { ExitCode } from "../tools/exit-codes";
import { planStack, StackPlan } from "../tools/plan/plan";
import { readPipelineRuns } from "../tools/plan/pipeline-runs";
import { readStackFile, REPO_ROOT, runCli, tempProject } from "./support/harness";
import { parseStackConfig } from "../infra/config";
import { loadStack } from "../tools/plan/stack-files";

const STACKS = ["dev", "qa", "uat", "prod"] as const;
const plans = new Map<string, StackPlan>();
beforeAll(async () => {
  for (const s of STACKS) plans.set(s, await planStack(REPO_ROOT, s));
  // The one grant no stack file turns on: the DevOpsInfrastructure service principal's rights on the
  // VNet (its object id is tenant-specific, so stack files leave it unset).
  plans.set("prod+mdp-principal", await planStack(REPO_ROOT, "prod", [{ key: "devopsInfrastructurePrincipalId", value: "0b5c9c2a-7f3e-4d21-9a6b-1c2d3e4f5a6b", secret: false }]));
}, 120_000);

const plan = (s: string) => plans.get(s) as StackPlan;
const row = (rows: readonly PathResult[], id: string) => {
  const found = rows.find((r) => r.id === id);
  if (!found) throw new Error(`no release path ${id}; rows: ${rows.map((r) => r.id).join(", ")}`);
  return found;
};
const IMPORTER = BUILT_IN_ROLES.ContainerRegistryDataImporter;
const roleOf = (r: PolicyResource) => String(r.inputs.roleDefinitionId).split("/").pop();
const ofType = (p: StackPlan, type: string) => p.resources.filter((r) => r.type === type);
const RA = "azure-native:authorization:RoleAssignment";

/** The plan's facts (signing, next stage, pipelines) as `delivery plan` builds them. */
function facts(p: StackPlan, pipelinesRoot = REPO_ROOT): ReleasePathFacts {
  const cfg = parseStackConfig({ ...loadStack(REPO_ROOT, p.stack), stackName: p.stack });
  const next = p.assumptions.find((a) => a.output === "identityPrincipalIds.pipeline");
  return {
    signsImages: cfg.registry.signingCertificate !== undefined,
    ...(next ? { nextStage: { principalId: String(next.value), assumed: next.source, verifiable: true } } : {}),
    pipelines: readPipelineRuns(pipelinesRoot, p.outputs, cfg.devops.infraRepository),
  };
}

/** Mandatory violations of the pack's release-path rules for mutated resources. */
function violations(p: StackPlan, resources: readonly PolicyResource[], f: ReleasePathFacts): string[] {
  const cfg = parseStackConfig({ ...loadStack(REPO_ROOT, p.stack), stackName: p.stack });
  const report = evaluatePolicies(resources, { ...policyEvaluationFromConfig(cfg, "2026-12-06"), releasePaths: f });
  return report.violations.filter((v) => v.level === "mandatory" && v.ruleId.startsWith("release-path")).map((v) => `${v.ruleId}: ${v.message}`);
}

const without = (p: StackPlan, pred: (r: PolicyResource) => boolean) => p.resources.filter((r) => !pred(r));

describe("the four stacks", () => {
  test.each(STACKS)("%s: every access and pipeline path holds; the plan says what it assumed about the next stage", (s) => {
    const p = plan(s);
    const broken = p.paths.filter((r) => !r.access.ok || (r.kind === "pipeline" && !r.ok));
    expect(broken.map((r) => r.message)).toEqual([]);
    // Rows that exist in every stack.
    for (const id of ["slot-pulls-image", "slot-reads-secrets", "deploy-manages-group", "deploy-assigns-roles", "deploy-pushes-image", "deploy-imports-image", "deploy-writes-secrets", "deploy-records-release", "preview-reads-group", "monitor-triggers-rollback"]) {
      expect(row(p.paths, id).access.ok).toBe(true);
    }
    const pipelineRows = p.paths.filter((r) => r.kind === "pipeline");
    expect(pipelineRows.map((r) => `${r.from} → ${r.to}`)).toEqual(
      expect.arrayContaining([
        `pipelines/infra-deploy.yml → environment pinecone-${s}`,
        `pipelines/infra-deploy.yml → connection azure-pinecone-${s}`,
        `pipelines/infra-preview.yml → connection azure-pinecone-${s}-preview`,
        `pipelines/app-delivery.yml → environment pinecone-${s}`,
        `pipelines/examples/azure-pipelines.yml → environment pinecone-${s}`,
        `pipelines/examples/azure-pipelines.yml → connection azure-pinecone-${s}`,
        `pipelines/rollback.yml → connection azure-pinecone-${s}`,
      ]),
    );
    // Previews never bind a deploy connection.
    expect(pipelineRows.filter((r) => r.from === "pipelines/infra-preview.yml").map((r) => r.to)).toEqual([`connection azure-pinecone-${s}-preview`]);
  });

  test("the next stage's principal the plan assumes is the one that stack's own plan outputs (dev→qa→uat→prod)", () => {
    for (const [source, target] of [["dev", "qa"], ["qa", "uat"], ["uat", "prod"]]) {
      const assumed = plan(source).assumptions.find((a) => a.output === "identityPrincipalIds.pipeline");
      const actual = (plan(target).outputs.identityPrincipalIds as { pipeline: string }).pipeline;
      expect(assumed).toMatchObject({ stackReference: `organization/pinecone-delivery/${target}`, value: actual });
      const next = row(plan(source).paths, "next-stage-imports");
      expect(next.ok).toBe(true);
      expect(next.assumed).toContain(actual);
      const grant = ofType(plan(source), RA).find((r) => r.name === "delivery-environment-acr-import-next");
      expect(grant?.inputs.principalId).toBe(actual);
      expect(roleOf(grant!)).toBe(IMPORTER);
    }
    // prod exports nothing: no promotion-source row, no reference to a next stage (only to uat, the
    // stack its bootstrap image is imported from).
    expect(plan("prod").paths.some((r) => r.id === "next-stage-imports")).toBe(false);
    expect(plan("prod").assumptions.map((a) => `${a.stackReference} ${a.output}`)).toEqual(["organization/pinecone-delivery/uat bootstrapImage"]);
  });

  test("network rows are honest: public targets say public; prod's closed registry and vault are reached over their private paths, with no exemption", () => {
    expect(plan("dev").paths.filter((r) => r.kind === "azure").every((r) => r.network.ok)).toBe(true);
    expect(row(plan("dev").paths, "slot-pulls-image").network.verdict).toBe("public");
    const prod = plan("prod");
    for (const id of ["slot-pulls-image", "slot-reads-secrets", "deploy-pushes-image", "deploy-writes-secrets"]) {
      const r = row(prod.paths, id);
      expect({ id, ok: r.ok, verdict: r.network.verdict }).toEqual({ id, ok: true, verdict: "private" });
    }
    expect(prod.policy.violations.filter((v) => v.ruleId.startsWith("release-path"))).toEqual([]);
    expect(prod.policy.exempted).toEqual([]);
    // The registry import goes through trusted services even with public access off.
    expect(row(prod.paths, "deploy-imports-image").network.verdict).toBe("trusted-service");
  });

  test("the RBAC Administrator condition lists exactly the roles the four stacks assign (owner-only roles never)", () => {
    const conditions = new Set<string>();
    const assigned = new Set<string>();
    for (const s of [...STACKS, "prod+mdp-principal"]) {
      const admin = ofType(plan(s), RA).find((r) => r.name === "delivery-environment-rg-rbac-admin")!;
      expect(admin.inputs.conditionVersion).toBe("2.0");
      conditions.add(String(admin.inputs.condition));
      const customs = ofType(plan(s), "azure-native:authorization:RoleDefinition").map((d) => d.inputs.roleDefinitionId);
      for (const ra of ofType(plan(s), RA)) if (!customs.includes(roleOf(ra))) assigned.add(roleOf(ra)!);
    }
    expect(conditions.size).toBe(1);
    const listed = [...new Set([...[...conditions][0].matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)].map((m) => m[0]))].sort();
    const ownerOnly = OWNER_ONLY_ROLES.map((r) => BUILT_IN_ROLES[r] as string);
    expect(listed).toEqual([...assigned].filter((g) => !ownerOnly.includes(g)).sort());
    // And the table holds nothing else: every role in it is assigned by some stack.
    expect(Object.values(BUILT_IN_ROLES).sort()).toEqual([...assigned].sort());
  });

  test("defect 4: on the real prod plan every rollback-relevant alert notifies an action group that posts to the rollback webhook", () => {
    const prod = plan("prod");
    const url = (prod.outputs.devops as { rollbackWebhookUrl: string }).rollbackWebhookUrl;
    expect(url).toBe("https://dev.azure.com/pinecone-software/_apis/public/distributedtask/webhooks/pinecone-prod-alert-hook?api-version=6.0-preview");
    const group = ofType(prod, "azure-native:monitor:ActionGroup").find((g) => JSON.stringify(g.inputs.webhookReceivers ?? "").includes(url));
    expect(group?.name).toBe("alerts-rollback");
    const groupUrn = group!.urn;
    const alerts = ofType(prod, "azure-native:monitor:MetricAlert");
    for (const entry of ALERT_TABLE) {
      const alert = alerts.find((a) => a.name === `alerts-${entry.key}`)!;
      const notifiesRollback = (alert.references?.actions ?? []).includes(groupUrn);
      expect({ alert: entry.key, notifiesRollback }).toEqual({ alert: entry.key, notifiesRollback: entry.triggersRollback });
    }
    expect(ALERT_TABLE.some((e) => e.triggersRollback)).toBe(true);
  });

  test("a stack reference with no stack file to derive it from is a placeholder the check refuses to call ok", async () => {
    const dir = tempProject({ dev: readStackFile("dev"), prod: readStackFile("prod") });
    temps.push(dir);
    const r = await runCli(["plan", "dev", "--json"], dir);
    expect(r.code).toBe(ExitCode.Findings);
    const doc = JSON.parse(r.stdout).plans[0];
    expect(doc.assumptions).toEqual([
      expect.objectContaining({ stackReference: "organization/pinecone-delivery/qa", value: "unresolved-stack-reference:qa", source: "no Pulumi.qa.yaml beside Pulumi.dev.yaml: placeholder, not verifiable offline" }),
    ]);
    const next = doc.paths.find((p: { id: string }) => p.id === "next-stage-imports");
    expect(next.ok).toBe(false);
    expect(next.message).toContain("missing a verifiable principal for the next stage");
  });

  test("stack outputs carry both identities' principal ids (the bootstrap reads them), not as secrets", () => {
    for (const s of STACKS) {
      const ids = plan(s).outputs.identityPrincipalIds as { pipeline: string; preview: string };
      expect(ids.pipeline).toMatch(/^[0-9a-f-]{36}$/);
      expect(ids.preview).toMatch(/^[0-9a-f-]{36}$/);
      expect(ids.preview).not.toBe(ids.pipeline);
      expect(plan(s).secretOutputs).not.toContain("identityPrincipalIds");
    }
  });

  test("delivery plan --json carries paths with from, to, needs and ok", async () => {
    const r = await runCli(["plan", "dev", "--json"]);
    expect(r.code).toBe(ExitCode.Ok);
    const paths = JSON.parse(r.stdout).plans[0].paths as Record<string, unknown>[];
    expect(paths.length).toBe(plan("dev").paths.length);
    for (const p of paths) expect(Object.keys(p)).toEqual(["id", "kind", "from", "to", "needs", "ok", "access", "network", "assumed", "message", "resource"]);
    expect(paths.find((p) => p.id === "next-stage-imports")).toMatchObject({ ok: true, assumed: expect.stringContaining("organization/pinecone-delivery/qa") });
  });
});

describe("each defect re-introduced fails the check, naming the path, the missing piece and the fix", () => {
  test("defect 2: no RBAC Administrator, a condition missing an assigned role, no lock role", () => {
    const prod = plan("prod");
    const f = facts(prod);
    const noAdmin = without(prod, (r) => r.name === "delivery-environment-rg-rbac-admin");
    expect(row(evaluateReleasePaths(noAdmin, f), "deploy-assigns-roles").message).toMatch(
      /^deploy identity → resource group \(deploy-assigns-roles\): missing Role Based Access Control Administrator on rg-pcpro-prod for delivery-environment-identity\. Fix: grant Role Based Access Control Administrator on the resource group with a conditionVersion 2\.0 condition/,
    );
    expect(violations(prod, noAdmin, f)).toEqual([expect.stringMatching(/^release-path-access: resource-group \(azure-native:resources:ResourceGroup\): deploy identity → resource group \(deploy-assigns-roles\)/)]);

    const narrowed = prod.resources.map((r) =>
      r.name === "delivery-environment-rg-rbac-admin" ? { ...r, inputs: { ...r.inputs, condition: String(r.inputs.condition).split(`${BUILT_IN_ROLES.AcrPull}, `).join("") } } : r,
    );
    expect(row(evaluateReleasePaths(narrowed, f), "deploy-assigns-roles").message).toContain(`missing the condition lists ${BUILT_IN_ROLES.AcrPull}, which the program assigns`);

    const escalating = prod.resources.map((r) =>
      r.name === "delivery-environment-rg-rbac-admin" ? { ...r, inputs: { ...r.inputs, condition: String(r.inputs.condition).replace(/\{/g, `{${BUILT_IN_ROLES.Contributor}, `) } } : r,
    );
    expect(row(evaluateReleasePaths(escalating, f), "deploy-assigns-roles").message).toContain("a condition without escalating roles (it lists Contributor)");

    const noLocks = without(prod, (r) => r.name === "delivery-environment-rg-lock-operator");
    expect(row(evaluateReleasePaths(noLocks, f), "deploy-manages-locks").message).toMatch(
      /missing the lock role assigned to delivery-environment-identity at rg-pcpro-prod\. Fix: define a custom role with Microsoft\.Authorization\/locks\/read\|write\|delete/,
    );
    expect(violations(prod, noLocks, f)).toHaveLength(1);
  });

  test("during a preview of a new stack (role assignments not computed yet) broken access is unverified, not a violation", () => {
    const prod = plan("prod");
    const f = facts(prod);
    const unknown = without(prod, (r) => r.name === "delivery-environment-rg-rbac-admin").map((r) =>
      r.name === "delivery-environment-acr-push" ? { ...r, inputs: { ...r.inputs, roleDefinitionId: "[unknown]" } } : r,
    );
    const cfg = parseStackConfig({ ...loadStack(REPO_ROOT, "prod"), stackName: "prod" });
    const report = evaluatePolicies(unknown, { ...policyEvaluationFromConfig(cfg, "2026-12-06"), releasePaths: f });
    expect(report.violations.filter((v) => v.ruleId === "release-path-access")).toEqual([]);
    expect(report.unverified.filter((v) => v.ruleId === "release-path-access").map((v) => v.message)).toEqual(
      expect.arrayContaining([expect.stringContaining("(deploy-assigns-roles): missing Role Based Access Control Administrator")]),
    );
  });

  test("defect 3: no import grant for the next stage, or none on the own registry", async () => {
    const dev = plan("dev");
    const f = facts(dev);
    const noNext = without(dev, (r) => r.name === "delivery-environment-acr-import-next");
    expect(row(evaluateReleasePaths(noNext, f), "next-stage-imports").message).toBe(
      "next stage's deploy identity → registry (next-stage-imports): missing Container Registry Data Importer and Data Reader on acrpcprodevk3x9 for the next stage's deploy identity (the registry exports images, so it is a promotion source). Fix: set registryPromotionTarget to the next stack, so this stack grants its deploy identity (read from that stack's outputs) Container Registry Data Importer and Data Reader here.",
    );
    expect(violations(dev, noNext, f)).toHaveLength(1);
    const noOwn = without(dev, (r) => r.name === "delivery-environment-acr-import");
    expect(row(evaluateReleasePaths(noOwn, f), "deploy-imports-image").message).toMatch(/missing Container Registry Data Importer on acrpcprodevk3x9 for delivery-environment-identity\. Fix: grant Container Registry Data Importer/);
    // Through the real CLI: the config that wires the grant removed.
    const r = await runCli(["plan", "qa", "--set", "registryPromotionTarget=none"]);
    expect(r.code).toBe(ExitCode.Findings);
    expect(r.stdout).toContain("MANDATORY release-path-access: registry (azure-native:containerregistry:Registry): next stage's deploy identity → registry (next-stage-imports)");
  });

  test("defect 4: no rollback action group", () => {
    const prod = plan("prod");
    const f = facts(prod);
    const cut = without(prod, (r) => r.name === "alerts-rollback");
    expect(row(evaluateReleasePaths(cut, f), "monitor-triggers-rollback").message).toBe(
      "Azure Monitor → rollback webhook (monitor-triggers-rollback): missing an action group whose webhook receiver posts to …/_apis/public/distributedtask/webhooks/pinecone-prod-alert-hook. Fix: pass DeliveryEnvironment's webhookUrl to AlertRules' rollbackWebhookUrl so a rollback action group posts to it.",
    );
    expect(violations(prod, cut, f)).toHaveLength(1);
  });

  test("defect 5: infra-deploy not extending the template, the example's tag not admitted, no authorisation for the application pipeline", () => {
    const prod = plan("prod");
    const root = copyPipelines((dir) => {
      const deploy = path.join(dir, "pipelines/infra-deploy.yml");
      // The template's stages inlined in place of the `extends:` block (with its parameters).
      const stages = fs.readFileSync(path.join(REPO_ROOT, "pipelines/templates/infra-deploy.yml"), "utf8").replace(/^[\s\S]*?\nstages:/, "stages:").replace(/stages\/infra-deploy(-gated)?\.yml/g, "templates/stages/infra-deploy$1.yml");
      fs.writeFileSync(deploy, fs.readFileSync(deploy, "utf8").replace(/extends:\n  template: templates\/infra-deploy\.yml\n(?:  parameters:\n(?:    .*\n)*)?/, stages));
      const example = path.join(dir, "pipelines/examples/azure-pipelines.yml");
      fs.writeFileSync(example, fs.readFileSync(example, "utf8").replace("ref: refs/tags/delivery-templates-v1", "ref: refs/tags/delivery-templates-v2"));
    });
    const f = facts(prod, root);
    const rows = evaluateReleasePaths(prod.resources, f);
    expect(row(rows, "pipeline:pipelines/infra-deploy.yml:environment:pinecone-prod").message).toBe(
      "pipelines/infra-deploy.yml → environment pinecone-prod: missing the required template: it extends no template, the check admits pipelines/templates/app-delivery.yml@refs/heads/main, pipelines/templates/app-delivery.yml@refs/tags/delivery-templates-v1, pipelines/templates/infra-deploy.yml@refs/heads/main. Fix: make the pipeline `extends:` an admitted template.",
    );
    expect(row(rows, "pipeline:pipelines/examples/azure-pipelines.yml:environment:pinecone-prod").message).toContain(
      "it extends pipelines/templates/app-delivery.yml@refs/tags/delivery-templates-v2",
    );
    expect(violations(prod, prod.resources, f)).toHaveLength(2);

    const appId = (prod.outputs.devops as { applicationPipelineIds: Record<string, string> }).applicationPipelineIds["pinecone-app-example"];
    const unauthorised = without(prod, (r) => r.type === "azuredevops:index/pipelineAuthorization:PipelineAuthorization" && String(r.inputs.pipelineId) === String(appId));
    const rows2 = evaluateReleasePaths(unauthorised, facts(prod));
    expect(row(rows2, "pipeline:pipelines/examples/azure-pipelines.yml:connection:azure-pinecone-prod").message).toBe(
      `pipelines/examples/azure-pipelines.yml → connection azure-pinecone-prod: missing a pipeline authorisation of definition ${appId} on connection azure-pinecone-prod. Fix: authorise the pipeline on it (PIPELINE_AUTHORIZATIONS or devopsApplicationPipelines).`,
    );
  });

  test("defect 6: previews on the deploy connection, no branch control on the deploy connection, a preview identity that can write", () => {
    const uat = plan("uat");
    const root = copyPipelines((dir) => {
      const preview = path.join(dir, "pipelines/infra-preview.yml");
      fs.writeFileSync(preview, fs.readFileSync(preview, "utf8").replace(/azure-pinecone-(\w+)-preview/g, "azure-pinecone-$1"));
    });
    const f = facts(uat, root);
    expect(row(evaluateReleasePaths(uat.resources, f), "pipeline:pipelines/infra-preview.yml:connection:azure-pinecone-uat").message).toMatch(
      /^pipelines\/infra-preview\.yml → connection azure-pinecone-uat: missing a pipeline authorisation of definition \d+ on connection azure-pinecone-uat; branch control admitting refs\/pull\/1\/merge \(it admits refs\/heads\/main, refs\/tags\/release\/\*\)\. Fix: .*use the read-only preview connection for pull-request code\.$/,
    );
    expect(violations(uat, uat.resources, f)).toHaveLength(1);

    const noConnectionCheck = without(uat, (r) => r.name === "delivery-environment-service-connection-branch-control");
    expect(row(evaluateReleasePaths(noConnectionCheck, facts(uat)), "pipeline:pipelines/infra-deploy.yml:connection:azure-pinecone-uat").message).toContain(
      "missing branch control on the deploy connection azure-pinecone-uat itself. Fix: add a CheckBranchControl on the service connection (targetResourceType endpoint)",
    );

    const reader = uat.resources.find((r) => r.name === "delivery-environment-preview-rg-reader")!;
    const writer = { ...reader, urn: `${reader.urn}-contributor`, name: "preview-contributor", inputs: { ...reader.inputs, roleDefinitionId: String(reader.inputs.roleDefinitionId).replace(BUILT_IN_ROLES.Reader, BUILT_IN_ROLES.Contributor) } };
    expect(row(evaluateReleasePaths([...uat.resources, writer], facts(uat)), "preview-reads-group").message).toBe(
      `preview identity → resource group (preview-reads-group): missing no other role: preview-contributor grants ${BUILT_IN_ROLES.Contributor} to the preview identity (remove it). Fix: grant the preview identity Reader on the resource group and remove every other role it holds.`,
    );
  });

  test("defect 8: the build stack's deploy identity without the signing roles", () => {
    const dev = plan("dev");
    const f = facts(dev);
    expect(row(evaluateReleasePaths(dev.resources, f), "deploy-signs-images").ok).toBe(true);
    const cut = without(dev, (r) => r.name === "delivery-environment-vault-crypto-user");
    expect(row(evaluateReleasePaths(cut, f), "deploy-signs-images").message).toBe(
      "deploy identity → vault (deploy-signs-images): missing Key Vault Crypto User on kv-pcpro-dev-k3x9 for delivery-environment-identity. Fix: grant Key Vault Crypto User, Certificate User and Certificates Officer on the vault to the deploy identity (imageSigningCertificate).",
    );
    expect(violations(dev, cut, f)).toHaveLength(1);
    // Stacks that sign nothing have no signing row and no signing grants.
    expect(plan("prod").paths.some((r) => r.id === "deploy-signs-images")).toBe(false);
    expect(ofType(plan("prod"), RA).some((r) => roleOf(r) === BUILT_IN_ROLES.KeyVaultCryptoUser)).toBe(false);
  });
});

/** A throwaway copy of pipelines/ (so a test can break one file); returns its root. */
const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function copyPipelines(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "release-paths-"));
  temps.push(dir);
  fs.cpSync(path.join(REPO_ROOT, "pipelines"), path.join(dir, "pipelines"), { recursive: true });
  edit(dir);
  return dir;
}

describe("network paths on synthetic plans (the shapes the private network emits)", () => {
  const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-x";
  const res = (type: string, name: string, inputs: Record<string, unknown>, references: Record<string, string[]> = {}): PolicyResource => ({
    urn: `urn:${type}::${name}`, type, name, inputs: { resourceGroupName: "rg-x", ...inputs }, protect: false, ignoreChanges: [], references,
  });
  const rg = res("azure-native:resources:ResourceGroup", "rg", { resourceGroupName: "rg-x" });
  const idSlot = res("azure-native:managedidentity:UserAssignedIdentity", "id-prod", { resourceName: "id-prod" });
  const idDeploy = res("azure-native:managedidentity:UserAssignedIdentity", "id-deploy", { resourceName: "id-deploy" });
  const conn = res("azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM", "conn", { serviceEndpointName: "azure-pinecone-x" }, { credentials: [idDeploy.urn] });
  const registry = (inputs: Record<string, unknown>) => res("azure-native:containerregistry:Registry", "registry", { registryName: "acrx", ...inputs });
  const vault = (defaultAction: string) => res("azure-native:keyvault:Vault", "vault", { vaultName: "kv-x", properties: { publicNetworkAccess: "Enabled", networkAcls: { defaultAction } } });
  const site = (inputs: Record<string, unknown>) => res("azure-native:web:WebApp", "app", { name: "app-x", ...inputs }, { identity: [idSlot.urn] });
  const grant = (name: string, principal: PolicyResource, guid: string, scopeId: string) =>
    res("azure-native:authorization:RoleAssignment", name, { scope: scopeId, principalId: "p", roleDefinitionId: `/subscriptions/0/providers/Microsoft.Authorization/roleDefinitions/${guid}` }, { principalId: [principal.urn] });
  const acrId = `${SUB}/providers/Microsoft.ContainerRegistry/registries/acrx`;
  const kvId = `${SUB}/providers/Microsoft.KeyVault/vaults/kv-x`;
  const pe = (name: string, target: string, group: string) =>
    res("azure-native:network:PrivateEndpoint", name, { privateEndpointName: name, privateLinkServiceConnections: [{ name, privateLinkServiceId: target, groupIds: [group] }] });
  const zones = (peName: string) => res("azure-native:network:PrivateDnsZoneGroup", `${peName}-dns`, { privateEndpointName: peName, privateDnsZoneGroupName: "default" });
  const base = [rg, idSlot, idDeploy, conn, grant("pull", idSlot, BUILT_IN_ROLES.AcrPull, acrId), grant("push", idDeploy, BUILT_IN_ROLES.AcrPush, acrId), grant("sec", idSlot, BUILT_IN_ROLES.KeyVaultSecretsUser, kvId), grant("off", idDeploy, BUILT_IN_ROLES.KeyVaultSecretsOfficer, kvId)];
  const pull = (resources: PolicyResource[]) => row(evaluateReleasePaths(resources), "slot-pulls-image");

  test("a public registry is 'public'", () => {
    expect(pull([...base, registry({ publicNetworkAccess: "Enabled" }), site({})]).network).toEqual({ ok: true, verdict: "public", missing: [] });
  });

  test("a registry with public access off: private only with endpoint, DNS zone group, VNet integration and image-pull routing", () => {
    const closed = registry({ publicNetworkAccess: "Disabled" });
    const vnetSite = site({ virtualNetworkSubnetId: `${SUB}/providers/Microsoft.Network/virtualNetworks/v/subnets/app`, outboundVnetRouting: { imagePullTraffic: true } });
    expect(pull([...base, closed, vnetSite, pe("pe-acr", acrId, "registry"), zones("pe-acr")]).network).toEqual({ ok: true, verdict: "private", missing: [] });
    const noDns = pull([...base, closed, vnetSite, pe("pe-acr", acrId, "registry")]);
    expect(noDns.network.verdict).toBe("blocked");
    expect(noDns.message).toContain("missing a private DNS zone group on the private endpoint to acrx");
    const wrongGroup = pull([...base, closed, vnetSite, pe("pe-acr", acrId, "vault"), zones("pe-acr")]);
    expect(wrongGroup.network.missing).toEqual(['a private endpoint to acrx (groupIds ["registry"])']);
    const noRouting = pull([...base, closed, site({ virtualNetworkSubnetId: "subnet" }), pe("pe-acr", acrId, "registry"), zones("pe-acr")]);
    expect(noRouting.network.missing).toEqual(["app routing imagePullTraffic through its VNet (outboundVnetRouting.imagePullTraffic)"]);
    const noVnet = pull([...base, closed, site({}), pe("pe-acr", acrId, "registry"), zones("pe-acr")]);
    expect(noVnet.network.missing).toEqual(["VNet integration of app (virtualNetworkSubnetId)"]);
  });

  test("a vault with a Deny firewall: pipelines need a Managed DevOps Pool in the VNet besides the endpoint", () => {
    const v = vault("Deny");
    const withPe = [...base, registry({}), v, site({ virtualNetworkSubnetId: "s", outboundVnetRouting: { applicationTraffic: true } }), pe("pe-kv", kvId, "vault"), zones("pe-kv")];
    expect(row(evaluateReleasePaths(withPe), "slot-reads-secrets").network.verdict).toBe("private");
    const deploy = row(evaluateReleasePaths(withPe), "deploy-writes-secrets");
    expect(deploy.network.missing).toEqual([
      "a Managed DevOps Pool in the stack's VNet (devopsinfrastructure Pool with fabricProfile.networkProfile.subnetId) for the pipelines",
    ]);
    const pool = res("azure-native:devopsinfrastructure:Pool", "pool", { poolName: "mdp-x", fabricProfile: { kind: "Vmss", networkProfile: { subnetId: "s" } } });
    expect(row(evaluateReleasePaths([...withPe, pool]), "deploy-writes-secrets").network).toEqual({ ok: true, verdict: "private", missing: [] });
    expect(row(evaluateReleasePaths([...base, registry({}), vault("Allow"), site({})]), "deploy-writes-secrets").network.verdict).toBe("public");
  });

  test("the table names each row once, with a why and a fix", () => {
    expect(new Set(RELEASE_PATHS.map((p) => p.id)).size).toBe(RELEASE_PATHS.length);
    for (const p of RELEASE_PATHS) {
      expect(p.why.length).toBeGreaterThan(20);
      expect(p.fix.length).toBeGreaterThan(20);
    }
  });
});
