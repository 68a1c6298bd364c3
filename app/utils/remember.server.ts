const store = globalThis as typeof globalThis & { __consultSummary?: Map<string, unknown> };

/** One instance per process, even when `remix dev` re-imports the server build. */
export function remember<T>(name: string, create: () => T): T {
  store.__consultSummary ??= new Map();
  if (!store.__consultSummary.has(name)) store.__consultSummary.set(name, create());
  return store.__consultSummary.get(name) as T;
}

/** Drops the instance and returns it, if there was one, so the caller can close it. */
export function forget<T>(name: string): T | undefined {
  const value = store.__consultSummary?.get(name) as T | undefined;
  store.__consultSummary?.delete(name);
  return value;
}

/** The instance remembered under `name`, without creating one. */
export function recall<T>(name: string): T | undefined {
  return store.__consultSummary?.get(name) as T | undefined;
}
