import { execFileSync } from "node:child_process";
import path from "node:path";
import fc from "fast-check";
import { describeReading, headroom, parseRateLimit, tightest } from "../../provider/client";
import { REPO_ROOT } from "../support/repo";
import { runs } from "../support/seed";

describe("parseRateLimit", () => {
  it("reads Cloudflare's headers", () => {
    expect(parseRateLimit({ ratelimit: '"default";r=50;t=30', "ratelimit-policy": '"default";q=1200;w=300' })).toEqual([
      { remaining: 50, resetSeconds: 30, quota: 1200, windowSeconds: 300 },
    ]);
  });

  it("takes parameters in any order, unknown parameters, token names, and headers repeated on several lines", () => {
    const headers = {
      ratelimit: ['burst;pk=:AQID:;t=1;r=9', ' "daily"; r=700'],
      "ratelimit-policy": 'daily;w=86400;qu="requests";q=1000, "burst";q=10;w=1',
    };
    expect(parseRateLimit(headers)).toEqual([
      { remaining: 9, resetSeconds: 1, quota: 10, windowSeconds: 1 },
      { remaining: 700, resetSeconds: undefined, quota: 1000, windowSeconds: 86400 },
    ]);
  });

  it.each([
    ["absent", {}],
    ["not a structured list", { ratelimit: "default r=5" }],
    ["a negative remaining", { ratelimit: '"default";r=-1;t=3' }],
    ["no remaining", { ratelimit: '"default";t=3' }],
    ["a remaining that is not a number", { ratelimit: '"default";r="5"' }],
    ["an inner list", { ratelimit: '("default");r=5' }],
    ["a space before a parameter (RFC 9651 drops the whole field)", { ratelimit: '"default" ;r=5, "other";r=9' }],
  ])("ignores a header that is %s", (_name, headers) => {
    expect(parseRateLimit(headers)).toEqual([]);
  });

  it("uses a limit without a policy, keeping no reserve for it", () => {
    const readings = parseRateLimit({ ratelimit: '"default";r=5;t=2', "ratelimit-policy": '"other";q=100;w=60' });
    expect(readings).toEqual([{ remaining: 5, resetSeconds: 2, quota: undefined, windowSeconds: undefined }]);
    expect(headroom(readings[0]!, 0.1)).toBe(5);
  });

  it("never throws, whatever the headers hold", () => {
    const value = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(value, value, (ratelimit, policy) => {
        const readings = parseRateLimit({ ratelimit, "ratelimit-policy": policy });
        for (const r of readings) expect(Number.isInteger(r.remaining) && r.remaining >= 0).toBe(true);
      }),
      { numRuns: runs(2000) },
    );
  });

  it("reads every item of well-formed headers, however written, and the tightest leaves the fewest above its reserve", () => {
    const limit = fc.record({
      remaining: fc.nat(5000),
      reset: fc.option(fc.nat(600), { nil: undefined }),
      quota: fc.integer({ min: 1, max: 5000 }),
      window: fc.integer({ min: 1, max: 86400 }),
      token: fc.boolean(),
      extra: fc.boolean(),
      reversed: fc.boolean(),
    });
    const limits = fc.uniqueArray(limit, { minLength: 1, maxLength: 4, selector: (l) => l.remaining }).map((ls) => ls.map((l, i) => ({ ...l, name: `p${i}` })));
    const list = (items: string[], space: boolean) => items.join(space ? ", " : ",");
    fc.assert(
      fc.property(limits, fc.boolean(), fc.double({ min: 0, max: 0.99, noNaN: true }), (ls, space, reserve) => {
        const name = (l: (typeof ls)[number]) => (l.token ? l.name : `"${l.name}"`);
        const params = (l: (typeof ls)[number], pairs: string[]) => [name(l), ...(l.reversed ? pairs.reverse() : pairs), ...(l.extra ? ["x=?1"] : [])].join(";");
        const headers = {
          ratelimit: list(ls.map((l) => params(l, [`r=${l.remaining}`, ...(l.reset === undefined ? [] : [`t=${l.reset}`])])), space),
          "ratelimit-policy": list([...ls].reverse().map((l) => params(l, [`q=${l.quota}`, `w=${l.window}`])), space),
        };
        const readings = parseRateLimit(headers);
        expect(readings).toEqual(ls.map((l) => ({ remaining: l.remaining, resetSeconds: l.reset, quota: l.quota, windowSeconds: l.window })));
        const chosen = tightest(readings, reserve)!;
        for (const r of readings) expect(headroom(chosen, reserve)).toBeLessThanOrEqual(headroom(r, reserve));
        expect(headroom(chosen, reserve)).toBe(Math.min(...ls.map((l) => l.remaining - Math.ceil(reserve * l.quota))));
      }),
      { numRuns: runs(500) },
    );
  });
});

describe("the header parser itself", () => {
  it("is found and works under tsx (bench/ runs the client in-process there): module resolution node16, no paths mapping", () => {
    // with a `paths` mapping to the type file, tsx loaded no parser and every answer silently had "no budget"
    const script =
      'import { parseRateLimit } from "./provider/client/rateLimitHeaders";' +
      "console.log(JSON.stringify(parseRateLimit({ ratelimit: '\"default\";r=5;t=30' })));";
    const out = execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules/tsx/dist/cli.mjs"), "--eval", script], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual([{ remaining: 5, resetSeconds: 30 }]);
  });

  it("fails loudly when the parser itself fails (missing, not a function); only a header that does not parse reads as none", () => {
    expect(parseRateLimit({ ratelimit: "r=5;;;" })).toEqual([]);
    jest.isolateModules(() => {
      jest.doMock("structured-headers", () => ({ ...jest.requireActual("structured-headers"), parseList: undefined }));
      const isolated = require("../../provider/client/rateLimitHeaders") as typeof import("../../provider/client/rateLimitHeaders");
      expect(() => isolated.parseRateLimit({ ratelimit: '"default";r=5;t=30' })).toThrow(TypeError);
    });
  });
});

describe("describeReading", () => {
  it("says what Cloudflare said, for messages", () => {
    expect(describeReading({ remaining: 0, resetSeconds: 86400, quota: 1200, windowSeconds: 300 })).toBe("Ratelimit r=0;t=86400");
    expect(describeReading({ remaining: 3, resetSeconds: undefined, quota: 1200, windowSeconds: 300 })).toBe("Ratelimit r=3 (Ratelimit-Policy w=300)");
  });
});
