import { loadKeyDeclarations } from '../../config/key-declarations.js';
import { auditDeclaredKeys, auditsPassed, keyUsage, renderAudit } from '../../keys/audit-keys.js';
import { onePositional, parseCommand } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { HELP } from '../help.js';
import type { CliIo } from '../io.js';

/** `krakenkit keys audit <file>`: exit 0 when no key has an error finding, 3 otherwise. */
export async function keysAuditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('keys audit', args, {});
  if (parsed.values['help'] === true) {
    io.stdout.write(`${HELP.keysAudit}\n`);
    return EXIT.ok;
  }
  const file = onePositional('keys audit', parsed.positionals, 'a bot config or keys file');
  const declared = loadKeyDeclarations(file, { cwd: io.cwd });
  const reports = auditDeclaredKeys(declared.keys, keyUsage(declared.bots, declared.deadManSwitch));
  if (reports.length === 0) {
    io.stdout.write(`${file}: no keys declared\n`);
    return EXIT.ok;
  }
  for (const line of renderAudit(reports)) io.stdout.write(`${line}\n`);
  const passed = auditsPassed(reports);
  io.stdout.write(
    passed
      ? `\n${reports.length} key(s) audited: no errors\n`
      : `\n${reports.length} key(s) audited: errors found (exit ${EXIT.refused})\n`,
  );
  return passed ? EXIT.ok : EXIT.refused;
}
