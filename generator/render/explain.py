"""Explain a generated page of one trial: the renderer's sentences and their record fields."""

from __future__ import annotations

from pathlib import Path

from ..errors import TrialsiteError
from ..loader import load_content
from ..terms import TERMS_FILE
from .pages import LanguagePages
from .patient.explain import explain_page

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "templates"


def explain_trial(content_dir: Path, nct_id: str, lang: str) -> str:
    """Return the patient page of `nct_id` in `lang`, sentence by sentence, with its sources."""
    content = load_content(content_dir)
    if lang not in content.site.languages:
        known = ", ".join(content.site.languages)
        raise TrialsiteError(f'no language "{lang}" in {content_dir}/site.yaml (it has {known})')
    trial = next((trial for trial in content.trials if trial.record.nct_id == nct_id), None)
    if trial is None:
        raise TrialsiteError(f"no trial {nct_id} in {content_dir}/trials/")
    page = LanguagePages(content, TEMPLATES_DIR, lang).patient_page(trial)
    written_in = str(Path(trial.folder) / f"patients.{lang}.yaml")
    return explain_page(nct_id, lang, page, written_in, str(content_dir / TERMS_FILE))
