/**
 * The checks of an Azure DevOps environment, from a declarative spec. Kept apart from
 * DeliveryEnvironment so the rules (which check exists when, and with which defaults) read in one
 * place. Pure of Azure: only azuredevops Check* resources are created here.
 */
import * as pulumi from "@pulumi/pulumi";
import * as azuredevops from "../azuredevops";
import { WEEKDAYS } from "../azure-catalog";

export type Weekday = (typeof WEEKDAYS)[number];

/** Approval check. An empty `approvers` list means no approval check at all. */
export interface ApprovalArgs {
  /**
   * Azure DevOps identity ids (GUIDs) of users or groups; NOT e-mail addresses, group names or Entra
   * object ids: the check rejects Entra object ids ("The following identities are invalid",
   * microsoft/terraform-provider-azuredevops#864, #815). For an Azure DevOps group this is
   * `getGroup(...).originId` (the provider's own CheckApproval example); resolve names in the program.
   * A plain array (its items may be Outputs) because the count decides whether the check exists.
   */
  readonly approvers: readonly pulumi.Input<string>[];
  /** Approvals a run needs. Default: every listed approver (nobody is optional unless said so). */
  readonly minimumApprovers?: number;
  /** Whether the person who queued the run may approve it. Default: false (four-eyes principle). */
  readonly requesterCanApprove?: boolean;
  /** Minutes a run waits for approval before failing. Default: 1440 (one day; the provider's 43200 keeps stale runs queued for a month). */
  readonly timeoutMinutes?: number;
  /** Shown to approvers. Default: APPROVAL_INSTRUCTIONS for the environment (release notes, readiness, saved plan digest). */
  readonly instructions?: pulumi.Input<string>;
}

/** Release window (business-hours check). */
export interface BusinessHoursArgs {
  /** Days on which a deployment may start; at least one. */
  readonly days: readonly Weekday[];
  /** Start of the window, `HH:MM` 24-hour clock. */
  readonly start: string;
  /** End of the window, `HH:MM` 24-hour clock, after `start`. */
  readonly end: string;
  /** Windows time-zone id, e.g. `W. Europe Standard Time`. */
  readonly timeZone: pulumi.Input<string>;
  /**
   * Minutes a run waits for the window. Default: 1440 (the provider's): a run queued more than a day
   * before the window opens fails rather than deploying unattended days later.
   */
  readonly timeoutMinutes?: number;
}

/** One template production runs must extend (required-template check). */
export interface RequiredTemplateArgs {
  /** `<project>/<repository>` of the repository that holds the template. */
  readonly repositoryName: pulumi.Input<string>;
  /** Ref of the template. Default: "refs/heads/main" (only reviewed templates count). */
  readonly ref?: pulumi.Input<string>;
  /** Path of the template in that repository, e.g. DELIVERY_TEMPLATE_PATH. */
  readonly path: pulumi.Input<string>;
  /** `azuregit`, `github`, `githubenterprise` or `bitbucket`. Default: "azuregit". */
  readonly repositoryType?: pulumi.Input<string>;
}

export interface EnvironmentChecksSpec {
  readonly projectId: pulumi.Input<string>;
  /** Id of the Azure DevOps environment the checks protect. */
  readonly environmentId: pulumi.Input<string>;
  /** Environment name, for messages shown to approvers. */
  readonly environmentName: string;
  readonly approvals?: ApprovalArgs;
  readonly businessHours?: BusinessHoursArgs;
  readonly allowedBranches: readonly string[];
  readonly verifyBranchProtection: boolean;
  readonly exclusiveLock: boolean;
  readonly requiredTemplates: readonly RequiredTemplateArgs[];
}

