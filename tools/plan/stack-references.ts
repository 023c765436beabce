/**
 * What an offline plan assumes about other stacks. The program reads the next stage's deploy
 * identity and (private stacks) the previous stage's bootstrap image through stack references;
 * offline there is no state to read, so the plan derives the value the referenced stack's own
 * offline plan gives (same names, same mocks) and records that it did, so the plan output can say so.
 */
import { parseStackConfig, StackConfig } from "../../infra/config";
import { deliveryIdentityNames } from "../../infra/naming";
import { DEFAULT_BOOTSTRAP_PORT, DEFAULT_BOOTSTRAP_TAG } from "../../infra/platform/bootstrap-defaults";
import { armId, DEFAULT_INVOKES, mockIdentityPrincipalId, StackOutputsMock } from "./mocks";
import { LoadedStack } from "./stack-files";
import type { ReleasePathFacts } from "../../policy/release-paths/facts";

/** Prefix of a placeholder principal id for a referenced stack with no stack file. */
export const UNRESOLVED_PREFIX = "unresolved-stack-reference:";

export interface StackAssumption {
  /** Fully qualified stack reference, e.g. organization/pinecone-delivery/qa. */
  readonly stackReference: string;
  /** Output path read, e.g. identityPrincipalIds.pipeline. */
  readonly output: string;
  readonly value: unknown;
  /** Where the value came from. */
  readonly source: string;
}

/** Stack-reference outputs for the plan of `loaded`, from the other stack files; records each use. */
export function assumedStackOutputs(
  loaded: LoadedStack,
  cfg: StackConfig,
  others: ReadonlyMap<string, LoadedStack>,
  assumptions: StackAssumption[],
): StackOutputsMock {
  return (reference) => {
    const name = reference.split("/").pop() ?? reference;
    // Each reference gets only what the program reads from it (the next stage's deploy identity,
    // the previous stage's bootstrap image), so an assumption names the stack it is about.
    return {
      ...(name === cfg.registry.promotionTarget ? targetOutputs(reference, name, loaded, others, assumptions) : {}),
      ...(name === cfg.registry.promotionSource && cfg.network.private ? { bootstrapImage: sourceBootstrapImage(reference, name, cfg.appService.imageRepository, loaded, others, assumptions) } : {}),
    };
  };
}

/** The other stack's validated config, or why there is none (no file, or a file that is itself invalid and reported when that stack is planned). */
function otherConfig(name: string, loaded: LoadedStack, others: ReadonlyMap<string, LoadedStack>): StackConfig | string {
  const other = others.get(name);
  if (other === undefined) return `no Pulumi.${name}.yaml beside ${loaded.source}`;
  try {
    return parseStackConfig({ stackName: other.stack, project: other.project, source: other.source, values: other.values, secretKeys: other.secretKeys });
  } catch {
    return `${other.source} does not validate`;
  }
}

/** identityPrincipalIds of the next stage, as its own offline plan gives them. */
function targetOutputs(reference: string, name: string, loaded: LoadedStack, others: ReadonlyMap<string, LoadedStack>, assumptions: StackAssumption[]) {
  const otherCfg = otherConfig(name, loaded, others);
  if (typeof otherCfg === "string") {
    // A placeholder that the release-path check reports as unverified, never as a verified grant.
    const value = `${UNRESOLVED_PREFIX}${name}`;
    assumptions.push({ stackReference: reference, output: "identityPrincipalIds.pipeline", value, source: `${otherCfg}: placeholder, not verifiable offline` });
    return { identityPrincipalIds: { pipeline: value, preview: value } };
  }
  const ids = deliveryIdentityNames(otherCfg.values.workload, otherCfg.environment);
  const identityPrincipalIds = {
    pipeline: mockIdentityPrincipalId(otherCfg.names.resourceGroup, ids.pipeline),
    preview: mockIdentityPrincipalId(otherCfg.names.resourceGroup, ids.preview),
  };
  for (const [key, value] of Object.entries(identityPrincipalIds)) {
    assumptions.push({
      stackReference: reference,
      output: `identityPrincipalIds.${key}`,
      value,
      source: `the offline plan of ${others.get(name)?.source} (${ids[key as keyof typeof ids]} in ${otherCfg.names.resourceGroup}); in Azure it is read from stack ${name}'s outputs, which exist after its first up`,
    });
  }
  return { identityPrincipalIds };
}

