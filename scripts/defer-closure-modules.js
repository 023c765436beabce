/**
 * @pulumi/pulumi loads two large modules when it is imported, only for serializing JavaScript
 * functions into cloud code (`pulumi.runtime.serializeFunction`), which this project never does:
 * the TypeScript compiler (9 MB) and npm's Arborist (with pacote, sigstore, ...). Together they
 * are about 300 ms of every start. The `delivery` CLI installs this hook first, so they load on
 * first use instead: each property access goes to the real module, loaded then.
 */
"use strict";
const Module = require("module");

const DEFERRED = new Set(["typescript", "@npmcli/arborist"]);
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
