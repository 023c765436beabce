import type { IGitApi } from "azure-devops-node-api/GitApi";
import type { IWorkItemTrackingApi } from "azure-devops-node-api/WorkItemTrackingApi";
import { CliError } from "../errors";
import { RetryPolicy } from "./retry";

/** Environment variables a token is read from, in order: the pipeline's job token, then a PAT. */
export const TOKEN_ENV = ["SYSTEM_ACCESSTOKEN", "AZURE_DEVOPS_EXT_PAT"] as const;
const SOCKET_TIMEOUT_MS = 30_000;

export interface AdoTarget {
  readonly collectionUrl: string;
  readonly env: NodeJS.ProcessEnv;
  readonly socketTimeoutMs?: number;
}

function connect({ collectionUrl, env, socketTimeoutMs }: AdoTarget) {
  if (!/^https?:\/\/[^/]+/.test(collectionUrl)) {
    throw new CliError(`--collection-url ${JSON.stringify(collectionUrl)}: expected an http(s) URL such as https://dev.azure.com/<organization>/ ($(System.CollectionUri) in a pipeline).`);
  }
  // Loaded here so the report commands never load the REST client.
  const azdev = require("azure-devops-node-api") as typeof import("azure-devops-node-api");
  const handler = env.SYSTEM_ACCESSTOKEN
    ? azdev.getBearerHandler(env.SYSTEM_ACCESSTOKEN)
    : env.AZURE_DEVOPS_EXT_PAT
      ? azdev.getPersonalAccessTokenHandler(env.AZURE_DEVOPS_EXT_PAT)
      : undefined;
  if (!handler) {
    throw new CliError(`no Azure DevOps token: set SYSTEM_ACCESSTOKEN (map $(System.AccessToken) into the step's env) or AZURE_DEVOPS_EXT_PAT (a personal access token).`);
  }
  // allowRetries stays off: every call goes through our own policy (retry.ts).
  return new azdev.WebApi(collectionUrl, handler, { socketTimeout: socketTimeoutMs ?? SOCKET_TIMEOUT_MS });
}

/** The Git client; resource-area discovery runs under the retry policy too. */
export function gitApi(target: AdoTarget, retry: RetryPolicy): Promise<IGitApi> {
  const conn = connect(target);
  return retry.execute("discover the Git API location", () => conn.getGitApi());
}

export function workItemApi(target: AdoTarget, retry: RetryPolicy): Promise<IWorkItemTrackingApi> {
  const conn = connect(target);
  return retry.execute("discover the work item API location", () => conn.getWorkItemTrackingApi());
}
