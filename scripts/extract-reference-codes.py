"""Build fixtures/reference-codes.json: every code of the official error tables, by API.

The knowledge-base test (test/core/kb.test.ts) keeps the KB and this list in
sync both ways: every official code is in the KB with its official text, every
code the KB has is official or reported, and every reported code is in the KB
with its live text and its source.

The "official" part is regenerated from the documentation sources:
  --mexc-apidocs DIR   a clone of https://github.com/mexcdevelop/apidocs (branches spot_v3_en, contract_v1_en)
  --cdc-v2-doc FILE    api-doc.md of https://github.com/csc530/crypto.com-exhcange-API (a copy of the v2 docs)
  --reference DIR      shared/reference (cryptocom-api.md: the v1 table as read from the official page)
The "reported" part (codes and texts seen live in public threads, each with
its source) is maintained by hand in the fixture and kept as is.

Example:
  python3 scripts/extract-reference-codes.py --mexc-apidocs ~/src/apidocs \\
      --cdc-v2-doc ~/src/crypto.com-exhcange-API/api-doc.md --reference ../shared/reference
"""
import argparse, json, pathlib, re, subprocess

FIXTURE = pathlib.Path('fixtures/reference-codes.json')

ap = argparse.ArgumentParser()
ap.add_argument('--mexc-apidocs', required=True)
ap.add_argument('--cdc-v2-doc', required=True)
ap.add_argument('--reference', default='../shared/reference')
args = ap.parse_args()


def git_show(repo, rev_path):
    return subprocess.run(['git', '-C', repo, 'show', rev_path], check=True, capture_output=True, text=True).stdout


def table_after(text, heading):
    """Rows of the first markdown table after a heading: lists of cell texts."""
    start = text.index(heading)
    rows = []
    for line in text[start:].split('\n')[1:]:
        line = line.strip()
        if not line.startswith('|'):
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip('|').split('|')]
        if all(re.fullmatch(r':?-+:?', c) for c in cells if c):
            continue
        rows.append(cells)
    return rows


def collapse(s):
    return re.sub(r'\s+', ' ', s).strip()


def code_rows(rows):
    """[{code, message, alsoMessages?}] from (code, description) rows; the first text of a repeated code is its message."""
    out = {}
    for cells in rows:
        if not re.fullmatch(r'-?\d+', cells[0]):
            continue
        code, message = int(cells[0]), collapse(cells[-1])
        if code in out:
            out[code].setdefault('alsoMessages', []).append(message)
        else:
            out[code] = {'code': code, 'message': message}
    return sorted(out.values(), key=lambda r: r['code'])


spot_doc = git_show(args.mexc_apidocs, 'spot_v3_en:source/index.html.md')
spot = code_rows(table_after(spot_doc, '## Error Code'))
fut_doc = git_show(args.mexc_apidocs, 'contract_v1_en:source/index.html.md')
fut = code_rows(table_after(fut_doc, '# Error code'))

v2_rows = table_after(pathlib.Path(args.cdc_v2_doc).read_text(), '#### Response Codes and Reason')
v2 = []
for code, http, name, desc in (r[:4] for r in v2_rows):
    if re.fullmatch(r'\d+', code):
        row = {'code': int(code), 'http': int(http), 'message': collapse(desc)}
        if name.endswith(' IP'):  # a misprint in the source: "IP_ILLEGAL IP | address not whitelisted"
            name, row['message'] = name[:-3], 'IP ' + row['message']
        if re.fullmatch(r'[A-Z_]+', name):
            row['name'] = name
        v2.append(row)

# v1: the official page is not in a public repository; shared/reference lists its codes by HTTP status.
cdc = (pathlib.Path(args.reference) / 'cryptocom-api.md').read_text()
v1_section = cdc.split('**v1, from [S1]')[1].split('Inconsistency:')[0]
v1_codes = set()
for a, b in re.findall(r'`(\d+)`–`(\d+)`', v1_section):
    v1_codes.update(range(int(a), int(b) + 1))
v1_codes.update(int(c) for c in re.findall(r'`(\d+)`', re.sub(r'`\d+`–`\d+`', ' ', v1_section)))
v1 = [{'code': c} for c in sorted(v1_codes)]

old = json.loads(FIXTURE.read_text()) if FIXTURE.exists() else {}
reported = {api: v.get('reported', []) for api, v in old.get('apis', {}).items()}

SOURCES = {
    'mexc-spot': ('https://www.mexc.com/api-docs/spot-v3/general-info#error-code', 'mexcdevelop/apidocs spot_v3_en source/index.html.md § Error Code', [0, 200]),
    'mexc-futures': ('https://www.mexc.com/api-docs/futures/integration-guide#error-code-example', 'mexcdevelop/apidocs contract_v1_en source/index.html.md § Error code', [0]),
    'cryptocom-v1': ('https://exchange-developer.crypto.com/exchange/v1/docs/api/rest-common-api-reference#response-and-reason-codes', 'shared/reference/cryptocom-api.md §4 (read from the official page)', [0]),
    'cryptocom-v2': ('https://exchange-docs.crypto.com/spot/index.html#response-and-reason-codes', 'csc530/crypto.com-exhcange-API api-doc.md § Response Codes and Reason', [0]),
}
tables = {'mexc-spot': spot, 'mexc-futures': fut, 'cryptocom-v1': v1, 'cryptocom-v2': v2}
out = {
    'generatedBy': 'scripts/extract-reference-codes.py (official part); the reported part is maintained by hand',
    'apis': {
        api: {
            'official': {'docs': docs, 'readFrom': read_from, 'success': success, 'codes': tables[api]},
            'reported': reported.get(api, []),
        }
        for api, (docs, read_from, success) in SOURCES.items()
    },
}
FIXTURE.write_text(json.dumps(out, indent=1, ensure_ascii=False) + '\n')
print({api: (len(v['official']['codes']), len(v['reported'])) for api, v in out['apis'].items()})
