import { SignIn } from "@clerk/remix";
import { redirect } from "@remix-run/node";

import { getConfig } from "~/config/env.server";

export function loader() {
  if (getConfig().authMode === "local") return redirect("/");
  return null;
}

export default function SignInPage() {
  return (
    <section className="auth-page">
      <SignIn routing="path" path="/sign-in" signUpUrl="/sign-up" />
    </section>
  );
}