/** Output `bootstrapImage` of a stack, as its offline plan gives it. */
export interface AssumedBootstrapImage {
  readonly registryId: string;
  readonly repository: string;
  readonly digest: string;
  readonly port: number;
}

/**
 * The previous stage's output bootstrapImage, as its own offline plan gives it: its registry's id,
 * and the digest it builds (the docker mock's answer for its tag) or, when it is private itself,
 * imports from its own source (followed down the chain).
 */
function sourceBootstrapImage(reference: string, name: string, ownRepository: string, loaded: LoadedStack, others: ReadonlyMap<string, LoadedStack>, assumptions: StackAssumption[]): AssumedBootstrapImage {
  const derived = derivedBootstrapImage(name, loaded, others, []);
  if (typeof derived === "string") {
    // The program fails on an incomplete output; a lone stack file still plans, on a placeholder
    // that names itself.
    const value = {
      registryId: `/subscriptions/${UNRESOLVED_PREFIX.replace(/:$/, "")}/resourceGroups/${name}/providers/Microsoft.ContainerRegistry/registries/unresolved`,
      repository: ownRepository,
      digest: `sha256:${"0".repeat(64)}`,
      port: DEFAULT_BOOTSTRAP_PORT,
    };
    assumptions.push({ stackReference: reference, output: "bootstrapImage", value, source: `${derived}: placeholder, not verifiable offline` });
    return value;
  }
  assumptions.push({
    stackReference: reference,
    output: "bootstrapImage",
    value: derived.image,
    source: `the offline plan of ${derived.via.join(" ← ")}; in Azure it is read from stack ${name}'s outputs, which exist after its first up`,
  });
  return derived.image;
}

function derivedBootstrapImage(
  name: string,
  loaded: LoadedStack,
  others: ReadonlyMap<string, LoadedStack>,
  seen: readonly string[],
): { image: AssumedBootstrapImage; via: string[] } | string {
  if (seen.includes(name)) return `registryPromotionSource forms a cycle (${[...seen, name].join(" → ")})`;
  const otherCfg = otherConfig(name, loaded, others);
  if (typeof otherCfg === "string") return otherCfg;
  const source = others.get(name)?.source ?? name;
  const registryId = armId("azure-native:containerregistry:Registry", { resourceGroupName: otherCfg.names.resourceGroup }, otherCfg.names.registry);
  const repository = otherCfg.appService.imageRepository;
  if (otherCfg.network.private && otherCfg.registry.promotionSource !== undefined) {
    const upstream = derivedBootstrapImage(otherCfg.registry.promotionSource, loaded, others, [...seen, name]);
    if (typeof upstream === "string") return upstream;
    return { image: { registryId, repository, digest: upstream.image.digest, port: upstream.image.port }, via: [source, ...upstream.via] };
  }
  // BootstrapImage reads the pushed tag's digest back; offline, the docker mock answers for that tag.
  const imageName = `${otherCfg.names.registry}.azurecr.io/${repository}:${DEFAULT_BOOTSTRAP_TAG}`;
  const digest = String(DEFAULT_INVOKES["docker:index/getRegistryImage:getRegistryImage"]({ name: imageName }).sha256Digest);
  return { image: { registryId, repository, digest, port: DEFAULT_BOOTSTRAP_PORT }, via: [source] };
}

/**
 * The release-path fact about the stack a private stack imports its bootstrap image from, read from
 * that stack's file: its program grants this stack's deploy identity the importer role when its
 * registryPromotionTarget names this stack, and its registry exports when registryIsPromotionSource.
 */
export function previousStageFacts(loaded: LoadedStack, cfg: StackConfig, others: ReadonlyMap<string, LoadedStack>): ReleasePathFacts["previousStage"] {
  const name = cfg.registry.promotionSource;
  if (!cfg.network.private || name === undefined) return undefined;
  const otherCfg = otherConfig(name, loaded, others);
  if (typeof otherCfg === "string") return { stack: name, grantsImport: false, exportEnabled: false, assumed: `${otherCfg}: not verifiable offline`, verifiable: false };
  return {
    stack: name,
    grantsImport: otherCfg.registry.promotionTarget === loaded.stack,
    exportEnabled: otherCfg.registry.isPromotionSource,
    assumed: `from ${others.get(name)?.source}: registryPromotionTarget ${otherCfg.registry.promotionTarget ?? "none"}, registryIsPromotionSource ${otherCfg.registry.isPromotionSource}`,
    verifiable: true,
  };
}
