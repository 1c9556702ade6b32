// node:test reporter that prints one closing line "N passed, N failed, N skipped" for CI.
export default async function* summaryReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    // Count leaf tests only (suites report their own pass/fail too).
    if (event.data.details?.type === 'suite') continue;
    if (event.type === 'test:fail') failed += 1;
    else if (event.data.skip || event.data.todo) skipped += 1;
    else passed += 1;
  }
  yield `\n${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