export interface EnvironmentChecks {
  readonly approval?: azuredevops.CheckApproval;
  readonly businessHours?: azuredevops.CheckBusinessHours;
  readonly branchControl?: azuredevops.CheckBranchControl;
  readonly exclusiveLock?: azuredevops.CheckExclusiveLock;
  readonly requiredTemplate?: azuredevops.CheckRequiredTemplate;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const GIT_REF = /^refs\/(?:heads|tags)\/[\w.\-/*]+$/;
// Azure DevOps identity ids (and the origin ids of Azure DevOps groups) are GUIDs.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Default approval timeout, minutes. */
export const DEFAULT_APPROVAL_TIMEOUT_MINUTES = 1440;
/** Default release-window timeout, minutes (the provider's default, set explicitly so it shows in plans). */
export const DEFAULT_BUSINESS_HOURS_TIMEOUT_MINUTES = 1440;
export const DEFAULT_TEMPLATE_REF = "refs/heads/main";

/**
 * Problems with the check args, as messages naming the args involved. Plain values only: Outputs
 * (e.g. approver ids from a lookup) are checked by Azure DevOps.
 */
export function checkArgProblems(spec: Omit<EnvironmentChecksSpec, "projectId" | "environmentId" | "environmentName">): string[] {
  const problems: string[] = [];
  const a = spec.approvals;
  if (a) {
    const count = a.approvers.length;
    if (a.minimumApprovers !== undefined) {
      if (!Number.isInteger(a.minimumApprovers) || a.minimumApprovers < 0) {
        problems.push(`approvals.minimumApprovers is ${a.minimumApprovers}; expected a whole number >= 0`);
      } else if (a.minimumApprovers > count) {
        problems.push(
          `approvals.minimumApprovers (${a.minimumApprovers}) conflicts with approvals.approvers (${count} listed): no run could ever collect that many approvals`,
        );
      } else if (count > 0 && a.minimumApprovers < 1) {
        problems.push(`approvals.minimumApprovers (0) conflicts with approvals.approvers (${count} listed): list no approvers to have no approval check`);
      }
    }
    a.approvers.forEach((id, i) => {
      if (typeof id === "string" && !GUID.test(id)) {
        problems.push(
          `approvals.approvers[${i}] is "${id}"; expected an Azure DevOps identity id (GUID). Resolve e-mail addresses and group names to identity ids before passing them`,
        );
      }
    });
    if (a.timeoutMinutes !== undefined && !(Number.isInteger(a.timeoutMinutes) && a.timeoutMinutes > 0)) {
      problems.push(`approvals.timeoutMinutes is ${a.timeoutMinutes}; expected a whole number of minutes > 0`);
    }
  }
  const b = spec.businessHours;
  if (b) {
    if (b.days.length === 0) problems.push("businessHours.days is empty; a window with no days blocks every deployment (omit businessHours for no window)");
    for (const d of b.days) if (!(WEEKDAYS as readonly string[]).includes(d)) problems.push(`businessHours.days contains "${d}"; expected one of ${WEEKDAYS.join(", ")}`);
    if (!HH_MM.test(b.start)) problems.push(`businessHours.start is "${b.start}"; expected HH:MM (24-hour clock)`);
    if (!HH_MM.test(b.end)) problems.push(`businessHours.end is "${b.end}"; expected HH:MM (24-hour clock)`);
    if (HH_MM.test(b.start) && HH_MM.test(b.end) && b.end <= b.start) {
      problems.push(`businessHours.end (${b.end}) conflicts with businessHours.start (${b.start}): the window must end after it starts`);
    }
  }
  for (const ref of spec.allowedBranches) {
    if (!GIT_REF.test(ref)) problems.push(`allowedBranches contains "${ref}"; expected a full ref such as refs/heads/main or refs/tags/release/*`);
  }
  return problems;
}

/**
 * True when every allowed ref is one exact branch: only then can Azure DevOps verify branch
 * protection. Tags and wildcard refs carry no branch policies, so verifying them would block
 * every run from them.
 */
export function branchProtectionVerifiable(allowedBranches: readonly string[]): boolean {
  return allowedBranches.length > 0 && allowedBranches.every((r) => r.startsWith("refs/heads/") && !r.includes("*"));
}

/**
 * What approvers are asked to check. The environment gates both application releases and infra
 * deploys. A saved plan's digest cannot be known when this check is created (the plan is made by
 * each deploy run), so the instructions point at the run summary where the Plan stage publishes it.
 */
export function approvalInstructions(environmentName: string): string {
  return (
    `Approve the deployment to ${environmentName}. ` +
    "Application release: check the release notes, the staging slot and the readiness table in the run summary. " +
    "Infrastructure deploy: open this run's summary; the Plan stage lists what the saved plan changes and its sha256 digest. " +
    "After approval exactly that plan file is applied (digest verified, pulumi up --plan) or the run fails and needs a new run and approval."
  );
}

/** Creates the checks the spec asks for, and only those; children are named `${name}-<check>`. */
export function createEnvironmentChecks(name: string, spec: EnvironmentChecksSpec, parent: pulumi.Resource): EnvironmentChecks {
  const opts = { parent };
  const target = { projectId: spec.projectId, targetResourceId: spec.environmentId, targetResourceType: "environment" };
  const checks: {
    -readonly [K in keyof EnvironmentChecks]: EnvironmentChecks[K];
  } = {};

  const a = spec.approvals;
  if (a && a.approvers.length > 0) {
    checks.approval = new azuredevops.CheckApproval(
      `${name}-approval`,
      {
        ...target,
        approvers: [...a.approvers],
        minimumRequiredApprovers: a.minimumApprovers ?? a.approvers.length,
        requesterCanApprove: a.requesterCanApprove ?? false,
        timeout: a.timeoutMinutes ?? DEFAULT_APPROVAL_TIMEOUT_MINUTES,
        instructions:
          a.instructions ?? approvalInstructions(spec.environmentName),
      },
      opts,
    );
  }

  const b = spec.businessHours;
  if (b) {
    const day = (d: Weekday) => b.days.includes(d);
    checks.businessHours = new azuredevops.CheckBusinessHours(
      `${name}-business-hours`,
      {
        ...target,
        displayName: "Release window",
        startTime: b.start,
        endTime: b.end,
        timeZone: b.timeZone,
        monday: day("monday"),
        tuesday: day("tuesday"),
        wednesday: day("wednesday"),
        thursday: day("thursday"),
        friday: day("friday"),
        saturday: day("saturday"),
        sunday: day("sunday"),
        timeout: b.timeoutMinutes ?? DEFAULT_BUSINESS_HOURS_TIMEOUT_MINUTES,
      },
      opts,
    );
  }

  if (spec.allowedBranches.length > 0) {
    checks.branchControl = new azuredevops.CheckBranchControl(
      `${name}-branch-control`,
      {
        ...target,
        displayName: "Allowed refs",
        // The provider takes one comma-separated string, not a list.
        allowedBranches: spec.allowedBranches.join(", "),
        verifyBranchProtection: spec.verifyBranchProtection,
        // An unknown protection status is not proof of protection: fail closed.
        ignoreUnknownProtectionStatus: false,
      },
      opts,
    );
  }

  if (spec.exclusiveLock) {
    // One deployment at a time per environment: two runs swapping the same slots would race.
    checks.exclusiveLock = new azuredevops.CheckExclusiveLock(`${name}-exclusive-lock`, target, opts);
  }

  if (spec.requiredTemplates.length > 0) {
    checks.requiredTemplate = new azuredevops.CheckRequiredTemplate(
      `${name}-required-template`,
      {
        ...target,
        requiredTemplates: spec.requiredTemplates.map((t) => ({
          repositoryName: t.repositoryName,
          repositoryRef: t.ref ?? DEFAULT_TEMPLATE_REF,
          templatePath: t.path,
          repositoryType: t.repositoryType ?? "azuregit",
        })),
      },
      opts,
    );
  }
  return checks;
}
