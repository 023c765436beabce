require("../scripts/defer-closure-modules").deferClosureModules();
const Module = require("module");
const load = Module._load;
const times = [];
let depth = 0;
Module._load = function (req, parent, isMain) {
  const t = performance.now(); depth++;
  try { return load.call(this, req, parent, isMain); } finally { depth--; const d = performance.now() - t; if (d > 8) times.push([d, depth, req, parent && parent.filename.replace(/.*node_modules\//, "")]); }
};
const t0 = performance.now();
require(process.argv[2] || "@pulumi/pulumi");
console.log("total", (performance.now() - t0).toFixed(0));
for (const [d, dep, r, p] of times.filter((x) => x[1] <= 4).sort((a, b) => b[0] - a[0]).slice(0, 30)) console.log(d.toFixed(0).padStart(5), dep, r, "<-", p);
