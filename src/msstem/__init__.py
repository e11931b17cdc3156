"""msstem: stem cell therapies for multiple sclerosis, explained side by side with references.

Library use::

    from msstem import load_knowledge_base
    kb = load_knowledge_base()          # the knowledge base shipped with msstem
    kb.therapy("hsct").summary.text     # ids and aliases, any case

Importing msstem does no work: the names below are loaded on first use, and YAML is read only
when load_knowledge_base() is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msstem.version import __version__

_EXPORTS = {
    "KnowledgeBaseError": "kb.errors",
    "Problem": "kb.errors",
    "default_path": "kb.paths",
    "load_knowledge_base": "kb.load",
    "Claim": "kb.model",
    "KnowledgeBase": "kb.model",
    "Reference": "kb.model",
    "Term": "kb.model",
    "Therapy": "kb.model",
    "Trial": "kb.model",
}

__all__ = [  # noqa: RUF022 (grouped as in _EXPORTS)
    "__version__",
    "KnowledgeBaseError",
    "Problem",
    "default_path",
    "load_knowledge_base",
    "Claim",
    "KnowledgeBase",
    "Reference",
    "Term",
    "Therapy",
    "Trial",
]

if TYPE_CHECKING:
    from msstem.kb.errors import KnowledgeBaseError, Problem
    from msstem.kb.load import load_knowledge_base
    from msstem.kb.model import Claim, KnowledgeBase, Reference, Term, Therapy, Trial
    from msstem.kb.paths import default_path


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'msstem' has no attribute {name!r}")
