/**
 * The report tests need only `npm ci`: the browser comes from the npm
 * registry unless DRSIM_CHROMIUM names another one.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseChromium } from './browser.js';

describe('which Chromium the report tests open', () => {
  it('without DRSIM_CHROMIUM: the build shipped in the npm package, unpacked and executable', async () => {
    const choice = await chooseChromium({});
    expect(choice.origin).toBe('npm package @sparticuz/chromium');
    expect(existsSync(choice.executablePath)).toBe(true);
    expect(choice.executablePath.startsWith('/usr/bin/')).toBe(false);
  });

  it('DRSIM_CHROMIUM names the browser to use, and a path that does not exist is refused by name', async () => {
    const packaged = await chooseChromium({});
    await expect(chooseChromium({ DRSIM_CHROMIUM: packaged.executablePath })).resolves.toEqual({
      executablePath: packaged.executablePath,
      origin: 'DRSIM_CHROMIUM',
    });
    await expect(chooseChromium({ DRSIM_CHROMIUM: '/nonexistent/chromium' })).rejects.toThrow(
      /DRSIM_CHROMIUM is \/nonexistent\/chromium, which does not exist/,
    );
  });
});
