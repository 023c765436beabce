import * as pulumi from "@pulumi/pulumi";
import * as web from "@pulumi/azure-native/web";
import { diagnosticSetting } from "../guardrails/diagnostics";
import { WEB_APP_SLOT_TYPE, releaseOwnedPaths } from "../guardrails/release-owned";
import { siteArgProblems } from "./app-hosting/validate";
import { ImageRef } from "./app-hosting/site-config";
import { SiteIdentity, siteArgs } from "./app-hosting/site-args";

export interface HostedSlotArgs {
  /** Resource group of the host's web app (a slot lives beside its site). */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Region of the host's app (a slot runs where its plan runs). Default: the resource group's. */
  readonly location?: pulumi.Input<string>;
  /** Azure name of the host's web app. */
  readonly appName: pulumi.Input<string>;
  /** Resource id of the host's App Service plan. */
  readonly planId: pulumi.Input<string>;
  /** Azure name of this slot on the host's app. Plain: checked before any child is created. */
  readonly slotName: string;
  /** Default: "/health". */
  readonly healthCheckPath?: string;
  /** Port the container listens on (WEBSITES_PORT). Default: 8080. */
  readonly containerPort?: number;
  /** The bootstrap image the slot starts with, pinned by digest; then the release pipeline owns it. */
  readonly image: ImageRef;
  /** This slot's own user-assigned identity (identities never come from the host). */
  readonly identity: SiteIdentity;
  /** App setting name → Key Vault secret URI of this stack's vault. Default: {}. */
  readonly keyVaultReferences?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Plain, non-secret app settings. Default: {}. */
  readonly appSettings?: Readonly<Record<string, pulumi.Input<string>>>;
  readonly appInsightsConnectionString: pulumi.Input<string>;
  /** This stack's workspace: the slot's diagnostics belong to the stack that owns the slot. */
  readonly workspaceId: pulumi.Input<string>;
  /** Role assignments the slot needs before it starts (AcrPull, Key Vault Secrets User). Default: []. */
  readonly accessGrants?: readonly pulumi.Resource[];
  /** Default: no tags. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The app of a stack hosted as one deployment slot on another stack's web app (config
 * appHostStack): the slot with the platform's site settings (siteArgs, as AppHosting's sites), its
 * basic-auth policies and diagnostics. No plan, no autoscale, no staging slot: the host's plan
 * runs it and scales it, and releases deploy straight into the slot (they never swap, so nothing of
 * this stack can reach the host's production).
 *
 * Not declared here, on purpose:
 * - sticky setting names (`WebAppSlotConfigurationNames`): one resource per site covers all its
 *   slots and the host owns it; two stacks writing it would overwrite each other. The host's names
 *   (APPLICATIONINSIGHTS_AUTHENTICATION_STRING, AZURE_CLIENT_ID) therefore apply to this slot too.
 * - VNet integration: a Linux plan has one integration subnet, the host's (stack-config/hosting.ts).
 */
export class HostedSlot extends pulumi.ComponentResource {
  public readonly slotId: pulumi.Output<string>;
  public readonly slotName: string;
  public readonly hostName: pulumi.Output<string>;
  public readonly healthUrl: pulumi.Output<string>;

  constructor(name: string, args: HostedSlotArgs, opts?: pulumi.ComponentResourceOptions) {
    const healthCheckPath = args.healthCheckPath ?? "/health";
    const containerPort = args.containerPort ?? 8080;
    const appSettings = args.appSettings ?? {};
    const keyVaultReferences = args.keyVaultReferences ?? {};
    // The same site checks as AppHosting's sites; there is no plan here to check.
    const problems = siteArgProblems({
      healthCheckPath, containerPort, stagingSlotName: args.slotName, digest: args.image.digest, appSettings, keyVaultReferences,
    }).map((p) => p.replace(/^stagingSlotName/, "slotName"));
    if (problems.length > 0) throw new Error(`HostedSlot ${name}: ${problems.join("; ")}`);
    super("pinecone:platform:HostedSlot", name, {}, opts);

    const { resourceGroupName, workspaceId } = args;
    const slot = new web.WebAppSlot(
      `${name}-slot`,
      {
        // `name` is the host's site; the slot name must be explicit or the logical name is used.
        name: args.appName,
        slot: args.slotName,
        ...siteArgs({
          resourceGroupName, location: args.location, serverFarmId: args.planId, identity: args.identity, image: args.image,
          healthCheckPath, containerPort, appInsightsConnectionString: args.appInsightsConnectionString, appSettings, keyVaultReferences,
          tags: args.tags,
        }),
      },
      { parent: this, dependsOn: [...(args.accessGrants ?? [])], ignoreChanges: releaseOwnedPaths(WEB_APP_SLOT_TYPE) },
    );
    new web.WebAppFtpAllowedSlot(`${name}-ftp-basic-auth`, { resourceGroupName, name: args.appName, slot: args.slotName, allow: false }, { parent: this, dependsOn: [slot] });
    new web.WebAppScmAllowedSlot(`${name}-scm-basic-auth`, { resourceGroupName, name: args.appName, slot: args.slotName, allow: false }, { parent: this, dependsOn: [slot] });
    diagnosticSetting(`${name}-slot`, { profile: "webApp", resourceId: slot.id, workspaceId }, this);

    this.slotId = slot.id;
    this.slotName = args.slotName;
    this.hostName = slot.defaultHostName;
    this.healthUrl = pulumi.interpolate`https://${slot.defaultHostName}${healthCheckPath}`;
    this.registerOutputs({ slotId: this.slotId, hostName: this.hostName, healthUrl: this.healthUrl });
  }
}
