"""The Teams app package: manifest, localisation, icons and the zip builder."""

from __future__ import annotations

import copy
import io
import json
import sys
import uuid
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from PIL import Image

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(REPO_ROOT))

from manifest import build, icons  # noqa: E402
from manifest.build import (  # noqa: E402
    ManifestError,
    build_package,
    check_icons,
    check_localisation_keys,
    render_manifest,
    validate_localisation,
    validate_manifest,
)

BOT_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
OTHER_BOT_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
PUBLIC_URL = "https://skolebot.example.no"
OFFICIAL = REPO_ROOT / ".." / "shared" / "reference" / "teams-manifest-schema"
SCHEMA_FILES = ("MicrosoftTeams.schema.json", "MicrosoftTeams.Localization.schema.json", "LICENSE")
PACKAGE = {"manifest.json", "nb-NO.json", "color.png", "outline.png"}
COMMANDS = ["fravær", "book", "ukeplan", "varsel", "hjelp"]


def resource(*parts: str) -> bytes:
    node = resources.files("manifest")
    for part in parts:
        node = node / part
    return node.read_bytes()


@pytest.fixture
def rendered() -> dict:
    return render_manifest(bot_id=BOT_ID, version="1.2.3", public_url=PUBLIC_URL)


@pytest.fixture
def nb() -> dict:
    return json.loads(resource("nb-NO.json").decode("utf-8"))


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def outline_with(pixels: dict[tuple[int, int], tuple[int, int, int, int]], size=(32, 32)) -> bytes:
    img = Image.new("RGBA", size, (255, 255, 255, 0))
    for xy, rgba in pixels.items():
        img.putpixel(xy, rgba)
    return png(img)


GOOD_OUTLINE = {(x, y): (255, 255, 255, 255) for x in range(8, 24) for y in range(8, 24)}


# --------------------------------------------------------------------------- schema copy


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_bundled_schema_is_the_official_one(name):
    if not OFFICIAL.is_dir():
        pytest.skip("the shared reference copy (../shared/reference) is not present")
    assert resource("schema", name) == (OFFICIAL / name).read_bytes()


def test_bundled_schemas_declare_what_we_validate():
    manifest_schema = json.loads(resource("schema", "MicrosoftTeams.schema.json"))
    assert manifest_schema["properties"]["manifestVersion"]["const"] == "1.29"
    loc_schema = json.loads(resource("schema", "MicrosoftTeams.Localization.schema.json"))
    assert "bots[0].commandLists[0].commands[0].title" not in loc_schema.get("properties", {})
    assert any("commandLists" in p for p in loc_schema["patternProperties"])


def test_schema_package_ships_as_a_package():
    assert (REPO_ROOT / "manifest" / "schema" / "__init__.py").is_file()


# --------------------------------------------------------------------------- manifest


def test_checked_in_manifest_rendered_validates(rendered):
    validate_manifest(rendered)
    assert rendered["manifestVersion"] == "1.29"
    assert rendered["$schema"].endswith("/teams/v1.29/MicrosoftTeams.schema.json")


