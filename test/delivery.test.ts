import { mockGuid } from "../tools/plan/mocks";
/**
 * DeliveryEnvironment and DeliveryPipelines (issue 5), recorded under mocks: checks, federation,
 * role assignments, variable groups, webhook secrecy, the pipeline-authorization table, build
 * definitions and branch policies, and the argument conflicts that must stop before any resource.
 */
import * as pulumi from "@pulumi/pulumi";
import * as azuredevops from "../infra/azuredevops";
import { DeliveryEnvironment, DeliveryEnvironmentArgs } from "../infra/delivery/delivery-environment";
import { DeliveryPipelines, existingPipelineIds } from "../infra/delivery/delivery-pipelines";
import { DELIVERY_TEMPLATE_PATH, PLATFORM_VARIABLES } from "../infra/delivery/devops-names";
import { Recorded, recordResources } from "./support/harness";

const T = {
  component: "pinecone:delivery:DeliveryEnvironment",
  pipelines: "pinecone:delivery:DeliveryPipelines",
  identity: "azure-native:managedidentity:UserAssignedIdentity",
  federation: "azure-native:managedidentity:FederatedIdentityCredential",
  role: "azure-native:authorization:RoleAssignment",
  connection: "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM",
  webhook: "azuredevops:index/serviceendpointIncomingwebhook:ServiceendpointIncomingwebhook",
  environment: "azuredevops:index/environment:Environment",
  approval: "azuredevops:index/checkApproval:CheckApproval",
  hours: "azuredevops:index/checkBusinessHours:CheckBusinessHours",
  branches: "azuredevops:index/checkBranchControl:CheckBranchControl",
  lock: "azuredevops:index/checkExclusiveLock:CheckExclusiveLock",
  template: "azuredevops:index/checkRequiredTemplate:CheckRequiredTemplate",
  group: "azuredevops:index/variableGroup:VariableGroup",
  authorization: "azuredevops:index/pipelineAuthorization:PipelineAuthorization",
  definition: "azuredevops:index/buildDefinition:BuildDefinition",
  minReviewers: "azuredevops:index/branchPolicyMinReviewers:BranchPolicyMinReviewers",
  buildValidation: "azuredevops:index/branchPolicyBuildValidation:BranchPolicyBuildValidation",
  comments: "azuredevops:index/branchPolicyCommentResolution:BranchPolicyCommentResolution",
  workItems: "azuredevops:index/branchPolicyWorkItemLinking:BranchPolicyWorkItemLinking",
};
const ROLE_GUIDS = {
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  AcrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
  KeyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  RbacAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  Importer: "577a9874-89fd-4f24-9dbd-b5034d0ad23a",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  CryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
  CertificateUser: "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
  CertificatesOfficer: "a4417e6f-fecd-4de8-b567-7b0420556985",
};
const SUB = "00000000-0000-0000-0000-000000000000";
const PROJECT_ID = "0a0a0a0a-0000-4000-8000-00000000000a";
const RG_ID = `/subscriptions/${SUB}/resourceGroups/rg-pcpro-prod`;
const REGISTRY_ID = `${RG_ID}/providers/Microsoft.ContainerRegistry/registries/acrpcproprodp2w6`;
const VAULT_ID = `${RG_ID}/providers/Microsoft.KeyVault/vaults/kv-pcpro-prod-p2w6`;
const APPROVERS = ["a1a1a1a1-1111-4111-8111-111111111111", "b2b2b2b2-2222-4222-8222-222222222222", "c3c3c3c3-3333-4333-8333-333333333333"];
const CANARY = "canary-webhook-secret-5d1e";
const PIPELINE_IDS = { appDelivery: "101", infraPreview: 102, infraDeploy: "103", infraDrift: "104", rollback: 105, toolsPin: "106" } as const;

