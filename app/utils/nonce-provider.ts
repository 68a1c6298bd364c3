import { createContext, createElement, useContext, type ReactNode } from "react";

// The per-request Content-Security-Policy nonce. The server renders it onto script tags; in the
// browser it is empty (browsers hide nonce attributes from scripts anyway).
const NonceContext = createContext("");

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return createElement(NonceContext.Provider, { value }, children);
}

export function useNonce(): string {
  return useContext(NonceContext);
}