def test_rendered_manifest_contents(rendered):
    bot = rendered["bots"][0]
    assert bot["botId"] == BOT_ID
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    assert bot["supportsFiles"] is True and bot["isNotificationOnly"] is False
    # Commands are offered only where they work: in a team or group chat the bot only points to a direct message.
    assert [cl["scopes"] for cl in bot["commandLists"]] == [["personal"]]
    for clist in bot["commandLists"]:
        assert [c["title"] for c in clist["commands"]] == COMMANDS
        for c in clist["commands"]:
            assert len(c["title"]) <= 32 and 0 < len(c["description"]) <= 128
    assert rendered["validDomains"] == ["skolebot.example.no"]
    assert rendered["developer"]["websiteUrl"] == "https://skolebot.example.no/"
    assert rendered["developer"]["privacyUrl"] == "https://skolebot.example.no/privacy"
    assert rendered["developer"]["termsOfUseUrl"] == "https://skolebot.example.no/terms"
    assert rendered["permissions"] == ["identity", "messageTeamMembers"]
    assert rendered["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert rendered["accentColor"] == icons.ACCENT
    assert rendered["version"] == "1.2.3"
    assert rendered["localizationInfo"] == {
        "defaultLanguageTag": "en-us",
        "additionalLanguages": [{"languageTag": "nb-NO", "file": "nb-NO.json"}],
    }
    assert "{{" not in json.dumps(rendered)


def test_app_id_is_a_stable_guid_derived_from_the_bot_id(rendered):
    app_id = rendered["id"]
    assert str(uuid.UUID(app_id)) == app_id and app_id != BOT_ID
    again = render_manifest(bot_id=BOT_ID.upper(), version="9.9.9", public_url="https://elsewhere.example")
    assert again["id"] == app_id
    assert render_manifest(bot_id=OTHER_BOT_ID, version="1.2.3", public_url=PUBLIC_URL)["id"] != app_id
    assert app_id == str(uuid.uuid5(build.APP_ID_NAMESPACE, BOT_ID))


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://skolebot.example.no", "skolebot.example.no"),
        ("https://Skolebot.Example.NO/api/messages", "skolebot.example.no"),
        ("https://skolebot.example.no:443/", "skolebot.example.no"),
        ("https://skolebot.example.no:8443", "skolebot.example.no:8443"),
        ("http://127.0.0.1:3978", "127.0.0.1:3978"),
        ("https://skolebot.bærum.kommune.no", "skolebot.xn--brum-voa.kommune.no"),
    ],
)
def test_domain_comes_from_the_public_url(url, domain):
    m = render_manifest(bot_id=BOT_ID, version="1.0.0", public_url=url)
    assert m["validDomains"] == [domain]
    assert m["developer"]["privacyUrl"] == f"https://{domain}/privacy"
    validate_manifest(m)


@pytest.mark.parametrize(
    "bot_id",
    [
        "not-a-guid",
        "0f8fad5bd9cb469fa16570867728950e",
        "{0f8fad5b-d9cb-469f-a165-70867728950e}",
        "0f8fad5b-d9cb-469f-a165-70867728950e\n0",
        "00000000-0000-0000-0000-000000000000",
        "{{BOT_ID}}",
    ],
)
def test_bad_bot_id_is_refused_by_name(bot_id, tmp_path):
    with pytest.raises(ManifestError) as info:
        render_manifest(bot_id=bot_id, version="1.0.0", public_url=PUBLIC_URL)
    assert "--bot-id" in str(info.value) and repr(bot_id) in str(info.value)
    with pytest.raises(ManifestError, match="--bot-id"):
        build_package(bot_id=bot_id, out=tmp_path / "x.zip", public_url=PUBLIC_URL)
    assert not list(tmp_path.iterdir())


def test_missing_bot_id_says_how_to_give_it():
    with pytest.raises(ManifestError, match="--bot-id.*MICROSOFT_APP_ID"):
        render_manifest(bot_id="", version="1.0.0", public_url=PUBLIC_URL)


@pytest.mark.parametrize("version", ["1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.2.3-beta", ""])
def test_bad_version_is_refused_by_name(version):
    with pytest.raises(ManifestError, match="--version"):
        render_manifest(bot_id=BOT_ID, version=version, public_url=PUBLIC_URL)


@pytest.mark.parametrize("url", ["skolebot.example.no", "ftp://skolebot.example.no", "https://", "https://x:99999", ""])
def test_bad_public_url_is_refused_by_name(url):
    with pytest.raises(ManifestError, match="--public-url"):
        render_manifest(bot_id=BOT_ID, version="1.0.0", public_url=url)


def test_public_url_password_is_not_echoed():
    with pytest.raises(ManifestError) as info:
        render_manifest(bot_id=BOT_ID, version="1.0.0", public_url="https://admin:hemmelig@skolebot.example.no")
    assert "--public-url" in str(info.value) and "hemmelig" not in str(info.value)


