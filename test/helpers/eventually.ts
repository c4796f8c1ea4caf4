// Retries an assertion for up to two seconds (bounded), for effects that cross nodes asynchronously.
export async function eventually(check: () => Promise<void>, tries = 40, everyMs = 50): Promise<void> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await check();
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
  throw last;
}
