import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import type * as inputs from "@pulumi/azure-native/types/input";

/** Instance bounds and scale thresholds of the plan. Plain numbers: they are checked before any child is created. */
export interface AutoscaleArgs {
  /** Fewest instances. Default: 1. */
  readonly minimum?: number;
  /** Most instances. Default: 3. */
  readonly maximum?: number;
  /** Instances when metrics are unavailable, and the plan's initial capacity. Default: `minimum`. */
  readonly default?: number;
  /** Average plan CPU (%) above which one instance is added. Default: 70. */
  readonly cpuScaleOutPercent?: number;
  /** Average plan CPU (%) below which one instance is removed; must be below `cpuScaleOutPercent`. Default: 30. */
  readonly cpuScaleInPercent?: number;
  /** Average HTTP queue length above which one instance is added. Default: 100. */
  readonly httpQueueScaleOut?: number;
}

export type ResolvedAutoscale = Required<AutoscaleArgs>;

// The same defaults as the stack config fields (infra/stack-config/fields.ts), so a component
// built without them behaves like a stack that sets nothing.
export function resolveAutoscale(a: AutoscaleArgs = {}): ResolvedAutoscale {
  const minimum = a.minimum ?? 1;
  return {
    minimum,
    maximum: a.maximum ?? 3,
    default: a.default ?? minimum,
    cpuScaleOutPercent: a.cpuScaleOutPercent ?? 70,
    cpuScaleInPercent: a.cpuScaleInPercent ?? 30,
    httpQueueScaleOut: a.httpQueueScaleOut ?? 100,
  };
}

/**
 * Windows and cooldowns. Scale out reacts within the shortest window Azure allows (5 minutes);
 * scale in looks at a longer window and waits longer, so a short lull does not remove an instance
 * that the next burst needs again (flapping).
 */
export const AUTOSCALE_TIMING = {
  timeGrain: "PT1M",
  scaleOutWindow: "PT5M",
  scaleInWindow: "PT10M",
  scaleOutCooldown: "PT5M",
  scaleInCooldown: "PT10M",
} as const;

/** CPU, memory and HTTP-queue metrics of App Service live on the plan, not the site. */
export const PLAN_METRIC_NAMESPACE = "microsoft.web/serverfarms";

/** The one autoscale profile: capacity bounds (strings, as the API takes them) and three rules on the plan. */
export function autoscaleProfile(a: ResolvedAutoscale, planId: pulumi.Input<string>): inputs.monitor.AutoscaleProfileArgs {
  const trigger = (metricName: string, operator: monitor.ComparisonOperationType, threshold: number, timeWindow: string) => ({
    metricName,
    metricNamespace: PLAN_METRIC_NAMESPACE,
    metricResourceUri: planId,
    timeGrain: AUTOSCALE_TIMING.timeGrain,
    statistic: monitor.MetricStatisticType.Average,
    timeWindow,
    timeAggregation: monitor.TimeAggregationType.Average,
    operator,
    threshold,
  });
  const step = (direction: monitor.ScaleDirection, cooldown: string) => ({
    direction,
    type: monitor.ScaleType.ChangeCount,
    value: "1",
    cooldown,
  });
  return {
    name: "metrics",
    capacity: { minimum: `${a.minimum}`, maximum: `${a.maximum}`, default: `${a.default}` },
    rules: [
      {
        metricTrigger: trigger("CpuPercentage", monitor.ComparisonOperationType.GreaterThan, a.cpuScaleOutPercent, AUTOSCALE_TIMING.scaleOutWindow),
        scaleAction: step(monitor.ScaleDirection.Increase, AUTOSCALE_TIMING.scaleOutCooldown),
      },
      {
        metricTrigger: trigger("CpuPercentage", monitor.ComparisonOperationType.LessThan, a.cpuScaleInPercent, AUTOSCALE_TIMING.scaleInWindow),
        scaleAction: step(monitor.ScaleDirection.Decrease, AUTOSCALE_TIMING.scaleInCooldown),
      },
      {
        metricTrigger: trigger("HttpQueueLength", monitor.ComparisonOperationType.GreaterThan, a.httpQueueScaleOut, AUTOSCALE_TIMING.scaleOutWindow),
        scaleAction: step(monitor.ScaleDirection.Increase, AUTOSCALE_TIMING.scaleOutCooldown),
      },
    ],
  };
}
