"""Render every page of the real content and of hostile scratch content, then parse the HTML."""

from __future__ import annotations

import json
import posixpath
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from fhir.resources.researchstudy import ResearchStudy
from hypothesis import given, settings
from hypothesis import strategies as st
from sitehtml import Node, parse_tree

from generator.errors import TrialsiteError
from generator.loader import load_content
from generator.model import Content, Glossary, Record, Site, TranslatedText, Trial
from generator.render import RenderedSite, render_site
from generator.render.conditions import condition_groups
from generator.render.pages import front_matter
from generator.render.yamltext import dump_yaml
from generator.site.mkdocs.config import MARKDOWN_EXTENSIONS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
SEED = "NCT03562065"
BIG = "NCT04267848"
AUDIENCES = {"public": "", "patients": "patients/", "investigators": "investigators/"}


def split_page(page: str) -> tuple[dict[str, Any], str]:
    """Return a page's front matter and Markdown body."""
    assert page.startswith("---\n")
    head, body = page[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def to_html(page: str) -> Node:
    """Convert a rendered page with the site's Markdown extensions and parse the HTML."""
    _, body = split_page(page)
    names = [ext if isinstance(ext, str) else next(iter(ext)) for ext in MARKDOWN_EXTENSIONS]
    configs = {k: v for ext in MARKDOWN_EXTENSIONS if isinstance(ext, dict) for k, v in ext.items()}
    html = markdown.markdown(body, extensions=names, extension_configs=configs)
    return parse_tree(html, strict=True)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT / "content")


@pytest.fixture(scope="module")
def rendered(content: Content) -> RenderedSite:
    return render_site(content, TEMPLATES)


def page_of(rendered: RenderedSite, lang: str, nct_id: str, audience: str) -> str:
    return rendered.pages[lang][f"trials/{nct_id}/{AUDIENCES[audience]}index.md"]


def test_every_page_in_both_languages(rendered: RenderedSite, content: Content) -> None:
    expected = {"index.md", "trials/index.md", "conditions/index.md", "glossary/index.md"} | {
        f"trials/{t.record.nct_id}/{suffix}index.md"
        for t in content.trials
        for suffix in AUDIENCES.values()
    }
    expected |= {f"conditions/{group.slug}/index.md" for group in condition_groups(content.trials)}
    assert set(rendered.pages) == {"en", "fr"}
    assert set(rendered.pages["en"]) == set(rendered.pages["fr"]) == expected


def test_front_matter(rendered: RenderedSite) -> None:
    for lang, pages in rendered.pages.items():
        for relpath, page in pages.items():
            front, _ = split_page(page)
            assert front["title"] and front["description"] and front["lang"] == lang
            assert front["path"] == posixpath.dirname(relpath) + ("/" if "/" in relpath else "")
            if relpath.startswith("trials/") and relpath != "trials/index.md":
                assert front["audience"] in AUDIENCES and front["trial"] in relpath
                assert "<" not in front["jsonld"]
                data = json.loads(front["jsonld"])
                assert data["@type"] == "MedicalTrial" and data["identifier"] == front["trial"]
            elif relpath.startswith("conditions/") and relpath != "conditions/index.md":
                assert "trial" not in front and "<" not in front["jsonld"]  # issue 20
                data = json.loads(front["jsonld"])
                assert data["@type"] == "CollectionPage" and data["url"].endswith(front["path"])
                assert front["condition"] in relpath and data["hasPart"]
            else:
                assert "trial" not in front and "jsonld" not in front


def test_front_matter_survives_any_text() -> None:
    tricky = 'a: "b" \\ \n\t # c \u2028 \x85 \x9f \ufeff é 😀 <script>'
    page = front_matter({"title": tricky, "trial": "NCT00000001", "jsonld": tricky})
    front, body = split_page(page)
    assert front["jsonld"] == tricky and body == "\n"
    assert front["title"] == tricky.replace("&", "&amp;").replace('"', "&quot;").replace(
        "<", "&lt;"
    ).replace(">", "&gt;").replace("'", "&#x27;")


