// The first run of a notebook as a user does it, in Debian's chromium driven by playwright-core: open the notebook,
// pick the "Databricks" kernel from Kernel > Change kernel, run the cell, and wait for its output on the page.
// Usage: node first-run.mjs NOTEBOOK_URL EXPECTED_TEXT SCREENSHOT USER_DATA_DIR
import { chromium } from 'playwright-core';

// Generous waits: the kernel is a JVM that starts on demand, and a busy machine may take a while; a fast one does
// not wait longer for them.
const WAIT = 90000;

const [url, expected, screenshot, userDataDir] = process.argv.slice(2);
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1100, height: 640 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const result = {};
try {
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(url);
  await page.waitForSelector('#kernel_indicator', { timeout: WAIT });
  // The page starts the notebook's own kernel first; a change asked for before that one answers can be dropped, so
  // wait for it, and ask again (as a user would click again) when the choice did not take.
  await page.waitForFunction(() => window.Jupyter?.notebook?.kernel?.is_connected(), null, { timeout: WAIT });
  const chosen = () => document.querySelector('.kernel_indicator_name')?.textContent.trim() === 'Databricks';
  for (let attempt = 1; ; attempt++) {
    await page.click('#kernellink');
    await page.hover('#menu-change-kernel');
    try {
      await page.click('#kernel-submenu-databricks', { timeout: 5000 });
    } catch (error) {
      // The submenu slides out and may close again when the pointer leaves its parent on the way; the entry's own
      // handler is the same one the click reaches.
      await page.$eval('#kernel-submenu-databricks a', entry => entry.click());
    }
    try {
      await page.waitForFunction(chosen, null, { timeout: WAIT / 4 });
      break;
    } catch (error) {
      if (attempt === 4) {
        throw error;
      }
    }
  }
  result.kernel = (await page.textContent('.kernel_indicator_name')).trim();
  // The page shows the new kernel's name at once; run only once the page is connected to it.
  await page.waitForFunction(() => {
    const kernel = window.Jupyter?.notebook?.kernel;
    return kernel?.name === 'databricks' && kernel.is_connected();
  }, null, { timeout: WAIT });
  await page.click('.cell.code_cell .input_area');
  await page.keyboard.press('Shift+Enter');
  const output = page.locator('.cell.code_cell .output_area', { hasText: expected }).first();
  await output.waitFor({ timeout: WAIT });
  result.output = (await output.textContent()).trim();
  await page.screenshot({ path: screenshot });
} catch (error) {
  result.error = String(error);
  const page = context.pages()[0];
  if (page) {
    await page.screenshot({ path: screenshot.replace(/\.png$/, '-failed.png') }).catch(() => {});
  }
} finally {
  await context.close();
}
console.log(JSON.stringify(result));
process.exit(result.error ? 1 : 0);
