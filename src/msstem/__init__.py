"""msstem: stem cell therapies for multiple sclerosis, explained side by side with references.

Library use::

    from msstem import load_knowledge_base
    kb = load_knowledge_base()          # the knowledge base shipped with msstem
    kb.therapy("hsct").summary.text     # ids and aliases, any case

Importing msstem does no work: YAML is read only when load_knowledge_base() is called.
"""

from .errors import KnowledgeBaseError, Problem
from .loading import default_path, load_knowledge_base
from .model import Claim, KnowledgeBase, Reference, Term, Therapy, Trial

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Problem",
    "Reference",
    "Term",
    "Therapy",
    "Trial",
    "__version__",
    "default_path",
    "load_knowledge_base",
]
