/**
 * ImportedBootstrapImage: the bootstrap image of a PRIVATE stack, copied by digest from the
 * promotion source's registry (`az acr import`) instead of built and pushed (BootstrapImage).
 *
 * Why (decision):
 * - A private stack's registry refuses public traffic, and its first `up` runs on the Owner's
 *   machine (scripts/bootstrap.sh), outside the VNet whose Managed DevOps Pool that same `up`
 *   creates: a `docker push` cannot reach it. `az acr import` is a management-plane call
 *   (POST …/registries/{target}/importImage); the registry service copies the image itself, as a
 *   trusted service, so the runner needs no data-plane path to either registry
 *   (release-pipeline-commands.md §7; azure-native-notes pitfall 13).
 * - The source is addressed by resource id (`--registry <id>`): the only form that works when the
 *   source's public access is off too (qa → uat → prod), and it needs no login server lookup in the
 *   current subscription. The source's export policy must be enabled (prod is never a source); both
 *   registries let trusted services through (Registry sets networkRuleBypassOptions AzureServices).
 * - By digest, tagged: `repo@sha256:…` → `repo:bootstrap` with `--force`. Import is content
 *   addressed, so the target holds exactly the source's manifest and the digest pinned in
 *   `linuxFxVersion` is the source's, known at preview through the stack reference. The tag keeps
 *   untagged-manifest retention from deleting it (pitfall 12).
 * - Mechanism: azure-native has no import resource, so a `@pulumi/command` `local.Command` runs
 *   scripts/acr-import-bootstrap.sh with the az session of whoever runs `pulumi up` (the Owner on
 *   day one, the stack's deploy identity in the pipelines; both are logged in to az). The script
 *   checks the source through ARM before it imports and exits non-zero with one clear paragraph;
 *   a failed command is not recorded as created, so the next `up` runs it again, and the app (which
 *   depends on it through the digest) is not changed before the image is there.
 * - Verification: the import's long-running operation is awaited (no `--no-wait`) and its result is
 *   the verdict. Reading the tag back (`az acr repository show`) is a data-plane call the runner
 *   outside the VNet cannot make, which is the problem this component exists for.
 * - Rights: the importer needs Container Registry Data Importer and Data Reader (or Contributor /
 *   importImage on the target and Reader on the source) on both registries. The Owner has both; the
 *   deploy identity gets it on its own registry (DeliveryEnvironment) and on the source's from the
 *   source stack (registryPromotionTarget), which the release-path check verifies.
 * - Re-runs: the command has no `update`, so a change of source, digest or target (the
 *   environment) runs the import again; nothing is deleted on destroy (the registry goes with the
 *   stack, and a release may have moved on from the bootstrap image).
 */
import * as pulumi from "@pulumi/pulumi";
import * as local from "@pulumi/command/local";
import { DEFAULT_BOOTSTRAP_TAG, IMAGE_REPOSITORY, IMAGE_TAG } from "./bootstrap-defaults";
import { DIGEST } from "./app-hosting/site-config";

/** Invalid ImportedBootstrapImage args. Thrown before any child resource is registered. */
export class ImportedBootstrapImageArgsError extends Error {
  constructor(component: string, message: string) {
    super(`ImportedBootstrapImage "${component}": ${message}`);
    this.name = "ImportedBootstrapImageArgsError";
  }
}

/** The promotion source's bootstrap image, as its stack exports it (output `bootstrapImage`). Plain: read before composing. */
export interface BootstrapImageSource {
  /** Stack it was read from, for messages. */
  readonly stack: string;
  /** ARM resource id of the source registry. */
  readonly registryId: string;
  /** Repository in the source registry. */
  readonly repository: string;
  /** `sha256:…` of the source's bootstrap manifest. */
  readonly digest: string;
  /** Port the image listens on (it was built with it). */
  readonly port: number;
}

