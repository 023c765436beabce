/** Pulumi type tokens the rules look at. */
export const T = {
  WebApp: "azure-native:web:WebApp",
  WebAppSlot: "azure-native:web:WebAppSlot",
  Plan: "azure-native:web:AppServicePlan",
  FtpAllowed: "azure-native:web:WebAppFtpAllowed",
  ScmAllowed: "azure-native:web:WebAppScmAllowed",
  FtpAllowedSlot: "azure-native:web:WebAppFtpAllowedSlot",
  ScmAllowedSlot: "azure-native:web:WebAppScmAllowedSlot",
  Registry: "azure-native:containerregistry:Registry",
  Vault: "azure-native:keyvault:Vault",
  Workspace: "azure-native:operationalinsights:Workspace",
  Component: "azure-native:applicationinsights:Component",
  WebTest: "azure-native:applicationinsights:WebTest",
  MetricAlert: "azure-native:monitor:MetricAlert",
  Autoscale: "azure-native:monitor:AutoscaleSetting",
  DiagnosticSetting: "azure-native:monitor:DiagnosticSetting",
  Lock: "azure-native:authorization:ManagementLockByScope",
  RoleAssignment: "azure-native:authorization:RoleAssignment",
  PrivateEndpoint: "azure-native:network:PrivateEndpoint",
  PrivateDnsZoneGroup: "azure-native:network:PrivateDnsZoneGroup",
  VirtualNetworkLink: "azure-native:privatedns:VirtualNetworkLink",
  AgentPool: "azure-native:devopsinfrastructure:Pool",
} as const;

/** Sites: the production app and its slots carry the same security settings. */
export const SITE_TYPES = [T.WebApp, T.WebAppSlot];
