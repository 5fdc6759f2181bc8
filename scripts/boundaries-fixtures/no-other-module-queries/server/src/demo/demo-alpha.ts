import { betaRowCount } from "../modules/core/beta/beta.queries.ts";

export const demoCount = () => betaRowCount();
