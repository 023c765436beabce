/**
 * Azure facts that both the config (validation) and the components (what a SKU means) rely on,
 * in a neutral module neither owns. Kept as data so a new region or SKU is a one-line change. Sources: "Azure regions list" and "Availability zone service and regional support"
 * (Microsoft Learn), App Service pricing tiers for Linux.
 */

/** Azure region programmatic names (`az account list-locations --query "[].name"`), public cloud. */
export const AZURE_REGIONS = [
  "australiacentral", "australiaeast", "australiasoutheast", "austriaeast", "belgiumcentral",
  "brazilsouth", "canadacentral", "canadaeast", "centralindia", "centralus", "chilecentral",
  "denmarkeast", "eastasia", "eastus", "eastus2", "francecentral", "francesouth",
  "germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral", "italynorth",
  "japaneast", "japanwest", "koreacentral", "koreasouth", "malaysiawest", "mexicocentral",
  "newzealandnorth", "northcentralus", "northeurope", "norwayeast", "norwaywest", "polandcentral",
  "qatarcentral", "southafricanorth", "southafricawest", "southcentralus", "southeastasia",
  "southindia", "spaincentral", "swedencentral", "switzerlandnorth", "switzerlandwest",
  "uaecentral", "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westindia",
  "westus", "westus2", "westus3",
] as const;

/** Regions with availability zones (zone-redundant App Service plans and registries need them). */
export const ZONE_REDUNDANT_REGIONS: ReadonlySet<string> = new Set([
  "australiaeast", "austriaeast", "belgiumcentral", "brazilsouth", "canadacentral", "centralindia",
  "centralus", "chilecentral", "denmarkeast", "eastasia", "eastus", "eastus2", "francecentral",
  "germanywestcentral", "indonesiacentral", "israelcentral", "italynorth", "japaneast", "japanwest",
  "koreacentral", "malaysiawest", "mexicocentral", "newzealandnorth", "northeurope", "norwayeast",
  "polandcentral", "qatarcentral", "southafricanorth", "southcentralus", "southeastasia",
  "spaincentral", "swedencentral", "switzerlandnorth", "uaenorth", "uksouth", "westeurope",
  "westus2", "westus3",
]);

/**
 * Linux App Service plan SKUs that support deployment slots (Standard and above: every app here
 * has a staging slot, so Free and Basic are not offered), with their tier name.
 */
export const APP_SERVICE_SKUS = {
  S1: "Standard", S2: "Standard", S3: "Standard",
  P1v2: "PremiumV2", P2v2: "PremiumV2", P3v2: "PremiumV2",
  P0v3: "PremiumV3", P1v3: "PremiumV3", P2v3: "PremiumV3", P3v3: "PremiumV3",
  P1mv3: "PremiumMV3", P2mv3: "PremiumMV3", P3mv3: "PremiumMV3", P4mv3: "PremiumMV3", P5mv3: "PremiumMV3",
  I1v2: "IsolatedV2", I2v2: "IsolatedV2", I3v2: "IsolatedV2", I4v2: "IsolatedV2", I5v2: "IsolatedV2", I6v2: "IsolatedV2",
} as const;

export type AppServiceSku = keyof typeof APP_SERVICE_SKUS;

/** Plan tiers that can spread instances across availability zones. */
export const ZONE_REDUNDANT_TIERS: ReadonlySet<string> = new Set(["PremiumV2", "PremiumV3", "PremiumMV3", "IsolatedV2"]);

export const REGISTRY_SKUS = ["Basic", "Standard", "Premium"] as const;
export const KEY_VAULT_SKUS = ["standard", "premium"] as const;

/** Retention values Application Insights accepts (days). */
export const APP_INSIGHTS_RETENTION_DAYS = [30, 60, 90, 120, 180, 270, 365, 550, 730] as const;

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

/**
 * Windows time-zone ids accepted by the Azure DevOps business-hours check (a selection; add one
 * here when a team works elsewhere).
 */
export const BUSINESS_HOURS_TIME_ZONES = [
  "UTC", "GMT Standard Time", "W. Europe Standard Time", "Central Europe Standard Time",
  "Romance Standard Time", "Central European Standard Time", "E. Europe Standard Time",
  "FLE Standard Time", "Eastern Standard Time", "Central Standard Time", "Mountain Standard Time",
  "Pacific Standard Time", "India Standard Time", "Singapore Standard Time", "Tokyo Standard Time",
  "AUS Eastern Standard Time",
] as const;

/**
 * Azure's tag limits (Microsoft Learn, "Use tags to organize your Azure resources and management
 * hierarchy", Limitations): a tag name has at most 512 characters (128 on storage accounts) and
 * cannot contain < > % & \\ ? /; a tag value has at most 256 characters. The forbidden characters
 * apply to names only; values may hold them.
 */
export const AZURE_TAG_LIMITS = { nameMaxLength: 512, storageAccountNameMaxLength: 128, valueMaxLength: 256, nameForbidden: /[<>%&\\?/]/ } as const;
