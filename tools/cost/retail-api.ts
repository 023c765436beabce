import { z } from "zod";
import { RetryPolicy } from "../ado/retry";
import { CliError } from "../errors";
import { MeterSpec, odataFilter, RetailItem, unitSize } from "./meters";
import { SnapshotMeter } from "./snapshot";

export const DEFAULT_API_URL = "https://prices.azure.com/api/retail/prices";
export const SERVICE = "Azure Retail Prices API";
/** The API returns at most 1,000 items a page; no meter of ours needs more than a few pages. */
const MAX_PAGES = 20;

/** The answer envelope, as documented: `{ BillingCurrency, CustomerEntityId, CustomerEntityType, Items, NextPageLink, Count }`. */
const itemSchema = z.object({
  currencyCode: z.string(),
  tierMinimumUnits: z.number().finite(),
  retailPrice: z.number().finite().nonnegative(),
  unitPrice: z.number().finite().optional(),
  armRegionName: z.string(),
  location: z.string(),
  effectiveStartDate: z.string().optional(),
  meterId: z.string(),
  meterName: z.string(),
  productName: z.string(),
  skuName: z.string(),
  serviceName: z.string(),
  unitOfMeasure: z.string(),
  type: z.string(),
  armSkuName: z.string().optional(),
});
const pageSchema = z.object({
  BillingCurrency: z.string().optional(),
  CustomerEntityId: z.string().optional(),
  CustomerEntityType: z.string().optional(),
  Items: z.array(itemSchema),
  NextPageLink: z.string().nullable().optional(),
  Count: z.number().optional(),
});

export interface RetailApiOptions {
  readonly apiUrl: string;
  readonly currency: string;
  readonly apiVersion: string;
  readonly retry: RetryPolicy;
  readonly fetch?: typeof fetch;
}

/** The first page's URL of one meter's query. */
export function meterQueryUrl(spec: MeterSpec, o: Pick<RetailApiOptions, "apiUrl" | "currency" | "apiVersion">): string {
  // Built by hand: URLSearchParams would encode `$filter`'s dollar and the quotes the API expects verbatim.
  return `${o.apiUrl}?api-version=${encodeURIComponent(o.apiVersion)}&currencyCode='${o.currency}'&$filter=${encodeURIComponent(odataFilter(spec))}`;
}

/** Every item of one meter's query, following NextPageLink until it is null. */
export async function fetchItems(spec: MeterSpec, o: RetailApiOptions): Promise<RetailItem[]> {
  const origin = new URL(o.apiUrl).origin;
  const items: RetailItem[] = [];
  const seen = new Set<string>();
  let url: string | null | undefined = meterQueryUrl(spec, o);
  for (let page = 1; url; page++) {
    if (page > MAX_PAGES || seen.has(url)) {
      throw new CliError(`${SERVICE}: meter ${spec.key}: NextPageLink kept going after ${page - 1} pages (last ${url}); expected the last page's NextPageLink to be null. Nothing was written.`);
    }
    seen.add(url);
    if (new URL(url).origin !== origin) {
      throw new CliError(`${SERVICE}: meter ${spec.key}: NextPageLink ${url} leaves ${origin}; expected the next page on the same host as the API URL. Nothing was written.`);
    }
    const current: string = url;
    const text = await o.retry.execute(`GET ${current}`, () => get(current, o.fetch ?? fetch));
    const body = parsePage(text, current, spec);
    items.push(...body.Items);
    url = body.NextPageLink;
  }
  return items;
}

async function get(url: string, fetchImpl: typeof fetch): Promise<string> {
  let res: Response;
  try {
    res = await fetchImpl(url, { headers: { accept: "application/json" } });
  } catch (err) {
    // Node's fetch hides the socket error in `cause`; the retry policy reads `code`.
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw Object.assign(new Error(cause?.message ?? (err as Error).message), { code: cause?.code ?? "ECONNRESET" });
  }
  const text = await res.text();
  if (!res.ok) {
    throw Object.assign(new Error(`${res.statusText || "error"}: ${text.slice(0, 200)}`), {
      statusCode: res.status,
      responseHeaders: { "retry-after": res.headers.get("retry-after") ?? undefined },
    });
  }
  return text;
}

function parsePage(text: string, url: string, spec: MeterSpec): z.infer<typeof pageSchema> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new CliError(`${SERVICE}: meter ${spec.key}: the answer to ${url} is not JSON (starts ${JSON.stringify(text.slice(0, 60))}); expected { BillingCurrency, Items, NextPageLink, Count }. Nothing was written.`);
  }
  const parsed = pageSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${SERVICE}: meter ${spec.key}: the answer to ${url} has ${issue.path.join(".") || "(document)"}: ${issue.message}; expected { BillingCurrency, Items: [{ retailPrice, unitOfMeasure, meterName, … }], NextPageLink, Count }. Nothing was written.`);
  }
  return parsed.data;
}

/**
 * The one price a meter contributes to the snapshot: Consumption items the spec keeps, the first
 * paid tier (free grants are left out of the estimate: conservative, and per billing account anyway).
 * No item, several different prices, or an unexpected unit is an error, never a guess.
 */
export function chooseItem(spec: MeterSpec, items: readonly RetailItem[], currency: string, filterText: string): SnapshotMeter {
  const kept = items.filter((i) => i.type === "Consumption" && (spec.keep?.test(i) ?? true));
  if (kept.length === 0) {
    throw new CliError(
      `${SERVICE}: meter ${spec.key} (${spec.description}): no item matched $filter=${filterText}${spec.keep ? ` and ${spec.keep.description}` : ""} (the API returned ${items.length}). ` +
        "Fix the meter's filter in tools/cost/meters.ts (values are case-sensitive). Nothing was written.",
    );
  }
  const paid = kept.filter((i) => i.retailPrice > 0);
  const pool = paid.length > 0 ? paid : kept;
  const lowestTier = Math.min(...pool.map((i) => i.tierMinimumUnits));
  const candidates = pool.filter((i) => i.tierMinimumUnits === lowestTier).sort((a, b) => a.meterId.localeCompare(b.meterId));
  const prices = [...new Set(candidates.map((i) => i.retailPrice))];
  if (prices.length > 1) {
    throw new CliError(
      `${SERVICE}: meter ${spec.key}: ${candidates.length} items with different prices match (${candidates.map((i) => `${i.productName} / ${i.meterName} / ${i.armRegionName}: ${i.retailPrice}`).join("; ")}); expected one. Narrow the filter in tools/cost/meters.ts. Nothing was written.`,
    );
  }
  const item = candidates[0];
  if (item.currencyCode !== currency) {
    throw new CliError(`${SERVICE}: meter ${spec.key}: the item is priced in ${item.currencyCode}; expected ${currency} (currencyCode). Nothing was written.`);
  }
  if (unitSize(item.unitOfMeasure, spec.unit) === undefined) {
    throw new CliError(`${SERVICE}: meter ${spec.key}: unitOfMeasure ${JSON.stringify(item.unitOfMeasure)}; expected a ${spec.unit} unit, so the quantities in tools/cost/pricing-table.ts would be wrong. Nothing was written.`);
  }
  return {
    retailPrice: item.retailPrice,
    unitOfMeasure: item.unitOfMeasure,
    tierMinimumUnits: item.tierMinimumUnits,
    serviceName: item.serviceName,
    productName: item.productName,
    skuName: item.skuName,
    meterName: item.meterName,
    armRegionName: item.armRegionName,
    meterId: item.meterId,
    effectiveStartDate: item.effectiveStartDate ?? null,
  };
}
