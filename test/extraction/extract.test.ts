import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { extractClaims, guessFormat } from '../../src/extraction/index.js';
import type { ExtractionResult } from '../../src/extraction/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/extraction/${name}`, import.meta.url), 'utf8');

function summary(r: ExtractionResult): unknown {
  return {
    title: r.title,
    clutter: r.clutter.map((c) => ({ kind: c.kind, text: r.text.slice(c.start, c.end) })),
    claims: r.claims.map((c) => ({ text: c.text, type: c.type, speaker: c.speaker, checkWorthy: c.score >= 0.5 })),
  };
}

const GOLDEN = ['harbour-levy.txt', 'vaccine-clinics.md', 'river-dam.html', 'wire-grain-tariff.txt', 'council-libraries.md', 'flood-defences.html'];

describe('extractClaims on the golden fixtures', () => {
  for (const name of GOLDEN) {
    it(`extracts ${name} as its expected file says`, () => {
      const result = extractClaims(fixture(name), { format: guessFormat(name) });
      const expected: unknown = JSON.parse(fixture(name.replace(/\.\w+$/, '.expected.json')));
      const { sentences: _ignored, ...rest } = expected as Record<string, unknown>;
      expect(summary(result)).toEqual(rest);
    });
  }

  it('keeps every claim offset pointing at its text and outside clutter', () => {
    for (const name of GOLDEN) {
      const r = extractClaims(fixture(name), { format: guessFormat(name) });
      for (const c of r.claims) {
        expect(r.text.slice(c.start, c.end)).toBe(c.text);
        for (const s of r.clutter) expect(c.end <= s.start || c.start >= s.end).toBe(true);
      }
    }
  });

  it('leaves clutter visible in pasted text', () => {
    const r = extractClaims(fixture('harbour-levy.txt'), { format: 'text' });
    expect(r.text).toContain('Subscribe to our newsletter');
    expect(r.clutter.map((c) => c.kind)).toEqual(expect.arrayContaining(['copyright', 'share', 'newsletter', 'read-more', 'related', 'photo-credit', 'byline', 'section-tag']));
  });

  it('drops scripts, navigation, cookie banners, related links and footers from HTML', () => {
    const r = extractClaims(fixture('river-dam.html'), { format: 'html' });
    for (const gone of ['tracking', 'We use cookies', 'Home', 'Power cuts hit northern towns', 'All rights reserved', 'Ines Varga', 'morning newsletter', 'By Kofi Mensah']) {
      expect(r.text).not.toContain(gone);
    }
    expect(r.text).toContain('silt has cut the Kessa dam’s generating capacity by 31%');
  });

  it('renders Markdown to plain text without markup', () => {
    const r = extractClaims('# Title here\n\nA **bold** claim with [a link](https://x.test) and `code`.\n\n- one item\n- two items\n', { format: 'markdown' });
    expect(r.title).toBe('Title here');
    expect(r.text).toBe('Title here\n\nA bold claim with a link and code.\n\none item\ntwo items');
  });

  it('falls back to the body text when readability finds no article', () => {
    const r = extractClaims('<html><body><p>Tax rose 4% in 2024.</p></body></html>', { format: 'html' });
    expect(r.text).toBe('Tax rose 4% in 2024.');
    expect(r.claims.map((c) => c.text)).toEqual(['Tax rose 4% in 2024.']);
  });
});