function envArgs(code: string, extra: Partial<DeliveryEnvironmentArgs> = {}): DeliveryEnvironmentArgs {
  return {
    environmentCode: code,
    organizationUrl: "https://dev.azure.com/pinecone-software/",
    projectId: PROJECT_ID,
    azure: {
      subscriptionId: SUB,
      tenantId: "11111111-1111-1111-1111-111111111111",
      resourceGroupId: RG_ID,
      resourceGroupName: "rg-pcpro-prod",
      location: "westeurope",
      registryId: REGISTRY_ID,
      vaultName: "kv-pcpro-prod-p2w6",
      identityName: `id-pcpro-${code}-pipeline`,
      previewIdentityName: `id-pcpro-${code}-preview`,
    },
    platformVariables: Object.fromEntries(PLATFORM_VARIABLES.map((v) => [v, `value-of-${v}`])) as DeliveryEnvironmentArgs["platformVariables"],
    pipelineIds: PIPELINE_IDS,
    ...extra,
  };
}

const prodArgs = (): DeliveryEnvironmentArgs =>
  envArgs("prod", {
    azure: { ...envArgs("prod").azure, vaultId: VAULT_ID },
    approvals: { approvers: APPROVERS, minimumApprovers: 2, requesterCanApprove: false },
    businessHours: { days: ["monday", "tuesday", "wednesday", "thursday"], start: "09:00", end: "15:00", timeZone: "W. Europe Standard Time" },
    allowedBranches: ["refs/heads/main", "refs/tags/release/*"],
    requiredTemplates: [{ repositoryName: "PineCone Pro/pinecone-delivery", path: DELIVERY_TEMPLATE_PATH }],
    rollbackWebhookSecret: pulumi.secret(CANARY),
    tags: { environment: "prod" },
  });

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

interface EnvRun {
  readonly rec: Recorded;
  readonly env: DeliveryEnvironment;
  readonly ids: {
    environment: string; connection: string; previewConnection: string; webhook: string; settings: string; secrets: string;
    clientId: string; principalId: string; previewPrincipalId: string; webhookUrl: string;
  };
}

async function runEnvironment(name: string, args: DeliveryEnvironmentArgs): Promise<EnvRun> {
  let env!: DeliveryEnvironment;
  const rec = await recordResources(() => {
    env = new DeliveryEnvironment(name, args);
  });
  const ids = {
    environment: await valueOf(env.environmentId),
    connection: await valueOf(env.serviceConnectionId),
    previewConnection: await valueOf(env.previewServiceConnectionId),
    webhook: await valueOf(env.webhookServiceConnectionId),
    settings: await valueOf(env.variableGroupIds.settings),
    secrets: await valueOf(env.variableGroupIds.secrets),
    clientId: await valueOf(env.identityClientId),
    principalId: await valueOf(env.identityPrincipalId),
    previewPrincipalId: await valueOf(env.previewIdentityPrincipalId),
    webhookUrl: await valueOf(env.webhookUrl),
  };
  return { rec, env, ids };
}

const byName = (rec: Recorded, type: string) => rec.ofType(type).map((r) => r.name).sort();

