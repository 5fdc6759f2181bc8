import { z } from "zod";
import { type App, needs, PUBLIC } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZCategory,
  ZCategoryParams,
  ZCategoryQuery,
  ZCreateCategory,
  ZUpdateCategory,
} from "./categories.schema.ts";
import { createCategory, listCategoriesOf, updateCategoryOf } from "./categories.service.ts";

export function registerCategoryRoutes(app: App): void {
  const tags = ["requests"];

  app.get(
    "/communities/:communityId/categories",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: "Request categories of a community with their time limits (defaults created on first use)",
        params: ZCommunityParams,
        querystring: ZCategoryQuery,
        response: { 200: z.array(ZCategory), ...errorResponses },
      },
    },
    async (req) => listCategoriesOf(app.db, req.params.communityId, req.query.all ?? false),
  );

  app.post(
    "/communities/:communityId/categories",
    {
      config: { access: needs("requests.configure") },
      schema: {
        tags,
        summary: "Add a category (community staff); audited",
        params: ZCommunityParams,
        body: ZCreateCategory,
        response: { 200: ZCategory, ...errorResponses },
      },
    },
    async (req) => createCategory(app.db, req.actor, req.params.communityId, req.body),
  );

  app.patch(
    "/communities/:communityId/categories/:categoryId",
    {
      config: { access: needs("requests.configure") },
      schema: {
        tags,
        summary: "Change a category's names, kinds, time limits, order, or stop using it; audited",
        params: ZCategoryParams,
        body: ZUpdateCategory,
        response: { 200: ZCategory, ...errorResponses },
      },
    },
    async (req) =>
      updateCategoryOf(app.db, req.actor, req.params.communityId, req.params.categoryId, req.body),
  );
}
