import * as fs from "fs";
import * as path from "path";
import { ACR_TOKEN_USERNAME, BOOTSTRAP_DOCKERFILE, BootstrapImage, BootstrapImageArgsError, exchangeAadTokenForAcrRefreshToken } from "../infra/platform/bootstrap-image";
import { Registry, RegistryArgs, RegistryArgsError } from "../infra/platform/registry";
import { Vault, VaultArgs, VaultArgsError, keyVaultReference } from "../infra/platform/vault";
import { BUILT_IN_ROLES, stableGuid } from "../infra/guardrails/role-assignments";
import { MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID } from "../tools/plan/mocks";
import { Recorded, REPO_ROOT, recordResources } from "./support/harness";

const RG = "rg-pcpro-test";
const WORKSPACE = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/log-pcpro-test`;
const ROLE_PREFIX = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/`;

const T = {
  registry: "azure-native:containerregistry:Registry",
  replication: "azure-native:containerregistry:Replication",
  role: "azure-native:authorization:RoleAssignment",
  diag: "azure-native:monitor:DiagnosticSetting",
  lock: "azure-native:authorization:ManagementLockByScope",
  vault: "azure-native:keyvault:Vault",
  secret: "azure-native:keyvault:Secret",
  image: "docker:index/image:Image",
  dockerProvider: "pulumi:providers:docker",
};

/** Everything registered except the stack itself. */
const children = (rec: Recorded) => rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");

const registryArgs = (over: Partial<RegistryArgs> = {}): RegistryArgs => ({
  resourceGroupName: RG,
  location: "westeurope",
  registryName: "acrpcprotestx7k2",
  workspaceId: WORKSPACE,
  ...over,
});

