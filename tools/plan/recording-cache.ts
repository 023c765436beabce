/**
 * On-disk cache of offline-plan recordings (what the program declared under mocks), so that a plan
 * whose program, dependencies and inputs have not changed since the last plan does not run the
 * program again. Running it is most of a plan's time (each resource goes through the SDK's output
 * and serialization machinery); everything after it (policy verdicts, release paths, the pipelines'
 * YAML, the freeze calendar, rendering) is computed on every plan, so only the recording is reused.
 *
 * An entry is used only when all of these still hold, else the program runs (a miss):
 * - key: cache format, Node version, project, stack, every config value as the engine passes it
 *   and which keys are secret;
 * - every module the recording thread had loaded: files of this project by content hash, packages
 *   under node_modules by name and version (like a build tool's dependency file);
 * - every stack reference the program read returns the same outputs offline (the other stacks'
 *   files may have changed), which also yields the plan's assumptions again.
 * The warnings the program printed are stored and printed again. Never cached: plans with a real
 * secret (`--set-secret`), runs without a module list (the sources running under Jest). Entries hold
 * only what `delivery plan --json` prints (secrets masked). A damaged or unreadable entry is a miss;
 * a cache that cannot be written is skipped. Turn it off with `--no-cache` or DELIVERY_PLAN_CACHE=off.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Recording } from "./record";
import type { StackOutputsMock } from "./mocks";
import { SECRET_PLACEHOLDER_PREFIX } from "./stack-files";

/** Directory of the cache; default `node_modules/.cache/pinecone-delivery/plan` of this tool's checkout. */
export const PLAN_CACHE_DIR_ENV = "DELIVERY_PLAN_CACHE_DIR";
/** `off` disables the cache (as `--no-cache` does). */
export const PLAN_CACHE_ENV = "DELIVERY_PLAN_CACHE";
/** Bumped whenever the entry's shape or the key's meaning changes. */
const FORMAT = 1;
/** Entries kept; older ones are removed when a new one is written. */
const MAX_ENTRIES = 64;

/** What the program sees: the inputs the key is made of. */
export interface RecordingInputs {
  readonly project: string;
  readonly stack: string;
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
}

interface Dependencies {
  /** Module files outside node_modules (absolute path → sha256 of the content). */
  readonly files: Readonly<Record<string, string>>;
  /** Packages under node_modules (absolute package directory → version). */
  readonly packages: Readonly<Record<string, string>>;
}

interface Entry {
  readonly format: number;
  readonly key: string;
  /** For people reading the directory; the key decides. */
  readonly project: string;
  readonly stack: string;
  readonly dependencies: Dependencies;
  /** Stack references the program read (fully qualified name) and the outputs it was given. */
  readonly references: Readonly<Record<string, unknown>>;
  readonly recording: Recording;
}

export interface RecordingCache {
  readonly dir: string;
  /** Whether an entry for these inputs exists and its modules are unchanged (cheap; lookup also checks the references). */
  probe(inputs: RecordingInputs): boolean;
  /** The recording stored for these inputs, if it is still valid; calls `stackOutputs` for each reference it read. */
  lookup(inputs: RecordingInputs, stackOutputs: StackOutputsMock): Recording | undefined;
  /** Stores a fresh recording with the modules loaded now and the references read; never throws. */
  store(inputs: RecordingInputs, references: Readonly<Record<string, unknown>>, recording: Recording): void;
}

/**
 * The cache, or undefined when it is turned off. Only the compiled CLI uses it: under Jest the
 * sources run as TypeScript and are not in require.cache, so nothing could prove an entry current.
 */
export function openRecordingCache(env: NodeJS.ProcessEnv, enabled = true): RecordingCache | undefined {
  if (!enabled || (env[PLAN_CACHE_ENV] ?? "").toLowerCase() === "off" || !__filename.endsWith(".js")) return undefined;
  const toolRoot = path.resolve(__dirname, "..", "..", "..");
  return recordingCacheAt(path.resolve(env[PLAN_CACHE_DIR_ENV] || path.join(toolRoot, "node_modules", ".cache", "pinecone-delivery", "plan")));
}

