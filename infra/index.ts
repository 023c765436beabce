// Entry of the Pulumi program: read and validate the stack config, compose, export the outputs.
import { runProgram } from "./program";

export = runProgram();
