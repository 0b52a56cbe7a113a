// `make size`, second half: what a first visit to each route really downloads, measured in Debian's Chromium
// (fresh profile, no service worker yet) against our server with precompressed files: the compressed bytes of
// the page and of everything it loads until the app shows the page and the network is quiet for a second.
// Usage: node scripts/size-routes.mjs BASE_URL PATH...
import puppeteer from "puppeteer-core";

const [base, ...paths] = process.argv.slice(2);
const launch = () => puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=it-IT"],
});

function kb(n) { return (n / 1024).toFixed(1).padStart(8); }

const rows = [];
for (const path of paths) {
  // A new browser (new empty profile) per route: nothing cached, no service worker.
  const browser = await launch();
  const page = await browser.newPage();
  // An Italian visitor: headless Chromium ignores --lang for navigator.language, which picks the app's language.
  await page.evaluateOnNewDocument(() => {
    Object.defineProperty(navigator, "language", { get: () => "it-IT" });
    Object.defineProperty(navigator, "languages", { get: () => ["it-IT", "it"] });
  });
  await page.setExtraHTTPHeaders({ "Accept-Language": "it-IT,it;q=0.9" });
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  // Bytes on the wire per request (headers + compressed body).
  const requests = new Map();
  cdp.on("Network.responseReceived", (e) => {
    requests.set(e.requestId, { url: e.response.url, encoding: e.response.headers["content-encoding"] || "", wire: 0 });
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.wire = e.encodedDataLength;
  });
  let last = Date.now();
  page.on("request", () => { last = Date.now(); });
  page.on("requestfinished", () => { last = Date.now(); });
  await page.goto(base + path, { waitUntil: "load" });
  // The app has taken over (static copy gone), or the page never starts the app ("/").
  await page.waitForFunction("!document.getElementById('boot') || document.documentElement.dataset.boot === 'start'", { timeout: 30000 });
  while (Date.now() - last < 1000) await new Promise((r) => setTimeout(r, 200));
  // Only what crossed the network (a frame of the page loading the same files again hits the memory cache).
  const list = [...requests.values()].filter((r) => r.url.startsWith(base) && r.wire > 0);
  const sum = (xs) => xs.reduce((n, r) => n + r.wire, 0);
  const plain = list.filter((r) => r.wire > 1024 && !r.encoding && !/\.(png|jpg|webp|woff2?)$/.test(r.url)).map((r) => r.url);
  rows.push({ path, files: list.length, total: sum(list), wasm: sum(list.filter((r) => r.url.endsWith(".wasm"))), plain,
              each: list.map((r) => [r.url.slice(base.length), r.wire]).sort((x, y) => y[1] - x[1]) });
  await browser.close();
}

console.log(`\nFIRST VISIT per route (fresh browser, measured; KB transferred, compressed, headers included)`);
console.log(`  ${"route".padEnd(46)} files   total KB   wasm KB`);
for (const r of rows) {
  const shown = r.path.replace(/#r=.*/, "#r=… (share link)");
  console.log(`  ${shown.padEnd(46)} ${String(r.files).padStart(5)}   ${kb(r.total)}  ${kb(r.wasm)}`);
  for (const url of r.plain) console.log(`      sent without compression: ${url}`);
  // SIZE_FILES=1: every file of the visit, largest first (to see where a route's bytes go).
  if (process.env.SIZE_FILES) for (const [url, n] of r.each) console.log(`      ${kb(n)}  ${url}`);
}
