import { describe, expect, it } from 'vitest';
import type { Alarm } from '#shared/rpc/domains/monitor';
import { newSoundingAlarms } from './alarmSound';

const alarm = (id: string, severity: Alarm['severity'], acknowledged = false): Alarm => ({
  id,
  ruleId: id,
  name: id,
  kind: 'high',
  severity,
  state: 'active',
  acknowledged,
  escalated: false,
  raisedAt: 0,
  message: '',
});

describe('alarm sound', () => {
  it('sounds only for new, unacknowledged critical and major alarms', () => {
    const seen = new Set(['old']);
    const list = [alarm('old', 'critical'), alarm('c', 'critical'), alarm('M', 'major'), alarm('m', 'minor'), alarm('i', 'info'), alarm('acked', 'critical', true)];
    expect(newSoundingAlarms(list, seen)).toEqual(['c', 'M']);
    expect(newSoundingAlarms(list, new Set(list.map((a) => a.id)))).toEqual([]);
  });
});
