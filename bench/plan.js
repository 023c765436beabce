#!/usr/bin/env node
/**
 * Benchmark (not a test): wall time of `delivery plan <stack>` for every stack file and of
 * `delivery plan --all`, as ratios against the floor `node -e "require('@pulumi/pulumi')"`, each
 * twice: "cached" as a user runs it again with nothing changed (the recording cache, primed by the
 * warm-up round, in a directory of its own) and "cold" with `--no-cache` (the program runs: the
 * first plan after a change of config, program or dependencies, and every CI run).
 * Each round runs the floor and every command once, interleaved, and each command's ratio is
 * taken against that round's floor (the mean of the floor runs just before and after it), so
 * load from other processes hits both sides alike. Prints the median and range of the ratios.
 * Targets (issue 18): plan <stack> <= 1.25x floor, plan --all <= 1.6x floor; both lines are judged.
 *
 *   npm run bench:plan [-- --runs N]        (N >= 7; default 9)
 */
"use strict";
const { ensureProjectNode, median, ratioSummary } = require("./node-version");
ensureProjectNode();

const { spawnSync } = require("child_process");
const path = require("path");

const root = path.resolve(__dirname, "..");
const runsArg = process.argv.indexOf("--runs");
const runs = Math.max(7, runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9);

require("../scripts/build").ensureFresh();
const stacks = require("fs")
  .readdirSync(root)
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f))
  .filter(Boolean)
  .map((m) => m[1])
  .sort();

// The floor runs without a compile cache (a plain `node -e`); the CLI enables Node's own.
const env = { ...process.env, DELIVERY_PLAN_CACHE_DIR: require("fs").mkdtempSync(path.join(require("os").tmpdir(), "bench-plan-cache-")) };
delete env.NODE_COMPILE_CACHE;
delete env.DELIVERY_PLAN_CACHE;

function time(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const FLOOR = ["-e", "require('@pulumi/pulumi')"];
const commands = [
  ...stacks.map((s) => ({ label: `plan ${s}`, args: ["bin/delivery.js", "plan", s], target: 1.25 })),
  { label: "plan --all", args: ["bin/delivery.js", "plan", "--all"], target: 1.6 },
].flatMap((c) => [
  { ...c, label: `${c.label} (cached)` },
  { ...c, label: `${c.label} (cold)`, args: [...c.args, "--no-cache"] },
]);

// One warm-up round (file cache, compile cache), not counted.
time(FLOOR);
for (const c of commands) time(c.args);

const floors = [];
const samples = new Map(commands.map((c) => [c.label, { ms: [], ratios: [] }]));
for (let round = 0; round < runs; round++) {
  let before = time(FLOOR);
  floors.push(before);
  for (const c of commands) {
    const ms = time(c.args);
    const after = time(FLOOR);
    floors.push(after);
    const s = samples.get(c.label);
    s.ms.push(ms);
    s.ratios.push(ms / ((before + after) / 2));
    before = after;
  }
}

console.log(`Node ${process.versions.node}, ${runs} rounds; floor require('@pulumi/pulumi'): median ${median(floors).toFixed(0)} ms (range ${Math.min(...floors).toFixed(0)}-${Math.max(...floors).toFixed(0)})`);
let ok = true;
for (const c of commands) {
  const s = samples.get(c.label);
  const ratio = median(s.ratios);
  ok = ok && ratio <= c.target;
  console.log(`${c.label.padEnd(24)} median ${median(s.ms).toFixed(0).padStart(5)} ms  ${ratioSummary(s.ratios)} of floor  (target <= ${c.target}x) ${ratio <= c.target ? "ok" : "OVER"}`);
}
require("fs").rmSync(env.DELIVERY_PLAN_CACHE_DIR, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;
