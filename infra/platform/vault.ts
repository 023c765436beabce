import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { diagnosticSetting } from "../guardrails/diagnostics";
import { deleteLock, statefulOptions } from "../guardrails/locks";
import { privateEndpoint } from "../guardrails/private-endpoint";
import { roleAssignment } from "../guardrails/role-assignments";

/** Invalid Vault args. Thrown before any child resource is registered. */
export class VaultArgsError extends Error {
  constructor(component: string, message: string) {
    super(`Vault "${component}": ${message}`);
    this.name = "VaultArgsError";
  }
}

/**
 * Args of the stack's Key Vault. Secret names, principal keys, retention, purge protection and
 * protect are plain values: they are validated before any child exists and decide which
 * resources are created.
 */
export interface VaultArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  /**
   * Globally unique vault name (infra/naming.ts). Plain or known at preview, ideally: the
   * versionless secret URIs are built from it, so they stay known while secrets change.
   */
  readonly vaultName: pulumi.Input<string>;
  /** Entra tenant the vault trusts. */
  readonly tenantId: pulumi.Input<string>;
  /** Default: "standard". */
  readonly sku?: "standard" | "premium";
  /**
   * Days a deleted vault (and each deleted secret) is kept and its name reserved: 7–90, fixed once
   * the vault exists. Use 7 where stacks are re-created often. Default: 90.
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * Purge protection: deleted vaults/secrets cannot be purged before retention ends. Irreversible
   * once on; Azure accepts only `true`, so `false` omits the property. Default: true.
   */
  readonly purgeProtection?: boolean;
  /**
   * Firewall default for the data plane; trusted Azure services always bypass it. With "Deny", App
   * Service resolves Key Vault references only through VNet integration or from allowed IPs, and
   * secret deletion (data plane) only from allowed IPs. Default: "Deny".
   */
  readonly networkDefaultAction?: "Allow" | "Deny";
  /**
   * A private endpoint in this subnet, its record in this privatelink.vaultcore.azure.net zone:
   * the way App Service (Key Vault references over VNet integration) and the deployment agents
   * reach a vault whose firewall denies public traffic. Needs networkDefaultAction "Deny" (with
   * "Allow" the endpoint would be decoration). Default: none.
   */
  readonly privateLink?: { readonly subnetId: pulumi.Input<string>; readonly dnsZoneId: pulumi.Input<string>; readonly endpointLocation: pulumi.Input<string> };
  /** IPv4 addresses or CIDR ranges allowed through the firewall. Default: []. */
  readonly allowedIpRanges?: readonly pulumi.Input<string>[];
  /**
   * Secrets written to the vault: vault secret name (`^[0-9a-zA-Z-]{1,127}$`) → value. Values are
   * wrapped with `pulumi.secret()` here: the SDK only keeps top-level inputs secret on its own.
   * Default: {}.
   */
  readonly secrets?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Identities that read secrets (Key Vault Secrets User), by stable key → principal id. Default: {}. */
  readonly readerPrincipalIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Identities that manage secrets (Key Vault Secrets Officer), by stable key → principal id. The
   * identity running Pulumi belongs here: secret deletion goes through the data plane, not ARM.
   * Default: {}.
   */
  readonly officerPrincipalIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Id of the stack's Log Analytics workspace (audit logs and metrics). */
  readonly workspaceId: pulumi.Input<string>;
  /** `protect` the vault and put a CanNotDelete lock on it. Default: false. */
  readonly protect?: boolean;
  /** Default: {}. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Key Vault's rule for secret names. */
export const SECRET_NAME_PATTERN = /^[0-9a-zA-Z-]{1,127}$/;
const STABLE_KEY = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;

/** The App Service app-setting value that makes the platform resolve a secret from Key Vault. */
export function keyVaultReference(secretUri: string): string {
  return `@Microsoft.KeyVault(SecretUri=${secretUri})`;
}

/**
 * Versionless URI of a secret: App Service then follows the latest version (re-read within 24 h,
 * or at restart). Public-cloud DNS suffix.
 */
