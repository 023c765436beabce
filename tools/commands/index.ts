import { Command } from "commander";
import { ExitCode } from "../exit-codes";
import { Io } from "../io";
import { registerPlan } from "./plan";

/** Sets the exit code a command ended with (commands never call process.exit). */
export type SetExitCode = (code: ExitCode) => void;

/** Every `delivery` subcommand; each registration file imports only commander, and loads its implementation in the action. */
export function registerCommands(program: Command, io: Io, setExitCode: SetExitCode): void {
  registerPlan(program, io, setExitCode);
}
