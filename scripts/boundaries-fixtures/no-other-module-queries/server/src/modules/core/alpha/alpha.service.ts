import { betaRowCount } from "../beta/beta.queries.ts";

export const alphaCount = () => betaRowCount() + 1;
