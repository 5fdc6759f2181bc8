import { two } from "./alpha-two.ts";

export const one = () => 1;
export const three = () => two() + 1;
