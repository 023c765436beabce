import * as http from "http";
import { AddressInfo } from "net";

/**
 * A loopback fake of the Azure Retail Prices API (GET /api/retail/prices): parses the OData
 * `$filter` (`field eq 'value'` joined by `and`, as the client sends it), answers with the real
 * envelope `{ BillingCurrency, CustomerEntityId, CustomerEntityType, Items, NextPageLink, Count }`,
 * pages `pageSize` items at a time through NextPageLink (`$skip`), and injects faults for the next
 * requests. Listens on 127.0.0.1 only.
 */
export interface FakeItem {
  currencyCode: string;
  tierMinimumUnits: number;
  retailPrice: number;
  unitPrice: number;
  armRegionName: string;
  location: string;
  effectiveStartDate: string;
  meterId: string;
  meterName: string;
  productId: string;
  skuId: string;
  productName: string;
  skuName: string;
  serviceName: string;
  serviceId: string;
  serviceFamily: string;
  unitOfMeasure: string;
  type: string;
  isPrimaryMeterRegion: boolean;
  armSkuName: string;
}

export type FakeFault =
  | { kind: "status"; status: number; retryAfter?: string }
  | { kind: "body"; body: string }
  | { kind: "next-page-elsewhere" };

export interface FakeRetailPrices {
  readonly url: string;
  readonly requests: string[];
  /** Faults for the next requests, in order. */
  readonly faults: FakeFault[];
  close(): Promise<void>;
}

/** The OData fields the client filters on, mapped to item fields (priceType is the item's `type`). */
const FIELD: Record<string, keyof FakeItem> = {
  serviceName: "serviceName", armRegionName: "armRegionName", productName: "productName", meterName: "meterName",
  skuName: "skuName", armSkuName: "armSkuName", priceType: "type", location: "location",
};

function parseFilter(filter: string): [keyof FakeItem, string][] {
  return filter.split(" and ").map((term) => {
    const m = /^(\w+) eq '((?:[^']|'')*)'$/.exec(term.trim());
    if (!m || !FIELD[m[1]]) throw new Error(`fake: unsupported filter term ${term}`);
    return [FIELD[m[1]], m[2].replace(/''/g, "'")];
  });
}

