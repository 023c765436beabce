import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";

/**
 * Options for a stateful resource (registry, vault, workspace, Application Insights): `protect`
 * when the stack protects its state, so `pulumi destroy` or a careless refactor cannot delete it.
 */
export function statefulOptions(protect: boolean, parent: pulumi.Resource, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return { ...extra, parent, protect };
}

/**
 * A CanNotDelete lock on a stateful resource when the stack protects its state: `protect` guards
 * against Pulumi, the lock against the portal and the CLI. Not ReadOnly: that blocks swaps,
 * listing keys and config writes. Returns undefined when the stack does not protect.
 */
export function deleteLock(
  name: string,
  args: { readonly resourceId: pulumi.Input<string>; readonly protect: boolean; readonly what: string },
  parent: pulumi.Resource,
): authorization.ManagementLockByScope | undefined {
  if (!args.protect) return undefined;
  return new authorization.ManagementLockByScope(
    `${name}-lock`,
    {
      scope: args.resourceId,
      lockName: "do-not-delete",
      level: authorization.LockLevel.CanNotDelete,
      notes: `Protects the ${args.what}; managed by Pulumi (pinecone-delivery). Remove it in code, not in the portal.`,
    },
    { parent, protect: true },
  );
}
