/**
 * Every path the delivery system relies on, written once: who reaches what, with which roles, over
 * which network. Pure data. The evaluator (evaluate.ts) checks each row against a stack's resources;
 * `delivery plan` prints the verdicts and the policy pack turns broken rows into violations. The
 * pack states its requirements itself: the role GUIDs below are Azure's built-in ones, not the
 * program's table.
 */

/** Built-in role GUIDs (the same in every tenant). */
export const ROLES = {
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  AcrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
  ContainerRegistryDataImporter: "577a9874-89fd-4f24-9dbd-b5034d0ad23a",
  KeyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  KeyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  KeyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
  KeyVaultCertificateUser: "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
  KeyVaultCertificatesOfficer: "a4417e6f-fecd-4de8-b567-7b0420556985",
  MonitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  RoleBasedAccessControlAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  UserAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
} as const;

export type RoleName = keyof typeof ROLES;

/** Roles that let their holder grant access: never assignable by the deploy identity, never held by the preview identity. */
export const ESCALATING_ROLES: readonly RoleName[] = ["Owner", "UserAccessAdministrator", "RoleBasedAccessControlAdministrator", "Contributor"];

export type Actor = "slot identities" | "deploy identity" | "preview identity" | "next stage's deploy identity" | "Azure Monitor";
export type Target = "resource group" | "registry" | "vault" | "Application Insights" | "app and slots" | "rollback webhook" | "Pulumi state";

/**
 * How the caller reaches the target:
 * - arm: Azure Resource Manager (public management plane; role checks only)
 * - app: the app's outbound traffic (a private target needs a private endpoint, its DNS zone group
 *   and the sites' VNet integration routing that traffic)
 * - agent: the pipeline agent (a private target needs a private endpoint, its DNS zone group and a
 *   Managed DevOps Pool in the stack)
 * - trusted-service: the registry service itself (`az acr import`): a restricted registry must let
 *   trusted Azure services through
 * - public-service: a public Microsoft endpoint (Azure DevOps webhooks, App Insights ingestion)
 */
export type NetworkPath = "arm" | "app" | "agent" | "trusted-service" | "public-service";

export type Check =
  | { readonly kind: "roles"; readonly roles: readonly RoleName[] }
  | { readonly kind: "assignable-roles" }
  | { readonly kind: "locks" }
  | { readonly kind: "read-only" }
  | { readonly kind: "next-stage-import" }
  | { readonly kind: "bootstrap-import" }
  | { readonly kind: "rollback-webhook" }
  | { readonly kind: "outside-plan"; readonly grantedBy: string };

export interface PathSpec {
  readonly id: string;
  readonly from: Actor;
  readonly to: Target;
  readonly check: Check;
  readonly network: NetworkPath;
  /** Only when the stack signs images (the build stack). */
  readonly onlyWhenSigning?: boolean;
  /** Why the delivery system needs it (README). */
  readonly why: string;
  /** How to mend it when broken. */
  readonly fix: string;
}

