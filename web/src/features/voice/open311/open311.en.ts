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
    areaTitle: "Community area (checks submitted coordinates)",
    areaUnset: "No community area is set yet: only coordinates outside China are refused.",
    areaSet:
      "Centre: latitude {{latitude}}, longitude {{longitude}}, radius {{radius}} m. Coordinates farther than {{radius}} m plus a {{margin}} m margin from the centre are refused. (Set {{at}} by {{by}})",
    areaHint:
      "City platforms may send coordinates (lat, long) with an Open311 request. So that a problem elsewhere is not filed with this community, enter the community's centre (WGS-84, as phones and GeoReport use) and a radius that covers the whole community.",
    lat: "Latitude",
    lng: "Longitude",
    radius: "Radius",
    metres: "m",
    latRequired: "Enter a latitude from -90 to 90",
    lngRequired: "Enter a longitude from -180 to 180",
    radiusRequired: "Enter a radius from 100 to 50,000 m",
    areaSave: "Save area",
    areaSaved: "Community area saved",
  },
};
