import * as fs from "fs";
import * as path from "path";
import { createRetryPolicy, defaultRetryOptions, RetryOptions } from "../ado/retry";
import { CliError } from "../errors";
import { ExitCode } from "../exit-codes";
import { Io } from "../io";
import { planStack, StackPlan } from "../plan/plan";
import { findProjectRoot, listStacks } from "../plan/stack-files";
import { MeterSpec, odataFilter } from "./meters";
import { priceResource } from "./pricing-table";
import { chooseItem, DEFAULT_API_URL, fetchItems, SERVICE } from "./retail-api";
import { API_VERSION, PriceSnapshot, renderSnapshot, SNAPSHOT_KIND, SNAPSHOT_PATH, SNAPSHOT_VERSION, SnapshotMeter } from "./snapshot";

/** Exactly the meters the plans' priced resources use, by key. */
export function metersOfPlans(plans: readonly StackPlan[]): MeterSpec[] {
  const meters = new Map<string, MeterSpec>();
  for (const plan of plans) {
    const ctx = { settings: plan.settings as Record<string, unknown>, resources: plan.resources };
    for (const r of plan.resources) {
      if (!r.custom) continue;
      const pricing = priceResource(r, ctx);
      if (pricing.kind === "priced") for (const l of pricing.lines) meters.set(l.meter.key, l.meter);
    }
  }
  return [...meters.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export interface RefreshOptions {
  readonly meters: readonly MeterSpec[];
  readonly apiUrl: string;
  readonly currency: string;
  readonly today: Date;
  readonly retry: RetryOptions;
  readonly fetch?: typeof fetch;
}

/** Fetches every meter (one query each, all pages) and builds the snapshot; throws before anything is written. */
export async function fetchSnapshot(o: RefreshOptions): Promise<PriceSnapshot> {
  const retry = createRetryPolicy({ ...o.retry, service: SERVICE });
  const meters: Record<string, SnapshotMeter> = {};
  for (const spec of o.meters) {
    const items = await fetchItems(spec, { apiUrl: o.apiUrl, currency: o.currency, apiVersion: API_VERSION, retry, fetch: o.fetch });
    meters[spec.key] = chooseItem(spec, items, o.currency, odataFilter(spec));
  }
  const date = o.today.toISOString().slice(0, 10);
  return {
    kind: SNAPSHOT_KIND,
    version: SNAPSHOT_VERSION,
    date,
    currency: o.currency,
    apiVersion: API_VERSION,
    source: `fetched from ${o.apiUrl} on ${date}`,
    meters,
  };
}

export interface PricesCommandOptions {
  readonly refresh?: boolean;
  readonly currency: string;
  readonly apiUrl?: string;
  readonly out?: string;
}

/** `delivery prices --refresh`. */
export async function runPricesCommand(opts: PricesCommandOptions, io: Io, retry: RetryOptions = defaultRetryOptions): Promise<ExitCode> {
  if (!opts.refresh) throw new CliError("delivery prices: nothing to do; pass --refresh to fetch the meters the plans use and rewrite the snapshot.");
  if (!/^[A-Z]{3}$/.test(opts.currency)) throw new CliError(`--currency ${JSON.stringify(opts.currency)}: expected an ISO currency code in capitals such as USD or EUR.`);
  const apiUrl = opts.apiUrl ?? io.env.DELIVERY_PRICES_API_URL ?? DEFAULT_API_URL;
  let parsed: URL;
  try {
    parsed = new URL(apiUrl);
  } catch {
    throw new CliError(`--api-url ${JSON.stringify(apiUrl)}: expected an http(s) URL such as ${DEFAULT_API_URL}.`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new CliError(`--api-url ${apiUrl}: expected an http(s) URL; found ${parsed.protocol}.`);

  const root = findProjectRoot(io.cwd);
  const limit = Error.stackTraceLimit;
  if (!io.env.DELIVERY_DEBUG) Error.stackTraceLimit = 0;
  const plans: StackPlan[] = [];
  try {
    // planStack reads the other stack files too: a slot-shaped stack's host comes from them.
    for (const s of listStacks(root)) plans.push(await planStack(root, s));
  } finally {
    Error.stackTraceLimit = limit;
  }
  const meters = metersOfPlans(plans);
  io.stderr(`delivery prices: ${meters.length} meters used by ${plans.map((p) => p.stack).join(", ")}; querying ${apiUrl}\n`);
  const snapshot = await fetchSnapshot({
    meters,
    apiUrl,
    currency: opts.currency,
    today: new Date(),
    retry: { ...retry, onRetry: ({ what, attempt, delayMs, cause }) => io.stderr(`warning: ${what}: attempt ${attempt} failed with ${cause}; retrying in ${delayMs} ms\n`) },
  });
  const out = opts.out ?? SNAPSHOT_PATH;
  const full = path.resolve(root, out);
  try {
    fs.mkdirSync(path.dirname(full), { recursive: true });
    // Write then rename, so a failure never leaves half a snapshot.
    fs.writeFileSync(`${full}.tmp`, renderSnapshot(snapshot));
    fs.renameSync(`${full}.tmp`, full);
  } catch (err) {
    throw new CliError(`--out ${out}: cannot write the snapshot (${(err as NodeJS.ErrnoException).code ?? "error"}).`);
  }
  io.stdout(`wrote ${out}: ${Object.keys(snapshot.meters).length} meters, ${snapshot.currency}, ${snapshot.date} (${snapshot.source})\n`);
  return ExitCode.Ok;
}
