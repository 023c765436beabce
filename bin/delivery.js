#!/usr/bin/env node
"use strict";
// Rebuild anything stale first, so the CLI never runs JavaScript older than its sources.
require("../scripts/build").ensureFresh();
// The Pulumi SDK's function-serialization modules load on first use (start-up time; see the file).
require("../scripts/defer-closure-modules").deferClosureModules();
require("../dist/tools/cli").main(process.argv.slice(2));
