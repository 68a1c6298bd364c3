// What the server under test used during one measured request: its memory (peak RSS, from a reset
// VmHWM) and CPU, and the CPU other processes on the machine took meanwhile.
import { machineBusySeconds } from "../machine-load.ts";
import { currentRssBytes, processUsage, resetPeakRss } from "../process-usage.ts";

const MB = 1e6;
// Other processes using more than this share of a core during a request get a note.
const BUSY_OTHERS_SHARE = 0.1;

/** The server's memory and CPU from now on, and other processes' CPU, as notes for the row. */
export function startUsage(serverPid: number, pingerPid: number) {
  resetPeakRss(serverPid);
  const rssBefore = currentRssBytes(serverPid);
  const serverCpu = processUsage(serverPid).cpuSeconds;
  const pingerCpu = processUsage(pingerPid).cpuSeconds;
  const ownCpu = process.cpuUsage();
  const machine = machineBusySeconds();
  const started = performance.now();
  return {
    finish(): string[] {
      const seconds = (performance.now() - started) / 1000;
      let server: ReturnType<typeof processUsage>;
      try {
        server = processUsage(serverPid);
      } catch {
        return ["server gone: no memory or CPU figures"];
      }
      const own = process.cpuUsage(ownCpu);
      const serverSeconds = server.cpuSeconds - serverCpu;
      const others =
        machineBusySeconds() -
        machine -
        serverSeconds -
        (processUsage(pingerPid).cpuSeconds - pingerCpu) -
        (own.user + own.system) / 1e6;
      const notes = [
        `RSS ${(rssBefore / MB).toFixed(0)} → peak ${(server.peakRssBytes / MB).toFixed(0)} MB`,
        `server CPU ${serverSeconds.toFixed(1)} s`,
      ];
      if (others / seconds > BUSY_OTHERS_SHARE) {
        notes.push(`other processes ${((others / seconds) * 100).toFixed(0)}% of a core`);
      }
      return notes;
    },
  };
}
