import { Command } from "commander";
import { Io } from "../io";
import { registerConfigDocs } from "./config-docs";
import { registerCost } from "./cost";
import { registerPrices } from "./prices";
import { registerPlan } from "./plan";
import { registerPolicyConfig } from "./policy-config";
import { registerPreviewReport } from "./preview-report";
import { registerDriftReport } from "./drift-report";
import { registerPrThread } from "./pr-thread";
import type { SetExitCode } from "./set-exit-code";
import { registerWorkItem } from "./work-item";
import { registerReadiness } from "./readiness";
import { registerFreezeCheck } from "./freeze-check";
import { registerToolsPin } from "./tools-pin";
import { registerOidcBridge } from "./oidc-bridge";

/** Every `delivery` subcommand; each registration file imports only commander, and loads its implementation in the action. */
export function registerCommands(program: Command, io: Io, setExitCode: SetExitCode): void {
  registerPlan(program, io, setExitCode);
  registerPreviewReport(program, io, setExitCode);
  registerDriftReport(program, io, setExitCode);
  registerPrThread(program, io, setExitCode);
  registerWorkItem(program, io, setExitCode);
  registerConfigDocs(program, io, setExitCode);
  registerPolicyConfig(program, io, setExitCode);
  registerReadiness(program, io, setExitCode);
  registerFreezeCheck(program, io, setExitCode);
  registerToolsPin(program, io, setExitCode);
  registerCost(program, io, setExitCode);
  registerPrices(program, io, setExitCode);
  registerOidcBridge(program, io, setExitCode);
}