def test_command_title_too_long_names_the_path(rendered):
    rendered["bots"][0]["commandLists"][0]["commands"][2]["title"] = "u" * 40
    with pytest.raises(ManifestError) as info:
        validate_manifest(rendered)
    assert "$.bots[0].commandLists[0].commands[2].title" in str(info.value)
    assert len(info.value.problems) == 1


def test_schema_errors_name_each_path(rendered):
    broken = copy.deepcopy(rendered)
    broken["manifestVersion"] = "1.28"  # "const": a draft-04 validator would not notice
    broken["name"]["short"] = "S" * 31
    broken["accentColor"] = "blue"
    broken["bots"][0]["scopes"].append("everywhere")
    del broken["developer"]["privacyUrl"]
    with pytest.raises(ManifestError) as info:
        validate_manifest(broken)
    text = str(info.value)
    for path in ("$.manifestVersion", "$.name.short", "$.accentColor", "$.bots[0].scopes[3]", "$.developer"):
        assert f"{path}:" in text, path
    assert "privacyUrl" in text
    assert len(info.value.problems) == 5


def test_unrendered_template_does_not_validate():
    with pytest.raises(ManifestError) as info:
        validate_manifest(build.load_template())
    assert "$.bots[0].botId" in str(info.value) and "placeholder" in str(info.value)


def test_valid_domains_must_be_bare_hosts(rendered):
    rendered["validDomains"] = ["https://skolebot.example.no/"]
    with pytest.raises(ManifestError, match=r"\$\.validDomains\[0\]"):
        validate_manifest(rendered)


def test_icons_must_sit_at_the_package_root(rendered):
    rendered["icons"]["color"] = "icons/color.png"
    with pytest.raises(ManifestError, match=r"\$\.icons\.color"):
        validate_manifest(rendered)


def test_python_re_incompatible_schema_pattern_is_still_checked():
    validator = build._TeamsValidator({"pattern": r"^[\p{L}][\p{L}0-9._]*$"})
    assert validator.is_valid("Ærlig.1")
    assert not validator.is_valid("1abc")


# --------------------------------------------------------------------------- localisation


def test_nb_no_localisation_validates_and_its_keys_exist(rendered, nb):
    validate_localisation(nb)
    check_localisation_keys(rendered, nb)
    assert nb["$schema"].endswith("/teams/v1.29/MicrosoftTeams.Localization.schema.json")
    for key in nb:
        if key == "$schema":
            continue
        found, value = build._resolve(rendered, key)
        assert found and isinstance(value, str), key


def test_nb_no_localisation_is_norwegian_and_complete(rendered, nb):
    assert nb["name.short"] == "Skolebot"
    assert "fravær" in nb["description.full"] and "ukeplan" in nb["description.full"]
    for i, clist in enumerate(rendered["bots"][0]["commandLists"]):
        for j, command in enumerate(clist["commands"]):
            prefix = f"bots[0].commandLists[{i}].commands[{j}]"
            assert nb[f"{prefix}.title"] == command["title"]  # the command word the bot understands
            assert nb[f"{prefix}.description"] != command["description"]  # translated
            assert len(nb[f"{prefix}.description"]) <= 128


def test_localisation_with_unknown_key_fails(rendered, nb):
    nb["bots[0].commandLists[0].commands[7].title"] = "ekstra"
    validate_localisation(nb)  # the schema allows it ...
    with pytest.raises(ManifestError, match=r"commands\[7\]\.title"):
        check_localisation_keys(rendered, nb)  # ... but it names nothing in the manifest


def test_localisation_schema_errors_name_the_key(nb):
    nb["name.short"] = "N" * 31  # maxLength sits beside "$ref" in the official schema
    nb["bots[0].commandLists[0].commands[0].title"] = "t" * 33
    nb["description.short"] = "   "
    nb["tull"] = "x"
    with pytest.raises(ManifestError) as info:
        validate_localisation(nb)
    text = str(info.value)
    assert "$['name.short']:" in text
    assert "$['bots[0].commandLists[0].commands[0].title']:" in text
    assert "$['description.short']:" in text
    assert "unexpected key(s) 'tull'" in text


