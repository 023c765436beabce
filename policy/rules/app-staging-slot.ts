import { StackRule, benchmarks, ofType, slotName } from "../model";
import { slotsOf } from "./links";
import { T } from "./types";

export const appStagingSlot: StackRule = {
  id: "app-staging-slot",
  kind: "stack",
  description: "Every App Service app has the staging slot releases deploy to and swap from.",
  benchmarks: benchmarks({}),
  check: (resources, ctx) =>
    ofType(resources, T.WebApp)
      .filter((app) => !slotsOf(resources, app).some((s) => slotName(s) === ctx.stagingSlotName))
      .map((app) => {
        const others = slotsOf(resources, app).map((s) => JSON.stringify(slotName(s) ?? s.name));
        return {
          resource: app,
          detail: `has ${others.length === 0 ? "no slot" : `slots ${others.join(", ")} but none`} named "${ctx.stagingSlotName}"; add a WebAppSlot with slot: "${ctx.stagingSlotName}"`,
        };
      }),
};
