// Maps a request path to the template of the Remix route that serves it ("/consultations/:consultationId"),
// so logs and metrics group requests by route without ids and with a bounded set of label values,
// and to a path fit for a log line: a path segment can hold anything typed into the address bar
// (a patient's name), so only the values a caller vouches for (well-formed ids) are kept.

export interface BuildRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
}

export interface RouteMatch {
  template: string;
  /** The template with each dynamic segment whose value passes `keep` filled in ("/consultations/<uuid>"). */
  path: string;
}

interface Template {
  template: string;
  segments: string[];
  score: number;
}

const STATIC_SCORE = 10;
const DYNAMIC_SCORE = 3;
const SPLAT_SCORE = 1;

function fullPath(route: BuildRoute, routes: Record<string, BuildRoute>): string[] {
  const segments: string[] = [];
  for (let current: BuildRoute | undefined = route; current; current = routes[current.parentId ?? ""]) {
    if (current.path) segments.unshift(...current.path.split("/").filter(Boolean));
  }
  return segments;
}

function scoreOf(segments: string[]): number {
  return segments.reduce(
    (score, segment) =>
      score + (segment === "*" ? SPLAT_SCORE : segment.startsWith(":") ? DYNAMIC_SCORE : STATIC_SCORE),
    0,
  );
}

function matches(segments: string[], parts: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === "*") return true;
    const part = parts[i];
    if (part === undefined) return false;
    if (segment.startsWith(":")) continue;
    if (segment.toLowerCase() !== part.toLowerCase()) return false;
  }
  return parts.length === segments.length;
}

function loggablePath(segments: string[], parts: string[], keep: (value: string) => boolean): string {
  const shown = segments.map((segment, i) => {
    if (!segment.startsWith(":")) return segment;
    const value = parts[i]!;
    return keep(value) ? value : segment;
  });
  return `/${shown.join("/")}`;
}

/**
 * A function from a path (no query string) to the route that serves it, or undefined when no
 * route matches. Dynamic segments appear in the match's `path` only when `keep` accepts them.
 */
export function routeTemplateMatcher(
  routes: Record<string, BuildRoute>,
  keep: (value: string) => boolean,
): (path: string) => RouteMatch | undefined {
  const seen = new Set<string>();
  const templates: Template[] = [];
  for (const route of Object.values(routes)) {
    // Pathless layout routes serve nothing by themselves; root serves "/" only through its index.
    if (!route.path && !route.index) continue;
    const segments = fullPath(route, routes);
    const template = `/${segments.join("/")}`;
    if (seen.has(template)) continue;
    seen.add(template);
    templates.push({ template, segments, score: scoreOf(segments) });
  }
  templates.sort((a, b) => b.score - a.score || b.segments.length - a.segments.length);
  return (path) => {
    let parts: string[];
    try {
      parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    } catch {
      return undefined;
    }
    const match = templates.find((candidate) => matches(candidate.segments, parts));
    return match && { template: match.template, path: loggablePath(match.segments, parts, keep) };
  };
}
