"""msstem's version, in one place: the package, the cache and JSON output read it; hatch builds from it."""

__version__ = "0.1.0"
