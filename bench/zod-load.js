#!/usr/bin/env node
"use strict";
/**
 * Measurement behind the README's choice of zod 3 (not a test): the time `require` of zod's v3 API
 * (what `require("zod")` gives in 3.25) and of its v4 API (`zod/v4`, the code zod 4 ships as its
 * main entry) adds to a bare `node -e ""`, each in fresh processes, interleaved, without a compile
 * cache. Prints the median and range of the added milliseconds.
 *
 *   npm run bench:zod [-- runs=15]
 */
const { ensureProjectNode, median } = require("./node-version");
ensureProjectNode();

const { spawnSync } = require("child_process");
const path = require("path");

const runs = Math.max(7, Number(process.argv[2] || 15));
const root = path.resolve(__dirname, "..");
const env = { ...process.env };
delete env.NODE_COMPILE_CACHE;

/** In-process wall time of the require, so process start-up noise stays out. */
function time(spec) {
  const code = `const t=process.hrtime.bigint();require(${JSON.stringify(spec)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const r = spawnSync(process.execPath, ["-e", code], { cwd: root, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`require(${spec}) failed: ${r.stderr}`);
  return Number(r.stdout);
}

const specs = { "zod (v3 API)": "zod", "zod/v4": "zod/v4", "zod/v4-mini": "zod/v4-mini" };
const samples = Object.fromEntries(Object.keys(specs).map((k) => [k, []]));
for (const spec of Object.values(specs)) time(spec); // warm the file cache
for (let i = 0; i < runs; i++) for (const [label, spec] of Object.entries(specs)) samples[label].push(time(spec));
console.log(`Node ${process.versions.node}, zod ${require("zod/package.json").version}, ${runs} runs each:`);
for (const [label, ms] of Object.entries(samples)) {
  console.log(`${label.padEnd(14)} require: median ${median(ms).toFixed(1)} ms (range ${Math.min(...ms).toFixed(1)}-${Math.max(...ms).toFixed(1)})`);
}
