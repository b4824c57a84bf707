"""Clause text that branches on the kind names every kind; a kind no branch names is an error.

A chain `{% if spec.kind == '...' %} ... {% elif spec.kind == '...' %} ...` that has an `{% else %}`
must end with `{% else %}{{ unknown_kind() }}{% endif %}` and name every registered kind: a bare
`{% else %}` would silently give a new kind the wording of another. A chain without an `{% else %}`
is text only for the kinds it names (e.g. one more sentence for order-based training).
`agreements lint` checks this; unknown_kind() fails the build should a kind still reach it.
Chains on `spec.document` follow the same rule with `{{ unknown_document() }}`.
"""

from __future__ import annotations

import jinja2
from jinja2 import nodes

from .documents import DOCUMENTS
from .errors import Problem, display_path
from .kinds import KINDS

# (the spec attribute a chain branches on, its registry, the call that ends a complete chain)
AXES = (("kind", KINDS, "unknown_kind"), ("document", DOCUMENTS, "unknown_document"))


@jinja2.pass_context
def unknown_kind(context) -> str:
    """For the `{% else %}` of a kind branch: this clause has no wording for the spec's kind."""
    kind = context["spec"].kind
    raise jinja2.TemplateRuntimeError(
        f"this clause has no wording for kind {kind!r}; add an {{% elif spec.kind == '{kind}' %}} branch"
    )


@jinja2.pass_context
def unknown_document(context) -> str:
    """For the `{% else %}` of a branch on `spec.document`: no wording for this document type."""
    document = context["spec"].document
    raise jinja2.TemplateRuntimeError(
        f"this clause has no wording for document {document!r}; "
        f"add an {{% elif spec.document == '{document}' %}} branch"
    )


def lint(clauses, environment: jinja2.Environment) -> list[Problem]:
    """Kind branches with a bare `{% else %}`, or ending in unknown_kind() without every kind."""
    problems = []
    for clause in clauses:
        for language, text in clause.texts.items():
            for part in ("title", "text"):
                try:
                    tree = environment.parse(getattr(text, part))
                except jinja2.TemplateSyntaxError:
                    continue  # reported by the lint's syntax check
                first = text.line if part == "text" else text.line - 1  # file line of line 0
                found = [p for axis in AXES for p in _chain_problems(tree, *axis)]
                for line, message in found:
                    problems.append(
                        Problem(
                            display_path(clause.path), first + line, 1, f"in the {language} {part}: {message}"
                        )
                    )
    return problems


def _chain_problems(tree: nodes.Template, attr: str, registry: dict, fallback: str):
    how = f"{{% else %}}{{{{ {fallback}() }}}}{{% endif %}}"
    elifs: set[int] = set()
    for head in tree.find_all(nodes.If):  # a chain's head comes before its elifs
        if id(head) in elifs:
            continue
        elifs.update(id(branch) for branch in head.elif_)
        named = [_values_named(branch.test, attr) for branch in (head, *head.elif_)]
        if named[0] is None:
            continue  # not a branch on this attribute
        values = set().union(*(n for n in named if n))
        for value in sorted(values - set(registry)):
            yield head.lineno, f"the {attr} branches name {value!r}, which is not a {attr}"
        if not head.else_:
            continue
        if not _calls(head.else_, fallback):
            yield (
                head.lineno,
                (
                    f"the {attr} branches end with a bare {{% else %}}, which gives every "
                    f"other {attr} this wording; name its {attr} with {{% elif spec.{attr} == "
                    f"'...' %}} and end with {how}"
                ),
            )
        elif missing := [value for value in registry if value not in values]:
            yield (
                head.lineno,
                (
                    f"the {attr} branches name no wording for {', '.join(missing)}; add "
                    f"{{% elif spec.{attr} == '{missing[0]}' %}} before {how}"
                ),
            )


def _values_named(test: nodes.Node, attr: str) -> set[str] | None:
    """The values `spec.<attr> == 'x'` or `spec.<attr> in ('x', 'y')` names; None for other tests."""
    if not (isinstance(test, nodes.Compare) and len(test.ops) == 1 and _is_spec_attr(test.expr, attr)):
        return None
    op = test.ops[0]
    if op.op == "eq" and isinstance(op.expr, nodes.Const):
        return {op.expr.value}
    if (
        op.op == "in"
        and isinstance(op.expr, (nodes.Tuple, nodes.List))
        and all(isinstance(item, nodes.Const) for item in op.expr.items)
    ):
        return {item.value for item in op.expr.items}
    return None


def _is_spec_attr(expr: nodes.Node, attr: str) -> bool:
    return (
        isinstance(expr, nodes.Getattr)
        and expr.attr == attr
        and isinstance(expr.node, nodes.Name)
        and expr.node.name == "spec"
    )


def _calls(body: list[nodes.Node], name: str) -> bool:
    return any(
        isinstance(call.node, nodes.Name) and call.node.name == name
        for node in body
        for call in node.find_all(nodes.Call)
    )
