import { readStackFile } from "./harness";

const OWN_PLAN_LINES = /^ {2}pinecone-delivery:(appServiceSku|autoscaleMinimum|autoscaleMaximum|autoscaleDefault):.*\n/gm;

/** Pulumi.uat.yaml switched to the slot shape: host and slot named, own-plan keys removed, public network. */
export function uatAsSlot(text = readStackFile("uat"), host = "qa", slot = "uat"): string {
  const out = text
    .replace(OWN_PLAN_LINES, "")
    .replace("pinecone-delivery:privateNetwork: true", "pinecone-delivery:privateNetwork: false")
    .replace("pinecone-delivery:keyVaultNetworkDefaultAction: Deny", "pinecone-delivery:keyVaultNetworkDefaultAction: Allow")
    .replace("config:\n", `config:\n  pinecone-delivery:appHostStack: ${host}\n  pinecone-delivery:appHostSlotName: ${slot}\n`);
  if (out === text || out.includes("appServiceSku")) throw new Error("Pulumi.uat.yaml no longer has the lines this test switches");
  return out;
}


/** Pulumi.qa.yaml as the host of uat's slot: it lists uat under appSlotGuests. */
export function qaHostingUat(text = readStackFile("qa")): string {
  return text.replace("config:\n", "config:\n  pinecone-delivery:appSlotGuests: [uat]\n");
}
