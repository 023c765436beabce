import { Command } from "commander";
import type { SetExitCode } from "./set-exit-code";
import { Io } from "../io";

/** `delivery prices --refresh`: fetches the meters the plans use from the Azure Retail Prices API into the snapshot. */
export function registerPrices(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("prices")
    .description(
      "Refresh prices/retail-prices.json: plan every stack offline, collect exactly the meters they use, fetch them from the " +
        "Azure Retail Prices API (unauthenticated) and write a dated snapshot. delivery cost reads only the snapshot.",
    )
    .option("--refresh", "fetch the prices and rewrite the snapshot")
    .option("--currency <code>", "ISO currency code (USD are Microsoft's retail prices; others are for reference)", "USD")
    .option("--api-url <url>", "Retail Prices API endpoint (default: $DELIVERY_PRICES_API_URL or https://prices.azure.com/api/retail/prices)")
    .option("--out <file>", "snapshot file to write, relative to the project root (default: prices/retail-prices.json)")
    .addHelpText(
      "after",
      "\nExit codes: 0 snapshot written; 2 bad input or an unusable API answer (no item for a meter, malformed JSON,\n" +
        "HTTP 4xx, or still failing after the retries for 429/5xx/network errors) — the snapshot is then left unchanged.",
    )
    .action(async (opts: { refresh?: boolean; currency: string; apiUrl?: string; out?: string }) => {
      const { runPricesCommand } = await import("../cost/refresh");
      setExitCode(await runPricesCommand(opts, io));
    });
}
