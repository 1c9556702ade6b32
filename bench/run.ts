// Benchmark dispatcher: `npm run bench -- <name> [args]` runs bench/<name>.ts; no name runs them all.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.slice(0, -3)).sort();
const [name, ...rest] = process.argv.slice(2);
const names = name === undefined ? available : [name];
for (const bench of names) {
  if (!available.includes(bench)) {
    console.error(`unknown benchmark '${bench}' (available: ${available.join(', ')})`);
    process.exit(2);
  }
  console.log(`== bench ${bench} ==`);
  const mod = (await import(`./${bench}.ts`)) as { main(args: string[]): Promise<void> };
  await mod.main(rest);
}
