import { betaTitle } from "../../core/beta/beta-api.ts";

export const AlphaPage = () => <p>{betaTitle}</p>;
