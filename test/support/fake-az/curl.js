"use strict";
/**
 * Fake `curl` for the release scenarios, answering from the fake Azure's state: a GET to a slot's
 * host name answers with the health status of the image that slot runs (images[digest].health,
 * default 200); a POST to an Application Insights ingestion endpoint records the telemetry and
 * answers as the Track API does; a POST to the notification webhook is recorded. Other hosts do
 * not resolve (curl exit 6).
 */
const { load, save, digestOf } = require("./state");

function parse(argv) {
  const o = { headers: [], method: "GET", url: "", out: null, write: null, data: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-o" || a === "--output") o.out = argv[++i];
    else if (a === "-w" || a === "--write-out") o.write = argv[++i];
    else if (a === "-X" || a === "--request") o.method = argv[++i];
    else if (a === "-H" || a === "--header") o.headers.push(argv[++i]);
    else if (a === "--data-binary" || a === "-d" || a === "--data") o.data = argv[++i];
    else if (a === "--max-time" || a === "-m") i++;
    else if (a.startsWith("-")) continue;
    else o.url = a;
  }
  if (o.data !== null && o.method === "GET") o.method = "POST";
  return o;
}

/** Answers one curl call (argv without "curl"). */
function run(argv) {
  let stdout = "";
  let stderr = "";
  const state = load();
  const o = parse(argv);
  let url;
  try {
    url = new URL(o.url);
  } catch {
    return { code: 3, stdout, stderr: "curl: (3) URL rejected: Malformed input to a URL function\n" };
  }
  let status = 200;
  let body = "";
  const site = state.sites.find((s) => s.defaultHostName === url.host || Object.values(s.slots).some((x) => x.defaultHostName === url.host));
  const ingestion = state.components.some((c) => new URL(c.ingestionEndpoint).host === url.host);
  if (site) {
    const target = site.defaultHostName === url.host ? site : Object.values(site.slots).find((x) => x.defaultHostName === url.host);
    const image = state.images[digestOf(target.linuxFxVersion)];
    status = image?.health ?? (digestOf(target.linuxFxVersion) ? 200 : 503);
    body = status === 200 ? "Healthy" : "Unhealthy";
    state.healthProbes.push({ host: url.host, path: url.pathname, status });
  } else if (ingestion && o.method === "POST" && url.pathname === "/v2.1/track") {
    const auth = o.headers.find((h) => /^authorization:/i.test(h)) ?? "";
    if (!/^authorization: bearer fake-token-/i.test(auth)) {
      status = 401;
      body = JSON.stringify({ itemsReceived: 1, itemsAccepted: 0, errors: [{ index: 0, statusCode: 401, message: "Unauthorized" }] });
    } else {
      const items = JSON.parse(o.data);
      // The instrumentation key in each item says which component it belongs to.
      for (const item of items) state.telemetry.push({ component: state.components.find((c) => c.instrumentationKey === item.iKey)?.name ?? "(unknown key)", ...item });
      body = JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] });
    }
  } else if (state.notificationHosts.includes(url.host)) {
    state.notifications.push({ url: o.url, body: o.data });
    body = "ok";
  } else {
    save(state);
    return { code: 6, stdout, stderr: `curl: (6) Could not resolve host: ${url.host}\n` };
  }
  save(state);
  if (o.out !== "/dev/null") stdout += body;
  if (o.write) stdout += o.write.replace("%{http_code}", String(status));
  const failFlag = argv.includes("--fail-with-body") || argv.includes("-f") || argv.some((a) => /^-[a-zA-Z]*f/.test(a) && !a.startsWith("--"));
  if (failFlag && status >= 400) {
    stderr += `curl: (22) The requested URL returned error: ${status}\n`;
    return { code: 22, stdout, stderr };
  }
  return { code: 0, stdout, stderr };
}

module.exports = { run };

if (require.main === module) {
  const r = run(process.argv.slice(2));
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
}
