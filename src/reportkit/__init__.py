"""reportkit: compiles a bilingual policy report from content/ into PDF, DOCX and HTML."""

from .pipeline.build import build
from .project import Project
from .errors import ReportError

__all__ = ["Project", "ReportError", "build"]
__version__ = "0.1.0"
