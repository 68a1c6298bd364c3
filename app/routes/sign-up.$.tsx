import { SignUp } from "@clerk/remix";
import { redirect } from "@remix-run/node";

import { getConfig } from "~/config/env.server";

export function loader() {
  if (getConfig().authMode === "local") return redirect("/");
  return null;
}

export default function SignUpPage() {
  return (
    <section className="auth-page">
      <SignUp routing="path" path="/sign-up" signInUrl="/sign-in" />
    </section>
  );
}
