import { parseDocument } from "yaml";
import { ExitCode } from "../tools/exit-codes";
import { readStackFile, runCli, tempProject } from "./support/harness";

const NS = "pinecone-delivery";
type Mutation = { set?: Record<string, unknown>; remove?: string[]; raw?: string };

/** The real prod stack file with some keys changed: every case starts from a valid production file. */
function mutatedProd(m: Mutation): string {
  if (m.raw !== undefined) return m.raw;
  const doc = parseDocument(readStackFile("prod"));
  for (const k of m.remove ?? []) doc.deleteIn(["config", k.includes(":") ? k : `${NS}:${k}`]);
  for (const [k, v] of Object.entries(m.set ?? {})) doc.setIn(["config", k.includes(":") ? k : `${NS}:${k}`], v);
  return doc.toString();
}

async function planMutated(m: Mutation) {
  const dir = tempProject({ bad: mutatedProd(m) });
  return runCli(["plan", "bad"], dir);
}

/** Each case: what is wrong, the exact key the message must name, and words of what was expected/found. */
const CASES: [string, Mutation, string, RegExp][] = [
  ["missing required key", { remove: ["uniqueSuffix"] }, `${NS}:uniqueSuffix`, /required.*found nothing: the key is missing/],
  ["typo in a key", { set: { autoscaleMinimun: 3 } }, `${NS}:autoscaleMinimun`, /did you mean pinecone-delivery:autoscaleMinimum\?/],
  ["unknown namespace", { set: { "pinecone-delivry:tier": "production" } }, "pinecone-delivry:tier", /found the namespace "pinecone-delivry"/],
  ["integer given as text", { set: { autoscaleMaximum: "ten" } }, `${NS}:autoscaleMaximum`, /expected an integer from 1 to 30.*found "ten"/],
  ["boolean given as text", { set: { zoneRedundant: "yes" } }, `${NS}:zoneRedundant`, /expected true or false; found "yes"/],
  ["number out of range (high)", { set: { logRetentionDays: 5000 } }, `${NS}:logRetentionDays`, /from 30 to 730.*found 5000/],
  ["number out of range (low)", { set: { keyVaultSoftDeleteRetentionDays: 3 } }, `${NS}:keyVaultSoftDeleteRetentionDays`, /from 7 to 90.*found 3/],
  ["unknown region", { set: { location: "westeurop" } }, `${NS}:location`, /one of .*westeurope.*found "westeurop"/],
  ["unknown App Service SKU", { set: { appServiceSku: "B1" } }, `${NS}:appServiceSku`, /one of S1, S2, S3, P1v2.*found "B1"/],
  ["unknown registry SKU", { set: { registrySku: "Ultra" } }, `${NS}:registrySku`, /one of Basic, Standard, Premium; found "Ultra"/],
  ["suffix breaks naming rules", { set: { uniqueSuffix: "AB_1" } }, `${NS}:uniqueSuffix`, /4-6 lowercase letters or digits; found "AB_1"/],
  [
    "derived Key Vault name longer than 24",
    { set: { workload: "pineconepr", environment: "preprod1", uniqueSuffix: "abcdef" } },
    `${NS}:uniqueSuffix`,
    /Key Vault name of 3-24 .*found "kv-pineconepr-preprod1-abcdef", which is 29 characters long/,
  ],
  ["production with one approver", { set: { approvers: ["4c8e2a7f-1b3d-4f6a-8e9c-5d2b7a1f3e60"], minimumApprovers: 1 } }, `${NS}:approvers`, /at least 2 approvers because tier is production; found 1/],
  ["production needing one approval", { set: { minimumApprovers: 1 } }, `${NS}:minimumApprovers`, /at least 2 because tier is production; found 1/],
  ["requester may approve in production", { set: { requesterCanApprove: true } }, `${NS}:requesterCanApprove`, /false because tier is production/],
  ["zone redundancy with 2 instances", { set: { autoscaleMinimum: 2, autoscaleDefault: 2 } }, `${NS}:autoscaleMinimum`, /at least 3 because zoneRedundant is true \(one instance per zone\); found 2/],
  ["zone redundancy on a Standard plan", { set: { appServiceSku: "S2" } }, `${NS}:appServiceSku`, /Premium or Isolated v2 SKU because zoneRedundant is true; found S2 \(Standard\)/],
  ["zone redundancy in a region without zones", { set: { location: "westus" } }, `${NS}:location`, /region with availability zones.*found westus/],
  ["purge protection off in production", { set: { keyVaultPurgeProtection: false } }, `${NS}:keyVaultPurgeProtection`, /true because tier is production; found false/],
  ["secret given in plain text", { set: { erpJwtSigningKey: "hunter2-plain" } }, `${NS}:erpJwtSigningKey`, /a secure value: set it with `pulumi config set --secret erpJwtSigningKey <value>`; found plain text \(not shown\)/],
  ["invalid e-mail in a list", { set: { alertEmails: ["ok@pinecone-software.com", "not-an-email"] } }, `${NS}:alertEmails[1]`, /an e-mail address; found "not-an-email"/],
  ["autoscale default above maximum", { set: { autoscaleDefault: 12 } }, `${NS}:autoscaleDefault`, /between autoscaleMinimum \(3\) and autoscaleMaximum \(10\); found 12/],
  ["registry Premium features on Standard", { set: { registrySku: "Standard", registryZoneRedundant: false } }, `${NS}:registrySku`, /Premium because registryGeoReplicationLocations, registryUntaggedRetentionDays need it; found Standard/],
  ["geo-replication to the primary region", { set: { registryGeoReplicationLocations: ["westeurope"] } }, `${NS}:registryGeoReplicationLocations`, /other than the primary location \(westeurope\).*found westeurope/],
  ["release window ends before it starts", { set: { releaseWindowStart: "15:00", releaseWindowEnd: "09:00" } }, `${NS}:releaseWindowEnd`, /a time after releaseWindowStart \(15:00\); found 09:00/],
  ["Azure DevOps URL of another host", { set: { devopsOrganizationUrl: "https://github.com/pinecone" } }, `${NS}:devopsOrganizationUrl`, /https:\/\/dev.azure.com\/<organisation>; found "https:\/\/github.com\/pinecone"/],
  ["advisory policies in production", { set: { policyEnforcement: "advisory" } }, `${NS}:policyEnforcement`, /mandatory because tier is production; found advisory/],
  ["plain setting given as a secret", { set: { approvers: { secure: "v1:abc" } } }, `${NS}:approvers`, /in plain text \(it is not a secret\); found a secure value/],
  ["approver given by name instead of id", { set: { approvers: ["4c8e2a7f-1b3d-4f6a-8e9c-5d2b7a1f3e60", "[PineCone Pro]\\Release Managers"] } }, `${NS}:approvers[1]`, /an Azure DevOps identity id \(GUID.*found "\[PineCone Pro\]\\\\Release Managers"/],
  ["health path without a slash", { set: { healthCheckPath: "health" } }, `${NS}:healthCheckPath`, /an absolute URL path such as \/health; found "health"/],
  ["malformed CIDR", { set: { appSubnetPrefix: "10.60.0.0/33" } }, `${NS}:appSubnetPrefix`, /an IPv4 CIDR range such as 10.60.0.0\/26; found "10.60.0.0\/33"/],
  ["prefix with host bits set", { set: { vnetAddressSpace: "10.60.1.0/22" } }, `${NS}:vnetAddressSpace`, /the first of its range \(10.60.0.0\/22\); found 10.60.1.0\/22/],
  ["subnet outside the VNet", { set: { agentSubnetPrefix: "10.61.0.0/27" } }, `${NS}:agentSubnetPrefix`, /a range inside vnetAddressSpace \(10.60.0.0\/22\); found 10.61.0.0\/27/],
  ["overlapping subnets", { set: { privateEndpointSubnetPrefix: "10.60.0.32/27" } }, `${NS}:privateEndpointSubnetPrefix`, /does not overlap appSubnetPrefix \(10.60.0.0\/26\); found 10.60.0.32\/27/],
  ["app subnet too small for scaling", { set: { appSubnetPrefix: "10.60.0.0/28" } }, `${NS}:appSubnetPrefix`, /at least 25 addresses .*2 × autoscaleMaximum \(10\).*found 10.60.0.0\/28 \(16 addresses\)/],
  ["agent subnet too small for the pool", { set: { agentPoolMaximumConcurrency: 10, agentSubnetPrefix: "10.60.0.128/29" } }, `${NS}:agentSubnetPrefix`, /at least 15 addresses \(agentPoolMaximumConcurrency \(10\) \+ 5 reserved\); found 10.60.0.128\/29 \(8 addresses\)/],
  ["Deny vault in a public stack", { set: { privateNetwork: false } }, `${NS}:privateNetwork`, /true because keyVaultNetworkDefaultAction is Deny.*private endpoint.*found false/],
  ["private stack on a Standard registry", { set: { registrySku: "Standard", registryGeoReplicationLocations: [], registryUntaggedRetentionDays: 0, registryZoneRedundant: false } }, `${NS}:registrySku`, /Premium because privateNetwork is true.*found Standard/],
  ["promotion target of a registry that exports nothing", { set: { registryPromotionTarget: "qa" } }, `${NS}:registryPromotionTarget`, /none because registryIsPromotionSource is false.*found "qa"/],
  ["private stack without a promotion source", { remove: ["registryPromotionSource"] }, `${NS}:registryPromotionSource`, /the previous stage's stack because privateNetwork is true \(the bootstrap image is imported from its registry by digest; a push from outside the VNet is refused\); found none/],
  ["promotion source naming the stack itself", { set: { registryPromotionSource: "bad" } }, `${NS}:registryPromotionSource`, /the previous stack, not this one; found "bad"/],
  ["promotion source that is also the target", { set: { registryIsPromotionSource: true, registryPromotionTarget: "uat" } }, `${NS}:registryPromotionSource`, /a stack other than registryPromotionTarget.*found "uat"/],
  ["promotion target naming the stack itself", { set: { registryIsPromotionSource: true, registryPromotionTarget: "bad" } }, `${NS}:registryPromotionTarget`, /the next stack, not this one; found "bad"/],
  ["scale-in above scale-out threshold", { set: { autoscaleCpuScaleInPercent: 80 } }, `${NS}:autoscaleCpuScaleInPercent`, /below autoscaleCpuScaleOutPercent \(70\).*found 80/],
];

describe("invalid stack config exits 2 naming the file, the key, what was expected and what was found", () => {
  test.each(CASES)("%s", async (_label, mutation, key, detail) => {
    const r = await planMutated({ ...mutation, set: { ownsSharedDevOpsObjects: true, ...mutation.set } });
    expect(r.code).toBe(ExitCode.BadInput);
    const line = r.stderr.split("\n").find((l) => l.includes(`Pulumi.bad.yaml: ${key}: expected`));
    expect(line).toBeDefined();
    expect(line).toMatch(detail);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
  });

  test("reports every problem of a file together, once each", async () => {
    const r = await planMutated({ set: { ownsSharedDevOpsObjects: true, autoscaleMaximum: "ten", location: "mars", erpJwtSigningKey: "plain" } });
    expect(r.code).toBe(ExitCode.BadInput);
    expect(r.stderr).toMatch(/^error: Pulumi\.bad\.yaml has 3 configuration problems; no resource was registered:/);
    expect(r.stderr.match(/^  - Pulumi\.bad\.yaml: /gm)).toHaveLength(3);
  });

  test("never prints a secret given in plain text", async () => {
    const r = await planMutated({ set: { ownsSharedDevOpsObjects: true, alertWebhookUrl: "https://hooks.example.invalid/canary-7f3a" } });
    expect(r.code).toBe(ExitCode.BadInput);
    expect(r.stderr).toContain(`${NS}:alertWebhookUrl`);
    expect(r.stderr).not.toContain("canary-7f3a");
  });

  test("YAML syntax errors name the file and the line", async () => {
    const r = await planMutated({ raw: "config:\n  pinecone-delivery:tier: production\n   bad-indent: [\n" });
    expect(r.code).toBe(ExitCode.BadInput);
    expect(r.stderr).toMatch(/^error: Pulumi\.bad\.yaml is not valid YAML at line \d+, column \d+/);
  });

  test("a stack file whose config is a list is rejected", async () => {
    const r = await planMutated({ raw: "config:\n  - a\n  - b\n" });
    expect(r.code).toBe(ExitCode.BadInput);
    expect(r.stderr).toContain("Pulumi.bad.yaml: config must be a mapping of <namespace>:<key> to values; found a list.");
  });
});

describe("policy settings", () => {
  test.each([
    [{ policyRuleLevels: ["app-https-only=strict"] }, `${NS}:policyRuleLevels[0]`, /<rule id>=advisory\|mandatory\|disabled.*found "app-https-only=strict"/],
    [{ policyExemptions: ["EX-1|app-health-check|web|2027-01-31|too short"] }, `${NS}:policyExemptions[0]`, /reason of 10\+ characters.*found "EX-1\|app-health-check\|web\|2027-01-31\|too short"/],
    [{ policyExemptions: ["EX-2|app-health-check|web|2027-02-30|health endpoint ships in 4.13"] }, `${NS}:policyExemptions`, /expiry dates that exist in the calendar \(YYYY-MM-DD\); found 2027-02-30/],
  ])("%j is rejected", async (set, key, detail) => {
    const r = await planMutated({ set: { ownsSharedDevOpsObjects: true, ...set } });
    expect(r.code).toBe(ExitCode.BadInput);
    const line = r.stderr.split("\n").find((l) => l.includes(`Pulumi.bad.yaml: ${key}: expected`));
    expect(line).toMatch(detail);
  });
});

describe("release freezes (releaseFreezes)", () => {
  const ok = "2026-12-28T00:00+01:00|2027-01-04T08:00+01:00|ERP year-end closing";
  test.each([
    ["no UTC offset (ambiguous time zone)", ["2026-12-28T00:00|2027-01-04T08:00+01:00|ERP year-end closing"], `${NS}:releaseFreezes[0]`, /ISO 8601 with a UTC offset.*found "2026-12-28T00:00\|2027-01-04T08:00\+01:00\|ERP year-end closing"/],
    ["a date only", ["2026-12-28|2027-01-04|ERP year-end closing"], `${NS}:releaseFreezes[0]`, /<start>\|<end>\|<reason of 5\+ characters/],
    ["no reason", ["2026-12-28T00:00Z|2027-01-04T08:00Z|"], `${NS}:releaseFreezes[0]`, /<reason of 5\+ characters/],
    ["a day that does not exist", ["2027-02-30T00:00Z|2027-03-02T00:00Z|quarter closing"], `${NS}:releaseFreezes`, /with dates and times that exist; found "2027-02-30T00:00Z\|2027-03-02T00:00Z\|quarter closing"/],
    ["end before start", ["2027-01-04T08:00+01:00|2026-12-28T00:00+01:00|ERP year-end closing"], `${NS}:releaseFreezes`, /a freeze whose end is after its start; found .*\(ends 2026-12-28T00:00\+01:00, starts 2027-01-04T08:00\+01:00\)/],
    ["end equal to start in another offset", ["2026-12-28T01:00+01:00|2026-12-28T00:00Z|zero length"], `${NS}:releaseFreezes`, /a freeze whose end is after its start/],
    ["overlapping freezes", [ok, "2027-01-04T06:00Z|2027-01-10T00:00Z|inventory count"], `${NS}:releaseFreezes`, /freezes that do not overlap \(merge them into one entry\); found "ERP year-end closing" \(2026-12-28T00:00\+01:00 to 2027-01-04T08:00\+01:00\) overlaps "inventory count" \(2027-01-04T06:00Z to 2027-01-10T00:00Z\)/],
  ])("%s: exit 2 naming the key", async (_label, freezes, key, detail) => {
    const r = await planMutated({ set: { ownsSharedDevOpsObjects: true, releaseFreezes: freezes } });
    expect(r.code).toBe(ExitCode.BadInput);
    const line = r.stderr.split("\n").find((l) => l.includes(`Pulumi.bad.yaml: ${key}: expected`));
    expect(line).toMatch(detail);
    expect(r.stdout).toBe("");
  });

  test("back-to-back freezes (one ends as the next starts, end exclusive) are accepted", async () => {
    const r = await planMutated({ set: { ownsSharedDevOpsObjects: true, releaseFreezes: [ok, "2027-01-04T07:00Z|2027-01-06T00:00Z|inventory count"] } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(ExitCode.Ok);
    expect(r.stdout).toContain("  2027-01-04T07:00Z → 2027-01-06T00:00Z  inventory count");
  });
});
