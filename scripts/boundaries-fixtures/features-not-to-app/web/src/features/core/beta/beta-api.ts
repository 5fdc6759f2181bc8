import { frameName } from "../../../app/app-frame.ts";

export const betaTitle = `beta in ${frameName}`;
