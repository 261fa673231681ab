"""Assumptions → test cards → learning cards (Strategyzer's *Testing Business Ideas*) on
canvas items, worth-it verdicts and funnel rates: the cards in :mod:`.cards`, their form in
:mod:`.forms`, their words in :mod:`.words`."""

from components.experiments.cards import (
    DECISIONS,
    STATUSES,
    Card,
    Subject,
    cards,
    experiments_csv,
    observed_rate,
    status,
    subjects,
    supported,
)

__all__ = ["DECISIONS", "STATUSES", "Card", "Subject", "cards", "experiments_csv",
           "observed_rate", "status", "subjects", "supported"]
