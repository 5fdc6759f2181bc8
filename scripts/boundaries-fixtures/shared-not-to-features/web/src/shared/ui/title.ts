import { betaTitle } from "../../features/core/beta/beta-api.ts";

export const sharedTitle = () => betaTitle;
