import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import {
  ZDonations,
  ZExchangeResult,
  ZExchangesQuery,
  ZMallItem,
  ZMallItemParams,
  ZMallItems,
  ZMallItemsQuery,
  ZMallParams,
  ZMallShop,
  ZMallWindow,
  ZMallWindows,
  ZMyExchanges,
  ZNewDonation,
  ZNewExchange,
  ZNewMallItem,
  ZNewWindow,
  ZPatchMallItem,
  ZPickup,
  ZPickupResult,
  ZStaffExchanges,
} from "./mall.schema.ts";
import {
  addDonation,
  createItem,
  createWindow,
  exchange,
  exportItems,
  listDonations,
  listExchanges,
  listItems,
  listWindows,
  myExchanges,
  pickup,
  shop,
  updateItem,
} from "./mall.service.ts";

export function registerMallRoutes(app: App): void {
  const tags = ["mall"];
  const base = "/communities/:communityId/mall";

  app.get(
    `${base}/shop`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The points mall as a resident sees it (积分商城): active items with price and stock, whether exchange is open (exchange days), the caller's balance; for the community's verified residents and mall staff",
        params: ZMallParams,
        response: { 200: ZMallShop, ...errorResponses },
      },
    },
    async (req) => shop(app.db, req.actor, req.params.communityId),
  );

  app.get(
    `${base}/items`,
    {
      config: { access: needs("mall.read") },
      schema: {
        tags,
        summary:
          "The mall's items for staff (name, status, kind, organisation); a unit's representative sees its own organisation's",
        params: ZMallParams,
        querystring: ZMallItemsQuery,
        response: { 200: ZMallItems, ...errorResponses },
      },
    },
    async (req) => listItems(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    `${base}/items/export.xlsx`,
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The items list as Excel with the list's filters (roles holding data.export and mall.read); audited",
        params: ZMallParams,
        querystring: ZMallItemsQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportItems(app.db, req.actor, req.params.communityId, req.query);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );

  app.post(
    `${base}/items`,
    {
      config: { access: needs("mall.manage") },
      schema: {
        tags,
        summary:
          "List a new item (goods or a service) with its price in points, value, pickup place, per-person limit and expiry days; stock comes with donations; a unit's representative only for its organisation; audited",
        params: ZMallParams,
        body: ZNewMallItem,
        response: { 200: ZMallItem, ...errorResponses },
      },
    },
    async (req) => createItem(app.db, req.actor, req.params.communityId, req.body),
  );

  app.patch(
    `${base}/items/:itemId`,
    {
      config: { access: needs("mall.manage") },
      schema: {
        tags,
        summary: "Change an item (name, price, pickup place, expiry days) or withdraw it; audited",
        params: ZMallItemParams,
        body: ZPatchMallItem,
        response: { 200: ZMallItem, ...errorResponses },
      },
    },
    async (req) => updateItem(app.db, req.actor, req.params.communityId, req.params.itemId, req.body),
  );

  app.post(
    `${base}/items/:itemId/donations`,
    {
      config: { access: needs("mall.manage") },
      schema: {
        tags,
        summary:
          "Record a donation to an item (the unit, merchant or person, quantity, value in fen): adds to its stock; audited",
        params: ZMallItemParams,
        body: ZNewDonation,
        response: { 200: z.object({ id: z.number().int(), item: ZMallItem }), ...errorResponses },
      },
    },
    async (req) => addDonation(app.db, req.actor, req.params.communityId, req.params.itemId, req.body),
  );

  app.get(
    `${base}/donations`,
    {
      config: { access: needs("mall.read") },
      schema: {
        tags,
        summary: "Donations to the mall, newest first, with their total value",
        params: ZMallParams,
        response: { 200: ZDonations, ...errorResponses },
      },
    },
    async (req) => listDonations(app.db, req.actor, req.params.communityId),
  );

  app.post(
    `${base}/exchanges`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Exchange points for one of an item (a verified resident): points debited and stock reserved in one transaction, a 6-digit pickup code with its QR; too few points, sold out (已兑完), over the limit or outside an exchange day → 409 and nothing changed; the same key again answers the first exchange",
        params: ZMallParams,
        body: ZNewExchange,
        response: { 200: ZExchangeResult, ...errorResponses },
      },
    },
    async (req) => exchange(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    "/me/mall/exchanges",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "My exchanges (我的兑换): pickup codes with QR, status and expiry",
        response: { 200: ZMyExchanges, ...errorResponses },
      },
    },
    async (req) => myExchanges(app.db, req.actor),
  );

  app.get(
    `${base}/exchanges`,
    {
      config: { access: needs("mall.redeem") },
      schema: {
        tags,
        summary:
          "Exchanges for pickup staff (names masked, no codes); a unit's representative sees its own organisation's items'",
        params: ZMallParams,
        querystring: ZExchangesQuery,
        response: { 200: ZStaffExchanges, ...errorResponses },
      },
    },
    async (req) => listExchanges(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    `${base}/pickups`,
    {
      config: { access: needs("mall.redeem") },
      schema: {
        tags,
        summary:
          "Hand out an exchange by its pickup code (typed or scanned), once; only the item's organisation or community staff; a used code → 409; audited",
        params: ZMallParams,
        body: ZPickup,
        response: { 200: ZPickupResult, ...errorResponses },
      },
    },
    async (req) => pickup(app.db, req.actor, req.params.communityId, req.body.code),
  );

  app.get(
    `${base}/windows`,
    {
      config: { access: needs("mall.read") },
      schema: {
        tags,
        summary: "The mall's exchange days (兑换日)",
        params: ZMallParams,
        response: { 200: ZMallWindows, ...errorResponses },
      },
    },
    async (req) => listWindows(app.db, req.actor, req.params.communityId),
  );

  app.post(
    `${base}/windows`,
    {
      config: { access: needs("mall.manage") },
      schema: {
        tags,
        summary:
          "Set an exchange day (兑换日): exchange opens only inside the community's windows once it has any; announced as a notice to residents; audited",
        params: ZMallParams,
        body: ZNewWindow,
        response: { 200: ZMallWindow, ...errorResponses },
      },
    },
    async (req) => createWindow(app.db, req.actor, req.params.communityId, req.body),
  );
}
