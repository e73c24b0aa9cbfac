/**
 * node-cron schedules on wall-clock boundaries, so samples from many devices line up on the same
 * seconds. An interval must divide a minute or an hour to map onto a cron expression exactly.
 */
export function cronForInterval(intervalS: number): string {
  if (!Number.isInteger(intervalS) || intervalS < 1) {
    throw new RangeError(`interval ${intervalS}s must be a positive whole number of seconds`);
  }
  if (intervalS < 60) {
    if (60 % intervalS !== 0) throw new RangeError(`interval ${intervalS}s must divide 60`);
    return intervalS === 1 ? '* * * * * *' : `*/${intervalS} * * * * *`;
  }
  const minutes = intervalS / 60;
  if (!Number.isInteger(minutes) || 60 % minutes !== 0) {
    throw new RangeError(`interval ${intervalS}s must be whole minutes dividing 60`);
  }
  if (minutes === 60) return '0 0 * * * *';
  return minutes === 1 ? '0 * * * * *' : `0 */${minutes} * * * *`;
}
