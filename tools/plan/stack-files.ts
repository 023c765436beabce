import * as fs from "fs";
import * as path from "path";
import { CliError } from "../errors";
import { parseYaml } from "../read-yaml";

/** A stack file turned into what the Pulumi engine would pass the program. */
export interface LoadedStack {
  readonly stack: string;
  readonly project: string;
  /** File name relative to the project root, e.g. Pulumi.prod.yaml. */
  readonly source: string;
  readonly values: Record<string, string>;
  readonly secretKeys: Set<string>;
  /** Project root the file was read from (the pipelines' YAML is read from there too). */
  readonly root?: string;
}

export interface ConfigOverride {
  readonly key: string;
  readonly value: string;
  readonly secret: boolean;
}

/** Prefix of the value a `secure:` entry gets in an offline plan; it never appears in output. */
export const SECRET_PLACEHOLDER_PREFIX = "offline-plan-placeholder:";

/** The directory holding Pulumi.yaml: `start` or its nearest ancestor. */
export function findProjectRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) {
      throw new CliError(`No Pulumi.yaml found in ${path.resolve(start)} or any parent directory; expected to run inside the pinecone-delivery project.`);
    }
  }
}

type YamlMapping = Record<string, unknown>;
const isMapping = (v: unknown): v is YamlMapping => v !== null && typeof v === "object" && !Array.isArray(v);

function readYaml(file: string, label: string): YamlMapping {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(`Cannot read ${label}: ${(err as Error).message}.`);
  }
  const doc = parseYaml(text);
  if (!doc.ok) {
    const where = doc.line !== undefined ? ` at line ${doc.line}, column ${doc.column}` : "";
    throw new CliError(`${label} is not valid YAML${where}: ${doc.reason}. Expected a YAML mapping as \`pulumi config set\` writes it.`);
  }
  if (doc.value !== null && !isMapping(doc.value)) {
    throw new CliError(`${label} must be a YAML mapping with a config: section; found a ${Array.isArray(doc.value) ? "list" : "scalar"} at the top level.`);
  }
  return doc.value ?? {};
}

const projectNames = new Map<string, string>();

/** The project name from Pulumi.yaml, parsed once per project root. */
export function readProjectName(root: string): string {
  const cached = projectNames.get(root);
  if (cached !== undefined) return cached;
  const file = path.join(root, "Pulumi.yaml");
  // A top-level `name: <plain word>` line is read without parsing the whole file (most of it is
  // the generated config declarations, and parsing it was a tenth of a plan's start-up);
  // anything else (quoted, commented, missing) goes through the YAML parser and its errors.
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    text = undefined; // readYaml reports it
  }
  const plain = text === undefined ? undefined : /^name:[ \t]*([A-Za-z0-9_.-]+)[ \t]*\r?$/m.exec(text)?.[1];
  const project = plain ?? readYaml(file, "Pulumi.yaml").name;
  if (typeof project !== "string" || project.length === 0) {
    throw new CliError(`Pulumi.yaml has no project name; expected a non-empty string under name:, found ${JSON.stringify(project ?? null)}.`);
  }
  projectNames.set(root, project);
  return project;
}

/** Stack names that have a Pulumi.<stack>.yaml in the project root, sorted. */
export function listStacks(root: string): string[] {
  return fs
    .readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

function stackFile(root: string, stack: string): string {
  for (const ext of ["yaml", "yml"]) {
    const f = path.join(root, `Pulumi.${stack}.${ext}`);
    if (fs.existsSync(f)) return f;
  }
  const known = listStacks(root);
  throw new CliError(
    `No stack file for stack "${stack}": expected Pulumi.${stack}.yaml in ${root}; found stacks: ${known.length ? known.join(", ") : "none"}.`,
  );
}

/**
 * Reads a stack file as the engine would pass it: top-level values as strings (lists and maps as
 * JSON), `secure:` values replaced by a placeholder and their keys marked secret.
 */
export function loadStack(root: string, stack: string, overrides: readonly ConfigOverride[] = []): LoadedStack {
  const project = readProjectName(root);
  const file = stackFile(root, stack);
  const source = path.basename(file);
  const config = readYaml(file, source).config;
  if (config !== undefined && config !== null && !isMapping(config)) {
    throw new CliError(`${source}: config must be a mapping of <namespace>:<key> to values; found ${Array.isArray(config) ? "a list" : "a scalar"}.`);
  }
  const values: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [key, node] of Object.entries(config ?? {})) {
    const { value, secret } = engineValue(node, key);
    values[key] = value;
    if (secret) secretKeys.add(key);
  }
  for (const o of overrides) {
    const key = o.key.includes(":") ? o.key : `${project}:${o.key}`;
    values[key] = o.value;
    if (o.secret) secretKeys.add(key);
    else secretKeys.delete(key);
  }
  return { stack, project, source, values, secretKeys, root };
}

/** `{ secure: … }` anywhere inside a value makes the whole key secret, as in the Pulumi engine. */
function engineValue(node: unknown, key: string): { value: string; secret: boolean } {
  let secret = false;
  const toJs = (n: unknown): unknown => {
    if (isMapping(n)) {
      const keys = Object.keys(n);
      if (keys.length === 1 && keys[0] === "secure") {
        secret = true;
        return `${SECRET_PLACEHOLDER_PREFIX}${key}`;
      }
      return Object.fromEntries(keys.map((k) => [k, toJs(n[k])]));
    }
    if (Array.isArray(n)) return n.map(toJs);
    return n ?? null;
  };
  const js = toJs(node);
  const value = js !== null && typeof js === "object" ? JSON.stringify(js) : js === null ? "" : String(js);
  return { value, secret };
}

/** Parses `key=value` from --set / --set-secret. */
export function parseOverride(spec: string, secret: boolean): ConfigOverride {
  const eq = spec.indexOf("=");
  const flag = secret ? "--set-secret" : "--set";
  if (eq <= 0) {
    throw new CliError(`${flag} ${secret ? "(value hidden)" : JSON.stringify(spec)}: expected key=value (the key as \`pulumi config set\` takes it, with or without the namespace: prefix); found no key before an "=".`);
  }
  return { key: spec.slice(0, eq).trim(), value: spec.slice(eq + 1), secret };
}
