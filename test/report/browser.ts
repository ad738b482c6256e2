/**
 * Opening a report in headless Chromium and reading back what it drew:
 * console errors, network requests, and for every chart its marks
 * (data-bound paths, rects and circles of `g.marks`) or the note that says
 * why it cannot be drawn.
 *
 * The browser is the build that @sparticuz/chromium ships inside its npm
 * package (unpacked to the temporary directory on first use), so the tests
 * need nothing beyond `npm ci`. `DRSIM_CHROMIUM=/path/to/chromium` points
 * them at a system browser instead (Debian's is /usr/bin/chromium).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import packagedChromium from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts', 'report');

/**
 * Flags for a headless browser on a machine without a display or outbound
 * network: background networking, component updates and sync would only try
 * to reach hosts that cannot be reached.
 */
const HEADLESS_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumChoice {
  executablePath: string;
  origin: 'DRSIM_CHROMIUM' | 'npm package @sparticuz/chromium';
}

/** Which browser the tests open: the one DRSIM_CHROMIUM names, or the npm-shipped build. */
export async function chooseChromium(environment: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const configured = environment.DRSIM_CHROMIUM;
  if (configured !== undefined && configured !== '') {
    if (!existsSync(configured)) {
      throw new Error(`DRSIM_CHROMIUM is ${configured}, which does not exist: unset it to use the npm-shipped Chromium`);
    }
    return { executablePath: configured, origin: 'DRSIM_CHROMIUM' };
  }
  return { executablePath: await packagedChromium.executablePath(), origin: 'npm package @sparticuz/chromium' };
}

export async function launchChromium(): Promise<Browser> {
  const { executablePath } = await chooseChromium();
  return chromium.launch({ executablePath, args: HEADLESS_FLAGS });
}

export interface DrawnChart {
  id: string;
  /** Data-bound path, rect and circle elements in g.marks with a visible extent. */
  marks: number;
}

export interface RenderedReport {
  consoleErrors: string[];
  /** Requests for anything but file: and data: URLs. */
  networkRequests: string[];
  rendered: boolean;
  charts: DrawnChart[];
  /** Charts that could not be drawn, with the note they show instead. */
  unavailable: { id: string; note: string }[];
  sections: string[];
  findings: string[];
  text: string;
  /** How many elements match each selector asked for. */
  counts: Record<string, number>;
}

/** Opens the report file, waits for it to draw, screenshots it to test-artifacts/report/NAME.png. */
export async function renderReport(
  browser: Browser,
  file: string,
  name: string,
  selectors: Record<string, string> = {},
): Promise<RenderedReport> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const consoleErrors: string[] = [];
  const networkRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => {
    if (!/^(file|data):/.test(request.url())) networkRequests.push(request.url());
  });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const rendered = await page
      .waitForSelector('#report[data-rendered="true"]', { timeout: 15_000 })
      .then(() => true)
      .catch(() => false);
    const drawn = await page.evaluate((selectors) => {
      const visible = (element: Element) => {
        const box = (element as SVGGraphicsElement).getBBox();
        return box.width > 0 || box.height > 0;
      };
      const charts = [...document.querySelectorAll<HTMLElement>('figure.chart')].map((figure) => ({
        id: figure.dataset.chart ?? '',
        marks: [...figure.querySelectorAll('svg g.marks path, svg g.marks rect, svg g.marks circle')].filter(
          (element) => (element as unknown as { __data__?: unknown }).__data__ !== undefined && visible(element),
        ).length,
      }));
      const unavailable = [...document.querySelectorAll<HTMLElement>('figure.chart-unavailable')].map((figure) => ({
        id: figure.dataset.chart ?? '',
        note: figure.querySelector('p.note')?.textContent ?? '',
      }));
      return {
        charts,
        unavailable,
        sections: [...document.querySelectorAll('section')].map((section) => section.id),
        findings: [...document.querySelectorAll('ul.findings li')].map((item) => item.textContent ?? ''),
        text: document.body.innerText,
        counts: Object.fromEntries(Object.entries(selectors).map(([key, selector]) => [key, document.querySelectorAll(selector).length])),
      };
    }, selectors);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    return { consoleErrors, networkRequests, rendered, ...drawn };
  } finally {
    await page.close();
  }
}
