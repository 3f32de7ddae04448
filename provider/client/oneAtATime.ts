/**
 * Runs tasks that share a key one at a time, in the order they asked; tasks with other keys run alongside. The
 * client keys each read→write by the object's URL (API origin and path, whatever the credential), so two resources
 * of one run that manage one organization never interleave their read and their write: the second reads what the
 * first wrote. One map per process: every resource of a Pulumi run lives in one dynamic-provider host process.
 * Across processes nothing holds (the API has no conditional write).
 */
const tails = new Map<string, Promise<void>>();

export async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key);
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous ? previous.then(() => mine) : mine;
  tails.set(key, tail);
  try {
    await previous;
    return await task();
  } finally {
    release();
    // the last in line leaves nothing behind
    if (tails.get(key) === tail) tails.delete(key);
  }
}
