"""The facilitator's remembered choices: interface language and how right-to-left text is
shown. Kept in `settings.json` in the data directory, next to the committees, so a field
laptop's setup travels with its data.

Reading never fails: a missing, unreadable or hand-mangled file gives the defaults (and a
value that is not one of the choices is ignored). Writing is atomic; a failure is returned as
a message for the screen, never raised.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from msgspec import Struct
from msgspec.structs import asdict

from meeting_tui.i18n import LANGUAGES, _

ENV_HOME = "MEETING_TUI_HOME"
FILE_NAME = "settings.json"
DISPLAY_MODES = ("terminal", "reorder")


class Settings(Struct, frozen=True):
    language: str | None = None  # None: follow --lang, then LANG / LC_*
    display: str | None = None  # None: the default mode (rtl.DEFAULT_MODE)
    import_folder: str | None = None  # the folder a file was last imported from


def default_data_dir(cli_value: str | None = None) -> Path:
    """The data directory: --data-dir, else $MEETING_TUI_HOME, else ./sessions."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return Path("sessions")


def settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def load_settings(data_dir: Path) -> Settings:
    try:
        data = json.loads(settings_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    language = data.get("language")
    display = data.get("display")
    folder = data.get("import_folder")
    return Settings(
        language=language if language in LANGUAGES else None,
        display=display if display in DISPLAY_MODES else None,
        import_folder=folder if isinstance(folder, str) and folder else None,
    )


def save_settings(data_dir: Path, settings: Settings) -> str | None:
    """Write the settings; None when saved, else what went wrong (for a notification)."""
    from meeting_tui.store.atomic import atomic_write_text

    path = settings_path(data_dir)
    try:
        data = asdict(settings)
        if data.get("import_folder") is None:  # written only once there is one
            data.pop("import_folder")
        atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OSError as error:
        return _("The setting applies now but could not be remembered ({path}: {error}).", path=path, error=error.strerror or error)
    return None
