export * from "./common";
export * from "./duration";
export * from "./naming";
export * from "./organization";
export * from "./doh";
export * from "./revoke";
export * from "./wire";
export * from "./scope";
