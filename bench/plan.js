#!/usr/bin/env node
/**
 * Benchmark (not a test): median wall time of `delivery plan <stack>` for every stack file and of
 * `delivery plan --all`, as ratios against the floor `node -e "require('@pulumi/pulumi')"`, all
 * measured in this run on this machine. Targets: plan <= 1.5x floor, --all <= 2.5x floor.
 *
 *   node bench/plan.js [--runs N]
 */
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

const root = path.resolve(__dirname, "..");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;

require("../scripts/build").ensureFresh();
const stacks = require("fs")
  .readdirSync(root)
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f))
  .filter(Boolean)
  .map((m) => m[1])
  .sort();

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(args) {
  const samples = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    if (i > 0) samples.push(ms); // the first run warms the file cache
  }
  return median(samples);
}

// Interleave nothing fancy: measure the floor first and last, and use the lower, so a noisy
// neighbour during one of them does not flatter the ratios.
const floorA = time(["-e", "require('@pulumi/pulumi')"]);
const results = stacks.map((s) => [`plan ${s}`, time(["bin/delivery.js", "plan", s]), 1.5]);
results.push(["plan --all", time(["bin/delivery.js", "plan", "--all"]), 2.5]);
const floorB = time(["-e", "require('@pulumi/pulumi')"]);
const floor = Math.min(floorA, floorB);

console.log(`floor require('@pulumi/pulumi'): ${floor.toFixed(0)} ms (median of ${runs}; ${floorA.toFixed(0)} / ${floorB.toFixed(0)} ms)`);
let ok = true;
for (const [label, ms, target] of results) {
  const ratio = ms / floor;
  ok = ok && ratio <= target;
  console.log(`${label.padEnd(16)} ${ms.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2)}x floor  (target <= ${target}x) ${ratio <= target ? "ok" : "OVER"}`);
}
process.exitCode = ok ? 0 : 1;
