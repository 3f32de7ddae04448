import { unknownValue } from "@pulumi/pulumi/runtime";
import { isUnknown, UNKNOWN } from "../../provider/model/unknowns";

describe("the model's unknown sentinel", () => {
  it("is the one @pulumi/pulumi puts in a dynamic provider's inputs during a preview", () => {
    expect(UNKNOWN).toBe(unknownValue);
    expect(isUnknown(unknownValue)).toBe(true);
    expect(isUnknown(["a", unknownValue])).toBe(true);
    expect(isUnknown("a")).toBe(false);
  });
});
