/**
 * `delivery prices --refresh` against a loopback fake of the Azure Retail Prices API (127.0.0.1):
 * exactly the plans' meters, paging through NextPageLink, 429/5xx retried honouring Retry-After,
 * an empty or malformed answer a clear exit-2 error that leaves the snapshot untouched. Offline.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultRetryOptions, RetryOptions } from "../../tools/ado/retry";
import { METERS } from "../../tools/cost/meters";
import { fetchSnapshot, metersOfPlans, runPricesCommand } from "../../tools/cost/refresh";
import { parseSnapshot } from "../../tools/cost/snapshot";
import { ExitCode } from "../../tools/exit-codes";
import { planStack, StackPlan } from "../../tools/plan/plan";
import { captureIo } from "../support/capture-io";
import { FakeRetailPrices, item, retailCatalogue, startFakeRetailPrices } from "../support/fake-retail-prices";
import { REPO_ROOT, runCli } from "../support/harness";

let plans: StackPlan[];
beforeAll(async () => {
  plans = [];
  for (const s of ["dev", "prod", "qa", "uat"]) plans.push(await planStack(REPO_ROOT, s));
});

const tmpOut = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pinecone-prices-")), "retail-prices.json");
/** No real waiting: record the waits instead. */
function fastRetry(waits: number[]): RetryOptions {
  return { ...defaultRetryOptions, sleep: async (ms) => void waits.push(ms), random: () => 0 };
}

