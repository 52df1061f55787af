"""Find every `_("...")` and `N_("...")` call in the package source."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def iter_translation_calls(root: Path = PACKAGE_ROOT):
    """Yield (path, lineno, first_argument_node) for each translation call."""
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_", "N_"}
                and node.args
            ):
                yield path, node.lineno, node.args[0]


def iter_context_calls(root: Path = PACKAGE_ROOT):
    """Yield (path, lineno, context_node, msgid_node) for each `pgettext(context, msgid)` call."""
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "pgettext":
                if len(node.args) >= 2:
                    yield path, node.lineno, node.args[0], node.args[1]


def iter_plural_calls(root: Path = PACKAGE_ROOT):
    """Yield (path, lineno, singular_node, plural_node) for each `ngettext(singular, plural, n)`."""
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "ngettext":
                if len(node.args) >= 3:
                    yield path, node.lineno, node.args[0], node.args[1]


def extract_plural_ids(root: Path = PACKAGE_ROOT) -> dict[str, str]:
    """singular id -> English plural, for every `ngettext` call with literal ids."""
    ids: dict[str, str] = {}
    for _path, _line, singular, plural in iter_plural_calls(root):
        if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in (singular, plural)):
            ids[singular.value] = plural.value
    return ids


def extract_message_ids(root: Path = PACKAGE_ROOT) -> set[str]:
    ids: set[str] = set()
    for _path, _line, arg in iter_translation_calls(root):
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            ids.add(arg.value)
    for _path, _line, context, msgid in iter_context_calls(root):
        if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in (context, msgid)):
            ids.add(f"{context.value}\x04{msgid.value}")
    ids.update(extract_plural_ids(root))
    return ids
