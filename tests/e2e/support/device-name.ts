/** The name the extension gives this browser's device: the parser run on what the browser itself reports. */
import type { Page } from '@playwright/test';
import { deviceNameFrom, type PlatformHints } from '../../../extension/background/device-name.js';

export async function expectedDeviceName(page: Page): Promise<string> {
  const hints = await page.evaluate((): PlatformHints => {
    const data = (navigator as Navigator & { userAgentData?: { brands: { brand: string }[]; platform: string } }).userAgentData;
    return { userAgent: navigator.userAgent, brands: data?.brands, platform: data?.platform };
  });
  return deviceNameFrom(hints);
}
