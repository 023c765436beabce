#!/usr/bin/env node
/**
 * Transpiles the TypeScript sources (infra/, tools/, policy/) to dist/ with swc, file by file.
 *
 * Why not tsc: type checking runs once in `npm test`; a start of `pulumi up` or `delivery plan`
 * must not pay for it. Why a freshness check: `pulumi up` must never run stale JavaScript, so
 * both entry points (bin/pulumi-main.js, bin/delivery.js) call `ensureFresh()`, which
 * re-transpiles only the sources whose size or modification time changed since the last build
 * and removes output whose source is gone. A fresh tree costs a few stat calls.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const sourceDirs = ["infra", "tools", "policy"];
const outDir = path.join(root, "dist");
const stampFile = path.join(outDir, ".build-stamp.json");

function listSources() {
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) found.push(full);
    }
  };
  for (const d of sourceDirs) walk(path.join(root, d));
  return found.sort();
}

function fingerprint(file) {
  const st = fs.statSync(file);
  return `${st.size}:${st.mtimeMs}`;
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, "utf8"));
  } catch {
    return {};
  }
}

function outputFor(source) {
  return path.join(outDir, path.relative(root, source)).replace(/\.ts$/, ".js");
}

/** Brings dist/ up to date with the sources; returns the number of files transpiled. */
function ensureFresh() {
  const sources = listSources();
  const stamp = readStamp();
  const next = {};
  const stale = [];
  for (const s of sources) {
    const key = path.relative(root, s);
    next[key] = fingerprint(s);
    if (stamp[key] !== next[key] || !fs.existsSync(outputFor(s))) stale.push(s);
  }
  const removed = Object.keys(stamp).filter((k) => !(k in next));
  if (stale.length === 0 && removed.length === 0) return 0;

  const swc = require("@swc/core");
  const { options } = require("./swc-options");
  for (const s of stale) {
    const { code } = swc.transformFileSync(s, { ...options, filename: s, swcrc: false, configFile: false });
    const out = outputFor(s);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
  }
  for (const k of removed) fs.rmSync(outputFor(path.join(root, k)), { force: true });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(stampFile, JSON.stringify(next));
  return stale.length;
}

module.exports = { ensureFresh };

if (require.main === module) {
  const n = ensureFresh();
  process.stdout.write(`build: ${n} file(s) transpiled to dist/\n`);
}
