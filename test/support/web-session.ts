// A browser-like HTTP client for integration tests: keeps cookies, reads the authenticity token
// from the pages it loads and sends it with every form post, as the app's own forms do.
import { sessionCookies } from "./clerk";

export class WebSession {
  private readonly cookies = new Map<string, string>();
  private csrf = "";

  constructor(
    readonly baseUrl: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private headers(more: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return { ...this.extraHeaders, ...(cookie ? { cookie } : {}), ...more };
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, index).trim(), pair!.slice(index + 1));
    }
  }

  async get(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      redirect: "manual",
      ...init,
      headers: this.headers(init.headers as Record<string, string>),
    });
    this.remember(response);
    return response;
  }

  /** Loads a page and keeps its authenticity token; returns the HTML. */
  async page(path: string): Promise<string> {
    const response = await this.get(path);
    const html = await response.text();
    const token = /name="csrf" value="([^"]+)"/.exec(html);
    if (token) this.csrf = token[1]!;
    return html;
  }

  /** The cookie header and authenticity token a form post needs, for callers sending it themselves. */
  async formCredentials(): Promise<{ headers: Record<string, string>; csrf: string }> {
    if (!this.csrf) await this.page("/");
    return { headers: this.headers(), csrf: this.csrf };
  }

  async postForm(
    path: string,
    fields: Record<string, string>,
    options: { csrf?: boolean } = {},
  ): Promise<Response> {
    if (options.csrf !== false && !this.csrf) await this.page("/");
    const body = new URLSearchParams(options.csrf === false ? fields : { csrf: this.csrf, ...fields });
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: "POST",
      body,
      redirect: "manual",
      headers: this.headers(),
    });
    this.remember(response);
    return response;
  }
}

/** A session signed in with a Clerk session token, carried in the cookies a browser would send. */
export function signedInSession(baseUrl: string, token: string): WebSession {
  const session = new WebSession(baseUrl);
  for (const [name, value] of Object.entries(sessionCookies(token))) session.setCookie(name, value);
  return session;
}

/** The hidden fields of the rating form on a reviewer's queue page. */
export function ratingFormFields(html: string): { caseId: string; outputHash: string; side?: string } {
  const caseId = /name="caseId" value="([^"]+)"/.exec(html)?.[1];
  const outputHash = /name="outputHash" value="([0-9a-f]{64})"/.exec(html)?.[1];
  const side = /name="side" value="([AB])"/.exec(html)?.[1];
  if (!caseId || !outputHash) throw new Error(`no rating form on the page:\n${html.slice(0, 500)}`);
  return { caseId, outputHash, ...(side ? { side } : {}) };
}
