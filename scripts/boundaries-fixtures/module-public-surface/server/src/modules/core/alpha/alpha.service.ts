import { betaLabel } from "../beta/beta-helper.ts";

export const alphaLabel = () => betaLabel("alpha");
