/**
 * The Azure Retail Prices meters the estimate uses, each named by a stable key and found by an
 * OData filter (exact field values; case-sensitive from api-version 2023-01-01-preview) plus, where
 * OData cannot say it, a client-side selection. Meter names follow the Retail Prices API reference
 * and the names Infracost's Azure price filters use; `delivery prices --refresh` fails loudly (and
 * writes nothing) when a filter finds no item, so a wrong name cannot turn into a silent zero.
 */

/** What one unit of the meter's quantity is; the API's unitOfMeasure must match it. */
export type MeterUnit = "hour" | "day" | "month" | "GB" | "GB-month" | "count";

const UNIT_PATTERNS: Record<MeterUnit, RegExp> = {
  hour: /^(\d+) Hours?$/,
  day: /^(\d+)\/Days?$/,
  month: /^(\d+)\/Months?$/,
  GB: /^(\d+) GB$/,
  "GB-month": /^(\d+) GB\/Months?$/,
  count: /^(\d+)([KM]?)$/,
};

/** An item of the Retail Prices API's `Items` array, the fields the estimate reads. */
export interface RetailItem {
  readonly currencyCode: string;
  readonly tierMinimumUnits: number;
  readonly retailPrice: number;
  readonly unitPrice?: number;
  readonly armRegionName: string;
  readonly location: string;
  readonly effectiveStartDate?: string;
  readonly meterId: string;
  readonly meterName: string;
  readonly productName: string;
  readonly skuName: string;
  readonly serviceName: string;
  readonly unitOfMeasure: string;
  readonly type: string;
  readonly armSkuName?: string;
}

export interface MeterSpec {
  /** Stable key in the snapshot, e.g. `app-service-plan/linux/P1v3/westeurope`. */
  readonly key: string;
  readonly description: string;
  /** OData `eq` conditions; `priceType eq 'Consumption'` is always added. */
  readonly filter: Readonly<Record<string, string>>;
  /** Items the filter cannot exclude (Windows, Spot, other meters of the product). */
  readonly keep?: { readonly description: string; readonly test: (item: RetailItem) => boolean };
  readonly unit: MeterUnit;
}

/** `1 Hour` → 1, `10K` → 10000, `1/Day` → 1; undefined when the unit is not the meter's kind. */
export function unitSize(unitOfMeasure: string, unit: MeterUnit): number | undefined {
  const m = UNIT_PATTERNS[unit].exec(unitOfMeasure.trim());
  if (!m) return undefined;
  const factor = m[2] === "K" ? 1_000 : m[2] === "M" ? 1_000_000 : 1;
  const size = Number(m[1]) * factor;
  return size > 0 ? size : undefined;
}

/** The OData `$filter` of a meter. Values are quoted; a quote inside a value is doubled. */
export function odataFilter(spec: MeterSpec): string {
  const terms = Object.entries({ ...spec.filter, priceType: "Consumption" }).map(([k, v]) => `${k} eq '${v.replace(/'/g, "''")}'`);
  return terms.join(" and ");
}

const APP_SERVICE_TIER_PRODUCT: Record<string, string> = {
  Standard: "Standard",
  PremiumV2: "Premium v2",
  PremiumV3: "Premium v3",
  PremiumMV3: "Premium v3",
};

/** `P1v3` → `P1 v3`, `P1mv3` → `P1mv3`, `S1` → `S1`: how the API spells the SKU in meter names. */
function appServiceMeterSku(sku: string): string {
  return /^P\d+v\d$/.test(sku) ? sku.replace(/v(\d)$/, " v$1") : sku;
}

export const METERS = {
  appServicePlanLinux(sku: string, tier: string, region: string): MeterSpec {
    const product = APP_SERVICE_TIER_PRODUCT[tier] ?? tier;
    return {
      key: `app-service-plan/linux/${sku}/${region}`,
      description: `App Service ${sku} Linux, one instance hour, ${region}`,
      filter: {
        serviceName: "Azure App Service",
        armRegionName: region,
        productName: `Azure App Service ${product} Plan - Linux`,
        meterName: `${appServiceMeterSku(sku)} App`,
      },
      unit: "hour",
    };
  },
  registryUnit(sku: string, region: string): MeterSpec {
    return {
      key: `container-registry/${sku}/${region}`,
      description: `Container Registry ${sku} registry unit per day, ${region}`,
      filter: { serviceName: "Container Registry", armRegionName: region, meterName: `${sku} Registry Unit` },
      unit: "day",
    };
  },
  privateEndpoint(): MeterSpec {
    return {
      key: "private-endpoint/standard",
      description: "Private endpoint hour (Private Link; global meter)",
      filter: { serviceName: "Virtual Network", productName: "Virtual Network Private Link", meterName: "Standard Private Endpoint" },
      unit: "hour",
    };
  },
  logIngestion(region: string): MeterSpec {
    return {
      key: `log-analytics/ingestion/${region}`,
      description: `Log Analytics pay-as-you-go (Analytics Logs) ingestion per GB, ${region}`,
      filter: { serviceName: "Log Analytics", armRegionName: region, skuName: "Pay-as-you-go" },
      keep: { description: "meterName ends with 'Data Ingestion'", test: (i) => /Data Ingestion$/.test(i.meterName) && !/Basic/.test(i.meterName) },
      unit: "GB",
    };
  },
  logRetention(region: string): MeterSpec {
    return {
      key: `log-analytics/retention/${region}`,
      description: `Log Analytics retention beyond the included days, per GB-month, ${region}`,
      filter: { serviceName: "Log Analytics", armRegionName: region, skuName: "Pay-as-you-go" },
      keep: { description: "meterName ends with 'Data Retention'", test: (i) => /Data Retention$/.test(i.meterName) },
      unit: "GB-month",
    };
  },
  keyVaultOperations(sku: string, region: string): MeterSpec {
    const skuName = sku === "premium" ? "Premium" : "Standard";
    return {
      key: `key-vault/operations/${sku}/${region}`,
      description: `Key Vault ${sku} operations, ${region}`,
      filter: { serviceName: "Key Vault", armRegionName: region, skuName, meterName: "Operations" },
      unit: "count",
    };
  },
  standardWebTest(region: string): MeterSpec {
    return {
      key: `availability-test/standard/${region}`,
      description: `Application Insights standard availability test execution, ${region}`,
      filter: { serviceName: "Azure Monitor", armRegionName: region, skuName: "Standard Web Test" },
      unit: "count",
    };
  },
  metricAlertTimeSeries(region: string): MeterSpec {
    return {
      key: `metric-alert/time-series/${region}`,
      description: `Metric alert rule, per monitored time series per month, ${region}`,
      filter: { serviceName: "Azure Monitor", armRegionName: region, meterName: "Alerts Metric Monitored" },
      unit: "count",
    };
  },
  privateDnsZone(): MeterSpec {
    return {
      key: "private-dns/zone",
      description: "Private DNS zone per month (first 25 zones' rate)",
      filter: { serviceName: "Azure DNS", location: "Zone 1", meterName: "Private Zone" },
      unit: "month",
    };
  },
  linuxVmHour(armSkuName: string, region: string): MeterSpec {
    return {
      key: `virtual-machine/linux/${armSkuName}/${region}`,
      description: `Linux VM ${armSkuName} pay-as-you-go hour, ${region}`,
      filter: { serviceName: "Virtual Machines", armRegionName: region, armSkuName },
      keep: {
        description: "not Windows, not Spot or Low Priority",
        test: (i) => !/Windows/.test(i.productName) && !/Spot|Low Priority/.test(i.meterName),
      },
      unit: "hour",
    };
  },
};