def test_nested_criteria_are_nested_lists(rendered: RenderedSite) -> None:
    for lang in ("en", "fr"):
        tree = to_html(page_of(rendered, lang, SEED, "investigators"))
        top = [ul for ul in tree.find_all("ul", "trialsite-criteria") if ul.parent.tag != "li"]
        inclusion, exclusion = top
        items = [c for c in inclusion.children if isinstance(c, Node)]
        assert len(items) == 8
        (level2,) = items[2].find_all("ul")[:1]
        level2_items = [c for c in level2.children if isinstance(c, Node)]
        assert len(level2_items) == 2
        level3 = level2_items[1].find_all("ul")[0]
        assert len([c for c in level3.children if isinstance(c, Node)]) == 8
        assert max(len([a for a in li.ancestors() if a.tag == "ul"]) for li in tree.iter()) == 3
        assert len([c for c in exclusion.children if isinstance(c, Node)]) == 12


def test_doses_in_words_on_every_audience(rendered: RenderedSite) -> None:
    # Doctors' words on the investigator page (medical review 8), a patient's on the other.
    words = {
        "en": "1 × 10⁶ cells per kg of body weight",
        "fr": "1 × 10⁶ cellules par kg de poids corporel",
    }
    for lang in ("en", "fr"):
        tree = to_html(page_of(rendered, lang, SEED, "investigators"))
        values = {d.attrs["value"]: d.text() for d in tree.find_all("data")}
        assert values["1000000 cells/kg"] == words[lang]
        assert values["4000000 cells/kg"].startswith("4 × 10⁶")
        assert values["18 Years"] and values["70 Years"] and values["10"] == "10"


@pytest.fixture(scope="module")
def untranslated(content: Content) -> RenderedSite:
    """Render the big trial as if its French catalog were still empty."""
    trial = next(t for t in content.trials if t.record.nct_id == BIG)
    bare = trial.model_copy(update={"translations": {}})
    return render_site(content.model_copy(update={"trials": [bare]}), TEMPLATES)


def test_french_fallback_is_marked_english(untranslated: RenderedSite) -> None:
    tree = to_html(page_of(untranslated, "fr", BIG, "investigators"))
    blocks = tree.find_all("div", "translation-pending")
    inlines = tree.find_all("span", "translation-pending")
    assert blocks and inlines
    for node in blocks + inlines:
        english = [child for child in node.children if isinstance(child, Node)]
        note, passage = (english[0], english[1]) if node.tag == "div" else english[::-1]
        assert note.attrs == {"class": "translation-note", "lang": "fr"}
        assert passage.attrs["lang"] == "en" and passage.text().strip()
    assert blocks[0].find_all("p", "translation-note")[0].text() == (
        "Traduction en attente\u00a0: texte affiché en anglais."
    )
    assert inlines[0].find_all("span", "translation-note")[0].text() == "(traduction en attente)"
    untagged = [
        n for n in tree.iter()
        if n.attrs.get("lang") == "en" and "verbatim" not in n.attrs.get("class", "")
        and n.parent.attrs.get("class") != "translation-pending" and n.tag not in ("a",)
    ]  # fmt: skip
    assert not untagged


def test_translated_trial_has_no_pending_passage(rendered: RenderedSite) -> None:
    for audience in AUDIENCES:
        tree = to_html(page_of(rendered, "fr", SEED, audience))
        assert not tree.find_all("p", "translation-note")
        assert not tree.find_all("span", "translation-note")
    tree = to_html(page_of(rendered, "fr", SEED, "investigators"))
    titles = [h.text() for h in tree.find_all("h1")]
    assert titles == [
        "Traitement du lupus érythémateux systémique réfractaire par cellules souches "
        "mésenchymateuses allogéniques issues du cordon ombilical"
    ]