export async function startFakeRetailPrices(catalogue: readonly FakeItem[], pageSize = 1000): Promise<FakeRetailPrices> {
  const requests: string[] = [];
  const faults: FakeFault[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(req.url ?? "");
    const fault = faults.shift();
    if (fault?.kind === "status") {
      res.writeHead(fault.status, { "content-type": "application/json", ...(fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {}) });
      res.end(JSON.stringify({ error: { code: "TooManyRequests", message: `fake ${fault.status}` } }));
      return;
    }
    if (fault?.kind === "body") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(fault.body);
      return;
    }
    if (url.pathname !== "/api/retail/prices" || req.method !== "GET") {
      res.writeHead(404).end();
      return;
    }
    const currency = (url.searchParams.get("currencyCode") ?? "'USD'").replace(/'/g, "");
    const terms = parseFilter(url.searchParams.get("$filter") ?? "");
    const matching = catalogue.filter((item) => terms.every(([k, v]) => item[k] === v)).map((i) => ({ ...i, currencyCode: currency }));
    const skip = Number(url.searchParams.get("$skip") ?? "0");
    const page = matching.slice(skip, skip + pageSize);
    let next: string | null = null;
    if (skip + pageSize < matching.length) {
      const n = new URL(url.toString());
      n.searchParams.set("$skip", String(skip + pageSize));
      const port = (server.address() as AddressInfo).port;
      next = `${fault?.kind === "next-page-elsewhere" ? "http://prices.example.invalid" : `http://127.0.0.1:${port}`}${n.pathname}${n.search}`;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ BillingCurrency: currency, CustomerEntityId: "Default", CustomerEntityType: "Retail", Items: page, NextPageLink: next, Count: page.length }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/retail/prices`,
    requests,
    faults,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let seq = 0;
/** One catalogue item with the API's full field set; `over` sets what the test cares about. */
export function item(over: Partial<FakeItem> & Pick<FakeItem, "serviceName" | "meterName" | "retailPrice" | "unitOfMeasure">): FakeItem {
  seq++;
  return {
    currencyCode: "USD",
    tierMinimumUnits: 0,
    unitPrice: over.retailPrice,
    armRegionName: "westeurope",
    location: "EU West",
    effectiveStartDate: "2024-01-01T00:00:00Z",
    meterId: `00000000-0000-0000-0000-${String(seq).padStart(12, "0")}`,
    productId: `DZH318Z0${seq}`,
    skuId: `DZH318Z0${seq}/0001`,
    productName: over.serviceName,
    skuName: "Standard",
    serviceId: "DZH317F1HKN0",
    serviceFamily: "Compute",
    type: "Consumption",
    isPrimaryMeterRegion: true,
    armSkuName: "",
    ...over,
  };
}

/** Items for every meter the stacks' plans use, with decoys the client must not pick. */
export function retailCatalogue(): FakeItem[] {
  const appService = (sku: string, product: string, meter: string, price: number) =>
    item({ serviceName: "Azure App Service", productName: `Azure App Service ${product} Plan - Linux`, skuName: sku, meterName: meter, retailPrice: price, unitOfMeasure: "1 Hour" });
  return [
    appService("S1", "Standard", "S1 App", 0.095),
    appService("P1 v3", "Premium v3", "P1 v3 App", 0.181),
    appService("P2 v3", "Premium v3", "P2 v3 App", 0.362),
    // Decoys: Windows P1v3 (another product) and a dev/test price of the Linux meter.
    item({ serviceName: "Azure App Service", productName: "Azure App Service Premium v3 Plan", skuName: "P1 v3", meterName: "P1 v3 App", retailPrice: 0.31, unitOfMeasure: "1 Hour" }),
    item({ serviceName: "Azure App Service", productName: "Azure App Service Premium v3 Plan - Linux", skuName: "P1 v3", meterName: "P1 v3 App", retailPrice: 0.1, unitOfMeasure: "1 Hour", type: "DevTestConsumption" }),
    item({ serviceName: "Container Registry", productName: "Container Registry", skuName: "Standard", meterName: "Standard Registry Unit", retailPrice: 0.6667, unitOfMeasure: "1/Day" }),
    item({ serviceName: "Container Registry", productName: "Container Registry", skuName: "Premium", meterName: "Premium Registry Unit", retailPrice: 1.667, unitOfMeasure: "1/Day" }),
    item({ serviceName: "Container Registry", productName: "Container Registry", skuName: "Premium", meterName: "Premium Registry Unit", retailPrice: 1.667, unitOfMeasure: "1/Day", armRegionName: "northeurope", location: "EU North" }),
    // Log Analytics: a free first tier, the paid tier from 5 GB, and retention; basic logs are a decoy.
    item({ serviceName: "Log Analytics", productName: "Log Analytics", skuName: "Pay-as-you-go", meterName: "Pay-as-you-go Data Ingestion", retailPrice: 0, tierMinimumUnits: 0, unitOfMeasure: "1 GB" }),
    item({ serviceName: "Log Analytics", productName: "Log Analytics", skuName: "Pay-as-you-go", meterName: "Pay-as-you-go Data Ingestion", retailPrice: 2.99, tierMinimumUnits: 5, unitOfMeasure: "1 GB" }),
    item({ serviceName: "Log Analytics", productName: "Log Analytics", skuName: "Pay-as-you-go", meterName: "Pay-as-you-go Data Retention", retailPrice: 0.13, unitOfMeasure: "1 GB/Month" }),
    item({ serviceName: "Log Analytics", productName: "Log Analytics", skuName: "Pay-as-you-go", meterName: "Basic Logs Data Ingestion", retailPrice: 0.65, unitOfMeasure: "1 GB" }),
    item({ serviceName: "Key Vault", productName: "Key Vault", skuName: "Standard", meterName: "Operations", retailPrice: 0.03, unitOfMeasure: "10K" }),
    item({ serviceName: "Azure Monitor", productName: "Azure Monitor", skuName: "Standard Web Test", meterName: "Standard Web Test Execution", retailPrice: 0.0008, unitOfMeasure: "1" }),
    item({ serviceName: "Azure Monitor", productName: "Azure Monitor", skuName: "Alerts", meterName: "Alerts Metric Monitored", retailPrice: 0, tierMinimumUnits: 0, unitOfMeasure: "1", armRegionName: "Global", location: "Global" }),
    item({ serviceName: "Azure Monitor", productName: "Azure Monitor", skuName: "Alerts", meterName: "Alerts Metric Monitored", retailPrice: 0.1, tierMinimumUnits: 10, unitOfMeasure: "1", armRegionName: "Global", location: "Global" }),
    item({ serviceName: "Virtual Network", productName: "Virtual Network Private Link", skuName: "Standard", meterName: "Standard Private Endpoint", retailPrice: 0.01, unitOfMeasure: "1 Hour", armRegionName: "Global", location: "Global" }),
    item({ serviceName: "Azure DNS", productName: "Azure DNS", skuName: "Private", meterName: "Private Zone", retailPrice: 0.5, unitOfMeasure: "1/Month", armRegionName: "", location: "Zone 1" }),
    item({ serviceName: "Virtual Machines", productName: "Virtual Machines Dadsv5 Series", skuName: "D2ads v5", meterName: "D2ads v5", armSkuName: "Standard_D2ads_v5", retailPrice: 0.118, unitOfMeasure: "1 Hour" }),
    item({ serviceName: "Virtual Machines", productName: "Virtual Machines Dadsv5 Series Windows", skuName: "D2ads v5", meterName: "D2ads v5", armSkuName: "Standard_D2ads_v5", retailPrice: 0.21, unitOfMeasure: "1 Hour" }),
    item({ serviceName: "Virtual Machines", productName: "Virtual Machines Dadsv5 Series", skuName: "D2ads v5 Spot", meterName: "D2ads v5 Spot", armSkuName: "Standard_D2ads_v5", retailPrice: 0.02, unitOfMeasure: "1 Hour" }),
  ];
}
