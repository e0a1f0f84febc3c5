import { describe, expect, it } from 'vitest';
import { interruptedHint, maskCredentials, resumeCommand } from '../src/resume-hint.js';

describe('the resume hint', () => {
  it('repeats the same --from and --to with --resume, never the password of a URL', () => {
    const argv = [
      '--from',
      'sqlite:./data/gateway.db',
      '--to',
      'mysql://gw:s3cret-pw@db:3306/llm_gateway',
      '--replace',
    ];
    const command = resumeCommand(argv);
    expect(command).toBe(
      "pnpm migrate --from sqlite:./data/gateway.db --to 'mysql://gw:***@db:3306/llm_gateway' --resume",
    );
    const hint = interruptedHint(argv, true).join('\n');
    expect(hint).not.toContain('s3cret-pw');
    expect(hint).toContain('*** stands for the password');
  });

  it('keeps --log-from and --log-to, their passwords masked too', () => {
    const argv = [
      '--from',
      'mysql://gw:main-secret@db:3306/llm_gateway',
      '--log-from=mysql://gw:log-secret@logdb:3306/llm_logs',
      '--to',
      'sqlite:./data/rollback.sqlite',
    ];
    const hint = interruptedHint(argv, true).join('\n');
    expect(hint).toContain(
      "pnpm migrate --from 'mysql://gw:***@db:3306/llm_gateway' '--log-from=mysql://gw:***@logdb:3306/llm_logs' " +
        '--to sqlite:./data/rollback.sqlite --resume',
    );
    expect(resumeCommand(['--log-to', 'mysql://gw:log-secret@logdb/llm_logs'])).toBe(
      "pnpm migrate --log-to 'mysql://gw:***@logdb/llm_logs' --resume",
    );
    expect(hint).not.toMatch(/main-secret|log-secret/);
  });

  it('masks passwords given as a URL parameter or with --to=URL', () => {
    expect(maskCredentials('--to=mysql://u:pw@h/db')).toBe('--to=mysql://u:***@h/db');
    expect(maskCredentials('mysql://h/db?password=pw&ssl=1')).toBe('mysql://h/db?password=***&ssl=1');
  });

  it('asks for the same command, not --resume, when nothing was written', () => {
    const hint = interruptedHint(['--to', 'sqlite:/tmp/a b.sqlite'], false).join('\n');
    expect(hint).toContain("pnpm migrate --to 'sqlite:/tmp/a b.sqlite'");
    expect(hint).not.toContain('--resume');
  });
});
