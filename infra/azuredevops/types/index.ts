// Nested argument and result types, under the names the real package uses
// (`types.input.ServiceEndpointAzureRMCredentials`, `types.output.BuildDefinitionRepository`, ...):
// each is the schema type token's name.
import * as input from "./input";
import * as output from "./output";

export { input, output };
