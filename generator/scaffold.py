"""Create a new site's `content/` folder that `check` and `build` accept at once (issue 12)."""

from __future__ import annotations

import logging
from pathlib import Path

from .errors import TrialsiteError
from .terms import TERMS_FILE

logger = logging.getLogger(__name__)

SITE_YAML = """\
# Site-wide settings of this trialsite site. Every page shows the title, the publisher and the
# disclaimer: change them before you publish, so the site does not speak for someone else.
# Titles, publisher and disclaimer are plain text (no HTML or Markdown).

# The site's name, in each language it is built in (shown in every page's header and tab).
title:
  en: "Clinical trials of Example Organisation"
  fr: "Essais cliniques de Example Organisation"

# The languages to build. The first is served at the root of the site, each other one under
# /<language>/ (French at /fr/).
languages: [en, fr]

# Where the site is published, an https:// address ending with a slash: https://ORG.github.io/REPO/
# on GitHub Pages.
# Canonical links, the sitemap, structured data and downloads use it; `trialsite build
# --base-url URL` overrides it for one build (the Pages workflow passes the repository's address).
base_url: "https://example.org/trials/"

# Who publishes the site, per language: shown in every page's footer. Name your organisation.
publisher:
  en: "Published by Example Organisation from public registry records"
  fr: "Publié par Example Organisation à partir de fiches publiques de registre"

# Where readers can reach the publisher, linked in the footer: an e-mail address or an https://
# address. Optional: delete the line to show no contact.
contact: "trials@example.org"

# Shown on every page, per language. Keep it: a page about a study is not medical advice.
disclaimer:
  en: >-
    This site describes clinical studies; it is not medical advice. Talk to your doctor before
    making any decision about your care or about taking part in a study. Source:
    ClinicalTrials.gov, the registry of record for every study shown here.
  fr: >-
    Ce site décrit des études cliniques ; il ne donne pas d'avis médical. Parlez-en à votre
    médecin avant toute décision sur vos soins ou sur votre participation à une étude.
    Source : ClinicalTrials.gov, le registre qui fait foi pour chaque étude présentée ici.

# Whether record text not translated yet may be published (shown in English, marked as such)
# without a warning from `trialsite check`; every page in another language then says that some
# passages are still in English. false: `check --strict` stops a half-translated site.
allow_untranslated: false
"""

GLOSSARY_YAML = """\
# Medical words used on patient pages, with plain definitions in every language of the site.
# Keys are stable slugs: pages link to glossary/#<slug>. `forms` are other spellings or
# inflections that also count as the term. Keep definitions short and plain (reading age 9-11),
# and never promise that a treatment helps. One example entry; add your own below it.
terms:
  placebo:
    term: {en: placebo, fr: placebo}
    forms:
      en: [placebos]
      fr: [placebos]
    definition:
      en: A dummy treatment that looks like the real one but has no medicine in it.
      fr: Un faux traitement qui ressemble au vrai mais ne contient pas de médicament.
"""

TERMS_YAML = """\
# Names that recur across trials, in English and French (see generator/terms.py): a French page
# shows a record's condition in French from here when its trial's fr.po does not translate it.
# Sections: conditions, intervention_types, routes, phrases (a whole registry passage). Keys are
# stable. `en` is the MeSH preferred term when there is one; `also` lists other names meaning
# exactly the same, `lay` the everyday name (search), `mesh` MeSH ids, `broader` a wider term's
# key. A name must state the same numbers as its English term. One example; add your own.
conditions:
  lupus-erythematosus-systemic:
    en: "Lupus Erythematosus, Systemic"
    fr: lupus érythémateux systémique
    also: {en: ["Systemic Lupus Erythematosus", SLE], fr: [LES]}
    lay: {en: lupus, fr: lupus}
    mesh: [D008180]
"""

FOLDERS = {
    "trials": "one folder per trial, written by `trialsite import`",
    "sources": "the registry records as downloaded, to import (and re-import) from",
}


def init_content(folder: Path) -> list[Path]:
    """Create `folder/content/` with commented settings, a glossary, terms and empty folders.

    Refuses, writing nothing, when any of the files it would create already exists: people's
    content is never overwritten. Returns what it created.
    """
    content = Path(folder) / "content"
    files = {
        content / "site.yaml": SITE_YAML,
        content / "glossary.yaml": GLOSSARY_YAML,
        content / TERMS_FILE: TERMS_YAML,
    }
    existing = [path for path in files if path.exists()]
    if existing:
        names = " and ".join(str(path) for path in existing)
        verb = "exists" if len(existing) == 1 else "exist"
        raise TrialsiteError(f"{names} already {verb}; nothing was changed")
    created = []
    try:
        for name in FOLDERS:
            (content / name).mkdir(parents=True, exist_ok=True)
            created.append(content / name)
        for path, text in files.items():
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
            created.append(path)
    except OSError as exc:
        raise TrialsiteError(f"cannot create {exc.filename}: {exc.strerror}") from None
    for path in created:
        logger.debug("created %s", path)
    return created
