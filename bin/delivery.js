#!/usr/bin/env node
"use strict";
// Node's on-disk cache of compiled code (Node >= 22.1; the default directory is in the OS temp
// directory, NODE_COMPILE_CACHE overrides it): later starts skip compiling the SDK and the program.
require("module").enableCompileCache?.();
// Rebuild anything stale first, so the CLI never runs JavaScript older than its sources.
require("../scripts/build").ensureFresh();
// The Pulumi SDK's function-serialization modules load on first use (start-up time; see the file).
require("../scripts/defer-closure-modules").deferClosureModules();
require("../dist/tools/cli").main(process.argv.slice(2));
