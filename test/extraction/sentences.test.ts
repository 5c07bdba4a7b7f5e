import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { segmentSentences, splitSentences } from '../../src/extraction/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/extraction/${name}`, import.meta.url), 'utf8');

describe('splitSentences', () => {
  const cases: Array<[string, string, string[]]> = [
    ['keeps country abbreviations inside a sentence', 'Talks between the U.S. Treasury and the U.N. envoy resumed. They ended late.', ['Talks between the U.S. Treasury and the U.N. envoy resumed.', 'They ended late.']],
    ['ends a sentence at a country abbreviation followed by a new sentence', 'The ship was bound for the U.S. It never arrived.', ['The ship was bound for the U.S.', 'It never arrived.']],
    ['keeps titles with the name that follows', 'Dr. Ines Moreau met Mr. Patel and Mrs. Ruiz on Friday.', ['Dr. Ines Moreau met Mr. Patel and Mrs. Ruiz on Friday.']],
    ['reads company suffixes by the word that follows', 'Shares of Brandt & Co. rose. Velo Inc. said nothing.', ['Shares of Brandt & Co. rose.', 'Velo Inc. said nothing.']],
    ['keeps month abbreviations before a day', 'The vote moved from Jan. 9 to Feb. 14 and then to Sept. 2.', ['The vote moved from Jan. 9 to Feb. 14 and then to Sept. 2.']],
    ['keeps "No." before a number', 'She ranked No. 5 in the world. He ranked lower.', ['She ranked No. 5 in the world.', 'He ranked lower.']],
    ['keeps initials together', 'J. K. Rowling and W. E. B. Du Bois were cited. Nobody objected.', ['J. K. Rowling and W. E. B. Du Bois were cited.', 'Nobody objected.']],
    ['keeps decimals and money', 'Revenue hit $4.5bn, up 3.2% on 2023. Profit was €0.9m.', ['Revenue hit $4.5bn, up 3.2% on 2023.', 'Profit was €0.9m.']],
    ['keeps times of day inside a sentence', 'The polls close at 8 p.m. on Sunday. Results follow.', ['The polls close at 8 p.m. on Sunday.', 'Results follow.']],
    ['keeps Latin abbreviations', 'Some fuels, e.g. diesel, i.e. the dirtiest, cost approx. 40% more vs. last year, etc. and rising.', ['Some fuels, e.g. diesel, i.e. the dirtiest, cost approx. 40% more vs. last year, etc. and rising.']],
    ['treats an ellipsis before a capital as an end', 'He paused... Then he left. She said ... nothing.', ['He paused...', 'Then he left.', 'She said ... nothing.']],
    ['keeps a quote with its speaker after it', '“We will rebuild the bridge.” she said. Work starts soon.', ['“We will rebuild the bridge.” she said.', 'Work starts soon.']],
    ['keeps a multi-sentence quote whole by default', '"Prices rose. Wages did not," the union said. It wants talks.', ['"Prices rose. Wages did not," the union said.', 'It wants talks.']],
    ['handles brackets inside quotes', '"[The U.S.] is ready." The envoy left.', ['"[The U.S.] is ready."', 'The envoy left.']],
    ['handles double-apostrophe quotes', "``We are done here,'' the mayor said. ''No more delays.'' Nobody clapped.", ["``We are done here,'' the mayor said.", "''No more delays.''", 'Nobody clapped.']],
    ['splits bullet items', '• Rents rose 7% • Wages rose 2% • Savings fell', ['• Rents rose 7%', '• Wages rose 2%', '• Savings fell']],
    ['splits numbered list items', 'Three demands: 1. Cut fares 2. Add buses 3. Extend hours', ['Three demands:', '1. Cut fares', '2. Add buses', '3. Extend hours']],
    ['joins a hard-wrapped sentence across a single line break', 'The commission published its findings after a long inquiry into the flood defences,\nwhich had failed twice in ten years. A reply is due.', ['The commission published its findings after a long inquiry into the flood defences,\nwhich had failed twice in ten years.', 'A reply is due.']],
    ['ends a headline without a full stop at the line break', 'Flood defences failed twice\nThe commission published its findings.', ['Flood defences failed twice', 'The commission published its findings.']],
    ['splits a section tag glued to a headline', 'ExclusiveChina-US relations thaw\nOfficials met on Monday.', ['Exclusive', 'China-US relations thaw', 'Officials met on Monday.']],
    ['splits question and exclamation marks', 'Is it safe? Yes! Engineers agree.', ['Is it safe?', 'Yes!', 'Engineers agree.']],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      expect(splitSentences(input)).toEqual(expected);
    });
  }

  it('splits the messy text fixture as the golden file says', () => {
    const input = fixture('harbour-levy.txt');
    const expected: unknown = JSON.parse(fixture('harbour-levy.expected.json'));
    expect(expected).toHaveProperty('sentences', splitSentences(input));
  });

  it('returns nothing for empty or blank input', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t \n')).toEqual([]);
  });
});

describe('segmentSentences', () => {
  it('returns trimmed offsets that slice back to each sentence', () => {
    const text = '  First one.   Second one?\n\n Third!  ';
    const spans = segmentSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['First one.', 'Second one?', 'Third!']);
  });

  it('can split inside a multi-sentence quote for claim extraction', () => {
    const text = '"Prices rose. Wages did not," the union said.';
    const spans = segmentSentences(text, { splitInsideQuotes: true });
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['"Prices rose.', 'Wages did not," the union said.']);
  });
});
