import { ReadinessFailure, StackDrift } from "./drift";

/** The HTML body of a drift work item (work item fields are HTML, not Markdown). */
export function renderDriftHtml(drift: StackDrift, fingerprint: string, runUrl?: string, readiness: readonly ReadinessFailure[] = []): string {
  const unexpected = drift.resources.filter((r) => !r.expected);
  const items = unexpected.map((r) => {
    const props = r.properties
      .filter((p) => !p.expected)
      .map((p) => `<li><code>${html(p.path)}</code> (${html(p.kind)})</li>`)
      .join("");
    return `<li><b>${html(r.op)}</b> <code>${html(r.name)}</code> <code>${html(r.type)}</code>${props ? `<ul>${props}</ul>` : ""}</li>`;
  });
  return (
    `<p>Unexpected drift in stack <b>${html(drift.name)}</b>: ${unexpected.length} resource(s) differ from the Pulumi program.</p>` +
    `<ul>${items.join("")}</ul>` +
    (readiness.length > 0
      ? `<p>Failed readiness checks (delivery readiness): ${readiness.length}; a release into this stack stops before its swap until they pass.</p>` +
        `<ul>${readiness.map((f) => `<li><b>${html(f.check)}</b> <code>${html(f.resource)}</code>: ${html(f.detail)}. Fix: ${html(f.fix)}</li>`).join("")}</ul>`
      : "") +
    (runUrl ? `<p>Run: <a href="${html(runUrl)}">${html(runUrl)}</a></p>` : "") +
    `<p>Fields the release pipeline owns are not drift and are not listed. delivery-fingerprint:${fingerprint}</p>`
  );
}

export function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