def test_stale_translation_falls_back(content: Content) -> None:
    trial = next(t for t in content.trials if t.record.nct_id == SEED)
    catalog = dict(trial.translations["fr"])
    old = catalog["title.brief"]
    catalog["title.brief"] = TranslatedText(source="Old English", text=old.text)
    changed = trial.model_copy(update={"translations": {"fr": catalog}})
    site = render_site(content.model_copy(update={"trials": [changed]}), TEMPLATES)
    tree = to_html(site.pages["fr"][f"trials/{SEED}/index.md"])
    (title,) = tree.find_all("h1")
    (english,) = [n for n in title.iter() if n.attrs.get("lang") == "en"]
    assert english.text() == trial.record.title.brief
    assert title.find_all("span", "translation-note")


def test_patient_pages(rendered: RenderedSite) -> None:
    words = {
        "en": ("Your choice", "Not yet reviewed in plain language", "Status not known",
               "Looking for people to take part"),
        "fr": ("C'est votre choix", "Pas encore relu en langage simple", "Situation inconnue",
               "Cette étude cherche des participants"),
    }  # fmt: skip
    for lang, (choice, unreviewed, unknown, recruiting) in words.items():
        seed = to_html(page_of(rendered, lang, SEED, "patients"))
        titles = [p.text() for p in seed.find_all("p", "admonition-title")]
        assert titles == [unknown, choice]
        big = to_html(page_of(rendered, lang, BIG, "patients"))
        titles = [p.text() for p in big.find_all("p", "admonition-title")]
        assert titles == [recruiting, choice, unreviewed]
        assert {h.attrs["id"] for h in big.find_all("h2")} >= {
            "why", "who_can", "who_cannot", "what_happens", "risks", "where", "questions",
            "contact",
        }  # fmt: skip


def test_glossary_links_resolve(rendered: RenderedSite) -> None:
    for lang in ("en", "fr"):
        glossary = to_html(rendered.pages[lang]["glossary/index.md"])
        anchors = {h.attrs["id"] for h in glossary.find_all("h2")}
        tree = to_html(page_of(rendered, lang, SEED, "patients"))
        links = tree.find_all("a", "glossary-term")
        slugs = {link.attrs["href"].split("#")[1] for link in links}
        assert {"lupus", "infusion", "mesenchymal-stromal-cells", "umbilical-cord"} <= slugs
        assert slugs <= anchors
        assert {link.attrs["href"].split("#")[0] for link in links} == {"../../../glossary/"}


def _resolve(relpath: str, href: str) -> str:
    base = posixpath.dirname(relpath)
    target = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
    return target


def test_internal_links_resolve(rendered: RenderedSite) -> None:
    for lang, pages in rendered.pages.items():
        root = "" if lang == "en" else "fr/"
        for relpath, page in pages.items():
            for link in to_html(page).find_all("a"):
                href = link.attrs.get("href", "")
                if href.startswith(("http", "mailto:", "#")):
                    continue
                target = _resolve(root + relpath, href)
                if href.endswith(".md") or ".md#" in href:
                    assert target.removeprefix(root) in pages, (relpath, href)
                elif target.startswith("data/"):
                    assert target in rendered.files, (relpath, href)
                else:
                    other = "" if target.startswith("fr/") is False else "fr/"
                    tree = rendered.pages["fr" if other else "en"]
                    key = (target.removeprefix(other) + "/index.md").lstrip("./")
                    assert key in tree or (target in (".", "fr") and "index.md" in tree), href


def test_registry_lists_every_trial(rendered: RenderedSite, content: Content) -> None:
    for lang in ("en", "fr"):
        tree = to_html(rendered.pages[lang]["trials/index.md"])
        (wrapper,) = tree.find_all("div", "trialsite-registry")
        rows = wrapper.find_all("tbody")[0].find_all("tr")
        links = [row.find_all("a")[0].attrs["href"] for row in rows]
        assert (
            links
            == [f"{t.record.nct_id}/" for t in content.trials]
            == [f"{row.find_all('td')[0].children[-1]}/" for row in rows]
        )
        assert all(len(r.find_all("td")) == 5 for r in rows)