describe("a refresh against the fake API", () => {
  let fake: FakeRetailPrices;
  afterEach(() => fake.close());

  test("through the CLI: queries exactly the plans' meters, pages through NextPageLink, writes a dated snapshot marked as fetched", async () => {
    fake = await startFakeRetailPrices(retailCatalogue(), 1); // one item a page: every multi-item meter pages
    const out = tmpOut();
    const res = await runCli(["prices", "--refresh", "--api-url", fake.url, "--out", out]);
    const used = metersOfPlans(plans).map((m) => m.key);
    expect(res.stderr).toContain(`delivery prices: ${used.length} meters used by dev, prod, qa, uat; querying`);
    expect(res.code).toBe(ExitCode.Ok);
    const snap = parseSnapshot(fs.readFileSync(out, "utf8"), out);
    const today = new Date().toISOString().slice(0, 10);
    expect(snap).toMatchObject({ date: today, currency: "USD", apiVersion: "2023-01-01-preview", source: `fetched from ${fake.url} on ${today}` });
    expect(Object.keys(snap.meters)).toEqual(used);
    // Today's stacks use these (the private network, once merged, adds its meters).
    expect(used).toEqual(expect.arrayContaining([
      "app-service-plan/linux/P1v3/westeurope", "app-service-plan/linux/P2v3/westeurope", "app-service-plan/linux/S1/westeurope",
      "availability-test/standard/westeurope", "container-registry/Premium/northeurope", "container-registry/Premium/westeurope",
      "container-registry/Standard/westeurope", "key-vault/operations/standard/westeurope", "log-analytics/ingestion/westeurope",
      "log-analytics/retention/westeurope", "metric-alert/time-series/Global",
    ]));
    // The Linux Consumption item, not the Windows product or the dev/test price.
    expect(snap.meters["app-service-plan/linux/P1v3/westeurope"]).toMatchObject({ retailPrice: 0.181, productName: "Azure App Service Premium v3 Plan - Linux", unitOfMeasure: "1 Hour" });
    // The first paid tier (5 GB), not the free grant; Basic Logs left out by the meter's selection.
    expect(snap.meters["log-analytics/ingestion/westeurope"]).toMatchObject({ retailPrice: 2.99, tierMinimumUnits: 5, meterName: "Pay-as-you-go Data Ingestion" });
    expect(snap.meters["metric-alert/time-series/Global"]).toMatchObject({ retailPrice: 0.1, tierMinimumUnits: 10 });
    // Paging: the ingestion query has 3 items at one per page → 3 requests, the later ones from NextPageLink with $skip.
    const query = (r: string) => new URL(r, "http://127.0.0.1").searchParams;
    const logQueries = fake.requests.filter((r) => (query(r).get("$filter") ?? "").includes("skuName eq 'Pay-as-you-go'"));
    // Two meters (ingestion, retention) share the filter; it finds 4 items, so each query reads pages $skip 1, 2, 3.
    expect(logQueries.map((r) => query(r).get("$skip"))).toEqual([null, "1", "2", "3", null, "1", "2", "3"]);
    const first = decodeURIComponent(fake.requests[0]);
    expect(first).toBe(
      "/api/retail/prices?api-version=2023-01-01-preview&currencyCode='USD'&$filter=serviceName eq 'Azure App Service' and armRegionName eq 'westeurope' and productName eq 'Azure App Service Premium v3 Plan - Linux' and meterName eq 'P1 v3 App' and priceType eq 'Consumption'",
    );
    expect(res.stdout).toBe(`wrote ${out}: ${used.length} meters, USD, ${today} (fetched from ${fake.url} on ${today})\n`);
  });

  test("the pool's VM meter keeps the Linux pay-as-you-go hour (not Windows, not Spot); the DNS zone filters on its location", async () => {
    fake = await startFakeRetailPrices(retailCatalogue());
    const snap = await fetchSnapshot({ meters: [METERS.linuxVmHour("Standard_D2ads_v5", "westeurope"), METERS.privateDnsZone(), METERS.privateEndpoint()], apiUrl: fake.url, currency: "EUR", today: new Date("2027-01-04T10:00:00Z"), retry: fastRetry([]) });
    expect(snap.currency).toBe("EUR");
    expect(snap.date).toBe("2027-01-04");
    expect(snap.meters["virtual-machine/linux/Standard_D2ads_v5/westeurope"]).toMatchObject({ retailPrice: 0.118, productName: "Virtual Machines Dadsv5 Series" });
    expect(snap.meters["private-dns/zone"].retailPrice).toBe(0.5);
    expect(snap.meters["private-endpoint/standard"].retailPrice).toBe(0.01);
    expect(decodeURIComponent(fake.requests[0])).toContain("currencyCode='EUR'");
  });

  test("429 with Retry-After and 503 are retried; the wait honours Retry-After (7 s)", async () => {
    fake = await startFakeRetailPrices(retailCatalogue());
    fake.faults.push({ kind: "status", status: 429, retryAfter: "7" }, { kind: "status", status: 503 });
    const waits: number[] = [];
    const snap = await fetchSnapshot({ meters: [METERS.privateEndpoint()], apiUrl: fake.url, currency: "USD", today: new Date(), retry: fastRetry(waits) });
    expect(snap.meters["private-endpoint/standard"].retailPrice).toBe(0.01);
    expect(fake.requests).toHaveLength(3);
    expect(waits[0]).toBe(7000); // Retry-After, plus zero jitter (random() = 0)
    expect(waits[1]).toBe(500); // no Retry-After: backoff, attempt 2 ceiling 1,000 ms, half of it with random() = 0
  });
});

