/**
 * Static checks for DDL that MariaDB accepts but MySQL 8.0 rejects (our users run MySQL 8.0, CI runs MariaDB):
 * - an index, UNIQUE or PRIMARY KEY on a TEXT/BLOB column without a prefix length;
 * - an index whose key is wider than 3072 bytes (InnoDB, DYNAMIC rows, utf8mb4 = 4 bytes a character);
 * - a literal DEFAULT on a TEXT/BLOB/JSON column;
 * - identifiers over 64 characters; a row over 65,535 bytes of in-row columns.
 */
export interface DdlProblem {
  readonly table: string;
  readonly problem: string;
}

const MAX_KEY_BYTES = 3072;
const MAX_ROW_BYTES = 65535;
const MAX_IDENTIFIER = 64;
const LOB_TYPE = /^(tiny|medium|long)?(text|blob)$|^json$/;

interface ColumnInfo {
  readonly type: string;
  readonly length: number | undefined;
}

/** Bytes a column (or a prefix of it) takes in an index key; undefined for a LOB without prefix. */
function keyBytes(column: ColumnInfo, prefix: number | undefined): number | undefined {
  const chars = prefix ?? column.length;
  if (LOB_TYPE.test(column.type)) return prefix === undefined ? undefined : prefix * 4;
  switch (column.type) {
    case 'varchar':
    case 'char':
      return (chars ?? 1) * 4;
    case 'varbinary':
    case 'binary':
      return chars ?? 1;
    case 'bigint':
    case 'double':
    case 'datetime':
      return 8;
    case 'int':
    case 'float':
    case 'timestamp':
      return 4;
    default:
      return 1;
  }
}

function parseColumns(body: string): Map<string, ColumnInfo> {
  const columns = new Map<string, ColumnInfo>();
  for (const match of body.matchAll(/^\s*`([^`]+)`\s+([a-z]+)(?:\((\d+)\))?/gim)) {
    const [, name, type, length] = match;
    if (name === undefined || type === undefined) continue;
    columns.set(name, { type: type.toLowerCase(), length: length === undefined ? undefined : Number(length) });
  }
  return columns;
}

/** `a`, `b`(10) -> [{name:'a'}, {name:'b', prefix:10}] */
function parseKeyParts(list: string): { name: string; prefix: number | undefined }[] {
  return [...list.matchAll(/`([^`]+)`\s*(?:\((\d+)\))?/g)].map(([, name, prefix]) => ({
    name: name ?? '',
    prefix: prefix === undefined ? undefined : Number(prefix),
  }));
}

export function checkMysql8Ddl(sql: string): DdlProblem[] {
  const problems: DdlProblem[] = [];
  const tables = new Map<string, Map<string, ColumnInfo>>();
  const statements = sql
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter(Boolean);

  const checkKey = (table: string, keyName: string, partsText: string) => {
    const columns = tables.get(table);
    if (columns === undefined) return problems.push({ table, problem: `key ${keyName} on an unknown table` });
    let total = 0;
    for (const part of parseKeyParts(partsText)) {
      const column = columns.get(part.name);
      if (column === undefined) {
        problems.push({ table, problem: `key ${keyName} names unknown column ${part.name}` });
        continue;
      }
      const bytes = keyBytes(column, part.prefix);
      if (bytes === undefined) {
        problems.push({ table, problem: `key ${keyName} on ${column.type} column ${part.name} needs a prefix length` });
      } else total += bytes;
    }
    if (total > MAX_KEY_BYTES) {
      problems.push({ table, problem: `key ${keyName} is ${total} bytes, over MySQL's ${MAX_KEY_BYTES}` });
    }
    if (keyName.length > MAX_IDENTIFIER) problems.push({ table, problem: `key name ${keyName} is over 64 characters` });
    return undefined;
  };

  for (const statement of statements) {
    const create = /^CREATE TABLE\s+`([^`]+)`\s*\(([\s\S]*)\)[^)]*;?$/i.exec(statement);
    if (create) {
      const [, table = '', body = ''] = create;
      const columns = parseColumns(body);
      tables.set(table, columns);
      if (table.length > MAX_IDENTIFIER) problems.push({ table, problem: 'table name is over 64 characters' });
      let rowBytes = 0;
      for (const line of body.split('\n')) {
        const column = /^\s*`([^`]+)`\s+([a-z]+)/i.exec(line);
        if (!column) continue;
        const [, name = '', type = ''] = column;
        if (LOB_TYPE.test(type.toLowerCase()) && /\bDEFAULT\b/i.test(line)) {
          problems.push({ table, problem: `column ${name} is ${type.toLowerCase()} with a DEFAULT` });
        }
        const info = columns.get(name);
        if (info && !LOB_TYPE.test(info.type)) rowBytes += keyBytes(info, undefined) ?? 0;
      }
      if (rowBytes > MAX_ROW_BYTES)
        problems.push({ table, problem: `row of ${rowBytes} bytes, over ${MAX_ROW_BYTES}` });
      for (const key of body.matchAll(/CONSTRAINT\s+`([^`]+)`\s+(?:PRIMARY KEY|UNIQUE)\s*\(((?:[^()]|\(\d+\))*)\)/gi)) {
        checkKey(table, key[1] ?? '', key[2] ?? '');
      }
      continue;
    }
    const index = /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+`([^`]+)`\s+ON\s+`([^`]+)`\s*\(([\s\S]*)\)\s*;?$/i.exec(statement);
    if (index) checkKey(index[2] ?? '', index[1] ?? '', index[3] ?? '');
    const fk = /^ALTER TABLE\s+`([^`]+)`\s+ADD CONSTRAINT\s+`([^`]+)`/i.exec(statement);
    if (fk && (fk[2] ?? '').length > MAX_IDENTIFIER) {
      problems.push({ table: fk[1] ?? '', problem: `constraint ${fk[2]} is over 64 characters` });
    }
  }
  return problems;
}
