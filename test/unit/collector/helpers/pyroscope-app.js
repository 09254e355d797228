'use strict';
// A Node app instrumented with the real Pyroscope SDK (@pyroscope/nodejs), pushing to the server given in argv[2]
// every second, for the ingest tests and the peers tier. Tags come from argv[3] (JSON), options from argv[4] (JSON:
// authToken, collectCpuTime). It works until its stdin closes, then stops the SDK (which flushes its last profiles)
// and exits: the test decides when it has seen enough pushes.
const Pyroscope = require('@pyroscope/nodejs');

const [serverAddress, tagsJson, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson || '{}');
Pyroscope.init({
  serverAddress,
  appName: 'checkout',
  flushIntervalMs: 1000,
  tags: JSON.parse(tagsJson),
  authToken: options.authToken,
  wall: { collectCpuTime: options.collectCpuTime === true },
  heap: { samplingIntervalBytes: 16 * 1024 },
});
Pyroscope.start();

// priceCart is the work the pushed wall profiles should show.
function priceCart(n) {
  let total = 0;
  const lines = [];
  for (let i = 0; i < n; i++) {
    lines.push({ sku: `sku-${i}`, cents: (i * 7919) % 5000 });
    total += lines[lines.length - 1].cents;
  }
  return total;
}

let sink = 0;
let stopping = false;
process.stdin.on('end', () => (stopping = true));
process.stdin.resume();
function work() {
  const burst = Date.now() + 20;
  while (Date.now() < burst) sink += priceCart(2000);
  if (!stopping) setTimeout(work, 1);
  else Pyroscope.stop().then(() => process.exit(sink > 0 ? 0 : 1));
}
work();
