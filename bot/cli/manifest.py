"""`pillar manifest --url https://…`: the Slack app manifest for a public URL."""

import argparse
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

PLACEHOLDER = "https://pillar.example.com"


def manifest_for(url: str) -> str:
    """The manifest with every request URL pointing at ``url``."""
    template = files("bot").joinpath("manifest.yml").read_text(encoding="utf-8")
    return template.replace(PLACEHOLDER, url.rstrip("/"))


def _public_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a public https URL; give one like https://pillar.example.org"
        )
    return value


def register(commands: "argparse._SubParsersAction[Any]") -> None:
    parser = commands.add_parser("manifest", help="print the Slack app manifest for your URL")
    parser.add_argument(
        "--url", required=True, type=_public_url, help="the bot's public https base URL"
    )
    parser.set_defaults(handler=_print)


def _print(arguments: argparse.Namespace) -> int:
    print(manifest_for(arguments.url), end="")
    return 0