describe('check-worthiness scores', () => {
  const score = (s: string): number => extractClaims(s, { format: 'text' }).claims[0]?.score ?? -1;

  it('scores questions, greetings and first-person opinions below 0.5', () => {
    for (const s of ['Did unemployment really fall by 5% in 2023?', 'Good morning and welcome to the programme!', 'I think the new stadium is a waste of money.', 'We believe the council should resign.']) {
      expect(score(s)).toBeLessThan(0.5);
    }
  });

  it('scores concrete factual statements at 0.5 or more', () => {
    for (const s of ['Unemployment fell to 4.1% in March, the lowest rate since 2008.', 'The bridge was closed to traffic on Monday.', 'Under the new law, landlords must register every rental property.', 'The drought caused wheat prices to rise by a third.']) {
      expect(score(s)).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('explains a score with readable reasons', () => {
    const c = extractClaims('Crime fell 12% in 2023 compared with 2022, according to police data.', { format: 'text' }).claims[0];
    expect(c?.reasons).toEqual(expect.arrayContaining(['contains a quantity (12%)', 'makes a comparison', 'mentions a date', 'cites a named source']));
    const q = extractClaims('Is that really true?', { format: 'text' }).claims[0];
    expect(q?.reasons).toEqual(expect.arrayContaining(['question', 'too short']));
  });
});

describe('claim types', () => {
  const typeOf = (s: string): string | undefined => extractClaims(s, { format: 'text' }).claims[0]?.type;

  it('recognises each claim type from its wording', () => {
    expect(typeOf('Hospital waiting lists grew by 40,000 patients last year.')).toBe('quantity');
    expect(typeOf('Smoking bans led to fewer heart attacks among bar staff.')).toBe('correlation_causation');
    expect(typeOf('Under the Highway Code, cyclists are allowed to ride two abreast.')).toBe('law_rule');
    expect(typeOf('The central bank will raise interest rates again next month.')).toBe('prediction');
    expect(typeOf('When I was a child my family lived on one small farm near the river.')).toBe('personal_experience');
    expect(typeOf('The mayor opened the new library on the east side.')).toBe('other');
    expect(typeOf('Why does nobody ask about the budget?')).toBe('not_a_claim');
  });
});

describe('speakers', () => {
  const speakers = (s: string): Array<string | null> => extractClaims(s, { format: 'text' }).claims.map((c) => c.speaker);

  it('finds speakers before and after the speech verb and after "according to"', () => {
    expect(speakers('Maria Santos said the mine had closed.')).toEqual(['Maria Santos']);
    expect(speakers('"The mine has closed," said Maria Santos.')).toEqual(['Maria Santos']);
    expect(speakers('The mine closed in 2019, according to Maria Santos.')).toEqual(['Maria Santos']);
    expect(speakers('Maria Santos told reporters the mine had closed.')).toEqual(['Maria Santos']);
    expect(speakers('The mine closed in 2019.')).toEqual([null]);
  });

  it('shortens a titled name and maps a later surname back to the full name', () => {
    expect(speakers('Health Minister Jane Doe said clinics would open. Doe said 40 clinics were ready.')).toEqual(['Jane Doe', 'Jane Doe']);
  });

  it('keeps an honorific only when the surname alone is all the text gives', () => {
    expect(speakers('Dr. Patel said the trial had ended.')).toEqual(['Dr. Patel']);
    expect(speakers('Dr. Amir Patel said the trial had ended.')).toEqual(['Amir Patel']);
  });

  it('gives every sentence of a multi-sentence quote the speaker named after it', () => {
    expect(speakers('“Fares will rise. Services will not improve,” said Tom Reid.')).toEqual(['Tom Reid', 'Tom Reid']);
  });

  it('carries a speaker into the next quoted sentence and resolves pronouns and back-references', () => {
    expect(speakers('“We are ready,” Ana Costa said. “The money is there.”')).toEqual(['Ana Costa', 'Ana Costa']);
    expect(speakers('Ana Costa met the union. She said talks would resume.')).toEqual([null, 'Ana Costa']);
    expect(speakers('Ana Costa leads the agency. The official added that 30 staff had left.')).toEqual([null, 'Ana Costa']);
  });
});

describe('titles and formats', () => {
  it('takes a short unpunctuated first line as the title and makes no claim of it', () => {
    const r = extractClaims('Council doubles harbour levy\nThe council voted on Tuesday to double the levy.', { format: 'text' });
    expect(r.title).toBe('Council doubles harbour levy');
    expect(r.claims.map((c) => c.text)).toEqual(['The council voted on Tuesday to double the levy.']);
  });

  it('has no title when the first line is a sentence', () => {
    expect(extractClaims('The council voted.\nIt was late.', { format: 'text' }).title).toBeNull();
  });

  it('guesses the format from the file name, then the content', () => {
    expect(guessFormat('story.md')).toBe('markdown');
    expect(guessFormat('story.markdown')).toBe('markdown');
    expect(guessFormat('page.HTM')).toBe('html');
    expect(guessFormat(undefined, '  <!DOCTYPE html><p>x</p>')).toBe('html');
    expect(guessFormat('paste.bin', '<html><body></body></html>')).toBe('html');
    expect(guessFormat(undefined, 'Plain words.')).toBe('text');
  });

  it('normalises line endings and exotic spaces but keeps the words', () => {
    const r = extractClaims('Rates\u00a0rose 2%.\r\nThey fell\u200b later.', { format: 'text' });
    expect(r.text).toBe('Rates rose 2%.\nThey fell later.');
  });
});

describe('page furniture', () => {
  const FURNITURE = [
    ['Home | World | Business | Markets | Opinion | Video', 'navigation'],
    ['News › Europe › Politics', 'navigation'],
    ['Sign in  Subscribe', 'subscribe'],
    ['Log in', 'navigation'],
    ['Menu', 'navigation'],
    ['Skip to content', 'navigation'],
    ['Advertisement', 'advert'],
    ['Sponsored', 'advert'],
    ['Most read', 'related'],
    ['Trending', 'related'],
    ['Follow us on Instagram', 'share'],
    ['Listen to this article', 'navigation'],
    ['6 min read', 'byline'],
    ['Updated 14:05 GMT', 'byline'],
    ['March 3, 2026 at 10:42 a.m. EST', 'byline'],
    ['Image: A crane at the dock', 'photo-credit'],
    ['Video: Inside the new terminal', 'related'],
    ['Click here to find out more', 'read-more'],
    ['Watch: The vote in full', 'related'],
    ['Getty Images', 'photo-credit'],
    ['Sign up to the morning briefing', 'newsletter'],
    ['Get our free newsletter', 'newsletter'],
    ['Comments (12)', 'share'],
    ['Topics: Ports, Trade', 'navigation'],
    ['Tags: council, budget', 'navigation'],
    ['Copyright 2026 Harbour Herald', 'copyright'],
    ['Share this story', 'share'],
    ['By Ana Ruiz and Ben Cole', 'byline'],
  ] as const;

  it('reports each kind of furniture line as clutter and makes no claim of it', () => {
    for (const [line, kind] of FURNITURE) {
      const r = extractClaims(`${line}\nThe port handled 40 ships in May, officials said.`, { format: 'text' });
      expect(r.clutter.map((c) => r.text.slice(c.start, c.end))).toContain(line);
      if (kind) expect(r.clutter.find((c) => r.text.slice(c.start, c.end) === line)?.kind).toBe(kind);
      expect(r.claims.map((c) => c.text)).toEqual(['The port handled 40 ships in May, officials said.']);
    }
  });

  it('takes the first line that is not furniture as the title and makes no claim of it', () => {
    const r = extractClaims('Home | News | Sport | Weather\nLog in  Register\n\nBreakingTram fares frozen for a second year\n\nTram fares will stay at £2 until 2027, the city said.', { format: 'text' });
    expect(r.title).toBe('Tram fares frozen for a second year');
    expect(r.claims.map((c) => c.text)).toEqual(['Tram fares will stay at £2 until 2027, the city said.']);
  });

  it('finds the Markdown heading as the title below a navigation line', () => {
    const r = extractClaims('[Home](/) | [News](/news) | [Sport](/sport)\n\n# Tram fares frozen\n\nTram fares will stay at £2 until 2027.', { format: 'markdown' });
    expect(r.title).toBe('Tram fares frozen');
    expect(r.claims.map((c) => c.text)).toEqual(['Tram fares will stay at £2 until 2027.']);
  });

  it('never makes claims of repeated video titles, copyright lines, prompts, credits or bylines in any format', () => {
    const lines = ['Video: How trams are built', 'Video: How trams are built', 'Read more: Bus lanes extended', 'Subscribe', 'Share this article', 'Photo: Kim Lee/Getty Images', 'By Kim Lee', '© 2026 City Times Ltd. All rights reserved.'];
    const body = 'Tram ridership rose 12% in 2025, the operator said.';
    const inputs = [
      ['text', ['Tram news today', body, ...lines].join('\n')],
      ['markdown', ['# Tram news today', body, ...lines.map((l) => `*${l}*`)].join('\n\n')],
      ['html', `<html><body><article><h1>Tram news today</h1><p>${body}</p>${lines.map((l) => `<p>${l}</p>`).join('')}</article></body></html>`],
    ] as const;
    for (const [format, input] of inputs) {
      const claims = extractClaims(input, { format }).claims.map((c) => c.text);
      expect(claims).toEqual([body]);
    }
  });
});

describe('abbreviations inside claims', () => {
  it('never splits a claim at U.S., U.N., Jr., Co., Jan., No. 5, approx., vs. or i.e.', () => {
    const text = [
      'The U.S. Navy and the U.N. refugee agency signed the pact on Jan. 9, 2026.',
      'Martin Luther King Jr. Day falls on Monday, and Brandt & Co. will close its No. 5 plant for approx. 2 days.',
      'The ruling in Smith vs. Jones, i.e. the 2019 case, cost the firm $3m.',
    ];
    const claims = extractClaims(text.join(' '), { format: 'text' }).claims.map((c) => c.text);
    expect(claims).toEqual(text);
  });
});

describe('speakers in reported speech', () => {
  const speakers = (s: string): Array<string | null> => extractClaims(s, { format: 'text' }).claims.map((c) => c.speaker);

  it('names the person before "of the <Organisation> said", then a pronoun and a surname resolve to them', () => {
    expect(speakers('Dr. Nina Brandt of the Kiel Institute said exports fell 4% in 2025. "That is the lowest level in a decade," she said. Brandt said the trend would continue.'))
      .toEqual(['Nina Brandt', 'Nina Brandt', 'Nina Brandt']);
  });

  it('drops titles such as Sen., Cllr and Health minister and keeps the person', () => {
    expect(speakers('“We will not accept this,” Sen. Paul Ortega told reporters.')).toEqual(['Paul Ortega']);
    expect(speakers('Cllr Ruth Mbeki, who chairs the finance committee, said the deficit was £3m. Mbeki added that reserves were low. "It cannot go on," said Ms. Mbeki.')).toEqual(['Ruth Mbeki', 'Ruth Mbeki', 'Ruth Mbeki']);
    expect(speakers('Health minister Omar Farouk told MPs that 40 clinics would open.')).toEqual(['Omar Farouk']);
    expect(speakers('"We had no choice," said council leader Ewa Nowak.')).toEqual(['Ewa Nowak']);
    expect(speakers('"Cases are rising," said Dr. Lena Ortiz, the agency’s head of screening.')).toEqual(['Lena Ortiz']);
  });

  it('lets an organisation speak and resolves "the agency" to the organisation named earlier', () => {
    expect(speakers('The operator, Tidewater Freight Co., said it had complied with the rules.')).toEqual(['Tidewater Freight Co.']);
    expect(speakers('Rents rose 9% in 2025, according to figures published by the Office for National Statistics.')).toEqual(['Office for National Statistics']);
    expect(speakers('The Coastal Safety Agency reported 12 deaths. Rip currents caused most of them, the agency said.')).toEqual(['Coastal Safety Agency', 'Coastal Safety Agency']);
  });

  it('keeps an anonymous single source as written and names no one for an anonymous group', () => {
    expect(speakers('"The deal is dead," said one Brussels diplomat who asked not to be named.')).toEqual(['one Brussels diplomat']);
    expect(speakers('The talks collapsed on Friday, three people familiar with the matter said.')).toEqual([null]);
  });

  it('carries the speaker of a quote into the next quoted sentence', () => {
    expect(speakers('“We will not accept this,” Sen. Paul Ortega told reporters. “[The board] must resign.”')).toEqual(['Paul Ortega', 'Paul Ortega']);
  });

  it('attributes a quote to a speaker named in one of the next two sentences', () => {
    expect(speakers('"We have run out of money. Every school will lose staff." Those were the words of mayor Ines Duarte.')).toEqual(['Ines Duarte', 'Ines Duarte', 'Ines Duarte']);
  });
});

describe('check-worthiness of messy sentences', () => {
  const first = (s: string) => extractClaims(s, { format: 'text' }).claims[0];

  it('keeps short factual statements, hedged statistics and bullet items check-worthy', () => {
    for (const s of ['Two similar bids were rejected since 2019.', 'The site covers about 40 hectares.', 'Nearly 3,000 jobs were lost in 2024.', '• The loan is worth about $2.1 billion.', '- Bin collections will be cut at 5 of the 12 depots.']) {
      expect(first(s)?.score).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('strips the bullet from a list item claim and keeps its offsets exact', () => {
    const r = extractClaims('Key facts:\n• The loan is worth about $2.1 billion.\n- Parking rises by 20p an hour.', { format: 'text' });
    expect(r.claims.map((c) => [c.text, c.score >= 0.5])).toEqual([['Key facts:', false], ['The loan is worth about $2.1 billion.', true], ['Parking rises by 20p an hour.', true]]);
    for (const c of r.claims) expect(r.text.slice(c.start, c.end)).toBe(c.text);
  });

  it('scores lead-ins, greetings, questions, first-person opinions and empty quotes below 0.5', () => {
    for (const s of ['Key changes in the plan:', 'Good morning, everyone.', 'Is this the end of the road for the scheme?', 'I think this is a sad day for the town.', 'In my view the scheme is flawed.', 'We believe the board got it wrong.', '"It is as simple as that," said Ana Ruiz.', '"We cannot let this happen," said Ana Ruiz.']) {
      expect(first(s)?.score).toBeLessThan(0.5);
    }
  });

  it('starts a wire story claim after its dateline', () => {
    expect(first('LISBON (Reuters) - Portugal sold 2.1 million tonnes of cork in 2025, the ministry said.')?.text).toBe('Portugal sold 2.1 million tonnes of cork in 2025, the ministry said.');
  });

  it('types a counted or ranked statement as a quantity unless a law, prediction or cause is stronger', () => {
    const typeOf = (s: string): string | undefined => first(s)?.type;
    expect(typeOf('The regulator reviewed 212 mergers in 2024.')).toBe('quantity');
    expect(typeOf('Two similar bids were rejected since 2019.')).toBe('quantity');
    expect(typeOf('That makes it the third-largest airport in the country.')).toBe('quantity');
    expect(typeOf('Under the Housing Act 2004, landlords must license homes with 5 or more tenants.')).toBe('law_rule');
    expect(typeOf('The agency expects traffic to grow 3% in 2027.')).toBe('prediction');
  });
});
