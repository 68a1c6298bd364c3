import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";

import { GeneralErrorBoundary } from "./components/error-boundary";
import { getConfig } from "./config/env.server";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [
  { title: "Consult Summary" },
  {
    name: "description",
    content: "Structured clinical summaries of consultations, streamed as they are written.",
  },
];

export function loader() {
  return json({ authMode: getConfig().authMode });
}

function Document({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

function AppHeader() {
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        Consult Summary
      </Link>
    </header>
  );
}

export default function App() {
  const { authMode } = useLoaderData<typeof loader>();
  return (
    <Document>
      {authMode === "local" ? (
        <p className="local-mode-banner" role="status">
          <strong>Local mode — no sign-in.</strong> Single user on this machine; anyone who can reach this
          server can read its consultations.
        </p>
      ) : null}
      <AppHeader />
      <main className="page">
        <Outlet />
      </main>
    </Document>
  );
}

export function ErrorBoundary() {
  return (
    <Document>
      <AppHeader />
      <main className="page">
        <GeneralErrorBoundary />
      </main>
    </Document>
  );
}
