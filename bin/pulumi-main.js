"use strict";
// Entry of the Pulumi program (Pulumi.yaml: runtime.options.typescript=false, main=this file).
// It rebuilds stale output before loading it, so `pulumi up` never runs old compiled code, and
// starts without ts-node's type check on every preview. The SDK's function-serialization modules
// load on first use (scripts/defer-closure-modules.js): this program never serializes functions.
// Node's on-disk cache of compiled code (Node >= 22.1; the default directory is in the OS temp
// directory, NODE_COMPILE_CACHE overrides it): later starts skip compiling the SDK and the program.
require("module").enableCompileCache?.();
require("../scripts/build").ensureFresh();
require("../scripts/defer-closure-modules").deferClosureModules();
module.exports = require("../dist/infra/index");
