"""LaTeX: \\cite keys against a .bib file (\\bibliography, \\addbibresource) or a thebibliography list."""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from ..model import Citation, Location, Manuscript, Reference, TitleOccurrence
from . import reference_fields
from .files import ReadError

CITE = re.compile(r"\\[a-zA-Z]*cite[a-zA-Z]*\*?(?:\s*\[[^\]]*\]){0,2}\s*\{([^}]*)\}")
BIBITEM = re.compile(r"\\bibitem\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}")
BIB_FILES = re.compile(r"\\(?:bibliography|addbibresource)\s*\{([^}]*)\}")


def _uncomment(text: str) -> str:
    return "\n".join(re.sub(r"(?<!\\)%.*", "", line) for line in text.splitlines())


def _plain(text: str) -> str:
    text = re.sub(r"\\(?:emph|textit|textbf|textsc|url|href)\s*\{([^}]*)\}", r"\1", text)
    text = re.sub(r"\\newblock|\\\\|~", " ", text)
    return " ".join(text.replace("{", "").replace("}", "").split())


def read(text: str, path: Path, outside_allowed: bool = False) -> Manuscript:
    """`outside_allowed`: read a .bib outside the manuscript's folder tree (../x, /abs/x), which a
    manuscript from a stranger must not choose (limits.bibliography-outside-folder)."""
    source = _uncomment(text)
    starts = [0] + [m.end() for m in re.finditer("\n", source)]
    line_at = lambda offset: bisect.bisect_right(starts, offset)  # noqa: E731
    references = _bibliography(source, path, line_at, outside_allowed)
    by_key = {r.key: r for r in references}
    citations = []
    for match in CITE.finditer(source):
        keys = tuple(k.strip() for k in match.group(1).split(",") if k.strip())
        numbers = tuple(by_key[k].position for k in keys if k in by_key)
        citations.append(
            Citation(
                numbers,
                match.group(0),
                Location(line=line_at(match.start()), column=None),
                keys,
                tuple(k for k in keys if k not in by_key),
            )
        )
    title = re.search(r"\\title\s*\{([^}]*)\}", source)
    titles = (TitleOccurrence(_plain(title.group(1)), "title", Location(line=line_at(title.start()))),) if title else ()
    return Manuscript(
        path=str(path), format="latex", titles=titles, citations=tuple(citations), references=tuple(references)
    )


def _bibliography(source: str, path: Path, line_at, outside_allowed: bool = False) -> list[Reference]:
    environment = re.search(r"\\begin\{thebibliography\}(.*?)\\end\{thebibliography\}", source, re.S)
    if environment:
        items = list(BIBITEM.finditer(environment.group(1)))
        references: list[Reference] = []
        for position, item in enumerate(items, 1):
            following = items[position] if position < len(items) else None  # an empty list has no last item
            end = following.start() if following else len(environment.group(1))
            raw = _plain(environment.group(1)[item.end() : end])
            location = Location(line=line_at(environment.start(1) + item.start()), reference=position)
            references.append(
                Reference(position, raw, None, location, reference_fields.parse(raw), key=item.group(1).strip())
            )
        return references
    files = [name.strip() for m in BIB_FILES.finditer(source) for name in m.group(1).split(",") if name.strip()]
    references = []
    for name in files:
        bib = path.parent / (name if name.endswith(".bib") else f"{name}.bib")
        if not outside_allowed and not _inside(bib, path.parent):
            raise ReadError(
                f"its bibliography {name!r} lies outside the manuscript's folder: not read "
                "(limits.bibliography-outside-folder = true allows it)"
            )
        from ..escape import inert
        from ..limits import LimitError, Limits, check_file
        from . import reflists
        from .files import decode

        try:
            check_file(bib, Limits())
        except LimitError as error:
            shown = inert(bib.name)[:80]
            if str(error) == "no such file":
                raise ReadError(f"its bibliography {shown} does not exist beside it") from None
            raise ReadError(f"its bibliography {shown}: {error}") from None

        for reference in reflists.bibtex(decode(bib), str(bib)).references:
            references.append(
                Reference(
                    len(references) + 1,
                    reference.raw,
                    None,
                    Location(line=reference.location.line, reference=len(references) + 1),
                    reference.fields,
                    key=reference.key,
                )
            )
    return references


def _inside(file: Path, folder: Path) -> bool:
    """Whether file, symlinks and '..' resolved, lies in folder's tree."""
    try:
        return file.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return False
