// Comments (D7): who moderates (the community staff everywhere in the community; a grid worker only
// comments on things in their grids — the comment carries its subject's place) and who keeps the
// community's word list (the community staff). Who may read and write comments is the subject's
// module's rule (its registered canRead / canComment), not a permission.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF } from "../../../access/roles.ts";

export const commentsPolicy = definePolicy({
  module: "comments",
  permissions: {
    "comments.moderate": [...COMMUNITY_STAFF, "grid_worker"],
    "comments.configure": [...COMMUNITY_STAFF],
  },
});
