/**
 * `delivery oidc-bridge` against a loopback fake of Azure DevOps' OIDC token endpoint: every request
 * gets a fresh assertion, in the shape each provider reads (azure-native: GitHub-style GET →
 * {value}; azuredevops: Azure DevOps-style POST → {oidcToken}), only for callers with the local
 * token, and the job token goes to Azure DevOps only.
 */
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { OidcBridge, startOidcBridge } from "../tools/oidc-bridge/bridge";
import { runOidcBridge } from "../tools/oidc-bridge/run";
import { ExitCode } from "../tools/exit-codes";
import { runCli } from "./support/harness";

interface AdoCall {
  method: string;
  url: string;
  authorization: string;
}

let ado: http.Server;
let adoUrl: string;
let adoStatus = 200;
const adoCalls: AdoCall[] = [];
let bridge: OidcBridge;
const LOCAL = "b".repeat(64);

beforeAll(async () => {
  ado = http.createServer((req, res) => {
    adoCalls.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization ?? "" });
    res.writeHead(adoStatus, { "Content-Type": "application/json" });
    res.end(adoStatus === 200 ? JSON.stringify({ oidcToken: `assertion-${adoCalls.length}` }) : JSON.stringify({ message: "TF400813: not authorized" }));
  });
  await new Promise<void>((r) => ado.listen(0, "127.0.0.1", () => r()));
  adoUrl = `http://127.0.0.1:${(ado.address() as { port: number }).port}/o/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken`;
  bridge = await startOidcBridge({ requestUri: adoUrl, accessToken: "job-token", serviceConnectionId: "sc-1", localToken: LOCAL });
});
afterAll(async () => {
  await bridge.close();
  await new Promise((r) => ado.close(r));
});
beforeEach(() => {
  adoCalls.length = 0;
  adoStatus = 200;
});

const ask = (method: string, query: string, token = LOCAL) =>
  fetch(`http://127.0.0.1:${bridge.port}/oidc${query}`, { method, headers: { Authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));

test("GitHub-shaped GET (azure-native) and Azure DevOps-shaped POST (azuredevops) each get a fresh assertion", async () => {
  const first = await ask("GET", "?audience=api%3A%2F%2FAzureADTokenExchange");
  const second = await ask("POST", "?api-version=7.1&serviceConnectionId=sc-1");
  expect(first).toEqual({ status: 200, body: { value: "assertion-1", oidcToken: "assertion-1" } });
  expect(second).toEqual({ status: 200, body: { value: "assertion-2", oidcToken: "assertion-2" } });
  expect(adoCalls).toEqual([
    { method: "POST", url: "/o/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken?api-version=7.1&serviceConnectionId=sc-1", authorization: "Bearer job-token" },
    { method: "POST", url: "/o/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken?api-version=7.1&serviceConnectionId=sc-1", authorization: "Bearer job-token" },
  ]);
});

test("a caller without the local token gets 401 and Azure DevOps is not asked", async () => {
  expect((await ask("GET", "", "c".repeat(64))).status).toBe(401);
  expect((await ask("GET", "", "")).status).toBe(401);
  expect(adoCalls).toEqual([]);
});

test("another audience is refused (Azure DevOps only issues api://AzureADTokenExchange)", async () => {
  const r = await ask("GET", "?audience=api%3A%2F%2Fsomething-else");
  expect(r.status).toBe(400);
  expect(r.body.message).toContain("api://AzureADTokenExchange");
  expect(adoCalls).toEqual([]);
});

test("a refusal by Azure DevOps is passed on as 502 with its status and message", async () => {
  adoStatus = 403;
  const r = await ask("GET", "");
  expect(r.status).toBe(502);
  expect(r.body.message).toContain("HTTP 403");
  expect(r.body.message).toContain("TF400813");
});

test("the command names every missing variable (exit 2) and writes the port file when it serves", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oidc-bridge-"));
  try {
    const missing = await runCli(["oidc-bridge", "--port-file", "port"], dir, { SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" });
    expect(missing.code).toBe(ExitCode.BadInput);
    expect(missing.stderr).toMatch(/SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN, AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, OIDC_BRIDGE_TOKEN/);
    let stop: () => void = () => {};
    const stopped = new Promise((r) => (stop = () => r(undefined)));
    const env = { SYSTEM_OIDCREQUESTURI: "https://dev.azure.com/o/p/oidctoken", SYSTEM_ACCESSTOKEN: "t", AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "sc", OIDC_BRIDGE_TOKEN: LOCAL };
    const running = runOidcBridge("port", { cwd: dir, env, stdout: () => {}, stderr: () => {} }, stopped);
    for (let i = 0; i < 100 && !fs.existsSync(path.join(dir, "port")); i++) await new Promise((r) => setTimeout(r, 20));
    expect(fs.readFileSync(path.join(dir, "port"), "utf8")).toMatch(/^\d+$/);
    stop();
    await running;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
