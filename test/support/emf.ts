// The CloudWatch Embedded Metric Format specification, checked structurally
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
// a JSON object whose `_aws` member holds a Timestamp (ms since the epoch) and CloudWatchMetrics,
// an array of directives {Namespace, Dimensions: up to 30 names per set, each a top-level string
// member; Metrics: up to 100 {Name, Unit?}, each a top-level number or array of numbers}.

const UNITS = new Set([
  "Seconds",
  "Microseconds",
  "Milliseconds",
  "Bytes",
  "Kilobytes",
  "Megabytes",
  "Gigabytes",
  "Terabytes",
  "Bits",
  "Kilobits",
  "Megabits",
  "Gigabits",
  "Terabits",
  "Percent",
  "Count",
  "Bytes/Second",
  "Kilobytes/Second",
  "Megabytes/Second",
  "Gigabytes/Second",
  "Terabytes/Second",
  "Bits/Second",
  "Kilobits/Second",
  "Megabits/Second",
  "Gigabits/Second",
  "Terabits/Second",
  "Count/Second",
  "None",
]);

export interface EmfMetricDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit?: string }[];
}

export interface EmfEvent {
  _aws: { Timestamp: number; CloudWatchMetrics: EmfMetricDirective[] };
  [member: string]: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isNumber = (value: unknown) => typeof value === "number" && Number.isFinite(value);

/** Every way the object breaks the specification; empty when it is a valid EMF event. */
export function emfProblems(event: unknown): string[] {
  if (!isObject(event)) return ["not a JSON object"];
  const aws = event._aws;
  if (!isObject(aws)) return ["no _aws object"];
  const problems: string[] = [];
  if (!Number.isInteger(aws.Timestamp) || (aws.Timestamp as number) < 0) {
    problems.push("_aws.Timestamp is not a whole number of milliseconds");
  }
  if (!Array.isArray(aws.CloudWatchMetrics)) return [...problems, "_aws.CloudWatchMetrics is not an array"];
  aws.CloudWatchMetrics.forEach((directive: unknown, i) => {
    const at = `CloudWatchMetrics[${i}]`;
    if (!isObject(directive)) return problems.push(`${at} is not an object`);
    const { Namespace, Dimensions, Metrics } = directive;
    if (typeof Namespace !== "string" || Namespace.length < 1 || Namespace.length > 1024) {
      problems.push(`${at}.Namespace must be a string of 1 to 1024 characters`);
    }
    if (!Array.isArray(Dimensions)) problems.push(`${at}.Dimensions is not an array`);
    else {
      Dimensions.forEach((set: unknown, j) => {
        if (!Array.isArray(set)) return problems.push(`${at}.Dimensions[${j}] is not an array`);
        if (set.length > 30) problems.push(`${at}.Dimensions[${j}] has more than 30 dimensions`);
        for (const name of set) {
          if (typeof name !== "string" || typeof event[name] !== "string" || event[name] === "") {
            problems.push(`${at}: dimension ${String(name)} is not a non-empty top-level string member`);
          }
        }
      });
    }
    if (!Array.isArray(Metrics)) return problems.push(`${at}.Metrics is not an array`);
    if (Metrics.length > 100) problems.push(`${at}.Metrics has more than 100 metrics`);
    Metrics.forEach((metric: unknown, j) => {
      if (!isObject(metric) || typeof metric.Name !== "string" || metric.Name.length < 1) {
        return problems.push(`${at}.Metrics[${j}] has no Name`);
      }
      if (metric.Unit !== undefined && !UNITS.has(metric.Unit as string)) {
        problems.push(`${at}.Metrics[${j}].Unit ${String(metric.Unit)} is not a CloudWatch unit`);
      }
      const value = event[metric.Name];
      const numeric = Array.isArray(value) ? value.length > 0 && value.every(isNumber) : isNumber(value);
      if (!numeric) problems.push(`metric ${metric.Name} is not a top-level number or array of numbers`);
    });
  });
  return problems;
}

/** The EMF events among stdout's lines (those with an `_aws` member), each checked against the spec. */
export function emfEvents(output: string): EmfEvent[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{") && line.includes('"_aws"'))
    .map((line) => {
      const event = JSON.parse(line) as unknown;
      const problems = emfProblems(event);
      if (problems.length > 0) throw new Error(`invalid EMF line ${line}:\n${problems.join("\n")}`);
      return event as EmfEvent;
    });
}

/** The events that carry metric `name`. */
export function eventsWith(events: EmfEvent[], name: string): EmfEvent[] {
  return events.filter((event) =>
    event._aws.CloudWatchMetrics.some((directive) =>
      directive.Metrics.some((metric) => metric.Name === name),
    ),
  );
}

/** The dimension sets metric `name` is emitted with in `event`. */
export function dimensionSetsOf(event: EmfEvent, name: string): string[][] {
  return event._aws.CloudWatchMetrics.filter((directive) =>
    directive.Metrics.some((metric) => metric.Name === name),
  ).flatMap((directive) => directive.Dimensions);
}

/** The unit metric `name` is declared with in `event`. */
export function unitOf(event: EmfEvent, name: string): string | undefined {
  for (const directive of event._aws.CloudWatchMetrics) {
    const metric = directive.Metrics.find((candidate) => candidate.Name === name);
    if (metric) return metric.Unit;
  }
  return undefined;
}
