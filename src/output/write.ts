import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Replace `dir` with exactly `files` (relative path → content), atomically enough for a CLI: the
 * files are written into a sibling temporary folder that is swapped in only when all are written.
 * On any error `dir` is left as it was.
 */
export function writeOutputDir(dir: string, files: ReadonlyMap<string, string>): void {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  try {
    for (const [rel, content] of files) {
      const file = path.join(tmp, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    const old = fs.existsSync(target) ? `${tmp}.old` : undefined;
    if (old) fs.renameSync(target, old);
    try {
      fs.renameSync(tmp, target);
    } catch (e) {
      if (old) fs.renameSync(old, target);
      throw e;
    }
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
