import type { Database } from '../../src/store/index.ts';

/**
 * A database for a process that stops at the worst moment. After `stopBeforeDone(key)`, the first time the inbox
 * would record the work `key` done the write fails, as if the process had died just before it: everything the work
 * showed the person stays shown, the item stays taken until its lease runs out, and then another attempt takes it,
 * as after a crash. Other work is recorded as usual.
 */
export function stoppingDatabase(db: Database): { db: Database; stopBeforeDone(key: string): void } {
  const stops = new Set<string>();
  const stopping = new Proxy(db, {
    get(target, property) {
      if (property === 'query') {
        return (sql: string, params?: unknown[]) => {
          const key = String(params?.[0]);
          if (stops.has(key) && /^\s*update inbox set status = 'done'/.test(sql)) {
            stops.delete(key);
            return Promise.reject(new Error('the process stopped before it recorded the work done'));
          }
          return target.query(sql, params);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    db: stopping,
    stopBeforeDone(key) {
      stops.add(key);
    },
  };
}
