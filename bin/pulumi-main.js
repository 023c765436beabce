"use strict";
// Entry of the Pulumi program (Pulumi.yaml: runtime.options.typescript=false, main=this file).
// It rebuilds stale output before loading it, so `pulumi up` never runs old compiled code, and
// starts without ts-node's type check on every preview. The SDK's function-serialization modules
// load on first use (scripts/defer-closure-modules.js): this program never serializes functions.
require("../scripts/build").ensureFresh();
require("../scripts/defer-closure-modules").deferClosureModules();
module.exports = require("../dist/infra/index");
