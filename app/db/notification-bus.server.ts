// Messages between the app instances sharing one PostgreSQL database, over LISTEN/NOTIFY on one
// dedicated connection. Publishing on that same connection keeps one instance's messages in the
// order it sent them. Delivery is best effort (nothing is queued while disconnected): users of
// the bus must notice silence and fall back to the database, which stays the source of truth.
import { randomUUID } from "node:crypto";

import pg from "pg";

import type { AppConfig } from "../config/env.server";
import { log } from "../utils/logger.server";

const CHANNEL = "consult_summary";
// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
export const MAX_PAYLOAD_BYTES = 7_900;
const RECONNECT_MS = 1_000;

export type BusMessage = Record<string, unknown> & { type: string };
export type BusHandler = (message: BusMessage) => void;

export interface NotificationBus {
  /** Sends to every other instance; false when the message could not be sent (disconnected, too big). */
  publish(message: BusMessage): boolean;
  subscribe(handler: BusHandler): () => void;
  close(): Promise<void>;
}

export async function openNotificationBus(
  config: NonNullable<AppConfig["postgres"]>,
): Promise<NotificationBus> {
  const instanceId = randomUUID();
  const handlers = new Set<BusHandler>();
  let client: pg.Client | undefined;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | undefined;

  const deliver = (payload: string | undefined) => {
    if (!payload) return;
    let envelope: { from?: string; message?: BusMessage };
    try {
      envelope = JSON.parse(payload) as typeof envelope;
    } catch {
      return;
    }
    if (envelope.from === instanceId || !envelope.message) return;
    for (const handler of handlers) handler(envelope.message);
  };

  const scheduleReconnect = () => {
    client = undefined;
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect().catch(scheduleReconnect);
    }, RECONNECT_MS);
    reconnectTimer.unref();
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({
      connectionString: config.url,
      connectionTimeoutMillis: config.connectTimeoutMs,
      application_name: "consult-summary-bus",
    });
    next.on("error", (error) => log.warn("notification connection failed", { errorName: error.name }));
    next.on("end", () => {
      if (client === next) scheduleReconnect();
    });
    next.on("notification", (notification) => deliver(notification.payload));
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    client = next;
  }

  await connect();

  return {
    publish(message) {
      const payload = JSON.stringify({ from: instanceId, message });
      if (!client || Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) return false;
      client.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]).catch(() => {});
      return true;
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
