import { createCookie } from "@remix-run/node";
import { CSRF, CSRFError } from "remix-utils/csrf/server";

import { getConfig } from "../config/env.server";
import { remember } from "../utils/remember.server";

function getCsrf(): CSRF {
  return remember("csrf", () => {
    const config = getConfig();
    const secure = config.appOrigins.every((origin) => origin.startsWith("https://"));
    const cookie = createCookie("csrf", {
      path: "/",
      httpOnly: true,
      secure,
      sameSite: "lax",
      secrets: config.sessionSecrets,
    });
    return new CSRF({ cookie, formDataKey: "csrf", secret: config.sessionSecrets[0] });
  });
}

/** The authenticity token for forms, and the Set-Cookie header when it is new. */
export function commitCsrfToken(request: Request): Promise<readonly [string, string | null]> {
  return getCsrf().commitToken(request);
}

/** Reads a form post and checks its authenticity token against the cookie; 403 when it fails. */
export async function readVerifiedForm(request: Request): Promise<FormData> {
  const form = await request.formData();
  try {
    await getCsrf().validate(form, request.headers);
  } catch (error) {
    if (error instanceof CSRFError) {
      throw new Response(
        "This form has expired or did not come from this app. Reload the page and try again.",
        {
          status: 403,
          headers: { "Cache-Control": "no-store" },
        },
      );
    }
    throw error;
  }
  return form;
}
