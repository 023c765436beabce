/**
 * Evaluates RELEASE_PATHS (and the pipelines' own paths, when the caller read them from the YAML)
 * over a stack's resources: plan records (`delivery plan`) or CrossGuard stack resources. Links are
 * read through property dependencies when known, else through ids and names in the values.
 */
import { PolicyResource, UNKNOWN, idRefersTo, ofType, physicalName } from "../model";
import { ESCALATING_ROLES, NetworkPath, PathSpec, RELEASE_PATHS, ROLES, RoleName } from "./table";
import type { PipelineRun, ReleasePathFacts } from "./facts";

export type { PipelineRun, ReleasePathFacts } from "./facts";

export const PT = {
  Identity: "azure-native:managedidentity:UserAssignedIdentity",
  Connection: "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM",
  RoleAssignment: "azure-native:authorization:RoleAssignment",
  RoleDefinition: "azure-native:authorization:RoleDefinition",
  Lock: "azure-native:authorization:ManagementLockByScope",
  ResourceGroup: "azure-native:resources:ResourceGroup",
  Registry: "azure-native:containerregistry:Registry",
  Vault: "azure-native:keyvault:Vault",
  Component: "azure-native:applicationinsights:Component",
  WebApp: "azure-native:web:WebApp",
  WebAppSlot: "azure-native:web:WebAppSlot",
  ActionGroup: "azure-native:monitor:ActionGroup",
  MetricAlert: "azure-native:monitor:MetricAlert",
  Webhook: "azuredevops:index/serviceendpointIncomingwebhook:ServiceendpointIncomingwebhook",
  PrivateEndpoint: "azure-native:network:PrivateEndpoint",
  DnsZoneGroup: "azure-native:network:PrivateDnsZoneGroup",
  Pool: "azure-native:devopsinfrastructure:Pool",
  Environment: "azuredevops:index/environment:Environment",
  Authorization: "azuredevops:index/pipelineAuthorization:PipelineAuthorization",
  RequiredTemplate: "azuredevops:index/checkRequiredTemplate:CheckRequiredTemplate",
  BranchControl: "azuredevops:index/checkBranchControl:CheckBranchControl",
  Command: "command:local:Command",
} as const;

export type NetworkVerdict = "arm" | "public" | "private" | "trusted-service" | "outside-plan" | "blocked" | "n/a";

export interface PathResult {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** Roles and network path the row needs, in words. */
  readonly needs: string;
  readonly ok: boolean;
  readonly access: { readonly ok: boolean; readonly missing: readonly string[] };
  readonly network: { readonly ok: boolean; readonly verdict: NetworkVerdict; readonly missing: readonly string[] };
  /** What the verdict assumed (cross-stack values, grants made outside the plan). */
  readonly assumed?: string;
  /** When not ok: the path, the missing piece and the fix. */
  readonly message?: string;
  /** The resource a violation is reported on (the target), when there is one. */
  readonly resource?: PolicyResource;
  readonly kind: "azure" | "pipeline";
}

const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== UNKNOWN ? v : undefined);
const roleGuidOf = (ra: PolicyResource): string | undefined => str(ra.inputs.roleDefinitionId)?.split("/").pop()?.toLowerCase();
const roleLabel = (r: RoleName) => r.replace(/([a-z])([A-Z])/g, "$1 $2");

/** Azure name of a target (a resource group's name is its resourceGroupName). */
function nameOf(r: PolicyResource): string {
  return (r.type === PT.ResourceGroup ? str(r.inputs.resourceGroupName) : physicalName(r)) ?? r.name;
}

function dependsOnUrn(from: PolicyResource, property: string, to: PolicyResource): boolean {
  return (from.references?.[property] ?? []).includes(to.urn);
}

/** True when input `property` of `from` is `to`'s id (or, for a resource group, names it). */
function pointsAt(from: PolicyResource, property: string, to: PolicyResource): boolean {
  if (dependsOnUrn(from, property, to)) return true;
  const v = from.inputs[property];
  if (to.type === PT.ResourceGroup) {
    const name = str(to.inputs.resourceGroupName);
    return typeof v === "string" && name !== undefined && v.toLowerCase().replace(/\/+$/, "").endsWith(`/resourcegroups/${name.toLowerCase()}`);
  }
  return idRefersTo(v, to);
}

