/**
 * CPU time spent by the processes of a benchmark (Linux /proc), so that a throughput figure comes
 * with what each party spent per event: on a shared two-core machine, throughput follows the
 * machine's load, and CPU per event says where the time went.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100;

/**
 * User and system CPU seconds of process `pid`, all its threads, and of its children that exited
 * (0 once it has exited itself): PostgreSQL's postmaster holds what its closed backends spent.
 */
function processCpuS(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) in parentheses, from the 3rd: utime, stime,
    // cutime and cstime are the 14th to 17th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** The processes whose command is `command`, e.g. every PostgreSQL backend. */
function pidsOf(command: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === command;
      } catch {
        return false;
      }
    });
}

export interface CpuSnapshot {
  processor: number;
  postgres: number;
  loadGenerator: number;
}

/** CPU seconds so far of the processor (`processorPid`), all PostgreSQL processes, and this process. */
export function cpuSnapshot(processorPid: number): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    processor: processCpuS(processorPid),
    // Backends come and go: those that exit are counted in the postmaster's children's time.
    postgres: pidsOf('postgres').reduce((sum, pid) => sum + processCpuS(pid), 0),
    loadGenerator: (usage.user + usage.system) / 1e6,
  };
}

/** Microseconds of CPU per event of each party between two snapshots. */
export function cpuPerEvent(before: CpuSnapshot, after: CpuSnapshot, events: number): CpuSnapshot {
  const perEvent = (key: keyof CpuSnapshot) => Math.round(((after[key] - before[key]) * 1e7) / events) / 10;
  return {
    processor: perEvent('processor'),
    postgres: perEvent('postgres'),
    loadGenerator: perEvent('loadGenerator'),
  };
}
