// Deliberately bad: alpha builds on beta…
import { betaThing } from "../beta/beta.service.ts";

export const alphaThing = betaThing + 1;
