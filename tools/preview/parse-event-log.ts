import { CliError } from "../errors";
import { Diagnostic, PolicyViolation, Preview } from "./model";
import { counts, preview } from "./parse-digest";
import { normaliseSteps, plainText, RawEventStep } from "./steps";

/** Payload keys of an engine event (`apitype.EngineEvent`); each line carries exactly one. */
export const EVENT_PAYLOAD_KEYS = [
  "preludeEvent", "resourcePreEvent", "resOutputsEvent", "resOpFailedEvent", "diagnosticEvent",
  "stdoutEvent", "policyEvent", "policyRemediationEvent", "policyLoadEvent", "policyAnalyzeSummaryEvent",
  "policyRemediateSummaryEvent", "policyAnalyzeStackSummaryEvent", "progressEvent", "errorEvent",
  "startDebuggingEvent", "summaryEvent", "cancelEvent",
];

export function isEngineEvent(value: unknown): boolean {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  return EVENT_PAYLOAD_KEYS.some((k) => k in (value as object));
}

/** Reads parsed engine events (one per line of an `--event-log` file). */
export function parseEventLog(events: readonly Record<string, unknown>[], source: string): Preview {
  const steps: RawEventStep[] = [];
  const stepIndexByUrn = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  const policyViolations: PolicyViolation[] = [];
  let changeSummary: Record<string, number> | undefined;

  events.forEach((event, index) => {
    if (event.resourcePreEvent) {
      const step = metadataStep(event.resourcePreEvent, index, source);
      stepIndexByUrn.set(`${step.urn}\u0000${step.op}`, steps.length);
      if (step.op === "refresh") stepIndexByUrn.set(`${step.urn}\u0000refresh-result`, steps.length);
      steps.push(step);
    } else if (event.resOutputsEvent) {
      // For refreshes the pre event says `refresh` and the outputs event carries the result op.
      const result = metadataStep(event.resOutputsEvent, index, source);
      const at = stepIndexByUrn.get(`${result.urn}\u0000refresh-result`);
      if (at !== undefined && result.op !== "refresh") {
        steps[at] = { ...result };
        stepIndexByUrn.delete(`${result.urn}\u0000refresh-result`);
      }
    } else if (event.diagnosticEvent) {
      const d = event.diagnosticEvent as Record<string, unknown>;
      if (d.ephemeral === true || d.severity === "debug" || typeof d.message !== "string") return;
      const message = plainText(`${typeof d.prefix === "string" ? d.prefix : ""}${d.message}`).trim();
      if (message) diagnostics.push({ severity: String(d.severity ?? "info"), urn: nonEmpty(d.urn), message });
    } else if (event.policyEvent) {
      const p = event.policyEvent as Record<string, unknown>;
      policyViolations.push({
        policyPack: String(p.policyPackName ?? ""),
        policyName: String(p.policyName ?? ""),
        enforcementLevel: String(p.enforcementLevel ?? "advisory"),
        urn: nonEmpty(p.resourceUrn),
        message: plainText(String(p.message ?? "")).trim(),
      });
    } else if (event.summaryEvent) {
      changeSummary = counts((event.summaryEvent as Record<string, unknown>).resourceChanges);
    }
  });

  return { format: "event-log", steps: normaliseSteps(steps), diagnostics, policyViolations, changeSummary };
}

function metadataStep(payload: unknown, index: number, source: string): RawEventStep {
  const m = (payload as { metadata?: Record<string, unknown> }).metadata;
  if (!m || typeof m.op !== "string" || typeof m.urn !== "string") {
    throw new CliError(
      `${source}: event ${index + 1} is a resource event without "metadata.op" and "metadata.urn"; an engine event log always has both. Found: ${preview(payload)}.`,
    );
  }
  return {
    op: m.op,
    urn: m.urn,
    eventType: typeof m.type === "string" ? m.type : undefined,
    oldState: (m.old ?? undefined) as RawEventStep["oldState"],
    newState: (m.new ?? undefined) as RawEventStep["newState"],
    replaceReasons: m.keys,
    diffReasons: m.diffs,
    detailedDiff: m.detailedDiff,
  };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
