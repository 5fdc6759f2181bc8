// autocannon ships no type declarations; the benchmark uses a small part of its API.
declare module "autocannon";