def test_many_sites_grouped_by_country(rendered: RenderedSite) -> None:
    page = page_of(rendered, "fr", BIG, "investigators")
    assert len(page.encode()) < 1_000_000
    tree = to_html(page)
    countries = tree.find_all("details", "trialsite-country")
    assert len(countries) >= 2
    assert sum(len(_sites(d)) for d in countries) == 1148
    names = [d.find_all("summary")[0].text() for d in countries]
    assert "États-Unis (1\u202f147)" in names
    (usa,) = [d for d in countries if d.find_all("summary")[0].text().startswith("États-Unis")]
    states = usa.find_all("details", "trialsite-region")
    assert len(states) > 40 and sum(len(_sites(d)) for d in states) == 1147


def _sites(node: Node) -> list[Node]:
    """Return the site items below a node, not the contacts listed under each site."""
    return [
        li
        for li in node.find_all("li")
        if "trialsite-site-contacts" not in li.parent.attrs.get("class", "")
    ]


def test_related_trials_link_here_or_to_the_registry(rendered: RenderedSite) -> None:
    tree = to_html(page_of(rendered, "en", SEED, "investigators"))
    (related,) = tree.find_all("ul", "trialsite-related")
    hrefs = {a.text(): a.attrs["href"] for a in related.find_all("a")}
    assert hrefs["NCT06485648"] == "https://clinicaltrials.gov/study/NCT06485648"


def test_data_files(rendered: RenderedSite, content: Content) -> None:
    for trial in content.trials:
        nct_id = trial.record.nct_id
        files = rendered.files
        as_json = json.loads(files[f"data/{nct_id}.json"])
        assert Record.model_validate(as_json) == trial.record
        assert Record.model_validate(yaml.safe_load(files[f"data/{nct_id}.yaml"])) == trial.record
        study = ResearchStudy.model_validate_json(files[f"data/{nct_id}.fhir.json"])
        assert study.id == nct_id and study.identifier[0].value == nct_id


HOSTILE = '<script>alert(1)</script> {{ 7*7 }} {: .evil } --8<-- "/etc/passwd"'


def hostile_content() -> Content:
    record = Record.model_validate({
        "nct_id": "NCT00000001",
        "title": {"brief": f"Title {HOSTILE}", "official": "![x](https://evil.example/x.png)"},
        "status": {"overall": "RECRUITING", "start": "2020-01"},
        "conditions": [f"Condition {HOSTILE}"],
        "summary": f"Summary\n\n!!! danger \"Injected\"\n    boom\n\n{HOSTILE}",
        "arms": [{"label": f"Arm {HOSTILE}", "description": f"* {HOSTILE}"}],
        "interventions": [{"name": f"Drug {HOSTILE}", "doses": [{"amount": 5, "unit": "mg/kg"}]}],
        "eligibility": {"inclusion": [{"text": HOSTILE, "items": [{"text": "!!! note"}]}]},
        "locations": [{"facility": HOSTILE, "country": "France"}],
        "contacts": [{"name": HOSTILE, "email": 'a@b.example"><script>x</script>'}],
        "references": [{"citation": HOSTILE, "doi": '10.1/x"><script>'}],
        "source": {"registry": HOSTILE},
    })  # fmt: skip
    site = Site(title={"en": "T", "fr": "T"}, base_url="https://x.example/", publisher={"en": "P"})
    return Content(
        site=site, glossary=Glossary(terms={}), trials=[Trial(record=record, folder="x")]
    )


def test_hostile_record_text_shows_as_text() -> None:
    site = render_site(hostile_content(), TEMPLATES)
    for lang, pages in site.pages.items():
        for relpath, page in pages.items():
            tree = to_html(page)
            nodes = tree.iter()
            assert not [n for n in nodes if n.tag in ("script", "img", "iframe")], relpath
            assert not [n for n in nodes if "evil" in n.attrs.get("class", "")], relpath
            assert not [n for n in nodes if "danger" in n.attrs.get("class", "")], relpath
            if "trials/NCT" in relpath:
                assert "<script>alert(1)</script>" in tree.text(), (lang, relpath)
                assert "{{ 7*7 }}" in tree.text() and "--8<--" in tree.text()