describe("Registry", () => {
  test("defaults: Standard, identities only, export on, AcrPull per puller, diagnostics, no lock", async () => {
    const rec = await recordResources(() => {
      const r = new Registry("acr", registryArgs({ pullerPrincipalIds: { "web-production": "p-prod", "web-staging": "p-stage" }, tags: { env: "test" } }));
      return { loginServer: r.loginServer, registryId: r.registryId, registryName: r.registryName };
    });
    const reg = rec.one(T.registry, "acr");
    expect(reg.inputs).toEqual({
      resourceGroupName: RG,
      registryName: "acrpcprotestx7k2",
      location: "westeurope",
      sku: { name: "Standard" },
      adminUserEnabled: false,
      anonymousPullEnabled: false,
      zoneRedundancy: "Disabled",
      publicNetworkAccess: "Enabled",
      networkRuleBypassOptions: "AzureServices",
      policies: {
        azureADAuthenticationAsArmPolicy: { status: "enabled" },
        exportPolicy: { status: "enabled" },
        softDeletePolicy: { status: "disabled", retentionDays: 7 },
      },
      tags: { env: "test" },
    });
    expect(reg.protect).toBe(false);
    expect(rec.ofType(T.replication)).toHaveLength(0);
    expect(rec.ofType(T.lock)).toHaveLength(0);

    const registryId = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Mock.containerregistry/Registry/acrpcprotestx7k2`;
    const pulls = rec.ofType(T.role);
    expect(pulls.map((p) => p.name)).toEqual(["acr-acrpull-web-production", "acr-acrpull-web-staging"]);
    expect(pulls[0].inputs).toMatchObject({
      scope: registryId,
      principalId: "p-prod",
      principalType: "ServicePrincipal",
      roleDefinitionId: `${ROLE_PREFIX}${BUILT_IN_ROLES.AcrPull}`,
      roleAssignmentName: stableGuid(`${registryId}|p-prod|${BUILT_IN_ROLES.AcrPull}`),
    });
    expect(pulls[1].inputs).toMatchObject({ principalId: "p-stage", roleDefinitionId: `${ROLE_PREFIX}${BUILT_IN_ROLES.AcrPull}` });

    expect(rec.one(T.diag, "acr-diagnostics").inputs).toMatchObject({ resourceUri: registryId, workspaceId: WORKSPACE, logs: [{ categoryGroup: "allLogs", enabled: true }] });
    const component = rec.one("pinecone:platform:Registry", "acr");
    for (const c of [reg, ...pulls, rec.one(T.diag)]) expect(c.parent).toBe(component.urn);
    expect(rec.outputs).toEqual({ loginServer: "acrpcprotestx7k2.azurecr.io", registryId, registryName: "acrpcprotestx7k2" });
  });

  test("Premium final registry: zone redundant, replicas per region, retention, export and public access off, protected and locked", async () => {
    const rec = await recordResources(() => {
      new Registry(
        "acr",
        registryArgs({
          location: "West Europe",
          sku: "Premium",
          zoneRedundant: true,
          geoReplicationLocations: ["northeurope", "Sweden Central"],
          untaggedRetentionDays: 14,
          exportEnabled: false,
          protect: true,
        }),
      );
    });
    const reg = rec.one(T.registry, "acr");
    expect(reg.inputs).toMatchObject({
      sku: { name: "Premium" },
      zoneRedundancy: "Enabled",
      publicNetworkAccess: "Disabled",
      adminUserEnabled: false,
      anonymousPullEnabled: false,
      policies: {
        azureADAuthenticationAsArmPolicy: { status: "enabled" },
        exportPolicy: { status: "disabled" },
        retentionPolicy: { status: "enabled", days: 14 },
        softDeletePolicy: { status: "disabled" },
      },
    });
    expect(reg.protect).toBe(true);

    const replicas = rec.ofType(T.replication);
    expect(replicas.map((r) => r.name)).toEqual(["acr-replica-northeurope", "acr-replica-swedencentral"]);
    expect(replicas.map((r) => r.inputs)).toEqual([
      expect.objectContaining({ registryName: "acrpcprotestx7k2", replicationName: "northeurope", location: "northeurope", zoneRedundancy: "Enabled", regionEndpointEnabled: true }),
      expect.objectContaining({ replicationName: "swedencentral", location: "swedencentral", zoneRedundancy: "Enabled" }),
    ]);

    const lock = rec.one(T.lock, "acr-lock");
    expect(lock.inputs).toMatchObject({ level: "CanNotDelete", scope: expect.stringMatching(/\/Registry\/acrpcprotestx7k2$/) });
    expect(lock.protect).toBe(true);
    expect(rec.ofType(T.diag)).toHaveLength(1);
  });

  test("Premium with retention off sends a disabled retention policy (so turning it off reaches Azure)", async () => {
    const rec = await recordResources(() => {
      new Registry("acr", registryArgs({ sku: "Premium" }));
    });
    expect((rec.one(T.registry).inputs.policies as Record<string, unknown>).retentionPolicy).toEqual({ status: "disabled", days: 7 });
  });

  test("conflicting args throw naming both args, before any resource is registered", async () => {
    const cases: [Partial<RegistryArgs>, RegExp[]][] = [
      [{ zoneRedundant: true }, [/zoneRedundant/, /sku "Premium"/, /found sku "Standard"/]],
      [{ sku: "Basic", geoReplicationLocations: ["northeurope"] }, [/geoReplicationLocations/, /found sku "Basic"/]],
      [{ untaggedRetentionDays: 7 }, [/untaggedRetentionDays/, /sku "Premium"/]],
      [{ exportEnabled: false }, [/exportEnabled/, /sku "Premium"/]],
      [{ sku: "Premium", geoReplicationLocations: ["northeurope", "westeurope"] }, [/geoReplicationLocations and location/, /"westeurope"/]],
      [{ sku: "Premium", location: "West Europe", geoReplicationLocations: ["westeurope"] }, [/geoReplicationLocations and location/]],
      [{ sku: "Premium", untaggedRetentionDays: 400 }, [/untaggedRetentionDays: expected an integer from 0/]],
      [{ sku: "Premium", geoReplicationLocations: ["northeurope", "North Europe"] }, [/geoReplicationLocations: expected each region once; found "northeurope" twice/]],
      [{ pullerPrincipalIds: { "web production": "p" } }, [/pullerPrincipalIds: expected keys/, /"web production"/]],
    ];
    const rec = await recordResources(() => {
      for (const [over, patterns] of cases) {
        let error: unknown;
        try {
          new Registry("acr", registryArgs(over));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(RegistryArgsError);
        for (const p of patterns) expect((error as Error).message).toMatch(p);
      }
    });
    expect(children(rec)).toEqual([]);
  });
});

const SECRET_CANARY = "canary-Zq8-do-not-leak-4711";
const SECOND_CANARY = "canary-second-Kp3-0815";

const vaultArgs = (over: Partial<VaultArgs> = {}): VaultArgs => ({
  resourceGroupName: RG,
  location: "westeurope",
  vaultName: "kv-pcpro-test-x7k2",
  tenantId: MOCK_TENANT_ID,
  workspaceId: WORKSPACE,
  ...over,
});

describe("Vault", () => {
  test("RBAC, soft delete, purge protection, deny-by-default ACLs; secrets secret end to end; reader and officer roles", async () => {
    const rec = await recordResources(() => {
      const v = new Vault(
        "kv",
        vaultArgs({
          allowedIpRanges: ["203.0.113.0/24"],
          secrets: { "erp-db-connection": SECRET_CANARY, "jwt-signing-key": SECOND_CANARY },
          readerPrincipalIds: { "web-production": "p-prod" },
          officerPrincipalIds: { deployer: "p-deployer" },
          protect: true,
        }),
      );
      return { secretUris: v.secretUris, vaultUri: v.vaultUri, vaultId: v.vaultId, reference: v.referenceTo("erp-db-connection") };
    });

    const vault = rec.one(T.vault, "kv");
    expect(vault.inputs).toEqual({
      resourceGroupName: RG,
      vaultName: "kv-pcpro-test-x7k2",
      location: "westeurope",
      properties: {
        tenantId: MOCK_TENANT_ID,
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: true,
        accessPolicies: [],
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        enablePurgeProtection: true,
        enabledForDeployment: false,
        enabledForDiskEncryption: false,
        enabledForTemplateDeployment: false,
        publicNetworkAccess: "Enabled",
        networkAcls: { bypass: "AzureServices", defaultAction: "Deny", ipRules: [{ value: "203.0.113.0/24" }], virtualNetworkRules: [] },
      },
    });
    expect(vault.protect).toBe(true);
    expect(rec.one(T.lock, "kv-lock").inputs).toMatchObject({ level: "CanNotDelete" });
    const vaultId = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Mock.keyvault/Vault/kv-pcpro-test-x7k2`;
    expect(rec.one(T.diag, "kv-diagnostics").inputs).toMatchObject({ resourceUri: vaultId, workspaceId: WORKSPACE, logs: [{ categoryGroup: "allLogs", enabled: true }] });

    const reader = rec.one(T.role, "kv-reader-web-production");
    expect(reader.inputs).toMatchObject({ scope: vaultId, principalId: "p-prod", principalType: "ServicePrincipal", roleDefinitionId: `${ROLE_PREFIX}${BUILT_IN_ROLES.KeyVaultSecretsUser}` });
    const officer = rec.one(T.role, "kv-officer-deployer");
    expect(officer.inputs).toMatchObject({ scope: vaultId, principalId: "p-deployer", principalType: "ServicePrincipal", roleDefinitionId: `${ROLE_PREFIX}${BUILT_IN_ROLES.KeyVaultSecretsOfficer}` });
    expect(rec.ofType(T.role)).toHaveLength(2);

    const secrets = rec.ofType(T.secret);
    expect(secrets.map((s) => s.name)).toEqual(["kv-secret-erp-db-connection", "kv-secret-jwt-signing-key"]);
    for (const s of secrets) {
      // The SDK lifts nested secretness to the container, so the whole properties object is masked.
      expect(s.inputs).toEqual({ resourceGroupName: RG, vaultName: "kv-pcpro-test-x7k2", secretName: expect.any(String), properties: "[secret]" });
      expect(rec.isSecretAt(s, "properties.value")).toBe(true);
      expect(s.dependsOn).toEqual([officer.urn]);
    }
    expect(secrets[0].inputs.secretName).toBe("erp-db-connection");
    // The canaries appear nowhere: not in inputs, outputs or invokes.
    const everything = JSON.stringify(rec);
    expect(everything).not.toContain(SECRET_CANARY);
    expect(everything).not.toContain(SECOND_CANARY);

    expect(rec.outputs.secretUris).toEqual({
      "erp-db-connection": "https://kv-pcpro-test-x7k2.vault.azure.net/secrets/erp-db-connection",
      "jwt-signing-key": "https://kv-pcpro-test-x7k2.vault.azure.net/secrets/jwt-signing-key",
    });
    expect(rec.secretOutputs).not.toContain("secretUris");
    expect(rec.outputs.vaultUri).toBe("https://kv-pcpro-test-x7k2.vault.azure.net/");
    expect(rec.outputs.reference).toBe("@Microsoft.KeyVault(SecretUri=https://kv-pcpro-test-x7k2.vault.azure.net/secrets/erp-db-connection)");
    expect(keyVaultReference("https://v.vault.azure.net/secrets/x")).toBe("@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/x)");
    expect(Vault.reference).toBe(keyVaultReference);
  });

  test("purge protection off omits the property; short retention, Allow and no secrets/roles/lock", async () => {
    const rec = await recordResources(() => {
      new Vault("kv", vaultArgs({ purgeProtection: false, softDeleteRetentionDays: 7, networkDefaultAction: "Allow", sku: "premium" }));
    });
    const props = rec.one(T.vault).inputs.properties as Record<string, unknown>;
    expect(props).not.toHaveProperty("enablePurgeProtection");
    expect(props).toMatchObject({ softDeleteRetentionInDays: 7, enableSoftDelete: true, enableRbacAuthorization: true, sku: { family: "A", name: "premium" } });
    expect(props.networkAcls).toEqual({ bypass: "AzureServices", defaultAction: "Allow", ipRules: [], virtualNetworkRules: [] });
    expect(rec.one(T.vault).protect).toBe(false);
    expect(rec.ofType(T.secret)).toHaveLength(0);
    expect(rec.ofType(T.role)).toHaveLength(0);
    expect(rec.ofType(T.lock)).toHaveLength(0);
    expect(rec.ofType(T.diag)).toHaveLength(1);
  });

  test("invalid args throw naming the arg, before any resource is registered", async () => {
    const cases: [Partial<VaultArgs>, RegExp[]][] = [
      [{ softDeleteRetentionDays: 6 }, [/softDeleteRetentionDays: expected an integer from 7 to 90; found 6/]],
      [{ softDeleteRetentionDays: 91 }, [/softDeleteRetentionDays/, /found 91/]],
      [{ secrets: { db_connection: SECRET_CANARY } }, [/secrets: expected secret names/, /found "db_connection"/]],
      [{ secrets: { ["x".repeat(128)]: "v" } }, [/secrets: expected secret names/]],
      [{ secrets: { Db: "a", db: "b" } }, [/unique ignoring case/]],
      [{ readerPrincipalIds: { "bad key": "p" } }, [/readerPrincipalIds/]],
    ];
    const rec = await recordResources(() => {
      for (const [over, patterns] of cases) {
        let error: unknown;
        try {
          new Vault("kv", vaultArgs(over));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(VaultArgsError);
        for (const p of patterns) expect((error as Error).message).toMatch(p);
        // An invalid name is reported, never the secret's value.
        expect((error as Error).message).not.toContain(SECRET_CANARY);
      }
    });
    expect(children(rec)).toEqual([]);
  });
});

describe("BootstrapImage", () => {
  const LOGIN = "acrpcprotestx7k2.azurecr.io";
  const AAD_CANARY = "aad-token-canary-Hx7";
  const ACR_CANARY = "acr-refresh-canary-Qw2";

  afterEach(() => jest.restoreAllMocks());

  test("pushes with an exchanged ACR token (no admin user), pins the digest read back from the tag", async () => {
    const fetchSpy = jest.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(JSON.stringify({ refresh_token: ACR_CANARY }), { status: 200 }));
    const rec = await recordResources(
      () => {
        const img = new BootstrapImage("bootstrap", { registryLoginServer: LOGIN });
        return { imageName: img.imageName, digest: img.digest, imageRef: img.imageRef };
      },
      { invokes: { "azure-native:authorization:getClientToken": () => ({ token: AAD_CANARY }) } },
    );

    // The Entra token was exchanged at the registry, for the mock tenant.
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [url, init] = fetchSpy.mock.calls[0];
    expect(url).toBe(`https://${LOGIN}/oauth2/exchange`);
    expect(Object.fromEntries(new URLSearchParams(String(init?.body)))).toEqual({ grant_type: "access_token", service: LOGIN, tenant: MOCK_TENANT_ID, access_token: AAD_CANARY });

    const image = rec.one(T.image, "bootstrap-image");
    expect(image.inputs).toMatchObject({
      imageName: `${LOGIN}/pinecone-pro:bootstrap`,
      build: { context: "bootstrap", dockerfile: "bootstrap/Dockerfile", platform: "linux/amd64", builderVersion: "BuilderBuildKit", args: { HEALTH_PATH: "/health", PORT: "8080" } },
      buildOnPreview: false,
      skipPush: false,
    });
    expect(rec.isSecretAt(image, "registry.password")).toBe(true);
    const provider = rec.one(T.dockerProvider, "bootstrap-docker");
    expect(rec.isSecretAt(provider, "registryAuth")).toBe(true);
    expect(image.provider).toContain(provider.urn);
    const everything = JSON.stringify(rec);
    expect(everything).not.toContain(ACR_CANARY);
    expect(everything).not.toContain(AAD_CANARY);

    // The digest comes from the registry (getRegistryImage on the pushed tag), and the ref pins it.
    const lookup = rec.invokes.find((i) => i.token === "docker:index/getRegistryImage:getRegistryImage");
    expect(lookup?.args).toEqual({ name: `${LOGIN}/pinecone-pro:bootstrap` });
    expect(rec.outputs.imageName).toBe(`${LOGIN}/pinecone-pro:bootstrap`);
    expect(rec.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(rec.outputs.imageRef).toBe(`${LOGIN}/pinecone-pro@${String(rec.outputs.digest)}`);

    // The build the provider will run exists and uses the args it is given.
    const dockerfile = fs.readFileSync(path.join(REPO_ROOT, BOOTSTRAP_DOCKERFILE), "utf8");
    expect(dockerfile).toMatch(/^ARG HEALTH_PATH=\/health$/m);
    expect(dockerfile).toMatch(/^ARG PORT=8080$/m);
    expect(dockerfile).toMatch(/^USER 65534/m);
  });

  test("given credentials and args: no exchange, custom repository/tag/health path; offline without a token nothing is fetched", async () => {
    const fetchSpy = jest.spyOn(globalThis, "fetch").mockRejectedValue(new Error("no network in tests"));
    let customImage: BootstrapImage | undefined;
    const rec = await recordResources(() => {
      customImage = new BootstrapImage("custom", {
        registryLoginServer: LOGIN,
        repository: "erp/web",
        tag: "boot-1",
        healthPath: "/api/health",
        port: 80,
        registryCredentials: { username: "pusher", password: ACR_CANARY },
      });
      // No getClientToken mock: the offline plan's situation.
      new BootstrapImage("offline", { registryLoginServer: LOGIN });
    });
    expect(fetchSpy).not.toHaveBeenCalled();
    const custom = rec.one(T.image, "custom-image");
    expect(custom.inputs).toMatchObject({ imageName: `${LOGIN}/erp/web:boot-1`, build: { args: { HEALTH_PATH: "/api/health", PORT: "80" } } });
    expect(rec.isSecretAt(custom, "registry.password")).toBe(true);
    expect(JSON.stringify(rec)).not.toContain(ACR_CANARY);
    expect(rec.one(T.image, "offline-image").inputs.imageName).toBe(`${LOGIN}/pinecone-pro:bootstrap`);
    expect(customImage?.port).toBe(80);
    expect(ACR_TOKEN_USERNAME).toBe("00000000-0000-0000-0000-000000000000");
  });

  test("token exchange: retries 5xx, fails fast on 401, never puts a token in the error", async () => {
    const replies = [new Response("busy", { status: 503 }), new Response(JSON.stringify({ refresh_token: ACR_CANARY }), { status: 200 })];
    const fetchSpy = jest.spyOn(globalThis, "fetch").mockImplementation(async () => replies.shift() as Response);
    await expect(exchangeAadTokenForAcrRefreshToken(LOGIN, AAD_CANARY, MOCK_TENANT_ID, { delayMs: 0 })).resolves.toBe(ACR_CANARY);
    expect(fetchSpy).toHaveBeenCalledTimes(2);

    fetchSpy.mockReset().mockImplementation(async () => new Response("denied", { status: 401 }));
    const error = await exchangeAadTokenForAcrRefreshToken(LOGIN, AAD_CANARY, MOCK_TENANT_ID, { delayMs: 0 }).catch((e: Error) => e);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(String(error)).toMatch(/oauth2\/exchange failed \(HTTP 401\).*AcrPush or Contributor/);
    expect(String(error)).not.toContain(AAD_CANARY);
  });

  test("invalid args throw naming the arg, before any resource is registered", async () => {
    const rec = await recordResources(() => {
      for (const [args, pattern] of [
        [{ healthPath: "health" }, /healthPath: expected/],
        [{ healthPath: "/health/" }, /healthPath/],
        [{ healthPath: "/a/../b" }, /healthPath/],
        [{ repository: "PineCone" }, /repository: expected/],
        [{ tag: "-x" }, /tag: expected/],
        [{ port: 0 }, /port: expected an integer from 1 to 65535; found 0/],
      ] as const) {
        expect(() => new BootstrapImage("b", { registryLoginServer: LOGIN, ...args })).toThrow(BootstrapImageArgsError);
        expect(() => new BootstrapImage("b", { registryLoginServer: LOGIN, ...args })).toThrow(pattern);
      }
    });
    expect(children(rec)).toEqual([]);
  });
});