export function secretUri(vaultName: string, secretName: string): string {
  return `https://${vaultName}.vault.azure.net/secrets/${secretName}`;
}

/** A Key Vault with RBAC authorisation, soft delete, network ACLs and the stack's secrets. */
export class Vault extends pulumi.ComponentResource {
  /** `@Microsoft.KeyVault(SecretUri=…)` for a secret URI. */
  static readonly reference = keyVaultReference;

  public readonly vaultId: pulumi.Output<string>;
  public readonly vaultName: pulumi.Output<string>;
  public readonly vaultUri: pulumi.Output<string>;
  /** Secret name → versionless secret URI (no secret values; known at preview when vaultName is). */
  public readonly secretUris: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: VaultArgs, opts?: pulumi.ComponentResourceOptions) {
    const v = validate(name, args);
    super("pinecone:platform:Vault", name, {}, opts);

    const vault = new keyvault.Vault(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        vaultName: args.vaultName,
        location: args.location,
        properties: {
          tenantId: args.tenantId,
          sku: { family: "A", name: v.sku },
          // The SDK default is false (access policies); access is granted with Azure RBAC only.
          enableRbacAuthorization: true,
          accessPolicies: [],
          enableSoftDelete: true,
          softDeleteRetentionInDays: v.softDeleteRetentionDays,
          // Azure rejects `false`; leaving it out is how "off" is expressed.
          ...(v.purgeProtection ? { enablePurgeProtection: true } : {}),
          enabledForDeployment: false,
          enabledForDiskEncryption: false,
          enabledForTemplateDeployment: false,
          // "Enabled" means "the firewall below decides", not "open": without networkAcls it would be open.
          publicNetworkAccess: "Enabled",
          networkAcls: {
            bypass: "AzureServices",
            defaultAction: v.networkDefaultAction,
            ipRules: v.allowedIpRanges.map((value) => ({ value })),
            virtualNetworkRules: [],
          },
        },
        tags: args.tags,
      },
      statefulOptions(v.protect, this),
    );

    for (const [key, principalId] of Object.entries(v.readerPrincipalIds)) {
      roleAssignment(`${name}-reader-${key}`, { scope: vault.id, principalId, role: "KeyVaultSecretsUser" }, this);
    }
    const officers = Object.entries(v.officerPrincipalIds).map(([key, principalId]) =>
      roleAssignment(`${name}-officer-${key}`, { scope: vault.id, principalId, role: "KeyVaultSecretsOfficer" }, this),
    );

    for (const [secretName, value] of Object.entries(v.secrets)) {
      new keyvault.Secret(
        `${name}-secret-${secretName}`,
        {
          resourceGroupName: args.resourceGroupName,
          vaultName: vault.name,
          secretName,
          // The SDK lifts this nested secret to the whole `properties` input, and the engine keeps the
          // echoed `properties` output secret in state too.
          properties: { value: pulumi.secret(value), contentType: "text/plain" },
          tags: args.tags,
        },
        {
          parent: this,
          // Deleting a secret is a data-plane call: keep the officer grants until the secrets are gone.
          dependsOn: officers,
        },
      );
    }

    if (args.privateLink) {
      privateEndpoint(name, {
        resourceGroupName: args.resourceGroupName,
        location: args.privateLink.endpointLocation,
        endpointName: pulumi.interpolate`pe-${args.vaultName}`,
        subnetId: args.privateLink.subnetId,
        targetId: vault.id,
        groupId: "vault",
        dnsZoneId: args.privateLink.dnsZoneId,
        tags: args.tags,
      }, this);
    }

    diagnosticSetting(name, { profile: "keyVault", resourceId: vault.id, workspaceId: args.workspaceId }, this);
    deleteLock(name, { resourceId: vault.id, protect: v.protect, what: "Key Vault" }, this);

    const secretNames = Object.keys(v.secrets);
    this.vaultId = vault.id;
    this.vaultName = vault.name;
    this.vaultUri = vault.properties.apply((p) => p.vaultUri ?? "");
    // From the vault name, not from the Secret resources: the URIs stay known at preview when a
    // secret is added, so an app's siteConfig does not turn unknown (pitfall 3).
    this.secretUris = pulumi
      .output(args.vaultName)
      .apply((vaultName) => Object.fromEntries(secretNames.map((s) => [s, secretUri(vaultName, s)])));
    this.registerOutputs({ vaultId: this.vaultId, vaultName: this.vaultName, vaultUri: this.vaultUri, secretUris: this.secretUris });
  }

  /** The Key Vault reference for one of this vault's secrets; fails at once for an unknown name. */
  referenceTo(secretName: string): pulumi.Output<string> {
    return this.secretUris.apply((uris) => {
      const uri = uris[secretName];
      if (uri === undefined) throw new Error(`Vault: no secret named ${JSON.stringify(secretName)}; expected one of ${Object.keys(uris).join(", ")}.`);
      return keyVaultReference(uri);
    });
  }
}

