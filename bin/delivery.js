#!/usr/bin/env node
"use strict";
// Rebuild anything stale first, so the CLI never runs JavaScript older than its sources.
require("../scripts/build").ensureFresh();
require("../dist/tools/cli").main(process.argv.slice(2));