# --------------------------------------------------------------------------- icons


def test_checked_in_icons_pass():
    check_icons(resource("color.png"), resource("outline.png"))
    with Image.open(io.BytesIO(resource("color.png"))) as color:
        assert color.size == (192, 192)
    with Image.open(io.BytesIO(resource("outline.png"))) as outline:
        assert outline.size == (32, 32) and outline.mode == "RGBA"
        rgba = outline.convert("RGBA")
        for xy in [(0, 0), (31, 0), (0, 31), (31, 31), (16, 0), (0, 16)]:
            assert rgba.getpixel(xy)[3] == 0, xy


def test_checked_in_icons_are_what_icons_py_draws():
    with Image.open(io.BytesIO(resource("color.png"))) as color:
        assert color.convert("RGB").tobytes() == icons.render_color().tobytes()
    with Image.open(io.BytesIO(resource("outline.png"))) as outline:
        assert outline.convert("RGBA").tobytes() == icons.render_outline().tobytes()
    assert icons.png_bytes(icons.render_outline()) == icons.png_bytes(icons.render_outline())


def test_wrong_icon_sizes_are_named():
    with pytest.raises(ManifestError) as info:
        check_icons(png(Image.new("RGB", (96, 96), "red")), outline_with(GOOD_OUTLINE, size=(48, 48)))
    text = str(info.value)
    assert "color.png: is 96x96, Teams needs 192x192" in text
    assert "outline.png: is 48x48, Teams needs 32x32" in text


def test_outline_must_be_white_only():
    pixels = dict(GOOD_OUTLINE)
    pixels[(10, 12)] = (30, 90, 168, 255)
    with pytest.raises(ManifestError, match=r"outline\.png: 1 visible pixel\(s\) are not white, first at \(10, 12\)"):
        check_icons(resource("color.png"), outline_with(pixels))


def test_outline_needs_a_transparent_background():
    opaque = png(Image.new("RGB", (32, 32), "white"))
    with pytest.raises(ManifestError, match="outline.png: has no transparency"):
        check_icons(resource("color.png"), opaque)
    filled = png(Image.new("RGBA", (32, 32), (255, 255, 255, 255)))
    with pytest.raises(ManifestError, match="outline.png: background is not transparent"):
        check_icons(resource("color.png"), filled)
    with pytest.raises(ManifestError, match="fully transparent"):
        check_icons(resource("color.png"), outline_with({}))


def test_non_png_icon_is_refused():
    buf = io.BytesIO()
    Image.new("RGB", (192, 192), "blue").save(buf, format="JPEG")
    with pytest.raises(ManifestError, match="color.png: is JPEG, Teams needs PNG"):
        check_icons(buf.getvalue(), resource("outline.png"))
    with pytest.raises(ManifestError, match="outline.png: not a readable PNG"):
        check_icons(resource("color.png"), b"not an image")


# --------------------------------------------------------------------------- package


def test_build_package_writes_the_four_files_at_the_root(tmp_path):
    path = build_package(bot_id=BOT_ID, out=tmp_path / "dist" / "skolebot.zip", public_url=PUBLIC_URL, version="2.0.1")
    assert path == tmp_path / "dist" / "skolebot.zip"
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        assert set(names) == PACKAGE and len(names) == 4
        assert all("/" not in n and "\\" not in n for n in names)
        assert names[0] == "manifest.json"
        manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
        localisation = json.loads(zf.read("nb-NO.json").decode("utf-8"))
        color = Image.open(io.BytesIO(zf.read("color.png")))
        outline = Image.open(io.BytesIO(zf.read("outline.png")))
        raw_manifest = zf.read("manifest.json")
    assert not raw_manifest.startswith(b"\xef\xbb\xbf")
    validate_manifest(manifest)
    validate_localisation(localisation)
    check_localisation_keys(manifest, localisation)
    assert manifest["bots"][0]["botId"] == BOT_ID
    assert manifest["validDomains"] == ["skolebot.example.no"]
    assert manifest["version"] == "2.0.1"
    assert manifest["id"] == build.app_id_for(BOT_ID)
    assert color.size == (192, 192)
    assert outline.size == (32, 32)
    rgba = outline.convert("RGBA")
    assert rgba.getpixel((0, 0))[3] == 0  # transparent background
    assert all(
        rgba.getpixel((x, y))[:3] == (255, 255, 255) for x in range(32) for y in range(32) if rgba.getpixel((x, y))[3]
    )
    assert [f.name for f in (tmp_path / "dist").iterdir()] == ["skolebot.zip"]  # no temp files left


