/**
 * One epoch's RegionalReport from what the coordinator observed of its agents (pure; no I/O).
 * Utilisation: open jobs over agent slots (one job at a time per agent), capped at 100 %. Queue length: jobs
 * the agents hold and have not receipted. Energy: the growth of the agents' modelled energy counters over the
 * epoch (a restarted agent's counter starts again from 0; its new value then counts in full).
 */
export interface AgentObservation {
  nodeId: string;
  alive: boolean;
  openJobs: number;
  energyJoules: number;
}

export interface ReportFields {
  utilisationBps: number;
  queueLength: number;
  energyWh: number;
  carbonIntensity: number;
  activeAgents: number;
  silentNodes: bigint[];
}

export function epochReport(
  agents: readonly AgentObservation[],
  energyBefore: ReadonlyMap<string, number>,
  carbonIntensity: number,
): ReportFields {
  const alive = agents.filter((a) => a.alive);
  const open = alive.reduce((s, a) => s + a.openJobs, 0);
  const joules = alive.reduce((s, a) => {
    const before = energyBefore.get(a.nodeId) ?? 0;
    return s + (a.energyJoules >= before ? a.energyJoules - before : a.energyJoules);
  }, 0);
  return {
    utilisationBps: agents.length === 0 ? 0 : Math.min(10_000, Math.round((open * 10_000) / agents.length)),
    queueLength: open,
    energyWh: Math.ceil(joules / 3600),
    carbonIntensity,
    activeAgents: alive.length,
    silentNodes: agents.filter((a) => !a.alive).map((a) => BigInt(a.nodeId)),
  };
}

/** The sum of a Prometheus counter's samples in a /metrics text (all label sets). */
export function counterSum(metricsText: string, name: string): number {
  let sum = 0;
  for (const line of metricsText.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}
