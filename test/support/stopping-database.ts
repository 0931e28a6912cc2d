import type { Database } from '../../src/store/index.ts';

/**
 * A database for a process that stops at the worst moment. Once `stopBeforeDone()` is called, the next time the
 * inbox would record a piece of work done the write fails, as if the process had died just before it: everything
 * the work showed the person stays shown, the item stays taken until its lease runs out, and then another attempt
 * takes it, as after a crash.
 */
export function stoppingDatabase(db: Database): { db: Database; stopBeforeDone(): void } {
  let stops = 0;
  const stopping = new Proxy(db, {
    get(target, property) {
      if (property === 'query') {
        return (sql: string, params?: unknown[]) => {
          if (stops > 0 && /^\s*update inbox set status = 'done'/.test(sql)) {
            stops -= 1;
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
    stopBeforeDone() {
      stops += 1;
    },
  };
}
