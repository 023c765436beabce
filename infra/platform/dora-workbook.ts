import { RELEASE_EVENT, RELEASE_EVENT_FIELDS, RESTORE_EVENT, RESTORE_EVENT_FIELDS } from "./release-events";

/**
 * The DORA workbook: deployment frequency, lead time for changes, change failure rate and time to
 * restore, per environment, computed from the custom events the release pipelines write
 * (release-events.ts is the contract; release annotations are not queryable, see
 * release-pipeline-commands §4.1). The workbook's source is the Application Insights component, so
 * the queries read the classic `customEvents` table with `customDimensions.<field>`.
 *
 * Pure functions of the contract: no Pulumi here, so the JSON and KQL are testable as text.
 */

type ReleaseField = keyof typeof RELEASE_EVENT_FIELDS;
type RestoreField = keyof typeof RESTORE_EVENT_FIELDS;

/** Fields that hold ISO 8601 times; everything else is read as a string. */
const TIME_FIELDS: ReadonlySet<string> = new Set<ReleaseField | RestoreField>(["commitTime", "startedAt", "finishedAt", "detectedAt", "restoredAt"]);

/** KQL string literal (KQL accepts JSON-style double-quoted strings with backslash escapes). */
const kqlString = (s: string) => JSON.stringify(s);

/** `name = tostring(customDimensions.name)` (or todatetime) for every field of an event. */
function extendFields(fields: readonly string[]): string {
  return fields.map((f) => `${f} = ${TIME_FIELDS.has(f) ? "todatetime" : "tostring"}(customDimensions.${f})`).join(",\n    ");
}

// Workbook parameters, expanded by the workbook before the query runs: {TimeRange} becomes a
// `> ago(…)`/`between (…)` predicate; {Environment} a quoted list, or '*' when "All" is selected.
const ENVIRONMENT_FILTER = `| where "*" in ({Environment}) or environment in ({Environment})`;

/** Every release attempt in the time range, one row per RELEASE_EVENT, fields as columns. */
const RELEASES = `let releases = customEvents
| where timestamp {TimeRange}
| where name == ${kqlString(RELEASE_EVENT)}
| extend ${extendFields(Object.keys(RELEASE_EVENT_FIELDS))}
${ENVIRONMENT_FILTER};`;

/** Every restore in the time range, one row per RESTORE_EVENT. */
const RESTORES = `let restores = customEvents
| where timestamp {TimeRange}
| where name == ${kqlString(RESTORE_EVENT)}
| extend ${extendFields(Object.keys(RESTORE_EVENT_FIELDS))}
${ENVIRONMENT_FILTER};`;

/** Length of the selected time range in days, for per-day rates. */
const WINDOW_DAYS = `let windowDays = max_of(1.0, datetime_diff("minute", todatetime("{TimeRange:end}"), todatetime("{TimeRange:start}")) / 1440.0);`;

/**
 * The four DORA queries. A release counts as a deployment when `result == "succeeded"`; it counts
 * as a failed change when it was rolled back (`result == "rolled-back"`) or a RESTORE_EVENT later
 * names the same environment and version (an alert after the watch window). `result == "failed"`
 * means the release never reached users (it failed before or during the swap): shown, but neither
 * a deployment nor a failed change.
 */
export const DORA_QUERIES = {
  deploymentFrequency: `${RELEASES}
${WINDOW_DAYS}
releases
| where result == "succeeded"
| summarize Deployments = count(), DaysWithDeployment = dcount(startofday(finishedAt)), LastDeployment = max(finishedAt) by environment
| extend DeploymentsPerDay = round(Deployments / windowDays, 2), DeploymentsPerWeek = round(7 * Deployments / windowDays, 1)
| project environment, Deployments, DeploymentsPerDay, DeploymentsPerWeek, DaysWithDeployment, LastDeployment
| order by environment asc`,

  deploymentTrend: `${RELEASES}
releases
| where result == "succeeded"
| summarize Deployments = count() by environment, Day = bin(finishedAt, 1d)
| order by Day asc`,

  leadTimeForChanges: `${RELEASES}
releases
| where result == "succeeded" and isnotnull(commitTime) and isnotnull(finishedAt)
| extend LeadTimeHours = datetime_diff("minute", finishedAt, commitTime) / 60.0
| summarize Releases = count(), MedianLeadTimeHours = round(percentile(LeadTimeHours, 50), 1), P90LeadTimeHours = round(percentile(LeadTimeHours, 90), 1), MedianPipelineMinutes = round(percentile(datetime_diff("second", finishedAt, startedAt) / 60.0, 50), 1) by environment
| order by environment asc`,

  changeFailureRate: `${RELEASES}
${RESTORES}
releases
| where result in ("succeeded", "rolled-back", "failed")
| join kind=leftouter (restores | distinct environment, version | extend restored = true) on environment, version
| summarize Deployed = countif(result != "failed"), FailedChanges = countif(result == "rolled-back" or (result == "succeeded" and restored == true)), NotDeployed = countif(result == "failed") by environment
| extend ChangeFailureRatePercent = iff(Deployed == 0, real(null), round(100.0 * FailedChanges / Deployed, 1))
| project environment, Deployed, FailedChanges, ChangeFailureRatePercent, NotDeployed
| order by environment asc`,

  timeToRestore: `${RESTORES}
restores
| where isnotnull(detectedAt) and isnotnull(restoredAt)
| extend RestoreMinutes = datetime_diff("second", restoredAt, detectedAt) / 60.0
| summarize Restores = count(), MedianMinutesToRestore = round(percentile(RestoreMinutes, 50), 1), P90MinutesToRestore = round(percentile(RestoreMinutes, 90), 1),
    ByAlertWebhook = countif(trigger == "alert-webhook"), ByWatchWindow = countif(trigger == "watch-window"), Manual = countif(trigger == "manual") by environment
| order by environment asc`,
} as const;

