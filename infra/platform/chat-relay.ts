import * as pulumi from "@pulumi/pulumi";
import * as logic from "@pulumi/azure-native/logic";
import { diagnosticSetting } from "../guardrails/diagnostics";

/** Name of the relay's HTTP trigger (part of its callback URL). */
export const CHAT_RELAY_TRIGGER = "alert";

export interface ChatRelayArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  /** Azure name of the Logic App (1-80 characters). */
  readonly workflowName: pulumi.Input<string>;
  /**
   * Teams/Slack incoming-webhook URL. It carries the channel's credential, so it is made secret here
   * even when the caller passes a plain string, and reaches Azure only as a SecureString parameter.
   */
  readonly webhookUrl: pulumi.Input<string>;
  /** Id of the stack's Log Analytics workspace: run history (failed posts) goes there. */
  readonly workspaceId: pulumi.Input<string>;
  /** Tags on the Logic App. Default: none. */
  readonly tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** One field of the common alert schema's `data.essentials`, as a workflow expression. */
const essential = (field: string) => `triggerBody()?['data']?['essentials']?['${field}']`;

/**
 * The message the channel receives: `{"text": ...}`, the body Teams and Slack incoming webhooks both
 * accept (the same shape pipelines/scripts/notify.sh posts), built from the common alert schema.
 */
export const CHAT_MESSAGE_TEXT = [
  `Azure Monitor alert @{${essential("monitorCondition")}}: @{${essential("alertRule")}} (@{${essential("severity")}})`,
  `@{coalesce(${essential("description")}, '')}`,
  `Fired: @{${essential("firedDateTime")}}`,
  `Target: @{join(coalesce(${essential("alertTargetIDs")}, createArray()), ', ')}`,
].join("\n");

/** The workflow: HTTP trigger (the action group posts the common alert schema) → POST to the channel. */
export function chatRelayDefinition() {
  return {
    $schema: "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
    contentVersion: "1.0.0.0",
    // Declared SecureString: Azure never returns its value, and run history does not show it.
    parameters: { webhookUrl: { type: logic.ParameterType.SecureString } },
    triggers: {
      [CHAT_RELAY_TRIGGER]: {
        type: "Request",
        kind: "Http",
        inputs: {
          method: "POST",
          schema: { type: "object", properties: { schemaId: { type: "string" }, data: { type: "object" } } },
        },
      },
    },
    actions: {
      post_to_chat: {
        type: "Http",
        runAfter: {},
        inputs: {
          method: "POST",
          uri: "@parameters('webhookUrl')",
          headers: { "Content-Type": "application/json" },
          body: { text: CHAT_MESSAGE_TEXT },
        },
        // The inputs carry the webhook URL: hide them from run history.
        runtimeConfiguration: { secureData: { properties: ["inputs"] } },
      },
    },
    outputs: {},
  };
}

/**
 * Relays Azure Monitor alerts to a Teams/Slack channel. The action group cannot post to an incoming
 * webhook itself: its webhook action sends the common alert schema, which neither Teams nor Slack
 * accepts as a message. A Consumption Logic App takes the alert on its HTTP trigger (the action group's
 * `logicAppReceivers`) and posts `{"text": ...}` to the channel.
 */
export class ChatRelay extends pulumi.ComponentResource {
  public readonly workflowId: pulumi.Output<string>;
  /** Secret: the trigger URL carries its SAS signature. */
  public readonly callbackUrl: pulumi.Output<string>;

  constructor(name: string, args: ChatRelayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pinecone:platform:ChatRelay", name, {}, opts);

    const workflow = new logic.Workflow(
      `${name}-workflow`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        workflowName: args.workflowName,
        state: logic.WorkflowState.Enabled,
        definition: chatRelayDefinition(),
        parameters: { webhookUrl: { type: logic.ParameterType.SecureString, value: pulumi.secret(args.webhookUrl) } },
        tags: args.tags,
      },
      // The provider echoes the parameters back; keep them encrypted in state and masked in plans.
      { parent: this, additionalSecretOutputs: ["parameters"] },
    );

    diagnosticSetting(`${name}-workflow`, { profile: "logicApp", resourceId: workflow.id, workspaceId: args.workspaceId }, this);

    // dependsOn: in a preview of the first deployment the workflow does not exist yet, so the URL is
    // unknown rather than a failed lookup.
    const callback = logic.listWorkflowTriggerCallbackUrlOutput(
      { resourceGroupName: args.resourceGroupName, workflowName: workflow.name, triggerName: CHAT_RELAY_TRIGGER },
      { parent: this, dependsOn: [workflow] },
    );

    this.workflowId = workflow.id;
    this.callbackUrl = pulumi.secret(callback.value);
    this.registerOutputs({ workflowId: this.workflowId, callbackUrl: this.callbackUrl });
  }
}
