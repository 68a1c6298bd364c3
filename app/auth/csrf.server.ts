import { createCookie } from "@remix-run/node";
import { CSRF, CSRFError } from "remix-utils/csrf/server";

import type { AppConfig } from "../config/env.server";
import { apiError } from "../utils/api-errors.server";
import { isUtf8FormBody, notUtf8Body } from "../utils/utf8-body.server";

const FORM_CONTENT_TYPE = /^(?:application\/x-www-form-urlencoded|multipart\/form-data)\s*(?:;|$)/i;

/** The authenticity tokens of forms, in a cookie signed with the session secrets (newest first). */
export function createCsrf(config: AppConfig, sessionSecrets: string[]): CSRF {
  const secure = config.appOrigins.every((origin) => origin.startsWith("https://"));
  const cookie = createCookie("csrf", {
    path: "/",
    httpOnly: true,
    secure,
    sameSite: "lax",
    secrets: sessionSecrets,
  });
  return new CSRF({ cookie, formDataKey: "csrf", secret: sessionSecrets[0] });
}

/** The authenticity token for forms, and the Set-Cookie header when it is new. */
export function commitCsrfToken(csrf: CSRF, request: Request): Promise<readonly [string, string | null]> {
  return csrf.commitToken(request);
}

/**
 * The posted form. A body no form sends is refused as an API error (JSON, answered as JSON even to
 * a document request; see entry.server.tsx): 415 for another content type, 400 for a body that is
 * not UTF-8 (a browser's form never is) or that cannot be parsed, such as multipart without its
 * boundary.
 */
async function readForm(request: Request): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!FORM_CONTENT_TYPE.test(contentType)) {
    throw apiError(
      415,
      "unsupported_media_type",
      "Send this form as application/x-www-form-urlencoded or multipart/form-data.",
    );
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (!isUtf8FormBody(contentType, bytes)) throw apiError(400, notUtf8Body.code, notUtf8Body.message);
  try {
    return await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw apiError(400, "invalid_form", "The form body could not be read.");
  }
}

/** Reads a form post and checks its authenticity token against the cookie; 403 when it fails. */
export async function readVerifiedForm(csrf: CSRF, request: Request): Promise<FormData> {
  const form = await readForm(request);
  try {
    await csrf.validate(form, request.headers);
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
