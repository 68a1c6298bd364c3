// Alarms to the SNS topic and one dashboard, over the target's own metrics (5xx, CPU, memory) and
// the app's (src/metrics.ts).
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";

import { type AppService } from "./app-service";
import { ALARMED_ERROR_CODES, appMetric } from "./metrics";

export const THRESHOLDS = {
  serverErrorPercent: 5,
  timeToFirstTokenP95Ms: 10_000,
  failuresPerCodePer5Min: 3,
  cpuPercent: 85,
  memoryPercent: 85,
} as const;

export interface MonitoringProps {
  readonly serviceName: string;
  readonly service: AppService;
  readonly topic: sns.ITopic;
}

export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { serviceName, service } = props;
    const alarmAction = new actions.SnsAction(props.topic);
    const alarm = (alarmId: string, options: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...options,
        alarmName: `${serviceName}-${options.alarmName}`,
      });
      created.addAlarmAction(alarmAction);
      created.addOkAction(alarmAction);
      this.alarms.push(created);
      return created;
    };

    alarm("ServerErrors", {
      alarmName: "5xx-rate",
      alarmDescription: `More than ${THRESHOLDS.serverErrorPercent}% of requests answered 5xx (docs/deploy.md, runbooks).`,
      metric: service.serverErrorRate,
      threshold: THRESHOLDS.serverErrorPercent,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    const timeToFirstToken = appMetric(serviceName, "TimeToFirstTokenMs", {
      statistic: "p95",
      period: Duration.minutes(5),
    });
    alarm("TimeToFirstToken", {
      alarmName: "p95-time-to-first-token",
      alarmDescription: `p95 time to first token above ${THRESHOLDS.timeToFirstTokenP95Ms} ms for 15 minutes.`,
      metric: timeToFirstToken,
      threshold: THRESHOLDS.timeToFirstTokenP95Ms,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    for (const code of ALARMED_ERROR_CODES) {
      alarm(`SummariesFailed-${code}`, {
        alarmName: `summaries-failed-${code}`,
        alarmDescription: `Summaries failing with ${code}: ${THRESHOLDS.failuresPerCodePer5Min} or more in 5 minutes.`,
        metric: appMetric(serviceName, "SummariesFailed", {
          dimensions: { ErrorCode: code },
          statistic: "Sum",
          period: Duration.minutes(5),
        }),
        threshold: THRESHOLDS.failuresPerCodePer5Min,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }
    alarm("DatabaseUnavailable", {
      alarmName: "database-unavailable",
      alarmDescription:
        "The app could not reach PostgreSQL (docs/deploy.md, 'Runbook: database unreachable').",
      metric: appMetric(serviceName, "DatabaseUnavailable", { statistic: "Sum" }),
      threshold: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    alarm("Cpu", {
      alarmName: "cpu",
      alarmDescription: `Average CPU above ${THRESHOLDS.cpuPercent}% for 15 minutes.`,
      metric: service.cpuUtilization,
      threshold: THRESHOLDS.cpuPercent,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    alarm("Memory", {
      alarmName: "memory",
      alarmDescription: `Average memory above ${THRESHOLDS.memoryPercent}% for 15 minutes.`,
      metric: service.memoryUtilization,
      threshold: THRESHOLDS.memoryPercent,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    const sum = (name: Parameters<typeof appMetric>[1]) => appMetric(serviceName, name, { statistic: "Sum" });
    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: serviceName,
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: "5xx (% of requests)",
            left: [service.serverErrorRate],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: "CPU and memory (%)",
            left: [service.cpuUtilization, service.memoryUtilization],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: "Active streams",
            left: [appMetric(serviceName, "ActiveStreams", { statistic: "Maximum" })],
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: "Time to first token and total latency (ms)",
            left: [
              timeToFirstToken,
              appMetric(serviceName, "TimeToFirstTokenMs", { statistic: "p50", period: Duration.minutes(5) }),
              appMetric(serviceName, "SummaryLatencyMs", { statistic: "p95", period: Duration.minutes(5) }),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: "Summaries completed and failed",
            left: [sum("SummariesCompleted"), sum("SummariesFailed")],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: "Tokens",
            left: [sum("InputTokens"), sum("OutputTokens")],
            width: 8,
          }),
          new cloudwatch.GraphWidget({ title: "Cost (USD)", left: [sum("CostUsd")], width: 8 }),
          new cloudwatch.GraphWidget({
            title: "Event-loop delay (ms) and database unavailable",
            left: [appMetric(serviceName, "EventLoopDelayMs", { statistic: "p99" })],
            right: [sum("DatabaseUnavailable")],
            width: 8,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: this.alarms, width: 24 })],
      ],
    });
  }
}
