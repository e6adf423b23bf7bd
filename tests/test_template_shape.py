"""A rendered document is well-formed XML for any template: the renderer parses a
rendered part only where the template alone cannot prove it whole (pipeline.template_shape)."""

from __future__ import annotations

import random
from xml.parsers import expat

import docx
import pytest
from click.testing import CliRunner
from jinja2 import TemplateSyntaxError

from pipeline.cli import main
from pipeline.render import Renderer, _Environment, _line_breaks, shipped_templates
from pipeline.template_shape import always_well_formed

DOCUMENT = '<?xml version="1.0"?><w:document xmlns:w="w"><w:body>{}</w:body></w:document>'


def well_formed(xml: str) -> bool:
    try:
        expat.ParserCreate().Parse(xml, True)
    except expat.ExpatError:
        return False
    return True


@pytest.mark.parametrize("name", ["disclosure", "sections12", "standard"])
def test_the_shipped_templates_are_proved_whole(name):
    assert Renderer(shipped_templates() / f"{name}.docx").proved == {"word/document.xml"}


# pieces a template is made of: Word's XML around text, tags typed in the text, and
# tags docxtpl moves around whole paragraphs and rows
PIECES = [
    "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", '<w:t xml:space="preserve">',
    "<w:p><w:r><w:t>", "</w:t></w:r></w:p>", "<w:tc>", "</w:tc>", "<w:br/>", "文字", "a &amp; b",
    "{{ v }}", "{{ v | 目录项 }}", "{{ v | 目录项 | upper }}", "{{ v | safe }}",
    "{% if a %}", "{% elif b %}", "{% else %}", "{% endif %}", "{% for i in items %}", "{% endfor %}",
    '<w:vMerge w:val="', '"/>', "restart", "{% set z = v %}", "{{ z }}", "<!-- c -->", "<", ">",
]
VALUES = ["x", 'a<b&c"d', "两\n行", "tab\there"]


def random_templates(count: int, seed: int = 7):
    """Documents built of paragraphs, cells and blocks, then as often as not changed at
    random places by one or two pieces (which may unbalance them)."""
    chance = random.Random(seed)

    def content(depth: int) -> list[str]:
        kind = chance.randrange(6 if depth < 3 else 2)
        if kind == 0:
            return ["<w:p>", "<w:r>", "<w:t>", chance.choice(["文字", "{{ v }}", "{{ v | 目录项 }}", "a &amp; b"]),
                    "</w:t>", "</w:r>", "</w:p>"]
        if kind == 1:
            return ["<w:tc>", '<w:vMerge w:val="', "{% if a %}", "restart", "{% endif %}", '"/>', "</w:tc>"]
        if kind == 2:
            return ["{% if a %}", *content(depth + 1), "{% else %}", *content(depth + 1), "{% endif %}"]
        if kind == 3:
            return ["{% for i in items %}", *content(depth + 1), "{% endfor %}"]
        if kind == 4:
            return ["<w:tc>", *content(depth + 1), *content(depth + 1), "</w:tc>"]
        return ["<w:p><w:r><w:t>", "{% if b %}", "{{ v }}", "{% endif %}", "</w:t></w:r></w:p>"]

    for _ in range(count):
        pieces = [p for _ in range(chance.randint(1, 3)) for p in content(0)]
        for _ in range(chance.choice([0, 0, 1, 2])):
            if chance.random() < 0.5:  # a piece more
                pieces.insert(chance.randrange(len(pieces) + 1), chance.choice(PIECES))
            else:  # a block's tag typed elsewhere
                tags = [i for i, p in enumerate(pieces) if p.startswith("{%")]
                if tags:
                    moved = pieces.pop(chance.choice(tags))
                    pieces.insert(chance.randrange(len(pieces) + 1), moved)
        yield DOCUMENT.format("".join(pieces))


def test_what_is_proved_whole_renders_whole_for_any_data():
    env = _Environment(autoescape=True, finalize=_line_breaks)
    from pipeline.fields import FILTERS

    env.filters.update(FILTERS)
    proved = refused = 0
    for source in random_templates(600):
        try:
            parsed = env.parse(source)
        except TemplateSyntaxError:
            continue
        if not always_well_formed(parsed):
            refused += 1
            continue
        proved += 1
        template = env.from_string(source)
        for a in (True, False):
            for b in (True, False):
                for items in ([], [1, 2]):
                    for v in VALUES:
                        xml = template.render(a=a, b=b, items=items, v=v)
                        assert well_formed(xml), (source, a, b, items, v, xml)
    assert proved > 100 and refused > 100  # both kinds were tried


