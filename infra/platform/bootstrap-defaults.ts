/**
 * Defaults of the bootstrap image shared by BootstrapImage (build and push), ImportedBootstrapImage
 * and the offline plan's reading of another stack's output: a module without provider imports, so
 * the plan tools can read them without loading @pulumi/docker.
 */
/** Tag of the bootstrap image; releases never use it. */
export const DEFAULT_BOOTSTRAP_TAG = "bootstrap";
/** Port the bootstrap image listens on (its build argument PORT). */
export const DEFAULT_BOOTSTRAP_PORT = 8080;
