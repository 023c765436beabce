/**
 * The one list of fields a release owns. IaC owns the platform; the release pipeline owns releases:
 * it sets the image digest on the staging slot and swaps, and a traffic ramp writes routing rules
 * on the production app. Pulumi must neither reset these (`ignoreChanges`) nor report them as
 * drift (the drift report reads this list). Pure data: the report tools import it without
 * loading the Pulumi SDK.
 */
export interface ReleaseOwnedField {
  /** Pulumi type tokens of the resources that carry the field. */
  readonly resourceTypes: readonly string[];
  /** Property path as `ignoreChanges` takes it; nested paths below it are release-owned too. */
  readonly path: string;
  /** Why the release owns it (shown in drift reports). */
  readonly reason: string;
}

export const WEB_APP_TYPE = "azure-native:web:WebApp";
export const WEB_APP_SLOT_TYPE = "azure-native:web:WebAppSlot";

export const RELEASE_OWNED_FIELDS: readonly ReleaseOwnedField[] = [
  {
    resourceTypes: [WEB_APP_TYPE, WEB_APP_SLOT_TYPE],
    path: "siteConfig.linuxFxVersion",
    reason: "the release pipeline deploys image digests to the staging slot and swaps them into production",
  },
  {
    resourceTypes: [WEB_APP_TYPE],
    path: "siteConfig.experiments",
    reason: "a traffic ramp writes routing rules on the production app; every release ends by clearing them",
  },
];

/** The `ignoreChanges` entries for a resource type (empty for types a release never touches). */
export function releaseOwnedPaths(resourceType: string): string[] {
  return RELEASE_OWNED_FIELDS.filter((f) => f.resourceTypes.includes(resourceType)).map((f) => f.path);
}

/**
 * The release-owned field covering a property path of a resource, if any. Accepts the path forms
 * preview output uses: `siteConfig.linuxFxVersion`, `siteConfig.experiments.rampUpRules[0].name`,
 * `properties.siteConfig.linuxFxVersion` is not accepted (azure-native diffs are on inputs).
 */
export function releaseOwnedField(resourceType: string, propertyPath: string): ReleaseOwnedField | undefined {
  const normalized = propertyPath.replace(/\[(\d+|"[^"]*")\]/g, ".$1");
  return RELEASE_OWNED_FIELDS.find(
    (f) =>
      f.resourceTypes.includes(resourceType) &&
      (normalized === f.path || normalized.startsWith(`${f.path}.`)),
  );
}
