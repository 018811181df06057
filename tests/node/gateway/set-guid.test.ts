import { describe, expect, it } from 'vitest';
import { parseSetGuid } from '@main/gateway/set-guid';

describe('parseSetGuid', () => {
  it.each([
    ['JSESSIONID=279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway0', '279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway0'],
    ['JSESSIONID=a=b=c', 'a=b=c'],
    [' jsessionid = x1 ', 'x1'],
    [['JSESSIONID=old', 'JSESSIONID=new'], 'new'],
  ])('%j → %s', (header, guid) => {
    expect(parseSetGuid(header)).toBe(guid);
  });

  it.each([[undefined], [''], ['JSESSIONID='], ['no-equals-sign'], ['OTHER=x']])('%j → null', (header) => {
    expect(parseSetGuid(header)).toBeNull();
  });
});
