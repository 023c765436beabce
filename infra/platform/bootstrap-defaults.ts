/**
 * Defaults of the bootstrap image shared by BootstrapImage (build and push), ImportedBootstrapImage
 * and the offline plan's reading of another stack's output: a module without provider imports, so
 * the plan tools can read them without loading @pulumi/docker.
 */
/** Tag of the bootstrap image; releases never use it. */
export const DEFAULT_BOOTSTRAP_TAG = "bootstrap";
/** Port the bootstrap image listens on (its build argument PORT). */
export const DEFAULT_BOOTSTRAP_PORT = 8080;

/** A repository path as registries accept it: lowercase components joined by `/`. */
export const IMAGE_REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
/** A Docker tag. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
