import type { Open311Messages } from "./open311.zh-CN";

export const open311En: Open311Messages = {
  open311: {
    title: "Open311 API keys",
    subtitle: "For district and city platforms submitting and reading requests (GeoReport v2)",
    name: "Used by",
    nameHint: "Who uses the key, e.g. the district 12345 hotline",
    namePlaceholder: "District 12345 hotline",
    nameRequired: "Who uses it (2 to 60 characters)",
    prefix: "Key prefix",
    createdAt: "Created",
    state: "State",
    active: "Active",
    revokedAt: "Revoked {{at}}",
    create: "New key",
    createSubmit: "Create",
    createdTitle: "Key created",
    onceOnly:
      "The key is shown only now: copy it and keep it safe. Only its hash is stored; it cannot be shown again.",
    savedIt: "I have saved it",
    revoke: "Revoke",
    revokeConfirm: "Revoke the key of “{{name}}”? It can no longer submit requests.",
    revoked: "Revoked",
    endpoints: "Endpoints:",
  },
};
