/** Headless Chromium for tests (Debian's `chromium`, driven by playwright-core): where it is, and page checks. */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { decodePng } from './png-decode.js';

/** The Chromium executable. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A skip reason when Chromium is missing, else false. */
export const skip: string | false = existsSync(CHROMIUM) ? false
  : `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH to run the render test`;

/** Share of pixels that are not near-white, and the number of distinct colours (RGB), of a screenshot. */
export function inkAndColours(screenshot: Uint8Array): { ink: number; colours: number; width: number; height: number } {
  const png = decodePng(screenshot);
  const c = png.channels;
  const colours = new Set<number>();
  let ink = 0;
  const n = png.width * png.height;
  for (let i = 0; i < n; i++) {
    const [r, g, b] = [png.pixels[i * c]!, png.pixels[i * c + 1]!, png.pixels[i * c + 2]!];
    if (r < 235 || g < 235 || b < 235) ink++;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { ink: ink / n, colours: colours.size, width: png.width, height: png.height };
}

/** What went wrong on a page. */
export interface PageProblems { errors: string[]; failed: string[]; outside: string[] }

/** Collect console errors, failed requests and requests leaving the machine. */
export function watch(page: Page): PageProblems {
  const problems: PageProblems = { errors: [], failed: [], outside: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.errors.push(m.text()); });
  page.on('pageerror', (e) => problems.errors.push(e.message));
  page.on('requestfailed', (r) => problems.failed.push(`${r.url().slice(0, 80)}: ${r.failure()?.errorText}`));
  page.on('request', (r) => { if (!/^(file|data):/.test(r.url())) problems.outside.push(r.url()); });
  return problems;
}

