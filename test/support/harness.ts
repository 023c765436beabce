import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../tools/cli";
import { ExitCode } from "../../tools/exit-codes";
import { Io } from "../../tools/io";
import { InvokeMock } from "../../tools/plan/mocks";
import { RecordedResource, Recording, recordUnderMocks } from "../../tools/plan/record";

export type { RecordedResource } from "../../tools/plan/record";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const PROJECT = "pinecone-delivery";

export interface Recorded extends Recording {
  /** Resources of a type, in registration order. */
  ofType(type: string): RecordedResource[];
  /** The one resource of a type (and name); fails the test when there are none or several. */
  one(type: string, name?: string): RecordedResource;
  /** True when the input at `path` (or a container of it) was a secret. */
  isSecretAt(resource: RecordedResource, path: string): boolean;
}

export interface HarnessOptions {
  readonly stack?: string;
  readonly config?: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  readonly invokes?: Record<string, InvokeMock>;
}

/**
 * Runs `build` (the whole program or a single component) under Pulumi mocks and returns what the
 * engine would have received: type, name, parent, inputs (secrets masked), protect,
 * ignoreChanges, dependsOn, provider, version; plus stack outputs and invokes.
 */
export async function recordResources(
  build: () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
  options: HarnessOptions = {},
): Promise<Recorded> {
  const recording = await recordUnderMocks(
    { project: PROJECT, stack: options.stack ?? "test", config: options.config, secretKeys: options.secretKeys, invokes: options.invokes },
    build,
  );
  const ofType = (type: string) => recording.resources.filter((r) => r.type === type);
  return {
    ...recording,
    ofType,
    one(type, name) {
      const found = ofType(type).filter((r) => name === undefined || r.name === name);
      if (found.length !== 1) {
        throw new Error(`expected exactly one ${type}${name ? ` named ${name}` : ""}; found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
      }
      return found[0];
    },
    isSecretAt(resource, p) {
      return resource.secretPaths.some((s) => p === s || p.startsWith(`${s}.`) || p.startsWith(`${s}[`));
    },
  };
}

export interface CliResult {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `delivery …` in-process and captures what it printed. */
export async function runCli(argv: readonly string[], cwd = REPO_ROOT, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const io: Io = { cwd, env, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** A throwaway project directory with this repo's Pulumi.yaml and the given stack files. */
export function tempProject(stackFiles: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pinecone-plan-"));
  fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (const [stack, text] of Object.entries(stackFiles)) fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
  return dir;
}

export function readStackFile(stack: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8");
}
