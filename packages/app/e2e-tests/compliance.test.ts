import { promises as fs } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signIn } from './signIn';

/**
 * The Compliance tab of the Netseal page, after the demo flow (the demo seeds drift, and
 * the other suites restore and roll out): the report of the window shows its totals and
 * tables, and each table downloads as CSV a spreadsheet opens.
 */
test('the Compliance tab shows the report and downloads the policies and the drift incidents as CSV', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/netseal');
  await page.getByRole('tab', { name: 'Compliance' }).click();

  const report = page.getByRole('region', { name: 'Compliance report' });
  await expect(report.getByText('In sync for the whole window')).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    report.getByRole('table', { name: 'Sealed policies' }),
  ).toContainText('demo-east/shop/payments-allow-checkout');
  await expect(report.getByText(/^Guard protecting demo-east$/)).toBeVisible();
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({
      path: test.info().outputPath(`compliance-${width}.png`),
    });
  }

  const [policies] = await Promise.all([
    page.waitForEvent('download'),
    report.getByRole('button', { name: 'Download policies (CSV)' }).click(),
  ]);
  const policiesCsv = await fs.readFile((await policies.path())!, 'utf8');
  const lines = policiesCsv.split('\r\n');
  expect(lines[0]).toBe(
    'cluster,namespace,name,entity,seal,status,in_sync_since,in_sync_whole_window,drifts,provenance,provenance_id,requested_by,approved_by,merged_by,merge_commit,identity,completed_at,attestation_id',
  );
  expect(lines).toContainEqual(
    expect.stringMatching(
      /^demo-east,shop,payments-allow-checkout,component:default\/payments,sha256:[0-9a-f]{64},/,
    ),
  );
  expect(policiesCsv.endsWith('\r\n')).toBe(true);

  const [incidents] = await Promise.all([
    page.waitForEvent('download'),
    report
      .getByRole('button', { name: 'Download drift incidents (CSV)' })
      .click(),
  ]);
  expect(incidents.suggestedFilename()).toMatch(
    /^netseal-compliance-incidents-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/,
  );
  expect(await fs.readFile((await incidents.path())!, 'utf8')).toMatch(
    /^cluster,namespace,name,entity,status,start,end,duration_seconds,writer,manager,operation,written_at,ended_by\r\n/,
  );
});
