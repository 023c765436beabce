import * as crypto from "crypto";
import * as http from "http";

/**
 * A loopback token endpoint that lets the Pulumi providers fetch a FRESH workload-identity
 * assertion whenever they need a new Entra access token, so a long `pulumi up` does not outlive the
 * one-time ARM_OIDC_TOKEN the AzureCLI@2 task hands out (azure-pipelines-notes §7).
 *
 * Why a bridge: Azure DevOps issues an assertion on `POST $(System.OidcRequestUri)?api-version=7.1
 * &serviceConnectionId=<id>` with the job token, answering {"oidcToken": ...} (the shape the
 * AzureCLI/AzurePowerShell tasks and azure-sdk's AzurePipelinesCredential use). The azuredevops
 * provider speaks that shape (oidcRequestToken/oidcRequestUrl/oidcAzureServiceConnectionId,
 * azuredevops-provider.md §3), but azure-native's OIDC request flow is GitHub's: GET <url>
 * ?audience=api://AzureADTokenExchange with a bearer token, answer {"value": ...}, configured by
 * oidcRequestUrl/oidcRequestToken or ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN
 * (pulumi/pulumi-azure-native provider/pkg/provider/auth_azidentity.go, getOidcTokenExchangeAssertion;
 * it has no Azure DevOps service-connection variable). The bridge answers both shapes from one URL,
 * each request a new assertion from Azure DevOps, and keeps the job token to itself: the providers
 * (and the program they run) only get a random loopback credential.
 */

/** The audience Entra expects in federated assertions; Azure DevOps always issues this one. */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export interface OidcBridgeOptions {
  /** System.OidcRequestUri of the job. */
  readonly requestUri: string;
  /** System.AccessToken of the job (authorises the assertion request). */
  readonly accessToken: string;
  /** Id of the service connection whose federated credential the assertion is for. */
  readonly serviceConnectionId: string;
  /** The bearer token callers must present (random per run). */
  readonly localToken: string;
  /** Injected for tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

export interface OidcBridge {
  readonly port: number;
  close(): Promise<void>;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

/** Requests one assertion from Azure DevOps; throws with the status and the start of the answer. */
export async function requestAssertion(o: OidcBridgeOptions): Promise<string> {
  const url = `${o.requestUri.replace(/\/+$/, "")}?api-version=7.1&serviceConnectionId=${encodeURIComponent(o.serviceConnectionId)}`;
  const response = await (o.fetch ?? fetch)(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${o.accessToken}`, "Content-Type": "application/json" },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Azure DevOps answered HTTP ${response.status} to the OIDC token request: ${text.slice(0, 200)}`);
  let token: unknown;
  try {
    token = (JSON.parse(text) as { oidcToken?: unknown }).oidcToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== "string" || token.length === 0) throw new Error(`Azure DevOps answered the OIDC token request without an oidcToken: ${text.slice(0, 200)}`);
  return token;
}

/** Starts the bridge on 127.0.0.1 (a free port). */
export function startOidcBridge(o: OidcBridgeOptions): Promise<OidcBridge> {
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: Record<string, string>) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const auth = req.headers.authorization ?? "";
    const presented = /^bearer (.+)$/i.exec(auth)?.[1] ?? "";
    if (!sameSecret(presented, o.localToken)) return reply(401, { message: "missing or wrong bearer token" });
    if (req.method !== "GET" && req.method !== "POST") return reply(405, { message: `method ${req.method} not allowed` });
    const audience = new URL(req.url ?? "/", "http://127.0.0.1").searchParams.get("audience");
    if (audience !== null && audience !== TOKEN_EXCHANGE_AUDIENCE) {
      return reply(400, { message: `Azure DevOps issues assertions for ${TOKEN_EXCHANGE_AUDIENCE} only; requested ${audience}` });
    }
    req.resume();
    requestAssertion(o).then(
      (token) => reply(200, { value: token, oidcToken: token }),
      (err: Error) => reply(502, { message: err.message }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ port, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}
