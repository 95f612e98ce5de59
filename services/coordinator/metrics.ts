import { Counter, Gauge, type Registry } from "prom-client";

export function coordinatorMetrics(registry: Registry) {
  return {
    pushes: new Counter({
      name: "suanli_coordinator_pushes_total",
      help: "Directives pushed to agents, by result",
      labelNames: ["result"],
      registers: [registry],
    }),
    reports: new Counter({
      name: "suanli_coordinator_reports_total",
      help: "RegionalReports sent, by reason (epoch or silence)",
      labelNames: ["reason"],
      registers: [registry],
    }),
    silentAgents: new Gauge({
      name: "suanli_coordinator_silent_agents",
      help: "Agents not answering",
      registers: [registry],
    }),
    carbon: new Gauge({
      name: "suanli_coordinator_carbon_intensity",
      help: "Last reported gCO2/kWh",
      registers: [registry],
    }),
    utilisation: new Gauge({
      name: "suanli_coordinator_utilisation",
      help: "Last reported utilisation (0..1)",
      registers: [registry],
    }),
  };
}

export type CoordinatorMetrics = ReturnType<typeof coordinatorMetrics>;
