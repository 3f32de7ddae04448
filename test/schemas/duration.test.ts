import { z } from "zod";
import { parseDuration, sameDuration } from "../../provider/model/duration";
import { duration } from "../../provider/model/schema";

describe("parseDuration (Go syntax)", () => {
  it.each([
    ["300ms", 300e6],
    ["2h45m", 2 * 3600e9 + 45 * 60e9],
    ["1.5h", 5400e9],
    [".5h", 1800e9],
    ["1h0m0s", 3600e9],
    ["90s", 90e9],
    ["10us", 10e3],
    ["10µs", 10e3],
    ["10μs", 10e3],
    ["7ns", 7],
    ["0", 0],
    ["+5m", 300e9],
  ])("%s is %d ns", (text, ns) => {
    expect(parseDuration(text)?.ns).toBe(ns);
  });

  it.each(["", "5", "h", "1d", "1H", "-5m", "5 m", "5m ", "1h-5m", "1..5h", "abc", "10mss", "1e3s"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("compares durations by value", () => {
    expect(sameDuration("24h", "1440m")).toBe(true);
    expect(sameDuration("24h", "24h0m0s")).toBe(true);
    expect(sameDuration("24h", "86400s")).toBe(true);
    expect(sameDuration("24h", "25h")).toBe(false);
    expect(sameDuration("24h", "nonsense")).toBe(false);
  });
});

describe("duration() schema", () => {
  const check = (schema: z.ZodType, value: string) => {
    const r = schema.safeParse(value);
    return r.success ? "ok" : r.error.issues[0]!.message;
  };

  it("accepts every Go unit by default", () => {
    for (const v of ["300ms", "2h45m", "1ns", "5us", "0"]) expect(check(duration(), v)).toBe("ok");
    expect(check(duration(), "5 days")).toMatch(/must be a duration such as 300ms or 2h45m/);
  });

  it("restricts units to minutes and hours when asked", () => {
    const mh = duration({ minutesOrHours: true });
    expect(check(mh, "30m")).toBe("ok");
    expect(check(mh, "2h45m")).toBe("ok");
    expect(check(mh, "90s")).toMatch(/minutes \(m\) or hours \(h\)/);
    expect(check(mh, "1h30s")).toMatch(/minutes \(m\) or hours \(h\)/);
  });

  it("applies bounds", () => {
    const mfa = duration({ minutesOrHours: true, minHours: 0, maxHours: 720 });
    expect(check(mfa, "0m")).toBe("ok");
    expect(check(mfa, "720h")).toBe("ok");
    expect(check(mfa, "43200m")).toBe("ok");
    expect(check(mfa, "721h")).toBe("must be between 0m and 720h (got 721h)");
    expect(check(duration({ minHours: 730 }), "729h59m")).toBe("must be at least 730h (got 729h59m)");
    expect(check(duration({ minHours: 730 }), "730h")).toBe("ok");
  });
});
