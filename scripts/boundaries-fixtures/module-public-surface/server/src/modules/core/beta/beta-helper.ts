export const betaLabel = (name: string) => `beta ${name}`;
