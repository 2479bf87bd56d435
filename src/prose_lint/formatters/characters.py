"""``--characters``: the character registry of each story, as text or JSON."""

from __future__ import annotations

import json

FORMAT_VERSION = 1


def render_text(stories: list[dict]) -> str:
    lines = []
    for story in stories:
        header = ", ".join(story["files"])
        if story["cast"]:
            header += f" (cast: {story['cast']})"
        lines.append(header)
        for character in story["characters"]:
            mentions = sum(character["mentions"].values())
            pronouns = ", ".join(f"{name} {count}" for name, count in character["pronouns"].items()) or "no pronouns"
            declared = f"; declared {character['declared_pronouns']}" if character["declared_pronouns"] else ""
            aliases = f" aka {', '.join(character['aliases'])}" if character["aliases"] else ""
            unnamed = f" (unnamed, {character['role_gender']} by its noun)" if character["unnamed"] else ""
            lines.append(f"  {character['name']}{unnamed}{aliases}: {mentions} mentions; {pronouns}{declared}")
        lines.append("")
    return "\n".join(lines)


def render_json(stories: list[dict]) -> str:
    return json.dumps({"version": FORMAT_VERSION, "stories": stories}, ensure_ascii=False, indent=2) + "\n"
