// The Node side of the ingest comparison: Mozilla Readability on a jsdom
// document, for every corpus page; prints "page NAME MS", the median wall
// time over RUNS runs after 3 warm-up runs, as bench-ingest-pages does.
//
//   node readability.mjs CORPUS_DIR RUNS   (NODE_PATH: the installed packages)
//
// SPDX-License-Identifier: GPL-3.0-or-later

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.join(process.env.BYLINE_READABILITY_PREFIX, 'package.json'));
const { JSDOM } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const [corpus, runsArg] = process.argv.slice(2);
const runs = Math.max(1, parseInt(runsArg || '21', 10));
const warmUp = 3;

for (const name of fs.readdirSync(corpus).sort()) {
  const file = path.join(corpus, name, 'source.html');
  if (!fs.existsSync(file))
    continue;
  // Bytes, not a string: jsdom finds the page's charset itself, as Byline
  // does (some pages are GBK).
  const bytes = fs.readFileSync(file);
  const times = [];
  for (let run = 0; run < warmUp + runs; run++) {
    const start = process.hrtime.bigint();
    const dom = new JSDOM(bytes, { url: 'https://example.com/' });
    const article = new Readability(dom.window.document).parse();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    dom.window.close();
    if (article === null && run === 0)
      process.stderr.write(`readability: no article found in ${name}\n`);
    if (run >= warmUp)
      times.push(ms);
  }
  times.sort((a, b) => a - b);
  console.log(`page ${name} ${times[Math.floor(times.length / 2)].toFixed(3)}`);
}
