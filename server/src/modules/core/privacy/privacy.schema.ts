import { z } from "zod";

export const ZReveal = z.object({ reason: z.string().trim().min(4, "请说明原因 / give a reason").max(200) });
export const ZRevealed = z.object({ phone: z.string().nullable(), idNumber: z.string().nullable() });

/** Everything Linli holds about the caller, by table (PIPL Art. 45). */
export const ZMyData = z.record(z.string(), z.unknown());
