"use strict";
/**
 * Generates a large `pulumi preview --json` document shaped like the CLI's (4-space indent, full
 * old/new states, detailed diffs): a mix of updates with property diffs, creates, deletes and
 * replaces, a few of them risky. Used by bench/preview-report.js and the budget tests.
 */
const PREFIX = "urn:pulumi:perf::pinecone-delivery::";

function webApp(i, image, tls) {
  return {
    location: "westeurope",
    name: `app-${i}`,
    resourceGroupName: "rg-perf",
    siteConfig: {
      alwaysOn: true,
      appSettings: [
        { name: "ConnectionStrings__Db", value: "[secret]" },
        { name: "ASPNETCORE_ENVIRONMENT", value: "Production" },
        { name: "Feature__Index", value: String(i) },
      ],
      healthCheckPath: "/healthz",
      linuxFxVersion: `DOCKER|acr.azurecr.io/pinecone@sha256:${image}`,
      minTlsVersion: tls,
    },
    tags: { "cost-center": "erp", env: "perf", index: String(i) },
  };
}

/** A preview document with `count` steps. */
function generatePreview(count) {
  const steps = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 50 === 0 ? "replace" : i % 10 === 1 ? "create" : i % 10 === 2 ? "delete" : "update";
    const type = kind === "replace" ? "azure-native:storage:StorageAccount" : "azure-native:web:WebApp";
    const urn = `${PREFIX}${type}::res-${i}`;
    const oldInputs = webApp(i, "1111".repeat(16), "1.2");
    const newInputs = webApp(i, "2222".repeat(16), "1.3");
    newInputs.tags.index = `${i}-new`;
    const step = { op: kind, urn, provider: `${PREFIX}pulumi:providers:azure-native::default::id` };
    if (kind !== "create") step.oldState = { urn, custom: true, id: `/subscriptions/0000/sites/res-${i}`, type, inputs: oldInputs, outputs: oldInputs, protect: kind === "replace" };
    if (kind !== "delete") step.newState = { urn, custom: true, type, inputs: newInputs };
    if (kind === "update" || kind === "replace") {
      step.diffReasons = ["siteConfig", "tags"];
      if (kind === "replace") step.replaceReasons = ["location"];
      step.detailedDiff = {
        "siteConfig.linuxFxVersion": { kind: "update", inputDiff: false },
        "siteConfig.minTlsVersion": { kind: "update", inputDiff: false },
        "tags.index": { kind: kind === "replace" ? "update-replace" : "update", inputDiff: false },
      };
    } else step.detailedDiff = null;
    steps.push(step);
  }
  const changeSummary = {};
  for (const s of steps) changeSummary[s.op] = (changeSummary[s.op] || 0) + 1;
  return { steps, diagnostics: [{ message: "warning: generated preview\n", severity: "warning" }], duration: 1, changeSummary };
}

module.exports = { generatePreview };
