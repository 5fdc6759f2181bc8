export const betaTitle = "beta";
