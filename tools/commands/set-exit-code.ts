import { ExitCode } from "../exit-codes";

/**
 * Sets the exit code a command ended with (commands never call process.exit). Its own module so
 * that the command files need not import the index that registers them.
 */
export type SetExitCode = (code: ExitCode) => void;
