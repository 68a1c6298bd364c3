/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverBuildPath: "build/index.js",
  // remix-utils 7 ships ESM only; the workspace packages (@consult-summary/*) are TypeScript sources. drizzle-orm is bundled because Node's ESM loader resolves its
  // hundreds of modules against a 180 KB package.json: bundled, the server starts with 126 MiB
  // resident instead of 270 MiB (measured with /proc/<pid>/status after start).
  serverDependenciesToBundle: [/^remix-utils/, /^drizzle-orm/, /^@consult-summary\//],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
