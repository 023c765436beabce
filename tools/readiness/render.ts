import { CHECKS, CheckResult } from "./checks";

export interface ReadinessReport {
  readonly kind: "pinecone-delivery/readiness";
  readonly version: 1;
  readonly stack: string;
  readonly ready: boolean;
  readonly checkedAt: string;
  readonly results: readonly CheckResult[];
}

export function readinessReport(stack: string, results: readonly CheckResult[], now: Date): ReadinessReport {
  return { kind: "pinecone-delivery/readiness", version: 1, stack, ready: results.every((r) => r.ok), checkedAt: now.toISOString(), results };
}

/** Text table: one row per check and resource, then the fix of every failed row. Pure. */
export function renderReadinessText(r: ReadinessReport): string {
  const rows = r.results.map((x) => [x.ok ? "ok" : "FAIL", x.check, x.resource, x.detail]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length), ["result", "check", "resource"][i].length));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join("  ").trimEnd();
  const failed = r.results.filter((x) => !x.ok);
  return [
    `Readiness of stack ${r.stack}: ${r.ready ? "READY" : `NOT READY (${failed.length} of ${r.results.length} checks failed)`}`,
    "",
    line(["result", "check", "resource", "detail"]),
    ...rows.map(line),
    ...(failed.length > 0 ? ["", "Fixes:", ...failed.map((x) => `  - ${x.check} ${x.resource}: ${x.fix}`)] : []),
    "",
  ].join("\n");
}

/** Markdown block for the run summary (##vso[task.uploadsummary]). Pure. */
export function renderReadinessMarkdown(r: ReadinessReport): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const failed = r.results.filter((x) => !x.ok);
  return [
    `### Readiness of \`${r.stack}\`: ${r.ready ? "✅ ready to swap" : `❌ not ready (${failed.length} of ${r.results.length} checks failed)`}`,
    "",
    "| Result | Check | Resource | Detail | Fix |",
    "|---|---|---|---|---|",
    ...r.results.map((x) => `| ${x.ok ? "✅" : "❌"} | ${x.check} | ${cell(x.resource)} | ${cell(x.detail)} | ${cell(x.fix)} |`),
    "",
    `Checked ${r.checkedAt} against what the program declares (offline plan of stack ${r.stack}).`,
    "",
  ].join("\n");
}

/** `delivery readiness --help`: the checks and what each proves. */
export function checksHelp(): string {
  return Object.entries(CHECKS).map(([id, what]) => `  ${id.padEnd(20)} ${what}`).join("\n");
}
