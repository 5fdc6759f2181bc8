import { one } from "./alpha-one.ts";

export const two = () => one() + 1;
