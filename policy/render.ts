/** Text and Markdown forms of a PolicyReport, for `delivery plan` (after the resources) and PR reports. */
import type { ExemptionStatus, PolicyReport, PolicyVerdict } from "./engine";

function exemptionLine(e: ExemptionStatus): string {
  const state =
    e.status === "active" ? `active until ${e.expires}` : e.status === "expired" ? `EXPIRED ${e.expires}, no longer applies` : "INVALID, does not apply";
  return `${e.id}  ${e.ruleId}  ${e.resource}  ${state}; matched ${e.matched}  — ${e.reason}`;
}

function verdictLine(tag: string, v: PolicyVerdict): string {
  const extra = v.exemptionId ? `  [exempted by ${v.exemptionId}]` : v.expiredExemptionIds?.length ? `  [exemption ${v.expiredExemptionIds.join(", ")} expired]` : "";
  return `  ${tag.padEnd(9)} ${v.ruleId}: ${v.message}${extra}`;
}

/** The verdicts as plain text: violations first (mandatory, then advisory), exemptions, then the result. */
export function renderPolicyText(report: PolicyReport): string {
  const s = report.summary;
  const active = report.rules.filter((r) => r.level !== "disabled").length;
  const lines: string[] = [];
  lines.push(
    `Policy (${report.pack} pack, ${active} of ${report.rules.length} rules on, judged on ${report.today}): ` +
      `${s.mandatory} mandatory, ${s.advisory} advisory violation${s.advisory === 1 ? "" : "s"}, ${s.exempted} exempted, ${s.unverified} not verifiable`,
  );
  const mandatory = report.violations.filter((v) => v.level === "mandatory");
  const advisory = report.violations.filter((v) => v.level === "advisory");
  for (const v of mandatory) lines.push(verdictLine("MANDATORY", v));
  for (const v of advisory) lines.push(verdictLine("advisory", v));
  for (const v of report.exempted) lines.push(verdictLine("exempted", v));
  for (const v of report.unverified) lines.push(verdictLine("unchecked", v));
  const disabled = report.rules.filter((r) => r.level === "disabled").map((r) => r.id);
  if (disabled.length > 0) lines.push(`  disabled rules: ${disabled.join(", ")}`);
  if (report.exemptions.length > 0) {
    lines.push(`Exemptions (${report.exemptions.length}):`);
    for (const e of report.exemptions) lines.push(`  ${exemptionLine(e)}`);
  }
  for (const w of report.warnings) lines.push(`  warning: ${w}`);
  lines.push(
    s.passed
      ? `Policy result: PASS${report.violations.length > 0 ? ` (${report.violations.length} advisory)` : ""}`
      : `Policy result: FAIL — ${s.mandatory} mandatory violation${s.mandatory === 1 ? "" : "s"}`,
  );
  return lines.join("\n") + "\n";
}

function md(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** The verdicts and every exemption as Markdown (for the PR report). */
export function renderPolicyMarkdown(report: PolicyReport): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`**Policy:** ${s.passed ? "pass" : "**FAIL**"} — ${s.mandatory} mandatory, ${s.advisory} advisory, ${s.exempted} exempted`);
  const rows = [...report.violations, ...report.exempted];
  if (rows.length > 0) {
    out.push("", "| level | rule | finding |", "|---|---|---|");
    for (const v of rows) out.push(`| ${v.exemptionId ? `exempted (${v.exemptionId})` : v.level} | \`${v.ruleId}\` | ${md(v.message)} |`);
  }
  if (report.exemptions.length > 0) {
    out.push("", "| exemption | rule | resource | expires | status | reason |", "|---|---|---|---|---|---|");
    for (const e of report.exemptions) out.push(`| ${md(e.id)} | \`${e.ruleId}\` | ${md(e.resource)} | ${e.expires} | ${e.status} | ${md(e.reason)} |`);
  }
  return out.join("\n") + "\n";
}

/**
 * The stack's policy exemptions as Markdown, for the PR report (which is rendered from preview
 * output and so cannot see the stack's config). Every exemption is listed, active or not.
 */
export function renderExemptionsMarkdown(stack: string, exemptions: readonly Pick<ExemptionStatus, "id" | "ruleId" | "resource" | "expires" | "reason" | "status">[]): string {
  if (exemptions.length === 0) return `#### Policy exemptions (${md(stack)})\n\nNone.\n`;
  const rows = exemptions.map(
    (e) => `| ${md(e.id)} | ${md(e.ruleId)} | ${md(e.resource)} | ${md(e.expires)} | ${e.status === "active" ? "active" : `**${e.status}**`} | ${md(e.reason)} |`,
  );
  return [`#### Policy exemptions (${md(stack)})`, "", "| id | rule | resource | expires | status | reason |", "|---|---|---|---|---|---|", ...rows, ""].join("\n");
}
