/**
 * Read-only YAML for the plan's hot path (stack files, pipeline files): js-yaml, which parses the
 * pipelines about three times faster than `yaml` and loads in a quarter of the time (measured:
 * `npm run bench:plan`). The core schema, like `yaml`'s YAML 1.2 default, so dates, `yes`/`no` and
 * `<<` stay plain strings, as Azure Pipelines and `pulumi config` read them. `yaml` stays where a
 * document is rewritten with its comments (config-docs, tests).
 */
import { CORE_SCHEMA, load, YAMLException } from "js-yaml";

export type YamlResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly line?: number; readonly column?: number; readonly reason: string };

/** Parses one YAML document; a syntax error comes back with its 1-based line and column. */
export function parseYaml(text: string): YamlResult {
  try {
    return { ok: true, value: load(text, { schema: CORE_SCHEMA }) ?? null };
  } catch (err) {
    if (err instanceof YAMLException) {
      const mark = err.mark;
      return { ok: false, reason: err.reason ?? err.message.split("\n")[0], ...(mark ? { line: mark.line + 1, column: mark.column + 1 } : {}) };
    }
    return { ok: false, reason: err instanceof Error ? err.message.split("\n")[0] : String(err) };
  }
}
