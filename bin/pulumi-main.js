"use strict";
// Entry point of the Pulumi program (Pulumi.yaml: runtime.options.typescript=false, main=this file).
// It rebuilds stale output before loading it, so `pulumi up` never runs old compiled code, and
// starts without ts-node's type check on every preview.
require("../scripts/build").ensureFresh();
module.exports = require("../dist/infra/index");