/** Principal of an assignment: the identity it was computed from, or the identity's principalId output (CrossGuard). */
function assignedTo(ra: PolicyResource, identity: PolicyResource): boolean {
  if (dependsOnUrn(ra, "principalId", identity)) return true;
  const p = str(identity.inputs.principalId);
  return p !== undefined && ra.inputs.principalId === p;
}

/** The identity behind a WIF service connection (its credentials were computed from the identity). */
function identityOfConnection(connection: PolicyResource, identities: readonly PolicyResource[]): PolicyResource | undefined {
  const byRef = identities.find((i) => dependsOnUrn(connection, "credentials", i));
  if (byRef) return byRef;
  const clientId = str((connection.inputs.credentials as { serviceprincipalid?: unknown } | undefined)?.serviceprincipalid);
  return identities.find((i) => clientId !== undefined && str(i.inputs.clientId) === clientId);
}

interface Actors {
  readonly deploy?: PolicyResource;
  readonly preview?: PolicyResource;
  readonly slots: readonly { readonly identity: PolicyResource; readonly site: PolicyResource }[];
}

/** Who is who: deploy and preview identities from their connections (a preview connection's name ends in -preview), slot identities from the sites. */
export function findActors(resources: readonly PolicyResource[]): Actors {
  const identities = ofType(resources, PT.Identity);
  const connections = ofType(resources, PT.Connection);
  const isPreview = (c: PolicyResource) => (str(c.inputs.serviceEndpointName) ?? "").endsWith("-preview");
  const deployConn = connections.find((c) => !isPreview(c));
  const previewConn = connections.find(isPreview);
  const slots = ofType(resources, PT.WebApp, PT.WebAppSlot).flatMap((site) =>
    identities.filter((i) => dependsOnUrn(site, "identity", i) || Object.keys(((site.inputs.identity as { userAssignedIdentities?: object } | undefined)?.userAssignedIdentities) ?? {}).some((id) => idRefersTo(id, i))).map((identity) => ({ identity, site })),
  );
  return {
    deploy: deployConn && identityOfConnection(deployConn, identities),
    preview: previewConn && identityOfConnection(previewConn, identities),
    slots,
  };
}

function hasRole(resources: readonly PolicyResource[], principal: PolicyResource, role: RoleName, scope: PolicyResource): boolean {
  return ofType(resources, PT.RoleAssignment).some((ra) => roleGuidOf(ra) === ROLES[role] && assignedTo(ra, principal) && pointsAt(ra, "scope", scope));
}

// --- network ---------------------------------------------------------------------------------

/** Whether a registry or vault accepts public traffic (then no private path is needed). */
export function isPublic(target: PolicyResource): boolean {
  if (target.type === PT.Registry) {
    const ruleSet = target.inputs.networkRuleSet as { defaultAction?: unknown } | undefined;
    return target.inputs.publicNetworkAccess !== "Disabled" && ruleSet?.defaultAction !== "Deny";
  }
  if (target.type === PT.Vault) {
    const p = (target.inputs.properties ?? {}) as { publicNetworkAccess?: unknown; networkAcls?: { defaultAction?: unknown } };
    return p.publicNetworkAccess !== "Disabled" && p.networkAcls?.defaultAction !== "Deny";
  }
  return true;
}

const GROUP_ID: Readonly<Record<string, string>> = { [PT.Registry]: "registry", [PT.Vault]: "vault" };

/** The private endpoint (with the target's group id) and its DNS zone group, or what is missing. */
function privateEndpointPieces(resources: readonly PolicyResource[], target: PolicyResource): string[] {
  const group = GROUP_ID[target.type];
  const endpoints = ofType(resources, PT.PrivateEndpoint).filter((pe) => {
    const conns = arr<{ privateLinkServiceId?: unknown; groupIds?: unknown }>(pe.inputs.privateLinkServiceConnections);
    return conns.some((c) => (idRefersTo(c.privateLinkServiceId, target) || dependsOnUrn(pe, "privateLinkServiceConnections", target)) && Array.isArray(c.groupIds) && c.groupIds.includes(group));
  });
  if (endpoints.length === 0) return [`a private endpoint to ${nameOf(target)} (groupIds ["${group}"])`];
  const zoned = endpoints.some((pe) =>
    ofType(resources, PT.DnsZoneGroup).some((z) => z.inputs.privateEndpointName === physicalName(pe) || dependsOnUrn(z, "privateEndpointName", pe)),
  );
  return zoned ? [] : [`a private DNS zone group on the private endpoint to ${nameOf(target)}`];
}

