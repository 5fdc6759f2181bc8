// …and beta reaches back into alpha: a cycle between two modules.
import { alphaThing } from "../alpha/alpha.service.ts";

export const betaThing = 1;
export const betaEcho = () => alphaThing;
