export const frameName = "staff";
