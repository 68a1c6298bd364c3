import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import regexp from "eslint-plugin-regexp";
import globals from "globals";
import tseslint from "typescript-eslint";

const crossPackageImports = {
  group: ["**/packages/**", "**/eval/src/**", "**/eval/test/**", "@consult-summary/*/src/**"],
  message:
    "Import another package through its exports entry (@consult-summary/core/…, @consult-summary/eval/…).",
};
const appImports = { group: ["**/app/**", "~/*"], message: "The shared packages never import the app." };
const evalImports = {
  group: ["@consult-summary/eval", "@consult-summary/eval/*"],
  message: "The core never imports the eval.",
};

/** One no-restricted-imports setting: a later block for the same files replaces an earlier one. */
function restrictedImports(...patterns) {
  return { "no-restricted-imports": ["error", { patterns }] };
}

export default tseslint.config(
  {
    ignores: [
      "build/",
      "public/build/",
      "data/",
      ".cache/",
      "node_modules/",
      "eval/node_modules/",
      "packages/*/node_modules/",
      "eval/dist/",
      "eval/.data/",
      "eval/.promptfoo/",
      "test-results/",
      "infra/cdk.out/",
      "infra/node_modules/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Every database call is async: a forgotten await would lose errors and ordering silently.
    files: ["app/**/*.{ts,tsx}", "packages/**/*.ts", "server/**/*.ts", "test/**/*.ts", "scripts/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { react, "react-hooks": reactHooks },
    settings: { react: { version: "detect" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    // The app's text functions run on pasted consultations of up to 100,000 characters and on model
    // output: an expression that backtracks or rescans super-linearly can stall the server (issue #14).
    files: ["app/**/*.{ts,tsx}", "packages/core/src/**/*.ts"],
    ignores: ["packages/core/src/testing/fake-openai-server.ts"],
    plugins: { regexp },
    rules: {
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": "error",
    },
  },
  {
    // Packages meet only at their `exports` entries (package.json): nothing reaches into another
    // package's folders, and the shared packages never import the app.
    files: ["**/*.{ts,tsx,js}"],
    rules: restrictedImports(crossPackageImports),
  },
  {
    files: ["eval/**/*.ts"],
    rules: restrictedImports(crossPackageImports, appImports),
  },
  {
    files: ["packages/**/*.ts"],
    rules: restrictedImports(crossPackageImports, appImports, evalImports),
  },
  prettier,
);
