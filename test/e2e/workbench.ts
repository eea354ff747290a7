// Workbench steps shared by the UI tests (ui.e2e.ts, restricted.e2e.ts): what a user does with the keyboard, each
// step retried where the workbench is known to swallow one.
import type { Locator, Page } from 'playwright-core';

export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // The palette closes when a webview takes the focus back (after a layout change, say), and F1 pressed inside a
  // webview does not always reach the workbench: each step is retried after focusing the active tab.
  for (let attempt = 0; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await input.waitFor({ timeout: 3_000 });
      await input.fill(`>${title}`, { timeout: 3_000 });
      await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: title }).first().waitFor({ timeout: 10_000 });
    } catch (error) {
      if (attempt === 4) throw error;
      await page.keyboard.press('Escape');
      await page.locator('.tab.active').first().click();
      continue;
    }
    // Once the command runs, never again (a toggle run twice undoes itself).
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
    await page.waitForTimeout(300);
    return;
  }
}

/** Quick Open (Ctrl+P): types the name and picks the row in `folder`. */
export async function openFile(page: Page, name: string, folder: string): Promise<void> {
  await page.locator('.monaco-workbench .part.editor').waitFor();
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`${folder}/${name}`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: name }).filter({ hasText: folder }).first();
  await row.waitFor({ timeout: 60_000 });
  await row.click();
  await page.locator('.tab.active').filter({ hasText: name }).first().waitFor();
}

/**
 * Rests the pointer on `target` until `shown` (a hover, a tooltip) is visible. A notification or a late layout can
 * swallow one move, so the pointer leaves and comes back a few times before giving up.
 */
export async function hoverUntilShown(page: Page, target: Locator, shown: Locator): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const box = await target.boundingBox();
    if (!box) throw new Error('the element to hover is not visible');
    await page.mouse.move(5, 5);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    try {
      await shown.waitFor({ state: 'visible', timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
