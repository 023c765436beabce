/**
 * BootstrapImage: a tiny image (bootstrap/: busybox httpd) that answers the health path with 200,
 * pushed to the stack's registry, so a new environment's app and slots are healthy and carry a
 * digest-pinned `linuxFxVersion` before the first release replaces it.
 *
 * How it is built and pushed (decision):
 * - Built by `docker.Image` on the machine that runs `pulumi up`: the deploy pipeline's agent,
 *   which has a Docker engine. `buildOnPreview: false`, so PR previews need no build; the
 *   provider hashes the build context, so the image is rebuilt only when bootstrap/ or the build
 *   args change. Platform pinned to linux/amd64 (App Service).
 * - Pushed with the identity that runs Pulumi, without the ACR admin user and without any stored
 *   credential: its Entra access token (`authorization.getClientToken`, the same workload-identity
 *   login the azure-native provider uses) is exchanged at `https://<loginServer>/oauth2/exchange`
 *   for an ACR refresh token, and Docker logs in as `00000000-0000-0000-0000-000000000000` with it.
 *   That is what `az acr login` does (and azd, Azure/azure-dev#2245). The token lives about
 *   3 hours, is a Pulumi secret, and the docker provider ignores registry username/password
 *   changes in its diff, so a new token does not rebuild the image. It has to happen inside the
 *   program: on a stack's first `up` the registry does not exist before Pulumi creates it, so an
 *   `az acr login` step before `pulumi up` cannot work.
 * - Rejected: the admin user (off by design); ACR tokens/scope maps (a long-lived password to
 *   keep and rotate); `az acr build` (not a Pulumi resource, and a remote build per stack would
 *   give each stack another digest).
 * - Rights: pushing needs AcrPush, Contributor or Owner on the registry; the deploy identity has
 *   Contributor anyway (`az acr import` needs it, notes pitfall 14).
 * - The digest is read back from the tag (`docker.getRegistryImageOutput`) through a docker
 *   provider holding the same credentials. The invoke depends on the image, so on a first preview
 *   it is unknown instead of failing.
 * - Offline (`delivery plan`, tests) the program runs under mocks: without a mocked
 *   `getClientToken` there is no Entra token and, during a preview, nothing is exchanged and no
 *   network call is made.
 * - Public stacks only: a private registry refuses the push from the machine running a stack's
 *   first up (outside the VNet), so private stacks use ImportedBootstrapImage, which copies the
 *   promotion source's image by digest through the management plane. The agent pulls the busybox
 *   base from Docker Hub.
 */
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import * as authorization from "@pulumi/azure-native/authorization";
import { DEFAULT_BOOTSTRAP_PORT, DEFAULT_BOOTSTRAP_TAG, IMAGE_REPOSITORY, IMAGE_TAG } from "./bootstrap-defaults";
import { DIGEST } from "./app-hosting/site-config";

/** Invalid BootstrapImage args. Thrown before any child resource is registered. */
export class BootstrapImageArgsError extends Error {
  constructor(component: string, message: string) {
    super(`BootstrapImage "${component}": ${message}`);
    this.name = "BootstrapImageArgsError";
  }
}

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface BootstrapImageArgs {
  /** Login server of the stack's registry, e.g. `acrpcprodevx7k2.azurecr.io`. */
  readonly registryLoginServer: pulumi.Input<string>;
  /** Repository the app's releases use too (AcrPull covers it, retention treats it alike). Default: "pinecone-pro". */
  readonly repository?: string;
  /** Tag of the bootstrap image; releases never use it. Default: "bootstrap". */
  readonly tag?: string;
  /** Path that answers 200 (the app's health check path). Default: "/health". */
  readonly healthPath?: string;
  /** Port the container listens on; the app's WEBSITES_PORT must match. Default: 8080. */
  readonly port?: number;
  /**
   * Credentials for push and digest lookup. Default: an ACR refresh token for the identity running
   * Pulumi, exchanged from its Entra token (see the header). Set only for a registry that identity
   * cannot reach.
   */
  readonly registryCredentials?: pulumi.Input<RegistryCredentials>;
}

/** Build context and Dockerfile, relative to the Pulumi project directory (the working directory of `pulumi up`). */
export const BOOTSTRAP_CONTEXT = "bootstrap";
export const BOOTSTRAP_DOCKERFILE = `${BOOTSTRAP_CONTEXT}/Dockerfile`;
/** The user name ACR expects with a refresh token obtained through /oauth2/exchange. */
export const ACR_TOKEN_USERNAME = "00000000-0000-0000-0000-000000000000";

const HEALTH_PATH = /^\/$|^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/;

export class BootstrapImage extends pulumi.ComponentResource {
  /** `<loginServer>/<repository>:<tag>` as pushed. */
  public readonly imageName: pulumi.Output<string>;
  /** `sha256:…` of the pushed manifest, read from the registry. */
  public readonly digest: pulumi.Output<string>;
  /** `<loginServer>/<repository>@sha256:…`: what `linuxFxVersion` pins (`DOCKER|<imageRef>`). */
  public readonly imageRef: pulumi.Output<string>;
  /** The port the image listens on. */
  public readonly port: number;

