"""The HTML edition in a real browser: headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed: the HTML edition cannot be tested in a browser. "
                    "Run 'bash bootstrap.sh' (it installs Debian's chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def _open(browser, path, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors, requests


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("which", ["mini", "real"])
def test_page_loads_offline_and_fits_the_screen(browser, request, which, lang, width):
    built = request.getfixturevalue(which)
    page, errors, requests = _open(browser, built.path(lang, "html"), width)
    assert errors == [] and requests == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shots = built.project.out / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{lang}-{width}.png"), full_page=False)
    toc_open = page.evaluate("document.querySelector('#toc details').open")
    assert toc_open is (width > 900)
    page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("which", ["mini", "real"])
def test_toc_links_scroll_to_their_sections(browser, request, which, lang):
    built = request.getfixturevalue(which)
    page, errors, _ = _open(browser, built.path(lang, "html"), 1280)
    hrefs = page.eval_on_selector_all("#toc a", "links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) >= 3
    for href in hrefs:
        page.click(f"#toc a[href='{href}']")
        # Scrolling is smooth: wait until the target is in view.
        page.wait_for_function("id => { const e = document.getElementById(decodeURIComponent(id)); "
                               "if (!e) return false; const top = e.getBoundingClientRect().top; "
                               "return top >= -5 && top < innerHeight; }", arg=href[1:], timeout=5000)
        assert page.evaluate("decodeURIComponent(location.hash)") == href
    assert errors == []
    page.close()


@pytest.mark.parametrize("lang,other", [("zh", "en"), ("en", "zh")])
def test_language_switch_keeps_the_section(browser, mini, lang, other):
    page, _, _ = _open(browser, mini.path(lang, "html"), 1280)
    page.click("#toc a[href='#sec-findings']")
    page.click("[data-lang-switch]")
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/{other}/mini-report.html#sec-findings")
    page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_accessibility_audit_finds_no_violation(browser, real, lang):
    from axe_playwright_python.sync_playwright import Axe

    page, _, _ = _open(browser, real.path(lang, "html"), 1280)
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["help"], len(v["nodes"])) for v in violations] == []
    page.close()


def _tab_to(page, selector, presses=80):
    """Press Tab from the top of the page until the element matching `selector` has the focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


@pytest.mark.parametrize("lang,entry", [("zh", "林晓川. 青川港的兴起与转型[J]. 港口研究, 2019: 11-13."),
                                        ("en", "Lin Xiaochuan. 2019.")])
def test_tabbing_to_a_citation_shows_its_reference_popover(browser, evidence_built, lang, entry):
    from axe_playwright_python.sync_playwright import Axe

    page, errors, requests = _open(browser, evidence_built.path(lang, "html"), 1280)
    popover = page.locator("#cite-pop-3")
    assert not popover.is_visible()
    _tab_to(page, "a[aria-describedby='cite-pop-3']")
    assert popover.is_visible()
    assert entry in popover.inner_text()
    assert popover.inner_text().endswith("第12页" if lang == "zh" else "p. 12")
    box = popover.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["help"], len(v["nodes"])) for v in violations] == []
    page.keyboard.press("Escape")
    assert not popover.is_visible()
    page.mouse.move(0, 0)
    page.hover("a[aria-describedby='cite-pop-1']")
    assert page.locator("#cite-pop-1").is_visible()
    assert errors == [] and requests == []
    page.close()


def test_a_tap_shows_the_popover_and_a_second_tap_follows_the_link(browser, evidence_built):
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(evidence_built.path("zh", "html").as_uri())
    link = page.locator("a[aria-describedby='cite-pop-2']")
    link.scroll_into_view_if_needed()
    link.tap()
    popover = page.locator("#cite-pop-2")
    assert popover.is_visible() and "林晓川" in popover.inner_text()
    box = popover.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("location.hash") == ""
    link.tap()
    page.wait_for_function("location.hash === '#ref-lin2019'")
    context.close()


def test_reviewer_page_shows_the_archived_sentence_of_a_citation(browser, reviewed):
    from axe_playwright_python.sync_playwright import Axe

    page, errors, requests = _open(browser, reviewed / "zh.html", 1280)
    first = page.locator("li[value='1']")
    assert "✓" in first.locator(".status").inner_text()
    assert first.locator("blockquote").inner_text() == "青川港位于青川河入海口，1987年开港，最初只是一个渔港。"
    assert first.locator("mark").inner_text() == "最初只是一个渔港"
    assert first.locator("mark").is_visible()
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["help"], len(v["nodes"])) for v in violations] == []
    assert errors == [] and requests == []
    page.close()


# What a narrow screen must still show -------------------------------------------------