/** A cache in `dir` (what workers reopen from the directory name). */
export function recordingCacheAt(dir: string): RecordingCache {
  // Entries read and module hashes taken in this process: files do not change during one plan.
  const entries = new Map<string, Entry | undefined>();
  const hashes = new Map<string, string | undefined>();
  const hashOf = (file: string) => (hashes.has(file) ? hashes.get(file) : hashes.set(file, fileHash(file)).get(file));
  const current = (key: string): Entry | undefined => {
    if (entries.has(key)) return entries.get(key);
    let entry: Entry | undefined;
    try {
      entry = JSON.parse(fs.readFileSync(path.join(dir, `${key}.json`), "utf8")) as Entry;
    } catch {
      entry = undefined;
    }
    if (entry?.format !== FORMAT || entry.key !== key || !dependenciesHold(entry.dependencies, hashOf)) entry = undefined;
    entries.set(key, entry);
    return entry;
  };
  return {
    dir,
    probe(inputs) {
      const key = keyOf(inputs);
      return key !== undefined && current(key) !== undefined;
    },
    lookup(inputs, stackOutputs) {
      const key = keyOf(inputs);
      const entry = key === undefined ? undefined : current(key);
      if (entry === undefined) return undefined;
      for (const [name, outputs] of Object.entries(entry.references ?? {})) {
        if (canonical(stackOutputs(name) ?? {}) !== canonical(outputs)) return undefined;
      }
      return entry.recording;
    },
    store(inputs, references, recording) {
      const key = keyOf(inputs);
      const dependencies = loadedDependencies();
      if (key === undefined || dependencies === undefined) return;
      const entry: Entry = { format: FORMAT, key, project: inputs.project, stack: inputs.stack, dependencies, references, recording };
      const file = path.join(dir, `${key}.json`);
      const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(temp, JSON.stringify(entry));
        fs.renameSync(temp, file); // atomic: a concurrent plan reads the old entry or the new one
        prune(dir);
      } catch {
        // A read-only checkout or a full disk only costs the next plan its shortcut.
        try {
          fs.rmSync(temp, { force: true });
        } catch {
          // nothing was written there
        }
      }
    },
  };
}

/** Undefined when the inputs carry a real secret (a `--set-secret` value): such plans are never cached. */
function keyOf(inputs: RecordingInputs): string | undefined {
  const secretKeys = [...inputs.secretKeys].sort();
  if (secretKeys.some((k) => !String(inputs.config[k] ?? "").startsWith(SECRET_PLACEHOLDER_PREFIX))) return undefined;
  const config = Object.keys(inputs.config)
    .sort()
    .map((k) => [k, inputs.config[k]]);
  return sha256(canonical({ format: FORMAT, node: process.version, project: inputs.project, stack: inputs.stack, config, secretKeys }));
}

/** Every module this thread has loaded: files by content, packages by version; undefined before the program ran. */
function loadedDependencies(): Dependencies | undefined {
  const loaded = Object.keys(require.cache);
  if (!loaded.includes(PROGRAM_MODULE)) return undefined;
  const files: Record<string, string> = {};
  const packages: Record<string, string> = {};
  for (const file of loaded) {
    const pkg = packageDir(file);
    if (pkg === undefined) files[file] = fileHash(file) ?? "missing";
    else if (!(pkg in packages)) packages[pkg] = packageVersion(pkg) ?? "unknown";
  }
  return { files, packages };
}

/** The program's entry module as require.cache names it. */
const PROGRAM_MODULE = require.resolve("../../infra/program");

function dependenciesHold(deps: Dependencies | undefined, hashOf: (file: string) => string | undefined): boolean {
  if (deps === null || typeof deps !== "object" || typeof deps.files !== "object" || typeof deps.packages !== "object") return false;
  for (const [file, hash] of Object.entries(deps.files)) if (hashOf(file) !== hash) return false;
  for (const [pkg, version] of Object.entries(deps.packages)) if (packageVersion(pkg) !== version) return false;
  return true;
}

/** `…/node_modules/@scope/name` or `…/node_modules/name` (the innermost) for a file inside a package. */
function packageDir(file: string): string | undefined {
  const parts = file.split(path.sep);
  const i = parts.lastIndexOf("node_modules");
  if (i < 0) return undefined;
  const n = parts[i + 1]?.startsWith("@") ? 3 : 2;
  return parts.slice(0, i + n).join(path.sep);
}

function packageVersion(pkg: string): string | undefined {
  try {
    const v = (JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")) as { version?: unknown }).version;
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}

function fileHash(file: string): string | undefined {
  try {
    return sha256(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}

function prune(dir: string): void {
  const entries = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(MAX_ENTRIES)) fs.rmSync(path.join(dir, f), { force: true });
}
