import { describe, expect, it } from 'vitest';
import { formatDocument, isoDayToBr, secondsBetween } from './format';

describe('dashboard formats', () => {
  it('writes the start date as dd/mm/aaaa (reading it is the backend\'s)', () => {
    expect(isoDayToBr('2026-08-30')).toBe('30/08/2026');
  });

  it('shows CPF and CNPJ the way Brazilians write them', () => {
    expect(formatDocument('52998224725')).toBe('529.982.247-25');
    expect(formatDocument('11222333000181')).toBe('11.222.333/0001-81');
    expect(formatDocument('12ABC34501DE35')).toBe('12.ABC.345/01DE-35');
    expect(formatDocument('123')).toBe('123');
  });

  it('measures a run in whole seconds', () => {
    expect(secondsBetween('2026-11-28T12:00:00Z', '2026-11-28T12:01:05Z')).toBe(65);
    expect(secondsBetween('2026-11-28T12:00:05Z', '2026-11-28T12:00:00Z')).toBe(0);
  });
});
