/**
 * Stack config as the Pulumi engine hands it to a program: every key namespaced
 * (`pinecone-delivery:tier`), every top-level value a string (lists as JSON), and the set of keys
 * whose value was a secret. `delivery plan` builds the same shape from Pulumi.<stack>.yaml.
 */
export interface RawStackConfig {
  /** Stack name, e.g. prod. */
  readonly stackName: string;
  /** Project name, i.e. the config namespace of this program's keys. */
  readonly project: string;
  /** Where the values came from, named in every error (e.g. Pulumi.prod.yaml). */
  readonly source: string;
  readonly values: Readonly<Record<string, string>>;
  readonly secretKeys: ReadonlySet<string>;
}

/** Namespaces of other packages whose keys may appear in a stack file. */
export const FOREIGN_NAMESPACES: ReadonlySet<string> = new Set(["azure-native", "azuredevops", "docker", "pulumi"]);
