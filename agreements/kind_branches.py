"""Clause text that branches on the kind names every kind; a kind no branch names is an error.

A chain `{% if spec.kind == '...' %} ... {% elif spec.kind == '...' %} ...` that has an `{% else %}`
must end with `{% else %}{{ unknown_kind() }}{% endif %}` and name every registered kind: a bare
`{% else %}` would silently give a new kind the wording of another. A chain without an `{% else %}`
is text only for the kinds it names (e.g. one more sentence for order-based training).
`agreements lint` checks this; unknown_kind() fails the build should a kind still reach it.
"""

from __future__ import annotations

import jinja2
from jinja2 import nodes

from .errors import Problem, display_path
from .kinds import KINDS

HOW = "{% else %}{{ unknown_kind() }}{% endif %}"


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
                for line, message in _chain_problems(tree):
                    problems.append(
                        Problem(
                            display_path(clause.path), first + line, 1, f"in the {language} {part}: {message}"
                        )
                    )
    return problems


def _chain_problems(tree: nodes.Template):
    elifs: set[int] = set()
    for head in tree.find_all(nodes.If):  # a chain's head comes before its elifs
        if id(head) in elifs:
            continue
        elifs.update(id(branch) for branch in head.elif_)
        named = [_kinds_named(branch.test) for branch in (head, *head.elif_)]
        if named[0] is None:
            continue  # not a branch on the kind
        kinds = set().union(*(n for n in named if n))
        for kind in sorted(kinds - set(KINDS)):
            yield head.lineno, f"the kind branches name {kind!r}, which is not a kind"
        if not head.else_:
            continue
        if not _calls_unknown_kind(head.else_):
            yield (
                head.lineno,
                (
                    "the kind branches end with a bare {% else %}, which gives every "
                    "other kind this wording; name its kind with {% elif spec.kind == "
                    f"'...' %}} and end with {HOW}"
                ),
            )
        elif missing := [kind for kind in KINDS if kind not in kinds]:
            yield (
                head.lineno,
                (
                    f"the kind branches name no wording for {', '.join(missing)}; add "
                    f"{{% elif spec.kind == '{missing[0]}' %}} before {HOW}"
                ),
            )


def _kinds_named(test: nodes.Node) -> set[str] | None:
    """The kinds `spec.kind == 'x'` or `spec.kind in ('x', 'y')` names; None for other tests."""
    if not (isinstance(test, nodes.Compare) and len(test.ops) == 1 and _is_spec_kind(test.expr)):
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


def _is_spec_kind(expr: nodes.Node) -> bool:
    return (
        isinstance(expr, nodes.Getattr)
        and expr.attr == "kind"
        and isinstance(expr.node, nodes.Name)
        and expr.node.name == "spec"
    )


def _calls_unknown_kind(body: list[nodes.Node]) -> bool:
    return any(
        isinstance(call.node, nodes.Name) and call.node.name == "unknown_kind"
        for node in body
        for call in node.find_all(nodes.Call)
    )
