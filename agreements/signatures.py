"""The signature blocks and the line above them: who signs for each party, in what capacity,
whether it seals, and where and when it signs (together, or each party apart)."""

from __future__ import annotations

from .document import Signatory, SignatureLine
from .formatting import Formatter
from .kinds import N_
from .labels import Labels
from .model import Party, Spec

CAPACITY = {  # Party.signs_as -> the label of the signatory line
    "either": N_("Authorised signatory"),
    "legal-representative": N_("Legal representative"),
    "authorised": N_("Authorised representative"),
}


def signing_line(spec: Spec, labels: dict[str, Labels]) -> dict[str, str]:
    """ "Signed at Suzhou on 12 October 2027", or, when parties sign apart, where to find each date."""
    result = {}
    for language in spec.languages:
        get = labels[language].get
        if spec.signs_apart:
            result[language] = get(
                "Signed by each Party separately, on the date and at the place in its block"
            )
        else:
            date = Formatter(language).date(spec.signing.date)
            result[language] = get(
                "Signed at {place} on {date}", place=spec.signing.place[language], date=date
            )
    return result


def signatory(spec: Spec, party: Party, labels: dict[str, Labels]) -> Signatory:
    """One party's block: name, signatory, signature, seal (if it seals), place and date."""
    role = party.role
    person = party.representative

    def line(field: str, label: str, value=lambda get, language: "") -> SignatureLine:
        text = {}
        for language in spec.languages:
            get = labels[language].get
            text[language] = get("{label}: {value}", label=get(label), value=value(get, language)).rstrip()
        return SignatureLine(field, text, Signatory.mark_key(role, field))

    lines = [
        line("party", f"Party {role}", lambda get, language: party.name[language]),
        line(
            "signatory",
            CAPACITY[party.signs_as],
            lambda get, language: get(
                "{name}, {title}", name=person.name[language], title=person.title[language]
            ),
        ),
        line("signature", "Signature"),
    ]
    if party.seals:
        lines.append(line("seal", "Seal", lambda get, language: get("(official seal)")))
    if spec.signs_apart:
        own = party.signing
        place = own.place if own else spec.signing.place
        date = own.date if own else spec.signing.date
        lines.append(line("place", "Place of signing", lambda get, language: place[language]))
        if date is not None:
            lines.append(line("signed-on", "Date", lambda get, language: Formatter(language).date(date)))
            return Signatory(role, tuple(lines))
    lines.append(line("date", "Date"))
    return Signatory(role, tuple(lines))
