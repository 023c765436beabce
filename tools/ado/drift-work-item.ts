import { createHash } from "crypto";
import type { IWorkItemTrackingApi } from "azure-devops-node-api/WorkItemTrackingApi";
import type { WorkItem } from "azure-devops-node-api/interfaces/WorkItemTrackingInterfaces";
import { CliError } from "../errors";
import { ReadinessFailure, StackDrift } from "../report/drift";

export type { ReadinessFailure } from "../report/drift";
import { renderDriftHtml } from "../report/drift-html";
import { RetryPolicy } from "./retry";

export const DRIFT_TAG = "delivery-drift";

export interface WorkItemSettings {
  readonly project: string;
  /** `Bug` (Agile, Scrum, CMMI) or `Issue` (Basic), or any type the process has. */
  readonly type: string;
  /** HTML field holding the body: Repro Steps on Bugs, Description elsewhere. */
  readonly bodyField: string;
  /** State that closes the item (Closed for Agile Bugs, Done for Basic Issues). */
  readonly closedState: string;
  /** States counted as not open when searching (the item is left alone in them). */
  readonly finishedStates: readonly string[];
  readonly areaPath?: string;
  readonly runUrl?: string;
}

export interface SyncResult {
  readonly action: "created" | "updated" | "unchanged" | "closed" | "none";
  readonly ids: readonly number[];
}

/**
 * Keeps one open work item per stack for unexpected drift, found by tags through WIQL: created
 * when drift appears, its body replaced with a history comment when the drift changes, closed
 * when drift is gone. The reconcile is the retried unit; a fingerprint in the body and the
 * `test /rev` guard make a repeated PATCH a no-op instead of a second comment.
 */
export async function syncDriftWorkItem(
  wit: IWorkItemTrackingApi,
  drift: StackDrift,
  s: WorkItemSettings,
  retry: RetryPolicy,
  readiness: readonly ReadinessFailure[] = [],
): Promise<SyncResult> {
  const fingerprint = driftFingerprint(drift, readiness);
  const body = renderDriftHtml(drift, fingerprint, s.runUrl, readiness);
  const find = () => openItems(wit, drift.name, s);

  return retry.execute(`synchronise the drift work item of stack ${drift.name}`, async () => {
    let open = await find();
    if (drift.unexpected === 0 && readiness.length === 0) {
      for (const item of open) await close(wit, item, s, "Drift is gone: the last drift check found no unexpected drift and no failed readiness check.");
      return { action: open.length > 0 ? "closed" : "none", ids: open.map((i) => i.id!) };
    }
    let created = false;
    if (open.length === 0) {
      const item = await wit.createWorkItem(null, createDocument(drift, s, body), s.project, s.type);
      if (!item) throw new CliError(`work item type ${JSON.stringify(s.type)} or project ${JSON.stringify(s.project)} was not found (HTTP 404); set --work-item-type to a type of the project's process (Bug in Agile/Scrum/CMMI, Issue in Basic).`);
      created = true;
      // A concurrent run may have created one too: converge on the oldest.
      open = await find();
      if (open.length === 0) open = [item];
    }
    const [keep, ...duplicates] = open;
    for (const d of duplicates) await close(wit, d, s, `Duplicate of #${keep.id}.`);
    const current = String(keep.fields?.[s.bodyField] ?? "");
    if (current.includes(`delivery-fingerprint:${fingerprint}`)) {
      return { action: created ? "created" : "unchanged", ids: [keep.id!] };
    }
    await patch(wit, keep, s, [
      { op: "replace", path: `/fields/${s.bodyField}`, value: body },
      { op: "add", path: "/fields/System.History", value: `Drift changed.${s.runUrl ? ` Run: ${s.runUrl}` : ""}` },
    ]);
    return { action: "updated", ids: [keep.id!] };
  });
}

/** Stable over runs for the same drift (resources and properties, not values or order). */
export function driftFingerprint(drift: StackDrift, readiness: readonly ReadinessFailure[] = []): string {
  const lines = [
    ...drift.resources
      .filter((r) => !r.expected)
      .map((r) => `${r.op} ${r.urn} ${r.properties.filter((p) => !p.expected).map((p) => p.path).sort().join(",")}`),
    // Check and resource, not the detail: a detail that only changes wording is the same problem.
    ...readiness.map((f) => `readiness ${f.check} ${f.resource}`),
  ].sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16);
}

async function openItems(wit: IWorkItemTrackingApi, stack: string, s: WorkItemSettings): Promise<WorkItem[]> {
  const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
  const query =
    `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project` +
    ` AND [System.WorkItemType] = ${quote(s.type)}` +
    ` AND [System.Tags] CONTAINS ${quote(DRIFT_TAG)} AND [System.Tags] CONTAINS ${quote(stackTag(stack))}` +
    ` AND [System.State] NOT IN (${s.finishedStates.map(quote).join(", ")}) ORDER BY [System.Id]`;
  const result = await wit.queryByWiql({ query }, { project: s.project });
  if (!result) throw new CliError(`project ${JSON.stringify(s.project)} was not found (HTTP 404 from the WIQL query); check --project.`);
  const ids = (result.workItems ?? []).map((w) => w.id!).filter((id) => id !== undefined);
  if (ids.length === 0) return [];
  const items = (await wit.getWorkItems(ids, undefined, undefined, undefined, undefined, s.project)) ?? [];
  return items.filter((i) => i && i.id !== undefined).sort((a, b) => a.id! - b.id!);
}

function stackTag(stack: string): string {
  return `stack-${stack}`;
}

function createDocument(drift: StackDrift, s: WorkItemSettings, body: string): object[] {
  const doc = [
    { op: "add", path: "/fields/System.Title", value: `Drift: stack ${drift.name} differs from the Pulumi program`.slice(0, 255) },
    { op: "add", path: `/fields/${s.bodyField}`, value: body },
    { op: "add", path: "/fields/System.Tags", value: `${DRIFT_TAG}; ${stackTag(drift.name)}` },
  ];
  if (s.areaPath) doc.push({ op: "add", path: "/fields/System.AreaPath", value: s.areaPath });
  return doc;
}

async function close(wit: IWorkItemTrackingApi, item: WorkItem, s: WorkItemSettings, why: string): Promise<void> {
  await patch(wit, item, s, [
    { op: "replace", path: "/fields/System.State", value: s.closedState },
    { op: "add", path: "/fields/System.History", value: why },
  ]);
}

/** PATCH guarded by `test /rev`: a concurrent edit fails it (412) instead of being overwritten. */
async function patch(wit: IWorkItemTrackingApi, item: WorkItem, s: WorkItemSettings, ops: object[]): Promise<void> {
  const updated = await wit.updateWorkItem(null, [{ op: "test", path: "/rev", value: item.rev }, ...ops], item.id!, s.project);
  if (!updated) throw new CliError(`work item ${item.id} disappeared (HTTP 404) while it was being updated; re-run the command.`);
}
