import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import type { Agent } from "http";
import type { TokenCredential } from "@azure/core-auth";
import type { StackPlan } from "../plan/plan";
import { CliError, isUserError } from "../errors";
import { ExitCode } from "../exit-codes";
import { Io } from "../io";
import { assertNoSecrets } from "../report/secret-scan";
import { ArmOptions, sdkArmReader } from "./arm";
import { HealthProbe, runChecks } from "./checks";
import { readinessExpectation } from "./expectation";
import { readinessReport, renderReadinessMarkdown, renderReadinessText } from "./render";

export interface ReadinessOptions {
  readonly subscription?: string;
  readonly json?: boolean;
  readonly markdown?: string;
  readonly warmupAttempts?: string;
  readonly warmupDelaySeconds?: string;
}

/** What tests replace: the credential, the ARM endpoint and agent, the SDK retry timing, the clock. */
export interface ReadinessDeps {
  readonly credential?: TokenCredential;
  readonly endpoint?: string;
  readonly agent?: Agent;
  readonly retry?: ArmOptions["retry"];
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
  /** The stack's offline plan, when the caller already made it (tests plan once per file). */
  readonly plan?: StackPlan;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `delivery readiness <stack>`: offline plan → expectation → checks against Azure → table/JSON/Markdown. */
export async function runReadiness(stack: string, opts: ReadinessOptions, io: Io, deps: ReadinessDeps = {}): Promise<ExitCode> {
  const subscriptionId = opts.subscription ?? io.env.AZURE_SUBSCRIPTION_ID ?? "";
  if (!GUID.test(subscriptionId)) {
    throw new CliError(`delivery readiness: expected the subscription id (a GUID) in --subscription or AZURE_SUBSCRIPTION_ID; found ${JSON.stringify(subscriptionId)}.`);
  }
  const warmupAttempts = positiveInt(opts.warmupAttempts ?? "5", "--warmup-attempts");
  const warmupDelayMs = positiveInt(opts.warmupDelaySeconds ?? "10", "--warmup-delay-seconds") * 1000;

  const plan = deps.plan ?? (await offlinePlan(stack, io));
  if (plan.stack !== stack) throw new CliError(`delivery readiness: the plan given is of stack ${plan.stack}, not ${stack}.`);
  const expectation = readinessExpectation(plan);
  const { credential } = deps.credential ? { credential: deps.credential } : (require("./credential") as typeof import("./credential")).credentialFromEnv(io.env);
  const arm = sdkArmReader({ credential, subscriptionId, endpoint: deps.endpoint, agent: deps.agent, retry: deps.retry });

  let results;
  try {
    results = await runChecks(expectation, arm, { subscriptionId, probe: httpsProbe(deps.agent), warmupAttempts, warmupDelayMs, sleep: deps.sleep });
  } catch (err) {
    if (isUserError(err)) throw err;
    throw new CliError(`delivery readiness ${stack}: could not reach Azure, so readiness is unknown (never assumed): ${describeAzureError(err)}`, ExitCode.Unreachable);
  }
  const report = readinessReport(stack, results, (deps.now ?? (() => new Date()))());
  // Details come from Azure (e.g. a Key Vault reference's error text): scanned like every report before it leaves.
  const text = opts.json ? `${JSON.stringify(report, null, 2)}\n` : renderReadinessText(report);
  const markdown = renderReadinessMarkdown(report);
  assertNoSecrets(`${text}\n${markdown}`, io.env, "the readiness report");
  io.stdout(text);
  if (opts.markdown) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, opts.markdown), markdown);
    } catch (err) {
      throw new CliError(`--markdown ${opts.markdown}: cannot write the file (${(err as NodeJS.ErrnoException).code ?? "error"}).`);
    }
  }
  return report.ready ? ExitCode.Ok : ExitCode.Findings;
}

async function offlinePlan(stack: string, io: Io) {
  const { findProjectRoot } = require("../plan/stack-files") as typeof import("../plan/stack-files");
  const { planStack } = require("../plan/plan") as typeof import("../plan/plan");
  const limit = Error.stackTraceLimit;
  if (!io.env.DELIVERY_DEBUG) Error.stackTraceLimit = 0;
  try {
    return await planStack(findProjectRoot(io.cwd), stack);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function positiveInt(value: string, option: string): number {
  if (!/^[1-9]\d{0,3}$/.test(value)) throw new CliError(`${option}: expected a whole number from 1 to 9999; found ${JSON.stringify(value)}.`);
  return Number(value);
}

/** GET over HTTPS, no redirects followed (a redirect is not "healthy"); resolves to the status. */
function httpsProbe(agent: Agent | undefined): HealthProbe {
  return (url) =>
    new Promise((resolve, reject) => {
      const req = https.get(url, { agent: agent as https.Agent | undefined, timeout: 10_000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", reject);
    });
}

/** One sentence naming the call, the answer and what to do. */
export function describeAzureError(err: unknown): string {
  const e = err as { statusCode?: number; code?: string; name?: string; message?: string; request?: { method?: string; url?: string } };
  const call = e?.request?.url ? ` (${e.request.method ?? "GET"} ${e.request.url.replace(/\?.*$/, "")})` : "";
  const status = e?.statusCode;
  if (status === 401) return `Azure answered 401 Unauthorized${call}: the access token expired or was not accepted. Sign in again (az login) or check the pipeline's service connection.`;
  if (status === 403) {
    return `Azure answered 403 Forbidden${call}: the identity lacks a permission for this call; readiness needs Reader on the stack's resource group plus Microsoft.Web/sites/config/list/action (app setting names).`;
  }
  if (status === 429) return `Azure kept answering 429 Too Many Requests${call} after the SDK's retries (which honour Retry-After); re-run later.`;
  if (typeof status === "number") return `Azure answered HTTP ${status}${call} after the SDK's retries: ${firstLine(e.message)}.`;
  if (e?.name === "CredentialUnavailableError" || e?.name === "AuthenticationError" || e?.name === "AggregateAuthenticationError") {
    return `no Azure credential: ${firstLine(e.message)}. Sign in with az login, or run inside AzureCLI@2 with the stack's service connection.`;
  }
  return `${e?.code ?? e?.name ?? "error"}${call}: ${firstLine(e?.message)}.`;
}

function firstLine(s: string | undefined): string {
  return (s ?? "").split("\n")[0].slice(0, 300).replace(/\.+$/, "");
}
