"use strict";
/**
 * The fake Azure's state file ($FAKE_AZURE_STATE) and the behaviour that is Azure's rather than the
 * CLI's: metric alerts firing while production runs an image that fails under production traffic,
 * and activity-log alerts firing (and staying fired: they have no resolved state) on every logged
 * operation they watch. The shape is written by test/support/fake-az/index.ts.
 */
const fs = require("fs");
const crypto = require("crypto");
const { AzError } = require("./errors");

function load() {
  return JSON.parse(fs.readFileSync(process.env.FAKE_AZURE_STATE, "utf8"));
}
function save(state) {
  const file = process.env.FAKE_AZURE_STATE;
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 1));
  fs.renameSync(`${file}.tmp`, file);
}

/** ISO time, strictly increasing across calls (tag times order releases). */
function now(state) {
  let t = Date.now();
  if (t <= (state.lastTime ?? 0)) t = state.lastTime + 1;
  state.lastTime = t;
  return new Date(t).toISOString();
}

function siteOf(state, rg, name) {
  const site = state.sites.find((s) => s.resourceGroup.toLowerCase() === String(rg).toLowerCase() && s.name.toLowerCase() === String(name).toLowerCase());
  if (!site) {
    throw new AzError(`(ResourceNotFound) The Resource 'Microsoft.Web/sites/${name}' under resource group '${rg}' was not found.\nCode: ResourceNotFound`, 3);
  }
  return site;
}
function slotOf(site, name) {
  const slot = site.slots[name];
  if (!slot) {
    throw new AzError(`(ResourceNotFound) The Resource 'Microsoft.Web/sites/${site.name}/slots/${name}' under resource group '${site.resourceGroup}' was not found.\nCode: ResourceNotFound`, 3);
  }
  return slot;
}
const registryByName = (state, name) => state.registries.find((r) => r.name.toLowerCase() === String(name).toLowerCase());
const registryById = (state, id) => state.registries.find((r) => r.id.toLowerCase() === String(id).toLowerCase());
const registryByServer = (state, server) => state.registries.find((r) => r.loginServer.toLowerCase() === String(server).toLowerCase());
function manifestsOf(registry, repository) {
  return (registry.repositories[repository] ??= {});
}

const digestOf = (fx) => /@(sha256:[0-9a-f]{64})$/.exec(fx ?? "")?.[1];

function newAlert(state, rule, targetResource, extra) {
  const at = now(state);
  const guid = crypto.randomUUID();
  state.alerts.push({
    id: `/subscriptions/${state.subscriptionId}/providers/Microsoft.AlertsManagement/alerts/${guid}`,
    ruleName: rule.name,
    alertRule: rule.id,
    alertState: "New",
    monitorCondition: "Fired",
    startDateTime: at,
    lastModifiedDateTime: at,
    targetResource,
    severity: rule.severity,
    smartGroupId: crypto.randomUUID(),
    sourceCreatedId: crypto.randomUUID(),
    description: rule.description ?? "",
    ...extra,
  });
}

/**
 * Metric alert rules on a site fire once while production runs an image marked as failing under that
 * site's production traffic (images[digest].failsUnderTrafficOn: web app names). Evaluated when the
 * alerts are read, so an alert never predates the swap that caused it. Resolution is Azure Monitor's later evaluation: resolveMetricAlerts (the test
 * calls it when "time passes"), never immediate.
 */
function evaluateMetricAlerts(state) {
  for (const rule of state.alertRules.filter((r) => r.kind === "metric")) {
    const site = state.sites.find((s) => s.id.toLowerCase() === rule.targetResource.toLowerCase());
    if (!site) continue;
    const image = state.images[digestOf(site.linuxFxVersion)] ?? {};
    const failing = (image.failsUnderTrafficOn ?? []).includes(site.name);
    const open = state.alerts.some((x) => x.alertRule === rule.id && x.monitorCondition === "Fired");
    if (failing && !open) newAlert(state, rule, rule.targetResource, { signalType: "Metric", monitorService: "Platform" });
  }
}

/** Activity-log alerts: one new alert per matching operation; they never resolve. */
function fireActivityLogAlerts(state, operation, resourceId) {
  for (const rule of state.alertRules.filter((r) => r.kind === "activityLog")) {
    const op = rule.operations.some((o) => o.toLowerCase() === operation.toLowerCase());
    const res = rule.resourceIds.length === 0 || rule.resourceIds.some((r) => r.toLowerCase() === resourceId.toLowerCase());
    if (op && res) newAlert(state, rule, resourceId, { signalType: "Log", monitorService: "ActivityLog Administrative" });
  }
}

module.exports = { load, save, now, siteOf, slotOf, registryByName, registryById, registryByServer, manifestsOf, digestOf, evaluateMetricAlerts, fireActivityLogAlerts };
