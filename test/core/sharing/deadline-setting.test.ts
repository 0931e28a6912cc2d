import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/errors.ts';
import { testConfig } from '../../support/config.ts';

describe('the sharing deadline setting', () => {
  it('defaults to two working days and takes a whole number from PONT_SHARING_DEADLINE_DAYS', () => {
    expect(testConfig().sharingDeadlineDays).toBe(2);
    expect(testConfig({ PONT_SHARING_DEADLINE_DAYS: '' }).sharingDeadlineDays).toBe(2);
    expect(testConfig({ PONT_SHARING_DEADLINE_DAYS: '5' }).sharingDeadlineDays).toBe(5);
  });

  it('stops start-up with a message naming the setting when the value is not usable', () => {
    expect(() => testConfig({ PONT_SHARING_DEADLINE_DAYS: 'soon' })).toThrow(ConfigurationError);
    expect(() => testConfig({ PONT_SHARING_DEADLINE_DAYS: 'soon' })).toThrow(
      /^PONT_SHARING_DEADLINE_DAYS must be a number of working days, e\.g\. 2$/,
    );
    expect(() => testConfig({ PONT_SHARING_DEADLINE_DAYS: '0' })).toThrow(
      /^PONT_SHARING_DEADLINE_DAYS must be 1-20 working days$/,
    );
    expect(() => testConfig({ PONT_SHARING_DEADLINE_DAYS: '1.5' })).toThrow(/whole number/);
  });
});
