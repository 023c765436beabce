import * as resources from "@pulumi/azure-native/resources";
import { StackConfig, loadStackConfig } from "./config";

/**
 * Composes the stack from its config: config → components → stack outputs. Components take typed
 * args and never read config themselves. Nothing here depends on the stack's name.
 */
export function definePlatform(cfg: StackConfig) {
  const resourceGroup = new resources.ResourceGroup("resource-group", {
    resourceGroupName: cfg.names.resourceGroup,
    location: cfg.location,
    tags: cfg.tags,
  });

  return {
    environment: cfg.environment,
    tier: cfg.tier,
    location: cfg.location,
    resourceGroupName: resourceGroup.name,
    resourceGroupId: resourceGroup.id,
    azureNames: cfg.names,
  };
}

/** The whole program: what `pulumi up` runs (via index.ts) and what `delivery plan` runs under mocks. */
export function runProgram() {
  return definePlatform(loadStackConfig());
}
