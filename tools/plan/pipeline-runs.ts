/**
 * The pipelines' own release paths, read from this repository's YAML: which file binds which
 * environment and service connection, which template it extends (path and ref) and which ref its
 * runs come from. A typed reading of the files; the verdicts are policy/release-paths/evaluate.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { PIPELINE_DEFINITIONS, PipelineKey } from "../../infra/delivery/devops-names";
import { PipelineRun } from "../../policy/release-paths/evaluate";
import { CliError } from "../errors";
import { parseYaml } from "../read-yaml";

/** The example application pipeline and the definition name its header tells users to create. */
export const EXAMPLE_APPLICATION_PIPELINE = { file: "pipelines/examples/azure-pipelines.yml", definitionName: "pinecone-app-example" } as const;
/** The pipeline the build-validation policy runs: its runs come from pull-request merge refs. */
const PULL_REQUEST_PIPELINES: readonly PipelineKey[] = ["infraPreview"];
const PULL_REQUEST_REF = "refs/pull/1/merge";
const MAIN = "refs/heads/main";

type Node = Record<string, unknown>;
const isExpression = (v: string) => v.includes("${{") || v.includes("$(") || v.includes("$[");

/**
 * Parsed pipeline files by path and text: `delivery plan --all` judges every stack against the same
 * YAML, and parsing it is most of the check's cost. Keyed by the text, so an edited file is parsed again.
 */
const parsed = new Map<string, { readonly text: string; readonly doc: Node }>();

function readYaml(root: string, rel: string): Node {
  const file = path.join(root, rel);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new CliError(`release paths: ${rel} does not exist under ${root}; expected the pipeline file or template it names.`);
  }
  const cached = parsed.get(file);
  if (cached?.text === text) return cached.doc;
  const result = parseYaml(text);
  if (!result.ok) {
    const where = result.line !== undefined ? ` at line ${result.line}, column ${result.column}` : "";
    throw new CliError(`release paths: ${rel} is not valid YAML${where} (${result.reason}); expected a pipeline or template.`);
  }
  const doc = (result.value ?? {}) as Node;
  parsed.set(file, { text, doc });
  return doc;
}

/** Every mapping in a document, depth first. */
function mappings(v: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(v)) v.forEach((x) => mappings(x, out));
  else if (v !== null && typeof v === "object") {
    out.push(v as Node);
    Object.values(v as Node).forEach((x) => mappings(x, out));
  }
  return out;
}

const literal = (v: unknown) => (typeof v === "string" && !isExpression(v) ? v : undefined);

/** Resolves a template reference: `x.yml` relative to the including file, `x.yml@alias` in the aliased repository (this one only). */
function templatePath(from: string, ref: string, selfAliases: ReadonlySet<string>): string | undefined {
  const [p, alias] = ref.split("@");
  if (alias !== undefined && alias !== "self" && !selfAliases.has(alias)) return undefined;
  return alias !== undefined ? p.replace(/^\//, "") : path.posix.join(path.posix.dirname(from), p);
}

/** Bindings of a pipeline file and of every template of this repository it includes. */
function bindings(root: string, file: string, selfAliases: ReadonlySet<string>, seen = new Set<string>()): { environment?: string; serviceConnection?: string }[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const doc = readYaml(root, file);
  const out: { environment?: string; serviceConnection?: string }[] = [];
  for (const m of mappings(doc)) {
    const params = (m.parameters && typeof m.parameters === "object" && !Array.isArray(m.parameters) ? m.parameters : {}) as Node;
    const environment = literal(params.environment) ?? (typeof m.environment === "string" && "name" in m && "type" in m ? undefined : literal(m.environment));
    const serviceConnection = literal(params.serviceConnection) ?? literal(m.azureSubscription);
    if (environment || serviceConnection) out.push({ ...(environment ? { environment } : {}), ...(serviceConnection ? { serviceConnection } : {}) });
    const t = literal(m.template);
    const next = t && t.split("@")[0].endsWith(".yml") ? templatePath(file, t, selfAliases) : undefined;
    if (next) out.push(...bindings(root, next, selfAliases, seen));
  }
  return out;
}

/** The repository aliases that name this repository (by its repository name), with their refs. */
function selfRepositories(doc: Node, infraRepository: string): Map<string, string> {
  const repos = ((doc.resources as Node | undefined)?.repositories ?? []) as Node[];
  return new Map(
    repos
      .filter((r) => typeof r.name === "string" && (r.name as string).split("/").pop() === infraRepository)
      .map((r) => [String(r.repository), literal(r.ref) ?? MAIN]),
  );
}

function readRun(root: string, file: string, runRef: string, pipelineId: number | undefined, infraRepository: string): PipelineRun {
  const doc = readYaml(root, file);
  const selfRepos = selfRepositories(doc, infraRepository);
  const ext = literal((doc.extends as Node | undefined)?.template);
  let extendsTemplate: PipelineRun["extendsTemplate"];
  if (ext) {
    const [p, alias] = ext.split("@");
    extendsTemplate =
      alias === undefined || alias === "self"
        ? { path: path.posix.join(path.posix.dirname(file), p), ref: runRef }
        : { path: p.replace(/^\//, ""), ref: selfRepos.get(alias) ?? `(repository ${alias})` };
  }
  return { file, pipelineId, runRef, ...(extendsTemplate ? { extendsTemplate } : {}), bindings: bindings(root, file, new Set(selfRepos.keys())) };
}

const numeric = (v: unknown) => (v === undefined || v === null || v === "" || Number.isNaN(Number(v)) ? undefined : Number(v));

/**
 * The runs of this repository's pipelines and of the example application pipeline, with the build
 * definition ids the stack's outputs give them.
 */
export function readPipelineRuns(root: string, outputs: Record<string, unknown>, infraRepository: string): PipelineRun[] {
  const devops = (outputs.devops ?? {}) as { pipelineIds?: Record<string, unknown>; applicationPipelineIds?: Record<string, unknown> };
  const runs = (Object.keys(PIPELINE_DEFINITIONS) as PipelineKey[]).map((key) =>
    readRun(root, PIPELINE_DEFINITIONS[key].path, PULL_REQUEST_PIPELINES.includes(key) ? PULL_REQUEST_REF : MAIN, numeric(devops.pipelineIds?.[key]), infraRepository),
  );
  if (fs.existsSync(path.join(root, EXAMPLE_APPLICATION_PIPELINE.file))) {
    runs.push(readRun(root, EXAMPLE_APPLICATION_PIPELINE.file, MAIN, numeric(devops.applicationPipelineIds?.[EXAMPLE_APPLICATION_PIPELINE.definitionName]), infraRepository));
  }
  return runs;
}
