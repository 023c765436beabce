"use strict";
/**
 * A stateful fake of the Azure CLI for the release scenarios (test/release-scenarios.test.ts). It
 * keeps Azure's state in the JSON file $FAKE_AZURE_STATE and answers the commands the pipeline
 * scripts run with the output shapes the real `az` prints (release-pipeline-commands.md; the az
 * sources named at each command). The caller's identity is $FAKE_AZ_IDENTITY (the service
 * connection the step runs with); each call is authorised against the role assignments in the state,
 * and a refused call prints ARM's AuthorizationFailed error and exits 1, as az does.
 *
 * Modelled, not verified against a live subscription: the exact wording of conflict and not-found
 * errors, and the actions each role grants (ROLE_ACTIONS).
 */
const crypto = require("crypto");
const { evaluate } = require("./jmespath");
const { AzError } = require("./errors");
const { load, save, now, evaluateMetricAlerts, fireActivityLogAlerts, siteOf, slotOf, registryByName, registryById, registryByServer, manifestsOf } = require("./state");

const ARM = "https://management.azure.com";

/** Control-plane actions and data actions each built-in role grants (the subset the scripts need). */
const ROLE_ACTIONS = {
  Owner: ["*"],
  Contributor: ["*"],
  Reader: ["*/read"],
  "Website Contributor": ["Microsoft.Web/sites/*", "Microsoft.Insights/alertRules/*", "*/read"],
  // 577a9874-89fd-4f24-9dbd-b5034d0ad23a (reference §7): import trigger plus pull/read of images, tags, referrers.
  "Container Registry Data Importer and Data Reader": [
    "Microsoft.ContainerRegistry/registries/read",
    "Microsoft.ContainerRegistry/registries/importImage/action",
    "Microsoft.ContainerRegistry/registries/pull/read",
    "Microsoft.ContainerRegistry/registries/metadata/read",
  ],
  AcrPull: ["Microsoft.ContainerRegistry/registries/pull/read"],
  AcrPush: ["Microsoft.ContainerRegistry/registries/pull/read", "Microsoft.ContainerRegistry/registries/push/write"],
  "Monitoring Reader": ["*/read"],
  "Application Insights Component Contributor": ["Microsoft.Insights/components/*", "*/read"],
  "Monitoring Metrics Publisher": ["Microsoft.Insights/Telemetry/Write"],
};


function matches(granted, action) {
  const g = granted.toLowerCase();
  const a = action.toLowerCase();
  if (g === "*") return true;
  if (g === "*/read") return a.endsWith("/read");
  if (g.endsWith("/*")) return a.startsWith(g.slice(0, -1));
  return g === a;
}

