import * as pulumi from "@pulumi/pulumi";
import { createMocks, InvokeMock, StackOutputsMock } from "./mocks";

/** One resource as the Pulumi engine would have received it. */
export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  /** Logical (Pulumi) name. */
  readonly name: string;
  readonly custom: boolean;
  /** URN of the parent; undefined only for the stack itself. */
  readonly parent: string | undefined;
  /** Inputs with every secret replaced by "[secret]". */
  readonly inputs: Record<string, unknown>;
  /** Property paths whose values were secret (after the SDK pushed secretness up to containers). */
  readonly secretPaths: readonly string[];
  readonly protect: boolean;
  readonly ignoreChanges: readonly string[];
  /** URNs of explicit `dependsOn` resources (dependencies not implied by inputs). */
  readonly dependsOn: readonly string[];
  /** URNs each top-level input was computed from (the engine's property dependencies), as CrossGuard sees them. */
  readonly references: Readonly<Record<string, readonly string[]>>;
  readonly provider: string | undefined;
  readonly version: string | undefined;
}

export interface RecordedInvoke {
  readonly token: string;
  readonly args: Record<string, unknown>;
  readonly version: string | undefined;
}

export interface Recording {
  readonly resources: readonly RecordedResource[];
  /** Stack outputs, secrets masked. */
  readonly outputs: Record<string, unknown>;
  /** Stack output names whose values are secret. */
  readonly secretOutputs: readonly string[];
  readonly invokes: readonly RecordedInvoke[];
  /** What the program and the SDK printed as warnings (`pulumi.log.warn` under mocks), in order. */
  readonly warnings: readonly string[];
}

export interface RecordOptions {
  readonly project: string;
  readonly stack: string;
  /** Config as the engine passes it: namespaced keys, string values. */
  readonly config?: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  readonly invokes?: Record<string, InvokeMock>;
  /** Outputs of referenced stacks (`pulumi.StackReference`). Default: none. */
  readonly stackOutputs?: StackOutputsMock;
}

export const SECRET_MASK = "[secret]";
/** The organization a self-managed (azblob) backend gives every stack: stack references read `organization/<project>/<stack>`. */
export const DIY_ORGANIZATION = "organization";

// The wire markers of the Pulumi RPC protocol; the mock monitor hands us deserialized values
// that still carry them, which is how a secret nested in an input is told apart.
const rpc = require("@pulumi/pulumi/runtime/rpc") as { specialSigKey: string; specialSecretSig: string; deserializeProperties(s: unknown): Record<string, unknown> };
const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): MonitorLike; waitForRPCs(): Promise<void> };

/**
 * For every resource the SDK captures the whole call stack (`Error.stackTraceLimit = Infinity`)
 * and turns each frame into a file URL, to send the engine the resource's source position. Under
 * mocks nothing reads it (the mock monitor drops it), and it was the largest per-resource cost of
 * an offline plan, so recording skips it. Only this module (offline plans and tests) does this;
 * the Pulumi program's own entry never loads it.
 */
function skipSourcePositions(): void {
  const resource = pulumi.Resource as unknown as { stackTrace?: (skip: number) => unknown[] };
  if (typeof resource.stackTrace === "function") resource.stackTrace = () => [];
}
skipSourcePositions();

interface MonitorLike {
  registerResource(req: RegisterRequest, cb: (err: unknown, res: { getUrn(): string } | undefined) => void): void;
  registerResourceOutputs(req: { getUrn(): string; getOutputs(): unknown }, cb: (err: unknown, res: unknown) => void): void;
  invoke(req: { getTok(): string; getArgs(): unknown; getVersion(): string }, cb: (err: unknown, res: unknown) => void): void;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): unknown;
  getProtect(): boolean | undefined;
  getIgnorechangesList(): string[];
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
  getProvider(): string;
  getVersion(): string;
}

