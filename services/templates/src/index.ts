import { signingPackage } from "@naskah/signing";
export const templatesUses: string = signingPackage;