function validate(name: string, args: VaultArgs) {
  const fail = (message: string): never => {
    throw new VaultArgsError(name, message);
  };
  const found = (v: unknown) => JSON.stringify(v);
  const sku = args.sku ?? "standard";
  const softDeleteRetentionDays = args.softDeleteRetentionDays ?? 90;
  const networkDefaultAction = args.networkDefaultAction ?? "Deny";
  const secrets = args.secrets ?? {};
  const readerPrincipalIds = args.readerPrincipalIds ?? {};
  const officerPrincipalIds = args.officerPrincipalIds ?? {};

  if (sku !== "standard" && sku !== "premium") fail(`sku: expected "standard" or "premium"; found ${found(sku)}.`);
  if (!Number.isInteger(softDeleteRetentionDays) || softDeleteRetentionDays < 7 || softDeleteRetentionDays > 90) {
    fail(`softDeleteRetentionDays: expected an integer from 7 to 90; found ${found(softDeleteRetentionDays)}.`);
  }
  if (networkDefaultAction !== "Allow" && networkDefaultAction !== "Deny") {
    fail(`networkDefaultAction: expected "Allow" or "Deny"; found ${found(networkDefaultAction)}.`);
  }
  if (args.privateLink && networkDefaultAction !== "Deny") {
    fail(`privateLink needs networkDefaultAction "Deny": expected "Deny" with a private endpoint; found ${found(networkDefaultAction)}.`);
  }
  const badSecret = Object.keys(secrets).find((s) => !SECRET_NAME_PATTERN.test(s));
  if (badSecret !== undefined) {
    fail(`secrets: expected secret names of 1-127 letters, digits or hyphens (${SECRET_NAME_PATTERN.source}); found ${found(badSecret)}.`);
  }
  // Key Vault secret names are case-insensitive: "Db" and "db" would be the same secret.
  const lower = Object.keys(secrets).map((s) => s.toLowerCase());
  const dup = Object.keys(secrets).find((s, i) => lower.indexOf(s.toLowerCase()) !== i);
  if (dup !== undefined) fail(`secrets: expected names unique ignoring case (Key Vault ignores case); found ${found(dup)} twice.`);
  for (const [arg, map] of [["readerPrincipalIds", readerPrincipalIds], ["officerPrincipalIds", officerPrincipalIds]] as const) {
    const badKey = Object.keys(map).find((k) => !STABLE_KEY.test(k));
    if (badKey !== undefined) fail(`${arg}: expected keys of letters, digits and hyphens (they name resources); found ${found(badKey)}.`);
  }

  return {
    sku,
    softDeleteRetentionDays,
    purgeProtection: args.purgeProtection ?? true,
    networkDefaultAction,
    allowedIpRanges: args.allowedIpRanges ?? [],
    secrets,
    readerPrincipalIds,
    officerPrincipalIds,
    protect: args.protect ?? false,
  };
}
