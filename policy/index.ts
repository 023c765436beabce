/**
 * The CrossGuard pack: `pulumi preview --policy-pack policy --policy-pack-config <stack>.json`.
 * The CLI loads policy/pack.js (package.json "main"), which rebuilds dist/ and requires this
 * file's compiled form. Constructing the PolicyPack starts the analyzer server, so nothing else
 * lives here: the policies are built in crossguard.ts, the rules in rules/.
 */
import { PolicyPack } from "@pulumi/policy";
import { DEFAULT_ENFORCEMENT, buildPolicies } from "./crossguard";
import { PACK_NAME } from "./engine";

new PolicyPack(PACK_NAME, {
  policies: buildPolicies(),
  enforcementLevel: DEFAULT_ENFORCEMENT,
  description: "Security baseline and delivery guardrails of the PineCone Pro platform on Azure App Service.",
  provider: "azure-native",
});
