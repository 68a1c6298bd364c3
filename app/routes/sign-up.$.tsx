import { SignUp } from "@clerk/remix";
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export function loader({ context }: LoaderFunctionArgs) {
  if (context.services.config.authMode === "local") return redirect("/");
  return null;
}

export default function SignUpPage() {
  return (
    <section className="auth-page">
      <SignUp routing="path" path="/sign-up" signInUrl="/sign-in" />
    </section>
  );
}