def test_build_package_is_reproducible(tmp_path):
    a = build_package(bot_id=BOT_ID, out=tmp_path / "a.zip", public_url=PUBLIC_URL, version="1.0.0")
    b = build_package(bot_id=BOT_ID, out=tmp_path / "b.zip", public_url=PUBLIC_URL, version="1.0.0")
    assert a.read_bytes() == b.read_bytes()


def test_build_package_into_a_folder(tmp_path):
    path = build_package(bot_id=BOT_ID, out=tmp_path, public_url=PUBLIC_URL, version="1.0.0")
    assert path == tmp_path / "skolebot-teams.zip" and zipfile.is_zipfile(path)


def test_version_defaults_to_the_installed_package(tmp_path, monkeypatch):
    def missing(name):
        raise build.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(build.metadata, "version", missing)
    assert build.default_version() == "1.0.0"
    path = build_package(bot_id=BOT_ID, out=tmp_path / "p.zip", public_url=PUBLIC_URL)
    with zipfile.ZipFile(path) as zf:
        assert json.loads(zf.read("manifest.json"))["version"] == "1.0.0"

    for installed, expected in [
        ("0.1.0", "0.1.0"),
        ("0.2.0.dev3", "0.2.0"),
        ("1.4", "1.4.0"),
        ("2.0.0+local", "2.0.0"),
    ]:
        monkeypatch.setattr(build.metadata, "version", lambda name, v=installed: v)
        assert build.default_version() == expected


def test_build_package_validates_before_writing(tmp_path, monkeypatch):
    original = build.load_template

    def broken_template():
        m = original()
        m["bots"][0]["commandLists"][0]["commands"][0]["title"] = "f" * 40
        return m

    monkeypatch.setattr(build, "load_template", broken_template)
    out = tmp_path / "x.zip"
    with pytest.raises(ManifestError, match=r"\$\.bots\[0\]\.commandLists\[0\]\.commands\[0\]\.title"):
        build_package(bot_id=BOT_ID, out=out, public_url=PUBLIC_URL, version="1.0.0")
    assert not out.exists()


def test_cli(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MICROSOFT_APP_ID", raising=False)
    monkeypatch.delenv("SKOLEBOT_PUBLIC_URL", raising=False)
    out = tmp_path / "teams.zip"
    assert build.main(["--bot-id", BOT_ID, "--public-url", PUBLIC_URL, "--out", str(out), "--version", "3.1.4"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert zipfile.is_zipfile(out)

    assert build.main(["--bot-id", "nope", "--public-url", PUBLIC_URL, "--out", str(tmp_path / "y.zip")]) == 2
    err = capsys.readouterr().err
    assert "--bot-id 'nope'" in err

    monkeypatch.setenv("MICROSOFT_APP_ID", OTHER_BOT_ID)
    monkeypatch.setenv("SKOLEBOT_PUBLIC_URL", "https://env.example.no")
    assert build.main(["--out", str(tmp_path / "env.zip")]) == 0
    with zipfile.ZipFile(tmp_path / "env.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["bots"][0]["botId"] == OTHER_BOT_ID and manifest["validDomains"] == ["env.example.no"]
