import { DriftedResource, DriftReport } from "./drift";
import { code, inlineText, valueCell } from "./markdown";

/** Markdown of `delivery drift-report`: unexpected drift first, release-owned changes after it. */
export function renderDriftMarkdown(report: DriftReport): string {
  const lines = [
    "## Drift report",
    "",
    "| stack | unexpected drift | expected (release-owned) |",
    "|---|---:|---:|",
    ...report.stacks.map((s) => `| ${code(s.name)} | ${s.unexpected} | ${s.expected} |`),
    "",
  ];
  for (const s of report.stacks) {
    lines.push(`### Stack ${code(s.name)}`, "");
    if (s.resources.length === 0) lines.push("No drift.", "");
    const unexpected = s.resources.filter((r) => !r.expected);
    const expected = s.resources.filter((r) => r.expected);
    if (unexpected.length > 0) lines.push("#### Unexpected drift", "", ...unexpected.flatMap(resourceLines));
    if (expected.length > 0) {
      lines.push("#### Expected: fields the release pipeline owns", "", ...expected.flatMap(resourceLines));
    }
  }
  return lines.join("\n") + "\n";
}

function resourceLines(r: DriftedResource): string[] {
  const head = `- **${r.op}** ${code(r.name)} ${code(r.type)}`;
  if (r.properties.length === 0) return [head, ""];
  return [
    head,
    "",
    "  | property | change | old | new | |",
    "  |---|---|---|---|---|",
    ...r.properties.map(
      (p) =>
        `  | ${code(p.path)} | ${p.kind} | ${valueCell(p.old)} | ${valueCell(p.new)} | ${p.expected ? `expected: ${inlineText(p.reason ?? "", 200)}` : "**drift**"} |`,
    ),
    "",
  ];
}