_TABLES = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('main table')].map(table => {
    const box = table.closest('.table-scroll');
    const caption = document.getElementById(table.getAttribute('aria-labelledby'));
    const narrow = [];
    table.querySelectorAll('th, td').forEach(cell => {
      const text = cell.innerText.trim();
      if (text.length < 3) return;
      const style = getComputedStyle(cell);
      ctx.font = style.font;
      const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (room + 0.5 < ctx.measureText(text.slice(0, 3)).width) narrow.push(text.slice(0, 12));
    });
    return {box: box ? box.getBoundingClientRect().right : null,
            scrolls: box ? getComputedStyle(box).overflowX : null,
            caption: !caption ? null : box.contains(caption) ? 9999 : caption.getBoundingClientRect().right,
            narrow: narrow};
  });
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_on_a_phone_scroll_in_a_box_under_their_caption(browser, real, lang):
    page, _, _ = _open(browser, real.path(lang, "html"), 390)
    tables = page.evaluate(_TABLES)
    assert len([t for t in tables if t["caption"] is not None]) >= 2
    for table in tables:
        assert table["scrolls"] == "auto" and table["box"] <= 390
        assert table["caption"] is None or table["caption"] <= 390
        assert table["narrow"] == []
    page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_figure_text_on_a_phone_is_11px_or_more(browser, real, lang):
    page, _, _ = _open(browser, real.path(lang, "html"), 390)
    sizes = page.evaluate("""() => [...document.querySelectorAll('figure.report-figure svg text')].map(
        t => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize))""")
    assert len(sizes) > 40 and min(sizes) >= 11
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_source_cited_often_has_one_backlink_with_a_count(browser, real, lang):
    page, _, _ = _open(browser, real.path(lang, "html"), 1280)
    entries = page.evaluate("""() => [...document.querySelectorAll('#refs .csl-entry')].map(e => ({
        id: e.id, controls: [...e.querySelectorAll('.backlinks > a, .backlinks > summary')].length,
        links: e.querySelectorAll('.backlinks a').length,
        count: (e.querySelector('.backlinks summary') || {}).textContent || ''}))""")
    most = max(entries, key=lambda e: e["links"])
    assert most["links"] > 50
    assert all(e["controls"] == 1 for e in entries if e["links"])
    assert all(e["count"].endswith(str(e["links"])) for e in entries if e["links"] > 1)
    first = page.locator(f"[id='{most['id']}'] .backlinks a").first
    assert not first.is_visible()
    page.locator(f"[id='{most['id']}'] .backlinks summary").click()
    assert first.is_visible()
    first.click()
    page.wait_for_function(f"location.hash === '{first.get_attribute('href')}'")
    page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_links_to_its_pdf_brief_and_docx(browser, real, lang):
    page, _, _ = _open(browser, real.path(lang, "html"), 390)
    hrefs = page.eval_on_selector_all(".downloads a", "links => links.map(a => a.getAttribute('href'))")
    folder = real.path(lang, "html").parent
    assert hrefs == [real.path(lang, "pdf").name, real.path(lang, "pdf", "brief").name,
                     real.path(lang, "docx").name]
    assert all((folder / href).is_file() for href in hrefs)
    assert all(page.locator(f".downloads a[href='{h}']").is_visible() for h in hrefs)
    page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_colophon_heading_is_not_smaller_than_its_subheads_and_its_text_is_not_indented(browser, real, lang):
    page, _, _ = _open(browser, real.path(lang, "html"), 1280)
    facts = page.evaluate("""() => {
        const size = e => parseFloat(getComputedStyle(e).fontSize);
        const colophon = document.querySelector('section.colophon');
        return {heading: size(colophon.querySelector('h2')),
                subheads: [...colophon.querySelectorAll('h3')].map(size),
                indents: [...colophon.querySelectorAll('p')].map(p => getComputedStyle(p).textIndent)};
    }""")
    assert facts["subheads"] and all(facts["heading"] > s for s in facts["subheads"])
    assert set(facts["indents"]) == {"0px"}
    page.close()


def test_chinese_text_sets_a_gap_between_han_and_digits(browser, real):
    """The browser draws the quarter-em gap the print edition sets: a Han character
    before a digit advances by more than its em (the gap is added to its advance)."""
    page, _, _ = _open(browser, real.path("zh", "html"), 1280)
    advances = page.evaluate("""() => {
        const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
        const advances = [];
        for (let node = walker.nextNode(); node && advances.length < 20; node = walker.nextNode()) {
            const at = node.data.search(/[\\u4e00-\\u9fff][0-9]/);
            if (at < 0) continue;
            const rect = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                                  return r.getBoundingClientRect(); };
            const han = rect(at), digit = rect(at + 1);
            if (han.width === 0 || Math.abs(han.top - digit.top) > 2) continue;   // hidden, or a line break between
            advances.push((digit.left - han.left) / parseFloat(getComputedStyle(node.parentElement).fontSize));
        }
        return advances;
    }""")
    page.close()
    assert len(advances) >= 5 and min(advances) >= 1.08, advances
