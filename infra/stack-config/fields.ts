import {
  APP_INSIGHTS_RETENTION_DAYS, APP_SERVICE_SKUS, AZURE_REGIONS, BUSINESS_HOURS_TIME_ZONES,
  KEY_VAULT_SKUS, REGISTRY_SKUS, WEEKDAYS,
} from "../azure-catalog";
import { Field, enumItem, flag, integer, integerIn, list, oneOf, secret, tagValue, text, textItem } from "./field";
import { FREEZE_ENTRY, FREEZE_ENTRY_EXPECTS } from "./freezes";

const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const IPV4_CIDR = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;
const IPV4_PREFIX = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\/(?:3[0-2]|[12]?\d)$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GIT_REF = /^refs\/(?:heads|tags)\/[\w.\-/*]+$/;
const REGIONS = AZURE_REGIONS as unknown as readonly [string, ...string[]];
const SKUS = Object.keys(APP_SERVICE_SKUS) as [keyof typeof APP_SERVICE_SKUS, ...(keyof typeof APP_SERVICE_SKUS)[]];

/**
 * Every key of the `pinecone-delivery:` namespace. This table is the single source of Pulumi.yaml's
 * config declarations and the README's configuration reference (a test keeps both in sync).
 * Stack differences are values of these keys, never code that looks at the stack's name.
 */
export const FIELDS = {
  // --- identity and placement
  environment: text({
    group: "Identity", description: "Short environment code used in every Azure name and tag (e.g. prod).",
    expects: "2-8 lowercase letters or digits, starting with a letter", pattern: /^[a-z][a-z0-9]{1,7}$/,
  }),
  tier: oneOf(["production", "nonproduction"], {
    group: "Identity", description: "production turns on the production guardrails: >= 2 approvers, purge protection, locks, mandatory policies.",
  }),
  location: oneOf(REGIONS, { group: "Identity", description: "Azure region of every regional resource (programmatic name, e.g. westeurope)." }),
  workload: text({
    group: "Identity", description: "Workload code at the start of every Azure name.", default: "pcpro",
    expects: "3-10 lowercase letters or digits, starting with a letter", pattern: /^[a-z][a-z0-9]{2,9}$/,
  }),
  uniqueSuffix: text({
    group: "Identity", description: "Suffix that makes the globally unique names (registry, Key Vault, web app) unique.",
    expects: "4-6 lowercase letters or digits", pattern: /^[a-z0-9]{4,6}$/,
  }),
  costCenter: tagValue({ group: "Identity", description: "costCenter tag on every resource." }),
  owner: tagValue({ group: "Identity", description: "owner tag on every resource: the team answerable for the environment." }),
  protectStatefulResources: flag({
    group: "Identity", default: false,
    description: "CanNotDelete locks and Pulumi `protect` on stateful resources (registry, vault, workspace, Application Insights).",
  }),

  // --- App Service
  appServiceSku: oneOf(SKUS, { group: "App Service", description: "Linux App Service plan SKU (Standard or higher: every app has a staging slot)." }),
  zoneRedundant: flag({ group: "App Service", default: false, description: "Spread the plan across availability zones (needs >= 3 instances, a Premium SKU and a zonal region)." }),
  autoscaleMinimum: integer({ group: "App Service", default: 1, min: 1, max: 30, unit: "instances", description: "Autoscale lower bound." }),
  autoscaleMaximum: integer({ group: "App Service", default: 3, min: 1, max: 30, unit: "instances", description: "Autoscale upper bound." }),
  autoscaleDefault: integer({ group: "App Service", default: 1, min: 1, max: 30, unit: "instances", description: "Instance count when metrics are unavailable (between minimum and maximum)." }),
  autoscaleCpuScaleOutPercent: integer({ group: "App Service", default: 70, min: 1, max: 100, unit: "%", description: "Average CPU above which one instance is added." }),
  autoscaleCpuScaleInPercent: integer({ group: "App Service", default: 30, min: 1, max: 100, unit: "%", description: "Average CPU below which one instance is removed (below the scale-out threshold)." }),
  autoscaleHttpQueueScaleOut: integer({ group: "App Service", default: 100, min: 1, max: 10000, unit: "requests", description: "HTTP queue length above which one instance is added." }),
  healthCheckPath: text({ group: "App Service", default: "/health", description: "Health endpoint of the ERP, used by App Service health checks, swap warm-up and availability tests.", expects: "an absolute URL path such as /health", pattern: /^\/[\w\-./]*$/ }),
  stagingSlotName: text({ group: "App Service", default: "staging", description: "Name of the staging slot that releases deploy to and swap from.", expects: "2-20 lowercase letters, digits or hyphens", pattern: /^[a-z0-9][a-z0-9-]{1,19}$/ }),
  imageRepository: text({ group: "App Service", default: "pinecone-pro", description: "Repository of the ERP image in the registry.", expects: "a lowercase repository path", pattern: /^[a-z0-9]+(?:[._\-/][a-z0-9]+)*$/ }),
  appHostStack: text({
    group: "App Service", default: "none", pattern: /^[\w.-]+$/, expects: "another stack of this project whose app has its own plan, or none",
    description: "Hosting shape. none: the stack has its own App Service plan, autoscale, app and staging slot. A stack name: the app is the slot appHostSlotName on that stack's web app (read through a stack reference), with no plan of its own; releases deploy straight into the slot and never swap (README, Hosting shapes).",
  }),
  appSlotGuests: list(textItem(/^[\w.-]+$/), {
    group: "App Service", default: [], itemType: "string", max: 10, itemExpects: "a stack name",
    description: "Stacks whose app is a slot on this stack's web app (their appHostStack names this stack). This stack grants each one's deploy identity the slot operator role (slots and their settings, no swap) and its preview identity Reader on the web app; a guest is refused unless listed here.",
  }),
  appHostSlotName: text({
    group: "App Service", default: "none", pattern: /^(?:none|[a-z0-9][a-z0-9-]{1,19})$/, expects: "2-20 lowercase letters, digits or hyphens (an App Service slot name), or none",
    description: "Name of this stack's slot on the host's web app (slot shape only; required there). Not production and not the host's staging slot.",
  }),

  // --- registry
  registrySku: oneOf(REGISTRY_SKUS, { group: "Registry", default: "Standard", description: "Container registry SKU (Premium for zone redundancy, geo-replication and retention)." }),
  registryZoneRedundant: flag({ group: "Registry", default: false, description: "Zone-redundant registry (Premium only)." }),
  registryGeoReplicationLocations: list(enumItem(REGIONS), {
    group: "Registry", default: [], itemType: "string", max: 5, itemExpects: "an Azure region other than the primary location",
    description: "Extra regions the registry replicates to (Premium only).",
  }),
  registryUntaggedRetentionDays: integer({ group: "Registry", default: 0, min: 0, max: 365, unit: "days, 0 = keep", description: "Delete untagged manifests after this many days (Premium only)." }),
  registryIsPromotionSource: flag({ group: "Registry", default: true, description: "Images are imported from this registry into the next stage's, so export stays enabled." }),
  registryPromotionTarget: text({
    group: "Registry", default: "none", pattern: /^[\w.-]+$/, expects: "a stack name, or none",
    description: "Stack that imports images from this registry (the next stage): its deploy identity, read from that stack's outputs through a stack reference, gets Container Registry Data Importer and Data Reader here.",
  }),
  registryPromotionSource: text({
    group: "Registry", default: "none", pattern: /^[\w.-]+$/, expects: "a stack name, or none",
    description: "Stack whose registry this one imports images from (the previous stage). A private stack (privateNetwork) imports its bootstrap image from there by digest, read from that stack's output bootstrapImage, instead of pushing one: its first up runs outside the VNet.",
  }),
  imageSigningCertificate: text({
    group: "Registry", default: "none", pattern: /^(?:[0-9a-zA-Z-]{1,127})$/, expects: "a Key Vault certificate name, or none",
    description: "Certificate in this stack's vault that the build signs images with (the build stack only); the deploy identity may create it and sign with it.",
  }),

  // --- Key Vault
  keyVaultSku: oneOf(KEY_VAULT_SKUS, { group: "Key Vault", default: "standard", description: "Key Vault SKU." }),
  keyVaultSoftDeleteRetentionDays: integer({ group: "Key Vault", default: 90, min: 7, max: 90, unit: "days", description: "Soft-delete retention of the vault and its secrets." }),
  keyVaultPurgeProtection: flag({ group: "Key Vault", default: true, description: "Purge protection (irreversible once on; required in production)." }),
  keyVaultNetworkDefaultAction: oneOf(["Allow", "Deny"], { group: "Key Vault", default: "Deny", description: "Network ACL default action; trusted Azure services are always allowed." }),
  keyVaultAllowedIpRanges: list(textItem(IPV4_CIDR), {
    group: "Key Vault", default: [], itemType: "string", max: 50, itemExpects: "an IPv4 address or CIDR range such as 203.0.113.0/24",
    description: "Public IP ranges allowed through the vault firewall.",
  }),

  // --- network (flat keys: Pulumi.yaml cannot declare objects)
  privateNetwork: flag({
    group: "Network", default: false,
    description: "Private stack: a VNet with private endpoints for the registry and vault (their public access off), App Service VNet integration, and pipelines on a Managed DevOps Pool inside the VNet.",
  }),
  vnetAddressSpace: text({ group: "Network", default: "10.60.0.0/22", description: "Address space of the stack's VNet (only used when privateNetwork is true).", expects: "an IPv4 CIDR range such as 10.60.0.0/22", pattern: IPV4_PREFIX }),
  appSubnetPrefix: text({
    group: "Network", default: "10.60.0.0/26",
    description: "App Service integration subnet (delegated to Microsoft.Web/serverFarms): at least /28 and at least 2 × autoscaleMaximum + 5 addresses (scaling doubles the need; the size cannot change later; Microsoft recommends /26).",
    expects: "an IPv4 CIDR range such as 10.60.0.0/26", pattern: IPV4_PREFIX,
  }),
  privateEndpointSubnetPrefix: text({ group: "Network", default: "10.60.0.64/27", description: "Subnet of the private endpoints (registry: 1 + 1 per region; vault: 1; + 5 reserved).", expects: "an IPv4 CIDR range such as 10.60.0.64/27", pattern: IPV4_PREFIX }),
  agentSubnetPrefix: text({ group: "Network", default: "10.60.0.128/27", description: "Subnet of the deployment agents (delegated to Microsoft.DevOpsInfrastructure/pools): at least agentPoolMaximumConcurrency + 5 addresses.", expects: "an IPv4 CIDR range such as 10.60.0.128/27", pattern: IPV4_PREFIX }),
  agentPoolMaximumConcurrency: integer({ group: "Network", default: 2, min: 1, max: 50, unit: "agents", description: "Most agents the Managed DevOps Pool runs at once (private stacks)." }),
  agentPoolVmSku: text({ group: "Network", default: "Standard_D2ads_v5", description: "VM size of the pool's agents (Microsoft's default; its family needs vCPU quota in the region).", expects: "an Azure VM size such as Standard_D2ads_v5", pattern: /^Standard_[A-Za-z0-9_]+$/ }),
  devopsInfrastructurePrincipalId: text({
    group: "Network", default: "none",
    description: "Object id of the tenant's DevOpsInfrastructure service principal; when given, the stack grants it Reader and Network Contributor on the VNet (else grant them once by hand).",
    expects: "a GUID, or none", pattern: /^(?:none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i,
  }),

  // --- monitoring
  logRetentionDays: integer({ group: "Monitoring", default: 30, min: 30, max: 730, unit: "days", description: "Log Analytics retention." }),
  appInsightsRetentionDays: integerIn(APP_INSIGHTS_RETENTION_DAYS, { group: "Monitoring", default: 90, unit: "days", description: "Application Insights retention." }),
  browserTelemetry: flag({ group: "Monitoring", default: false, description: "The Angular front end sends telemetry with the connection string, which needs local auth on Application Insights." }),
  alertEmails: list(textItem(EMAIL), {
    group: "Monitoring", itemType: "string", min: 1, max: 20, itemExpects: "an e-mail address",
    description: "Who the action group e-mails when an alert fires.",
  }),
  alertHttp5xxCount: integer({ group: "Monitoring", default: 10, min: 1, max: 100000, unit: "per 5 minutes", description: "Server errors that fire the 5xx alert." }),
  alertResponseTimeMs: integer({ group: "Monitoring", default: 2000, min: 100, max: 60000, unit: "ms", description: "Average response time that fires the latency alert." }),
  alertHealthCheckPercent: integer({ group: "Monitoring", default: 90, min: 1, max: 100, unit: "%", description: "Health-check status below which the health alert fires." }),
  alertCpuPercent: integer({ group: "Monitoring", default: 80, min: 1, max: 100, unit: "%", description: "Plan CPU that fires the CPU alert." }),
  alertMemoryPercent: integer({ group: "Monitoring", default: 85, min: 1, max: 100, unit: "%", description: "Plan memory that fires the memory alert." }),
  alertHttpQueueLength: integer({ group: "Monitoring", default: 50, min: 1, max: 10000, unit: "requests", description: "Plan HTTP queue length that fires the queue alert." }),
  alertKeyVaultAvailabilityPercent: integer({ group: "Monitoring", default: 99, min: 1, max: 100, unit: "%", description: "Key Vault availability below which the vault alert fires." }),
  availabilityTestFrequencySeconds: integerIn([300, 600, 900] as const, { group: "Monitoring", default: 300, unit: "seconds", description: "How often the availability tests probe both slots." }),

  // --- release
  approvers: list(textItem(GUID), {
    group: "Release", default: [], itemType: "string", max: 20,
    itemExpects: "an Azure DevOps identity id (GUID: a group's or user's originId, e.g. from `az devops security group list`)",
    description: "Azure DevOps identities (group or user ids) that approve deployments to this environment; empty: no approval check, deployments run automatically.",
  }),
  minimumApprovers: integer({ group: "Release", default: 0, min: 0, max: 20, description: "Approvals a deployment needs (1 or more when approvers are listed; production: >= 2)." }),
  requesterCanApprove: flag({ group: "Release", default: false, description: "Whether the person who queued the run may approve it (production: false)." }),
  releaseWindowDays: list(enumItem(WEEKDAYS), {
    group: "Release", default: ["monday", "tuesday", "wednesday", "thursday", "friday"], itemType: "string", min: 1, max: 7,
    itemExpects: `a weekday (${WEEKDAYS.join(", ")})`, description: "Days on which deployments may start (business-hours check).",
  }),
  releaseWindowStart: text({ group: "Release", default: "08:00", description: "Start of the release window.", expects: "a 24-hour time HH:MM", pattern: HH_MM }),
  releaseWindowEnd: text({ group: "Release", default: "17:00", description: "End of the release window (after the start).", expects: "a 24-hour time HH:MM", pattern: HH_MM }),
  releaseWindowTimeZone: oneOf(BUSINESS_HOURS_TIME_ZONES as unknown as readonly [string, ...string[]], { group: "Release", default: "W. Europe Standard Time", description: "Time zone of the release window (Windows id)." }),
  allowedBranches: list(textItem(GIT_REF), {
    group: "Release", default: ["refs/heads/main"], itemType: "string", min: 1, max: 10, itemExpects: "a git ref such as refs/heads/main or refs/tags/release/*",
    description: "Refs a run must come from to deploy here (branch-control check).",
  }),
  requireDeliveryTemplate: flag({ group: "Release", default: false, description: "Deployments must extend this repository's delivery template (required-template check)." }),
  releaseFreezes: list(textItem(FREEZE_ENTRY), {
    group: "Release", default: [], itemType: "string", max: 50, itemExpects: FREEZE_ENTRY_EXPECTS,
    description: "Release freezes: no release or infra deploy changes the stack from start (inclusive) to end (exclusive); an emergency change needs an override reason and the environment's approval (README, Release freezes).",
  }),
  postSwapWatchMinutes: integer({ group: "Release", default: 15, min: 0, max: 240, unit: "minutes", description: "How long a release watches alerts and health after the swap before it is done." }),

  // --- Azure DevOps
  devopsOrganizationUrl: text({ group: "Azure DevOps", description: "Azure DevOps organisation URL.", expects: "https://dev.azure.com/<organisation>", pattern: /^https:\/\/dev\.azure\.com\/[A-Za-z0-9][A-Za-z0-9-]{0,48}\/?$/ }),
  devopsProject: text({ group: "Azure DevOps", description: "Azure DevOps project that holds the repositories and pipelines.", expects: "a project name of at most 64 characters", maxLength: 64 }),
  infraRepository: text({ group: "Azure DevOps", default: "pinecone-delivery", description: "Repository of this Pulumi project.", expects: "a repository name", maxLength: 64 }),
  appRepository: text({ group: "Azure DevOps", default: "pinecone-pro", description: "Repository of the ERP application.", expects: "a repository name", maxLength: 64 }),
  ownsSharedDevOpsObjects: flag({ group: "Azure DevOps", default: false, description: "This stack owns the objects all environments share (build definitions, branch policies); exactly one stack file sets it." }),
  devopsApplicationPipelines: list(textItem(/^[^\\/"<>|:*?]{1,255}$/), {
    group: "Azure DevOps", default: [], itemType: "string", max: 20, itemExpects: "a build definition name",
    description: "Application pipelines in other repositories that extend the delivery template: authorised on this stack's environment, deploy connection and variable groups (and, by the stack owning shared objects, on this repository).",
  }),

  // --- parity and policy
  parityReference: text({ group: "Parity and policy", default: "none", description: "Stack this one mirrors (qa mirrors prod); `delivery plan --compare` reports what differs.", expects: "a stack name, or none", pattern: /^[\w.-]+$/ }),
  parityAllowedDeviations: list(textItem(/^[a-zA-Z]+$/), {
    group: "Parity and policy", default: [], itemType: "string", max: 100,
    itemExpects: "a platform setting key, e.g. autoscaleMinimum",
    description: "Platform settings this stack intentionally sets differently from its parity reference (`delivery plan --compare`).",
  }),
  policyEnforcement: oneOf(["advisory", "mandatory"], { group: "Parity and policy", default: "advisory", description: "Enforcement of the policy pack for this stack (production: mandatory)." }),
  policyRuleLevels: list(textItem(/^[a-z0-9]+(?:-[a-z0-9]+)*=(?:advisory|mandatory|disabled)$/), {
    group: "Parity and policy", default: [], itemType: "string", max: 100,
    itemExpects: "<rule id>=advisory|mandatory|disabled, e.g. app-https-only=mandatory",
    description: "Per-rule enforcement that differs from policyEnforcement.",
  }),
  policyExemptions: list(textItem(/^[A-Z]+-\d+\|[a-z0-9]+(?:-[a-z0-9]+)*\|[^|\s]+\|\d{4}-\d{2}-\d{2}\|[^|]{10,}$/), {
    group: "Parity and policy", default: [], itemType: "string", max: 50,
    itemExpects: "<id>|<rule id>|<resource logical name or *>|<expires YYYY-MM-DD>|<reason of 10+ characters>, e.g. EX-1|app-health-check|web|2027-01-31|health endpoint ships in 4.13",
    description: "Exceptions to single rules, each with an id, a reason and an expiry date (listed in plans and PR reports; expired ones no longer apply).",
  }),

  // --- cost estimate (delivery cost; usage the offline plan cannot know, priced from prices/retail-prices.json)
  costLogIngestionGbPerMonth: integer({ group: "Cost estimate", default: 5, min: 0, max: 100000, unit: "GB per month", description: "Assumed Log Analytics ingestion of the workspace (diagnostic logs), for `delivery cost`." }),
  costAppInsightsIngestionGbPerMonth: integer({ group: "Cost estimate", default: 5, min: 0, max: 100000, unit: "GB per month", description: "Assumed telemetry ingestion of Application Insights (billed as Log Analytics ingestion), for `delivery cost`." }),
  costKeyVaultOperationsPerMonth: integer({ group: "Cost estimate", default: 100000, min: 0, max: 1000000000, unit: "operations per month", description: "Assumed Key Vault operations (secret reads by the apps and deployments), for `delivery cost`." }),
  costPoolBusyHoursPerAgentPerMonth: integer({ group: "Cost estimate", default: 100, min: 0, max: 744, unit: "hours per agent per month", description: "Assumed busy hours of each Managed DevOps Pool agent (up to the pool's maximum concurrency), for `delivery cost`." }),
  costReviewThresholdPerMonth: integer({ group: "Cost estimate", default: 100, min: 0, max: 1000000, unit: "currency units of the price snapshot per month", description: "A pull request that raises this stack's monthly estimate by more than this asks for a reviewer (PR report)." }),

  // --- secrets
  alertWebhookUrl: secret({ group: "Secrets", description: "Teams/Slack incoming-webhook URL for alerts and release notifications." }),
  erpDatabaseConnectionString: secret({ group: "Secrets", description: "Connection string of the ERP database, stored in Key Vault and referenced by the app." }),
  erpJwtSigningKey: secret({ group: "Secrets", description: "Signing key for the ERP's access tokens, stored in Key Vault and referenced by the app." }),
} as const;

export type FieldKey = keyof typeof FIELDS;
export type FieldValues = { -readonly [K in FieldKey]: (typeof FIELDS)[K] extends Field<infer T> ? T : never };