describe("DeliveryEnvironment (production)", () => {
  let prod: EnvRun;
  beforeAll(async () => {
    prod = await runEnvironment("prod", prodArgs());
  });

  test("the environment carries approval, release window, branch control, exclusive lock and required template", () => {
    const { rec, ids } = prod;
    const component = rec.one(T.component, "prod");
    const environment = rec.one(T.environment, "prod-environment");
    expect(environment.inputs).toMatchObject({ projectId: PROJECT_ID, name: "pinecone-prod" });
    const target = { projectId: PROJECT_ID, targetResourceId: ids.environment, targetResourceType: "environment" };
    expect(ids.environment).toMatch(/^\d+$/);

    expect(rec.one(T.approval, "prod-approval").inputs).toMatchObject({
      ...target,
      approvers: APPROVERS,
      minimumRequiredApprovers: 2,
      requesterCanApprove: false,
      timeout: 1440,
    });
    expect(rec.one(T.hours, "prod-business-hours").inputs).toMatchObject({
      ...target,
      startTime: "09:00",
      endTime: "15:00",
      timeZone: "W. Europe Standard Time",
      monday: true,
      tuesday: true,
      wednesday: true,
      thursday: true,
      friday: false,
      saturday: false,
      sunday: false,
    });
    expect(rec.one(T.branches, "prod-branch-control").inputs).toMatchObject({
      ...target,
      allowedBranches: "refs/heads/main, refs/tags/release/*",
      // Release tags cannot carry branch policies: verifying protection would reject them.
      verifyBranchProtection: false,
      ignoreUnknownProtectionStatus: false,
    });
    expect(rec.one(T.lock, "prod-exclusive-lock").inputs).toMatchObject(target);
    // Releases and rollback runs of the stack queue on one lock: the secrets group only they use.
    expect(rec.one(T.lock, "prod-swap-lock").inputs).toEqual({ projectId: PROJECT_ID, targetResourceId: ids.secrets, targetResourceType: "variablegroup" });
    expect(rec.one(T.template, "prod-required-template").inputs).toMatchObject({
      ...target,
      requiredTemplates: [
        { repositoryName: "PineCone Pro/pinecone-delivery", repositoryRef: "refs/heads/main", templatePath: "pipelines/templates/app-delivery.yml", repositoryType: "azuregit" },
      ],
    });
    for (const type of [T.environment, T.approval, T.hours, T.branches, T.lock, T.template]) {
      const [r] = rec.ofType(type);
      expect([r.parent, r.version]).toEqual([component.urn, "3.15.0"]);
    }
  });

  test("the service connection federates the pipeline identity without a secret", () => {
    const { rec, ids } = prod;
    const connection = rec.one(T.connection, "prod-service-connection");
    expect(connection.inputs).toMatchObject({
      projectId: PROJECT_ID,
      serviceEndpointName: "azure-pinecone-prod",
      serviceEndpointAuthenticationScheme: "WorkloadIdentityFederation",
      azurermSpnTenantid: "11111111-1111-1111-1111-111111111111",
      azurermSubscriptionId: SUB,
    });
    expect(connection.inputs.credentials).toEqual({ serviceprincipalid: ids.clientId });
    expect(connection.secretPaths).toEqual([]);

    const identity = rec.one(T.identity, "prod-identity");
    expect(identity.inputs).toMatchObject({ resourceName: "id-pcpro-prod-pipeline", resourceGroupName: "rg-pcpro-prod", location: "westeurope" });
    expect(rec.one(T.federation, "prod-federation").inputs).toEqual({
      resourceGroupName: "rg-pcpro-prod",
      resourceName: "id-pcpro-prod-pipeline",
      federatedIdentityCredentialResourceName: "azure-devops-azure-pinecone-prod",
      issuer: `https://vstoken.dev.azure.com/${mockGuid("organization")}`,
      subject: "sc://pinecone-software/PineCone Pro/azure-pinecone-prod",
      audiences: ["api://AzureADTokenExchange"],
    });
  });

  test("deploy identity: Contributor and constrained RBAC Administrator on the group, AcrPush and import on the registry, Secrets Officer on the vault; preview identity: Reader only", () => {
    const { rec, ids } = prod;
    const grants = rec.ofType(T.role).map((r) => [r.name, r.inputs.scope, r.inputs.roleDefinitionId, r.inputs.principalType, r.inputs.principalId]);
    const role = (guid: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
    const byFirst = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(grants.sort(byFirst)).toEqual([
      ["prod-rg-contributor", RG_ID, role(ROLE_GUIDS.Contributor), "ServicePrincipal", ids.principalId],
      ["prod-rg-rbac-admin", RG_ID, role(ROLE_GUIDS.RbacAdministrator), "ServicePrincipal", ids.principalId],
      ["prod-acr-push", REGISTRY_ID, role(ROLE_GUIDS.AcrPush), "ServicePrincipal", ids.principalId],
      ["prod-acr-import", REGISTRY_ID, role(ROLE_GUIDS.Importer), "ServicePrincipal", ids.principalId],
      ["prod-vault-secrets-officer", VAULT_ID, role(ROLE_GUIDS.KeyVaultSecretsOfficer), "ServicePrincipal", ids.principalId],
      ["prod-preview-rg-reader", RG_ID, role(ROLE_GUIDS.Reader), "ServicePrincipal", ids.previewPrincipalId],
    ].sort(byFirst));
    const admin = rec.one(T.role, "prod-rg-rbac-admin").inputs;
    expect(admin.conditionVersion).toBe("2.0");
    // Write clause on the requested role, delete clause on the existing assignment's role.
    expect(admin.condition).toMatch(/^\(\(!\(ActionMatches\{'Microsoft\.Authorization\/roleAssignments\/write'\}\)\) OR \(@Request\[Microsoft\.Authorization\/roleAssignments:RoleDefinitionId\] ForAnyOfAnyValues:GuidEquals \{[^}]+\}\)\) AND \(\(!\(ActionMatches\{'Microsoft\.Authorization\/roleAssignments\/delete'\}\)\) OR \(@Resource\[Microsoft\.Authorization\/roleAssignments:RoleDefinitionId\] ForAnyOfAnyValues:GuidEquals \{[^}]+\}\)\)$/);
    // Never its own authority: it cannot hand out Contributor or RBAC Administrator.
    expect(admin.condition).not.toContain(ROLE_GUIDS.Contributor);
    expect(admin.condition).not.toContain(ROLE_GUIDS.RbacAdministrator);
    expect(rec.ofType(T.role).filter((r) => r.name !== "prod-rg-rbac-admin").every((r) => r.inputs.condition === undefined)).toBe(true);
    expect(rec.ofType("azure-native:authorization:RoleDefinition")).toHaveLength(0);
  });

  test("locks, promotion and signing: a lock-only custom role at the group, import rights for the next stage, Notation's vault roles", async () => {
    const { rec, ids } = await runEnvironment("prod", { ...prodArgs(), manageLocks: true, promotionTargetPrincipalId: "9e9e9e9e-0000-4000-8000-000000000009", signsImages: true });
    const definition = rec.one("azure-native:authorization:RoleDefinition");
    expect(definition.inputs).toMatchObject({
      scope: RG_ID,
      roleType: "CustomRole",
      assignableScopes: [RG_ID],
      permissions: [{ actions: ["Microsoft.Authorization/locks/read", "Microsoft.Authorization/locks/write", "Microsoft.Authorization/locks/delete"], notActions: [], dataActions: [], notDataActions: [] }],
    });
    const lockGrant = rec.one(T.role, "prod-rg-lock-operator");
    expect(lockGrant.inputs).toMatchObject({
      scope: RG_ID,
      principalId: ids.principalId,
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${definition.inputs.roleDefinitionId}`,
    });
    expect(lockGrant.dependsOn).toEqual([definition.urn]);
    expect(rec.one(T.role, "prod-acr-import-next").inputs).toMatchObject({ scope: REGISTRY_ID, principalId: "9e9e9e9e-0000-4000-8000-000000000009" });
    expect(String(rec.one(T.role, "prod-acr-import-next").inputs.roleDefinitionId)).toMatch(new RegExp(`${ROLE_GUIDS.Importer}$`));
    for (const [n, guid] of [["prod-vault-crypto-user", ROLE_GUIDS.CryptoUser], ["prod-vault-certificate-user", ROLE_GUIDS.CertificateUser], ["prod-vault-certificates-officer", ROLE_GUIDS.CertificatesOfficer]]) {
      expect(rec.one(T.role, n).inputs).toMatchObject({ scope: VAULT_ID, principalId: ids.principalId });
      expect(String(rec.one(T.role, n).inputs.roleDefinitionId)).toMatch(new RegExp(`${guid}$`));
    }
  });

  test("variable groups: plain platform settings, and Key Vault secrets read through the service connection", () => {
    const { rec, ids } = prod;
    const settings = rec.one(T.group, "prod-settings");
    expect(settings.inputs).toMatchObject({ projectId: PROJECT_ID, name: "pinecone-prod-settings", allowAccess: false });
    expect(settings.inputs.variables).toEqual(PLATFORM_VARIABLES.map((v) => ({ name: v, value: `value-of-${v}`, isSecret: false })));
    expect(settings.inputs.variables).toHaveLength(15);

    const secrets = rec.one(T.group, "prod-secrets");
    expect(secrets.inputs).toMatchObject({
      name: "pinecone-prod-secrets",
      allowAccess: false,
      keyVault: { name: "kv-pcpro-prod-p2w6", serviceEndpointId: ids.connection },
      variables: [{ name: "ConnectionStrings--Erp" }, { name: "Auth--JwtSigningKey" }, { name: "Notifications--WebhookUrl" }],
    });
    expect([...secrets.dependsOn].sort()).toEqual(
      [rec.one(T.federation, "prod-federation").urn, rec.one(T.role, "prod-vault-secrets-officer").urn].sort(),
    );
  });

  test("the rollback webhook secret never appears unmasked; the webhook URL follows the names contract", () => {
    const { rec, ids } = prod;
    const webhook = rec.one(T.webhook, "prod-rollback-webhook");
    expect(webhook.inputs).toMatchObject({
      serviceEndpointName: "pinecone-prod-alert-hook",
      webhookName: "pinecone-prod-alert-hook",
      secret: "[secret]",
      httpHeader: "X-Hub-Signature",
    });
    expect(rec.isSecretAt(webhook, "secret")).toBe(true);
    expect(JSON.stringify(rec.resources)).not.toContain(CANARY);
    expect(JSON.stringify(rec.invokes)).not.toContain(CANARY);
    expect(ids.webhookUrl).toBe(
      "https://dev.azure.com/pinecone-software/_apis/public/distributedtask/webhooks/pinecone-prod-alert-hook?api-version=6.0-preview",
    );
  });

  test("each pipeline is authorized for exactly the objects it uses", () => {
    const { rec, ids } = prod;
    const auths = rec.ofType(T.authorization);
    const pairs = auths.map((a) => `${a.inputs.pipelineId} ${a.inputs.type} ${a.inputs.resourceId}`).sort();
    const env = `environment ${ids.environment}`;
    const arm = `endpoint ${ids.connection}`;
    const preview = `endpoint ${ids.previewConnection}`;
    const hook = `endpoint ${ids.webhook}`;
    const settings = `variablegroup ${ids.settings}`;
    const secrets = `variablegroup ${ids.secrets}`;
    const expected = [
      ...[env, arm, settings, secrets].map((r) => `101 ${r}`), // app delivery
      ...[preview, settings].map((r) => `102 ${r}`), // infra preview: pull-request code, the read-only connection only
      ...[env, arm, settings].map((r) => `103 ${r}`), // infra deploy (deployment jobs through the environment)
      ...[preview, settings].map((r) => `104 ${r}`), // drift: a refresh preview, the read-only connection
      ...[hook, arm, settings, secrets].map((r) => `105 ${r}`), // rollback: no environment, so no approval can delay it
    ].sort();
    expect(pairs).toEqual(expected);
    expect(auths).toHaveLength(15);
    expect(auths.every((a) => a.inputs.projectId === PROJECT_ID && typeof a.inputs.pipelineId === "number")).toBe(true);
    expect(auths.map((a) => a.name)).toContain("prod-authorize-rollback-rollbackWebhook");
  });
});

describe("DeliveryEnvironment (non-production)", () => {
  test("no approvers: no approval check; only the checks the args ask for; no vault grant; webhook without secret", async () => {
    const { rec } = await runEnvironment(
      "qa",
      envArgs("qa", { approvals: { approvers: [], minimumApprovers: 0 }, allowedBranches: ["refs/heads/main"] }),
    );
    const counts = Object.fromEntries([T.approval, T.hours, T.branches, T.lock, T.template, T.role, T.authorization].map((t) => [t, rec.ofType(t).length]));
    // the environment's lock and the slot-swap lock on the secrets group
    expect(counts).toEqual({ [T.approval]: 0, [T.hours]: 0, [T.branches]: 2, [T.lock]: 2, [T.template]: 0, [T.role]: 5, [T.authorization]: 15 });
    // A single exact branch can be verified as protected, so the default turns verification on.
    const [envBranches, connectionBranches] = rec.ofType(T.branches);
    expect(envBranches.inputs).toMatchObject({ targetResourceType: "environment", allowedBranches: "refs/heads/main", verifyBranchProtection: true });
    // The deploy connection carries the same branch control, so a job naming it outside the environment is refused too.
    expect(connectionBranches.inputs).toMatchObject({ targetResourceType: "endpoint", allowedBranches: "refs/heads/main", verifyBranchProtection: true });
    expect(rec.one(T.environment).inputs.name).toBe("pinecone-qa");
    const webhook = rec.one(T.webhook);
    expect(webhook.inputs.secret).toBeUndefined();
    expect(webhook.inputs.httpHeader).toBeUndefined();
    expect(byName(rec, T.role)).toEqual(["qa-acr-import", "qa-acr-push", "qa-preview-rg-reader", "qa-rg-contributor", "qa-rg-rbac-admin"]);
  });
});

describe("DeliveryPipelines", () => {
  const REPO_ID = "0b0b0b0b-0000-4000-8000-00000000000b";
  let rec: Recorded;
  let pipelineIds: Record<string, string>;
  let lookedUp: Record<string, string>;

  beforeAll(async () => {
    let pipelines!: DeliveryPipelines;
    let lookup!: Readonly<Record<string, pulumi.Output<string>>>;
    rec = await recordResources(
      () => {
        const project = azuredevops.getProjectOutput({ name: "PineCone Pro" });
        const repository = azuredevops.getGitRepositoryOutput({ projectId: project.id, name: "pinecone-delivery" });
        pipelines = new DeliveryPipelines("shared", { projectId: project.id, repositoryId: repository.id });
        lookup = existingPipelineIds(project.id);
      },
      {
        invokes: {
          "azuredevops:index/getProject:getProject": () => ({ id: PROJECT_ID, projectId: PROJECT_ID, name: "PineCone Pro" }),
          "azuredevops:index/getGitRepository:getGitRepository": (a) => ({ id: REPO_ID, name: a.name, projectId: a.projectId }),
          "azuredevops:index/getBuildDefinition:getBuildDefinition": (a) => ({ id: `id-of-${String(a.name)}`, name: a.name, path: a.path }),
        },
      },
    );
    pipelineIds = {};
    lookedUp = {};
    for (const key of Object.keys(pipelines.pipelineIds) as (keyof typeof pipelines.pipelineIds)[]) {
      pipelineIds[key] = await valueOf(pipelines.pipelineIds[key]);
      lookedUp[key] = await valueOf(lookup[key]);
    }
  });

  test("one YAML build definition per pipeline, on this repo's main, in the shared folder", () => {
    const defs = rec.ofType(T.definition);
    expect(defs).toHaveLength(6);
    expect(Object.fromEntries(defs.map((d) => [d.inputs.name, (d.inputs.repository as Record<string, unknown>).ymlPath]))).toEqual({
      "pinecone-pro-delivery": "pipelines/app-delivery.yml",
      "pinecone-delivery-preview": "pipelines/infra-preview.yml",
      "pinecone-delivery-deploy": "pipelines/infra-deploy.yml",
      "pinecone-delivery-drift": "pipelines/infra-drift.yml",
      "pinecone-pro-rollback": "pipelines/rollback.yml",
      "pinecone-delivery-tools-pin": "pipelines/tools-pin.yml",
    });
    for (const d of defs) {
      expect(d.inputs).toMatchObject({ projectId: PROJECT_ID, path: "\\pinecone", repository: { repoType: "TfsGit", repoId: REPO_ID, branchName: "refs/heads/main" } });
    }
    // YAML triggers everywhere except the preview, which the build-validation policy runs.
    const triggers = Object.fromEntries(defs.map((d) => [d.name, d.inputs.ciTrigger]));
    expect(triggers).toEqual({
      "shared-appDelivery": { useYaml: true },
      "shared-infraPreview": undefined,
      "shared-infraDeploy": { useYaml: true },
      "shared-infraDrift": { useYaml: true },
      "shared-rollback": { useYaml: true },
      "shared-toolsPin": { useYaml: true },
    });
    expect(Object.keys(pipelineIds).sort()).toEqual(["appDelivery", "infraDeploy", "infraDrift", "infraPreview", "rollback", "toolsPin"]);
    expect(Object.values(pipelineIds).every((id) => /^\d+$/.test(id))).toBe(true);
  });

  test("four blocking, enabled branch policies on refs/heads/main; build validation runs the infra preview", () => {
    const scopes = [{ repositoryId: REPO_ID, repositoryRef: "refs/heads/main", matchType: "Exact" }];
    const policies = [T.minReviewers, T.buildValidation, T.comments, T.workItems].map((t) => rec.one(t));
    for (const p of policies) expect(p.inputs).toMatchObject({ projectId: PROJECT_ID, enabled: true, blocking: true, settings: { scopes } });
    expect(rec.one(T.minReviewers).inputs.settings).toMatchObject({ reviewerCount: 2, submitterCanVote: false, onPushResetApprovedVotes: true });
    expect(rec.one(T.buildValidation).inputs.settings).toMatchObject({
      buildDefinitionId: Number(pipelineIds.infraPreview),
      filenamePatterns: ["/infra/*", "/policy/*", "/Pulumi*.yaml", "/pipelines/*", "/package.json", "/package-lock.json"],
      validDuration: 720,
    });
    expect(pipelineIds.infraPreview).not.toBe(pipelineIds.infraDeploy);
  });

  test("stacks that do not own the definitions find them by name in the shared folder", () => {
    const calls = rec.invokes.filter((i) => i.token === "azuredevops:index/getBuildDefinition:getBuildDefinition");
    expect(calls.map((c) => c.args.name).sort()).toEqual([
      "pinecone-delivery-deploy",
      "pinecone-delivery-drift",
      "pinecone-delivery-preview",
      "pinecone-delivery-tools-pin",
      "pinecone-pro-delivery",
      "pinecone-pro-rollback",
    ]);
    expect(calls.every((c) => c.args.path === "\\pinecone" && c.args.projectId === PROJECT_ID && c.version === "3.15.0")).toBe(true);
    expect(lookedUp.rollback).toBe("id-of-pinecone-pro-rollback");
  });
});

describe("conflicting args are rejected before anything is registered", () => {
  test.each([
    ["more required approvals than approvers", () => new DeliveryEnvironment("bad", envArgs("prod", { approvals: { approvers: APPROVERS.slice(0, 2), minimumApprovers: 3 } })), /approvals\.minimumApprovers \(3\) conflicts with approvals\.approvers \(2 listed\)/],
    ["a webhook header without a secret", () => new DeliveryEnvironment("bad", envArgs("prod", { rollbackWebhookHeader: "X-Signature" })), /rollbackWebhookHeader is set but rollbackWebhookSecret is not/],
    ["signing without a vault", () => new DeliveryEnvironment("bad", envArgs("qa", { signsImages: true })), /signsImages \(true\) conflicts with azure\.vaultId \(not set\)/],
    ["a release window that ends before it starts", () => new DeliveryEnvironment("bad", envArgs("prod", { businessHours: { days: ["monday"], start: "15:00", end: "09:00", timeZone: "UTC" } })), /businessHours\.end \(09:00\) conflicts with businessHours\.start \(15:00\)/],
    ["an e-mail where an identity id belongs", () => new DeliveryEnvironment("bad", envArgs("prod", { approvals: { approvers: ["ops@pinecone-software.com"], minimumApprovers: 1 } })), /approvals\.approvers\[0\] is "ops@pinecone-software\.com"; expected an Azure DevOps identity id/],
    ["the author's vote counting toward a single required reviewer", () => new DeliveryPipelines("bad", { projectId: PROJECT_ID, repositoryId: "r", creatorVoteCounts: true, minimumReviewers: 1 }), /creatorVoteCounts \(true\) conflicts with minimumReviewers \(1\)/],
  ])("%s", async (_case, build, message) => {
    let error: unknown;
    const rec = await recordResources(() => {
      try {
        build();
      } catch (e) {
        error = e;
      }
    });
    expect(String(error)).toMatch(message);
    expect(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });
});
