#!/usr/bin/env node
"use strict";
/**
 * Benchmark (not a test): `delivery preview-report` on a generated 5,000-step preview against the
 * floor of `node` merely reading and JSON.parse-ing the same file, median wall time of several
 * runs each, measured in the same run. Target: ratio <= 2.
 *
 *   node bench/preview-report.js [runs=7] [steps=5000]
 */
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { generatePreview } = require("./generate-preview");

const runs = Number(process.argv[2] || 7);
const steps = Number(process.argv[3] || 5000);
const root = path.resolve(__dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-preview-"));
const file = path.join(dir, "preview.json");
fs.writeFileSync(file, JSON.stringify(generatePreview(steps), null, 4));
require("../scripts/build").ensureFresh(); // build once, outside the timings

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(args) {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const floorArgs = ["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"))`];
const reportArgs = [path.join(root, "bin/delivery.js"), "preview-report", "--stack", `perf=${file}`, "--out", path.join(dir, "report.md")];
const floor = [];
const report = [];
time(floorArgs); // warm the file cache
for (let i = 0; i < runs; i++) {
  // Interleaved, so drift in machine load hits both sides alike.
  floor.push(time(floorArgs));
  report.push(time(reportArgs));
}
const size = fs.statSync(file).size;
const out = fs.statSync(path.join(dir, "report.md")).size;
fs.rmSync(dir, { recursive: true, force: true });
const f = median(floor);
const r = median(report);
process.stdout.write(
  `preview: ${steps} steps, ${(size / 1e6).toFixed(1)} MB; report ${out} bytes\n` +
    `floor  node read + JSON.parse   median ${f.toFixed(0)} ms (${runs} runs)\n` +
    `delivery preview-report         median ${r.toFixed(0)} ms (${runs} runs)\n` +
    `ratio ${(r / f).toFixed(2)} (target <= 2.00)\n`,
);
