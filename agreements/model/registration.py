"""Registration identifiers of the parties: the Chinese unified social credit code (GB 32100-2015).

The code has 18 characters: the registration authority (1), the kind of entity (1), the
administrative division (6), the organisation code (9, GB 11714) and a check character, all from
the 31-character set below (no I, O, S, V, Z). The check character makes the weighted sum of all
18 characters a multiple of 31.
"""

from __future__ import annotations

CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# First character: the authority that registered the entity (GB 32100-2015, table 1).
AUTHORITIES = {
    "1": "institutional staffing (public institutions, government bodies)",
    "5": "civil affairs (private schools, social organisations)",
    "9": "industry and commerce (enterprises)",
}
# The authorities a party of each type is normally registered by.
AUTHORITIES_BY_TYPE = {
    "university": "15",
    "vocational-college": "15",
    "training-centre": "159",
    "enterprise": "9",
    "government-body": "1",
}


def check_character(first17: str) -> str:
    """The check character of the first 17 characters of a code (all from CHARACTERS)."""
    total = sum(CHARACTERS.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARACTERS[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a unified social credit code, or None when it is one."""
    if len(code) != 18:
        return f"'{code}' has {len(code)} characters; a unified social credit code has 18"
    wrong = [char for char in code if char not in CHARACTERS]
    if wrong:
        return (
            f"'{code}' contains {wrong[0]!r}; a unified social credit code uses digits and the "
            "capital letters A-Y without I, O, S, V and Z"
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        return (
            f"'{code}' fails the check of GB 32100-2015: its last character should be {expected!r}, "
            f"not {code[17]!r}; check the code against the business licence or registration certificate"
        )
    return None


def authority_problem(code: str, party_type: str) -> str | None:
    """Why the registration authority of `code` does not fit a party of `party_type`, or None."""
    allowed = AUTHORITIES_BY_TYPE[party_type]
    if code[0] in allowed:
        return None
    registered = AUTHORITIES.get(code[0], f"authority {code[0]!r}")
    return (
        f"'{code}' was issued by {registered}, which does not register parties of type {party_type}; "
        f"their code starts with {' or '.join(allowed)}: check the code or the party's `type`"
    )
