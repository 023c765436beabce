import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { CliError } from "../errors";

/** Where the dated price snapshot lives, relative to the project root (committed; refreshed by pull request). */
export const SNAPSHOT_PATH = "prices/retail-prices.json";
export const SNAPSHOT_KIND = "pinecone-delivery/retail-prices";
export const SNAPSHOT_VERSION = 1;
/** backward compatible with the base API; values are case-sensitive from this version on. */
export const API_VERSION = "2023-01-01-preview";
/** The `source` of a snapshot built by hand from indicative figures instead of the API. */
export const INDICATIVE_SOURCE = "indicative, not fetched; run delivery prices --refresh";

const meterSchema = z
  .object({
    retailPrice: z.number().finite().nonnegative(),
    unitOfMeasure: z.string().min(1),
    /** The tier the price belongs to: the first paid tier (free grants are left out of the estimate). */
    tierMinimumUnits: z.number().finite().nonnegative(),
    serviceName: z.string(),
    productName: z.string(),
    skuName: z.string(),
    meterName: z.string(),
    armRegionName: z.string(),
    meterId: z.string().nullable(),
    effectiveStartDate: z.string().nullable(),
    /** Where an indicative (not fetched) figure came from. */
    basis: z.string().optional(),
  })
  .strict();

const snapshotSchema = z
  .object({
    kind: z.literal(SNAPSHOT_KIND),
    version: z.literal(SNAPSHOT_VERSION),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD"),
    currency: z.string().regex(/^[A-Z]{3}$/, "an ISO currency code such as USD"),
    apiVersion: z.string().min(1),
    source: z.string().min(1),
    meters: z.record(z.string(), meterSchema),
  })
  .strict();

export type SnapshotMeter = z.infer<typeof meterSchema>;
export type PriceSnapshot = z.infer<typeof snapshotSchema>;

/** True when the snapshot's figures did not come from the API (shown next to every estimate). */
export function isIndicative(snapshot: PriceSnapshot): boolean {
  return snapshot.source.startsWith("indicative");
}

/** Parses a snapshot document; `label` names it in errors. */
export function parseSnapshot(text: string, label: string): PriceSnapshot {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${label}: not JSON (${(err as Error).message}); expected the price snapshot written by delivery prices --refresh.`);
  }
  const parsed = snapshotSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `${label}: ${issue.path.join(".") || "(document)"}: ${issue.message}; expected a ${SNAPSHOT_KIND} version ${SNAPSHOT_VERSION} document (kind, version, date, currency, apiVersion, source, meters).`,
    );
  }
  return parsed.data;
}

export function readSnapshot(root: string, file = SNAPSHOT_PATH): PriceSnapshot {
  const full = path.resolve(root, file);
  let text: string;
  try {
    text = fs.readFileSync(full, "utf8");
  } catch (err) {
    throw new CliError(`${file}: cannot read the price snapshot (${(err as NodeJS.ErrnoException).code ?? "error"}); run delivery prices --refresh or restore the file from git.`);
  }
  return parseSnapshot(text, file);
}

/** Stable text: meters sorted by key, two-space indent, trailing newline (small diffs in refresh PRs). */
export function renderSnapshot(snapshot: PriceSnapshot): string {
  const meters = Object.fromEntries(Object.keys(snapshot.meters).sort().map((k) => [k, snapshot.meters[k]]));
  return `${JSON.stringify({ ...snapshot, meters }, null, 2)}\n`;
}
