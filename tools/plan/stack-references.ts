/**
 * What an offline plan assumes about other stacks. The program reads the next stage's deploy
 * identity and (private stacks) the previous stage's bootstrap image through stack references;
 * offline there is no state to read, so the plan derives the value the referenced stack's own
 * offline plan gives (same names, same mocks) and records that it did, so the plan output can say so.
 */
import { parseStackConfig, StackConfig } from "../../infra/config";
import { checkAppHost } from "../../infra/stack-references/app-host";
import { deliveryIdentityNames } from "../../infra/naming";
import { DEFAULT_BOOTSTRAP_PORT, DEFAULT_BOOTSTRAP_TAG } from "../../infra/platform/bootstrap-defaults";
import { armId, DEFAULT_INVOKES, mockIdentityPrincipalId, StackOutputsMock } from "./mocks";
import { DIY_ORGANIZATION } from "./record";
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
    // Each reference gets only what the program reads from it (the next stage's and slot guests'
    // deploy identities, the previous stage's bootstrap image, the host's web app), so an
    // assumption names the stack it is about.
    return {
      ...(name === cfg.registry.promotionTarget || cfg.slotGuests.includes(name) ? targetOutputs(reference, name, loaded, others, assumptions) : {}),
      ...(cfg.hosting.shape === "slot" && cfg.hosting.hostStack === name ? hostOutputs(reference, name, loaded, others, assumptions) : {}),
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

/** appHosting of the host of a slot-shaped stack, as its own offline plan gives it. */
function hostOutputs(reference: string, name: string, loaded: LoadedStack, others: ReadonlyMap<string, LoadedStack>, assumptions: StackAssumption[]) {
  const otherCfg = otherConfig(name, loaded, others);
  if (typeof otherCfg === "string") {
    // A host that cannot be derived has no appHosting: the program then refuses appHostStack (exit 2).
    assumptions.push({ stackReference: reference, output: "appHosting", value: null, source: `${otherCfg}: no host to place the slot on` });
    return {};
  }
  const appHosting = mockAppHosting(otherCfg);
  assumptions.push({
    stackReference: reference,
    output: "appHosting",
    value: appHosting,
    source: `the offline plan of ${others.get(name)?.source} (its web app and plan); in Azure it is read from stack ${name}'s outputs, which exist after its first up`,
  });
  return { appHosting };
}

/** identityPrincipalIds of the next stage or of a slot guest, as its own offline plan gives them. */
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

/** The `appHosting` output the other stack's offline plan gives (infra/program.ts), from its config and the mocks' ids. */
export function mockAppHosting(other: StackConfig): Record<string, unknown> {
  if (other.hosting.shape === "slot") return { shape: "slot", hostStack: other.hosting.hostStack, slotName: other.hosting.slotName };
  const resourceGroupName = other.names.resourceGroup;
  return {
    shape: "own-plan",
    resourceGroupName,
    location: other.location,
    webAppName: other.names.webApp,
    planId: armId("azure-native:web:AppServicePlan", { resourceGroupName }, other.names.appServicePlan),
    stagingSlotName: other.appService.stagingSlotName,
    guests: [...other.slotGuests],
  };
}

/**
 * Slot shape: the host's `appHosting` as its offline plan gives it, checked by the program's own
 * rule (checkAppHost) before planning; throws the ConfigError the program would raise.
 */
export function checkAppHostOffline(cfg: StackConfig, others: ReadonlyMap<string, LoadedStack>): void {
  if (cfg.hosting.shape !== "slot") return;
  const name = cfg.hosting.hostStack;
  const other = others.get(name);
  let outputs: Record<string, unknown> | undefined;
  if (other !== undefined) {
    try {
      outputs = mockAppHosting(parseStackConfig({ stackName: other.stack, project: other.project, source: other.source, values: other.values, secretKeys: other.secretKeys }));
    } catch {
      outputs = undefined; // the host's own file is invalid: reported when that stack is planned
    }
  }
  checkAppHost(cfg, cfg.hosting, `${DIY_ORGANIZATION}/${cfg.project}/${name}`, outputs);
}
