"use strict";
// Entry of the policy pack (package.json "main"). The policy runtime registers ts-node with type
// checking for every pack; loading precompiled JavaScript instead keeps the pack fast to start and
// independent of that. The build rebuilds stale output first, like bin/pulumi-main.js, so a
// preview never runs old rules.
require("../scripts/build").ensureFresh();
// The SDK's function-serialization modules load on first use (scripts/defer-closure-modules.js).
require("../scripts/defer-closure-modules").deferClosureModules();
module.exports = require("../dist/policy/index");
