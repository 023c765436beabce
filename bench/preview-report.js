#!/usr/bin/env node
"use strict";
/**
 * Benchmark (not a test): `delivery preview-report` on a generated 5,000-step preview against the
 * floor of `node` merely reading and JSON.parse-ing the same file. Runs are interleaved (floor,
 * report, floor, …) and each report run is divided by the mean of the floor runs around it;
 * prints the median and range of those ratios. Target: <= 1.5x.
 *
 *   npm run bench:preview-report [-- runs=9 steps=5000]
 */
const { ensureProjectNode, median, ratioSummary } = require("./node-version");
ensureProjectNode();

const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { generatePreview } = require("./generate-preview");

const runs = Math.max(7, Number(process.argv[2] || 9));
const steps = Number(process.argv[3] || 5000);
const TARGET = 1.5;
const root = path.resolve(__dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-preview-"));
const file = path.join(dir, "preview.json");
fs.writeFileSync(file, JSON.stringify(generatePreview(steps), null, 4));
require("../scripts/build").ensureFresh(); // build once, outside the timings

const env = { ...process.env };
delete env.NODE_COMPILE_CACHE;

function time(args) {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const floorArgs = ["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"))`];
const reportArgs = [path.join(root, "bin/delivery.js"), "preview-report", "--stack", `perf=${file}`, "--out", path.join(dir, "report.md")];
time(floorArgs); // warm the file cache
time(reportArgs);
const floors = [time(floorArgs)];
const reports = [];
const ratios = [];
for (let i = 0; i < runs; i++) {
  const r = time(reportArgs);
  floors.push(time(floorArgs));
  reports.push(r);
  ratios.push(r / ((floors[floors.length - 2] + floors[floors.length - 1]) / 2));
}
const size = fs.statSync(file).size;
const out = fs.statSync(path.join(dir, "report.md")).size;
fs.rmSync(dir, { recursive: true, force: true });
const ratio = median(ratios);
process.stdout.write(
  `Node ${process.versions.node}; preview: ${steps} steps, ${(size / 1e6).toFixed(1)} MB; report ${out} bytes\n` +
    `floor  node read + JSON.parse   median ${median(floors).toFixed(0)} ms (range ${Math.min(...floors).toFixed(0)}-${Math.max(...floors).toFixed(0)})\n` +
    `delivery preview-report         median ${median(reports).toFixed(0)} ms (range ${Math.min(...reports).toFixed(0)}-${Math.max(...reports).toFixed(0)})\n` +
    `ratio ${ratioSummary(ratios)} over ${runs} rounds (target <= ${TARGET.toFixed(2)}) ${ratio <= TARGET ? "ok" : "OVER"}\n`,
);
process.exitCode = ratio <= TARGET ? 0 : 1;