function appRoutesTraffic(site: PolicyResource, target: PolicyResource): string | undefined {
  const subnet = str(site.inputs.virtualNetworkSubnetId);
  const routing = (site.inputs.outboundVnetRouting ?? {}) as Record<string, unknown>;
  const key = target.type === PT.Registry ? "imagePullTraffic" : "applicationTraffic";
  if (!subnet) return `VNet integration of ${site.name} (virtualNetworkSubnetId)`;
  if (routing.allTraffic !== true && routing[key] !== true) return `${site.name} routing ${key} through its VNet (outboundVnetRouting.${key})`;
  return undefined;
}

function networkVerdict(
  resources: readonly PolicyResource[],
  path: NetworkPath,
  target: PolicyResource | undefined,
  callers: readonly PolicyResource[],
): { ok: boolean; verdict: NetworkVerdict; missing: string[] } {
  if (path === "arm") return { ok: true, verdict: "arm", missing: [] };
  if (path === "public-service" || target === undefined) return { ok: true, verdict: "public", missing: [] };
  if (isPublic(target)) return { ok: true, verdict: "public", missing: [] };
  if (path === "trusted-service") {
    const through = target.inputs.networkRuleBypassOptions === "AzureServices";
    return through ? { ok: true, verdict: "trusted-service", missing: [] } : { ok: false, verdict: "blocked", missing: ["networkRuleBypassOptions: AzureServices on the restricted registry"] };
  }
  const missing = privateEndpointPieces(resources, target);
  if (path === "app") {
    for (const site of callers) {
      const gap = appRoutesTraffic(site, target);
      if (gap) missing.push(gap);
    }
  } else {
    const pools = ofType(resources, PT.Pool).filter((p) => str((p.inputs.fabricProfile as { networkProfile?: { subnetId?: unknown } } | undefined)?.networkProfile?.subnetId));
    if (pools.length === 0) missing.push("a Managed DevOps Pool in the stack's VNet (devopsinfrastructure Pool with fabricProfile.networkProfile.subnetId) for the pipelines");
  }
  return missing.length === 0 ? { ok: true, verdict: "private", missing } : { ok: false, verdict: "blocked", missing };
}

// --- rows --------------------------------------------------------------------------------------

function targetOf(resources: readonly PolicyResource[], spec: PathSpec): PolicyResource | undefined {
  switch (spec.to) {
    case "resource group":
    case "app and slots":
      return ofType(resources, PT.ResourceGroup)[0];
    case "registry":
      return ofType(resources, PT.Registry)[0];
    case "vault":
      return ofType(resources, PT.Vault)[0];
    case "Application Insights":
      return ofType(resources, PT.Component)[0];
    default:
      return undefined;
  }
}

function needsText(spec: PathSpec): string {
  const roles = (() => {
    switch (spec.check.kind) {
      case "roles": return spec.check.roles.map(roleLabel).join(" + ");
      case "assignable-roles": return "Role Based Access Control Administrator, ABAC-constrained to the assigned roles";
      case "locks": return "a custom role with the lock actions";
      case "read-only": return "Reader and nothing that writes";
      case "next-stage-import": return "Container Registry Data Importer and Data Reader";
      case "bootstrap-import": return "Container Registry Data Importer and Data Reader here and on the previous stage's registry (which exports)";
      case "rollback-webhook": return "an action group posting to the rollback webhook on the rollback alerts";
      case "outside-plan": return `granted by ${spec.check.grantedBy}`;
    }
  })();
  const network = { arm: "ARM", app: "app outbound (public or private endpoint + VNet integration)", agent: "pipeline agent (public or private endpoint + Managed DevOps Pool)", "trusted-service": "registry service (public or trusted services)", "public-service": "public endpoint" }[spec.network];
  return `${roles}; network: ${network}`;
}