@pytest.mark.parametrize("body", [
    "<w:p><w:r><w:t>{% if a %}</w:t></w:r></w:p><w:tc><w:p><w:r><w:t>{% endif %}</w:t></w:r></w:p></w:tc>",
    "<w:p><w:r><w:t>{{ v | safe }}</w:t></w:r></w:p>",
    "<w:p>{{ v }}</w:p>",  # a value outside a text run
    '<w:p w:x="{{ v }}"/>',  # a value in an attribute
    "<w:p><w:r><w:t>{{ v | 目录项 | truncate(5) }}</w:t></w:r></w:p>",  # field markup cut by a filter
    '<w:p><w:r><w:t>{% if a %}"/>{% endif %}</w:t></w:r></w:p>',
    "<w:p><w:r><w:t>{{ (v | 目录项)[0:5] }}</w:t></w:r></w:p>",  # field markup sliced
    "<w:p><w:r><w:t>{% set x = v | 目录项 %}{{ x }}</w:t></w:r></w:p>",  # field markup passed on
    "<w:p><w:r><w:t>{{ (v | e)[0:2] }}</w:t></w:r></w:p>",  # "&lt;" cut to "&l"
    "<w:p><w:r><w:t>{{ v | urlize }}</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>{{ items | map('e') | join('、') | truncate(8) }}</w:t></w:r></w:p>",  # a filter by name
    "<w:p><w:r><w:t>{{ (items | map('目录项') | first)[0:9] }}</w:t></w:r></w:p>",
    "{% for x in items recursive %}<w:p><w:r><w:t>{{ loop([])[0:7] }}</w:t></w:r></w:p>{% endfor %}",
    "<w:p><w:r><w:t>&am{% if a %}p;{% endif %}</w:t></w:r></w:p>",  # an entity cut by a tag
    "<w:p><w:r><w:t>&lt{% for i in items %};{% endfor %}</w:t></w:r></w:p>",
    "{% if a %}<w:p>{% endif %}<w:r><w:t>x</w:t></w:r></w:p>",  # a body that opens and leaves open
    "<w:p><w:r><w:t>x</w:t></w:r>{% if a %}</w:p><w:p>{% endif %}</w:p>",  # closes what it did not open
])
def test_what_may_break_is_not_proved(body):
    env = _Environment(autoescape=True)
    assert not always_well_formed(env.parse(DOCUMENT.format(body)))


def test_a_block_around_the_root_element_is_not_proved():
    env = _Environment(autoescape=True)
    source = '<?xml version="1.0"?>{% for i in items %}<w:document xmlns:w="w"/>{% endfor %}'
    assert not always_well_formed(env.parse(source))


def test_a_branch_standing_in_an_attribute_is_proved():
    env = _Environment(autoescape=True)
    body = '<w:tc><w:vMerge w:val="{% if a %}restart{% else %}continue{% endif %}"/></w:tc>'
    assert always_well_formed(env.parse(DOCUMENT.format(body)))


def test_a_template_that_cuts_the_document_is_still_refused(sample, tmp_path):
    """An {% if %} typed in a paragraph and its {% endif %} in a table cell: when false, the
    cell's end is left without its start. Such a template is not proved, and the rendered
    part is parsed: the clerk gets the message, no broken document is written."""
    path = tmp_path / "cut.docx"
    document = docx.Document()
    document.add_paragraph("{% if 新设部门 %}新设部门的说明")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "说明完{% endif %}{{ 部门简称 }}"
    document.save(path)
    assert Renderer(path).proved == set()
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [str(sample), "--template", str(path), "-o", str(out)])
    assert result.exit_code != 0
    assert "套用模板后的文档不是有效的 Word 内容" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_control_character_that_reaches_the_renderer_is_refused_not_written(sample_context, tmp_path):
    """Validation refuses such cells; should one reach the renderer, no document is written
    with it (the proved parts are not parsed again)."""
    from pipeline.errors import WorkbookError

    renderer = Renderer(shipped_templates() / "disclosure.docx")
    context = dict(sample_context)
    context["部门简称"] = "某\x0b局"
    with pytest.raises(WorkbookError, match="U\\+000B"):
        renderer.render(context, 2021)


def test_markup_the_proof_did_not_foresee_has_the_part_parsed(sample_context):
    """A last guard behind the proof: markup no field filter made (here put in the data,
    which the program never does) makes the renderer parse the part, so a broken one is
    refused instead of written."""
    from markupsafe import Markup

    from pipeline.errors import TemplateProblem

    renderer = Renderer(shipped_templates() / "disclosure.docx")
    assert renderer.proved
    context = dict(sample_context)
    context["部门简称"] = Markup("<w:p>")
    with pytest.raises(TemplateProblem, match="不是有效的 Word 内容"):
        renderer.render(context, 2021)
    assert renderer.render(sample_context, 2021)  # and the next document is rendered as usual


def test_a_character_word_cannot_hold_names_the_workbook(sample, tmp_path):
    """A template that prints such a character (validation keeps them out of the workbook):
    the run is refused with the workbook's name and the character, and nothing is written."""
    from conftest import make_template

    template = make_template(tmp_path, '{{ 部门简称 }}{{ "\\x0b" }}')
    result = CliRunner().invoke(main, [str(sample), "-o", str(tmp_path / "out"), "--template", str(template)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{sample}: 文档中要印出的文字含有 Word 无法保存的字符（U+000B）")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