export type DoraQuery = keyof typeof DORA_QUERIES;

const TITLES: Record<DoraQuery, string> = {
  deploymentFrequency: "Deployment frequency (successful releases)",
  deploymentTrend: "Successful releases per day",
  leadTimeForChanges: "Lead time for changes (commit to released, hours)",
  changeFailureRate: "Change failure rate (rolled back or restored)",
  timeToRestore: "Time to restore service (alert or failed watch to swap-back, minutes)",
};

const COMPONENT_RESOURCE_TYPE = "microsoft.insights/components";

/** One workbook query step over the component's logs. */
function queryItem(key: DoraQuery) {
  return {
    type: 3,
    name: key,
    content: {
      version: "KqlItem/1.0",
      query: DORA_QUERIES[key],
      size: 0,
      title: TITLES[key],
      timeContextFromParameter: "TimeRange",
      queryType: 0,
      resourceType: COMPONENT_RESOURCE_TYPE,
      visualization: key === "deploymentTrend" ? "barchart" : "table",
    },
  };
}

export interface DoraWorkbookOptions {
  /**
   * Resource id of the Application Insights component the queries run against when the workbook
   * is opened outside the component's blade (the workbook's sourceId).
   */
  readonly componentId: string;
}

/** The workbook's `serializedData` (Notebook/1.0 JSON). */
export function buildDoraWorkbook(options: DoraWorkbookOptions): string {
  const fieldList = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `\`${k}\` (${v})`).join(", ");
  const workbook = {
    version: "Notebook/1.0",
    items: [
      {
        type: 1,
        name: "about",
        content: {
          json: [
            "## DORA metrics",
            `Computed from the custom events the release pipelines write: \`${RELEASE_EVENT}\` with ${fieldList(RELEASE_EVENT_FIELDS)};`,
            `and \`${RESTORE_EVENT}\` with ${fieldList(RESTORE_EVENT_FIELDS)}.`,
            "The contract lives in `infra/platform/release-events.ts`; change the pipelines and this workbook together.",
          ].join("\n\n"),
        },
      },
      {
        type: 9,
        name: "parameters",
        content: {
          version: "KqlParameterItem/1.0",
          parameters: [
            {
              id: "6d0c1f0e-8a4b-4c1e-9a53-2f1f6b0d0a01",
              version: "KqlParameterItem/1.0",
              name: "TimeRange",
              label: "Time range",
              type: 4,
              isRequired: true,
              value: { durationMs: 30 * 24 * 3600 * 1000 },
              typeSettings: {
                allowCustom: true,
                selectableValues: [7, 14, 30, 60, 90].map((d) => ({ durationMs: d * 24 * 3600 * 1000 })),
              },
            },
            {
              id: "6d0c1f0e-8a4b-4c1e-9a53-2f1f6b0d0a02",
              version: "KqlParameterItem/1.0",
              name: "Environment",
              type: 2,
              multiSelect: true,
              quote: '"',
              delimiter: ",",
              query: `customEvents\n| where timestamp {TimeRange}\n| where name == ${kqlString(RELEASE_EVENT)}\n| distinct environment = tostring(customDimensions.environment)\n| order by environment asc`,
              value: ["value::all"],
              typeSettings: { additionalResourceOptions: ["value::all"], selectAllValue: "*", showDefault: false },
              timeContextFromParameter: "TimeRange",
              queryType: 0,
              resourceType: COMPONENT_RESOURCE_TYPE,
            },
          ],
        },
      },
      ...(Object.keys(DORA_QUERIES) as DoraQuery[]).map(queryItem),
    ],
    fallbackResourceIds: [options.componentId],
    $schema: "https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json",
  };
  return JSON.stringify(workbook);
}
