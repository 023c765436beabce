const Module = require("module");
require("../scripts/defer-closure-modules").deferClosureModules();
const load = Module._load;
const times = new Map();
const stack = [];
Module._load = function (req, parent, isMain) {
  const t = performance.now(); stack.push(0);
  try { return load.call(this, req, parent, isMain); } finally {
    const child = stack.pop(); const d = performance.now() - t; const self = d - child;
    if (stack.length) stack[stack.length - 1] += d;
    let key = req.startsWith(".") ? (parent?.filename ?? "").replace(/.*node_modules\//, "").split("/").slice(0, req.startsWith("@") ? 2 : 1).join("/") : req.split("/").slice(0, req.startsWith("@") ? 2 : 1).join("/");
    if (key.startsWith("/")) key = "ours:" + key.replace(/.*\/dist\//, "").split("/").slice(0, 2).join("/");
    times.set(key, (times.get(key) || 0) + self);
  }
};
const t0 = performance.now();
process.on("exit", () => {
  console.error("wall", (performance.now() - t0).toFixed(0), "load self-times:");
  for (const [k, v] of [...times].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.error(v.toFixed(0).padStart(6), k);
});
require("../dist/tools/cli").main(process.argv.slice(2));
