/**
 * @pulumi/pulumi loads, when it is imported, modules this project never uses at plan or `pulumi up`
 * time; the entries install this hook first, so each loads on first use instead (every property
 * access goes to the real module, loaded then):
 * - `typescript` (9 MB), only for serializing JavaScript functions into cloud code
 *   (`pulumi.runtime.serializeFunction`): about 150 ms of every start on Node 24 (SDK 3.276);
 * - `normalize-package-data` (with spdx-correct and its licence lists), for the same serializer's
 *   package walk: about 40 ms;
 * - the Automation API (`pulumi.automation`: execa, cross-spawn, js-yaml, the local workspace),
 *   for driving the Pulumi CLI from code, which a Pulumi program never does: about 150-400 ms.
 * (SDK 3.248 also loaded npm's Arborist at import; 3.276 no longer uses it at all.)
 * And commander's `child_process` (with net, dgram and streams), used only to run a subcommand
 * as a separate executable, which `delivery` never does: about 5 ms of every CLI start.
 */
"use strict";
const Module = require("module");
const path = require("path");

/** [request, the importing file's path ending (or "" for any importer)]. */
const DEFERRED = [
  ["typescript", ""],
  ["normalize-package-data", path.join("@pulumi", "pulumi", "runtime", "closure", "codePaths.js")],
  ["./automation", path.join("@pulumi", "pulumi", "index.js")],
  ["node:child_process", path.join("commander", "lib", "command.js")],
];
let installed = false;

function deferred(request, parent) {
  return DEFERRED.some(([r, from]) => r === request && (from === "" || (parent?.filename ?? "").endsWith(from)));
}

function deferClosureModules() {
  if (installed) return;
  installed = true;
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (!deferred(request, parent)) return load.call(this, request, parent, isMain);
    let real;
    const target = () => (real ??= load.call(this, request, parent, isMain));
    return new Proxy(
      {},
      {
        // `__esModule` makes TypeScript's import helpers (__importStar, __importDefault) keep this
        // proxy instead of copying the module's keys, which would load it right away; `default`
        // of a CommonJS module is then the module itself, as __importDefault would have made it.
        get: (_, key) => {
          if (key === "__esModule") return true;
          const t = target();
          return key === "default" && !t.__esModule ? t : t[key];
        },
        has: (_, key) => key in target(),
      },
    );
  };
}

module.exports = { deferClosureModules };
