import { ResourceRule, benchmarks, expectValue } from "../model";
import { T } from "./types";

export const acrAnonymousPullDisabled: ResourceRule = {
  id: "acr-anonymous-pull-disabled",
  kind: "resource",
  description: "Container registries do not allow anonymous (unauthenticated) pulls.",
  benchmarks: benchmarks({ checkov: ["CKV_AZURE_138"], azurePolicy: ["9f2dea28-e834-476c-99c5-3507b4728395"] }),
  resourceTypes: [T.Registry],
  check: (r) => expectValue(r, "anonymousPullEnabled", (v) => v === undefined || v === false, "set it to false"),
};
