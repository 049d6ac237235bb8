// Waiting helpers shared by the Chromium harness (harness.mjs) and the Firefox one (../e2e-firefox/).

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads `read()` every `interval` ms until `ready(value)`; returns that value, or throws after `timeout`. */
export async function pollUntil(read, ready, what, timeout, interval = 100) {
  const deadline = Date.now() + timeout;
  let value;
  do {
    value = await read();
    if (ready(value)) return value;
    await delay(interval);
  } while (Date.now() < deadline);
  throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last seen: ${JSON.stringify(value)}`);
}