def test_template_errors_name_the_template_and_line(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates, ignore=shutil.ignore_patterns("overrides"))
    (templates / "glossary.md.j2").write_text("# Glossary\n\n{{ no_such_variable }}\n")
    with pytest.raises(TrialsiteError) as caught:
        render_site(hostile_content(), templates)
    assert caught.value.message == (
        "templates/glossary.md.j2:3: UndefinedError: 'no_such_variable' is undefined"
    )


def scratch_trial_content() -> Content:
    record = Record.model_validate({
        "nct_id": "NCT00000002", "title": {"brief": "Cells for lupus"},
        "status": {"overall": "RECRUITING", "start": "2019-09-11", "start_type": "ACTUAL"},
        "phase": ["PHASE1", "PHASE2"], "conditions": ["Lupus"],
        "interventions": [{
            "name": "stromal cells", "type": "BIOLOGICAL", "route": "intravenous",
            "doses": [{"amount": 1000000, "unit": "cells/kg"},
                      {"amount": 2500000, "unit": "cells/kg"}],
            "administration": {"count": 1, "minutes_min": 30, "minutes_max": 60},
        }],
        "eligibility": {"min_age": "18 Years", "max_age": "70 Years", "sex": "ALL",
                        "inclusion": [{"text": "Lupus"}], "exclusion": [{"text": "Pregnancy"}]},
        "source": {"registry": "ClinicalTrials.gov"},
    })  # fmt: skip
    site = Site(title={"en": "T", "fr": "T"}, base_url="https://x.example/", publisher={"en": "P"})
    trial = Trial(record=record, folder="x")
    return Content(site=site, glossary=load_content(ROOT / "content").glossary, trials=[trial])


def _section(tree: Node, anchor: str) -> list[Node]:
    """Return the elements after the h2 with this id, up to the next h2."""
    body = [c for c in tree.children if isinstance(c, Node)]
    start = next(i for i, n in enumerate(body) if n.tag == "h2" and n.attrs.get("id") == anchor)
    end = next((i for i in range(start + 1, len(body)) if body[i].tag == "h2"), len(body))
    return body[start + 1 : end]


def test_generated_patient_page_explains_doses_and_steps() -> None:
    site = render_site(scratch_trial_content(), TEMPLATES)
    expected = {
        "en": (["Group 1: 1 million cells for each kilogram you weigh",
                "Group 2: 2.5 million cells for each kilogram you weigh"],
               "It takes 30 to 60 minutes.", "people aged 18 years to 70 years",
               "Looking for people to take part"),
        "fr": (["Groupe 1\u00a0: 1 million de cellules par kilogramme de poids corporel",
                "Groupe 2\u00a0: 2,5 millions de cellules par kilogramme de poids corporel"],
               "Cela dure de 30 à 60 minutes.", "personnes de 18 ans à 70 ans",
               "Cette étude cherche des participants"),
    }  # fmt: skip
    for lang, (doses, minutes, ages, recruiting) in expected.items():
        tree = to_html(site.pages[lang]["trials/NCT00000002/patients/index.md"])
        (dose_list,) = [n for n in _section(tree, "doses") if n.tag == "ul"]
        assert [li.text().strip() for li in dose_list.find_all("li")] == doses
        (steps,) = [n for n in _section(tree, "what_happens") if n.tag == "ol"]
        assert any(minutes in li.text() for li in steps.find_all("li"))
        (who,) = [n for n in _section(tree, "who_can") if n.tag == "ul"]
        assert who.find_all("li")[0].text().strip() == ages
        titles = [p.text() for p in tree.find_all("p", "admonition-title")]
        assert recruiting in titles
        hrefs = [a.attrs["href"] for a in tree.find_all("a", "glossary-term")]
        # The condition is untranslated on the French page: English words link to nothing.
        assert ("../../../glossary/#lupus" in hrefs) == (lang == "en"), lang


yaml_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | yaml_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(yaml_text, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(yaml_text, yaml_values, max_size=4))
def test_yaml_writer_round_trips(data: dict[str, Any]) -> None:
    assert yaml.safe_load(dump_yaml(data)) == (data or None)