  constructor(name: string, args: BootstrapImageArgs, opts?: pulumi.ComponentResourceOptions) {
    const v = validate(name, args);
    super("pinecone:platform:BootstrapImage", name, {}, opts);

    const loginServer = pulumi.output(args.registryLoginServer);
    const credentials = pulumi.secret(
      args.registryCredentials !== undefined ? pulumi.output(args.registryCredentials) : deployerAcrCredentials(loginServer, this),
    );
    const username = credentials.apply((c) => c.username);
    const password = credentials.apply((c) => c.password);

    // getRegistryImage authenticates with the provider's registryAuth, not per call.
    const provider = new docker.Provider(`${name}-docker`, { registryAuth: [{ address: loginServer, username, password }] }, { parent: this });

    const image = new docker.Image(
      `${name}-image`,
      {
        imageName: pulumi.interpolate`${loginServer}/${v.repository}:${v.tag}`,
        build: {
          context: BOOTSTRAP_CONTEXT,
          dockerfile: BOOTSTRAP_DOCKERFILE,
          platform: "linux/amd64",
          builderVersion: "BuilderBuildKit",
          args: { HEALTH_PATH: v.healthPath, PORT: String(v.port) },
        },
        registry: { server: loginServer, username, password },
        buildOnPreview: false,
        skipPush: false,
      },
      { parent: this, provider },
    );

    const resolved = docker.getRegistryImageOutput({ name: image.imageName }, { parent: this, provider, dependsOn: [image] });
    this.imageName = image.imageName;
    this.digest = resolved.sha256Digest.apply((d) => {
      if (!DIGEST.test(d ?? "")) throw new Error(`BootstrapImage "${name}": the registry returned no sha256 digest for ${v.repository}:${v.tag}; found ${JSON.stringify(d)}.`);
      return d;
    });
    this.imageRef = pulumi.interpolate`${loginServer}/${v.repository}@${this.digest}`;
    this.port = v.port;
    this.registerOutputs({ imageName: this.imageName, digest: this.digest, imageRef: this.imageRef });
  }
}

/** Docker credentials for the identity running Pulumi: its Entra token exchanged for an ACR refresh token. */
function deployerAcrCredentials(loginServer: pulumi.Output<string>, parent: pulumi.Resource): pulumi.Output<RegistryCredentials> {
  const token = authorization.getClientTokenOutput({}, { parent });
  const client = authorization.getClientConfigOutput({ parent });
  return pulumi.all([loginServer, token, client]).apply(async ([server, t, c]): Promise<RegistryCredentials> => {
    if (!t.token) {
      // Only mocks (offline plan, tests) have no Entra token; a preview there must not touch the network.
      if (pulumi.runtime.isDryRun()) return { username: ACR_TOKEN_USERNAME, password: "" };
      throw new Error(`BootstrapImage: no Entra token for the identity running Pulumi (authorization.getClientToken); cannot push to ${server}.`);
    }
    return { username: ACR_TOKEN_USERNAME, password: await exchangeAadTokenForAcrRefreshToken(server, t.token, c.tenantId) };
  });
}

/**
 * POST /oauth2/exchange (https://azure.github.io/acr/AAD-OAuth.html): Entra access token → ACR
 * refresh token. Retries network errors, 429 and 5xx a few times: a registry created seconds ago
 * may not resolve or answer yet. Error messages never contain a token.
 */
export async function exchangeAadTokenForAcrRefreshToken(
  loginServer: string,
  aadAccessToken: string,
  tenantId: string,
  options: { readonly attempts?: number; readonly delayMs?: number } = {},
): Promise<string> {
  const attempts = options.attempts ?? 5;
  const delayMs = options.delayMs ?? 2000;
  const url = `https://${loginServer}/oauth2/exchange`;
  let last = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "access_token", service: loginServer, tenant: tenantId, access_token: aadAccessToken }).toString(),
      });
      if (res.ok) {
        const body = (await res.json()) as { refresh_token?: unknown };
        if (typeof body.refresh_token === "string" && body.refresh_token !== "") return body.refresh_token;
        throw new Error(`ACR token exchange at ${url}: the response has no refresh_token.`);
      }
      last = `HTTP ${res.status}`;
      if (res.status !== 429 && res.status < 500) break;
    } catch (err) {
      if (err instanceof Error && err.message.startsWith("ACR token exchange")) throw err;
      last = err instanceof Error ? err.message : String(err);
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, delayMs * attempt));
  }
  throw new Error(`ACR token exchange at ${url} failed (${last}). The identity running Pulumi needs AcrPush or Contributor on the registry.`);
}

function validate(name: string, args: BootstrapImageArgs) {
  const fail = (message: string): never => {
    throw new BootstrapImageArgsError(name, message);
  };
  const found = (v: unknown) => JSON.stringify(v);
  const repository = args.repository ?? "pinecone-pro";
  const tag = args.tag ?? DEFAULT_BOOTSTRAP_TAG;
  const healthPath = args.healthPath ?? "/health";
  const port = args.port ?? DEFAULT_BOOTSTRAP_PORT;
  if (!IMAGE_REPOSITORY.test(repository)) fail(`repository: expected lowercase path components (${IMAGE_REPOSITORY.source}); found ${found(repository)}.`);
  if (!IMAGE_TAG.test(tag)) fail(`tag: expected a Docker tag (${IMAGE_TAG.source}); found ${found(tag)}.`);
  if (!HEALTH_PATH.test(healthPath) || healthPath.split("/").some((s) => s === "." || s === "..")) {
    fail(`healthPath: expected "/" or an absolute path of letters, digits, ".", "_", "~", "-" without a trailing slash or dot segments; found ${found(healthPath)}.`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`port: expected an integer from 1 to 65535; found ${found(port)}.`);
  return { repository, tag, healthPath, port };
}
