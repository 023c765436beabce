/**
 * @pulumi/pulumi loads the TypeScript compiler (9 MB) when it is imported, only for serializing
 * JavaScript functions into cloud code (`pulumi.runtime.serializeFunction`), which this project
 * never does: about 150 ms of every start on Node 24 (SDK 3.276). The entries install this hook
 * first, so it loads on first use instead: each property access goes to the real module, loaded
 * then. (SDK 3.248 also loaded npm's Arborist at import; 3.276 no longer uses it at all.)
 */
"use strict";
const Module = require("module");

const DEFERRED = new Set(["typescript"]);
let installed = false;

function deferClosureModules() {
  if (installed) return;
  installed = true;
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (!DEFERRED.has(request)) return load.call(this, request, parent, isMain);
    let real;
    const target = () => (real ??= load.call(this, request, parent, isMain));
    return new Proxy(
      {},
      {
        // `__esModule` makes TypeScript's import helpers (__importStar) keep this proxy as the
        // namespace instead of copying the module's keys, which would load it right away.
        get: (_, key) => (key === "__esModule" ? true : target()[key]),
        has: (_, key) => key in target(),
      },
    );
  };
}

module.exports = { deferClosureModules };
