"""Translations of netclust's human-readable text (gettext catalogues compiled by Babel).

Every sentence the report, the findings and the CLI show is written in English in the
code, marked with :func:`gettext` (imported as ``_``) or :func:`ngettext`, and
translated from the message catalogue ``netclust/locale/<lang>/LC_MESSAGES/netclust.po``
(compiled to ``netclust.mo``, shipped as package data). Templates use jinja2's
``i18n`` extension (``{% trans %}`` blocks and ``_()``), bound to the same functions.

The current language is a context variable: :func:`language` sets it for a block
(the report renders inside ``with language("zh"):``), :func:`set_language` for the
process (the CLI's ``--lang``). English is the source language and needs no catalogue.

How to update the catalogues (see CONTRIBUTING.md)::

    pybabel extract -F babel.cfg -o netclust/locale/netclust.pot netclust
    pybabel update -i netclust/locale/netclust.pot -d netclust/locale -D netclust
    # translate the new or fuzzy entries in netclust/locale/zh/LC_MESSAGES/netclust.po
    pybabel compile -d netclust/locale -D netclust
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext as _gettext
import os
from pathlib import Path

__all__ = ["LANGUAGES", "DOMAIN", "LOCALE_DIR", "translation", "gettext", "ngettext", "N_",
           "language", "set_language", "current_language", "default_language", "html_lang",
           "normalise", "VALUE_WORDS"]

#: Languages with a catalogue (``en`` is the source language).
LANGUAGES = ("en", "zh")
#: gettext domain of the catalogues.
DOMAIN = "netclust"
#: Folder of the catalogues (``<lang>/LC_MESSAGES/netclust.mo``).
LOCALE_DIR = Path(__file__).parent / "locale"

_HTML_LANG = {"en": "en", "zh": "zh-CN"}
_CURRENT: contextvars.ContextVar = contextvars.ContextVar("netclust_language", default=None)


def normalise(lang: str | None) -> str | None:
    """A language tag reduced to a supported language, or None when it is not supported.

    Examples
    --------
    >>> from netclust.i18n import normalise
    >>> normalise("zh_CN.UTF-8"), normalise("zh-Hans"), normalise("en_GB"), normalise("fr")
    ('zh', 'zh', 'en', None)
    """
    if not lang:
        return None
    base = str(lang).strip().split(".")[0].replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


def default_language() -> str:
    """The language when none is given: ``NETCLUST_LANG``, then ``LC_ALL``/``LC_MESSAGES``/``LANG``, else ``en``.

    Examples
    --------
    >>> from netclust.i18n import default_language
    >>> default_language() in ("en", "zh")
    True
    """
    for var in ("NETCLUST_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value and value not in ("C", "POSIX"):
            return normalise(value) or "en"
    return "en"


@functools.lru_cache(maxsize=None)
def translation(lang: str | None = None) -> _gettext.NullTranslations:
    """The gettext translations of ``lang`` (NullTranslations for English).

    Parameters
    ----------
    lang : str, optional
        ``"en"`` or ``"zh"`` (or a locale tag such as ``zh_CN.UTF-8``).

    Returns
    -------
    gettext.NullTranslations
        With ``gettext``/``ngettext`` methods.

    Raises
    ------
    InputError
        For a language netclust has no catalogue for.

    Examples
    --------
    >>> from netclust.i18n import translation
    >>> translation("zh").gettext("Overview"), translation("en").gettext("Overview")
    ('概况', 'Overview')
    """
    code = normalise(lang) if lang else "en"
    if code is None:
        from netclust.errors import InputError

        raise InputError(f"language {lang!r} is not supported (use one of: {', '.join(LANGUAGES)})")
    if code == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[code])


def current_language() -> str:
    """The language in force (set by :func:`language` or :func:`set_language`; else ``en``).

    Examples
    --------
    >>> from netclust.i18n import current_language, language
    >>> with language("zh"):
    ...     current_language()
    'zh'
    """
    return _CURRENT.get() or "en"


def html_lang(lang: str | None = None) -> str:
    """The HTML ``lang`` attribute of a language (``zh`` → ``zh-CN``).

    Examples
    --------
    >>> from netclust.i18n import html_lang
    >>> html_lang("zh"), html_lang("en")
    ('zh-CN', 'en')
    """
    return _HTML_LANG[normalise(lang or current_language()) or "en"]


def set_language(lang: str | None) -> str:
    """Set the language of this process (context) and return it (None: the default).

    Examples
    --------
    >>> from netclust.i18n import set_language
    >>> set_language("en")
    'en'
    """
    code = normalise(lang) if lang else default_language()
    translation(code or lang)  # raises for an unsupported language
    _CURRENT.set(code)
    return code


@contextlib.contextmanager
def language(lang: str | None):
    """Translate into ``lang`` inside a ``with`` block (None keeps the language in force).

    Examples
    --------
    >>> from netclust.i18n import language, gettext as _
    >>> with language("zh"):
    ...     _("Key findings")
    '主要发现'
    """
    if lang is None:
        yield current_language()
        return
    code = normalise(lang)
    translation(code or lang)
    token = _CURRENT.set(code)
    try:
        yield code
    finally:
        _CURRENT.reset(token)


def gettext(message: str) -> str:
    """``message`` translated into the current language.

    Examples
    --------
    >>> from netclust.i18n import gettext as _, language
    >>> with language("zh"):
    ...     _("firms")
    '企业'
    """
    return translation(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Singular or plural form of a message, translated into the current language.

    Examples
    --------
    >>> from netclust.i18n import ngettext
    >>> ngettext("%(n)s firm", "%(n)s firms", 2) % {"n": 2}
    '2 firms'
    """
    return translation(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now (translate it where shown).

    Examples
    --------
    >>> from netclust.i18n import N_
    >>> N_("Overview")
    'Overview'
    """
    return message


#: Words translated where shown from data values (severities, channel directions).
VALUE_WORDS = (N_("error"), N_("warning"), N_("info"), N_("forward"), N_("reverse"), N_("new"))
