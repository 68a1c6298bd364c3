// Single-user local mode until sign-in arrives: every request acts as this one local user.
// Routes call requireUserId so that adding real authentication changes only this file.
export const LOCAL_USER_ID = "local-user";

export function requireUserId(_request: Request): string {
  return LOCAL_USER_ID;
}
