import { describe, expect, it } from "vitest";
import { isDatabaseBusy } from "../../../server/db/busy";
import { Prisma } from "../../../server/db/generated/client";

describe("isDatabaseBusy", () => {
  const prismaError = (code: string) =>
    new Prisma.PrismaClientKnownRequestError(
      "Transaction API error: Unable to start a transaction in the given time.",
      {
        code,
        clientVersion: "7",
      },
    );

  it("is true for a transaction that could not start in time and for a pool timeout", () => {
    expect(isDatabaseBusy(prismaError("P2028"))).toBe(true);
    expect(isDatabaseBusy(prismaError("P2024"))).toBe(true);
  });

  it("is false for every other error: a unique violation, a plain error, nothing", () => {
    expect(isDatabaseBusy(prismaError("P2002"))).toBe(false);
    expect(isDatabaseBusy(new Error("boom"))).toBe(false);
    expect(isDatabaseBusy(undefined)).toBe(false);
    expect(isDatabaseBusy({ code: 2028 })).toBe(false);
  });
});
