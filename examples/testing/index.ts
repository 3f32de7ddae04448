import { zeroTrust } from "./zeroTrust";

const { organization } = zeroTrust();

export const adopted = organization.adopted;
export const settingsBeforeAdoption = organization.settingsBeforeAdoption;
