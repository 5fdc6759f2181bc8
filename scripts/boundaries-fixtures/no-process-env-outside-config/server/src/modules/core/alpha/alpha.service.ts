export const alphaLimit = () => Number(process.env.ALPHA_LIMIT ?? 10);