def test_yaml_writer_keeps_multiline_text_readable() -> None:
    text = "Doses:\n* 1.10^6 CSM / kg\n\n  indented: # not a comment"
    written = dump_yaml({"arms": [{"label": "a", "description": text}]})
    assert written == (
        'arms:\n  - label: "a"\n    description: |-\n      Doses:\n      * 1.10^6 CSM / kg\n\n'
        "        indented: # not a comment\n"
    )
    assert yaml.safe_load(written) == {"arms": [{"label": "a", "description": text}]}


@pytest.mark.slow
def test_every_fixture_record_renders_to_well_formed_pages(tmp_path: Path) -> None:
    from generator.importer import import_sources

    ctgov = ROOT / "tests" / "fixtures" / "ctgov"
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "content" / name, tmp_path / name)
    records = sorted(ctgov.glob("json/**/*.json"))
    ids = {path.stem for path in records}
    records += [path for path in sorted(ctgov.glob("xml/*.xml")) if path.stem not in ids]
    import_sources(records, tmp_path)
    content = load_content(tmp_path)
    site = render_site(content, TEMPLATES)
    assert len(content.trials) >= 80
    for pages in site.pages.values():
        for relpath, page in pages.items():
            text = to_html(page).text()  # asserts every element closes
            assert "{ #" not in text and "!!! " not in text and "&lt;div" not in text, relpath
            assert len(page.encode()) < 1_000_000, relpath


def _dose_rows(markdown: str) -> list[list[str]]:
    """Return the cells of each body row of the investigator dose table, parsed by element."""
    rows = []
    for table in parse_tree(markdown).find_all("div", "trialsite-doses"):
        for row in table.find_all("tr"):
            cells = [cell.text() for cell in row.find_all("td")]
            if cells:
                rows.append(cells)
    return rows


@pytest.mark.parametrize(
    "lang, name, words",
    [("en", "mesenchymal stem cells", "{} × 10⁶ cells per kg of body weight"),
     ("fr", "cellules souches mésenchymateuses", "{} × 10⁶ cellules par kg de poids corporel")],
)  # fmt: skip
def test_investigator_doses_are_shown_as_registered_and_in_doctor_words(
    lang: str, name: str, words: str
) -> None:
    """Medical review 8: "1.10^6 CSM / kg" as registered, not "1000000 cells/kg"; no patient
    wording ("for each kilogram you weigh") on the page for doctors."""
    from generator.build import check

    rendered = check(ROOT / "content").rendered
    page = rendered.pages[lang]["trials/NCT03562065/investigators/index.md"]
    assert _dose_rows(page) == [
        [str(group), name, f"{n}.10^6 CSM / kg", words.format(n)]
        for group, n in ((1, 1), (2, 2), (3, 4))
    ]


def test_a_french_page_still_mostly_english_says_how_much(
    untranslated: RenderedSite, rendered: RenderedSite, content: Content
) -> None:
    page = page_of(untranslated, "fr", BIG, "public")
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["english_share"] > 10
    percent = round(front["english_share"])
    assert front["english_note"] == (
        f"Environ {percent}\u202f% de cette page est encore en anglais\u00a0: "
        "ces passages sont marqués EN."
    )
    assert ("untranslated_note" in front) == content.site.allow_untranslated
    translated = yaml.safe_load(page_of(rendered, "fr", BIG, "public").split("---\n")[1])
    assert translated["english_share"] < 5 and "english_note" not in translated


def test_a_site_that_allows_untranslated_pages_says_so_on_them(content: Content) -> None:
    site = content.site.model_copy(update={"allow_untranslated": True})
    trial = next(t for t in content.trials if t.record.nct_id == SEED)
    one = content.model_copy(update={"site": site, "trials": [trial]})
    pages = render_site(one, TEMPLATES).pages
    front = yaml.safe_load(pages["fr"][f"trials/{SEED}/index.md"].split("---\n")[1])
    assert front["untranslated_note"].startswith("Ce site publie des pages dont la traduction")
    english = yaml.safe_load(pages["en"][f"trials/{SEED}/index.md"].split("---\n")[1])
    assert "untranslated_note" not in english and "english_share" not in english
