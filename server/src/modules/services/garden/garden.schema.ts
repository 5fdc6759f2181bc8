// The contract of garden plots and tree adoption (C4): bodies, queries and answers of every route; also
// the OpenAPI document and the web app's types.
import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { ZDay } from "../canteen/canteen.schema.ts";

const ZId = z.number().int().positive();
const param = () => z.coerce.number().int().positive();
export const ZApplicationStatus = z
  .enum(["applied", "approved", "declined", "rejected"])
  .describe(
    "applied: waiting; approved: a lease; declined: another household got the plot (or the lottery); rejected: refused by staff with a reason (未通过)",
  );
export const ZLeaseStatus = z.enum(["active", "expired"]);
export const ZPlotState = z.enum(["free", "leased"]);

export const ZPlotParams = ZCommunityParams.extend({ plotId: param() });
export const ZLeaseParams = ZCommunityParams.extend({ leaseId: param() });
export const ZTreeParams = ZCommunityParams.extend({ treeId: param() });
export const ZCarePhotoParams = ZTreeParams.extend({ careId: param() });

export const ZCreatePlot = z.object({
  code: z.string().trim().min(1).max(20).describe("the plot's code on the ground, e.g. A-03"),
  sizeM2: z.number().positive().max(10000).describe("size in m² (one decimal is kept)"),
  rentYuan: z
    .union([z.number(), z.string().trim().max(20)])
    .describe(
      "yearly rent in yuan, 100–500, a whole number of fen (at most two decimals); stored in fen. A fraction of a fen is refused (GARDEN_RENT_FRACTION)",
    ),
  note: z.string().trim().max(500).default(""),
  applyUntil: z.coerce
    .date()
    .optional()
    .describe(
      "an application window until this time: its applications are then allocated, by the lottery the plot opens when more than one household applied",
    ),
});
export type TCreatePlot = z.output<typeof ZCreatePlot>;

