import { ClerkApp, UserButton } from "@clerk/remix";
import { rootAuthLoader } from "@clerk/remix/ssr.server";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { AuthenticityTokenProvider } from "remix-utils/csrf/react";

import { clerkOptions, getUser } from "./auth/auth.server";
import { commitCsrfToken } from "./auth/csrf.server";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { IdleSignOut } from "./components/idle-sign-out";
import { SkipLink } from "./components/skip-link";
import styles from "./styles/app.css";
import { useNonce } from "./utils/nonce-provider";
import { isServerUnreachable } from "./utils/server-unreachable";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction = () => [
  { title: "Consult Summary" },
  {
    name: "description",
    content: "Structured clinical summaries of consultations, streamed as they are written.",
  },
];

async function rootData(args: LoaderFunctionArgs) {
  const { config } = args.context.services;
  const [csrfToken, csrfCookie] = await commitCsrfToken(args.context.services.csrf, args.request);
  const user = await getUser(args);
  return json(
    {
      authMode: config.authMode,
      csrfToken,
      idleMinutes: config.sessionIdleMinutes,
      signedIn: user !== null,
      canReview: user?.role === "reviewer" || user?.role === "admin",
    },
    { headers: csrfCookie ? { "Set-Cookie": csrfCookie } : undefined },
  );
}

export function loader(args: LoaderFunctionArgs) {
  const { config } = args.context.services;
  if (config.authMode === "local") return rootData(args);
  return rootAuthLoader(args, () => rootData(args), clerkOptions(config));
}

/** A post that never reached the server reloads nothing from it: the page says so in place. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  isServerUnreachable((actionResult as { error?: unknown } | undefined)?.error)
    ? false
    : defaultShouldRevalidate;

function Document({ children }: { children: ReactNode }) {
  const nonce = useNonce();
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
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function AppHeader({ account, canReview = false }: { account?: ReactNode; canReview?: boolean }) {
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        Consult Summary
      </Link>
      <nav aria-label="Main" className="app-nav">
        <Link to="/">Consultations</Link>
        {canReview ? <Link to="/review">Review prompts</Link> : null}
      </nav>
      {account}
    </header>
  );
}

function App() {
  const { authMode, csrfToken, idleMinutes, signedIn, canReview } = useLoaderData<typeof loader>();
  const clerk = authMode === "clerk";
  return (
    <Document>
      <SkipLink />
      {clerk ? null : (
        <p className="local-mode-banner" role="status">
          <strong>Local mode — no sign-in.</strong> Single user on this machine; anyone who can reach this
          server can read its consultations.
        </p>
      )}
      <AppHeader
        canReview={canReview}
        account={clerk && signedIn ? <UserButton afterSignOutUrl="/sign-in" /> : undefined}
      />
      {clerk && signedIn ? <IdleSignOut minutes={idleMinutes} /> : null}
      <main className="page" id="main" tabIndex={-1}>
        <AuthenticityTokenProvider token={csrfToken}>
          <Outlet />
        </AuthenticityTokenProvider>
      </main>
    </Document>
  );
}

const ClerkRoot = ClerkApp(App);

export default function Root() {
  const { authMode } = useLoaderData<typeof loader>();
  return authMode === "clerk" ? <ClerkRoot /> : <App />;
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
