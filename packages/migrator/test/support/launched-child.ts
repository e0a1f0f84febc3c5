/** For launcher-watch.test.ts: prints its launcher's pid, then waits (at most 20 s) until the watch stops it. */
import { findLauncher, whenLauncherDies } from '../../src/launcher-watch.js';

console.log(`launcher ${findLauncher() ?? 'none'}`);
whenLauncherDies(() => {
  console.log('stopped');
  process.exit(0);
}, 100);
setTimeout(() => process.exit(3), 20_000);