function evaluateSpec(resources: readonly PolicyResource[], spec: PathSpec, actors: Actors, facts: ReleasePathFacts): PathResult | undefined {
  const target = targetOf(resources, spec);
  const missing: string[] = [];
  let assumed: string | undefined;
  let callers: PolicyResource[] = [];
  const principals = spec.from === "slot identities" ? actors.slots.map((s) => s.identity) : spec.from === "deploy identity" ? [actors.deploy] : spec.from === "preview identity" ? [actors.preview] : [];
  if ((spec.from === "deploy identity" || spec.from === "preview identity") && principals[0] === undefined) missing.push(`the ${spec.from} (no ${spec.from === "preview identity" ? "…-preview " : ""}WIF service connection backed by a user-assigned identity)`);
  const check = spec.check;
  switch (check.kind) {
    case "roles": {
      if (spec.onlyWhenSigning && !facts.signsImages) return undefined;
      if (!target) return undefined;
      // The app is a slot on another stack's web app: the rights on it are that stack's grant (a
      // custom slot operator role, without swap), in the host's plan, not in this one.
      if (spec.to === "app and slots" && ofType(resources, PT.WebApp).length === 0 && ofType(resources, PT.WebAppSlot).length > 0) {
        assumed = "granted by the host stack (appSlotGuests): the slot operator role on its web app, with no swap action; not part of this plan";
        break;
      }
      if (spec.from === "slot identities") {
        if (actors.slots.length === 0) missing.push("slot identities (user-assigned identities on the sites)");
        callers = [...new Set(actors.slots.map((s) => s.site))];
      }
      for (const p of principals) {
        if (!p) continue;
        for (const role of check.roles) if (!hasRole(resources, p, role, target)) missing.push(`${roleLabel(role)} on ${nameOf(target)} for ${p.name}`);
      }
      break;
    }
    case "assignable-roles": {
      const deploy = actors.deploy;
      if (!target || !deploy) break;
      const admins = ofType(resources, PT.RoleAssignment).filter((ra) => roleGuidOf(ra) === ROLES.RoleBasedAccessControlAdministrator && assignedTo(ra, deploy) && pointsAt(ra, "scope", target));
      if (admins.length === 0) {
        missing.push(`Role Based Access Control Administrator on ${nameOf(target)} for ${deploy.name}`);
        break;
      }
      const condition = str(admins[0].inputs.condition) ?? "";
      if (admins[0].inputs.conditionVersion !== "2.0" || !condition) {
        missing.push("an ABAC condition (conditionVersion 2.0) on the RBAC Administrator assignment: unconstrained, it could grant Owner");
        break;
      }
      const lower = condition.toLowerCase();
      if (!/@request\[microsoft\.authorization\/roleassignments:roledefinitionid\]/.test(lower) || !/@resource\[microsoft\.authorization\/roleassignments:roledefinitionid\]/.test(lower)) {
        missing.push("both clauses of the condition: write checked on @Request[…RoleDefinitionId], delete on @Resource[…RoleDefinitionId]");
      }
      const escalating = ESCALATING_ROLES.filter((r) => lower.includes(ROLES[r]));
      if (escalating.length) missing.push(`a condition without escalating roles (it lists ${escalating.map(roleLabel).join(", ")})`);
      const own = new Set(ESCALATING_ROLES.map((r) => ROLES[r] as string));
      const customs = new Set(ofType(resources, PT.RoleDefinition).map((d) => str(d.inputs.roleDefinitionId)?.toLowerCase()));
      const assigned = [...new Set(ofType(resources, PT.RoleAssignment).map(roleGuidOf).filter((g): g is string => g !== undefined && !own.has(g) && !customs.has(g)))];
      const notListed = assigned.filter((g) => !lower.includes(g));
      if (notListed.length) missing.push(`the condition lists ${notListed.join(", ")}, which the program assigns`);
      break;
    }
    case "locks": {
      const deploy = actors.deploy;
      if (ofType(resources, PT.Lock).length === 0 || !target || !deploy) return undefined;
      const lockRoles = ofType(resources, PT.RoleDefinition).filter((d) => {
        const perms = arr<{ actions?: unknown }>(d.inputs.permissions);
        const actions = perms.flatMap((p) => (Array.isArray(p.actions) ? p.actions : [])).map((a) => String(a).toLowerCase());
        const scopes = arr<unknown>(d.inputs.assignableScopes);
        return (actions.includes("microsoft.authorization/locks/write") || actions.includes("microsoft.authorization/locks/*")) &&
          scopes.some((s) => typeof s === "string" && s.toLowerCase().replace(/\/+$/, "").endsWith(`/resourcegroups/${String(target.inputs.resourceGroupName).toLowerCase()}`) || dependsOnUrn(d, "assignableScopes", target));
      });
      const granted = lockRoles.some((d) => {
        const guid = str(d.inputs.roleDefinitionId)?.toLowerCase();
        return ofType(resources, PT.RoleAssignment).some((ra) => guid !== undefined && roleGuidOf(ra) === guid && assignedTo(ra, deploy) && pointsAt(ra, "scope", target));
      });
      if (lockRoles.length === 0) missing.push(`a custom role with Microsoft.Authorization/locks/write assignable to ${nameOf(target)} (the stack declares ${ofType(resources, PT.Lock).length} locks)`);
      else if (!granted) missing.push(`the lock role assigned to ${deploy.name} at ${nameOf(target)}`);
      break;
    }
    case "read-only": {
      const preview = actors.preview;
      if (!target || !preview) break;
      if (!hasRole(resources, preview, "Reader", target)) missing.push(`Reader on ${nameOf(target)} for ${preview.name}`);
      const extra = ofType(resources, PT.RoleAssignment).filter((ra) => assignedTo(ra, preview) && roleGuidOf(ra) !== ROLES.Reader);
      for (const ra of extra) missing.push(`no other role: ${ra.name} grants ${roleGuidOf(ra)} to the preview identity (remove it)`);
      break;
    }
    case "next-stage-import": {
      if (!target) return undefined;
      const policies = (target.inputs.policies ?? {}) as { exportPolicy?: { status?: unknown } };
      const isSource = policies.exportPolicy?.status !== "disabled";
      if (!isSource) return undefined;
      const local = ofType(resources, PT.Identity);
      const grants = ofType(resources, PT.RoleAssignment).filter(
        (ra) => roleGuidOf(ra) === ROLES.ContainerRegistryDataImporter && pointsAt(ra, "scope", target) && !local.some((i) => assignedTo(ra, i)),
      );
      const next = facts.nextStage;
      if (grants.length === 0) missing.push(`Container Registry Data Importer and Data Reader on ${nameOf(target)} for the next stage's deploy identity (the registry exports images, so it is a promotion source)`);
      else if (next) {
        assumed = `principal ${next.principalId}: ${next.assumed}`;
        if (!next.verifiable) missing.push(`a verifiable principal for the next stage (${next.assumed})`);
        else if (!grants.some((g) => g.inputs.principalId === next.principalId)) missing.push(`the grant to the next stage's deploy identity ${next.principalId} (found ${grants.map((g) => String(g.inputs.principalId)).join(", ")})`);
      }
      break;
    }
    case "bootstrap-import": {
      // A stack that imports its bootstrap image declares a command running `az acr import` from a
      // source registry id (SOURCE_REGISTRY_ID in its environment); other stacks push it.
      const imports = ofType(resources, PT.Command).filter((c) => str((c.inputs.environment as { SOURCE_REGISTRY_ID?: unknown } | undefined)?.SOURCE_REGISTRY_ID) !== undefined || /\bacr import\b|acr-import/.test(String(c.inputs.create ?? "")));
      if (imports.length === 0 || !target) return undefined;
      const deploy = actors.deploy;
      if (deploy && !hasRole(resources, deploy, "ContainerRegistryDataImporter", target)) missing.push(`Container Registry Data Importer and Data Reader on ${nameOf(target)} for ${deploy.name}`);
      const prev = facts.previousStage;
      if (!prev) {
        assumed = "the previous stage's grant and export policy are not known to this check (`delivery plan` and `delivery policy-config` read them from its stack file)";
        break;
      }
      assumed = `stack ${prev.stack}: ${prev.assumed}`;
      // Without the source's stack file (a project holding only some stacks) the source side is
      // not judged, as under CrossGuard; the program itself fails if the source has no output.
      if (prev.verifiable) {
        if (!prev.grantsImport) missing.push(`Container Registry Data Importer and Data Reader on stack ${prev.stack}'s registry for this stack's deploy identity (${prev.stack}'s registryPromotionTarget does not name this stack)`);
        if (!prev.exportEnabled) missing.push(`an enabled export policy on stack ${prev.stack}'s registry (registryIsPromotionSource is false there, so nothing can import from it)`);
      }
      break;
    }
    case "rollback-webhook": {
      // Rollback swaps a stack's own staging slot back into its own production. A stack without a
      // web app of its own (its app is a slot on another stack's app, released without a swap) has
      // nothing to swap back, and a swap there could only reach the host's production: not applicable.
      if (ofType(resources, PT.WebApp).length === 0 && ofType(resources, PT.WebAppSlot).length > 0) return undefined;
      const hooks = ofType(resources, PT.Webhook);
      const names = hooks.map((h) => str(h.inputs.webhookName)).filter((n): n is string => n !== undefined);
      const groups = ofType(resources, PT.ActionGroup).filter((g) =>
        arr<{ serviceUri?: unknown }>(g.inputs.webhookReceivers).some((w) => {
          const uri = str(w.serviceUri);
          return uri !== undefined && names.some((n) => uri.includes(`/_apis/public/distributedtask/webhooks/${n}?`) || uri.endsWith(`/_apis/public/distributedtask/webhooks/${n}`));
        }),
      );
      if (hooks.length === 0) missing.push("the rollback incoming webhook (service connection)");
      else if (groups.length === 0) missing.push(`an action group whose webhook receiver posts to …/_apis/public/distributedtask/webhooks/${names[0]}`);
      else {
        const alerts = ofType(resources, PT.MetricAlert).filter((a) => arr<{ actionGroupId?: unknown }>(a.inputs.actions).some((x) => groups.some((g) => idRefersTo(x.actionGroupId, g))) || groups.some((g) => dependsOnUrn(a, "actions", g)));
        if (alerts.length === 0) missing.push(`a metric alert notifying ${groups[0].name}`);
      }
      break;
    }
    case "outside-plan":
      assumed = `granted by ${check.grantedBy}; not part of this plan`;
      break;
  }
  const network = check.kind === "outside-plan" ? { ok: true, verdict: "outside-plan" as const, missing: [] } : networkVerdict(resources, spec.network, target, callers);
  const ok = missing.length === 0 && network.ok;
  return {
    id: spec.id,
    from: spec.from,
    to: target && spec.to !== "app and slots" ? `${spec.to} ${nameOf(target)}` : spec.to,
    needs: needsText(spec),
    ok,
    access: { ok: missing.length === 0, missing },
    network,
    ...(assumed ? { assumed } : {}),
    ...(ok ? {} : { message: `${spec.from} → ${spec.to} (${spec.id}): missing ${[...missing, ...network.missing].join("; ")}. Fix: ${network.ok ? spec.fix : missing.length ? `${spec.fix}; and give it a network path` : "give the caller a network path (private endpoint, DNS zone group and VNet integration or a Managed DevOps Pool), or make the target public"}.` }),
    resource: target,
    kind: "azure",
  };
}

