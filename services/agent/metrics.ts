import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { JOB_STATES, type AgentStore } from "./store.js";

/** The agent's /metrics: jobs by state, run time, proof time, energy, pushes refused by reason. */
export function agentMetrics(registry: Registry, store: () => AgentStore) {
  new Gauge({
    name: "suanli_agent_jobs",
    help: "Jobs in the durable queue by state",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const counts = store().countsByState();
      for (const state of JOB_STATES) this.set({ state }, counts[state]);
    },
  });
  return {
    runSeconds: new Histogram({
      name: "suanli_agent_run_seconds",
      help: "Wall time of workload runs",
      labelNames: ["kind", "outcome"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
      registers: [registry],
    }),
    proofSeconds: new Histogram({
      name: "suanli_agent_proof_seconds",
      help: "Groth16 proving time by circuit",
      labelNames: ["circuit"],
      buckets: [0.5, 1, 2, 5, 10, 20, 40, 80],
      registers: [registry],
    }),
    energyJoules: new Counter({
      name: "suanli_agent_energy_joules_total",
      help: "Modelled energy of completed runs (docs/edge.md)",
      labelNames: ["kind"],
      registers: [registry],
    }),
    runsCompleted: new Counter({
      name: "suanli_agent_runs_completed_total",
      help: "Runs recorded as complete",
      labelNames: ["kind", "outcome"],
      registers: [registry],
    }),
    receipts: new Counter({
      name: "suanli_agent_receipts_submitted_total",
      help: "Receipts submitted on the regional chain",
      labelNames: ["mode"],
      registers: [registry],
    }),
    pushAccepted: new Counter({
      name: "suanli_agent_push_accepted_total",
      help: "Pushed directives accepted",
      registers: [registry],
    }),
    pushRefused: new Counter({
      name: "suanli_agent_push_refused_total",
      help: "Pushed directives refused, by reason",
      labelNames: ["reason"],
      registers: [registry],
    }),
  };
}

export type AgentMetrics = ReturnType<typeof agentMetrics>;
