"""Build ``src/prose_lint/data/given_names.tsv``: given names with the sex
they are given to, from many cultures.

Sources, read from installed packages (nothing is downloaded by prose-lint):

* Faker's per-locale ``first_names_male`` and ``first_names_female`` lists
  (https://github.com/joke2k/faker, MIT licence), for every locale whose
  names are written in the Latin alphabet, as English prose writes them;
* coreferee's ``male_names.dat`` and ``female_names.dat`` (MIT licence);
* a correction: Kikuyu women's names that Faker's Kenyan list gives as
  men's (``KIKUYU_WOMENS_NAMES``);
* gender-guesser's ``nam_dict.txt``, Jörg Michael's dictionary of first names
  in 54 countries (https://github.com/lead-ratings/gender-guesser; the
  dictionary is under the GNU Free Documentation License 1.2, and so is the
  list built from it). It knows names Faker's locales lack (Pyotr, Aigerim,
  Daniyar) and Korean given names (Jin-woo, written with a lower-case second
  syllable as English prose writes them).

Russian, Ukrainian and Bulgarian names are written in Cyrillic there; they
are romanised as English prose usually spells them (Пётр as Pyotr,
Григорий as Grigoriy, Grigori and Grigory).

A name listed for men in one source or locale and for women in another
("Andrea" is a man's name in Italy, a woman's in Germany) is written as
ambiguous and gives no gender. Of the names only the dictionary knows, those
it gives to one sex are taken, and those it calls mostly one sex or either
are left out.

    uv run --with faker --with gender-guesser python training/given_names.py
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "prose_lint" / "data" / "given_names.tsv"
# One word of Latin letters (with accents), optionally hyphenated or with an apostrophe.
LATIN_NAME = re.compile(r"^[A-Z\u00C0-\u00DE\u0100-\u024F][a-z\u00DF-\u00FF\u0100-\u024F]+(?:[-'’][A-Z\u00C0-\u024F]?[a-z\u00DF-\u00FF\u0100-\u024F]+)*$")


CYRILLIC_LOCALES = ("ru_RU", "uk_UA", "bg_BG")
_LETTERS = dict(zip(
    "абвгдезиклмнопрстуфыэ",
    ["a", "b", "v", "g", "d", "e", "z", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "y", "e"],
)) | {"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya", "ь": "", "ъ": "",
      "ё": "yo", "й": "y", "і": "i", "ї": "yi", "є": "ye", "ґ": "g"}
# Endings English spellings vary on: Grigoriy, Grigori, Grigory.
_ENDINGS = {"ий": ("iy", "i", "y"), "ей": ("ey", "ei"), "ия": ("iya", "ia")}


def romanised(name: str) -> set[str]:
    lower = name.lower()
    stems = {lower: ("",)}
    for ending, spellings in _ENDINGS.items():
        if lower.endswith(ending):
            stems = {lower[: -len(ending)]: spellings}
    found = set()
    for stem, endings in stems.items():
        if not all(char in _LETTERS for char in stem):
            return set()
        latin = "".join(_LETTERS[char] for char in stem)
        found.update((latin + ending).capitalize() for ending in endings)
    return found


def faker_names() -> dict[str, set[str]]:
    import faker.providers.person as person

    sexes: dict[str, set[str]] = defaultdict(set)
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        for attribute, sex in (("first_names_male", "m"), ("first_names_female", "f")):
            for name in getattr(provider, attribute, ()) or ():
                if LATIN_NAME.match(name):
                    sexes[name].add(sex)
                elif module.name in CYRILLIC_LOCALES:
                    for spelling in romanised(name):
                        sexes[spelling].add(sex)
    return sexes


def coreferee_names() -> dict[str, set[str]]:
    data = files("coreferee") / "lang" / "common" / "data"
    sexes: dict[str, set[str]] = defaultdict(set)
    for file_name, sex in (("male_names.dat", "m"), ("female_names.dat", "f")):
        for name in (data / file_name).read_text(encoding="utf-8").split():
            if LATIN_NAME.match(name):
                sexes[name].add(sex)
    return sexes


# gender-guesser's clear verdicts; names it calls "mostly" one sex or
# "andy" (either) are left out, as many of them are words too (London).
_DICTIONARY_SEXES = {"male": {"m"}, "female": {"f"}}


def dictionary_names() -> dict[str, set[str]]:
    from gender_guesser.detector import Detector

    sexes: dict[str, set[str]] = defaultdict(set)
    for name, verdicts in Detector(case_sensitive=True).names.items():
        if not set(verdicts) <= set(_DICTIONARY_SEXES):
            continue
        found = set().union(*(_DICTIONARY_SEXES[verdict] for verdict in verdicts))
        spellings = {name}
        if "-" in name:
            head, _, rest = name.partition("-")
            spellings.add(f"{head}-{rest.lower()}")
        for spelling in spellings:
            if LATIN_NAME.match(spelling):
                sexes[spelling] |= found
    return sexes


# Faker's Kenyan list of men's first names (en_KE) counts every word of a
# full name, and so holds Kikuyu women's names borne as a man's middle name
# or surname (Wanjiru, Njeri); its list of women's names lacks them. As
# given names they are women's.
KIKUYU_WOMENS_NAMES = (
    "Nyambura", "Nyokabi", "Muthoni", "Njeri", "Njoki", "Wacera", "Wairimu", "Waithira", "Wambui", "Wangari",
    "Wangui", "Wanjiku", "Wanjiru",
)


def main() -> None:
    sexes: dict[str, set[str]] = defaultdict(set)
    for source in (faker_names(), coreferee_names()):
        for name, found in source.items():
            sexes[name] |= found
    for name in KIKUYU_WOMENS_NAMES:
        sexes[name] = {"f"}
    # The dictionary adds the names the lists lack; it does not overrule them,
    # as it calls many plain names (Amy, Dan) "mostly" one sex.
    for name, found in dictionary_names().items():
        sexes.setdefault(name, found)
    lines = [f"{name}\t{''.join(sorted(found)) if len(found) == 1 else 'mf'}" for name, found in sorted(sexes.items())]
    header = "# given name<TAB>m, f or mf (given to both: no gender). Built by training/given_names.py from Faker (MIT), coreferee (MIT) and gender-guesser's nam_dict.txt (GNU FDL 1.2; this list is under the same licence).\n"
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} names written to {OUT}")


if __name__ == "__main__":
    main()
