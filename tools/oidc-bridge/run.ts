import * as fs from "fs";
import * as path from "path";
import { CliError } from "../errors";
import { Io } from "../io";
import { startOidcBridge } from "./bridge";

const REQUIRED = ["SYSTEM_OIDCREQUESTURI", "SYSTEM_ACCESSTOKEN", "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID", "OIDC_BRIDGE_TOKEN"] as const;

/** `delivery oidc-bridge`: starts the bridge, writes its port, and serves until SIGTERM or SIGINT. */
export async function runOidcBridge(portFile: string, io: Io, stop: Promise<unknown> = signalled()): Promise<void> {
  const missing = REQUIRED.filter((name) => !io.env[name] || io.env[name]!.startsWith("$("));
  if (missing.length > 0) {
    throw new CliError(
      `oidc-bridge: the environment lacks ${missing.join(", ")}; expected the job's System.OidcRequestUri and System.AccessToken ` +
        "(map SYSTEM_ACCESSTOKEN into the step's env), the AzureCLI@2 task's AZURESUBSCRIPTION_SERVICE_CONNECTION_ID and a random OIDC_BRIDGE_TOKEN.",
    );
  }
  const env = io.env as Record<(typeof REQUIRED)[number], string>;
  if (!/^https:\/\//.test(env.SYSTEM_OIDCREQUESTURI)) {
    throw new CliError(`oidc-bridge: SYSTEM_OIDCREQUESTURI must be an https URL of Azure DevOps; found "${env.SYSTEM_OIDCREQUESTURI}".`);
  }
  const bridge = await startOidcBridge({
    requestUri: env.SYSTEM_OIDCREQUESTURI,
    accessToken: env.SYSTEM_ACCESSTOKEN,
    serviceConnectionId: env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID,
    localToken: env.OIDC_BRIDGE_TOKEN,
  });
  const file = path.resolve(io.cwd, portFile);
  fs.writeFileSync(`${file}.tmp`, String(bridge.port));
  fs.renameSync(`${file}.tmp`, file);
  io.stderr(`oidc-bridge: serving Azure DevOps assertions on 127.0.0.1:${bridge.port}\n`);
  await stop;
  await bridge.close();
}

function signalled(): Promise<unknown> {
  return new Promise((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
}
