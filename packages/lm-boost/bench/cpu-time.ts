/**
 * Process CPU time (user + system) in ms: on a loaded machine wall time mostly measures the
 * wait for a core; this single-threaded code's CPU time does not.
 */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
