"""Extract every error code from ../shared/reference tables into fixtures/reference-codes.json.

Run when the reference changes; the knowledge-base coverage test reads the fixture.
"""
import json, re, sys, pathlib

ref = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '../shared/reference')
mexc = (ref / 'mexc-api.md').read_text()
cdc = (ref / 'cryptocom-api.md').read_text()

def expand(text):
    codes = set()
    # Ranges are written `207`–`209` (backticks, en dash) or 2001–2038 (plain, en dash).
    pattern = r'`?(\d+)`?–`?(\d+)`?'
    for a, b in re.findall(pattern, text):
        codes.update(range(int(a), int(b) + 1))
    text = re.sub(pattern, ' ', text)
    codes.update(int(c) for c in re.findall(r'`(\d+)`', text))
    return codes

spot_line = mexc.split('The table, verbatim:')[1].strip().split('\n')[0]
spot = sorted({int(m) for m in re.findall(r'(?:^|·)\s*\**(-?\d+) ', spot_line)})

fut_line = next(l for l in mexc.split('\n') if l.startswith('**Errors (FUTDOC, verbatim).**'))
fut = set(int(m) for m in re.findall(r'(?:\)\.\*\*|·)\s*\**(\d+) [A-Za-z_(]', fut_line))
tail = fut_line.split('1004 Amount error')[1].split(':')[0]
fut |= expand(tail)
fut |= {int(c) for c in re.findall(r'(?<![\d–])(\d{4})(?![\d–])', re.sub(r'\d+–\d+', ' ', tail))}

v1_section = cdc.split('**v1, from [S1]')[1].split('Inconsistency:')[0]
v1 = expand(v1_section)
v2_section = cdc.split('**v2, from [S3]')[1].split('## 5.')[0]
v2 = expand(v2_section)

out = {
    'source': 'extracted by scripts/extract-reference-codes.py from shared/reference (mexc-api.md, cryptocom-api.md)',
    'successCodes': {'mexc-futures': [0], 'cryptocom-v1': [0], 'cryptocom-v2': [0]},
    'mexc-spot': spot,
    'mexc-futures': sorted(fut),
    'cryptocom-v1': sorted(v1),
    'cryptocom-v2': sorted(v2),
}
pathlib.Path('fixtures/reference-codes.json').write_text(json.dumps(out, indent=1) + '\n')
print({k: len(v) for k, v in out.items() if isinstance(v, list)})