export const ZPlotsQuery = z.object({
  q: z.string().trim().max(40).optional().describe("words in the code or note"),
  state: ZPlotState.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TPlotsQuery = z.output<typeof ZPlotsQuery>;

const ZMyLease = z.object({
  id: ZId,
  startsOn: z.string(),
  endsOn: z.string(),
  status: ZLeaseStatus,
  renewable: z.boolean().describe("in the lease's last month: the holder may renew it for a year"),
});

export const ZPlot = z.object({
  id: ZId,
  communityId: ZId,
  code: z.string(),
  sizeM2: z.number(),
  rentFen: z.number().int(),
  note: z.string(),
  applyUntil: z.string().nullable(),
  lotteryId: z.number().int().nullable(),
  allocated: z.boolean(),
  state: ZPlotState,
  leaseEndsOn: z.string().nullable().describe("the active lease's last day"),
  applications: z.number().int().describe("applications waiting for a decision"),
  mine: z
    .object({
      applicationId: ZId.nullable(),
      applicationStatus: ZApplicationStatus.nullable(),
      rejectReason: z.string().nullable().describe("staff's reason when the application was rejected"),
      lease: ZMyLease.nullable(),
    })
    .nullable()
    .describe("the caller's household's application and lease of this plot"),
});
export const ZPlotList = z.object({ total: z.number().int(), items: z.array(ZPlot) });
export const ZPlotCreated = z.object({
  plot: ZPlot,
  lotterySecret: z
    .string()
    .nullable()
    .describe("the secret of the plot's lottery, shown this once to the organiser (null: no window)"),
});

export const ZApplyResult = z.object({ applicationId: ZId, status: ZApplicationStatus });

export const ZApplicationsQuery = z.object({
  q: z.string().trim().max(40).optional().describe("words in the plot's code or the applicant's name"),
  status: ZApplicationStatus.optional(),
  plotId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TApplicationsQuery = z.output<typeof ZApplicationsQuery>;
export const ZApplication = z.object({
  id: ZId,
  plotId: ZId,
  plotCode: z.string(),
  rentFen: z.number().int(),
  residentId: ZId,
  name: z.string(),
  phone: z.string().nullable().describe("masked"),
  householdId: ZId,
  status: ZApplicationStatus,
  inWindow: z.boolean().describe("the plot's application window is still open"),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable().describe("staff's reason when rejected"),
});
export const ZApplicationList = z.object({ total: z.number().int(), items: z.array(ZApplication) });

export const ZApprove = z.object({
  applications: z.array(ZId).min(1).max(200).describe("the applications to approve, in this order"),
});
export type TApprove = z.output<typeof ZApprove>;
export const ZApproveResult = z.object({
  approved: z.array(z.object({ applicationId: ZId, leaseId: ZId, ledgerTransactionId: z.number().int() })),
  refused: z.array(
    z.object({ applicationId: z.number().int(), code: z.string(), zh: z.string(), en: z.string() }),
  ),
});
export const ZReject = z.object({
  applications: z
    .array(ZId)
    .min(1)
    .max(200)
    .describe("the waiting applications to reject (one, or a batch): all of them or none"),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe("why, shown to the applicant with 未通过, e.g. 不是本社区常住户"),
});
export type TReject = z.output<typeof ZReject>;
export const ZRejectResult = z.object({ rejected: z.array(ZId) });
export const ZAllocateResult = z.object({
  leaseId: ZId.nullable(),
  declined: z.number().int(),
  byLottery: z.boolean(),
});

export const ZLeasesQuery = z.object({
  q: z.string().trim().max(40).optional().describe("words in the plot's code or the holder's name"),
  status: ZLeaseStatus.optional(),
  endsBefore: ZDay.optional().describe("leases ending on or before this day"),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TLeasesQuery = z.output<typeof ZLeasesQuery>;
export const ZLease = z.object({
  id: ZId,
  plotId: ZId,
  plotCode: z.string(),
  sizeM2: z.number(),
  residentId: ZId,
  name: z.string(),
  phone: z.string().nullable().describe("masked"),
  startsOn: z.string(),
  endsOn: z.string(),
  status: ZLeaseStatus,
  renewals: z.number().int(),
  rentPaidFen: z.number().int().describe("all years' rent booked on the ledger"),
});
export const ZLeaseList = z.object({ total: z.number().int(), items: z.array(ZLease) });
export const ZRenewResult = z.object({
  leaseId: ZId,
  endsOn: z.string(),
  rentFen: z.number().int(),
  ledgerTransactionId: z.number().int(),
});

export const ZCreateTree = z.object({
  code: z.string().trim().min(1).max(20),
  species: z.string().trim().min(1).max(40).describe("e.g. 桂花"),
  location: z.string().trim().max(100).default(""),
});
export type TCreateTree = z.output<typeof ZCreateTree>;
export const ZTree = z.object({
  id: ZId,
  communityId: ZId,
  code: z.string(),
  species: z.string(),
  location: z.string(),
  adopted: z.boolean(),
  adoptedByMine: z.boolean().describe("adopted by the caller's household"),
  adopterName: z.string().nullable().describe("staff only: the adopting resident's name"),
  adoptedAt: z.string().nullable(),
  cares: z.number().int(),
  lastCareOn: z.string().nullable(),
});
export const ZTreeList = z.object({ items: z.array(ZTree) });
export const ZTreeCreated = z.object({ tree: ZTree });
export const ZAdoptResult = z.object({ adoptionId: ZId, treeId: ZId });
export const ZEndAdoptionResult = z.object({
  adoptionId: ZId,
  treeId: ZId,
  endedAt: z.string().describe("the tree is free to adopt again; its care records stay"),
});

export const ZAddCare = z.object({
  doneOn: ZDay.describe("the day it was done (not in the future)"),
  what: z.string().trim().min(1).max(500).describe("what was done, e.g. 浇水、修剪"),
});
export type TAddCare = z.output<typeof ZAddCare>;
export const ZCare = z.object({
  id: ZId,
  treeId: ZId,
  doneOn: z.string(),
  what: z.string(),
  hasPhoto: z.boolean(),
  createdAt: z.string(),
});
export const ZCareList = z.object({ items: z.array(ZCare) });
export const ZCareCreated = z.object({ care: ZCare });

export const ZMyGarden = z.object({
  leases: z.array(
    ZMyLease.extend({
      communityId: ZId,
      communityName: z.string(),
      plotId: ZId,
      plotCode: z.string(),
      rentFen: z.number().int(),
    }),
  ),
  applications: z.array(
    z.object({
      id: ZId,
      communityId: ZId,
      plotId: ZId,
      plotCode: z.string(),
      status: ZApplicationStatus,
      rejectReason: z.string().nullable().describe("staff's reason when rejected"),
    }),
  ),
  trees: z.array(
    z.object({ communityId: ZId, treeId: ZId, code: z.string(), species: z.string(), adoptedAt: z.string() }),
  ),
});
