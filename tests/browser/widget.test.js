// End-to-end test of the chat widget: `faq serve` over the shipped corpus,
// driven in headless Chromium (Debian's /usr/bin/chromium, never a
// downloaded browser) with playwright-core.
//
// usage: node widget.test.js --faq PATH/TO/faq --corpus DIR --out ARTIFACT_DIR
'use strict';

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.FAQ_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 20000;

function arg(name) {
  const i = process.argv.indexOf('--' + name);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing --${name}`);
  return path.resolve(process.argv[i + 1]);
}

function check(cond, message) {
  if (!cond) throw new Error('FAILED: ' + message);
  console.log('ok - ' + message);
}

function startServer(faq, index, logPath) {
  return new Promise((resolve, reject) => {
    const proc = spawn(faq, ['serve', '--index', index, '--port', '0', '--log', logPath],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => reject(new Error('faq serve did not start:\n' + err)), 30000);
    proc.stderr.on('data', (chunk) => {
      err += chunk;
      // Wait for the whole URL: stderr may arrive in pieces.
      const m = /listening on (http:\/\/[^\s]+:\d+\/)/.exec(err);
      if (m) { clearTimeout(timer); resolve({ proc, url: m[1] }); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`faq serve exited ${code}:\n${err}`)); });
  });
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run scripts/setup.sh --browser to install Chromium`);
  }
  const { chromium } = require('playwright-core');
  const faq = arg('faq');
  const corpus = arg('corpus');
  const out = arg('out');
  fs.mkdirSync(out, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'faq-browser-test-'));
  const index = path.join(work, 'kb');
  execFileSync(faq, ['index', '--out', index, corpus], { stdio: 'ignore' });

  let server = null;
  let context = null;
  try {
    server = await startServer(faq, index, path.join(work, 'feedback.jsonl'));
    context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1000, height: 760 },
    });
    const page = context.pages()[0] || await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    page.setDefaultTimeout(TIMEOUT);

    await page.goto(server.url, { waitUntil: 'load' });
    const launcher = page.getByRole('button', { name: 'Ask a question' });
    await launcher.waitFor();
    check(await launcher.getAttribute('aria-expanded') === 'false', 'launcher starts collapsed');

    // Open: the dialog shows, and focus moves into it (the question input).
    await launcher.click();
    // (No string evaluation below: the demo page's CSP forbids eval, and the
    // test keeps it on to show the widget works under a strict policy.)
    const dialog = page.getByRole('dialog', { name: /ask us/i });
    await dialog.waitFor({ state: 'visible' });
    check(await launcher.getAttribute('aria-expanded') === 'true', 'launcher says expanded');
    const input = page.getByLabel('Your question');
    check(await input.evaluate((el) => el === document.activeElement), 'focus moved to the question input');
    const log = page.getByRole('log');
    check(await log.getAttribute('aria-live') === 'polite', 'the conversation is a polite live log');

    const answers = page.locator('.faqw-answer');
    async function askAndWait(question, submit) {
      const before = await answers.count();
      if (submit) await submit();
      else { await input.fill(question); await input.press('Enter'); }
      await answers.nth(before).waitFor();
      await page.locator('.faqw-typing').waitFor({ state: 'detached' });
      return answers.nth(before);
    }

    // 1. A question.
    const first = await askAndWait('What causes facial spasm?');
    const firstText = await first.textContent();
    check(/Facial paralysis|facial nerve/i.test(firstText), 'answer is from the causes section: ' +
      firstText.slice(0, 120).replace(/\s+/g, ' '));
    check(/facial-spasm\.txt/.test(await first.locator('.faqw-source').textContent()),
      'answer shows its source facial-spasm.txt');
    check(await first.locator('.faqw-snippet mark').count() > 0, 'snippet highlights are <mark> elements');
    const session = await page.evaluate(() => {
      const k = Object.keys(sessionStorage).find((x) => x.startsWith('faq-widget-session:'));
      return k ? sessionStorage.getItem(k) : null;
    });
    check(/^[0-9a-f]{32}$/.test(session || ''), 'session id kept in sessionStorage');

    // 2. A follow-up in the same conversation.
    const second = await askAndWait('how is it treated?');
    const secondText = await second.locator('.faqw-snippet').textContent();
    check(/treat/i.test(secondText), 'follow-up answer is about treatment: ' + secondText.slice(0, 120));
    check(/facial-spasm\.txt/.test(await second.locator('.faqw-source').textContent()),
      'follow-up answer is from the same document');

    // 3. A follow-up suggestion button asks that question.
    const chip = second.locator('.faqw-chips .faqw-chip').first();
    const chipLabel = (await chip.textContent()).trim();
    check(chipLabel.length > 0, 'follow-up suggestions are offered: ' + chipLabel);
    const third = await askAndWait(null, () => chip.click());
    const userBubbles = page.locator('.faqw-user');
    check((await userBubbles.last().textContent()).includes(chipLabel), 'clicking a suggestion asks it');
    check((await third.textContent()).trim().length > 20, 'and shows a new answer');

    await page.screenshot({ path: path.join(out, 'widget.png') });
    console.log('screenshot: ' + path.join(out, 'widget.png'));

    // Feedback buttons reach the server.
    const fb = third.getByRole('button', { name: 'Not helpful' });
    const fbResponse = page.waitForResponse((r) => r.url().endsWith('/v1/feedback'));
    await fb.click();
    check((await fbResponse).status() === 200, 'feedback is accepted');

    // Escape closes and gives focus back to the launcher.
    await input.focus();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    check(await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('faqw-launcher')),
      'Escape closes the panel and focus returns to the launcher');

    check(pageErrors.length === 0, 'no errors in the page: ' + pageErrors.join('; '));
  } finally {
    if (context) await context.close().catch(() => {});
    if (server) {
      const exited = new Promise((r) => server.proc.once('exit', r));
      server.proc.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(() => console.log('browser test passed'), (e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