export interface ImportedBootstrapImageArgs {
  /** ARM resource id of this stack's registry (the import target). */
  readonly targetRegistryId: pulumi.Input<string>;
  /** Login server of this stack's registry, e.g. `acrpcprodp2w6.azurecr.io`. */
  readonly registryLoginServer: pulumi.Input<string>;
  readonly source: BootstrapImageSource;
  /** Repository in this registry. Default: "pinecone-pro". */
  readonly repository?: string;
  /** Tag the import writes; releases never use it. Default: "bootstrap". */
  readonly tag?: string;
}

/** The import script, relative to the Pulumi project directory (the command provider's working directory, as for bootstrap/). */
export const IMPORT_SCRIPT = "scripts/acr-import-bootstrap.sh";

/** An ARM id of a resource in a resource group (the offline plan's mock ids have this shape too). */
const RESOURCE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/i;

export class ImportedBootstrapImage extends pulumi.ComponentResource {
  /** `sha256:…` of the imported manifest: the source's. Known at preview; carries the import as a dependency. */
  public readonly digest: pulumi.Output<string>;
  /** `<loginServer>/<repository>@sha256:…`: what `linuxFxVersion` pins. */
  public readonly imageRef: pulumi.Output<string>;
  /** The port the image listens on. */
  public readonly port: number;

  constructor(name: string, args: ImportedBootstrapImageArgs, opts?: pulumi.ComponentResourceOptions) {
    const v = validate(name, args);
    super("pinecone:platform:ImportedBootstrapImage", name, {}, opts);

    const importCommand = new local.Command(
      `${name}-import`,
      {
        create: `bash ${IMPORT_SCRIPT}`,
        environment: {
          TARGET_REGISTRY_ID: args.targetRegistryId,
          SOURCE_REGISTRY_ID: args.source.registryId,
          SOURCE_STACK: args.source.stack,
          SOURCE_REPOSITORY: args.source.repository,
          DIGEST: args.source.digest,
          TARGET_REPOSITORY: v.repository,
          TARGET_TAG: v.tag,
        },
      },
      { parent: this },
    );

    // The URN is known at preview, so the digest stays known while every consumer (linuxFxVersion)
    // depends on the import: the app never points at an image that is not there yet.
    this.digest = importCommand.urn.apply(() => args.source.digest);
    this.imageRef = pulumi.interpolate`${args.registryLoginServer}/${v.repository}@${this.digest}`;
    this.port = args.source.port;
    this.registerOutputs({ digest: this.digest, imageRef: this.imageRef });
  }
}

function validate(name: string, args: ImportedBootstrapImageArgs) {
  const fail = (message: string): never => {
    throw new ImportedBootstrapImageArgsError(name, message);
  };
  const found = (x: unknown) => JSON.stringify(x);
  const repository = args.repository ?? "pinecone-pro";
  const tag = args.tag ?? DEFAULT_BOOTSTRAP_TAG;
  const s = args.source;
  if (!RESOURCE_ID.test(s.registryId)) fail(`source.registryId (stack ${s.stack}): expected a registry resource id /subscriptions/…/resourceGroups/…/providers/Microsoft.ContainerRegistry/registries/…; found ${found(s.registryId)}.`);
  if (!IMAGE_REPOSITORY.test(s.repository)) fail(`source.repository (stack ${s.stack}): expected lowercase path components; found ${found(s.repository)}.`);
  if (!DIGEST.test(s.digest)) fail(`source.digest (stack ${s.stack}): expected sha256:<64 lowercase hex>; found ${found(s.digest)}.`);
  if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) fail(`source.port (stack ${s.stack}): expected an integer from 1 to 65535; found ${found(s.port)}.`);
  if (!IMAGE_REPOSITORY.test(repository)) fail(`repository: expected lowercase path components (${IMAGE_REPOSITORY.source}); found ${found(repository)}.`);
  if (!IMAGE_TAG.test(tag)) fail(`tag: expected a Docker tag (${IMAGE_TAG.source}); found ${found(tag)}.`);
  return { repository, tag };
}