/**
 * Runs `body` as a Pulumi program under mocks and records what the engine would receive: every
 * resource registration (type, name, parent, inputs, options) and the stack outputs. Used by
 * `delivery plan` and by the tests.
 */
export async function recordUnderMocks(
  options: RecordOptions,
  body: () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
): Promise<Recording> {
  await pulumi.runtime.setMocks(createMocks(options.invokes, options.stackOutputs), options.project, options.stack, true, DIY_ORGANIZATION);
  pulumi.runtime.setAllConfig({ ...(options.config ?? {}) }, [...(options.secretKeys ?? [])]);

  const resources: RecordedResource[] = [];
  const invokes: RecordedInvoke[] = [];
  let stackOutputs: Record<string, unknown> = {};
  const monitor = settings.getMonitor();

  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) =>
    registerResource(req, (err, res) => {
      if (!err && res) resources.push(toRecord(req, res.getUrn()));
      cb(err, res);
    });
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, cb) => {
    if (req.getUrn().endsWith("::pulumi:pulumi:Stack::" + `${options.project}-${options.stack}`)) {
      stackOutputs = rpc.deserializeProperties(req.getOutputs());
    }
    registerOutputs(req, cb);
  };
  const invoke = monitor.invoke.bind(monitor);
  monitor.invoke = (req, cb) => {
    invokes.push({ token: req.getTok(), args: mask(rpc.deserializeProperties(req.getArgs()), "", []) as Record<string, unknown>, version: req.getVersion() || undefined });
    invoke(req, cb);
  };

  // An error thrown inside an apply (e.g. a component's check of an output value) surfaces as an
  // unhandled rejection; the Pulumi engine would fail the update, so the recording fails too.
  const asyncErrors: unknown[] = [];
  const onRejection = (reason: unknown) => void asyncErrors.push(reason);
  process.on("unhandledRejection", onRejection);
  // Without an engine, the SDK prints warnings with console.warn; they are kept with the recording.
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(" "));
    warn(...args);
  };
  try {
    await pulumi.runtime.runInPulumiStack(async () => ((await body()) ?? {}) as Record<string, unknown>);
    await settings.waitForRPCs();
    // Let rejections of the last settled promises reach the handler.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("unhandledRejection", onRejection);
    console.warn = warn;
  }
  if (asyncErrors.length > 0) throw asyncErrors[0];

  const secretOutputs: string[] = [];
  const outputs = mask(stackOutputs, "", secretOutputs) as Record<string, unknown>;
  return { resources, outputs, secretOutputs, invokes, warnings };
}

function toRecord(req: RegisterRequest, urn: string): RecordedResource {
  const secretPaths: string[] = [];
  const inputs = mask(rpc.deserializeProperties(req.getObject()), "", secretPaths) as Record<string, unknown>;
  const implied = new Set<string>();
  const references: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    references[key] = deps.getUrnsList();
    deps.getUrnsList().forEach((u) => implied.add(u));
  });
  return {
    urn,
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    parent: req.getParent() || undefined,
    inputs,
    secretPaths,
    protect: req.getProtect() === true,
    ignoreChanges: req.getIgnorechangesList(),
    dependsOn: req.getDependenciesList().filter((u) => !implied.has(u)),
    references,
    provider: req.getProvider() || undefined,
    version: req.getVersion() || undefined,
  };
}

/** Copies a deserialized value, replacing secrets with the mask and noting where they were. */
function mask(value: unknown, path: string, secretPaths: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => mask(v, `${path}[${i}]`, secretPaths));
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o[rpc.specialSigKey] === rpc.specialSecretSig) {
      secretPaths.push(path || "(root)");
      return SECRET_MASK;
    }
    if (pulumi.Resource.isInstance(value)) return `[resource ${(value as { __name?: string }).__name ?? ""}]`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = mask(v, path ? `${path}.${k}` : k, secretPaths);
    return out;
  }
  return value;
}