export const RELEASE_PATHS: readonly PathSpec[] = [
  {
    id: "slot-pulls-image", from: "slot identities", to: "registry", check: { kind: "roles", roles: ["AcrPull"] }, network: "app",
    why: "App Service pulls the release image with each slot's identity.",
    fix: "grant AcrPull on the registry to every slot identity (Registry pullerPrincipalIds)",
  },
  {
    id: "slot-reads-secrets", from: "slot identities", to: "vault", check: { kind: "roles", roles: ["KeyVaultSecretsUser"] }, network: "app",
    why: "Key Vault references in app settings resolve with the slot's identity.",
    fix: "grant Key Vault Secrets User on the vault to every slot identity (Vault readerPrincipalIds)",
  },
  {
    id: "deploy-manages-group", from: "deploy identity", to: "resource group", check: { kind: "roles", roles: ["Contributor"] }, network: "arm",
    why: "`pulumi up` creates and changes the stack's resources.",
    fix: "grant Contributor on the stack's resource group to the deploy identity (DeliveryEnvironment)",
  },
  {
    id: "deploy-assigns-roles", from: "deploy identity", to: "resource group", check: { kind: "assignable-roles" }, network: "arm",
    why: "`pulumi up` writes the stack's role assignments, which Contributor cannot.",
    fix: "grant Role Based Access Control Administrator on the resource group with a conditionVersion 2.0 condition listing every role the program assigns (write on @Request, delete on @Resource) and no escalating role",
  },
  {
    id: "deploy-manages-locks", from: "deploy identity", to: "resource group", check: { kind: "locks" }, network: "arm",
    why: "`pulumi up` writes and removes the delete locks of protected stacks; no built-in role short of Owner/User Access Administrator can.",
    fix: "define a custom role with Microsoft.Authorization/locks/read|write|delete assignable to the resource group and assign it there to the deploy identity",
  },
  {
    id: "deploy-pushes-image", from: "deploy identity", to: "registry", check: { kind: "roles", roles: ["AcrPush"] }, network: "agent",
    why: "The build pushes the image, its signature and its SBOM.",
    fix: "grant AcrPush on the registry to the deploy identity",
  },
  {
    id: "deploy-imports-image", from: "deploy identity", to: "registry", check: { kind: "roles", roles: ["ContainerRegistryDataImporter"] }, network: "trusted-service",
    why: "`az acr import` needs Container Registry Data Importer and Data Reader on the target registry.",
    fix: "grant Container Registry Data Importer and Data Reader on the registry to the deploy identity",
  },
  {
    id: "next-stage-imports", from: "next stage's deploy identity", to: "registry", check: { kind: "next-stage-import" }, network: "trusted-service",
    why: "The next stage's `az acr import` reads from this registry (source side of the same role).",
    fix: "set registryPromotionTarget to the next stack, so this stack grants its deploy identity (read from that stack's outputs) Container Registry Data Importer and Data Reader here",
  },
  {
    id: "bootstrap-imports-image", from: "deploy identity", to: "registry", check: { kind: "bootstrap-import" }, network: "trusted-service",
    why: "A private stack's bootstrap image is imported by digest from the previous stage's registry (`az acr import` through the management plane: no push reaches a private registry from outside its VNet); the deploy identity re-runs the import when the source's digest changes.",
    fix: "grant the deploy identity Container Registry Data Importer and Data Reader on this registry, set the source stack's registryPromotionTarget to this stack (it then grants the same role on its registry) and keep the source's export enabled (registryIsPromotionSource: true)",
  },
  {
    id: "deploy-writes-secrets", from: "deploy identity", to: "vault", check: { kind: "roles", roles: ["KeyVaultSecretsOfficer"] }, network: "agent",
    why: "`pulumi up` writes and deletes the stack's secrets through the data plane; the secrets variable group reads them.",
    fix: "grant Key Vault Secrets Officer on the vault to the deploy identity",
  },
  {
    id: "deploy-signs-images", from: "deploy identity", to: "vault", onlyWhenSigning: true,
    check: { kind: "roles", roles: ["KeyVaultCryptoUser", "KeyVaultCertificateUser", "KeyVaultCertificatesOfficer"] }, network: "agent",
    why: "Notation signs with the certificate's key (Crypto User), reads the self-signed certificate (Certificate User); the pipeline creates the certificate once (Certificates Officer).",
    fix: "grant Key Vault Crypto User, Certificate User and Certificates Officer on the vault to the deploy identity (imageSigningCertificate)",
  },
  {
    id: "deploy-records-release", from: "deploy identity", to: "Application Insights", check: { kind: "roles", roles: ["MonitoringMetricsPublisher"] }, network: "public-service",
    why: "Release events for the DORA workbook are written with Entra auth (local auth is off).",
    fix: "grant Monitoring Metrics Publisher on the Application Insights component to the deploy identity",
  },
  {
    id: "deploy-swaps-slots", from: "deploy identity", to: "app and slots", check: { kind: "roles", roles: ["Contributor"] }, network: "arm",
    why: "Releases set the staging image, ramp traffic and swap slots through ARM.",
    fix: "grant Contributor on the resource group that holds the app to the deploy identity",
  },
  {
    id: "preview-reads-group", from: "preview identity", to: "resource group", check: { kind: "read-only" }, network: "arm",
    why: "Pull-request previews refresh every resource of the stack; they run code the PR author controls, so nothing more than read.",
    fix: "grant the preview identity Reader on the resource group and remove every other role it holds",
  },
  {
    id: "monitor-triggers-rollback", from: "Azure Monitor", to: "rollback webhook", check: { kind: "rollback-webhook" }, network: "public-service",
    why: "5xx and health alerts post to the rollback pipeline's incoming webhook, which swaps back.",
    fix: "pass DeliveryEnvironment's webhookUrl to AlertRules' rollbackWebhookUrl so a rollback action group posts to it",
  },
  {
    id: "deploy-state", from: "deploy identity", to: "Pulumi state", check: { kind: "outside-plan", grantedBy: "the bootstrap (Storage Blob Data Contributor on the state container, Key Vault Crypto User on the stack's secrets-provider key)" }, network: "agent",
    why: "`pulumi up` reads and writes state and decrypts config.",
    fix: "run the bootstrap after the stack's first up",
  },
  {
    id: "preview-state", from: "preview identity", to: "Pulumi state", check: { kind: "outside-plan", grantedBy: "the bootstrap (state container: lock and read; Key Vault Crypto User on the stack's secrets-provider key)" }, network: "agent",
    why: "A preview takes the state lock and decrypts config.",
    fix: "run the bootstrap after the stack's first up",
  },
];
