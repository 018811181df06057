/**
 * Writes the ADMX/ADML and the sample .mobileconfig into build/policy/ (scripts/policy-templates.ts).
 * Run after changing a setting or a policy text: `npx tsx scripts/generate-policy-templates.ts`.
 * The outputs are committed; a test fails when they are out of date.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { policyTemplates } from './policy-templates';

const out = join(resolve(__dirname, '..'), 'build', 'policy');
for (const [file, content] of Object.entries(policyTemplates())) {
  mkdirSync(dirname(join(out, file)), { recursive: true });
  writeFileSync(join(out, file), content);
  console.log(`wrote build/policy/${file}`);
}