/** Throws ARM's AuthorizationFailed (az prints it as "(Code) message", then Code/Message lines). */
function authorize(state, action, scope, style = "sdk") {
  const who = process.env.FAKE_AZ_IDENTITY;
  if (!who) throw new AzError("Please run 'az login' to setup account.");
  const principal = state.principals[who];
  if (!principal) throw new AzError(`fake az: unknown identity ${who}`);
  const s = scope.toLowerCase();
  // Custom roles a scenario defines in the state (from the program's own role definitions): actions minus notActions.
  const grants = (role) => {
    const custom = state.customRoles?.[role];
    if (!custom) return (ROLE_ACTIONS[role] ?? []).some((g) => matches(g, action));
    return custom.actions.some((g) => matches(g, action)) && !(custom.notActions ?? []).some((g) => matches(g, action));
  };
  const allowed = state.roleAssignments.some(
    (r) => r.principal === who && (s === r.scope.toLowerCase() || s.startsWith(`${r.scope.toLowerCase()}/`)) && grants(r.role),
  );
  if (allowed) return;
  const message = `The client '${principal.appId}' with object id '${principal.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
  if (style === "rest") throw new AzError(`Forbidden(${JSON.stringify({ error: { code: "AuthorizationFailed", message } })})`);
  throw new AzError(`(AuthorizationFailed) ${message}\nCode: AuthorizationFailed\nMessage: ${message}`);
}

/** argv → positional words and options (every option may repeat and take several values). */
function parse(argv) {
  const words = [];
  const opts = {};
  const FLAGS = new Set(["--recursive", "--force", "--detail", "--expose-token", "--no-wait"]);
  let i = 0;
  while (i < argv.length && !argv[i].startsWith("-")) words.push(argv[i++]);
  while (i < argv.length) {
    const name = argv[i++];
    if (!name.startsWith("-")) throw new AzError(`unrecognized arguments: ${name}`, 2);
    const values = [];
    if (!FLAGS.has(name)) while (i < argv.length && !/^--?[a-z]/.test(argv[i])) values.push(argv[i++]);
    (opts[name] ??= []).push(...(values.length ? values : [true]));
  }
  const one = (...names) => {
    for (const n of names) if (opts[n]) return opts[n][opts[n].length - 1];
    return undefined;
  };
  const all = (...names) => names.flatMap((n) => opts[n] ?? []);
  return { words, opts, one, all };
}

// ---- output, as knack formats it (json: indented; tsv: one row per list item, null as empty) ----
function tsvValue(v) {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return String(v.length);
  if (typeof v === "object") return "";
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}
function tsv(result) {
  const rows = Array.isArray(result) ? result : [result];
  return rows
    .map((row) => {
      if (row && typeof row === "object") {
        const values = Array.isArray(row) ? row : Object.values(row);
        return values.map(tsvValue).join("\t");
      }
      return tsvValue(row);
    })
    .map((line) => `${line}\n`)
    .join("");
}
function print(result, a) {
  if (result === undefined) return;
  const query = a.one("--query");
  if (query) result = evaluate(query, result);
  const format = a.one("-o", "--output") ?? "json";
  if (format === "tsv") io.stdout += tsv(result);
  else if (format === "none") return;
  else io.stdout += `${JSON.stringify(result, null, 2)}\n`;
}

// ---- App Service (appservice/custom.py) ----
function siteConfigJson(site, slot) {
  const target = slot ? site.slots[slot] : site;
  return {
    id: `${target.id}/config/web`,
    name: slot ? `${site.name}/${slot}` : site.name,
    linuxFxVersion: target.linuxFxVersion,
    alwaysOn: true,
    healthCheckPath: site.healthCheckPath,
    http20Enabled: true,
    minTlsVersion: "1.2",
    ftpsState: "Disabled",
    // Routing rules exist only on production (reference §1.2).
    experiments: { rampUpRules: slot ? [] : site.rampUpRules },
  };
}
function siteJson(site, slot) {
  const target = slot ? site.slots[slot] : site;
  return {
    id: target.id,
    name: slot ? `${site.name}/${slot}` : site.name,
    type: slot ? "Microsoft.Web/sites/slots" : "Microsoft.Web/sites",
    kind: "app,linux,container",
    location: site.location,
    resourceGroup: site.resourceGroup,
    state: "Running",
    defaultHostName: target.defaultHostName,
    enabledHostNames: [target.defaultHostName, target.defaultHostName.replace(".azurewebsites.net", ".scm.azurewebsites.net")],
    httpsOnly: true,
    slotSwapStatus: slot ? null : site.slotSwapStatus,
    siteConfig: { linuxFxVersion: target.linuxFxVersion },
  };
}

function swap(state, site, a) {
  const slotName = a.one("--slot", "-s");
  const targetSlot = a.one("--target-slot") ?? "production";
  const action = a.one("--action") ?? "swap";
  if (targetSlot !== "production") throw new AzError(`fake az: only swaps into production are modelled (found --target-slot ${targetSlot})`);
  const slot = slotOf(site, slotName);
  const op = { swap: "slotsswap", preview: "applySlotConfig", reset: "resetSlotConfig" }[action];
  if (!op) throw new AzError(`argument --action: invalid choice: '${action}' (choose from 'swap', 'preview', 'reset')`, 2);
  // reset with --target-slot posts to the target slot (production) — reference §2.1.
  const resource = action === "reset" ? site.id : slot.id;
  authorize(state, `Microsoft.Web/sites/${action === "reset" ? "" : "slots/"}${op}/action`, resource);
  const sticky = new Set(site.stickySettings);
  if (action === "preview") {
    if (site.pendingPreview) {
      throw new AzError(
        `(Conflict) Cannot apply configuration from slot 'Production' because this slot has already been prepared for swap with slot '${site.pendingPreview.slot}'.\nCode: Conflict`,
      );
    }
    // Phase 1: production's sticky settings go onto the slot, which restarts.
    site.pendingPreview = { slot: slotName, savedSettings: { ...slot.appSettings } };
    for (const k of sticky) if (k in site.appSettings) slot.appSettings[k] = site.appSettings[k];
  } else if (action === "reset") {
    // "If you cancel the swap, App Service reapplies configuration elements to the source slot."
    if (site.pendingPreview) slotOf(site, site.pendingPreview.slot).appSettings = site.pendingPreview.savedSettings;
    site.pendingPreview = null;
  } else {
    if (site.pendingPreview) slot.appSettings = site.pendingPreview.savedSettings;
    site.pendingPreview = null;
    // Content and non-sticky settings move; sticky settings and routing rules stay (reference §1.2, §2.2).
    [site.linuxFxVersion, slot.linuxFxVersion] = [slot.linuxFxVersion, site.linuxFxVersion];
    const prodMoving = Object.fromEntries(Object.entries(site.appSettings).filter(([k]) => !sticky.has(k)));
    const slotMoving = Object.fromEntries(Object.entries(slot.appSettings).filter(([k]) => !sticky.has(k)));
    site.appSettings = { ...Object.fromEntries(Object.entries(site.appSettings).filter(([k]) => sticky.has(k))), ...slotMoving };
    slot.appSettings = { ...Object.fromEntries(Object.entries(slot.appSettings).filter(([k]) => sticky.has(k))), ...prodMoving };
    site.slotSwapStatus = { timestampUtc: now(state), sourceSlotName: slotName, destinationSlotName: "production" };
    state.productionHistory.push({ at: now(state), site: site.name, image: site.linuxFxVersion, by: process.env.FAKE_AZ_IDENTITY, run: process.env.FAKE_AZ_RUN ?? "" });
  }
  fireActivityLogAlerts(state, `Microsoft.Web/sites/${action === "reset" ? "" : "slots/"}${op}/action`, resource);
}

/** Host name the CLI builds for a routing rule (custom.py set_traffic_routing), not looked up. */
function ruleHost(site, slotName) {
  const [first, ...rest] = site.defaultHostName.split(".");
  return `${first.slice(0, 40)}-${slotName}.${rest.join(".")}`;
}

function webapp(state, a) {
  const [, sub, sub2, sub3] = a.words;
  const rg = a.one("-g", "--resource-group");
  const name = a.one("-n", "--name");
  const site = siteOf(state, rg, name);
  const slotName = a.one("--slot", "-s");
  const scope = slotName ? slotOf(site, slotName).id : site.id;
  const key = [sub, sub2, sub3].filter(Boolean).join(" ");
  switch (key) {
    // ARM names a slot's actions under sites/slots (Microsoft.Web operations list).
    case "show":
      authorize(state, `Microsoft.Web/sites/${slotName ? "slots/" : ""}read`, scope);
      return siteJson(site, slotName);
    case "config show":
      authorize(state, `Microsoft.Web/sites/${slotName ? "slots/" : ""}config/read`, scope);
      return siteConfigJson(site, slotName);
    case "config set": {
      authorize(state, `Microsoft.Web/sites/${slotName ? "slots/" : ""}config/write`, scope);
      const fx = a.one("--linux-fx-version");
      if (fx !== undefined) (slotName ? slotOf(site, slotName) : site).linuxFxVersion = fx;
      return siteConfigJson(site, slotName);
    }
    case "config appsettings list": {
      authorize(state, "Microsoft.Web/sites/config/list/action", scope);
      const target = slotName ? slotOf(site, slotName) : site;
      return Object.entries(target.appSettings).map(([n, value]) => ({ name: n, slotSetting: site.stickySettings.includes(n), value }));
    }
    case "deployment slot swap":
      swap(state, site, a);
      return undefined;
    case "traffic-routing set": {
      authorize(state, "Microsoft.Web/sites/config/write", site.id);
      // --distribution replaces the whole rule list (reference §1.1); there is no --slot.
      site.rampUpRules = a.all("--distribution", "-d").map((d) => {
        const [slot, percent] = String(d).split("=");
        return {
          actionHostName: ruleHost(site, slot),
          changeDecisionCallbackUrl: null,
          changeIntervalInMinutes: null,
          changeStep: null,
          maxReroutePercentage: null,
          minReroutePercentage: null,
          name: slot,
          reroutePercentage: Number(percent),
        };
      });
      return site.rampUpRules;
    }
    case "traffic-routing show":
      authorize(state, "Microsoft.Web/sites/config/read", site.id);
      return site.rampUpRules;
    case "traffic-routing clear":
      authorize(state, "Microsoft.Web/sites/config/write", site.id);
      site.rampUpRules = [];
      return site.rampUpRules;
    default:
      throw new AzError(`fake az: 'webapp ${key}' is not modelled`, 2);
  }
}

// ---- Container Registry (acr/custom.py, repository.py, manifest.py, import.py) ----
function registryJson(r) {
  return {
    adminUserEnabled: false,
    anonymousPullEnabled: false,
    id: r.id,
    location: r.location,
    loginServer: r.loginServer,
    name: r.name,
    networkRuleBypassOptions: r.networkRuleBypassOptions ?? "AzureServices",
    policies: { exportPolicy: { status: r.exportPolicy ?? "enabled" } },
    publicNetworkAccess: r.publicNetworkAccess ?? "Enabled",
    resourceGroup: r.resourceGroup,
    sku: { name: "Premium", tier: "Premium" },
    type: "Microsoft.ContainerRegistry/registries",
  };
}

function parseImage(spec) {
  const at = spec.indexOf("@");
  if (at >= 0) return { repository: spec.slice(0, at), digest: spec.slice(at + 1) };
  const colon = spec.lastIndexOf(":");
  return colon >= 0 ? { repository: spec.slice(0, colon), tag: spec.slice(colon + 1) } : { repository: spec, tag: "latest" };
}

const NOT_FOUND = "The requested data does not exist.";

function acr(state, a) {
  const key = ["repository", "manifest"].includes(a.words[1]) ? a.words.slice(1, 3).join(" ") : a.words[1];
  if (key === "show") {
    const ids = a.one("--ids");
    const r = ids ? registryById(state, ids) : registryByName(state, a.one("-n", "--name"));
    if (!r) {
      const what = ids ?? a.one("-n", "--name");
      throw new AzError(`The resource with name '${what.split("/").pop()}' and type 'Microsoft.ContainerRegistry/registries' could not be found in subscription '${state.subscriptionName} (${state.subscriptionId})'.`, 3);
    }
    authorize(state, "Microsoft.ContainerRegistry/registries/read", r.id);
    return registryJson(r);
  }
  if (key === "repository show") {
    const r = registryByName(state, a.one("-n", "--name"));
    authorize(state, "Microsoft.ContainerRegistry/registries/metadata/read", r.id);
    const image = parseImage(a.one("--image", "-t"));
    const manifests = manifestsOf(r, image.repository);
    if (image.tag) {
      const m = Object.values(manifests).find((x) => x.tags.includes(image.tag));
      if (!m) throw new AzError(NOT_FOUND);
      const t = m.tagTimes[image.tag];
      return { changeableAttributes: { deleteEnabled: true, listEnabled: true, readEnabled: true, writeEnabled: true }, createdTime: t, digest: m.digest, lastUpdateTime: t, name: image.tag, signed: false };
    }
    const m = manifests[image.digest];
    if (!m) throw new AzError(NOT_FOUND);
    return {
      changeableAttributes: { deleteEnabled: true, listEnabled: true, readEnabled: true, writeEnabled: true },
      createdTime: m.createdTime,
      digest: m.digest,
      lastUpdateTime: m.createdTime,
      mediaType: m.mediaType,
      tags: m.tags,
    };
  }
  if (key === "repository show-tags") {
    const r = registryByName(state, a.one("-n", "--name"));
    authorize(state, "Microsoft.ContainerRegistry/registries/metadata/read", r.id);
    const tags = Object.values(manifestsOf(r, a.one("--repository"))).flatMap((m) => m.tags.map((t) => ({ name: t, digest: m.digest, time: m.tagTimes[t] })));
    const order = a.one("--orderby");
    tags.sort((x, y) => (order === "time_desc" ? y.time.localeCompare(x.time) : order === "time_asc" ? x.time.localeCompare(y.time) : x.name.localeCompare(y.name)));
    if (!a.opts["--detail"]) return tags.map((t) => t.name);
    return tags.map((t) => ({
      changeableAttributes: { deleteEnabled: true, listEnabled: true, readEnabled: true, writeEnabled: true },
      createdTime: t.time,
      digest: t.digest,
      lastUpdateTime: t.time,
      name: t.name,
      signed: false,
    }));
  }
  if (key === "manifest list-referrers") {
    // `az acr manifest list-referrers <server>/<repo>@<digest>` returns {"references": [...]}
    // (acr/manifest.py: _obtain_referrers_from_registry builds result_list = {'references': []}).
    const spec = a.words[3] ?? a.one("--name");
    const slash = spec.indexOf("/");
    const r = registryByServer(state, spec.slice(0, slash));
    if (!r) throw new AzError(`fake az: no registry with login server ${spec.slice(0, slash)}`);
    authorize(state, "Microsoft.ContainerRegistry/registries/pull/read", r.id);
    const image = parseImage(spec.slice(slash + 1));
    const manifests = manifestsOf(r, image.repository);
    if (!manifests[image.digest]) throw new AzError(NOT_FOUND);
    const refsOf = (d) => Object.values(manifests).filter((m) => m.subject === d);
    const references = refsOf(image.digest);
    if (a.opts["--recursive"]) for (const ref of [...references]) references.push(...refsOf(ref.digest));
    return { references: references.map((m) => ({ annotations: {}, artifactType: m.artifactType, digest: m.digest, mediaType: m.mediaType, size: 732 })) };
  }
  if (key === "import") {
    const target = registryByName(state, a.one("-n", "--name"));
    const sourceId = a.one("--registry", "-r");
    const source = registryById(state, sourceId) ?? registryByName(state, sourceId);
    if (!source) throw new AzError(`fake az: source registry ${sourceId} not found`, 3);
    // Same-tenant import needs the importer role on BOTH registries (reference §7).
    authorize(state, "Microsoft.ContainerRegistry/registries/importImage/action", target.id);
    authorize(state, "Microsoft.ContainerRegistry/registries/importImage/action", source.id);
    // Export policy and trusted-services bypass (azure-native-notes pitfall 13); the wording of
    // these two errors is modelled, not copied from Azure.
    if ((source.exportPolicy ?? "enabled") === "disabled") {
      throw new AzError(`(ExportPolicyDisabled) Operation registries-import failed. Export of artifacts from registry ${source.name} is disabled by its export policy.`);
    }
    for (const r of [source, target]) {
      if ((r.publicNetworkAccess ?? "Enabled") === "Disabled" && (r.networkRuleBypassOptions ?? "AzureServices") !== "AzureServices") {
        throw new AzError(`(Forbidden) Operation registries-import failed. Registry ${r.name} denies access from trusted services.`);
      }
    }
    const image = parseImage(a.one("--source"));
    const src = manifestsOf(source, image.repository);
    const m = image.digest ? src[image.digest] : Object.values(src).find((x) => x.tags.includes(image.tag));
    if (!m) throw new AzError(`(InvalidParameters) Operation registries-import failed. Source image ${source.loginServer}/${a.one("--source")} not found.`);
    const targetTags = a.all("--image", "-t").map((t) => parseImage(t));
    const untagged = a.all("--repository").map(String);
    const force = Boolean(a.opts["--force"]);
    for (const t of targetTags) {
      const existing = Object.values(manifestsOf(target, t.repository)).find((x) => x.tags.includes(t.tag));
      if (existing && existing.digest !== m.digest && !force) {
        throw new AzError(`(Conflict) Operation registries-import failed. Tag ${t.repository}:${t.tag} already exists in target registry.`);
      }
    }
    // The manifest (with its subject, if it is itself a referrer) is copied; its referrers are NOT
    // (reference §5.8, dotnet/docker-tools#1999).
    const copy = (repository) => {
      const manifests = manifestsOf(target, repository);
      manifests[m.digest] ??= { ...m, tags: [], tagTimes: {}, createdTime: now(state) };
      return manifests[m.digest];
    };
    for (const t of targetTags) {
      for (const other of Object.values(manifestsOf(target, t.repository))) {
        other.tags = other.tags.filter((x) => x !== t.tag);
        delete other.tagTimes[t.tag];
      }
      const c = copy(t.repository);
      c.tags.push(t.tag);
      c.tagTimes[t.tag] = now(state);
    }
    for (const repository of untagged) copy(repository);
    state.imports.push({ target: target.name, source: source.name, digest: m.digest, by: process.env.FAKE_AZ_IDENTITY });
    return undefined;
  }
  throw new AzError(`fake az: 'acr ${key}' is not modelled`, 2);
}

// ---- Alerts Management REST (alertsmanagement 2019-03-01) and App Insights annotations ----
function alertJson(alert) {
  const target = alert.targetResource;
  const parts = target.split("/");
  return {
    id: alert.id,
    name: alert.ruleName,
    type: "Microsoft.AlertsManagement/alerts",
    properties: {
      essentials: {
        actionStatus: { isSuppressed: false },
        alertRule: alert.alertRule,
        alertState: alert.alertState,
        description: alert.description ?? "",
        lastModifiedDateTime: alert.lastModifiedDateTime,
        lastModifiedUserName: "System",
        monitorCondition: alert.monitorCondition,
        monitorConditionResolvedDateTime: alert.monitorConditionResolvedDateTime ?? null,
        monitorService: alert.monitorService,
        severity: alert.severity,
        signalType: alert.signalType,
        smartGroupId: alert.smartGroupId,
        smartGroupingReason: "",
        sourceCreatedId: alert.sourceCreatedId,
        startDateTime: alert.startDateTime,
        targetResource: target,
        targetResourceGroup: parts[4],
        targetResourceName: parts[parts.length - 1],
        // namespace plus every type segment: Microsoft.Web/sites, Microsoft.Web/sites/slots
        targetResourceType: [parts[6], ...parts.slice(7).filter((_, i) => i % 2 === 0)].join("/"),
      },
    },
  };
}

function rest(state, a) {
  const method = String(a.one("--method", "-m") ?? "get").toLowerCase();
  const url = new URL(a.one("--url", "-u"));
  for (const p of a.all("--url-parameters", "--uri-parameters")) {
    const eq = String(p).indexOf("=");
    url.searchParams.set(String(p).slice(0, eq), String(p).slice(eq + 1));
  }
  if (url.origin !== ARM) throw new AzError(`fake az: az rest to ${url.origin} is not modelled`, 2);
  const path = url.pathname;
  const notFound = () => new AzError(`Not Found(${JSON.stringify({ error: { code: "ResourceNotFound", message: `The resource '${path}' was not found.` } })})`);
  let m;
  if (method === "get" && (m = /^(\/subscriptions\/[^/]+(?:\/resourceGroups\/[^/]+)?)\/providers\/Microsoft\.AlertsManagement\/alerts$/i.exec(path))) {
    const scope = m[1];
    authorize(state, "Microsoft.AlertsManagement/alerts/read", scope, "rest");
    // Azure Monitor has evaluated the metric alert rules against what production runs now.
    evaluateMetricAlerts(state);
    const q = url.searchParams;
    const list = (k) => (q.get(k) ? q.get(k).split(",").map((s) => s.trim().toLowerCase()) : null);
    const conditions = list("monitorCondition");
    const states = list("alertState");
    const rules = list("alertRule");
    const targets = list("targetResource");
    let from = null;
    let to = null;
    if (q.get("customTimeRange")) [from, to] = q.get("customTimeRange").split("/").map((t) => Date.parse(t));
    const value = state.alerts
      .filter((x) => x.alertRule.toLowerCase().startsWith(`${scope.toLowerCase()}/`) || x.targetResource.toLowerCase().startsWith(`${scope.toLowerCase()}/`))
      .filter((x) => !conditions || conditions.includes(x.monitorCondition.toLowerCase()))
      .filter((x) => !states || states.includes(x.alertState.toLowerCase()))
      .filter((x) => !rules || rules.includes(x.alertRule.toLowerCase()))
      .filter((x) => !targets || targets.includes(x.targetResource.toLowerCase()))
      // the time range selects alerts by start time; the end is inclusive to the second
      .filter((x) => from === null || (Date.parse(x.startDateTime) >= from && Date.parse(x.startDateTime) < to + 1000))
      .map(alertJson);
    return { value };
  }
  if (method === "get" && /^\/subscriptions\/[^/]+\/providers\/Microsoft\.AlertsManagement\/alerts\/[^/]+$/i.test(path)) {
    const alert = state.alerts.find((x) => x.id.toLowerCase() === path.toLowerCase());
    if (!alert) throw notFound();
    // A subscription-level alert id is readable with the read right on its target's resource group
    // (reference §3.4: an inference, unverified; the program grants at resource-group scope).
    authorize(state, "Microsoft.AlertsManagement/alerts/read", alert.targetResource, "rest");
    return alertJson(alert);
  }
  if (method === "put" && (m = /^(\/subscriptions\/.+\/providers\/microsoft\.insights\/components\/[^/]+)\/Annotations$/i.exec(path))) {
    authorize(state, "Microsoft.Insights/components/Annotations/write", m[1], "rest");
    const body = JSON.parse(a.one("--body", "-b"));
    state.annotations.push({ component: m[1], ...body });
    return [body];
  }
  throw new AzError(`fake az: az rest ${method} ${path} is not modelled`, 2);
}

function resource(state, a) {
  if (a.words[1] !== "show") throw new AzError(`fake az: 'resource ${a.words[1]}' is not modelled`, 2);
  const ids = a.one("--ids");
  const component = ids
    ? state.components.find((c) => c.id.toLowerCase() === ids.toLowerCase())
    : state.components.find((c) => c.resourceGroup === a.one("-g", "--resource-group") && c.name === a.one("-n", "--name"));
  if (!component) throw new AzError(`(ResourceNotFound) The Resource '${ids ?? a.one("-n")}' was not found.\nCode: ResourceNotFound`, 3);
  authorize(state, "Microsoft.Insights/components/read", component.id);
  return {
    id: component.id,
    kind: "web",
    location: component.location,
    name: component.name,
    resourceGroup: component.resourceGroup,
    type: "microsoft.insights/components",
    properties: { ConnectionString: component.connectionString, InstrumentationKey: component.instrumentationKey, DisableLocalAuth: true },
  };
}

function account(state, a) {
  const who = process.env.FAKE_AZ_IDENTITY;
  if (!who) throw new AzError("Please run 'az login' to setup account.");
  const principal = state.principals[who];
  if (a.words[1] === "show") {
    return {
      environmentName: "AzureCloud",
      id: state.subscriptionId,
      isDefault: true,
      name: state.subscriptionName,
      state: "Enabled",
      tenantId: state.tenantId,
      user: { name: principal.appId, type: "servicePrincipal" },
    };
  }
  if (a.words[1] === "get-access-token") {
    const expires = new Date(Date.now() + 3600_000);
    return {
      accessToken: `fake-token-${crypto.createHash("sha256").update(`${who}${a.one("--resource")}`).digest("hex").slice(0, 16)}`,
      expiresOn: expires.toISOString().replace("T", " ").slice(0, 26),
      expires_on: Math.floor(expires.getTime() / 1000),
      subscription: state.subscriptionId,
      tenant: state.tenantId,
      tokenType: "Bearer",
    };
  }
  throw new AzError(`fake az: 'account ${a.words[1]}' is not modelled`, 2);
}

/** Output of the call being answered. */
let io = { stdout: "", stderr: "" };

/** Answers one az call: argv without "az"; the caller's identity and state file come from process.env. */
function run(argv) {
  io = { stdout: "", stderr: "" };
  const state = load();
  let code = 0;
  try {
    const a = parse(argv);
    state.calls.push({ identity: process.env.FAKE_AZ_IDENTITY ?? null, run: process.env.FAKE_AZ_RUN ?? "", argv });
    const handlers = { webapp, acr, rest, resource, account };
    const handler = handlers[a.words[0]];
    if (!handler) throw new AzError(`fake az: '${a.words[0]}' is not modelled`, 2);
    print(handler(state, a), a);
  } catch (e) {
    if (!(e instanceof AzError)) throw e;
    io.stderr += `ERROR: ${e.message}\n`;
    code = e.code;
  }
  save(state);
  return { code, ...io };
}

module.exports = { run };

if (require.main === module) {
  const r = run(process.argv.slice(2));
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
}
