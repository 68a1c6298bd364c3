import { SignIn } from "@clerk/remix";
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export function loader({ context }: LoaderFunctionArgs) {
  if (context.services.config.authMode === "local") return redirect("/");
  return null;
}

export default function SignInPage() {
  return (
    <section className="auth-page">
      <SignIn routing="path" path="/sign-in" signUpUrl="/sign-up" />
    </section>
  );
}
