/**
 * The one shape both preview input formats (the `pulumi preview --json` document and the engine
 * event log) are normalised into. Renderers and the drift report read only this.
 */

/** Step ops as the engine names them; unknown future ops are kept verbatim and treated as changes. */
export type StepOp = string;

export type DiffKind = "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

export interface PropertyChange {
  /** Property path as the engine prints it: `a.b`, `list[0]`, `tags["kubernetes.io/name"]`. */
  readonly path: string;
  readonly kind: DiffKind;
  /** Old and new value at that path (already masked: secrets are "[secret]"), undefined when absent. */
  readonly oldValue?: unknown;
  readonly newValue?: unknown;
}

export interface ResourceStep {
  readonly op: StepOp;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** True when the old state is protected (`protect: true`). */
  readonly protect: boolean;
  /** Top-level property names forcing replacement. */
  readonly replaceReasons: readonly string[];
  /** Property-level changes; derived from diffReasons when the provider gave no detailed diff. */
  readonly changes: readonly PropertyChange[];
  /** The paths of `changes`, in the same order, known without looking up any value. */
  readonly changedPaths: readonly string[];
  /** True when `changes` came from `diffReasons` only (no detailed diff from the provider). */
  readonly coarseDiff: boolean;
}

export interface PolicyViolation {
  readonly policyPack: string;
  readonly policyName: string;
  /** `advisory`, `mandatory`, `remediate`, `disabled`. */
  readonly enforcementLevel: string;
  readonly urn?: string;
  readonly message: string;
}

export interface Diagnostic {
  readonly severity: string;
  readonly urn?: string;
  readonly message: string;
}

export type PreviewFormat = "preview-json" | "event-log";

export interface Preview {
  readonly format: PreviewFormat;
  /** Steps that change something, in input order (sames and internal steps dropped). */
  readonly steps: readonly ResourceStep[];
  readonly diagnostics: readonly Diagnostic[];
  readonly policyViolations: readonly PolicyViolation[];
  /** The engine's own counts by op when the input had them (`changeSummary` / `summaryEvent`). */
  readonly changeSummary?: Readonly<Record<string, number>>;
}
