export const signingPackage = "signing";
