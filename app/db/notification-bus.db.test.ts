// The LISTEN/NOTIFY bus between instances, against a real PostgreSQL server of its own (it is
// stopped and started here, which must not disturb other test files).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  MAX_PAYLOAD_BYTES,
  openNotificationBus,
  type BusMessage,
  type NotificationBus,
} from "./notification-bus.server";
import { pollUntil } from "../../test/support/deadlines";
import {
  createDatabase,
  createPostgresCluster,
  destroyPostgresCluster,
  startPostgres,
  stopPostgres,
  type PostgresCluster,
} from "../../test/support/postgres-cluster";

function collect(bus: NotificationBus): BusMessage[] {
  const received: BusMessage[] = [];
  bus.subscribe((message) => received.push(message));
  return received;
}

describe.skipIf(process.env.TEST_DATABASE !== "postgres")(
  "notification bus (postgres project only: needs PostgreSQL)",
  () => {
    let cluster: PostgresCluster;
    let first: NotificationBus;
    let second: NotificationBus;

    beforeAll(async () => {
      cluster = await createPostgresCluster();
      const config = { url: await createDatabase(cluster.adminUrl), poolMax: 2, connectTimeoutMs: 1_000 };
      first = await openNotificationBus(config);
      second = await openNotificationBus(config);
    });

    afterAll(async () => {
      await first?.close();
      await second?.close();
      if (cluster) await destroyPostgresCluster(cluster);
    });

    it("delivers one instance's messages to the others, in order, and not back to itself", async () => {
      const atFirst = collect(first);
      const atSecond = collect(second);
      for (let index = 0; index < 50; index++) expect(first.publish({ type: "piece", index })).toBe(true);
      await pollUntil(async () => atSecond.length === 50, 5_000, "50 messages at the second bus");
      expect(atSecond.map((message) => message.index)).toEqual([...Array(50).keys()]);
      expect(atFirst).toEqual([]);
    });

    it("refuses a message too big for NOTIFY instead of failing later", () => {
      expect(first.publish({ type: "big", text: "x".repeat(MAX_PAYLOAD_BYTES) })).toBe(false);
    });

    it("reconnects by itself after PostgreSQL restarts", async () => {
      const atSecond = collect(second);
      await stopPostgres(cluster);
      await startPostgres(cluster);
      await pollUntil(
        async () => {
          first.publish({ type: "after-restart" });
          await new Promise((resolve) => setTimeout(resolve, 200));
          return atSecond.some((message) => message.type === "after-restart");
        },
        15_000,
        "a message through the bus after the restart",
      );
    }, 30_000);
  },
);
