"""Build a small two-language MkDocs + Material site in a temp dir, with our theme overrides."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from generator.model import Site
from generator.site.mkdocs.config import mkdocs_config

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

PAGES = {
    "en": {
        "index.md": "# Clinical trials\n\nStudies of cell therapy in lupus.\n\n"
        "- [Registry](trials/index.md)\n- [Glossary](glossary/index.md)\n",
        "trials/index.md": "# Registry\n\n| Trial | Status |\n|---|---|\n"
        "| [NCT03562065](NCT03562065/index.md) | Unknown |\n",
        "trials/NCT03562065/index.md": "# Stem cells for lupus\n\nNCT03562065. Treatment of "
        "refractory systemic lupus at Hôpital Saint-Louis, Paris.\n\n"
        "[For patients](patients/index.md) · [For investigators](investigators/index.md)\n",
        "trials/NCT03562065/patients/index.md": "# Taking part\n\n## Why this study\n\n"
        "Lupus is a disease of the immune system. Talk to your doctor.\n\n"
        "See [ClinicalTrials.gov](https://clinicaltrials.gov/study/NCT03562065).\n",
        "trials/NCT03562065/investigators/index.md": "# Protocol summary\n\n"
        "## Exclusion criteria\n\n- Treated with immunosuppressants in the last month\n",
        "glossary/index.md": "# Glossary\n\n## Lupus\n\nA disease where the body attacks itself.\n",
    },
    "fr": {
        "index.md": "# Essais cliniques\n\nÉtudes de thérapie cellulaire du lupus.\n\n"
        "- [Registre](trials/index.md)\n- [Glossaire](glossary/index.md)\n",
        "trials/index.md": "# Registre\n\n| Essai | Statut |\n|---|---|\n"
        "| [NCT03562065](NCT03562065/index.md) | Inconnu |\n",
        "trials/NCT03562065/index.md": "# Cellules souches et lupus\n\nNCT03562065. Traitement "
        "du lupus systémique réfractaire à l'hôpital Saint-Louis, Paris.\n\n"
        "[Patients](patients/index.md) · [Investigateurs](investigators/index.md)\n",
        "trials/NCT03562065/patients/index.md": "# Participer\n\n## Pourquoi cette étude\n\n"
        "Le lupus est une maladie du système immunitaire. Parlez-en à votre médecin.\n\n"
        "Voir [ClinicalTrials.gov](https://clinicaltrials.gov/study/NCT03562065).\n",
        "trials/NCT03562065/investigators/index.md": "# Résumé du protocole\n\n"
        "## Critères de non-inclusion\n\n- Traitement immunosuppresseur le mois précédent\n",
        "glossary/index.md": "# Glossaire\n\n## Lupus\n\nUne maladie où le corps s'attaque.\n",
    },
}


def site_config(lang: str, docs_dir: Path, site_dir: Path, base_url: str) -> dict[str, object]:
    """Return the MkDocs config our site builder would use for one language of the small site."""
    site = Site(
        title={"en": "Clinical trials", "fr": "Essais cliniques"},
        base_url=base_url,
        publisher={"en": "Test research team", "fr": "Équipe de recherche de test"},
        disclaimer={
            "en": "This site does not give medical advice.",
            "fr": "Ce site ne donne pas d'avis médical.",
        },
    )
    return mkdocs_config(site, lang, docs_dir, site_dir, TEMPLATES, base_url=base_url)


def build_minisite(
    work: Path, site_dir: Path, base_url: str, pages: dict[str, dict[str, str]] | None = None
) -> Path:
    """Build `pages` (default PAGES) into site_dir (en) and site_dir/fr; return site_dir."""
    for lang, lang_pages in (pages or PAGES).items():
        docs = work / f"docs-{lang}"
        for relpath, text in lang_pages.items():
            (docs / relpath).parent.mkdir(parents=True, exist_ok=True)
            (docs / relpath).write_text(text, encoding="utf-8")
        out = site_dir if lang == "en" else site_dir / lang
        config = work / f"mkdocs-{lang}.yml"
        config.write_text(yaml.safe_dump(site_config(lang, docs, out, base_url)), "utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"mkdocs build of {config} failed:\n{done.stderr[-3000:]}")
    return site_dir
