import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";

/** Built-in Azure roles this platform assigns (GUIDs are the same in every tenant). */
export const BUILT_IN_ROLES = {
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  AcrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
  KeyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  KeyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  KeyVaultAdministrator: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
  WebsiteContributor: "de139f84-1756-47ae-9be6-808fbbe84772",
  MonitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
  MonitoringReader: "43d0d8ad-25c7-4714-9337-8ba259a9fe05",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  NetworkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
} as const;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

export interface RoleAssignmentArgs {
  /** Resource id the role applies to (must start with /subscriptions/<id>). */
  readonly scope: pulumi.Input<string>;
  /** Object (principal) id of the managed identity or service principal. */
  readonly principalId: pulumi.Input<string>;
  readonly role: BuiltInRole;
  readonly description?: string;
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
  const guid = BUILT_IN_ROLES[args.role];
  const scope = pulumi.output(args.scope);
  return new authorization.RoleAssignment(
    name,
    {
      scope,
      principalId: args.principalId,
      principalType: authorization.PrincipalType.ServicePrincipal,
      roleDefinitionId: scope.apply((s) => {
        const sub = /^\/subscriptions\/[^/]+/i.exec(s);
        if (!sub) throw new Error(`role assignment ${name}: scope must start with /subscriptions/<id>; found ${s}`);
        return `${sub[0]}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
      }),
      roleAssignmentName: pulumi.all([scope, args.principalId]).apply(([s, p]) => stableGuid(`${s}|${p}|${guid}`)),
      description: args.description ?? `${args.role} for ${name} (pinecone-delivery)`,
    },
    { parent },
  );
}
