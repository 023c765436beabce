import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity";

/** The slots that get an identity when `slots` is not given. */
export const DEFAULT_IDENTITY_SLOTS = ["production", "staging"] as const;
export type DefaultIdentitySlot = (typeof DEFAULT_IDENTITY_SLOTS)[number];

/** What other components need of one slot's identity. */
export interface AppIdentity {
  /** ARM resource id: web `identity.userAssignedIdentities[]` and `keyVaultReferenceIdentity` take this. */
  readonly id: pulumi.Output<string>;
  /** Client (application) id: `acrUserManagedIdentityID` and `AZURE_CLIENT_ID` take this. */
  readonly clientId: pulumi.Output<string>;
  /** Object id of the service principal: role assignments take this. */
  readonly principalId: pulumi.Output<string>;
}

export interface AppIdentitiesArgs<S extends string = DefaultIdentitySlot> {
  readonly resourceGroupName: pulumi.Input<string>;
  /** Region of the identities. Default: the resource group's (the provider fills it in). */
  readonly location?: pulumi.Input<string>;
  /**
   * Start of every identity's Azure name, e.g. `id-pcpro-prod`; the slot key is appended
   * (`id-pcpro-prod-staging`). A plain string because the names are checked before any child is
   * created.
   */
  readonly namePrefix: string;
  /**
   * One user-assigned identity per slot key. Keys are roles, not necessarily Azure slot names.
   * Plain strings because they name children.
   * Default: ["production", "staging"].
   */
  readonly slots?: readonly S[];
  /** Default: no tags. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

// Azure's rule for user-assigned identity names (Microsoft.ManagedIdentity naming rules).
const IDENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;
const SLOT_KEY = /^[a-z0-9][a-z0-9-]{0,19}$/;

/**
 * One user-assigned managed identity per App Service slot. A separate component from AppHosting
 * because the registry (AcrPull) and the vault (Key Vault Secrets User) must grant roles to these
 * identities before the app exists: a site whose identity cannot pull its image or resolve its
 * Key Vault references fails to start. One identity per slot because managed identities stay with
 * the slot on a swap, so each slot needs its own, with the same grants.
 */
export class AppIdentities<S extends string = DefaultIdentitySlot> extends pulumi.ComponentResource {
  /** Per slot key: resource id, client id and principal id. */
  public readonly identities: Readonly<Record<S, AppIdentity>>;
  /** Per slot key: the principal id, the form role grants take. */
  public readonly principalIds: Readonly<Record<S, pulumi.Output<string>>>;

  constructor(name: string, args: AppIdentitiesArgs<S>, opts?: pulumi.ComponentResourceOptions) {
    super("pinecone:platform:AppIdentities", name, {}, opts);

    const slots = (args.slots ?? DEFAULT_IDENTITY_SLOTS) as readonly S[];
    validate(name, args.namePrefix, slots);

    const identities = {} as Record<S, AppIdentity>;
    const principalIds = {} as Record<S, pulumi.Output<string>>;
    for (const slot of slots) {
      const uami = new managedidentity.UserAssignedIdentity(
        `${name}-${slot}`,
        {
          resourceName: `${args.namePrefix}-${slot}`,
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          tags: args.tags,
        },
        { parent: this },
      );
      identities[slot] = { id: uami.id, clientId: uami.clientId, principalId: uami.principalId };
      principalIds[slot] = uami.principalId;
    }
    this.identities = identities;
    this.principalIds = principalIds;

    this.registerOutputs({ identities, principalIds });
  }
}

function validate(name: string, namePrefix: string, slots: readonly string[]): void {
  const fail = (msg: string): never => {
    throw new Error(`AppIdentities ${name}: ${msg}`);
  };
  if (slots.length === 0) fail("slots is empty; give at least one slot key (Default: production, staging)");
  const seen = new Set<string>();
  for (const slot of slots) {
    if (!SLOT_KEY.test(slot)) fail(`slots contains "${slot}"; expected 1-20 lowercase letters, digits or hyphens`);
    if (seen.has(slot)) fail(`slots lists "${slot}" twice; each slot gets exactly one identity`);
    seen.add(slot);
    const full = `${namePrefix}-${slot}`;
    if (!IDENTITY_NAME.test(full)) {
      fail(`namePrefix "${namePrefix}" with slot "${slot}" gives the identity name "${full}"; expected 3-128 letters, digits, '-' or '_', starting with a letter or digit`);
    }
  }
}
