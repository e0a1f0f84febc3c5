/** The two stores gateway-db runs on. Defined once; every package imports it from here. */
export type Dialect = 'sqlite' | 'mysql';

export const DIALECTS: readonly Dialect[] = ['sqlite', 'mysql'];

export function isDialect(value: string): value is Dialect {
  return (DIALECTS as readonly string[]).includes(value);
}
