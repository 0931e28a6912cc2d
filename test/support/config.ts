import { loadConfig, type Config } from '../../src/config.ts';

/** A config for tests: embedded defaults, no keys, logging off, plus `environment`. */
export function testConfig(environment: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', PONT_DATA_DIR: 'memory://', ...environment });
}
