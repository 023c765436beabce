import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { customRoleAssignment, roleAssignment, stableGuid } from "../guardrails/role-assignments";

/**
 * What a guest stack's deploy identity may do on the host's web app: create and configure slots
 * (the guest's `up` declares its slot, basic-auth policies and diagnostic settings; its releases set
 * the slot's image), read the site and its plan — and never swap. Website Contributor would let it
 * swap any slot into the host's production; these NotActions are the swap and both phases of a
 * swap with preview on a slot, and the site-level swap actions are not granted at all.
 */
export const SLOT_OPERATOR_ACTIONS = [
  "Microsoft.Web/sites/read",
  "Microsoft.Web/sites/slots/*",
  "Microsoft.Web/serverfarms/read",
  "Microsoft.Insights/diagnosticSettings/*",
] as const;
export const SLOT_OPERATOR_NOT_ACTIONS = [
  "Microsoft.Web/sites/slots/slotsswap/action",
  "Microsoft.Web/sites/slots/applySlotConfig/action",
  "Microsoft.Web/sites/slots/resetSlotConfig/action",
] as const;

/** One guest: its deploy and preview identities (principal ids from its stack outputs). */
export interface SlotGuest {
  readonly stack: string;
  readonly deployPrincipalId: pulumi.Input<string>;
  readonly previewPrincipalId: pulumi.Input<string>;
}

export interface SlotGuestAccessArgs {
  /** Resource id of the host's web app: the scope of every grant. */
  readonly siteId: pulumi.Input<string>;
  readonly siteName: pulumi.Input<string>;
  /** Plain: each guest names children. */
  readonly guests: readonly SlotGuest[];
}

/**
 * The host's side of the slot shape (appSlotGuests): a custom "slot operator" role assignable on
 * the web app only, granted to each guest's deploy identity, and Reader on the web app for each
 * guest's preview identity (a preview refreshes the guest's slot). Custom role and its assignments
 * are outside the deploy identity's ABAC-constrained list, like the lock operator: the host's
 * Owner-run `up` creates them (README, Hosting shapes).
 */
export class SlotGuestAccess extends pulumi.ComponentResource {
  public readonly roleDefinitionId: pulumi.Output<string>;

  constructor(name: string, args: SlotGuestAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    const seen = new Set<string>();
    for (const g of args.guests) {
      if (!/^[\w.-]+$/.test(g.stack) || seen.has(g.stack)) throw new Error(`SlotGuestAccess ${name}: guests has "${g.stack}"; expected distinct stack names`);
      seen.add(g.stack);
    }
    super("pinecone:platform:SlotGuestAccess", name, {}, opts);
    const parent = { parent: this };
    const roleGuid = pulumi.output(args.siteId).apply((site) => stableGuid(`${site}|slot-operator`));
    const role = new authorization.RoleDefinition(
      `${name}-slot-operator-role`,
      {
        scope: args.siteId,
        roleDefinitionId: roleGuid,
        roleName: pulumi.interpolate`Slot operator (${args.siteName})`,
        description: "Creates and configures deployment slots of one web app and reads the site; never swaps (pinecone-delivery slot guests).",
        roleType: "CustomRole",
        permissions: [{ actions: [...SLOT_OPERATOR_ACTIONS], notActions: [...SLOT_OPERATOR_NOT_ACTIONS], dataActions: [], notDataActions: [] }],
        assignableScopes: [args.siteId],
      },
      parent,
    );
    for (const g of args.guests) {
      customRoleAssignment(
        `${name}-${g.stack}-slot-operator`,
        { scope: args.siteId, principalId: g.deployPrincipalId, roleGuid, description: `Slot operator for stack ${g.stack}'s deploy identity (pinecone-delivery)`, dependsOn: [role] },
        this,
      );
      roleAssignment(`${name}-${g.stack}-preview-reader`, { scope: args.siteId, principalId: g.previewPrincipalId, role: "Reader", description: `Reader for stack ${g.stack}'s preview identity (pinecone-delivery)` }, this);
    }
    this.roleDefinitionId = role.id;
    this.registerOutputs({ roleDefinitionId: this.roleDefinitionId });
  }
}