// --- pipelines -----------------------------------------------------------------------------------

function refMatches(pattern: string, ref: string): boolean {
  const re = new RegExp(`^${pattern.trim().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  return re.test(ref);
}

function checksOn(resources: readonly PolicyResource[], type: string, target: PolicyResource): PolicyResource[] {
  return ofType(resources, type).filter((c) => dependsOnUrn(c, "targetResourceId", target) || (str(c.inputs.targetResourceId) !== undefined && c.inputs.targetResourceId === str(target.inputs.id)));
}

function authorized(resources: readonly PolicyResource[], run: PipelineRun, target: PolicyResource): boolean {
  return ofType(resources, PT.Authorization).some(
    (a) => Number(a.inputs.pipelineId) === run.pipelineId && (dependsOnUrn(a, "resourceId", target) || (str(target.inputs.id) !== undefined && a.inputs.resourceId === target.inputs.id)),
  );
}

function pipelineRows(resources: readonly PolicyResource[], runs: readonly PipelineRun[]): PathResult[] {
  const rows: PathResult[] = [];
  const byName = (type: string, key: string, name: string) => ofType(resources, type).find((r) => r.inputs[key] === name);
  for (const run of runs) {
    for (const b of run.bindings) {
      const targets: [string, PolicyResource | undefined, "environment" | "connection"][] = [];
      if (b.environment) targets.push([b.environment, byName(PT.Environment, "name", b.environment), "environment"]);
      if (b.serviceConnection) targets.push([b.serviceConnection, byName(PT.Connection, "serviceEndpointName", b.serviceConnection), "connection"]);
      for (const [name, target, kind] of targets) {
        if (!target) continue; // another stack's object
        const missing: string[] = [];
        const fixes: string[] = [];
        if (run.pipelineId === undefined) {
          missing.push("the build definition id of this pipeline");
          fixes.push("list the pipeline's definition (PIPELINE_DEFINITIONS or devopsApplicationPipelines)");
        } else if (!authorized(resources, run, target)) {
          missing.push(`a pipeline authorisation of definition ${run.pipelineId} on ${kind} ${name}`);
          fixes.push(kind === "environment" || !name.endsWith("-preview") ? "authorise the pipeline on it (PIPELINE_AUTHORIZATIONS or devopsApplicationPipelines)" : "authorise the preview pipeline on its preview connection");
        }
        const template = checksOn(resources, PT.RequiredTemplate, target);
        for (const t of template) {
          const admitted = arr<{ templatePath?: unknown; repositoryRef?: unknown }>(t.inputs.requiredTemplates).map((x) => `${String(x.templatePath)}@${String(x.repositoryRef)}`);
          const ext = run.extendsTemplate;
          if (!ext || !admitted.includes(`${ext.path}@${ext.ref}`)) {
            missing.push(`the required template: it ${ext ? `extends ${ext.path}@${ext.ref}` : "extends no template"}, the check admits ${admitted.join(", ")}`);
            fixes.push(ext ? "admit that template and ref in the required-template check (devops-names.ts), or extend an admitted one" : "make the pipeline `extends:` an admitted template");
          }
        }
        const branchChecks = checksOn(resources, PT.BranchControl, target);
        for (const c of branchChecks) {
          const allowed = String(c.inputs.allowedBranches ?? "*").split(",");
          if (!allowed.some((p) => refMatches(p, run.runRef))) {
            missing.push(`branch control admitting ${run.runRef} (it admits ${allowed.map((a) => a.trim()).join(", ")})`);
            fixes.push(kind === "connection" && !name.endsWith("-preview") ? "run this pipeline from an allowed ref, or use the read-only preview connection for pull-request code" : "run it from an allowed ref");
          }
        }
        if (kind === "connection" && !name.endsWith("-preview") && branchChecks.length === 0) {
          missing.push(`branch control on the deploy connection ${name} itself`);
          fixes.push("add a CheckBranchControl on the service connection (targetResourceType endpoint) with the stack's allowedBranches");
        }
        const ok = missing.length === 0;
        rows.push({
          id: `pipeline:${run.file}:${kind}:${name}`,
          from: run.file,
          to: `${kind} ${name}`,
          needs: `authorisation${template.length ? ", required template" : ""}${branchChecks.length || kind === "connection" ? ", branch control" : ""} for runs from ${run.runRef}`,
          ok,
          access: { ok, missing },
          network: { ok: true, verdict: "n/a", missing: [] },
          ...(ok ? {} : { message: `${run.file} → ${kind} ${name}: missing ${missing.join("; ")}. Fix: ${[...new Set(fixes)].join("; ")}.` }),
          resource: target,
          kind: "pipeline",
        });
      }
    }
  }
  return rows;
}

/** Every release path of the stack with its verdict. */
export function evaluateReleasePaths(resources: readonly PolicyResource[], facts: ReleasePathFacts = {}): PathResult[] {
  // A stack with no Azure DevOps service connection is not delivered by this system: nothing to
  // judge. (Every stack of this program has one; the stack tests assert the rows exist.)
  if (ofType(resources, PT.Connection).length === 0) return [];
  const actors = findActors(resources);
  const rows = RELEASE_PATHS.map((spec) => evaluateSpec(resources, spec, actors, facts)).filter((r): r is PathResult => r !== undefined);
  const all = facts.pipelines ? [...rows, ...pipelineRows(resources, facts.pipelines)] : rows;
  // A file may name the same object in several places (a template call and its parameters): one row each.
  return all.filter((r, i) => all.findIndex((x) => x.id === r.id) === i);
}