describe("errors leave the snapshot untouched (exit 2, one paragraph)", () => {
  let fake: FakeRetailPrices;
  afterEach(() => fake.close());

  async function refresh(out: string): Promise<{ code: ExitCode; stderr: string; waits: number[] }> {
    const io = captureIo(REPO_ROOT);
    const waits: number[] = [];
    const code = await runPricesCommand({ refresh: true, currency: "USD", apiUrl: fake.url, out }, io, fastRetry(waits)).catch((err: Error & { exitCode?: ExitCode }) => {
      // What the CLI does with a CliError (tools/cli.ts): the message, then its exit code.
      io.stderr(`error: ${err.message}\n`);
      return err.exitCode ?? ExitCode.Internal;
    });
    return { code, stderr: io.stderrText(), waits };
  }

  test("an empty result for a meter: names the meter and its filter", async () => {
    fake = await startFakeRetailPrices(retailCatalogue().filter((i) => i.meterName !== "Operations"));
    const out = tmpOut();
    const res = await refresh(out);
    expect(res.code).toBe(ExitCode.BadInput);
    expect(res.stderr).toContain(
      "error: Azure Retail Prices API: meter key-vault/operations/standard/westeurope (Key Vault standard operations, westeurope): no item matched $filter=serviceName eq 'Key Vault' and armRegionName eq 'westeurope' and skuName eq 'Standard' and meterName eq 'Operations' and priceType eq 'Consumption' (the API returned 0). Fix the meter's filter in tools/cost/meters.ts (values are case-sensitive). Nothing was written.",
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  test("5xx on every attempt: gives up after the policy's attempts", async () => {
    fake = await startFakeRetailPrices(retailCatalogue());
    for (let i = 0; i < 6; i++) fake.faults.push({ kind: "status", status: 500 });
    const out = tmpOut();
    const res = await refresh(out);
    expect(res.code).toBe(ExitCode.BadInput);
    expect(res.stderr).toMatch(/^error: Azure Retail Prices API: GET http:\/\/127\.0\.0\.1:\d+\/api\/retail\/prices\?\S+ failed 6 time\(s\), last with HTTP 500; gave up after 6 attempts\./m);
    expect(res.waits).toHaveLength(5);
    expect(fs.existsSync(out)).toBe(false);
  });

  test("a malformed answer: not JSON, or an envelope without Items", async () => {
    fake = await startFakeRetailPrices(retailCatalogue());
    fake.faults.push({ kind: "body", body: "<html>gateway</html>" });
    const out = tmpOut();
    const notJson = await refresh(out);
    expect(notJson.code).toBe(ExitCode.BadInput);
    expect(notJson.stderr).toContain('is not JSON (starts "<html>gateway</html>"); expected { BillingCurrency, Items, NextPageLink, Count }. Nothing was written.');
    fake.faults.push({ kind: "body", body: JSON.stringify({ BillingCurrency: "USD", Count: 0 }) });
    const noItems = await refresh(out);
    expect(noItems.stderr).toMatch(/has Items: Required; expected \{ BillingCurrency, Items: \[\{ retailPrice, unitOfMeasure, meterName, … \}\], NextPageLink, Count \}\. Nothing was written\./);
    fake.faults.push({ kind: "body", body: JSON.stringify({ Items: [{ ...item({ serviceName: "x", meterName: "y", retailPrice: 1, unitOfMeasure: "1 Hour" }), retailPrice: "cheap" }], NextPageLink: null }) });
    const badPrice = await refresh(out);
    expect(badPrice.stderr).toContain("has Items.0.retailPrice: Expected number, received string;");
    expect(fs.existsSync(out)).toBe(false);
  });

  test("a NextPageLink to another host is refused", async () => {
    fake = await startFakeRetailPrices(retailCatalogue(), 1);
    fake.faults.push({ kind: "next-page-elsewhere" });
    const attempt = fetchSnapshot({ meters: [METERS.logIngestion("westeurope")], apiUrl: fake.url, currency: "USD", today: new Date(), retry: fastRetry([]) });
    await expect(attempt).rejects.toMatchObject({ exitCode: ExitCode.BadInput });
    await expect(attempt).rejects.toThrow(/NextPageLink http:\/\/prices\.example\.invalid\/api\/retail\/prices\?\S+ leaves http:\/\/127\.0\.0\.1:\d+; expected the next page on the same host as the API URL\. Nothing was written\./);
    expect(fake.requests).toHaveLength(1);
  });

  test("a bad --currency or --api-url is refused before anything is planned or fetched", async () => {
    const cur = await runCli(["prices", "--refresh", "--currency", "usd"]);
    expect(cur.code).toBe(ExitCode.BadInput);
    expect(cur.stderr).toBe('error: --currency "usd": expected an ISO currency code in capitals such as USD or EUR.\n');
    const url = await runCli(["prices", "--refresh", "--api-url", "ftp://x"]);
    expect(url.stderr).toBe("error: --api-url ftp://x: expected an http(s) URL; found ftp:.\n");
    const nothing = await runCli(["prices"]);
    expect(nothing.stderr).toBe("error: delivery prices: nothing to do; pass --refresh to fetch the meters the plans use and rewrite the snapshot.\n");
  });
});
