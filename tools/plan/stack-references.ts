/**
 * What an offline plan assumes about other stacks. The program reads the next stage's deploy
 * identity through a stack reference; offline there is no state to read, so the plan derives the
 * value the referenced stack's own offline plan gives (same names, same mocks) and records that it
 * did, so the plan output can say so.
 */
import { parseStackConfig, StackConfig } from "../../infra/config";
import { checkAppHost } from "../../infra/stack-references/app-host";
import { deliveryIdentityNames } from "../../infra/naming";
import { armId, mockIdentityPrincipalId, StackOutputsMock } from "./mocks";
import { DIY_ORGANIZATION } from "./record";
import { LoadedStack } from "./stack-files";

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
    const other = others.get(name);
    // No valid stack file to derive it from (a project holding only some stacks, or a file that is
    // itself invalid and is reported when that stack is planned): a placeholder that the
    // release-path check reports as unverified, never as a verified grant.
    const unresolved = (why: string) => {
      const value = `${UNRESOLVED_PREFIX}${name}`;
      // A host that cannot be derived has no appHosting: the program then refuses appHostStack (exit 2).
      if (cfg.hosting.shape === "slot" && cfg.hosting.hostStack === name && cfg.registry.promotionTarget !== name) {
        assumptions.push({ stackReference: reference, output: "appHosting", value: null, source: `${why}: no host to place the slot on` });
        return {};
      }
      assumptions.push({ stackReference: reference, output: "identityPrincipalIds.pipeline", value, source: `${why}: placeholder, not verifiable offline` });
      return { identityPrincipalIds: { pipeline: value, preview: value } };
    };
    if (other === undefined) return unresolved(`no Pulumi.${name}.yaml beside ${loaded.source}`);
    let otherCfg: StackConfig;
    try {
      otherCfg = parseStackConfig({ stackName: other.stack, project: other.project, source: other.source, values: other.values, secretKeys: other.secretKeys });
    } catch {
      return unresolved(`${other.source} does not validate`);
    }
    const appHosting = mockAppHosting(otherCfg);
    if (cfg.hosting.shape === "slot" && cfg.hosting.hostStack === name) {
      assumptions.push({
        stackReference: reference,
        output: "appHosting",
        value: appHosting,
        source: `the offline plan of ${other.source} (its web app and plan); in Azure it is read from stack ${name}'s outputs, which exist after its first up`,
      });
      // Read only for the host: the next stage's identity assumptions below belong to the promotion target.
      if (cfg.registry.promotionTarget !== name) return { appHosting };
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
        source: `the offline plan of ${other.source} (${ids[key as keyof typeof ids]} in ${otherCfg.names.resourceGroup}); in Azure it is read from stack ${name}'s outputs, which exist after its first up`,
      });
    }
    return { identityPrincipalIds, appHosting };
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
