import { Finding, PolicyResource, StackRule, benchmarks, ofType, read, siteName, slotName } from "../model";
import { hostedSlots, slotsOf } from "./links";
import { T } from "./types";

/** Host name of a test's request URL, lower case; undefined when not readable. */
function requestHost(test: PolicyResource): string | undefined {
  const url = read(test.inputs, "request.requestUrl");
  if (url.state !== "value" || typeof url.value !== "string") return undefined;
  try {
    return new URL(url.value).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function testsFor(tests: readonly PolicyResource[], target: PolicyResource, host: string | undefined): PolicyResource[] {
  return tests.filter((t) => t.references?.request?.includes(target.urn) || (host !== undefined && requestHost(t) === host.toLowerCase()));
}

export const appAvailabilityTests: StackRule = {
  id: "app-availability-tests",
  kind: "stack",
  description: "Every app has an enabled standard availability test on its production slot and on each of its slots; a slot hosted on another stack's app has one on its own host.",
  benchmarks: benchmarks({}),
  check: (resources) => {
    const tests = ofType(resources, T.WebTest);
    const findings: Finding[] = [];
    const judge = (target: PolicyResource, host: string | undefined, what: string) => {
      const mine = testsFor(tests, target, host);
      if (mine.length === 0) {
        findings.push({ resource: target, detail: `has no availability test on ${host ? `https://${host}` : what}; add a standard WebTest on its health path` });
      } else if (!mine.some((t) => t.inputs.enabled !== false && (t.inputs.webTestKind ?? t.inputs.kind) === "standard")) {
        findings.push({
          resource: target,
          detail: `availability test ${mine.map((t) => t.name).join(", ")} is ${mine.map((t) => `enabled ${JSON.stringify(t.inputs.enabled)}, webTestKind ${JSON.stringify(t.inputs.webTestKind)}`).join("; ")}; set enabled: true and kind/webTestKind: "standard"`,
        });
      }
    };
    for (const app of ofType(resources, T.WebApp)) {
      const site = siteName(app);
      judge(app, site && `${site}.azurewebsites.net`, "the production slot");
      for (const slot of slotsOf(resources, app)) {
        const s = slotName(slot);
        judge(slot, site && s ? `${site}-${s}.azurewebsites.net` : undefined, `slot ${s ?? slot.name}`);
      }
    }
    // A slot hosted on another stack's app: the stack's own app, probed on its slot host.
    for (const slot of hostedSlots(resources)) {
      const site = siteName(slot);
      const s = slotName(slot);
      judge(slot, site && s ? `${site}-${s}.azurewebsites.net` : undefined, `slot ${s ?? slot.name}`);
    }
    return findings;
  },
};
