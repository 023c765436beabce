import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";

/**
 * Built-in Azure roles this platform assigns (GUIDs are the same in every tenant), and nothing
 * else: the deploy identity's role-assignment condition is derived from this table, so a role
 * listed here that no stack assigns widens what the pipelines could grant (a test compares the
 * table with the roles the four stacks' plans assign).
 */
export const BUILT_IN_ROLES = {
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  AcrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
  ContainerRegistryDataImporter: "577a9874-89fd-4f24-9dbd-b5034d0ad23a",
  KeyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  KeyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  KeyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
  KeyVaultCertificateUser: "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
  KeyVaultCertificatesOfficer: "a4417e6f-fecd-4de8-b567-7b0420556985",
  MonitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  NetworkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  RoleBasedAccessControlAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
} as const;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

/**
 * Roles that are the deploy identity's own authority. The identity may never assign them (it could
 * otherwise hand itself an unconstrained RBAC Administrator, or Contributor to anyone): they are
 * created and changed by an Owner-run `up` only, and left out of the condition below.
 */
export const OWNER_ONLY_ROLES: readonly BuiltInRole[] = [
  "Contributor",
  "RoleBasedAccessControlAdministrator",
  // For the DevOpsInfrastructure service principal on the VNet only: granted once, by the Owner-run
  // first up that creates the agent pool; the deploy identity never needs to hand it out.
  "NetworkContributor",
];

/** Roles the deploy identity may assign and delete: every role of the table but the owner-only ones. */
export function delegableRoleGuids(): string[] {
  return (Object.keys(BUILT_IN_ROLES) as BuiltInRole[]).filter((r) => !OWNER_ONLY_ROLES.includes(r)).map((r) => BUILT_IN_ROLES[r]).sort();
}

/**
 * Microsoft's "constrain roles" condition (conditionVersion 2.0): writes are checked on the
 * requested role (@Request), deletes on the existing assignment's role (@Resource), because the
 * attribute source differs per action. One line: Azure may normalise whitespace.
 */
export function constrainRolesCondition(roleGuids: readonly string[]): string {
  const list = `{${roleGuids.join(", ")}}`;
  return (
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${list}))` +
    ` AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${list}))`
  );
}

/** Actions of the custom role that manages delete locks (built-in roles with them are Owner and User Access Administrator only). */
export const LOCK_OPERATOR_ACTIONS = ["Microsoft.Authorization/locks/read", "Microsoft.Authorization/locks/write", "Microsoft.Authorization/locks/delete"] as const;

export interface RoleAssignmentArgs {
  /** Resource id the role applies to (must start with /subscriptions/<id>). */
  readonly scope: pulumi.Input<string>;
  /** Object (principal) id of the managed identity or service principal. */
  readonly principalId: pulumi.Input<string>;
  readonly role: BuiltInRole;
  readonly description?: string;
  /** ABAC condition on the assignment (conditionVersion "2.0"). Default: none. */
  readonly condition?: pulumi.Input<string>;
}

/** A grant of a custom role definition (its GUID known up front: the definition's stable name). */
export interface CustomRoleAssignmentArgs {
  readonly scope: pulumi.Input<string>;
  readonly principalId: pulumi.Input<string>;
  /** GUID (name) of the custom role definition. */
  readonly roleGuid: pulumi.Input<string>;
  readonly description: string;
  /** Resources the assignment must wait for (the role definition). */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** A GUID derived from a seed, so the same grant keeps the same assignment name on every run. */
export function stableGuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Grants a built-in role to a managed identity. principalType is ServicePrincipal (the SDK
 * default "User" fails for identities right after creation); the role definition id uses the
 * subscription-scoped form ARM returns, so it does not churn.
 */
export function roleAssignment(name: string, args: RoleAssignmentArgs, parent: pulumi.Resource): authorization.RoleAssignment {
  return assign(name, {
    scope: args.scope,
    principalId: args.principalId,
    guid: BUILT_IN_ROLES[args.role],
    description: args.description ?? `${args.role} for ${name} (pinecone-delivery)`,
    condition: args.condition,
  }, { parent });
}

/** Grants a custom role (same id form and naming as the built-in grants). */
export function customRoleAssignment(name: string, args: CustomRoleAssignmentArgs, parent: pulumi.Resource): authorization.RoleAssignment {
  return assign(name, { scope: args.scope, principalId: args.principalId, guid: args.roleGuid, description: args.description }, { parent, dependsOn: args.dependsOn });
}

interface AssignArgs {
  readonly scope: pulumi.Input<string>;
  readonly principalId: pulumi.Input<string>;
  readonly guid: pulumi.Input<string>;
  readonly description: string;
  readonly condition?: pulumi.Input<string>;
}

function assign(name: string, args: AssignArgs, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
  const scope = pulumi.output(args.scope);
  return new authorization.RoleAssignment(
    name,
    {
      scope,
      principalId: args.principalId,
      principalType: authorization.PrincipalType.ServicePrincipal,
      roleDefinitionId: pulumi.all([scope, args.guid]).apply(([s, guid]) => {
        const sub = /^\/subscriptions\/[^/]+/i.exec(s);
        if (!sub) throw new Error(`role assignment ${name}: scope must start with /subscriptions/<id>; found ${s}`);
        return `${sub[0]}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
      }),
      roleAssignmentName: pulumi.all([scope, args.principalId, args.guid]).apply(([s, p, guid]) => stableGuid(`${s}|${p}|${guid}`)),
      description: args.description,
      ...(args.condition === undefined ? {} : { condition: args.condition, conditionVersion: "2.0" }),
    },
    opts,
  );
}
