import { releaseOwnedField } from "../../infra/guardrails/release-owned";
import { Preview } from "../preview/model";

export interface DriftedProperty {
  readonly path: string;
  readonly kind: string;
  readonly old?: unknown;
  readonly new?: unknown;
  /** True when a release owns the field (infra/guardrails/release-owned.ts): expected, not drift. */
  readonly expected: boolean;
  readonly reason?: string;
}

export interface DriftedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly op: string;
  /** True when every changed property is release-owned. */
  readonly expected: boolean;
  readonly properties: readonly DriftedProperty[];
}

export interface StackDrift {
  readonly name: string;
  readonly file: string;
  readonly unexpected: number;
  readonly expected: number;
  readonly resources: readonly DriftedResource[];
}

/** A failed `delivery readiness` check, reported in the stack's drift work item next to the drift. */
export interface ReadinessFailure {
  readonly check: string;
  readonly resource: string;
  readonly detail: string;
  readonly fix: string;
}

/** The machine form of `delivery drift-report --json`, also the input of `delivery work-item`. */
export interface DriftReport {
  readonly kind: "drift-report";
  readonly version: 1;
  readonly unexpectedDrift: boolean;
  readonly stacks: readonly StackDrift[];
}

/**
 * Drift from a refresh preview (`pulumi preview --refresh --json`, `pulumi refresh --preview-only
 * --json`, or their event logs): every step that would change something is drift, except
 * properties a release owns. A resource created or deleted is always unexpected.
 */
export function stackDrift(name: string, file: string, preview: Preview): StackDrift {
  const resources = preview.steps.map<DriftedResource>((step) => {
    const properties = step.changes.map<DriftedProperty>((c) => {
      const owned = releaseOwnedField(step.type, c.path);
      return { path: c.path, kind: c.kind, old: c.oldValue, new: c.newValue, expected: !!owned, reason: owned?.reason };
    });
    const onlyProperties = step.op === "update" || step.op === "replace";
    const expected = onlyProperties && properties.length > 0 && properties.every((p) => p.expected);
    return { urn: step.urn, type: step.type, name: step.name, op: step.op, expected, properties };
  });
  const unexpected = resources.filter((r) => !r.expected).length;
  return { name, file, unexpected, expected: resources.length - unexpected, resources };
}

export function driftReport(stacks: readonly StackDrift[]): DriftReport {
  return { kind: "drift-report", version: 1, unexpectedDrift: stacks.some((s) => s.unexpected > 0), stacks };
}
