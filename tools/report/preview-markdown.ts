import { ResourceStep } from "../preview/model";
import { Block, fitToBudget } from "./budget";
import { CostDelta, costBlocks } from "./cost-delta";
import { code, details, groupThousands, inlineText, valueCell } from "./markdown";
import { mandatoryViolations, StackReport } from "./stack-report";

/** Azure DevOps rejects PR comments longer than 150,000 characters; stay below it by default. */
export const DEFAULT_BUDGET = 149_000;
const MAX_ROWS_PER_RESOURCE = 50;
/** Room kept for the "trimmed" note, so the note itself never pushes the text over budget. */
const NOTE_RESERVE = 1_000;

/** First line of every report; `delivery pr-thread` reads the risky count from it. */
export const RISKY_MARKER = /<!-- delivery:preview-report risky=(\d+) -->/;

export function renderPreviewMarkdown(reports: readonly StackReport[], budget = DEFAULT_BUDGET, cost?: CostDelta): string {
  const blocks: Block[] = [headerBlock(reports, cost?.alerts ?? 0)];
  if (cost) blocks.push(...costBlocks(cost));
  for (const report of reports) stackBlocks(blocks, report);
  const { kept, cut } = fitToBudget(blocks, Math.max(0, budget - NOTE_RESERVE));
  const parts = kept.map((b) => b.text);
  if (cut.size > 0) {
    const what = [...cut].map(([label, n]) => `${n} ${label}${n === 1 ? "" : "s"}`).join(", ");
    parts.splice(1, 0, `> **Trimmed to stay below ${groupThousands(budget)} characters:** left out ${what}. The summary table and risky changes are complete; the full detail is in the pipeline's preview files.\n\n`);
  }
  return parts.join("");
}

/** Risky changes plus cost alerts: both need a reviewer, so both keep the PR thread active. */
function headerBlock(reports: readonly StackReport[], costAlerts: number): Block {
  const riskyChanges = reports.reduce((n, r) => n + r.risky.length, 0);
  const risky = riskyChanges + costAlerts;
  const rows = reports.map((r) => {
    const c = r.counts;
    const violations = r.policyViolations.length;
    const mandatory = mandatoryViolations(r);
    const policy = violations === 0 ? "0" : `${violations}${mandatory > 0 ? ` (${mandatory} mandatory)` : ""}`;
    return `| ${code(r.stack)} | ${c.create} | ${c.update} | ${c.replace} | ${c.delete} | ${r.risky.length} | ${policy} |`;
  });
  const text =
    `<!-- delivery:preview-report risky=${risky} -->\n` +
    `## Pulumi preview\n\n` +
    (riskyChanges > 0 ? `**${riskyChanges} risky change${riskyChanges === 1 ? "" : "s"} need${riskyChanges === 1 ? "s" : ""} a reviewer** (listed first under each stack).\n\n` : "") +
    (costAlerts > 0 ? `**${costAlerts} cost increase${costAlerts === 1 ? "" : "s"} above the review threshold need${costAlerts === 1 ? "s" : ""} a reviewer** (see Monthly cost).\n\n` : "") +
    `| stack | create | update | replace | delete | risky | policy violations |\n|---|---:|---:|---:|---:|---:|---|\n` +
    rows.join("\n") +
    "\n\n";
  return { text, priority: 0, label: "summary" };
}

/** Appends the stack's blocks (thousands for a large preview: no intermediate array to spread). */
function stackBlocks(blocks: Block[], r: StackReport): void {
  const stack = r.stack;
  blocks.push({ text: `### Stack ${code(stack)}\n\n`, priority: 0, label: "", stack });
  if (r.risky.length + r.others.length === 0) blocks.push({ text: "No changes.\n\n", priority: 0, label: "", stack });

  if (r.risky.length > 0) {
    blocks.push({ text: "#### Risky changes\n\n", priority: 0, label: "", stack });
    for (const { step, reasons } of r.risky) {
      blocks.push({ text: `- ${stepTitle(step)}: ${reasons.map((x) => inlineText(x)).join("; ")}\n`, priority: 0, label: "risky change", stack });
    }
    blocks.push({ text: "\n", priority: 0, label: "", stack });
    for (const { step } of r.risky) pushDiff(blocks, step, stack);
  }

  if (r.policyViolations.length > 0) {
    blocks.push({ text: "#### Policy violations\n\n", priority: 0, label: "", stack });
    for (const v of r.policyViolations) {
      const where = v.urn ? ` on ${code(v.urn.slice(v.urn.lastIndexOf("::") + 2))}` : "";
      blocks.push({
        text: `- **${v.enforcementLevel}** ${code(`${v.policyPack}/${v.policyName}`)}${where}: ${inlineText(v.message)}\n`,
        priority: v.enforcementLevel === "mandatory" ? 0 : 1,
        label: "advisory policy violation",
        stack,
      });
    }
    blocks.push({ text: "\n", priority: 0, label: "", stack });
  }

  if (r.others.length > 0) {
    blocks.push({ text: "#### Other changes\n\n", priority: 1, label: "", stack });
    for (let i = 0; i < r.others.length; i++) {
      const step = r.others[i];
      // Rendered only if it fits; `code` never shortens text, so name, type and op bound its length.
      const minLength = step.op.length + step.name.length + step.type.length + 12;
      blocks.push({ text: () => `${stepTitle(step)}\n\n`, minLength, priority: 1, label: "other change", stack });
      pushDiff(blocks, step, stack);
    }
  }

  if (r.diagnostics.length > 0) {
    blocks.push({ text: "#### Diagnostics\n\n", priority: 3, label: "", stack });
    for (const d of r.diagnostics) {
      const where = d.urn ? ` (${code(d.urn.slice(d.urn.lastIndexOf("::") + 2))})` : "";
      blocks.push({ text: `- ${d.severity}${where}: ${inlineText(d.message)}\n`, priority: 3, label: "diagnostic", stack });
    }
    blocks.push({ text: "\n", priority: 3, label: "", stack });
  }
}

function stepTitle(step: ResourceStep): string {
  const because = step.replaceReasons.length > 0 ? ` (replaced because of ${step.replaceReasons.map(code).join(", ")})` : "";
  return `**${step.op}** ${code(step.name)} ${code(step.type)}${because}`;
}

function pushDiff(blocks: Block[], step: ResourceStep, stack: string): void {
  if (step.changedPaths.length > 0) blocks.push(diffBlock(step, stack));
}

/** The shortest a diff block can be (its frame, with an empty summary and no rows). */
const DIFF_FRAME_LENGTH = details("", "| property | change | old | new |\n|---|---|---|---|\n").length + 1;

/** Rendered only if the budget reaches it: with thousands of steps most diffs are cut anyway. */
function diffBlock(step: ResourceStep, stack: string): Block {
  const text = () => {
    const rows = step.changes
      .slice(0, MAX_ROWS_PER_RESOURCE)
      .map((c) => `| ${code(c.path)} | ${c.kind} | ${valueCell(c.oldValue)} | ${valueCell(c.newValue)} |`);
    const more = step.changes.length - rows.length;
    const table =
      "| property | change | old | new |\n|---|---|---|---|\n" +
      rows.join("\n") +
      (more > 0 ? `\n\n${more} more properties not shown.` : "") +
      (step.coarseDiff ? "\n\nThe provider gave no detailed diff; top-level properties shown." : "");
    const n = step.changes.length;
    return details(`${n} propert${n === 1 ? "y" : "ies"} of ${inlineText(step.name, 200)}`, table) + "\n";
  };
  return { text, minLength: DIFF_FRAME_LENGTH, priority: 2, label: "property diff", stack };
}
