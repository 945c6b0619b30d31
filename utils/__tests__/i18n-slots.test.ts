// Markup inside a message: the slots come back where the sentence has them, in any order.
import { describe, expect, it } from 'vitest';
import { aroundSlot, fillSlots, SLOT, SLOTS, t } from '../i18n';

describe('message slots', () => {
  it('puts each item where its slot stands, whatever the order', () => {
    const text = `a ${SLOTS[1]} b ${SLOTS[0]}${SLOTS[2]}.`;
    expect(fillSlots(text, ['X', 'Y', 'Z'])).toEqual(['a ', 'Y', ' b ', 'X', 'Z', '.']);
  });

  it('leaves a message without slots whole', () => {
    expect(fillSlots('plain', ['X'])).toEqual(['plain']);
    expect(aroundSlot('plain')).toEqual(['plain', '']);
  });

  it('works through a real message with Chrome-style substitution', () => {
    expect(fillSlots(t('sendDropPrompt', SLOT), ['<b>'])).toEqual(['<b>', ' or drop it here']);
    expect(aroundSlot(t('accountSignedInAs', SLOT))).toEqual(['Signed in as ', '']);
  });
});
