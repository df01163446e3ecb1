"""A custom import-linter contract: a package's private modules are private to that package.

``[tool.importlinter]`` in pyproject.toml registers it as ``package_private``. For each package matched
by ``containers`` (e.g. ``yuqing.*``), a module with a private component below the package
(``yuqing.analyses._coord._persist``, ``yuqing.nlp.sentiment._posts``) may be imported only by modules
inside that package; other packages import what it exports from its ``__init__``. Imports inside
functions count (grimp sees them all).

import-linter's own ``private_modules`` contract is stricter (a private module only from within its
*parent* package, so ``yuqing.analyses.coordination`` could not import ``yuqing.analyses._coord._signals``).
"""

from __future__ import annotations

from typing import Any

import grimp
from importlinter import Contract, ContractCheck, fields, output
from importlinter.domain import helpers


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def illegal_imports(graph: grimp.ImportGraph, container: str) -> list[tuple[str, str, tuple[int, ...]]]:
    """(importer, imported, line numbers) of the imports of ``container``'s private modules from outside it."""
    prefix = container + "."
    out = []
    for module in sorted(graph.find_descendants(container)):
        if not any(_private(part) for part in module[len(prefix):].split(".")):
            continue
        for importer in sorted(graph.find_modules_that_directly_import(module)):
            if importer != container and not importer.startswith(prefix):
                details = graph.get_import_details(importer=importer, imported=module)
                out.append((importer, module, tuple(d["line_number"] for d in details)))
    return out


class PackagePrivateContract(Contract):
    """Private modules of each package in ``containers`` are imported only from within that package."""

    type_name = "package_private"

    containers = fields.SetField(subfield=fields.ModuleExpressionField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        packages: set[str] = set()
        for expression in self.containers:  # type: ignore[attr-defined]
            matched = helpers.module_expression_to_modules(graph, expression, raise_if_unmatched=True)
            packages |= {m.name for m in matched}
        links: list[dict[str, Any]] = []
        for package in sorted(packages):
            if any(_private(part) for part in package.split(".")):
                raise ValueError(f"package_private: container {package!r} is itself private")
            links += [{"importer": a, "imported": b, "line_numbers": n} for a, b, n in illegal_imports(graph, package)]
        return ContractCheck(kept=not links, metadata={"illegal_imports": links})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Private modules imported from outside their package:", bold=False)
        output.new_line()
        for link in check.metadata["illegal_imports"]:
            lines = ", ".join(map(str, link["line_numbers"]))
            output.print_error(f"- {link['importer']} -> {link['imported']} (l.{lines})", bold=False)
            output.new_line()
        output.print_error("Import the name from the package instead (add it to the package's __all__).", bold=False)
