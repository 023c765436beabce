/**
 * The fake Azure behind the release scenarios answers as Azure and the az CLI do, for the behaviours
 * the scenarios depend on (release-pipeline-commands.md): import copies the manifest but not its
 * referrers; a refused call prints ARM's AuthorizationFailed and exits 1; a pending swap preview
 * blocks the next one until reset, which restores the slot's settings; routing rules are written with
 * the CLI-built host name and survive a swap; activity-log alerts stay fired, metric alerts resolve.
 */
import { spawnSync } from "child_process";
import { FakeAzure, FakeStack, digestOf, linuxFx, registryId, rgId, siteId, stopFakeAzure } from "./support/fake-az";

const stack = (code: string): FakeStack => ({
  code,
  resourceGroup: `rg-t-${code}`,
  webApp: `app-t-${code}`,
  stagingSlot: "staging",
  registry: `acrt${code}`,
  imageRepository: "erp/web",
  healthPath: "/health",
  appInsights: `appi-t-${code}`,
  serviceConnection: `sc-${code}`,
  metricAlertRules: [{ name: `alert-${code}-http-5xx`, severity: "Sev1" }],
  activityLogAlertRules: [{ name: `alert-${code}-slot-swap`, operations: ["Microsoft.Web/sites/slots/slotsswap/action", "Microsoft.Web/sites/slots/applySlotConfig/action"] }],
});
const [a, b] = [stack("a"), stack("b")];
const w = new FakeAzure([a, b]);
afterAll(() => {
  w.dispose();
  stopFakeAzure();
});
const az = (identity: string, ...args: string[]) => {
  const r = spawnSync("az", args, { env: { ...w.env(), FAKE_AZ_IDENTITY: identity }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const D = digestOf("image"), OLD = digestOf("old");

test("az acr import copies the manifest and tags, not the referrers (signature, SBOM)", () => {
  w.pushImage("a", D, ["1.0.0"]);
  w.update((s) => s.roleAssignments.push({ principal: b.serviceConnection, role: "Container Registry Data Importer and Data Reader", scope: registryId(a) }));
  expect(az(b.serviceConnection, "acr", "import", "-n", b.registry, "--registry", registryId(a), "--source", `erp/web@${D}`, "--image", "erp/web:1.0.0").code).toBe(0);
  expect(az(b.serviceConnection, "acr", "repository", "show", "-n", b.registry, "--image", "erp/web:1.0.0", "--query", "digest", "-o", "tsv").stdout).toBe(`${D}\n`);
  const inSource = JSON.parse(az(b.serviceConnection, "acr", "manifest", "list-referrers", `${a.registry}.azurecr.io/erp/web@${D}`).stdout);
  expect(inSource.references.map((r: { artifactType: string }) => r.artifactType).sort()).toEqual(["application/spdx+json", "application/vnd.cncf.notary.signature"]);
  expect(JSON.parse(az(b.serviceConnection, "acr", "manifest", "list-referrers", `${b.registry}.azurecr.io/erp/web@${D}`).stdout)).toEqual({ references: [] });
});

test("a call without a role prints ARM's AuthorizationFailed for the scope and exits 1; no login is another error", () => {
  const r = az(a.serviceConnection, "acr", "show", "--ids", registryId(b), "--query", "loginServer", "-o", "tsv");
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    new RegExp(
      `^ERROR: \\(AuthorizationFailed\\) The client '[0-9a-f-]{36}' with object id '[0-9a-f-]{36}' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/read' over scope '${registryId(b)}' or the scope is invalid. If access was recently granted, please refresh your credentials.\\nCode: AuthorizationFailed\\nMessage: `,
    ),
  );
  expect(az("", "account", "show").stderr).toBe("ERROR: Please run 'az login' to setup account.\n");
});

test("swap with preview: a pending preview blocks the next, reset cancels it and gives the slot its settings back", () => {
  w.runs("a", OLD, D);
  const swap = (action: string) => az(a.serviceConnection, "webapp", "deployment", "slot", "swap", "-g", a.resourceGroup, "-n", a.webApp, "--slot", "staging", "--target-slot", "production", "--action", action);
  const slotEnv = () => JSON.parse(az(a.serviceConnection, "webapp", "config", "appsettings", "list", "-g", a.resourceGroup, "-n", a.webApp, "--slot", "staging").stdout).find((x: { name: string }) => x.name === "ASPNETCORE_ENVIRONMENT").value;
  expect(swap("preview").code).toBe(0);
  expect(slotEnv()).toBe("a"); // production's sticky setting applied to the slot
  const again = swap("preview");
  expect(again.code).toBe(1);
  expect(again.stderr).toContain("because this slot has already been prepared for swap with slot 'staging'");
  expect(swap("reset").code).toBe(0);
  expect(slotEnv()).toBe("a-staging");
  expect(w.productionImage("a")).toBe(linuxFx(a, OLD));
});

test("routing rules carry the host the CLI builds, stay on production through a swap, and clear to []", () => {
  const rules = JSON.parse(az(a.serviceConnection, "webapp", "traffic-routing", "set", "-g", a.resourceGroup, "-n", a.webApp, "--distribution", "staging=10").stdout);
  expect(rules).toEqual([expect.objectContaining({ name: "staging", actionHostName: `${a.webApp}-staging.azurewebsites.net`, reroutePercentage: 10 })]);
  az(a.serviceConnection, "webapp", "deployment", "slot", "swap", "-g", a.resourceGroup, "-n", a.webApp, "--slot", "staging", "--target-slot", "production");
  expect(w.productionImage("a")).toBe(linuxFx(a, D));
  expect(az(a.serviceConnection, "webapp", "traffic-routing", "show", "-g", a.resourceGroup, "-n", a.webApp, "--query", "[0].reroutePercentage", "-o", "tsv").stdout).toBe("10\n");
  expect(az(a.serviceConnection, "webapp", "traffic-routing", "clear", "-g", a.resourceGroup, "-n", a.webApp).stdout).toBe("[]\n");
});

test("alerts: the swap's activity-log alert stays fired; a metric alert fires on a failing image and resolves later", () => {
  w.image(D, { failsInProductionOf: ["a"] });
  const fired = () =>
    az(a.serviceConnection, "rest", "--method", "get", "--url", `https://management.azure.com${rgId(a.resourceGroup)}/providers/Microsoft.AlertsManagement/alerts`, "--url-parameters", "api-version=2019-03-01", "monitorCondition=Fired", "--query", "value[].name", "-o", "tsv").stdout.trim().split("\n").sort();
  expect(fired()).toEqual([`alert-a-http-5xx`, `alert-a-slot-swap`, `alert-a-slot-swap`]); // preview + swap
  w.runs("a", OLD, D);
  w.metricAlertsCatchUp();
  expect(fired()).toEqual([`alert-a-slot-swap`, `alert-a-slot-swap`]);
  const one = w.read().alerts.find((x) => x.ruleName === "alert-a-http-5xx")!;
  const shown = JSON.parse(az(a.serviceConnection, "rest", "--method", "get", "--url", `https://management.azure.com${one.id}?api-version=2019-03-01`).stdout);
  expect(shown.properties.essentials).toMatchObject({ monitorCondition: "Resolved", alertRule: one.alertRule, targetResource: siteId(a), targetResourceType: "Microsoft.Web/sites" });
});
